"""Constrained re-alignment: the pins are hard constraints, and only a span around an edit is aligned again.

The span starts as the links an edit moves (its seed) with FIRST_REACH links either side, between boundaries of
the old alignment that no pin cuts through. Inside it, tier 1 aligns each stretch between two-sided pins (see
span.py), the one-sided pins' units forced one-sided. If the new links do not rejoin the old ones with MARGIN
equal links at an end of the span, that end moves out GROWTH times as far and the span is aligned again, until it
rejoins or reaches a pinned link or the end of the document (a pin is a fixed cell of every path: the DP on
one side of it does not depend on the other). Links outside the span are never touched; so an edit on a
10k-paragraph book costs what its span costs, not what the book costs."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.dp import unit_length
from reader_app.core.aligner.tier1 import Tier1Scorer
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import CancelCallback
from reader_app.core.editing.edits import Confirm, Edit, EditError, EditResult, plan_edit
from reader_app.core.editing.pins import Cells, LinkStatus, Pin, PinError, Pinned, check_pins
from reader_app.core.editing.span import StretchAligner

FIRST_REACH = 8  # links of the old alignment re-aligned on each side of an edit at first
MARGIN = 3  # equal links needed where the new links rejoin the old ones
GROWTH = 2  # how much further an end of the span moves each time it has not rejoined

Key = tuple[tuple[int, ...], tuple[int, ...]]
Cell = tuple[int, int]


def _key(link: Link | Pin) -> Key:
    return link.zh, link.en


class _Constraints:
    """The pins as constraints on cells: which cells a path may pass, which links are pinned."""

    def __init__(self, pins: Sequence[Pin]) -> None:
        self.pins = list(pins)
        self.by_key = {_key(pin): pin for pin in pins}
        linked = sorted((p for p in pins if not p.is_gap), key=lambda p: p.zh[0])
        self.linked = linked
        self._linked_zh = [p.zh[0] for p in linked]
        self.zh_alone = sorted(p.zh[0] for p in pins if p.is_gap and p.zh)
        self.en_alone = sorted(p.en[0] for p in pins if p.is_gap and p.en)

    def free(self, cell: Cell) -> bool:
        """Whether a path may pass `cell`: it cuts through no pin. A two-sided pin is a rectangle that a path passes
        by its corners only; a one-sided unit is its own link, which a path through any cell can take."""
        i, j = cell
        k = bisect_left(self._linked_zh, i)  # the two-sided pins that start before row i
        if k > 0:  # the last of them: the cell must be past its end on both sides (pins do not cross)
            pin = self.linked[k - 1]
            if i < pin.zh[-1] + 1 or j < pin.en[-1] + 1:
                return False
        # The first pin starting at row i or after: the cell must be before its start on both sides.
        return k == len(self.linked) or j <= self.linked[k].en[0]

    def inside(self, start: Cell, end: Cell) -> tuple[list[Pin], list[int], list[int]]:
        """The two-sided pins between two free cells, and the one-sided units (zh, en) there."""
        lo = bisect_left(self._linked_zh, start[0])
        hi = bisect_left(self._linked_zh, end[0])
        zh = self.zh_alone[bisect_left(self.zh_alone, start[0]) : bisect_left(self.zh_alone, end[0])]
        en = self.en_alone[bisect_left(self.en_alone, start[1]) : bisect_left(self.en_alone, end[1])]
        return self.linked[lo:hi], zh, en


class Realigner:
    """Re-aligns spans of one document (the tier-1 scorer, built per span on demand, so an edit on a 10k-paragraph
    book costs what its span costs). Thread-safe to use from one worker thread at a time.

    One per document and unit: `zh` / `en` are the units' texts (paragraphs, or sentences with level "sentence"),
    `*_kinds` the paragraphs' kinds as the aligner takes them ("heading" ...). Construction measures lengths and
    loads tier 1's lexicon if this process has not yet (some 50 ms then): make it where the edits will run."""

    def __init__(
        self,
        zh: Sequence[str],
        en: Sequence[str],
        *,
        level: str = "paragraph",
        zh_kinds: Sequence[str] | None = None,
        en_kinds: Sequence[str] | None = None,
    ) -> None:
        self.n_zh = len(zh)
        self.n_en = len(en)
        self._stretches = StretchAligner(zh, en, level=level, zh_kinds=zh_kinds, en_kinds=en_kinds)
        # Lengths as Tier1Scorer measures them, for the document-wide length ratio.
        self._zh_lengths = np.array([unit_length(t) for t in zh], dtype=np.float64)
        self._en_lengths = np.array([len(t) for t in en], dtype=np.float64)
        self._ratio: float | None = None
        self._skip = float(
            self._stretches.skip if self._stretches.skip is not None
            else Tier1Scorer.sentence_overrides["skip_score"] or 0.0 if self._stretches.level == "sentence"
            else Tier1Scorer.skip_score
        )

    # --- the length ratio --------------------------------------------------------------------------------------
    def _linked_ratio(self, alignment: Alignment) -> float | None:
        """English characters per Chinese character over the units the alignment pairs (as the aligner's second
        pass estimates it): one number for the whole document, not re-estimated on a span of a few units."""
        zh = [i for link in alignment.links if not link.is_gap for i in link.zh]
        en = [j for link in alignment.links if not link.is_gap for j in link.en]
        z = float(self._zh_lengths[zh].sum()) if zh else 0.0
        e = float(self._en_lengths[en].sum()) if en else 0.0
        return e / z if z and e else None

    def _ratio_for(self, alignment: Alignment) -> float | None:
        if self._ratio is None:
            self._ratio = self._linked_ratio(alignment)
        return self._ratio

    # --- public API --------------------------------------------------------------------------------------------
    def apply(
        self, alignment: Alignment, pins: Sequence[Pin], cancel: CancelCallback | None = None, *, grow: bool = True
    ) -> Pinned:
        """The aligner's (any tier's) alignment with `pins` applied (PinError for pins check_pins refuses).

        Links compatible with the pins are kept as they are: a pin that already is a link only becomes pinned
        (confidence 1.0). Where a pin cuts through automatic links, the links between the nearest boundaries no
        pin cuts through are re-aligned with the pins as hard constraints; with `grow` (the default, as an edit
        does, so that pins stored by the reader give back at open what the reader saw after the edit) that span
        then grows until the new links rejoin the old ones (see the module docstring). The length ratio is
        estimated on `alignment` (once for this Realigner's document: later edits use it too)."""
        pins = check_pins(pins, self.n_zh, self.n_en)
        alignment.validate(self.n_zh, self.n_en)
        self._ratio = self._linked_ratio(alignment)
        links = list(alignment.links)
        cells = Cells.of(links)
        constraints = _Constraints(pins)
        seeds: list[tuple[Cell, Cell]] = []
        for pin in pins:
            k = self._link_of_pin(pin, cells)
            if _key(links[k]) != _key(pin):
                seeds.append(self._pin_cells(pin, cells))
        links, cells, _changed = self._settle(links, cells, {}, constraints, seeds, cancel, grow)
        # Pins that already were links (outside every span) are pinned links too: the reader's confidence.
        for pin in pins:
            k = self._link_of_pin(pin, cells)
            if links[k].confidence != 1.0:
                links[k] = Link(pin.zh, pin.en, 1.0)
        return self._pinned(Alignment(tuple(links), tier=alignment.tier), cells, constraints)

    def edit(self, pinned: Pinned, edit: Edit, cancel: CancelCallback | None = None) -> EditResult:
        """The edit made on `pinned` (left untouched): EditError when it cannot be made. See each edit's
        docstring for what it does; every edit but Release adds pins, drops the existing pins that conflict with
        them (share a unit or lie in the opposite order), and re-aligns the span around what moved."""
        alignment = pinned.alignment
        if pinned.cells.cell(len(pinned.cells)) != (self.n_zh, self.n_en):
            covered = pinned.cells.cell(len(pinned.cells))
            raise ValueError(
                f"the alignment covers {covered[0]}x{covered[1]} units, not this document's {self.n_zh}x{self.n_en}"
            )
        ratio = self._ratio_for(alignment)
        plan = plan_edit(
            pinned,
            edit,
            self.n_zh,
            self.n_en,
            lambda zh, en: self._stretches.link_score(zh, en, ratio),
            self._skip,
        )
        try:
            constraints = _Constraints(check_pins(plan.pins, self.n_zh, self.n_en))
        except PinError as exc:
            raise EditError(str(exc)) from None
        links = list(alignment.links)
        cells = pinned.cells
        if isinstance(edit, Confirm):
            confirmed = links[edit.link]
            if not confirmed.is_gap or len(confirmed.zh) + len(confirmed.en) == 1:
                # The link as it is: only its status (and confidence: the reader's) changes.
                links[edit.link] = Link(confirmed.zh, confirmed.en, 1.0)
                new = self._pinned(Alignment(tuple(links), tier=alignment.tier), cells, constraints)
                return EditResult(new, (edit.link, edit.link + 1))
        seeds = [(cells.cell(s), cells.cell(e)) for s, e in plan.seeds]
        old_status = {_key(p): p.status for p in pinned.pins}
        links, cells, changed = self._settle(links, cells, old_status, constraints, seeds, cancel, True)
        return EditResult(self._pinned(Alignment(tuple(links), tier=alignment.tier), cells, constraints), changed)

    # --- the constrained re-alignment --------------------------------------------------------------------------
    @staticmethod
    def _link_of_pin(pin: Pin, cells: Cells) -> int:
        return cells.link_of("zh", pin.zh[0]) if pin.zh else cells.link_of("en", pin.en[0])

    @staticmethod
    def _pin_cells(pin: Pin, cells: Cells) -> tuple[Cell, Cell]:
        """The cells before and after the old links that hold a pin's units."""
        held = [cells.link_of("zh", i) for i in pin.zh[:1] + pin.zh[-1:]]
        held += [cells.link_of("en", j) for j in pin.en[:1] + pin.en[-1:]]
        return cells.cell(min(held)), cells.cell(max(held) + 1)

    def _settle(
        self,
        links: list[Link],
        cells: Cells,
        old_status: dict[Key, LinkStatus],
        constraints: _Constraints,
        seeds: list[tuple[Cell, Cell]],
        cancel: CancelCallback | None,
        grow: bool,
    ) -> tuple[list[Link], Cells, tuple[int, int]]:
        """`links` re-aligned around each seed (cells), with the pins as hard constraints; the result's cells, and
        the range of its links that differ from `links` (in units, confidence or status)."""
        done: list[tuple[Cell, Cell]] = []  # spans already re-aligned, in cells
        changed: tuple[int, int] | None = None
        status = dict(old_status)
        for seed in sorted(seeds):
            if any(_within(seed, span) for span in done):
                continue
            s0, e0 = cells.before(seed[0]), cells.after(seed[1])
            first, end, middle, span = self._grow(links, cells, s0, e0, status, constraints, cancel, grow)
            done.append(span)
            # The links of the span now have the new pins' statuses (a later seed compares with them).
            for key in [key for key in status if _inside(key, span)]:
                del status[key]
            status.update((_key(pin), pin.status) for pin in constraints.pins if _inside(_key(pin), span))
            if first == end and not middle:
                continue
            links = links[:first] + middle + links[end:]
            cells = cells.splice(first, end, middle)
            shift = len(middle) - (end - first)
            if changed is not None:  # the earlier range, in the new numbering, joined with this one
                lo, hi = changed
                lo = lo if lo < first else (lo + shift if lo >= end else first)
                hi = hi if hi <= first else (hi + shift if hi >= end else first + len(middle))
                changed = (min(lo, first), max(hi, first + len(middle)))
            else:
                changed = (first, first + len(middle))
        return links, cells, changed or (0, 0)

    def _grow(
        self,
        links: list[Link],
        cells: Cells,
        s0: int,
        e0: int,
        old_status: dict[Key, LinkStatus],
        constraints: _Constraints,
        cancel: CancelCallback | None,
        grow: bool,
    ) -> tuple[int, int, list[Link], tuple[Cell, Cell]]:
        """Links [s0, e0) and as many around them as it takes re-aligned (see the module docstring): the range
        [first, end) of old links to replace, their replacement, and the span re-aligned (cells)."""
        n_links = len(links)
        by_key = constraints.by_key
        free = constraints.free
        # The nearest pinned links outside the seed (links of the old alignment): the span stops at them.
        lo_limit = s0
        while lo_limit > 0 and _key(links[lo_limit - 1]) not in by_key:
            lo_limit -= 1
        hi_limit = e0
        while hi_limit < n_links and _key(links[hi_limit]) not in by_key:
            hi_limit += 1

        def same(old: Link, new: Link) -> bool:
            key = _key(old)
            return key == _key(new) and old_status.get(key) == (by_key[key].status if key in by_key else None)

        memo: dict[tuple[Cell, Cell], list[Link]] = {}  # stretches between pins, aligned once as the span grows
        reach_lo = reach_hi = FIRST_REACH if grow else 0
        while True:
            s = max(lo_limit, s0 - reach_lo)
            while s > 0 and not free(cells.cell(s)):
                s -= 1
            e = min(hi_limit, e0 + reach_hi)
            while e < n_links and not free(cells.cell(e)):
                e += 1
            new = self._align_span(cells.cell(s), cells.cell(e), constraints, memo, cancel)
            old = links[s:e]
            prefix = 0
            while prefix < min(len(old), len(new)) and same(old[prefix], new[prefix]):
                prefix += 1
            suffix = 0
            while suffix < min(len(old), len(new)) - prefix and same(old[-1 - suffix], new[-1 - suffix]):
                suffix += 1
            start_ok = s <= lo_limit or prefix >= MARGIN
            end_ok = e >= hi_limit or suffix >= MARGIN
            if not grow or (start_ok and end_ok):
                break
            if not start_ok:
                reach_lo *= GROWTH
            if not end_ok:
                reach_hi *= GROWTH
        # The rejoined ends keep the old links (and their confidences): only what differs is new.
        return s + prefix, e - suffix, new[prefix : len(new) - suffix], (cells.cell(s), cells.cell(e))

    def _align_span(
        self,
        start: Cell,
        end: Cell,
        constraints: _Constraints,
        memo: dict[tuple[Cell, Cell], list[Link]],
        cancel: CancelCallback | None,
    ) -> list[Link]:
        """Tier 1's links from `start` to `end` (free cells) through every pin between them."""
        linked, zh_alone, en_alone = constraints.inside(start, end)
        out: list[Link] = []
        cell = start
        for pin in [*linked, None]:
            stop = (pin.zh[0], pin.en[0]) if pin is not None else end
            stretch = memo.get((cell, stop))
            if stretch is None:
                zh = [i for i in zh_alone if cell[0] <= i < stop[0]]
                en = [j for j in en_alone if cell[1] <= j < stop[1]]
                stretch = self._stretches.align(cell, stop, self._ratio, zh_alone=zh, en_alone=en, cancel=cancel)
                memo[(cell, stop)] = stretch
            out += stretch
            if pin is not None:
                out.append(Link(pin.zh, pin.en, 1.0))
                cell = (pin.zh[-1] + 1, pin.en[-1] + 1)
        by_key = constraints.by_key
        return [Link(link.zh, link.en, 1.0) if _key(link) in by_key else link for link in out]

    def _pinned(self, alignment: Alignment, cells: Cells, constraints: _Constraints) -> Pinned:
        """A Pinned with its pins in the order of their links, its cells and pinned links already known."""
        pin_links = {self._link_of_pin(pin, cells): pin for pin in constraints.pins}
        order = tuple(pin_links[k] for k in sorted(pin_links))
        return Pinned.made(alignment, order, cells, pin_links)


def _inside(key: Key, span: tuple[Cell, Cell]) -> bool:
    """Whether a link's units lie within a span (cells)."""
    (z0, e0), (z1, e1) = span
    zh, en = key
    return all(z0 <= i < z1 for i in zh[:1] + zh[-1:]) and all(e0 <= j < e1 for j in en[:1] + en[-1:])


def _within(inner: tuple[Cell, Cell], outer: tuple[Cell, Cell]) -> bool:
    (a0, a1), (b0, b1) = inner, outer
    return b0[0] <= a0[0] and b0[1] <= a0[1] and a1[0] <= b1[0] and a1[1] <= b1[1]
