"""A read-only pane showing one side's paragraphs, one text block per paragraph."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader_app.core.model import Paragraph, ParagraphKind

PARAGRAPH_SPACING = 10.0


class ParagraphPane(QTextBrowser):
    """Shows paragraphs as the blocks of its QTextDocument; block number i is paragraph i."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setUndoRedoEnabled(False)
        self.setObjectName(f"{language}Pane")
        self._paragraphs: tuple[Paragraph, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._paragraphs

    def set_paragraphs(self, paragraphs: Sequence[Paragraph], font: QFont) -> None:
        """Replace the content; builds the document off-screen and swaps it in, so layout happens once."""
        self._paragraphs = tuple(paragraphs)
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
        for i, paragraph in enumerate(self._paragraphs):
            fmt = QTextBlockFormat(body)
            if paragraph.kind is ParagraphKind.HEADING:
                fmt.setHeadingLevel(2)
            if i == 0:
                cursor.setBlockFormat(fmt)
            else:
                cursor.insertBlock(fmt)
            chars = heading_chars if paragraph.kind is ParagraphKind.HEADING else plain_chars
            # A paragraph made of separate short lines stays one block: U+2028 breaks the line, not the block.
            cursor.insertText(paragraph.text.replace("\n", "\u2028"), chars)
        self.setDocument(doc)

    def paragraph_text(self, index: int) -> str:
        return self.document().findBlockByNumber(index).text()
