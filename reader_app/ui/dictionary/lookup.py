"""Where the pointer is in a pane's text, and the words there: the Qt half of the look-up (Qt-free in core)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QTextCursor

from reader_app.core.model import Language
from reader_app.core.text.segment import sentences
from reader_app.ui.pane import ParagraphPane

_ENGLISH_WORD_RE = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Spot:
    """A character range [start, end) of one block (paragraph or unit) of a pane."""

    pane: ParagraphPane
    block: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.pane.paragraph_text(self.block)[self.start : self.end]


def character_at(pane: ParagraphPane, pos: QPoint) -> tuple[int, int] | None:
    """(block, offset) of the character under `pos` (viewport coordinates); None over a margin, a line's empty
    end or between paragraphs (cursorForPosition alone gives the nearest position even there)."""
    cursor = pane.cursorForPosition(pos)
    block = cursor.block()
    offset = cursor.position() - block.position()
    if pos.x() < pane.cursorRect(cursor).left() and offset > 0:
        offset -= 1  # the nearest boundary is after the character under the pointer
    if offset >= len(block.text()):
        return None
    left, right = _edges(pane, block.position() + offset)
    if not left.top() <= pos.y() <= left.bottom():
        return None
    within = left.left() <= pos.x() <= (right.left() if right.top() == left.top() else pane.viewport().width())
    return (block.blockNumber(), offset) if within else None


def _edges(pane: ParagraphPane, position: int) -> tuple[QRect, QRect]:
    cursor = QTextCursor(pane.document())
    cursor.setPosition(position)
    left = pane.cursorRect(cursor)
    cursor.setPosition(position + 1)
    return left, pane.cursorRect(cursor)


def global_rect(spot: Spot) -> QRect:
    """The screen rectangle around a spot, from its first character's line to its last's (a word may wrap): what
    the popup goes beside."""
    position = spot.pane.document().findBlockByNumber(spot.block).position()
    left, _ = _edges(spot.pane, position + spot.start)
    right, _ = _edges(spot.pane, position + spot.end)
    if right.top() == left.top():
        rect = QRect(left.left(), left.top(), max(1, right.left() - left.left()), left.height())
    else:
        rect = QRect(left.left(), left.top(), max(1, left.width()), right.bottom() - left.top() + 1)
    return QRect(spot.pane.viewport().mapToGlobal(rect.topLeft()), rect.size())


def english_word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The English word around `offset`, [start, end)."""
    for match in _ENGLISH_WORD_RE.finditer(text):
        if match.start() <= offset < match.end():
            return match.start(), match.end()
    return None


def sentence_around(text: str, language: str, offset: int) -> str:
    """The sentence of a block's text that holds `offset` (the whole text when none does)."""
    for sentence in sentences(text, Language(language)):
        if sentence.start <= offset < sentence.end:
            return sentence.text
    return text.strip()
