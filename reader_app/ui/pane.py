"""A read-only pane showing one side's paragraphs, one text block per paragraph."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
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
        cursor = QTextCursor(doc)
        body = QTextBlockFormat()
        body.setBottomMargin(PARAGRAPH_SPACING)
        heading_chars = QTextCharFormat()
        heading_chars.setFontWeight(QFont.Weight.Bold)
        heading_chars.setFontPointSize(font.pointSizeF() * 1.25)
        plain_chars = QTextCharFormat()
        cursor.beginEditBlock()
        for i, (paragraph, text) in enumerate(zip(self._paragraphs, texts, strict=True)):
            fmt = QTextBlockFormat(body)
            if paragraph.kind is ParagraphKind.HEADING:
                fmt.setHeadingLevel(2)
            if i == 0:
                cursor.setBlockFormat(fmt)
            else:
                cursor.insertBlock(fmt)
            chars = heading_chars if paragraph.kind is ParagraphKind.HEADING else plain_chars
            # A paragraph made of separate short lines stays one block: U+2028 breaks the line, not the block.
            cursor.insertText(text.replace("\n", "\u2028"), chars)
        cursor.endEditBlock()
        self._selections.clear()
        self._tooltips.clear()
        self.setDocument(doc)
        doc.documentLayout().documentSizeChanged.connect(self._invalidate_geometry)
        self._invalidate_geometry()

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

    # -- geometry ----------------------------------------------------------------------------------

    def _invalidate_geometry(self, *_args: object) -> None:
        self.geometryChanged.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
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
        """Index of the paragraph whose extent contains document y (clamped to the first/last paragraph)."""
        count = len(self._paragraphs)
        if not count:
            return -1
        lo, hi = 0, count - 1
        while lo < hi:  # the last paragraph whose top is <= y
            mid = (lo + hi + 1) // 2
            if self._block_rect(mid).top() <= y:
                lo = mid
            else:
                hi = mid - 1
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
        """Set each listed paragraph's background and clear all others (omissions, low confidence)."""
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        block = doc.begin()
        while block.isValid():
            colour = colours.get(block.blockNumber())
            fmt = block.blockFormat()
            has = fmt.hasProperty(QTextFormat.Property.BackgroundBrush)
            if colour is not None or has:
                new = QTextBlockFormat()
                if colour is None:
                    cursor.setPosition(block.position())
                    fmt.clearBackground()
                    cursor.setBlockFormat(fmt)
                else:
                    new.setBackground(colour)
                    cursor.setPosition(block.position())
                    cursor.mergeBlockFormat(new)
            block = block.next()
        cursor.endEditBlock()

    def block_background(self, index: int) -> QColor | None:
        fmt = self.document().findBlockByNumber(index).blockFormat()
        if not fmt.hasProperty(QTextFormat.Property.BackgroundBrush):
            return None
        return fmt.background().color()

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

