"""Realigner.apply and the constrained re-alignment: pins always kept, links outside the span never touched."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader_app.core.aligner import align_paragraphs
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import Cancelled
from reader_app.core.editing import (
    Confirm,
    Edit,
    EditError,
    LinkStatus,
    LinkThese,
    Merge,
    NoCounterpart,
    NotAnOmission,
    Pin,
    PinError,
    Pinned,
    Realigner,
    Release,
    Split,
    Unlink,
)
from tests.unit.core.editing import bitext
from tests.unit.core.editing.test_edits import check_result, keys

REALIGNER = Realigner(bitext.ZH, bitext.EN)
N = len(bitext.ZH)


def perturbed() -> Alignment:
    """A tier-2-like alignment that differs from tier 1's: two links merged, one pair unlinked, confidences."""
    links = [Link((0,), (0,), 0.8), Link((1, 2), (1, 2), 0.7)]
    links += [Link((i,), (i,), 0.95) for i in range(3, 6)]
    links += [Link((6,), (), 0.5), Link((), (6,), 0.5)]
    links += [Link((i,), (i,), 0.9) for i in range(7, 12)]
    return Alignment(tuple(links), tier=2)


def test_apply_without_pins_changes_nothing() -> None:
    alignment = perturbed()
    assert REALIGNER.apply(alignment, []).alignment.links == alignment.links


def test_pins_survive_apply_on_a_different_alignment() -> None:
    pins = [Pin((2,), (2,)), Pin((6,), (6,), LinkStatus.CONFIRMED)]
    tier1 = REALIGNER.apply(align_paragraphs(bitext.ZH, bitext.EN), pins)
    other = REALIGNER.apply(perturbed(), tier1.pins)
    assert other.pins == tier1.pins == tuple(pins)
    links = keys(other.alignment)
    assert ((2,), (2,)) in links and ((6,), (6,)) in links
    # The merged [1,2]:[1,2] that pin 2:2 cuts through is re-aligned as the text says; elsewhere tier 2's links
    # are kept as they were (confidences too).
    assert links[:4] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert other.alignment.links[-5:] == perturbed().links[-5:]


def test_apply_without_growing_re_aligns_between_the_nearest_compatible_links_only() -> None:
    result = REALIGNER.apply(bitext.shifted(), [Pin((5,), (5,))], grow=False)
    # Old links [5]:[] [6]:[5] are cut by the pin; the nearest boundaries no pin cuts are before 5 and after en 5:
    # inside, Chinese 6 has nothing left but to be one-sided.
    assert keys(result.alignment)[5:9] == [((5,), (5,)), ((6,), ()), ((7,), (6,)), ((), (7,))]


def test_bad_pins_are_refused_by_apply() -> None:
    with pytest.raises(PinError, match="out of range"):
        REALIGNER.apply(perturbed(), [Pin((12,), (0,))])


def test_cancel_stops_an_edit() -> None:
    pinned = Pinned(bitext.shifted(), ())
    with pytest.raises(Cancelled):
        REALIGNER.edit(pinned, LinkThese((5,), (5,)), cancel=lambda: True)


def test_release_of_an_automatic_link_is_an_edit_error() -> None:
    with pytest.raises(EditError):
        REALIGNER.edit(Pinned(bitext.shifted(), ()), Release(0))


@st.composite
def pin_sets(draw: st.DrawFn) -> list[Pin]:
    """Valid pins over the bitext: a random monotone walk, some of whose links (of any width) are pinned."""
    pins: list[Pin] = []
    i = j = 0
    while i < N or j < N:
        a = draw(st.integers(0, min(3, N - i)))
        b = draw(st.integers(0, min(3, N - j)))
        if a == b == 0:
            a, b = (1, 0) if i < N else (0, 1)
        # Some links pinned (up to four two-sided ones), about one one-sided run in four.
        pinned = (len(pins) < 4 and draw(st.booleans())) if a and b else draw(st.integers(0, 3)) == 0
        if pinned:
            pins.append(Pin(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i += a
        j += b
    return pins


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pins=pin_sets(), start=st.sampled_from(["tier1", "shifted", "perturbed"]))
def test_apply_always_validates_and_holds_every_pin(pins: list[Pin], start: str) -> None:
    alignment = {
        "tier1": lambda: align_paragraphs(bitext.ZH, bitext.EN),
        "shifted": bitext.shifted,
        "perturbed": perturbed,
    }[start]()
    result = REALIGNER.apply(alignment, pins)
    result.alignment.validate(N, N)
    links = set(keys(result.alignment))
    for pin in result.pins:
        assert (pin.zh, pin.en) in links
    # One-sided runs are one pin a unit; every unit the reader pinned is in a pin with the same counterpart.
    given_units = {(p.zh, p.en) for p in pins if p.zh and p.en}
    assert given_units <= links
    assert {("zh", i) for p in pins if not p.en for i in p.zh} <= {("zh", i) for z, e in links if not e for i in z}
    assert {("en", j) for p in pins if not p.zh for j in p.en} <= {("en", j) for z, e in links if not z for j in e}
    assert len(result.statuses) == len(result.alignment.links)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zh0=st.integers(0, N - 1),
    zh_width=st.integers(1, 3),
    en_shift=st.integers(-2, 2),
    en_width=st.integers(1, 3),
    start=st.sampled_from(["shifted", "perturbed"]),
)
def test_an_edit_changes_no_link_outside_its_range(
    zh0: int, zh_width: int, en_shift: int, en_width: int, start: str
) -> None:
    zh = tuple(range(zh0, min(N, zh0 + zh_width)))
    en0 = min(max(0, zh0 + en_shift), N - 1)
    en = tuple(range(en0, min(N, en0 + en_width)))
    pinned = REALIGNER.apply(bitext.shifted() if start == "shifted" else perturbed(), [Pin((11,), (11,))])
    result = REALIGNER.edit(pinned, LinkThese(zh, en))
    check_result(pinned, result)
    assert (zh, en) in keys(result.pinned.alignment)


def test_an_alignment_of_another_document_is_refused() -> None:
    other = Pinned(Alignment((Link((0,), (0,)),)), ())
    with pytest.raises(ValueError, match="^the alignment covers 1x1 units, not this document's 12x12$"):
        REALIGNER.edit(other, LinkThese((0,), (0,)))


@st.composite
def edits(draw: st.DrawFn) -> Edit:
    """Any edit, with indices in and slightly out of range (those must be refused, never crash)."""
    link = st.integers(-1, 13)
    unit = st.integers(0, N - 1)
    language = st.sampled_from(["zh", "en"])
    kind = draw(st.sampled_from(["link", "none", "not", "merge", "split", "unlink", "confirm", "release"]))
    if kind == "link":
        z, e = draw(unit), draw(unit)
        return LinkThese(tuple(range(z, min(N, z + draw(st.integers(1, 3))))), tuple(range(e, min(N, e + 2))))
    if kind == "none":
        u = draw(unit)
        return NoCounterpart(draw(language), tuple(range(u, min(N, u + draw(st.integers(1, 2))))))
    if kind == "not":
        return NotAnOmission(draw(language), draw(unit), draw(st.none() | link))
    if kind == "merge":
        return Merge(draw(link), draw(st.booleans()))
    if kind == "split":
        return Split(draw(link), draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    one_link: dict[str, type[Unlink | Confirm | Release]] = {"unlink": Unlink, "confirm": Confirm, "release": Release}
    return one_link[kind](draw(link))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(edits(), min_size=1, max_size=4), start=st.sampled_from(["shifted", "perturbed"]))
def test_any_edits_keep_the_state_valid_and_change_only_their_range(steps: list[Edit], start: str) -> None:
    pinned = REALIGNER.apply(bitext.shifted() if start == "shifted" else perturbed(), [])
    for edit in steps:
        try:
            result = REALIGNER.edit(pinned, edit)
        except EditError as exc:
            assert "\n" not in str(exc) and str(exc)
            continue
        check_result(pinned, result)
        pinned = result.pinned


def test_long_stretches_take_the_banded_path_with_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader_app.core.editing import span

    monkeypatch.setattr(span, "LONG_STRETCH", 4)  # every stretch here: a scorer of its own, banded DP
    result = REALIGNER.edit(Pinned(bitext.shifted(), ()), LinkThese((5,), (5,)))
    assert keys(result.pinned.alignment) == list(bitext.GOLD)
    assert result.changed == (5, 8)
    pinned = REALIGNER.apply(perturbed(), [Pin((2,), (2,)), Pin((9,), ())])
    pinned.alignment.validate(N, N)
    assert ((2,), (2,)) in keys(pinned.alignment) and ((9,), ()) in keys(pinned.alignment)
