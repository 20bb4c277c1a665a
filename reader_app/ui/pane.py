"""A read-only pane showing one side's paragraphs, one text block per paragraph."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from reader_app.core.model import Paragraph, ParagraphKind
from reader_app.ui.background import background_work
from reader_app.ui.fonts import is_drawable
from reader_app.ui.pane_build import (  # (MAIN_FONT_RANGES, undrawable_characters: pane's API of before)
    HEADING_SCALE,
    MAIN_FONT_RANGES,  # noqa: F401
    PARAGRAPH_SPACING,
    DocumentBuild,
    undrawable_characters,  # noqa: F401
)
from reader_app.ui.relayout import QtLayoutTimers, ReadingPlaceFirst


class ParagraphPane(QTextBrowser):
    """Shows paragraphs as the blocks of its QTextDocument; block number i is paragraph i.

    Signals: paragraphHovered(int) (-1 when the mouse leaves text), paragraphClicked(int, int) (paragraph
    index, character offset inside it), geometryChanged() when paragraph positions may have moved,
    layoutRestarted() when every paragraph is to be laid out again (new text, width or zoom), placeKept() after
    the pane scrolled itself back to its reading place during such a layout (keeping_place is true meanwhile: the
    scroll follows the layout, not the reader).
    """

    paragraphHovered = Signal(int)
    paragraphClicked = Signal(int, int)
    geometryChanged = Signal()
    layoutCompleted = Signal()
    layoutRestarted = Signal()
    placeKept = Signal()

    # How long one step of the background layout may hold the event loop.
    LAYOUT_STEP_SECONDS = 0.008
    # How long the background layout waits while another thread of the window works (see background_work).
    LAYOUT_YIELD_MS = 15

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setUndoRedoEnabled(False)
        self.setObjectName(f"{language}Pane")
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self._paragraphs: tuple[Paragraph, ...] = ()
        self._hovered = -1
        self._backgrounds: dict[int, QColor] = {}
        self._hint = 0  # last paragraph found by paragraph_at: scrolling is local, so searches start there
        self.layout_done = False
        self._layout_next = 0
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.setInterval(0)
        self._layout_timer.timeout.connect(self._layout_step)
        self._layout_deferred = False
        self._qt_layout_timers = QtLayoutTimers(self)
        # After a new width or zoom: which paragraphs are hidden for now, away from the reading place.
        self.relayout = ReadingPlaceFirst(self, PARAGRAPH_SPACING)
        self._tooltips: dict[int, str] = {}
        # Characters no font can draw, by paragraph: (position in the block, code point); painted as placeholders.
        self._placeholders: dict[int, list[tuple[int, int]]] = {}
        self.drawable: Callable[[str], bool] = is_drawable
        # Extra selections by purpose (cross-highlight, find match, flash), combined into one list for Qt.
        self._selections: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.document_font = QFont()
        self.keeping_place = False

    # -- content -----------------------------------------------------------------------------------

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._paragraphs

    def set_paragraphs(self, paragraphs: Sequence[Paragraph], font: QFont, texts: Sequence[str] | None = None) -> None:
        """Replace the content (`texts` overrides the display texts, e.g. converted script); builds the document
        off-screen and swaps it in, so layout happens once."""
        self.show_built(self.build(paragraphs, font, texts).finish())

    def build(self, paragraphs: Sequence[Paragraph], font: QFont, texts: Sequence[str] | None = None) -> DocumentBuild:
        """A document of these paragraphs to build, at once or in slices, for show_built (see set_paragraphs)."""
        texts = [p.text for p in paragraphs] if texts is None else texts
        return DocumentBuild(paragraphs, texts, font, self.drawable, self)

    def show_built(self, build: DocumentBuild) -> None:
        """Show a finished build's document in place of the one shown."""
        self.document_font = QFont(build.font)
        doc = build.document
        self._placeholders = build.placeholders
        self._backgrounds = {}
        self._selections.clear()
        self._tooltips.clear()
        self.relayout.forget([len(text) for text in build.texts])
        # No paragraphs while the document is set: the scroll bar it brings re-sizes the viewport, and a new text
        # has no reading place to keep through that (keeping it hid 10,000 blocks: 100-150 ms, see resizeEvent).
        self._paragraphs = ()
        self.setDocument(doc)
        self._paragraphs = build.paragraphs
        self._hint = 0
        doc.documentLayout().documentSizeChanged.connect(self._invalidate_geometry)
        doc.documentLayout().installEventFilter(self._qt_layout_timers)
        self._invalidate_geometry()
        self._restart_layout()

    def paragraph_text(self, index: int) -> str:
        return self.document().findBlockByNumber(index).text()

    def set_zoom(self, point_size: float) -> None:
        """Change the font size of every paragraph (headings keep their relative size), keeping the reading place
        (see ReadingPlaceFirst)."""
        font = QFont(self.document_font)
        font.setPointSizeF(point_size)
        width = self.viewport().width()
        anchor = self.relayout.prepare(width, width, font)
        self.document_font = font
        doc = self.document()
        # The headings' sizes first, in one edit block: each change alone made Qt lay the document out down to it
        # (0.95 s for a book's 84 headings); together, in the old layout, they re-lay only what is shown.
        chars = QTextCharFormat()
        chars.setFontPointSize(point_size * HEADING_SCALE)  # (the block's format too: as set_paragraphs makes it)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for index, paragraph in enumerate(self._paragraphs):
            if paragraph.kind is ParagraphKind.HEADING:
                block = doc.findBlockByNumber(index)
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(chars)
                cursor.mergeBlockCharFormat(chars)
        cursor.endEditBlock()
        doc.setDefaultFont(font)  # (Qt lays the document out anew, lazily, from its top)
        self._invalidate_geometry()
        self._restart_layout()
        self.relayout.settle(anchor)

    # -- geometry ----------------------------------------------------------------------------------

    def _invalidate_geometry(self, *_args: object) -> None:
        self.geometryChanged.emit()

    def _restart_layout(self) -> None:
        self._qt_layout_timers.active = True
        self.layout_done = False
        self._layout_next = 0
        if not self._layout_deferred:
            self._layout_timer.start()
        self.layoutRestarted.emit()

    def defer_layout(self, deferred: bool) -> None:
        """While deferred, the whole-document layout waits (what is shown is laid out as usual): laying out
        10,000 paragraphs takes 200 MB, better spent after the aligner's process has ended."""
        self._layout_deferred = deferred
        if deferred:
            self._layout_timer.stop()
        elif not self.layout_done:
            self._layout_timer.start()

    def _layout_step(self) -> None:
        """Lay out the next stretch of a long document within a small time budget, so the event loop stays
        responsive; whole-document geometry (the overview ruler) waits for layoutCompleted."""
        if background_work.busy():
            # Another thread of the window computes (the notes of a book being read and placed): each Qt call
            # of a step would wait for the GIL, stretching an 8 ms step to 50-100 ms. The layout waits instead.
            self._layout_timer.start(self.LAYOUT_YIELD_MS)
            return
        self._layout_timer.setInterval(0)
        if self.relayout.hiding:
            # After a new width or zoom, the paragraphs hidden away from the reading place come back first, with
            # Qt's layout complete down to them (a change in a document laid out in part leaves the blocks past
            # that part without lines).
            self._block_rect(self.relayout.shown_end - 1)
            self.relayout.reveal_step()
            self.report_layout_size(self.relayout.shown_end - 1)
            self._layout_timer.start()
            return
        count = len(self._paragraphs)
        deadline = time.perf_counter() + self.LAYOUT_STEP_SECONDS
        index = self._layout_next
        while index < count - 1 and time.perf_counter() < deadline:
            index = min(count - 1, index + 16)
            self._block_rect(index)  # asking for a block's rectangle lays the document out up to it
        self._layout_next = index
        if count == 0 or index >= count - 1:
            self._qt_layout_timers.active = False
            if not self.layout_done:
                self.layout_done = True
                self.layoutCompleted.emit()
        else:
            self.report_layout_size(index)
            self._layout_timer.start()

    def report_layout_size(self, index: int) -> None:
        """Qt's own size report is held back with its layout timer (see QtLayoutTimers): give it, so that the
        scroll bars reach what is laid out so far (down to paragraph `index` at least). (documentSize() would
        finish the whole layout at once.)"""
        if self._paragraphs:
            bottom = self._block_rect(min(index, len(self._paragraphs) - 1)).bottom()
            self.document().documentLayout().documentSizeChanged.emit(QSizeF(self.document().textWidth(), bottom))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        old_width, width = event.oldSize().width(), event.size().width()
        if old_width == width or old_width < 0 or not self._paragraphs:
            super().resizeEvent(event)
            if old_width != width:
                self._restart_layout()
        else:
            anchor = self.relayout.prepare(old_width, width, self.document_font)
            super().resizeEvent(event)  # a new width re-wraps every paragraph
            self._restart_layout()
            self.relayout.settle(anchor)
        self._invalidate_geometry()

    # Geometry is asked of Qt's layout each time, never cached for the whole document: Qt lays out long
    # documents progressively in idle time, and asking for every block at once would force the whole layout
    # (half a second for 10,000 paragraphs) on the GUI thread. A block far down is laid out when first asked.

    def _block_rect(self, index: int) -> QRectF:
        if self.relayout.is_hidden(index):
            return self.relayout.estimated_rect(index)  # (Qt gives a hidden block no rectangle at all)
        return self.document().documentLayout().blockBoundingRect(self.document().findBlockByNumber(index))

    def paragraph_top(self, index: int) -> float:
        """Top of paragraph `index` in document coordinates (the scroll bar's unit)."""
        if index >= len(self._paragraphs):
            return self.document_height()
        return self._block_rect(index).top()

    def paragraph_bottom(self, index: int) -> float:
        return self._block_rect(index).bottom()

    def document_height(self) -> float:
        """Height of the document as laid out so far (grows while Qt lays out a long document)."""
        return float(self.verticalScrollBar().maximum() + self.viewport().height())

    def paragraph_at(self, y: float) -> int:
        """Index of the paragraph whose extent contains document y (clamped to the first/last paragraph).

        Gallops from the previous answer before bisecting, so a scroll step probes only nearby paragraphs and
        never forces Qt to lay out the far end of a long document."""
        count = len(self._paragraphs)
        if not count:
            return -1
        hint = min(self._hint, count - 1)
        step = 1
        if self._block_rect(hint).top() <= y:
            lo, hi = hint, hint
            while hi < count - 1 and self._block_rect(hi).top() <= y:
                lo, hi = hi, min(count - 1, hi + step)
                step *= 2
            if self._block_rect(hi).top() <= y:
                lo = hi
        else:
            lo, hi = hint, hint
            while lo > 0 and self._block_rect(lo).top() > y:
                hi, lo = lo, max(0, lo - step)
                step *= 2
            if self._block_rect(lo).top() > y:
                self._hint = 0
                return 0
        while lo < hi:  # the last paragraph whose top is <= y
            mid = (lo + hi + 1) // 2
            if self._block_rect(mid).top() <= y:
                lo = mid
            else:
                hi = mid - 1
        self._hint = lo
        return lo

    def scroll_value(self) -> int:
        return self.verticalScrollBar().value()

    def top_paragraph(self) -> tuple[int, float]:
        """The paragraph at the top edge of the viewport and how far into it (0..1) the edge is."""
        y = self.scroll_value()
        index = self.paragraph_at(y)
        if index < 0:
            return -1, 0.0
        height = max(self.paragraph_bottom(index) - self.paragraph_top(index), 1.0)
        return index, min(max((y - self.paragraph_top(index)) / height, 0.0), 1.0)

    def scroll_to_paragraph(self, index: int, fraction: float = 0.0) -> None:
        if 0 <= index < len(self._paragraphs):
            top = self.paragraph_top(index)
            height = self.paragraph_bottom(index) - top
            self.verticalScrollBar().setValue(round(top + fraction * height))

    # -- highlighting ------------------------------------------------------------------------------

    def set_block_backgrounds(self, colours: dict[int, QColor]) -> None:
        """Give the listed paragraphs a background (omissions, low confidence) and clear all others.

        Painted under the text by paintEvent, not stored as block formats: a format change makes Qt lay the
        block out again, which for thousands of paragraphs blocked the window for half a second."""
        # A copy of each colour given, made once: thousands of omissions share a few colours.
        copies: dict[int, QColor] = {}
        self._backgrounds = {i: copies.get(id(c)) or copies.setdefault(id(c), QColor(c)) for i, c in colours.items()}
        self.viewport().update()

    def block_background(self, index: int) -> QColor | None:
        return self._backgrounds.get(index)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._backgrounds and self._paragraphs:
            painter = QPainter(self.viewport())
            offset = self.scroll_value()
            area = event.rect()
            first = self.paragraph_at(offset + area.top())
            last = self.paragraph_at(offset + area.bottom())
            width = self.viewport().width()
            for index in range(max(first, self.relayout.hidden_end), min(last + 1, self.relayout.shown_end)):
                colour = self._backgrounds.get(index)
                if colour is not None:
                    rect = self._block_rect(index)
                    # The paragraph's lines (Qt's block rectangle leaves out the spacing below), across the pane.
                    painter.fillRect(QRectF(0, rect.top() - offset, width, rect.height()), colour)
            painter.end()
        super().paintEvent(event)
        if self._placeholders and self._paragraphs:
            self._paint_placeholders(event.rect())

    # -- characters no font draws ------------------------------------------------------------------

    def placeholders(self) -> dict[int, list[tuple[int, int]]]:
        """Paragraph index -> [(position in its block, code point)] of the characters shown as placeholders."""
        return {index: list(found) for index, found in self._placeholders.items()}

    def placeholder_rect(self, index: int, position: int) -> QRectF:
        """The cell of the placeholder at `position` (UTF-16 units) of paragraph `index`, in viewport coordinates."""
        block = self.document().findBlockByNumber(index)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + position)
        start = self.cursorRect(cursor)
        code_point = dict(self._placeholders.get(index, ())).get(position, 0)
        cursor.setPosition(block.position() + position + (2 if code_point > 0xFFFF else 1))
        end = self.cursorRect(cursor)
        right = end.left() if end.top() == start.top() else start.left() + start.height() * 0.8
        return QRectF(start.left(), start.top(), max(right - start.left(), 4.0), start.height())

    def _paint_placeholders(self, area) -> None:
        """Over the font's blank box: a framed box with the hex code point, as Unicode's last-resort glyphs do,
        so a reader can tell which character is missing (the tooltip spells it U+XXXX)."""
        offset = self.scroll_value()
        first = self.paragraph_at(offset + area.top())
        last = self.paragraph_at(offset + area.bottom())
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.Text)
        frame = QColor(ink)
        frame.setAlphaF(0.6)
        for index in range(first, last + 1):
            for position, code_point in self._placeholders.get(index, ()):
                rect = self.placeholder_rect(index, position).adjusted(1.0, 2.0, -1.0, -2.0)
                painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
                painter.setPen(frame)
                painter.drawRect(rect)
                digits = f"{code_point:04X}" if code_point <= 0xFFFF else f"{code_point:06X}"
                half = len(digits) // 2
                font = QFont(self.document_font)
                font.setFamilies(["monospace", *self.document_font.families()])
                font.setStyleHint(QFont.StyleHint.Monospace)
                font.setPixelSize(max(int(rect.height() * 0.34), 5))
                painter.setFont(font)
                painter.setPen(ink)
                top, bottom = QRectF(rect), QRectF(rect)
                top.setBottom(rect.center().y())
                bottom.setTop(rect.center().y())
                painter.drawText(top, Qt.AlignmentFlag.AlignCenter, digits[:half])
                painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, digits[half:])
        painter.end()

    def placeholder_at(self, pos: QPoint) -> int | None:
        """The code point of the placeholder under viewport point `pos`, if any."""
        index, _ = self._paragraph_under(pos)
        for position, code_point in self._placeholders.get(index, ()):
            if self.placeholder_rect(index, position).contains(pos.toPointF()):
                return code_point
        return None

    def set_tooltips(self, tooltips: dict[int, str]) -> None:
        self._tooltips = dict(tooltips)

    def tooltip_for(self, index: int) -> str:
        return self._tooltips.get(index, "")

    def set_extra(self, purpose: str, ranges: Sequence[tuple[int, int, int]], colour: QColor,
                  full_width: bool = False) -> None:
        """Highlight (paragraph, start, end) character ranges for `purpose`; end < 0 means the whole paragraph.
        Extra selections leave the document (and its undo/format state) untouched."""
        selections = []
        doc = self.document()
        for index, start, end in ranges:
            block = doc.findBlockByNumber(index)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(block)
            if end < 0:
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            else:
                cursor.setPosition(block.position() + start)
                cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format.setBackground(colour)
            if full_width:
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selections.append(selection)
        if selections:
            self._selections[purpose] = selections
        else:
            self._selections.pop(purpose, None)
        # Order matters: later purposes paint over earlier ones (flash over find over cross-highlight).
        order = ("cross", "sentence", "dictionary", "find", "drag", "flash")
        merged = [s for key in order for s in self._selections.get(key, [])]
        self.setExtraSelections(merged)

    def flash(self, index: int, colour: QColor, duration_ms: int = 700) -> None:
        """Briefly mark a paragraph after a jump, so the eye finds where it landed."""
        self.set_extra("flash", [(index, 0, -1)], colour, full_width=True)
        QTimer.singleShot(duration_ms, self, lambda: self.set_extra("flash", [], colour))

    # -- mouse -------------------------------------------------------------------------------------

    def _paragraph_under(self, pos: QPoint) -> tuple[int, int]:
        cursor = self.cursorForPosition(pos)
        block = cursor.block()
        rect = self.document().documentLayout().blockBoundingRect(block)
        y = pos.y() + self.scroll_value()
        if not rect.top() <= y <= rect.bottom():
            return -1, -1
        return block.blockNumber(), cursor.position() - block.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        index, _ = self._paragraph_under(event.position().toPoint())
        if index != self._hovered:
            self._hovered = index
            self.paragraphHovered.emit(index)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().leaveEvent(event)
        if self._hovered != -1:
            self._hovered = -1
            self.paragraphHovered.emit(-1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            index, offset = self._paragraph_under(event.position().toPoint())
            if index >= 0:
                self.paragraphClicked.emit(index, offset)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip:
            index, _ = self._paragraph_under(event.pos())
            code_point = self.placeholder_at(event.pos()) if self._placeholders else None
            text = placeholder_tooltip(code_point) if code_point is not None else self._tooltips.get(index, "")
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


def placeholder_tooltip(code_point: int) -> str:
    name = unicodedata.name(chr(code_point), "")
    return f"U+{code_point:04X} {name}".rstrip() + " (no font can draw this character)"
