"""A pane's re-layout after a width or zoom change: the reading place first, the paragraphs around it after.

Qt lays a document out from its top down, and any change re-places every block below it: after a new width or
font, finding where the paragraph being read now is meant wrapping every paragraph above it again (0.2-0.5 s in the
middle of a 10,000-paragraph book, in one event-loop turn). Instead, before the change, every paragraph but a few
screens around the reading place is hidden (QTextBlock.setVisible: Qt's layout skips a hidden block and gives it
no height), and the first one shown gets the estimated height of those above it as its top margin, so it stays
about where the scroll bar says. The reading place is laid out at once and shown where it was. Then the hidden
paragraphs come back in slices of a few milliseconds: those above first, nearest the reading place first, each
slice's estimate corrected in the margin so that nothing on screen moves; then those below, from the screen down.
Each slice re-places only the few screens shown below it, not the whole book. When none is hidden, the margin is
gone and the geometry is exactly that of a layout from scratch.

While paragraphs are hidden, their rectangles are estimates (pane.paragraph_top) from a model of their heights
(their length in lines of average characters at the new width and font, scaled by how well the model fitted the
old layout), above or below the paragraphs shown."""

from __future__ import annotations

import math
import time
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QRectF, SignalInstance
from PySide6.QtGui import QFont, QFontMetricsF, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QScrollBar, QWidget


class _Pane(Protocol):
    """What this module uses of a ParagraphPane (which owns it: no import back)."""

    @property
    def paragraphs(self) -> Sequence[object]: ...

    document_font: QFont
    keeping_place: bool
    placeKept: SignalInstance

    def document(self) -> QTextDocument: ...
    def viewport(self) -> QWidget: ...
    def verticalScrollBar(self) -> QScrollBar: ...  # noqa: N802 (Qt's name)
    def top_paragraph(self) -> tuple[int, float]: ...
    def paragraph_at(self, y: float) -> int: ...
    def paragraph_top(self, index: int) -> float: ...
    def paragraph_bottom(self, index: int) -> float: ...
    def scroll_value(self) -> int: ...
    def scroll_to_paragraph(self, index: int, fraction: float = 0.0) -> None: ...
    def report_layout_size(self, index: int) -> None: ...

# Paragraphs kept shown above the top one: a few lines' scroll up, and the block a Paired rows correction goes on.
LEAD = 16
# Screens kept shown below the top of the reading place (at the new width and size, as modelled).
SCREENS_BELOW = 3
# Fewer hidden paragraphs than this on a side: Qt lays them out faster than hiding them costs.
HIDE_FROM = 300
# How long one slice of paragraphs coming back should take: one call into Qt, so the size of a slice follows what
# the last one cost. Each call also walks every hidden block (about 1 us each: 10 ms on a 10,000-paragraph book
# whatever the slice), so slices of a few milliseconds would spend most of it walking.
REVEAL_SECONDS = 0.015  # (both panes' slices fall in one turn of the event loop)
FIRST_SLICE = 200
SMALLEST_SLICE = 100


class ReadingPlaceFirst:
    """One pane's hidden paragraphs, [0, hidden_end) above the reading place and [shown_end, count) below it, their
    estimated rectangles, and the slices that show them again."""

    def __init__(self, pane: _Pane, spacing: float) -> None:
        self.pane = pane
        self.spacing = spacing  # the pane's space under a paragraph, in the model
        self.hidden_end = 0
        self.shown_end = 0
        self._tops: list[float] = []  # modelled tops of every block at the new width and font, and the end
        self._fit = 1.0  # the modelled tops above scaled to end at the first shown block's real top
        self._slice = FIRST_SLICE
        self._margin_from = 0
        self.lengths: list[int] = []  # characters per paragraph, for the model

    def forget(self, lengths: list[int]) -> None:
        """A new document: nothing hidden in it."""
        self.hidden_end, self.shown_end = 0, len(lengths)
        self._tops = []
        self.lengths = lengths

    @property
    def hiding(self) -> bool:
        return bool(self.hidden_end) or self.shown_end < len(self.lengths)

    # -- estimates while hidden --------------------------------------------------------------------

    def is_hidden(self, index: int) -> bool:
        return index < self.hidden_end or index >= self.shown_end

    def estimated_rect(self, index: int) -> QRectF:
        """Where a hidden paragraph will be, about."""
        tops = self._tops
        if index < self.hidden_end:
            top, bottom = tops[index] * self._fit, tops[index + 1] * self._fit
        else:
            offset = self.pane.paragraph_bottom(self.shown_end - 1) + self.spacing - tops[self.shown_end]
            top, bottom = tops[index] + offset, tops[index + 1] + offset
        margin = self.pane.document().documentMargin()
        return QRectF(margin, top, max(self.pane.document().textWidth() - 2 * margin, 0.0),
                      max(bottom - top - self.spacing, 1.0))

    # -- a width or zoom change --------------------------------------------------------------------

    def prepare(self, old_width: float, viewport_width: float, font: QFont) -> tuple[int, float]:
        """Before a change from `old_width` (the viewport's) and the pane's font to `viewport_width` and `font`:
        hide what is away from the reading place; returns the reading place (paragraph, fraction) for settle()."""
        pane = self.pane
        count = len(pane.paragraphs)
        anchor = pane.top_paragraph()
        index = anchor[0]
        if index < 0 or count != len(self.lengths):
            return anchor
        # How well the model fits: the old layout's bottom of the screen against the model's at the old width.
        page = pane.viewport().height()
        seen = pane.paragraph_at(pane.scroll_value() + page)
        old = self._modelled_tops(old_width, pane.document_font)
        fit = pane.paragraph_bottom(seen) / old[seen + 1] if old[seen + 1] > 0 else 1.0
        tops = [top * fit for top in self._modelled_tops(viewport_width, font)]
        start = index - LEAD if index - LEAD >= HIDE_FROM else 0
        end = min(bisect_left(tops, tops[index] + SCREENS_BELOW * page) + LEAD, count)
        if count - end < HIDE_FROM:
            end = count
        # Visibility is a flag Qt reads when it lays a block out, and the change of width or font that follows lays
        # out every block anew (no markContentsDirty). Only the flags that change are set: each is a call from
        # Python (1-2 us), and a book has 10,000 blocks.
        shown = (self.hidden_end, self.shown_end)
        for low, high in _difference(shown, (start, end)):
            self._set_visible(range(low, high), False)
        for low, high in _difference((start, end), shown):
            self._set_visible(range(low, high), True)
        self._margin_from = self.hidden_end  # the block with the old margin, cleared in settle()
        self.hidden_end, self.shown_end, self._tops, self._fit = start, end, tops, 1.0
        # QTextEdit lays the new width out down to the scroll bar's value at once (relayoutDocument): the value
        # goes to 0 unannounced, and settle() puts the reading place back.
        bar = pane.verticalScrollBar()
        blocked = bar.blockSignals(True)
        bar.setValue(0)
        bar.blockSignals(blocked)
        return anchor

    def settle(self, anchor: tuple[int, float]) -> None:
        """After the change: the reading place laid out (with what is shown below it) and scrolled back to."""
        pane = self.pane
        if anchor[0] < 0:
            return
        # The margin standing for the paragraphs hidden above, set now that Qt lays out anew from its top (before
        # the change, it would have re-placed every block below it in the old layout), and once what is shown is
        # laid out: a change in a document laid out in part leaves the blocks just past that part without lines.
        pane.paragraph_bottom(self.shown_end - 1)
        document = pane.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        if self._margin_from and self._margin_from != self.hidden_end:
            self._set_top_margin(cursor, self._margin_from, 0.0)
        if self.hidden_end:
            self._set_top_margin(cursor, self.hidden_end, self._tops[self.hidden_end] - document.documentMargin())
        cursor.endEditBlock()
        self._margin_from = 0
        pane.report_layout_size(self.shown_end - 1)
        self._fit_above()
        self._keep_place(anchor)

    # -- showing them again ------------------------------------------------------------------------

    def reveal_step(self) -> None:
        """Show the next slice of hidden paragraphs: above the reading place (the nearest first), then below it."""
        began = time.perf_counter()
        if self.hidden_end:
            self._reveal_above()
        elif self.shown_end < len(self.lengths):
            self._reveal_below()
        spent = time.perf_counter() - began
        # The next slice as large as fits the budget, neither collapsing nor exploding on one odd measurement.
        self._slice = max(SMALLEST_SLICE, min(int(self._slice * min(max(REVEAL_SECONDS / max(spent, 1e-4), 0.5), 1.5)),
                                              4000))

    def _reveal_above(self) -> None:
        """The slice just above the first block shown; the margin it carried goes, less the slice's real height,
        on the new first block shown, so that the old one stays exactly where it is."""
        pane = self.pane
        document = pane.document()
        end = self.hidden_end
        start = max(0, end - self._slice)
        if start < HIDE_FROM // 2:
            start = 0  # the last few: no margin left a few paragraphs from the top
        anchor = pane.top_paragraph()
        kept_top = pane.paragraph_top(end)
        guess = self._tops[start] * self._fit - document.documentMargin()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        self._set_visible(range(start, end), True)
        self._set_top_margin(cursor, end, 0.0)
        if start:
            self._set_top_margin(cursor, start, guess)
        self.hidden_end = start
        first, last = document.findBlockByNumber(start), document.findBlockByNumber(end)
        # (Inside the edit block: the margins' change and the shown blocks are laid out in one pass.)
        document.markContentsDirty(first.position(), last.position() + last.length() - first.position())
        cursor.endEditBlock()
        error = kept_top - pane.paragraph_top(end)
        if start and abs(error) >= 0.25 and guess + error >= 0:
            self._set_top_margin(QTextCursor(document), start, guess + error)
        self._fit_above()
        if anchor[0] >= 0 and abs(pane.paragraph_top(end) - kept_top) >= 0.25:
            self._keep_place(anchor)  # the last slice (no margin left to correct), or a too low estimate

    def _reveal_below(self) -> None:
        """The slice just below the last block shown: nothing shown is below it, so nothing moves."""
        document = self.pane.document()
        start = self.shown_end
        end = min(start + self._slice, len(self.lengths))
        if len(self.lengths) - end < HIDE_FROM // 2:
            end = len(self.lengths)
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        self._set_visible(range(start, end), True)
        self.shown_end = end
        first, last = document.findBlockByNumber(start), document.findBlockByNumber(end - 1)
        document.markContentsDirty(first.position(), last.position() + last.length() - first.position())
        cursor.endEditBlock()

    # -- helpers -----------------------------------------------------------------------------------

    def _keep_place(self, anchor: tuple[int, float]) -> None:
        """Scroll back to the reading place `anchor` (top_paragraph's) after the layout moved it."""
        pane = self.pane
        pane.keeping_place = True
        try:
            pane.scroll_to_paragraph(*anchor)
        finally:
            pane.keeping_place = False
        pane.placeKept.emit()

    def _fit_above(self) -> None:
        """Scale the modelled tops above to end at the first shown block's real top."""
        if self.hidden_end and self._tops[self.hidden_end] > 0:
            self._fit = self.pane.paragraph_top(self.hidden_end) / self._tops[self.hidden_end]

    def _set_visible(self, numbers: range, visible: bool) -> None:
        if not numbers:
            return
        block = self.pane.document().findBlockByNumber(numbers.start)
        for _number in numbers:
            block.setVisible(visible)
            block = block.next()

    def _set_top_margin(self, cursor: QTextCursor, number: int, pixels: float) -> None:
        """A top margin only (Paired rows' bottom margins are kept), in Qt's unit (it scales by dpi / 96)."""
        block = self.pane.document().findBlockByNumber(number)
        if not block.isValid():
            return
        device = self.pane.document().documentLayout().paintDevice()
        scale = device.logicalDpiY() / 96.0 if device is not None else 1.0
        margin = QTextBlockFormat()
        margin.setTopMargin(max(pixels, 0.0) / scale)
        cursor.setPosition(block.position())
        cursor.mergeBlockFormat(margin)

    def _modelled_tops(self, viewport_width: float, font: QFont) -> list[float]:
        """Tops of every block, and the end, as modelled: lines of average characters at this width and font,
        plus the spacing under each paragraph."""
        metrics = QFontMetricsF(font)
        line, spacing, ceil = metrics.lineSpacing(), self.spacing, math.ceil
        margin = self.pane.document().documentMargin()
        per_line = max(viewport_width - 2 * margin, 1.0) / max(metrics.averageCharWidth(), 1.0)
        heights = [line * (ceil(length / per_line) or 1) + spacing for length in self.lengths]
        return list(accumulate(heights, initial=margin))


class QtLayoutTimers(QObject):
    """Holds back the timer events of a document layout while the pane's own layout pump runs.

    Qt lays out a long document lazily on a 10 ms timer whose step doubles each time up to 200,000 characters
    (qtextdocumentlayout.cpp): on 10,000 paragraphs one step blocked the event loop for 300 ms. The pump lays
    out the same document in 8 ms slices; Qt's steps (and its size reports, which the pump emits itself) wait
    until it is done, when there is nothing left for them to do but report the final size."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.active = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        return self.active and event.type() == QEvent.Type.Timer


def _difference(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[int, int]]:
    """The ranges of [a0, a1) outside [b0, b1)."""
    return [(low, high) for low, high in ((a[0], min(a[1], b[0])), (max(a[0], b[1]), a[1])) if low < high]
