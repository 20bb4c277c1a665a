"""What the panes show of notes: a coloured bar in the margin of each noted paragraph, ticks on the ruler."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from reader_app.storage.annotations import DEFAULT_PALETTE, Colour, Placed
from reader_app.storage.notes_session import paragraph_marks

if TYPE_CHECKING:
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView

MARKER_WIDTH = 4  # px, inside the text document's margin
UNKNOWN_COLOUR = "#f6d55c"  # a note whose colour left the palette is drawn in the default yellow


def colour_of(palette: Sequence[Colour], key: str) -> QColor:
    return QColor(next((c.hex for c in palette if c.key == key), UNKNOWN_COLOUR))


# The default palette's meanings (storage.annotations.DEFAULT_PALETTE) as the translation catalogue knows them: the
# storage is Qt-free and keeps them in English; a colour is shown in the interface language until the reader names it.
PALETTE_MEANINGS = (QT_TRANSLATE_NOOP("Palette", "Important"), QT_TRANSLATE_NOOP("Palette", "Good translation"),
                    QT_TRANSLATE_NOOP("Palette", "Question"), QT_TRANSLATE_NOOP("Palette", "Translation problem"),
                    QT_TRANSLATE_NOOP("Palette", "Vocabulary"))
_DEFAULT_MEANINGS = {colour.key: colour.meaning for colour in DEFAULT_PALETTE}


def colour_name(colour: Colour) -> str:
    """What a palette colour means, as shown: the default meaning translated, the reader's own as written."""
    if _DEFAULT_MEANINGS.get(colour.key) == colour.meaning:
        return QCoreApplication.translate("Palette", colour.meaning)
    return colour.meaning


def swatch(hex_colour: str) -> QIcon:
    """A small square of the colour, for the colour lists and the notes list."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(hex_colour))
    return QIcon(pixmap)


class NoteMarkers(QWidget):
    """A transparent layer over a pane's viewport that draws a coloured bar in the left margin of every
    annotated paragraph (the document itself is not touched, so highlights and undo are unaffected)."""

    def __init__(self, pane: ParagraphPane) -> None:
        super().__init__(pane.viewport())
        self.pane = pane
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.colours: dict[int, QColor] = {}
        pane.verticalScrollBar().valueChanged.connect(self.update)
        pane.geometryChanged.connect(self._on_pane_geometry_changed)
        pane.viewport().installEventFilter(self)
        self.setGeometry(pane.viewport().rect())
        self.show()

    def set_colours(self, colours: dict[int, QColor]) -> None:
        self.colours = dict(colours)
        self.update()

    def set_colour(self, index: int, colour: QColor | None) -> None:
        """One paragraph's bar (None: no bar)."""
        if colour is None:
            self.colours.pop(index, None)
        else:
            self.colours[index] = colour
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.pane.viewport().rect())
        return False

    def _on_pane_geometry_changed(self) -> None:
        self.setGeometry(self.pane.viewport().rect())
        self.raise_()
        self.update()

    def marker_rect(self, index: int) -> QRect:
        """The bar of paragraph `index` in viewport coordinates."""
        top = self.pane.paragraph_top(index) - self.pane.scroll_value()
        bottom = self.pane.paragraph_bottom(index) - self.pane.scroll_value()
        return QRect(0, round(top), MARKER_WIDTH, max(2, round(bottom - top)))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.colours or not self.pane.paragraphs:
            return
        painter = QPainter(self)
        height = self.height()
        count = len(self.pane.paragraphs)
        # Only the paragraphs in view: with thousands of notes, measuring every bar costs a frame or more.
        first = self.pane.paragraph_at(self.pane.scroll_value())
        last = self.pane.paragraph_at(self.pane.scroll_value() + height)
        shown = range(max(0, first), min(count - 1, max(first, last)) + 1)
        indices = shown if len(shown) < len(self.colours) else sorted(i for i in self.colours if i < count)
        for index in indices:
            colour = self.colours.get(index)
            if colour is None:
                continue
            rect = self.marker_rect(index)
            if rect.bottom() < 0 or rect.top() > height:
                continue
            painter.fillRect(rect, colour)
        painter.end()


def mark_paragraph(view: ReaderView, markers: dict[str, NoteMarkers], placed: Placed, palette: Sequence[Colour],
                   language: str, index: int) -> None:
    """Redraw one paragraph's bar after a note on it was added, edited or deleted (as show_marks draws it:
    in the colour of its last note), and the ruler's ticks when the paragraph gained or lost its only note."""
    on_it = placed.on_paragraph(language, index)
    markers[language].set_colour(index, colour_of(palette, on_it[-1].colour) if on_it else None)
    if bool(on_it) != ((language, index) in set(view.annotated)):
        view.set_annotated([(side, i) for side in ("zh", "en") for i in placed.paragraphs(side)])


def show_marks(view: ReaderView, markers: dict[str, NoteMarkers], placed: Placed, palette: Sequence[Colour],
               marks: tuple[dict[str, dict[int, str]], list[tuple[str, int]]] | None = None) -> None:
    """Draw the placed notes: each side's bars in its note's colour, and the overview ruler's ticks. `marks`:
    paragraph_marks(placed) when made already (on the storage thread, for a book's notes just read)."""
    by_key = {c.key: QColor(c.hex) for c in palette}
    unknown = QColor(UNKNOWN_COLOUR)
    keys, annotated = marks if marks is not None else paragraph_marks(placed)
    for language, layer in markers.items():
        layer.set_colours({index: by_key.get(key, unknown) for index, key in keys.get(language, {}).items()})
    if annotated != view.annotated:  # the ruler redraws its ticks of the whole document on every call
        view.set_annotated(annotated)
