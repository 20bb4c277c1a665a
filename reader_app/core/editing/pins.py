"""Pins: links the reader fixed by hand, hard constraints for the aligner; an alignment with its pins applied."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np

from reader_app.core.alignment import UNCERTAIN, Alignment, Link


class LinkStatus(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"
    CONFIRMED = "confirmed"


@dataclass(frozen=True, slots=True)
class Pin:
    """A link the reader fixed: consecutive 0-based unit indices on each side (one side may be empty: those units
    are one-sided, a real omission). MANUAL and CONFIRMED pins are both hard constraints for the aligner."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    status: LinkStatus = LinkStatus.MANUAL

    @property
    def is_gap(self) -> bool:
        return not self.zh or not self.en

    def as_pin_text(self) -> str:
        """The CLI's notation, as parse_pin reads it: "4,5:6", "7:"."""
        return ",".join(map(str, self.zh)) + ":" + ",".join(map(str, self.en))


class PinError(ValueError):
    """str(error) is a one-line reason (out of range, overlapping, out of order, empty)."""


def parse_pin(text: str) -> Pin:
    """A pin in the CLI's notation ZH_IDS:EN_IDS, ids 0-based and comma-separated: "3:5", "4,5:6", "7:" (Chinese
    unit 7 has no counterpart), ":2" (nor English unit 2). Consecutive ids only; PinError otherwise."""
    left, colon, right = text.strip().partition(":")
    if not colon or ":" in right:
        raise PinError(f"pin {text!r} is not ZH_IDS:EN_IDS (e.g. 4,5:6 or 7:)")

    def ids(part: str) -> tuple[int, ...]:
        items = [item.strip() for item in part.split(",")] if part.strip() else []
        if not all(item.isdigit() for item in items):  # also refuses "-1", "" between commas, "1.5"
            raise PinError(f"pin {text!r}: ids must be 0-based whole numbers separated by commas")
        return tuple(int(item) for item in items)

    pin = Pin(ids(left), ids(right))
    _check_shape(pin)
    return pin


def _check_shape(pin: Pin) -> None:
    if not pin.zh and not pin.en:
        raise PinError("a pin names no unit on either side")
    for side, name in ((pin.zh, "Chinese"), (pin.en, "English")):
        if side and list(side) != list(range(side[0], side[0] + len(side))):
            raise PinError(f"pin {pin.as_pin_text()}: the {name} ids are not consecutive and in order")


def pins_of(zh: tuple[int, ...], en: tuple[int, ...], status: LinkStatus = LinkStatus.MANUAL) -> list[Pin]:
    """The pins that fix a link: itself, or one a unit when it is one-sided (an alignment's gaps are one unit
    each, and so are its pinned gaps)."""
    if zh and en:
        return [Pin(zh, en, status)]
    return [Pin((i,), (), status) for i in zh] + [Pin((), (j,), status) for j in en]


def check_pins(pins: Sequence[Pin], n_zh: int, n_en: int) -> tuple[Pin, ...]:
    """The pins, validated and in reading order; PinError for a pin that names no unit, ids not consecutive, out of
    range, a unit in two pins (overlapping) or two pins in opposite orders on the two sides (crossing).

    A one-sided pin of several units becomes one pin a unit (an alignment's gaps are one unit each). Reading order:
    by the cell where the pin starts (its first Chinese and English unit); a one-sided pin takes the other side's
    position from the two-sided pins before it, and comes before a two-sided pin starting at the same cell."""
    flat: list[Pin] = []
    for pin in pins:
        _check_shape(pin)
        for side, n, name in ((pin.zh, n_zh, "Chinese"), (pin.en, n_en, "English")):
            if side and side[-1] >= n:
                raise PinError(f"pin {pin.as_pin_text()}: {name} unit {side[-1]} is out of range (0-{n - 1})")
        flat += pins_of(pin.zh, pin.en, pin.status)
    for language, name in (("zh", "Chinese"), ("en", "English")):
        owner: dict[int, Pin] = {}
        for pin in flat:
            for unit in pin.zh if language == "zh" else pin.en:
                other = owner.setdefault(unit, pin)
                if other is not pin:
                    raise PinError(
                        f"pins {other.as_pin_text()} and {pin.as_pin_text()} overlap ({name} unit {unit} is in both)"
                    )
    linked = sorted((p for p in flat if not p.is_gap), key=lambda p: p.zh[0])
    for before, after in zip(linked, linked[1:], strict=False):
        if after.en[0] < before.en[0]:
            raise PinError(f"pins {before.as_pin_text()} and {after.as_pin_text()} cross (out of order)")
    # Cells after each two-sided pin, to place the one-sided ones between them.
    ends = [(p.zh[-1] + 1, p.en[-1] + 1) for p in linked]
    zh_ends = [z for z, _e in ends]
    en_ends = [e for _z, e in ends]

    def start(pin: Pin) -> tuple[int, int, int]:
        if not pin.is_gap:
            return pin.zh[0], pin.en[0], 1
        if pin.zh:
            k = _count_at_most(zh_ends, pin.zh[0])
            return pin.zh[0], en_ends[k - 1] if k else 0, 0
        k = _count_at_most(en_ends, pin.en[0])
        return zh_ends[k - 1] if k else 0, pin.en[0], 0

    return tuple(sorted(flat, key=lambda p: (start(p)[0] + start(p)[1], start(p)[2], start(p)[0])))


def _count_at_most(values: list[int], limit: int) -> int:
    from bisect import bisect_right

    return bisect_right(values, limit)


class Cells:
    """The cells between an alignment's links (DP cells, reader_app.core.aligner.dp): link k runs from cell k to
    cell k + 1, cell k being (Chinese units, English units) before link k. Finds a unit's link by binary search,
    without a dict of every unit, and is spliced, not rebuilt, after an edit (a 10k-link book, edit after edit)."""

    def __init__(self, zh: np.ndarray, en: np.ndarray) -> None:
        self.zh = zh
        self.en = en
        # zh + en grows by at least 1 a link: cells are found by it with a binary search.
        self.diagonal = zh + en

    @classmethod
    def of(cls, links: Sequence[Link]) -> Cells:
        zh = np.zeros(len(links) + 1, dtype=np.int64)
        en = np.zeros(len(links) + 1, dtype=np.int64)
        np.cumsum(np.fromiter((len(link.zh) for link in links), np.int64, len(links)), out=zh[1:])
        np.cumsum(np.fromiter((len(link.en) for link in links), np.int64, len(links)), out=en[1:])
        return cls(zh, en)

    def __len__(self) -> int:
        """The number of links."""
        return len(self.zh) - 1

    def cell(self, k: int) -> tuple[int, int]:
        return int(self.zh[k]), int(self.en[k])

    def link_of(self, language: str, unit: int) -> int:
        """The index of the link holding a unit (0 <= unit < the side's count)."""
        cells = self.zh if language == "zh" else self.en
        # The last cell at or before the unit, of the links with units on that side: the one holding it.
        return int(np.searchsorted(cells, unit, side="right")) - 1

    def before(self, cell: tuple[int, int]) -> int:
        """The last cell index at or before `cell` on both sides."""
        k = int(np.searchsorted(self.diagonal, cell[0] + cell[1], side="right")) - 1
        while k > 0 and (self.zh[k] > cell[0] or self.en[k] > cell[1]):
            k -= 1
        return k

    def after(self, cell: tuple[int, int]) -> int:
        """The first cell index at or after `cell` on both sides."""
        k = int(np.searchsorted(self.diagonal, cell[0] + cell[1], side="left"))
        last = len(self)
        while k < last and (self.zh[k] < cell[0] or self.en[k] < cell[1]):
            k += 1
        return min(k, last)

    def splice(self, first: int, end: int, middle: Sequence[Link]) -> Cells:
        """The cells once links [first, end) are replaced by `middle` (covering the same units)."""
        zh = np.cumsum(np.fromiter((len(link.zh) for link in middle), np.int64, len(middle))) + self.zh[first]
        en = np.cumsum(np.fromiter((len(link.en) for link in middle), np.int64, len(middle))) + self.en[first]
        return Cells(
            np.concatenate([self.zh[: first + 1], zh[:-1], self.zh[end:]]),
            np.concatenate([self.en[: first + 1], en[:-1], self.en[end:]]),
        )


@dataclass(frozen=True)
class Pinned:
    """An alignment with the reader's pins applied: every pin is one of its links, exactly.

    `pins` are in the order of their links. A pinned link's confidence is 1.0 (the reader said so)."""

    alignment: Alignment
    pins: tuple[Pin, ...]

    @classmethod
    def made(cls, alignment: Alignment, pins: tuple[Pin, ...], cells: Cells, pin_links: dict[int, Pin]) -> Pinned:
        """A Pinned whose cells and pinned links are known already (the Realigner's result: no pass over every
        link to find them again)."""
        pinned = cls(alignment, pins)
        pinned.__dict__["cells"] = cells
        pinned.__dict__["_pin_links"] = pin_links
        return pinned

    @cached_property
    def cells(self) -> Cells:
        return Cells.of(self.alignment.links)

    def link_of(self, language: str, unit: int) -> int:
        """The index of the link holding unit `unit` of `language` ("zh" or "en")."""
        return self.cells.link_of(language, unit)

    @cached_property
    def _pin_links(self) -> dict[int, Pin]:
        """Link index -> its pin."""
        links = self.alignment.links
        out: dict[int, Pin] = {}
        for pin in self.pins:
            k = self.link_of("zh", pin.zh[0]) if pin.zh else self.link_of("en", pin.en[0])
            if (links[k].zh, links[k].en) != (pin.zh, pin.en):
                raise ValueError(f"pin {pin.as_pin_text()} is not a link of the alignment")
            out[k] = pin
        return out

    @cached_property
    def statuses(self) -> tuple[LinkStatus, ...]:
        """The status of each link of `alignment`: its pin's, AUTOMATIC for an unpinned link."""
        statuses = [LinkStatus.AUTOMATIC] * len(self.alignment.links)
        for k, pin in self._pin_links.items():
            statuses[k] = pin.status
        return tuple(statuses)

    def status(self, link: int) -> LinkStatus:
        return self.statuses[link]

    def pin_of(self, link: int) -> Pin | None:
        """The pin that is link `link`, or None for an automatic link."""
        return self._pin_links.get(link)


def next_uncertain(
    pinned: Pinned, after_link: int, *, by_confidence: bool = False, threshold: float = UNCERTAIN
) -> int | None:
    """The next uncertain link: automatic (not pinned), not one-sided, confidence below `threshold`; None when
    there is none.

    In reading order (default): the first such link after `after_link`, wrapping round to the start (so the
    link `after_link` itself comes last; pass -1 to start from the top).
    By confidence: the least confident such link that is more confident than link `after_link`, or as confident
    and after it (ties in reading order); so that calling it again with the link it returned walks all uncertain
    links from the least confident up, each once. `after_link` -1 (or a link that is not uncertain itself):
    start from the least confident."""
    links = pinned.alignment.links
    statuses = pinned.statuses
    candidates = [
        k
        for k, link in enumerate(links)
        if statuses[k] is LinkStatus.AUTOMATIC and not link.is_gap and link.confidence < threshold
    ]
    if not candidates:
        return None
    if not by_confidence:
        for k in candidates:
            if k > after_link:
                return k
        return candidates[0]
    ranked = sorted(candidates, key=lambda k: (links[k].confidence, k))
    if after_link not in candidates:
        return ranked[0]
    position = ranked.index(after_link)
    return ranked[position + 1] if position + 1 < len(ranked) else None
