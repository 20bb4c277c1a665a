"""The reader's edits of an alignment: each a small frozen intention, in unit and link indices of a Pinned.

What every edit shares (Realigner.edit makes them): the pins it makes are MANUAL (Confirm's CONFIRMED); an existing
pin that shares a unit with a new one, or lies in the opposite order to it on the two sides, is dropped (the
reader's latest edit wins) and its units are aligned again; a one-sided run becomes one pin a unit (an alignment's
gaps are one unit each); the links around what moved are re-aligned with every pin as a hard constraint
(realign.py), links outside that span are left as they were. Impossible edits raise EditError."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader_app.core.alignment import Link
from reader_app.core.editing.pins import LinkStatus, Pin, Pinned, pins_of


class EditError(ValueError):
    """A one-line reason the edit cannot be made (e.g. units not consecutive)."""


@dataclass(frozen=True, slots=True)
class LinkThese:
    """Link these units as one manual link: both sides non-empty and consecutive, any widths (1 x 4 ...). The
    links that held them are re-aligned around it: a unit they held besides these gets a new link."""

    zh: tuple[int, ...]
    en: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NoCounterpart:
    """These units (consecutive, of `language` "zh" or "en") have no counterpart, a real omission: each becomes a
    pinned one-sided link, and what they were linked with is re-aligned."""

    language: str
    units: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NotAnOmission:
    """A one-sided unit is not an omission: it joins the link `into_link` (the unit must be next to that link's
    units on its side, or the link one-sided on the other side: two gaps become a 1-1 link), pinned MANUAL. With
    None it joins the neighbouring link where tier 1 scores the joined link best against the link as it was: the
    links of the units before and after it on its side, and the links right before and after it when they are
    one-sided on the other side."""

    language: str
    unit: int
    into_link: int | None = None


@dataclass(frozen=True, slots=True)
class Merge:
    """Link `link` and the next (with_next) or the previous link become one manual link: the Chinese of both with
    the English of both. Two links one-sided on the same side cannot merge (they would link nothing)."""

    link: int
    with_next: bool


@dataclass(frozen=True, slots=True)
class Split:
    """Link `link` split in two manual links: its zh[:zh_cut] with its en[:en_cut], and the rest with the rest
    (cuts are counts of the link's units, 0 to the link's width). A part with one side empty is one-sided (one
    pin a unit); a cut that leaves a part with no unit at all (0/0, or the whole link) is refused."""

    link: int
    zh_cut: int
    en_cut: int


@dataclass(frozen=True, slots=True)
class Unlink:
    """The link's units are not translations of each other: each becomes a pinned one-sided link. A link that
    already is one-sided is refused."""

    link: int


@dataclass(frozen=True, slots=True)
class Confirm:
    """The link as it is, pinned CONFIRMED (reviewed by the reader; confidence 1.0); nothing is re-aligned. A
    manual link becomes confirmed; an already confirmed one is refused."""

    link: int


@dataclass(frozen=True, slots=True)
class Release:
    """Drop the pin on this link: its units are automatic again, re-aligned with their neighbours (up to the
    nearest pins) as the aligner sees them. A link that is not pinned is refused."""

    link: int


Edit = LinkThese | NoCounterpart | NotAnOmission | Merge | Split | Unlink | Confirm | Release


@dataclass(frozen=True)
class EditResult:
    """The state after an edit: `pinned` (the old Pinned is untouched: the UI's undo keeps it), and `changed`, the
    links [first, last) of the new alignment that differ from the old ones in units, confidence or status. Before
    `first` the links are the old ones; from `last` on they are the old ones from the old `len - (new len - last)`
    on (the counts of links may differ). Empty (first == last) when nothing changed."""

    pinned: Pinned
    changed: tuple[int, int]


LANGUAGES = ("zh", "en")


def _side_name(language: str) -> str:
    return "Chinese" if language == "zh" else "English"


def _consecutive(units: tuple[int, ...]) -> bool:
    return bool(units) and list(units) == list(range(units[0], units[0] + len(units)))


def _check_units(language: str, units: tuple[int, ...], n: int) -> None:
    name = _side_name(language)
    if not units:
        raise EditError(f"no {name} unit given")
    if not _consecutive(units):
        raise EditError(f"the {name} units {','.join(map(str, units))} are not consecutive")
    if units[0] < 0 or units[-1] >= n:
        raise EditError(f"{name} unit {units[-1] if units[-1] >= n else units[0]} is out of range (0-{n - 1})")


def _check_link(pinned: Pinned, link: int) -> Link:
    links = pinned.alignment.links
    if not 0 <= link < len(links):
        raise EditError(f"link {link} is out of range (0-{len(links) - 1})")
    return links[link]


def _conflicts(old: Pin, new: Pin) -> bool:
    """Whether an existing pin cannot stay beside a new one: they share a unit, or lie in opposite orders."""
    if set(old.zh) & set(new.zh) or set(old.en) & set(new.en):
        return True
    if old.is_gap or new.is_gap:
        return False
    return (old.zh[0] < new.zh[0]) != (old.en[0] < new.en[0])


@dataclass(frozen=True)
class Plan:
    """What an edit asks of the aligner: the new set of pins, and the links of the old alignment (ranges
    [first, last)) whose units it moves, to re-align around."""

    pins: tuple[Pin, ...]
    seeds: tuple[tuple[int, int], ...]


# Scores a candidate link (zh units, en units) with tier 1: higher is better.
LinkScore = Callable[[tuple[int, ...], tuple[int, ...]], float]


def plan_edit(pinned: Pinned, edit: Edit, n_zh: int, n_en: int, score: LinkScore, skip: float) -> Plan:
    """The pins and seeds of `edit` on `pinned` (EditError when it cannot be made). `score` rates a candidate
    link and `skip` is the score of one unit without counterpart (for NotAnOmission without a target)."""
    alignment = pinned.alignment
    links = alignment.links
    if isinstance(edit, LinkThese):
        _check_units("zh", edit.zh, n_zh)
        _check_units("en", edit.en, n_en)
        return _replace(pinned, [Pin(edit.zh, edit.en)])
    if isinstance(edit, NoCounterpart):
        if edit.language not in LANGUAGES:
            raise EditError(f"unknown language {edit.language!r} (zh or en)")
        _check_units(edit.language, edit.units, n_zh if edit.language == "zh" else n_en)
        return _replace(pinned, pins_of(*((edit.units, ()) if edit.language == "zh" else ((), edit.units))))
    if isinstance(edit, NotAnOmission):
        return _not_an_omission(pinned, edit, n_zh, n_en, score, skip)
    if isinstance(edit, Merge):
        first = _check_link(pinned, edit.link)
        other = edit.link + 1 if edit.with_next else edit.link - 1
        if not 0 <= other < len(links):
            raise EditError(f"link {edit.link} has no {'next' if edit.with_next else 'previous'} link to merge with")
        a, b = (first, links[other]) if edit.with_next else (links[other], first)
        zh, en = a.zh + b.zh, a.en + b.en
        if not zh or not en:
            side = "English" if zh else "Chinese"
            raise EditError(f"neither link has {side} units: merging them would link nothing")
        return _replace(pinned, [Pin(zh, en)])
    if isinstance(edit, Split):
        link = _check_link(pinned, edit.link)
        if not (0 <= edit.zh_cut <= len(link.zh) and 0 <= edit.en_cut <= len(link.en)):
            raise EditError(
                f"cut {edit.zh_cut}/{edit.en_cut} is outside link {edit.link} "
                f"({len(link.zh)} Chinese x {len(link.en)} English units)"
            )
        if edit.zh_cut + edit.en_cut in (0, len(link.zh) + len(link.en)):
            raise EditError(f"a cut at {edit.zh_cut}/{edit.en_cut} leaves one part of link {edit.link} empty")
        pins = pins_of(link.zh[: edit.zh_cut], link.en[: edit.en_cut])
        pins += pins_of(link.zh[edit.zh_cut :], link.en[edit.en_cut :])
        return _replace(pinned, pins)
    if isinstance(edit, Unlink):
        link = _check_link(pinned, edit.link)
        if link.is_gap:
            raise EditError(f"link {edit.link} already has no counterpart")
        return _replace(pinned, pins_of(link.zh, ()) + pins_of((), link.en))
    if isinstance(edit, Confirm):
        link = _check_link(pinned, edit.link)
        if pinned.status(edit.link) is LinkStatus.CONFIRMED:
            raise EditError(f"link {edit.link} is already confirmed")
        return _replace(pinned, pins_of(link.zh, link.en, LinkStatus.CONFIRMED))
    if isinstance(edit, Release):
        _check_link(pinned, edit.link)
        pin = pinned.pin_of(edit.link)
        if pin is None:
            raise EditError(f"link {edit.link} is not pinned")
        return Plan(tuple(p for p in pinned.pins if p != pin), ((edit.link, edit.link + 1),))
    raise EditError(f"unknown edit {edit!r}")


def _not_an_omission(pinned: Pinned, edit: NotAnOmission, n_zh: int, n_en: int, score: LinkScore, skip: float) -> Plan:
    language, unit = edit.language, edit.unit
    if language not in LANGUAGES:
        raise EditError(f"unknown language {language!r} (zh or en)")
    name = _side_name(language)
    n = n_zh if language == "zh" else n_en
    if not 0 <= unit < n:
        raise EditError(f"{name} unit {unit} is out of range (0-{n - 1})")
    alignment = pinned.alignment
    links = alignment.links
    own = pinned.link_of(language, unit)
    if not links[own].is_gap:
        raise EditError(f"{name} unit {unit} is not one-sided")

    def joined(target: Link) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        """The link `target` with the unit added, or None when the result is not a link."""
        side = tuple(sorted((target.zh if language == "zh" else target.en) + (unit,)))
        zh, en = (side, target.en) if language == "zh" else (target.zh, side)
        return (zh, en) if zh and en and _consecutive(side) else None

    if edit.into_link is not None:
        target = _check_link(pinned, edit.into_link)
        merged = joined(target) if edit.into_link != own else None
        if merged is None:
            raise EditError(f"{name} unit {unit} cannot join link {edit.into_link} (not next to it)")
        return _replace(pinned, [Pin(*merged)])
    # The neighbouring links: those of the units before and after it on its side (with a counterpart), and the
    # links right before and after it when they are one-sided on the other side (the two gaps become one link).
    candidates: list[int] = []
    for neighbour in (unit - 1, unit + 1):
        k = pinned.link_of(language, neighbour) if 0 <= neighbour < n else None
        if k is not None and not links[k].is_gap:
            candidates.append(k)
    for k in (own - 1, own + 1):
        if 0 <= k < len(links) and links[k].is_gap and not (links[k].zh if language == "zh" else links[k].en):
            candidates.append(k)
    best: tuple[float, tuple[tuple[int, ...], tuple[int, ...]]] | None = None
    for k in candidates:
        merged = joined(links[k])
        if merged is None:
            continue
        before = (
            score(links[k].zh, links[k].en) if not links[k].is_gap else skip * (len(links[k].zh) + len(links[k].en))
        )
        gain = score(*merged) - before
        if best is None or gain > best[0]:
            best = (gain, merged)
    if best is None:
        raise EditError(f"{name} unit {unit} has no neighbouring link to join")
    return _replace(pinned, [Pin(*best[1])])


def _replace(pinned: Pinned, new: list[Pin]) -> Plan:
    """The plan that adds `new` pins, dropping the existing pins they conflict with (the reader's latest edit
    wins); seeds: the old links holding the new pins' units, and those of the dropped pins."""
    kept: list[Pin] = []
    seeds: list[tuple[int, int]] = []
    for old in pinned.pins:
        if any(_conflicts(old, pin) for pin in new):
            k = pinned.link_of("zh", old.zh[0]) if old.zh else pinned.link_of("en", old.en[0])
            seeds.append((k, k + 1))
        else:
            kept.append(old)
    for pin in new:
        held = [pinned.link_of("zh", i) for i in pin.zh[:1] + pin.zh[-1:]]
        held += [pinned.link_of("en", j) for j in pin.en[:1] + pin.en[-1:]]
        seeds.append((min(held), max(held) + 1))
    return Plan(tuple(kept + new), tuple(sorted(seeds)))
