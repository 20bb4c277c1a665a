"""Each edit's exact links, on the sample and on a bitext with a known error; impossible edits; the old state kept."""

from __future__ import annotations

import pytest

from reader_app.core.aligner import align_document
from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.core.editing import (
    Confirm,
    Edit,
    EditError,
    EditResult,
    LinkStatus,
    LinkThese,
    Merge,
    NoCounterpart,
    NotAnOmission,
    Pin,
    Pinned,
    Realigner,
    Release,
    Split,
    Unlink,
)
from tests.conftest import SAMPLE
from tests.unit.core.editing import bitext

M, C, A = LinkStatus.MANUAL, LinkStatus.CONFIRMED, LinkStatus.AUTOMATIC
Key = tuple[tuple[int, ...], tuple[int, ...]]


def keys(alignment: Alignment) -> list[Key]:
    return [(link.zh, link.en) for link in alignment.links]


def parse(text: str) -> list[Key]:
    """`[0]:[0] [1]:[]` -> links as index tuples."""
    out = []
    for item in text.split():
        zh, en = item.split(":")
        out.append(
            (
                tuple(int(i) for i in zh.strip("[]").split(",") if i),
                tuple(int(j) for j in en.strip("[]").split(",") if j),
            )
        )
    return out


@pytest.fixture(scope="module")
def sample() -> tuple[Realigner, Pinned]:
    document = load_document(SAMPLE)
    realigner = Realigner(
        document.zh.texts(),
        document.en.texts(),
        zh_kinds=[p.kind.value for p in document.zh.paragraphs],
        en_kinds=[p.kind.value for p in document.en.paragraphs],
    )
    return realigner, realigner.apply(align_document(document, tier=1), [])


SAMPLE_LINKS = "[0]:[0] [1]:[] [2]:[1] [3]:[2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]"


def check_result(old: Pinned, result: EditResult) -> None:
    """The new state is valid; outside `changed` its links and statuses are the old ones, at both edges of it
    they differ (the range is no wider than what changed)."""
    new = result.pinned
    n_zh = sum(len(link.zh) for link in old.alignment.links)
    n_en = sum(len(link.en) for link in old.alignment.links)
    new.alignment.validate(n_zh, n_en)
    first, last = result.changed
    old_links, new_links = old.alignment.links, new.alignment.links
    tail = len(new_links) - last
    assert new_links[:first] == old_links[:first]
    assert new.statuses[:first] == old.statuses[:first]
    assert new_links[last:] == old_links[len(old_links) - tail :]
    assert new.statuses[last:] == old.statuses[len(old_links) - tail :]
    if first < last:
        assert (new_links[first], new.statuses[first]) != (old_links[first], old.statuses[first])
        old_last = len(old_links) - tail - 1
        assert (new_links[last - 1], new.statuses[last - 1]) != (old_links[old_last], old.statuses[old_last])
    for pin in new.pins:  # every pin is a link, with the reader's confidence
        k = new.alignment.zh_link[pin.zh[0]] if pin.zh else new.alignment.en_link[pin.en[0]]
        assert (new_links[k].zh, new_links[k].en, new_links[k].confidence) == (pin.zh, pin.en, 1.0)


@pytest.mark.parametrize(
    ("edit", "links", "statuses", "changed"),
    [
        (
            LinkThese((4,), (4,)),
            "[0]:[0] [1]:[] [2]:[1] [3]:[2] []:[3] [4]:[4] [5]:[5] []:[6] []:[7]",
            "aaaaamaaa",
            (4, 6),
        ),
        (
            LinkThese((2, 3), (1, 2, 3)),
            "[0]:[0] [1]:[] [2,3]:[1,2,3] [4]:[4] [5]:[5] []:[6] []:[7]",
            "aamaaaa",
            (2, 4),
        ),
        (
            NoCounterpart("zh", (2,)),
            "[0]:[0] [1]:[1] [2]:[] [3]:[2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]",
            "aamaaaaaa",
            (1, 3),
        ),
        (
            NotAnOmission("en", 4),
            "[0]:[0] [1]:[] [2]:[1] [3]:[2] [4]:[3,4] [5]:[5] []:[6] []:[7]",
            "aaaamaaa",
            (4, 5),
        ),
        (
            NotAnOmission("zh", 1, into_link=0),
            "[0,1]:[0] [2]:[1] [3]:[2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]",
            "maaaaaaa",
            (0, 1),
        ),
        (
            Merge(2, with_next=True),
            "[0]:[0] [1]:[] [2,3]:[1,2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]",
            "aamaaaaa",
            (2, 3),
        ),
        (
            Merge(5, with_next=False),
            "[0]:[0] [1]:[] [2]:[1] [3]:[2] [4]:[3,4] [5]:[5] []:[6] []:[7]",
            "aaaamaaa",
            (4, 5),
        ),
        (
            Split(0, 1, 0),
            "[0]:[] [1]:[] []:[0] [2]:[1] [3]:[2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]",
            "mamaaaaaaa",
            (0, 3),
        ),
        (
            Unlink(2),
            "[0]:[0] [1]:[] [2]:[] []:[1] [3]:[2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]",
            "aammaaaaaa",
            (2, 4),
        ),
        (Confirm(3), SAMPLE_LINKS, "aaacaaaaa", (3, 4)),
        (Confirm(1), SAMPLE_LINKS, "acaaaaaaa", (1, 2)),
    ],
)
def test_each_edit_on_the_sample(
    sample: tuple[Realigner, Pinned], edit: Edit, links: str, statuses: str, changed: tuple[int, int]
) -> None:
    realigner, pinned = sample
    assert keys(pinned.alignment) == parse(SAMPLE_LINKS)
    result = realigner.edit(pinned, edit)
    assert keys(result.pinned.alignment) == parse(links)
    assert "".join(s.value[0] for s in result.pinned.statuses) == statuses
    assert result.changed == changed
    check_result(pinned, result)


def test_the_old_state_is_untouched_and_release_restores_the_links(sample: tuple[Realigner, Pinned]) -> None:
    realigner, pinned = sample
    before = (pinned.alignment.links, pinned.pins, pinned.statuses)
    first = realigner.edit(pinned, LinkThese((4,), (4,)))
    assert (pinned.alignment.links, pinned.pins, pinned.statuses) == before
    assert first.pinned.pins == (Pin((4,), (4,)),)
    second = realigner.edit(first.pinned, Release(5))
    assert keys(first.pinned.alignment) == parse("[0]:[0] [1]:[] [2]:[1] [3]:[2] []:[3] [4]:[4] [5]:[5] []:[6] []:[7]")
    assert keys(second.pinned.alignment) == parse(SAMPLE_LINKS)
    assert second.pinned.pins == () and set(second.pinned.statuses) == {A}
    check_result(first.pinned, second)


def test_a_new_pin_replaces_the_pins_it_conflicts_with(sample: tuple[Realigner, Pinned]) -> None:
    realigner, pinned = sample
    pinned = realigner.edit(pinned, Confirm(3)).pinned  # [3]:[2] confirmed
    pinned = realigner.edit(pinned, Confirm(6)).pinned  # [5]:[5] confirmed
    result = realigner.edit(pinned, LinkThese((3,), (2, 3)))  # overlaps the first, not the second
    assert result.pinned.pins == (Pin((3,), (2, 3)), Pin((5,), (5,), C))
    assert keys(result.pinned.alignment) == parse("[0]:[0] [1]:[] [2]:[1] [3]:[2,3] [4]:[4] [5]:[5] []:[6] []:[7]")
    check_result(pinned, result)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (LinkThese((2, 4), (1,)), "the Chinese units 2,4 are not consecutive"),
        (LinkThese((2,), ()), "no English unit given"),
        (LinkThese((6,), (1,)), "Chinese unit 6 is out of range (0-5)"),
        (NoCounterpart("fr", (1,)), "unknown language 'fr' (zh or en)"),
        (NoCounterpart("en", (8,)), "English unit 8 is out of range (0-7)"),
        (NotAnOmission("zh", 0), "Chinese unit 0 is not one-sided"),
        (NotAnOmission("en", 4, into_link=0), "English unit 4 cannot join link 0 (not next to it)"),
        (Merge(9, with_next=True), "link 9 is out of range (0-8)"),
        (Merge(8, with_next=True), "link 8 has no next link to merge with"),
        (Merge(0, with_next=False), "link 0 has no previous link to merge with"),
        (Merge(7, with_next=True), "neither link has Chinese units: merging them would link nothing"),
        (Split(0, 0, 0), "a cut at 0/0 leaves one part of link 0 empty"),
        (Split(0, 1, 1), "a cut at 1/1 leaves one part of link 0 empty"),
        (Split(0, 2, 0), "cut 2/0 is outside link 0 (1 Chinese x 1 English units)"),
        (Split(1, 1, 0), "a cut at 1/0 leaves one part of link 1 empty"),
        (Unlink(1), "link 1 already has no counterpart"),
        (Release(2), "link 2 is not pinned"),
        (Confirm(-1), "link -1 is out of range (0-8)"),
    ],
)
def test_impossible_edits(sample: tuple[Realigner, Pinned], edit: Edit, reason: str) -> None:
    realigner, pinned = sample
    with pytest.raises(EditError) as caught:
        realigner.edit(pinned, edit)
    assert str(caught.value) == reason


def test_confirming_twice_is_refused(sample: tuple[Realigner, Pinned]) -> None:
    realigner, pinned = sample
    pinned = realigner.edit(pinned, Confirm(0)).pinned
    with pytest.raises(EditError, match="^link 0 is already confirmed$"):
        realigner.edit(pinned, Confirm(0))


# --- a bitext with a known error ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shifted() -> tuple[Realigner, Pinned]:
    return Realigner(bitext.ZH, bitext.EN), Pinned(bitext.shifted(), ())


GOLD = " ".join(f"[{i}]:[{i}]" for i in range(12))


@pytest.mark.parametrize(
    ("edit", "links", "statuses", "changed"),
    [
        # One link fixed, and the aligner fixes the two shifted after it (the span grows until it rejoins).
        (LinkThese((5,), (5,)), GOLD, "aaaaamaaaaaa", (5, 8)),
        (LinkThese((7,), (7,)), GOLD, "aaaaaaamaaaa", (5, 8)),
        (
            Merge(8, with_next=False),  # []:[7] into [7]:[6]
            "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5] [6]:[] [7]:[6,7] [8]:[8] [9]:[9] [10]:[10] [11]:[11]",
            "aaaaaaamaaaa",
            (5, 8),
        ),
        (
            Unlink(6),
            "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] []:[5] [5]:[6] [6]:[] [7]:[7] [8]:[8] [9]:[9] [10]:[10] [11]:[11]",
            "aaaaamamaaaaa",
            (5, 9),
        ),
    ],
)
def test_edits_on_a_known_error(
    shifted: tuple[Realigner, Pinned], edit: Edit, links: str, statuses: str, changed: tuple[int, int]
) -> None:
    realigner, pinned = shifted
    result = realigner.edit(pinned, edit)
    assert keys(result.pinned.alignment) == parse(links)
    assert "".join(s.value[0] for s in result.pinned.statuses) == statuses
    assert result.changed == changed
    check_result(pinned, result)


def test_a_pin_is_kept_exactly_even_against_the_evidence(shifted: tuple[Realigner, Pinned]) -> None:
    realigner, pinned = shifted
    fixed = realigner.edit(pinned, LinkThese((5,), (5,))).pinned
    # The reader insists that Chinese 9 and 10 are one link with English 9: so it is, and 10's English is alone.
    result = realigner.edit(fixed, LinkThese((9, 10), (9,)))
    assert keys(result.pinned.alignment)[9:] == parse("[9,10]:[9] []:[10] [11]:[11]")
    assert result.pinned.pins == (Pin((5,), (5,)), Pin((9, 10), (9,)))
    check_result(fixed, result)


def test_not_an_omission_joins_the_better_neighbour(shifted: tuple[Realigner, Pinned]) -> None:
    realigner, pinned = shifted
    # Chinese 5 is alone; its neighbours are [4]:[4] and [6]:[5]. With [6]:[5] it explains English 5 better.
    result = realigner.edit(pinned, NotAnOmission("zh", 5))
    assert keys(result.pinned.alignment)[4:8] == parse("[4]:[4] [5,6]:[5] []:[6] [7]:[7]")
    # English 7 is alone after [7]:[6], the only link with a neighbouring English unit.
    result = realigner.edit(pinned, NotAnOmission("en", 7))
    assert result.pinned.pins == (Pin((7,), (6, 7)),)
    check_result(pinned, result)


def test_apply_keeps_links_and_pins_each(shifted: tuple[Realigner, Pinned]) -> None:
    realigner, pinned = shifted
    result = realigner.apply(pinned.alignment, [Pin((6,), (6,)), Pin((0,), (0,), C)])
    assert keys(result.alignment) == parse(GOLD)
    assert result.statuses[0] is C and result.statuses[6] is M
    assert result.alignment.links[0] == Link((0,), (0,), 1.0)
    assert result.alignment.links[11] == pinned.alignment.links[-1]  # untouched: the same link, confidence too


def test_a_pin_that_already_is_a_link_shows_as_changed(shifted: tuple[Realigner, Pinned]) -> None:
    # Chinese 1 already is one-sided after the first edit: marking 0 and 1 so changes its status (and 0's links).
    realigner, pinned = shifted
    first = realigner.edit(pinned, LinkThese((0,), (0, 1)))
    assert keys(first.pinned.alignment)[:3] == parse("[0]:[0,1] [1]:[] [2]:[2]")
    second = realigner.edit(first.pinned, NoCounterpart("zh", (0, 1)))
    # (One-sided units between the same two links come in the order the aligner gives them.)
    assert keys(second.pinned.alignment)[:5] == parse("[]:[0] []:[1] [0]:[] [1]:[] [2]:[2]")
    assert "".join(s.value[0] for s in second.pinned.statuses)[:5] == "aamma"
    assert second.changed == (0, 4)
    check_result(first.pinned, second)
