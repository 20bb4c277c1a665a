"""View ▸ Layout ▸ Paired Rows: each link's paragraphs start at the same height in both panes, as a printed
bilingual book sets them, and the two panes scroll as one.

Each link is a row as tall as its taller side; the shorter side's last paragraph gets the difference as extra
space below it (its block's bottom margin), and a one-sided link's height goes under the other side's paragraph
before it. (Not above a text's first paragraph: Qt ignores a document's first top margin, so a text that begins
with paragraphs the other lacks has its first pair offset by them.)

A block-format change makes Qt lay the document out again from that block on (10-50 ms a change on 10,000
paragraphs: the shift of everything below), so the margins are changed in slices of links, each slice in one
edit block (one re-layout), only where they change, after a few milliseconds of measuring: the rows on screen
first, then those below, then those above, from the screen up. The rows above a slice are not set yet (or set for
another width), so the space under the block just above the slice's first row, on each side, is chosen to put
that row's two tops level: the slice and everything below it are paired, whatever is above. That block is in the
same edit block (one re-layout, not two: each one re-places every block below it), and it is set as a row of its
own by the next slice up; the last slice starts at the top of the text.

Qt leaves the last block's bottom margin out of a document's height (and a margin on the root frame re-lays out
the whole document), so the shorter text's end is not padded: instead both scroll bars get the range of the
taller text, and the shorter pane shows its blank background past its end."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor

from reader_app.ui.pane import PARAGRAPH_SPACING
from reader_app.ui.scroll_linker import sync_fraction

if TYPE_CHECKING:
    from reader_app.core.alignment import Alignment, Link
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView

LANGUAGES = ("zh", "en")
# How long measuring one slice's rows may take; applying its margins then costs one re-layout (10-50 ms).
SLICE_SECONDS = 0.004
# At most this many links a slice: the re-layout of one edit block grows with the stretch it spans.
SLICE_LINKS = 160
# Margin changes reset per edit block when the rows are removed again.
CLEAR_BLOCKS = 160
# A scroll bar of the same width that draws nothing (only its place, in the text's background).
HIDDEN_BAR = ("QScrollBar:vertical { background: palette(base); border: none; width: %dpx; }"
              "QScrollBar::handle:vertical, QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical,"
              "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; border: none; }")
# No block before on this side (a text's leading one-sided paragraphs: their space has nowhere to go).
NO_BLOCK = -1
# While a pane still shows only the screens around the reading place (after a resize or zoom, see
# ui/relayout.py), the rows off screen wait this long between looks: their paragraphs' heights are estimates.
ESTIMATED_WAIT_MS = 15


class PairedRows(QObject):
    """The Paired rows layout on a ReaderView: on or off, and the slices that (re)compute the rows.

    Signals: rowsCompleted() when every link's row is set (after switching on, a resize, a zoom, a new
    alignment); marginsCleared() when, switched off, no added space is left in either pane."""

    rowsCompleted = Signal()
    marginsCleared = Signal()

    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self.view = view
        self.active = False
        self.complete = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._syncing = False
        self._linker_was_enabled = True
        # Blocks whose bottom margin this layout changed, per language.
        self._touched: dict[str, set[int]] = {language: set() for language in LANGUAGES}
        self._documents: dict[str, object] = {}
        self._clearing: dict[str, list[int]] = {}
        # The pass: the next link below the screen to set, and the first link set (from the screen up).
        self._phase = "idle"
        self._below = 0
        self._above = 0
        # Each pane's scroll range as Qt sets it (its text's height), before this layout widens it.
        self._own_maximum: dict[ParagraphPane, int] = {}
        self._ranging = False
        for pane in (view.zh_pane, view.en_pane):
            pane.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._on_pane_scrolled(p))
            pane.verticalScrollBar().rangeChanged.connect(
                lambda _low, high, p=pane: self._on_pane_range_changed(p, high))
            pane.layoutRestarted.connect(self._on_pane_layout_restarted)
            pane.placeKept.connect(self._on_pane_place_kept)
        view.alignmentChanged.connect(self._on_pane_layout_restarted)

    # -- switching ---------------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        if active == self.active:
            if active:
                self._show_one_bar()
            return
        self.active = active
        linker = self.view.linker
        if active:
            self._clearing = {}
            self._linker_was_enabled = linker.enabled
            linker.enabled = False  # the panes scroll as one: the rows are the link
            self._show_one_bar()
            self._widen_ranges()
            self.restart()
        else:
            self._timer.stop()
            self._phase = "idle"
            self.complete = False
            for pane in (self.view.zh_pane, self.view.en_pane):
                pane.verticalScrollBar().setStyleSheet("")
            linker.enabled = self._linker_was_enabled
            self._ranging = True
            try:
                for pane, maximum in self._own_maximum.items():
                    pane.verticalScrollBar().setRange(0, maximum)
            finally:
                self._ranging = False
            self._forget_replaced_documents()
            self._clearing = {language: sorted(blocks) for language, blocks in self._touched.items() if blocks}
            if self._clearing:
                self._timer.start()
            else:
                self.marginsCleared.emit()
            linker.sync_from(self.view.left)

    def _show_one_bar(self) -> None:
        """The left pane's bar drives; the right one's is hidden (it would only repeat it). Hidden by drawing
        nothing in its place: a bar taken away widens the viewport, which re-wraps the whole text (0.4-0.7 s in
        the middle of a 10,000-paragraph book)."""
        self.view.left.verticalScrollBar().setStyleSheet("")
        bar = self.view.right.verticalScrollBar()
        if not bar.styleSheet():
            bar.setStyleSheet(HIDDEN_BAR % (bar.width() if bar.isVisible() else bar.sizeHint().width()))
        self._on_pane_scrolled(self.view.left)

    def restart(self) -> None:
        """Set every row anew, those on screen first (the panes' text, width or zoom, or the alignment changed)."""
        if not self.active:
            return
        self.complete = False
        self._phase = "screen"
        self._timer.start()

    def _on_pane_layout_restarted(self) -> None:
        if self.active:
            self.restart()

    def _forget_replaced_documents(self) -> None:
        """Another text in a pane is another QTextDocument, with none of the margins of the last one."""
        for language in LANGUAGES:
            document = self.view.pane(language).document()
            if self._documents.get(language) is not document:
                self._documents[language] = document
                self._touched[language] = set()
                self._clearing.pop(language, None)

    # -- scrolling as one --------------------------------------------------------------------------

    def _on_pane_range_changed(self, pane: ParagraphPane, maximum: int) -> None:
        if self._ranging:
            return
        self._own_maximum[pane] = maximum
        if self.active:
            self._widen_ranges()

    def _widen_ranges(self) -> None:
        """Both bars reach as far as the taller text: the panes scroll as one to its end."""
        panes = (self.view.zh_pane, self.view.en_pane)
        for pane in panes:
            self._own_maximum.setdefault(pane, pane.verticalScrollBar().maximum())
        widest = max(self._own_maximum[pane] for pane in panes)
        self._ranging = True
        try:
            for pane in panes:
                if pane.verticalScrollBar().maximum() != widest:
                    pane.verticalScrollBar().setRange(0, widest)
        finally:
            self._ranging = False

    def _on_pane_place_kept(self) -> None:
        """A pane scrolled itself back to its reading place after a new width or zoom: the panes scroll as one
        again from the next turn on, once both have their new layout (the other may get its own in this turn)."""
        if self.active:
            QTimer.singleShot(0, self, lambda: self._on_pane_scrolled(self.view.left))

    def _on_pane_scrolled(self, pane: ParagraphPane) -> None:
        if not self.active or self._syncing or pane.keeping_place:
            return
        view = self.view
        other = view.en_pane if pane is view.zh_pane else view.zh_pane
        self._syncing = True
        try:
            view.linker.enabled = False
            other.verticalScrollBar().setValue(pane.verticalScrollBar().value())
        finally:
            self._syncing = False
        self._update_current_link()

    def _update_current_link(self) -> None:
        """The link at the left pane's sync point is the current one, as the linker finds it in Linked."""
        view = self.view
        alignment, left = view.alignment, view.left
        if alignment is None or not left.paragraphs:
            return
        bar = left.verticalScrollBar()
        page = left.viewport().height()
        y = bar.value() + sync_fraction(bar.value(), bar.maximum(), page) * page
        link = alignment.link_of(left.language, left.paragraph_at(y))
        if link is not None and link != view.linker.current_link:
            view.linker.current_link = link
            view.linker.currentLinkChanged.emit(link)

    # -- the pass ----------------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        if self._clearing:
            self._clear_step()
            return
        alignment = self.view.alignment
        if not self.active or alignment is None or not alignment.links:
            return
        if not all(self.view.pane(language).paragraphs for language in LANGUAGES):
            return  # the right pane's text comes in the next turn (ReaderView.complete): its restart follows
        self._forget_replaced_documents()
        left = self.view.left
        if self._phase != "screen" and any(self.view.pane(language).relayout.hiding
                                          for language in LANGUAGES):
            self._timer.start(ESTIMATED_WAIT_MS)
            return
        anchor = left.top_paragraph()
        links = alignment.links
        if self._phase == "screen":
            first = self._row_start(alignment, self._link_at(alignment, left.scroll_value()))
            last = self._link_at(alignment, left.scroll_value() + left.viewport().height())
            # (Rows reaching up into paragraphs hidden above the reading place, as a long run of one-sided links
            # does, are left to the pass above, once they are shown.)
            while first < len(links) and self._stretch_hidden(links, first):
                first = self._next_row(links, first)
            self._above = first
            self._below = self._set_rows(alignment, first, stop=len(links), at_least=last + 1 - first)
            self._phase = "below" if self._below < len(links) else "above"
        elif self._phase == "below":
            self._below = self._set_rows(alignment, self._below, stop=len(links), level=False)
            if self._below >= len(links):
                self._phase = "above"
        elif self._phase == "above" and self._above > 0:
            start = self._row_start(alignment, max(self._above - SLICE_LINKS, 0))
            self._set_rows(alignment, start, stop=self._above, at_least=self._above - start)
            self._above = start
        if self._phase == "above" and self._above == 0:
            self._phase = "idle"
        if anchor[0] >= 0:
            left.scroll_to_paragraph(*anchor)
        self._on_pane_scrolled(left)  # (the right pane at the left one's value even when that did not change)
        if self._phase == "idle":
            self.complete = True
            self.rowsCompleted.emit()
        else:
            self._timer.start()

    def _link_at(self, alignment: Alignment, y: float) -> int:
        pane = self.view.left
        link = alignment.link_of(pane.language, max(pane.paragraph_at(y), 0))
        return link if link is not None else 0

    def _stretch_hidden(self, links: Sequence[Link], k: int) -> bool:
        """Whether a paragraph of link `k` or of the one-sided links after it (whose space goes on its blocks) is
        hidden for now in its pane, away from the reading place after a resize or zoom (ui/relayout.py)."""
        panes = [(self.view.pane(language), language) for language in LANGUAGES]
        while True:
            link = links[k]
            if any(pane.relayout.is_hidden(i) for pane, language in panes
                   for i in (link.zh if language == "zh" else link.en)):
                return True
            k += 1
            if k >= len(links) or not links[k].is_gap:
                return False

    @staticmethod
    def _next_row(links: Sequence[Link], link: int) -> int:
        """The next two-sided link after `link` (or the end)."""
        link += 1
        while link < len(links) and links[link].is_gap:
            link += 1
        return link

    @staticmethod
    def _row_start(alignment: Alignment, link: int) -> int:
        """A slice starts at a two-sided link (or the first): the space of a one-sided link goes on the block
        before it, which the slice must set too."""
        while link > 0 and alignment.links[link].is_gap:
            link -= 1
        return link

    def _scale(self, pane: ParagraphPane) -> float:
        """Qt scales block margins by the paint device's dpi over 96 (there is none offscreen)."""
        device = pane.document().documentLayout().paintDevice()
        return device.logicalDpiY() / 96.0 if device is not None else 1.0

    def _set_rows(self, alignment: Alignment, start: int, stop: int, at_least: int = 0, level: bool = True) -> int:
        """Set the rows of the links from `start` (a two-sided link or 0) on: at least `at_least` of them, then
        while the measuring budget lasts, up to `stop`; a slice never ends before a one-sided link (its space
        goes on the block before it). With `level` (the rows above are not set), the first row is levelled with
        the space under the blocks just above it (see the module's docstring). Returns the link after the last
        one set."""
        view = self.view
        panes = {language: view.pane(language) for language in LANGUAGES}
        scales = {language: self._scale(pane) for language, pane in panes.items()}
        spacing = {language: PARAGRAPH_SPACING * scales[language] for language in LANGUAGES}
        extra: dict[str, dict[int, float]] = {language: {} for language in LANGUAGES}
        blocks: dict[str, list[int]] = {language: [] for language in LANGUAGES}
        last: dict[str, int] = {language: NO_BLOCK for language in LANGUAGES}
        links = alignment.links
        deadline = time.perf_counter() + SLICE_SECONDS
        k = start
        while k < stop:
            link = links[k]
            units = {"zh": link.zh, "en": link.en}
            if (k == start or not link.is_gap) and self._stretch_hidden(links, k):
                break  # an estimated height (ui/relayout.py) would stay in the row: set once shown (the next
                # phases wait for that)
            heights = {language: sum(panes[language]._block_rect(i).height() + spacing[language]
                                     for i in units[language]) for language in LANGUAGES}
            row = max(heights.values())
            for language in LANGUAGES:
                if units[language]:
                    blocks[language].extend(units[language])
                    last[language] = units[language][-1]
                deficit = row - heights[language]
                if deficit > 0 and last[language] != NO_BLOCK:
                    side = extra[language]
                    side[last[language]] = side.get(last[language], 0.0) + deficit
            k += 1
            if k >= stop or not links[k].is_gap and k - start >= at_least and (
                    k - start >= SLICE_LINKS or time.perf_counter() > deadline):
                break
        levelling = self._levelling(links[start], spacing) if level and 0 < start < k else {}
        for language in LANGUAGES:
            wanted = {block: PARAGRAPH_SPACING for block in blocks[language]}
            for block, pixels in extra[language].items():
                wanted[block] = PARAGRAPH_SPACING + pixels / scales[language]
            if language in levelling:
                block, pixels = levelling[language]
                wanted[block] = pixels / scales[language]
            self._apply(language, wanted)
        return k

    def _levelling(self, link: Link, spacing: dict[str, float]) -> dict[str, tuple[int, float]]:
        """language -> (block, pixels): the space under the block just above `link` on each side that puts the
        link's two tops level (Qt places a block its previous block's bottom margin below that block). None
        where a side has no block above it (nowhere to put the space), or while one is hidden (its rectangle is
        an estimate: ui/relayout.py; the rows above wait until it is shown)."""
        panes = {language: self.view.pane(language) for language in LANGUAGES}
        above = {"zh": link.zh[0] - 1, "en": link.en[0] - 1}
        if any(above[language] < 0 or panes[language].relayout.is_hidden(above[language])
               for language in LANGUAGES):
            return {}
        bottoms = {language: panes[language]._block_rect(above[language]).bottom() for language in LANGUAGES}
        lowest = max(bottoms.values())
        return {language: (above[language], spacing[language] + lowest - bottoms[language])
                for language in LANGUAGES}

    def _apply(self, language: str, wanted: dict[int, float]) -> None:
        """Give the blocks their bottom margins, changing only those that differ, in one edit block (one
        re-layout)."""
        pane = self.view.pane(language)
        document = pane.document()
        touched = self._touched[language]
        cursor: QTextCursor | None = None
        for block_number in sorted(wanted):
            margin = wanted[block_number]
            block = document.findBlockByNumber(block_number)
            if not block.isValid():
                continue
            block_format = block.blockFormat()
            if abs(block_format.bottomMargin() - margin) < 0.01:
                continue
            if cursor is None:
                cursor = QTextCursor(document)
                cursor.beginEditBlock()
            block_format.setBottomMargin(margin)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(block_format)
            if margin == PARAGRAPH_SPACING:
                touched.discard(block_number)
            else:
                touched.add(block_number)
        if cursor is not None:
            cursor.endEditBlock()

    # -- switching back ----------------------------------------------------------------------------

    def _clear_step(self) -> None:
        """Remove the added space of the next stretch of blocks; marginsCleared after the last."""
        self._forget_replaced_documents()
        for language in list(self._clearing):
            blocks = self._clearing[language]
            chunk, self._clearing[language] = blocks[:CLEAR_BLOCKS], blocks[CLEAR_BLOCKS:]
            if not self._clearing[language]:
                del self._clearing[language]
            self._apply(language, dict.fromkeys(chunk, PARAGRAPH_SPACING))
            break
        if self._clearing:
            self._timer.start()
        else:
            self.view.linker.sync_from(self.view.left)
            self.marginsCleared.emit()

    def clear_now(self) -> None:
        """Remove all the added space at once (a test's or a closing window's; the reader's goes in slices)."""
        while self._clearing:
            self._clear_step()
