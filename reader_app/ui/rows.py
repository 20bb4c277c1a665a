"""View ▸ Layout ▸ Paired Rows: each link's paragraphs start at the same height in both panes, as a printed
bilingual book sets them, and the two panes scroll as one.

Each link is a row as tall as its taller side; the shorter side's last paragraph gets the difference as extra
space below it (its block's bottom margin), and a one-sided link's height goes under the other side's paragraph
before it. (Not above a text's first paragraph: Qt ignores a document's first top margin, so a text that begins
with paragraphs the other lacks has its first pair offset by them.)

A block-format change makes Qt lay the document out again from that block on (10-50 ms a change on 10,000
paragraphs: the shift of everything below), so the margins are changed in slices of links, each slice in one
edit block (one re-layout), only where they change, after a few milliseconds of measuring: the rows on screen
first, then those below, then those above. While the rows above are still unequal, a correction on the block
just above the first row on screen keeps what is on screen paired; it is folded away by the time the last slice
above is done.

Qt leaves the last block's bottom margin out of a document's height (and a margin on the root frame re-lays out
the whole document), so the shorter text's end is not padded: instead both scroll bars get the range of the
taller text, and the shorter pane shows its blank background past its end."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor

from reader_app.ui.pane import PARAGRAPH_SPACING
from reader_app.ui.scroll_linker import sync_fraction

if TYPE_CHECKING:
    from reader_app.core.alignment import Alignment
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
        # The pass: the first link on screen, the next link below it and the next above it to set.
        self._phase = "idle"
        self._screen = 0
        self._below = 0
        self._above = 0
        # The correction keeping the rows on screen paired while those above are unequal: language -> (block,
        # pixels) on the block just above the screen's first row.
        self._correction: dict[str, tuple[int, float]] = {}
        # Each pane's scroll range as Qt sets it (its text's height), before this layout widens it.
        self._own_maximum: dict[ParagraphPane, int] = {}
        self._ranging = False
        for pane in (view.zh_pane, view.en_pane):
            pane.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._on_pane_scrolled(p))
            pane.verticalScrollBar().rangeChanged.connect(
                lambda _low, high, p=pane: self._on_pane_range_changed(p, high))
            pane.layoutRestarted.connect(self._on_pane_layout_restarted)
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
            self._correction = {}
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

    def _on_pane_scrolled(self, pane: ParagraphPane) -> None:
        if not self.active or self._syncing:
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
        anchor = left.top_paragraph()
        links = alignment.links
        if self._phase == "screen":
            self._correction = {}
            first = self._row_start(alignment, self._link_at(alignment, left.scroll_value()))
            last = self._link_at(alignment, left.scroll_value() + left.viewport().height())
            self._screen = first
            self._below = self._set_rows(alignment, first, stop=len(links), at_least=last + 1 - first)
            self._correct()
            self._phase = "below" if self._below < len(links) else "above"
            self._above = 0
        elif self._phase == "below":
            self._below = self._set_rows(alignment, self._below, stop=len(links))
            if self._below >= len(links):
                self._phase = "above"
        elif self._phase == "above":
            self._above = self._set_rows(alignment, self._above, stop=self._screen) if self._screen else 0
            self._correct()
            if self._above >= self._screen:
                self._phase = "idle"
        if anchor[0] >= 0:
            left.scroll_to_paragraph(*anchor)
        if self._phase == "idle":
            self.complete = True
            self.rowsCompleted.emit()
        else:
            self._timer.start()

    def _link_at(self, alignment: Alignment, y: float) -> int:
        pane = self.view.left
        link = alignment.link_of(pane.language, max(pane.paragraph_at(y), 0))
        return link if link is not None else 0

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

    def _set_rows(self, alignment: Alignment, start: int, stop: int, at_least: int = 0) -> int:
        """Set the rows of the links from `start` (a two-sided link or 0) on: at least `at_least` of them, then
        while the measuring budget lasts, up to `stop`; a slice never ends before a one-sided link (its space
        goes on the block before it). Returns the link after the last one set."""
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
        for language in LANGUAGES:
            wanted = {block: PARAGRAPH_SPACING for block in blocks[language]}
            for block, pixels in extra[language].items():
                wanted[block] = PARAGRAPH_SPACING + pixels / scales[language]
            correction = self._correction.get(language)
            if correction is not None and correction[0] in wanted:
                wanted[correction[0]] += correction[1] / scales[language]
            self._apply(language, wanted)
        return k

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

    def _correct(self) -> None:
        """Pair the first row on screen again while the rows above it are not all set: the difference of its
        two tops goes on the block just above it on the side that is higher (less what the other side has)."""
        alignment = self.view.alignment
        first = self._screen
        if alignment is None or first <= 0 or first >= len(alignment.links):
            self._correction = {}
            return
        link = alignment.links[first]
        units = {"zh": link.zh, "en": link.en}
        if not units["zh"] or not units["en"]:
            return
        tops = {language: self.view.pane(language).paragraph_top(units[language][0]) for language in LANGUAGES}
        current = {language: self._correction.get(language, (NO_BLOCK, 0.0))[1] for language in LANGUAGES}
        natural = tops["en"] - current["en"] - (tops["zh"] - current["zh"])  # how much lower en starts
        wanted = {"zh": max(natural, 0.0), "en": max(-natural, 0.0)}
        for language in LANGUAGES:
            if abs(wanted[language] - current[language]) < 0.01:
                continue
            pane = self.view.pane(language)
            block = units[language][0] - 1
            if block == NO_BLOCK:
                continue  # only one-sided paragraphs of the other text above: nowhere to put the space
            self._correction[language] = (block, wanted[language])
            now = pane.document().findBlockByNumber(block).blockFormat().bottomMargin()
            self._apply(language, {block: now + (wanted[language] - current[language]) / self._scale(pane)})

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
