"""A pane's QTextDocument built from its paragraphs: at once, or a slice per event-loop turn, swapped in when done."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from reader_app.core.model import Paragraph, ParagraphKind
from reader_app.ui.fonts import register_bundled_font

PARAGRAPH_SPACING = 10.0
HEADING_SCALE = 1.25  # a heading's font size over the text's
# How long one slice of a build may hold the event loop. A 10,000-paragraph side took 70-110 ms to build in one
# piece (on a busy machine); in slices of this, the window stays responsive, with room for a paint in the same turn.
SLICE_SECONDS = 0.02
FIRST_SLICE = 400  # paragraphs; the next slices are sized by what the last one cost


class DocumentBuild:
    """One pane's document under construction, paragraph i as block i. step() adds a slice of paragraphs, finish()
    all that are left; `document` and `placeholders` are final once `done` (a pane shows the document only then:
    nothing reads a half-built one)."""

    def __init__(self, paragraphs: Sequence[Paragraph], texts: Sequence[str], font: QFont,
                 drawable: Callable[[str], bool], parent: QObject) -> None:
        self.paragraphs = tuple(paragraphs)
        self.texts = list(texts)
        self.font = QFont(font)
        self.drawable = drawable
        # Characters no font can draw, by paragraph: (position in the block, code point).
        self.placeholders: dict[int, list[tuple[int, int]]] = {}
        self.document = doc = QTextDocument(parent)
        doc.setDefaultFont(font)
        doc.setUndoRedoEnabled(False)
        self._body = QTextBlockFormat()
        self._body.setBottomMargin(PARAGRAPH_SPACING)
        self._body_chars = QTextCharFormat()
        self._heading = QTextBlockFormat(self._body)
        self._heading.setHeadingLevel(2)
        self._heading_chars = QTextCharFormat()
        self._heading_chars.setFontWeight(QFont.Weight.Bold)
        self._heading_chars.setFontPointSize(font.pointSizeF() * HEADING_SCALE)
        self._cursor = QTextCursor(doc)
        self._cursor.setBlockFormat(self._body)  # (the one block of an empty document too)
        self._next = 0  # the first paragraph still to insert
        self.slice = FIRST_SLICE

    @property
    def done(self) -> bool:
        return self._next >= min(len(self.paragraphs), len(self.texts))

    def step(self, seconds: float = SLICE_SECONDS) -> bool:
        """Insert the next slice of paragraphs, sized to take about `seconds`; True once all are in."""
        began = time.perf_counter()
        count = self.slice
        self._insert(self._next + count)
        spent = time.perf_counter() - began
        # The next slice as large as fits the budget, neither collapsing nor exploding on one odd measurement.
        self.slice = max(50, int(count * min(max(seconds / max(spent, 1e-4), 0.5), 2.0)))
        return self.done

    def finish(self) -> DocumentBuild:
        """Insert every paragraph left, in one piece."""
        self._insert(len(self.paragraphs))
        return self

    def _insert(self, end: int) -> None:
        # Through one cursor: body paragraphs between two headings in one insertText call (C++ splits it into
        # blocks, 40 ms for 10,000 paragraphs against 150 ms for a Python loop of insertBlock/insertText), each
        # heading with its formats as it is inserted (finding and formatting it afterwards took twice the Qt
        # calls). Inside a paragraph, line breaks become U+2028 (a line break within the block), so block number
        # i stays paragraph i. A slice starts a block of its own, as a heading does: the result is the same.
        start = self._next
        end = min(end, len(self.paragraphs), len(self.texts))
        if end <= start:
            return
        cursor = self._cursor
        cursor.beginEditBlock()
        run: list[str] = []  # body paragraphs waiting to be inserted together
        for index in range(start, end):
            text = self.texts[index]
            heading = self.paragraphs[index].kind is ParagraphKind.HEADING
            if heading or not run:
                if run:
                    cursor.insertText(_as_blocks(run))
                    run = []
                block_format, chars = (self._heading, self._heading_chars) if heading else (self._body,
                                                                                            self._body_chars)
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
        self._next = end
        found = undrawable_characters(self.texts[start:end], self.drawable)
        if found:
            found = {start + index: places for index, places in found.items()}
            _widen_placeholders(self.document, found)
            self.placeholders.update(found)


class _BuildingPane(Protocol):
    def show_built(self, build: DocumentBuild) -> None: ...


class SlicedBuilds(QObject):
    """Panes' documents built a slice per event-loop turn, one pane after the other, each swapped in (show_built)
    once built and in a turn of its own; `on_done` runs after the last. finish() does what is left at once."""

    def __init__(self, on_done: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._queue: list[tuple[_BuildingPane, DocumentBuild]] = []
        self._generation = 0  # one more on each start or cancel: a swap's signals may start or finish builds
        # A timer, not a posted call: timers and input take turns with it (posted calls run before either).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def pending(self) -> bool:
        return bool(self._queue)

    def start(self, builds: list[tuple[_BuildingPane, DocumentBuild]]) -> None:
        """Build these (in this order), dropping any still pending."""
        self.cancel()
        self._queue = list(builds)
        if self._queue:
            self._timer.start()

    def cancel(self) -> None:
        self._generation += 1
        self._timer.stop()
        for _pane, build in self._queue:
            build.document.deleteLater()  # (never shown: nothing else holds it)
        self._queue = []

    def finish(self) -> None:
        """Build and show everything pending now, then on_done."""
        if not self._queue:
            return
        self._timer.stop()
        queue, self._queue = self._queue, []
        for pane, build in queue:
            pane.show_built(build.finish())
        self._on_done()

    def _step(self) -> None:
        if not self._queue:
            return
        pane, build = self._queue[0]
        if not build.done:
            build.step()
            self._timer.start()
            return
        self._queue.pop(0)
        last, generation = not self._queue, self._generation
        pane.show_built(build)
        if generation != self._generation:
            return  # (the swap's signals started other builds: theirs is the next on_done)
        if last:
            self._on_done()
        elif self._queue:  # (else finish() did the rest, and on_done, meanwhile)
            self._timer.start()


# Characters that draw nothing by design: controls, format characters (ZWJ, bidi marks), separators, variation
# selectors (which select a glyph of the character before them).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"})


def _needs_glyph(char: str) -> bool:
    code_point = ord(char)
    if 0xFE00 <= code_point <= 0xFE0F or 0xE0100 <= code_point <= 0xE01EF:
        return False
    return unicodedata.category(char) not in _INVISIBLE_CATEGORIES


# Ranges the main font draws in full (tests/gui/test_fonts.py checks them against the font file): text made of
# these needs no question to the fonts. Removing them first makes the check of 10,000 paragraphs (1.3 M characters)
# 22 ms instead of 50 ms for a set of every character.
MAIN_FONT_RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x3001, 0x3003), (0x3008, 0x3011), (0x4E00, 0x9FA5), (0xFF01, 0xFF5E))
_MAIN_FONT_RUNS = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in MAIN_FONT_RANGES) + "]+")


def undrawable_characters(texts: Sequence[str], drawable: Callable[[str], bool]) -> dict[int, list[tuple[int, int]]]:
    """Paragraph index -> [(position in its block, code point)] of each character `drawable` rejects.

    Positions count UTF-16 code units of the block text (_one_block), as QTextDocument does. One set over the
    whole text first (less the main font's ranges), and a paragraph is scanned only if it has a missing character
    (all but never)."""
    rest = _MAIN_FONT_RUNS.sub("", "".join(texts))
    missing = {ch for ch in set(rest) if _needs_glyph(ch) and not drawable(ch)}
    found: dict[int, list[tuple[int, int]]] = {}
    if not missing:
        return found
    for index, text in enumerate(texts):
        if missing.isdisjoint(text):
            continue
        position = 0
        for ch in _one_block(text):
            if ch in missing:
                found.setdefault(index, []).append((position, ord(ch)))
            position += 2 if ord(ch) > 0xFFFF else 1
    return found


def _widen_placeholders(doc: QTextDocument, placeholders: dict[int, list[tuple[int, int]]]) -> None:
    """Lay each missing character out in the main font, whose missing-glyph box is 1 em wide: room for the code
    point's digits (a Latin UI font's box is half that). Only these few characters get a format of their own."""
    chars = QTextCharFormat()
    chars.setFontFamilies([register_bundled_font()])
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for index, found in placeholders.items():
        start = doc.findBlockByNumber(index).position()
        for position, code_point in found:
            cursor.setPosition(start + position)
            cursor.setPosition(start + position + (2 if code_point > 0xFFFF else 1), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(chars)
    cursor.endEditBlock()


def _as_blocks(texts: Sequence[str]) -> str:
    """The paragraphs as plain text with one line per paragraph (see _one_block), in one pass over one string
    when no paragraph contains the joining character (always, in practice)."""
    if any("\x1e" in text for text in texts):
        return "\n".join(_one_block(text) for text in texts)
    return _one_block("\x1e".join(texts)).replace("\x1e", "\n")


def _one_block(text: str) -> str:
    """A paragraph's text as one QTextDocument block: block separators inside it become line breaks."""
    return text.replace("\r\n", "\u2028").replace("\n", "\u2028").replace("\r", "\u2028").replace("\u2029", "\u2028")
