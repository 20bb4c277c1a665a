"""A read-only pane showing one side's paragraphs, one text block per paragraph."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from reader_app.core.model import Paragraph, ParagraphKind
from reader_app.ui.background import background_work
from reader_app.ui.fonts import is_drawable, register_bundled_font

PARAGRAPH_SPACING = 10.0


class ParagraphPane(QTextBrowser):
    """Shows paragraphs as the blocks of its QTextDocument; block number i is paragraph i.

    Signals: paragraphHovered(int) (-1 when the mouse leaves text), paragraphClicked(int, int) (paragraph
    index, character offset inside it), geometryChanged() when paragraph positions may have moved,
    layoutRestarted() when every paragraph is to be laid out again (new text, width or zoom).
    """

    paragraphHovered = Signal(int)
    paragraphClicked = Signal(int, int)
    geometryChanged = Signal()
    layoutCompleted = Signal()
    layoutRestarted = Signal()

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
        self._qt_layout_timers = _QtLayoutTimers(self)
        self._tooltips: dict[int, str] = {}
        # Characters no font can draw, by paragraph: (position in the block, code point); painted as placeholders.
        self._placeholders: dict[int, list[tuple[int, int]]] = {}
        self.drawable: Callable[[str], bool] = is_drawable
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
        self._placeholders = undrawable_characters(texts, self.drawable)
        if self._placeholders:
            _widen_placeholders(doc, self._placeholders)
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
            for index in range(first, last + 1):
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


def placeholder_tooltip(code_point: int) -> str:
    name = unicodedata.name(chr(code_point), "")
    return f"U+{code_point:04X} {name}".rstrip() + " (no font can draw this character)"


def _as_blocks(texts: Sequence[str]) -> str:
    """The paragraphs as plain text with one line per paragraph (see _one_block), in one pass over one string
    when no paragraph contains the joining character (always, in practice)."""
    if any("\x1e" in text for text in texts):
        return "\n".join(_one_block(text) for text in texts)
    return _one_block("\x1e".join(texts)).replace("\x1e", "\n")


def _one_block(text: str) -> str:
    """A paragraph's text as one QTextDocument block: block separators inside it become line breaks."""
    return text.replace("\r\n", "\u2028").replace("\n", "\u2028").replace("\r", "\u2028").replace("\u2029", "\u2028")
