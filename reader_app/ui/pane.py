"""A read-only pane showing one side's paragraphs, one text block per paragraph."""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from reader_app.core.model import Paragraph, ParagraphKind

PARAGRAPH_SPACING = 10.0


class ParagraphPane(QTextBrowser):
    """Shows paragraphs as the blocks of its QTextDocument; block number i is paragraph i.

    Signals: paragraphHovered(int) (-1 when the mouse leaves text), paragraphClicked(int, int) (paragraph
    index, character offset inside it), geometryChanged() when paragraph positions may have moved.
    """

    paragraphHovered = Signal(int)
    paragraphClicked = Signal(int, int)
    geometryChanged = Signal()
    layoutCompleted = Signal()

    # How long one step of the background layout may hold the event loop.
    LAYOUT_STEP_SECONDS = 0.008

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
        self._qt_layout_timers = _QtLayoutTimers(self)
        self._tooltips: dict[int, str] = {}
        # Extra selections by purpose (cross-highlight, find match, flash), combined into one list for Qt.
        self._selections: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.document_font = QFont()

    # -- content -----------------------------------------------------------------------------------

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._paragraphs

    def set_paragraphs(self, paragraphs: Sequence[Paragraph], font: QFont, texts: Sequence[str] | None = None) -> None:
        """Replace the content (`texts` overrides the display texts, e.g. converted script); builds the document
        off-screen and swaps it in, so layout happens once."""
        self._paragraphs = tuple(paragraphs)
        self.document_font = QFont(font)
        texts = [p.text for p in self._paragraphs] if texts is None else list(texts)
        doc = QTextDocument(self)
        doc.setDefaultFont(font)
        doc.setUndoRedoEnabled(False)
        # Built through one cursor: body paragraphs between two headings in one insertText call (C++ splits
        # it into blocks, 40 ms for 10,000 paragraphs against 150 ms for a Python loop of insertBlock/insertText),
        # each heading with its formats as it is inserted (finding and formatting it afterwards took twice the
        # Qt calls). Inside a paragraph, line breaks become U+2028 (a line break within the block), so block
        # number i stays paragraph i.
        body = QTextBlockFormat()
        body.setBottomMargin(PARAGRAPH_SPACING)
        body_chars = QTextCharFormat()
        heading_block = QTextBlockFormat(body)
        heading_block.setHeadingLevel(2)
        heading_chars = QTextCharFormat()
        heading_chars.setFontWeight(QFont.Weight.Bold)
        heading_chars.setFontPointSize(font.pointSizeF() * 1.25)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.setBlockFormat(body)  # (the one block of an empty document too)
        run: list[str] = []  # body paragraphs waiting to be inserted together
        for index, (paragraph, text) in enumerate(zip(self._paragraphs, texts, strict=False)):
            heading = paragraph.kind is ParagraphKind.HEADING
            if heading or not run:
                if run:
                    cursor.insertText(_as_blocks(run))
                    run = []
                block_format, chars = (heading_block, heading_chars) if heading else (body, body_chars)
                if index == 0:
                    cursor.setBlockFormat(block_format)
                    cursor.setBlockCharFormat(chars)
                    cursor.setCharFormat(chars)
                else:
                    cursor.insertBlock(block_format, chars)
                if heading:
                    cursor.insertText(_one_block(text))
                    continue
            run.append(text)
        if run:
            cursor.insertText(_as_blocks(run))
        cursor.endEditBlock()
        self._backgrounds = {}
        self._selections.clear()
        self._tooltips.clear()
        self.setDocument(doc)
        self._hint = 0
        doc.documentLayout().documentSizeChanged.connect(self._invalidate_geometry)
        doc.documentLayout().installEventFilter(self._qt_layout_timers)
        self._invalidate_geometry()
        self._restart_layout()

    def paragraph_text(self, index: int) -> str:
        return self.document().findBlockByNumber(index).text()

    def set_zoom(self, point_size: float) -> None:
        """Change the font size of every paragraph (headings keep their relative size)."""
        scale = point_size / self.document_font.pointSizeF()
        font = QFont(self.document_font)
        font.setPointSizeF(point_size)
        self.document_font = font
        doc = self.document()
        doc.setDefaultFont(font)
        cursor = QTextCursor(doc)
        block = doc.begin()
        while block.isValid():
            if block.blockFormat().headingLevel():
                chars = QTextCharFormat()
                chars.setFontPointSize(block.charFormat().fontPointSize() * scale or point_size * 1.25)
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(chars)
            block = block.next()
        self._invalidate_geometry()
        self._restart_layout()

    # -- geometry ----------------------------------------------------------------------------------

    def _invalidate_geometry(self, *_args: object) -> None:
        self.geometryChanged.emit()

    def _restart_layout(self) -> None:
        self._qt_layout_timers.active = True
        self.layout_done = False
        self._layout_next = 0
        if not self._layout_deferred:
            self._layout_timer.start()

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
        count = len(self._paragraphs)
        deadline = time.perf_counter() + self.LAYOUT_STEP_SECONDS
        index = self._layout_next
        while index < count - 1 and time.perf_counter() < deadline:
            index = min(count - 1, index + 16)
            self._block_rect(index)  # asking for a block's rectangle lays the document out up to it
        self._layout_next = index
        layout = self.document().documentLayout()
        if count == 0 or index >= count - 1:
            self._qt_layout_timers.active = False
            if not self.layout_done:
                self.layout_done = True
                self.layoutCompleted.emit()
        else:
            # Qt's own size report is held back with its layout timer (see _QtLayoutTimers): give it here.
            # (documentSize() would finish the whole layout at once; the scroll bars read the size laid out so far.)
            layout.documentSizeChanged.emit(QSizeF(self.document().textWidth(), self._block_rect(index).bottom()))
            self._layout_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        old_width = event.oldSize().width()
        super().resizeEvent(event)
        if old_width != event.size().width():
            self._restart_layout()  # a new width re-wraps every paragraph
        self._invalidate_geometry()

    # Geometry is asked of Qt's layout each time, never cached for the whole document: Qt lays out long
    # documents progressively in idle time, and asking for every block at once would force the whole layout
    # (half a second for 10,000 paragraphs) on the GUI thread. A block far down is laid out when first asked.

    def _block_rect(self, index: int):
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
        self._backgrounds = {i: QColor(c) for i, c in colours.items()}
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
            for index in range(first, last + 1):
                colour = self._backgrounds.get(index)
                if colour is not None:
                    rect = self._block_rect(index)
                    # The paragraph's lines (Qt's block rectangle leaves out the spacing below), across the pane.
                    painter.fillRect(QRectF(0, rect.top() - offset, width, rect.height()), colour)
            painter.end()
        super().paintEvent(event)

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
        order = ("cross", "sentence", "find", "flash")
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
            text = self._tooltips.get(index, "")
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


class _QtLayoutTimers(QObject):
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


def _as_blocks(texts: Sequence[str]) -> str:
    """The paragraphs as plain text with one line per paragraph (see _one_block), in one pass over one string
    when no paragraph contains the joining character (always, in practice)."""
    if any("\x1e" in text for text in texts):
        return "\n".join(_one_block(text) for text in texts)
    return _one_block("\x1e".join(texts)).replace("\x1e", "\n")


def _one_block(text: str) -> str:
    """A paragraph's text as one QTextDocument block: block separators inside it become line breaks."""
    return text.replace("\r\n", "\u2028").replace("\n", "\u2028").replace("\r", "\u2028").replace("\u2029", "\u2028")
