"""View ▸ Layout ▸ Interleaved: one column, each link's Chinese followed by its English, for narrow windows and
for reading the two texts line by line.

A read-only view built from what the two panes show (their units, in the script chosen for each) in link
order, in a third pane that takes the two panes' place (the panes and the link map are hidden, not changed).
The hidden panes stay the reading position: the column follows them when find, F7, Go to or Ctrl+Home/End move
them, and they follow the column when the reader scrolls it, so switching back to two panes keeps the place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor

from reader_app.core.model import Paragraph
from reader_app.ui.fonts import latin_font
from reader_app.ui.pane import ParagraphPane

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reader_app.ui.reader_view import ReaderView

LANGUAGES = ("zh", "en")
# From this many paragraphs, the column goes to the reading position only once it is laid out: showing the middle
# of a column not laid out yet lays out all of it above at once (0.6 s for a 10,000-paragraph book's 20,000).
FOLLOW_LAID_OUT = 2_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Interleaved", text)


class InterleavedPane(ParagraphPane):
    """The one column: block i is `entries[i]`, a (language, unit) of the two panes.

    Signals: paletteChanged() when the theme changed (the omission colour is the palette's)."""

    paletteChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("interleaved", parent)
        self.entries: list[tuple[str, int]] = []
        self.entry_of: dict[tuple[str, int], int] = {}

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.paletteChanged.emit()


def interleaved_entries(view: ReaderView) -> list[tuple[str, int]]:
    """(language, unit) in reading order: each link's Chinese units, then its English ones."""
    alignment = view.alignment
    if alignment is None:
        return [(language, i) for language in LANGUAGES for i in range(len(view.pane(language).paragraphs))]
    entries: list[tuple[str, int]] = []
    for link in alignment.links:
        entries.extend(("zh", i) for i in link.zh)
        entries.extend(("en", i) for i in link.en)
    return entries


class InterleavedMode(QObject):
    """The Interleaved layout on a ReaderView: its pane, on or off, filled anew when the panes' text or the
    alignment changes, and kept at the reading position of the hidden panes."""

    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self.view = view
        self.active = False
        self.pane = InterleavedPane()
        self.pane.hide()
        view.splitter.addWidget(self.pane)
        self._filled_from: tuple[object, ...] = ()
        self._following = False
        self._pane_sizes: list[int] = []
        # A find match just selected in the column: kept on screen while find moves the hidden panes after it
        # (in this event-loop turn only).
        self._match_shown = False
        self._pending: ParagraphPane | None = None  # the hidden pane to follow once the column is laid out
        self.pane.layoutCompleted.connect(self._on_column_layout_completed)
        self.pane.verticalScrollBar().valueChanged.connect(self._on_column_scrolled)
        self.pane.paletteChanged.connect(self._colour)
        for hidden in (view.zh_pane, view.en_pane):
            hidden.verticalScrollBar().valueChanged.connect(lambda _v, p=hidden: self._on_hidden_scrolled(p))
            hidden.selectionChanged.connect(lambda p=hidden: self._on_hidden_selection_changed(p))
            hidden.layoutRestarted.connect(self._on_hidden_layout_restarted)
        view.alignmentChanged.connect(self._on_hidden_layout_restarted)

    def set_active(self, active: bool) -> None:
        view = self.view
        if active == self.active:
            if active:
                self.fill()
            return
        self.active = active
        sizes = view.splitter.sizes()
        if active:
            self._pane_sizes = sizes
        for widget in (view.zh_pane, view.en_pane, view.link_map, view.ruler):
            widget.setVisible(not active)
        self.pane.setVisible(active)
        # At once, not at the splitter's next layout: the column is filled (and laid out) at its width.
        view.splitter.setSizes([0, 0, 0, sum(sizes)] if active else self._pane_sizes)
        if active:
            self.fill()
            self.pane.setFocus()
        else:
            self._filled_from = ()
            view.left.setFocus()

    def fill(self) -> None:
        """The column from the panes' text and the alignment (again only when one of them changed)."""
        view = self.view
        view.complete()
        source = (view.zh_pane.document(), view.en_pane.document(), view.alignment)
        if not self.active or all(a is b for a, b in zip(source, self._filled_from, strict=False)) and \
                len(self._filled_from) == len(source):
            return
        self._filled_from = source
        entries = interleaved_entries(view)
        texts = {language: self._display_texts(language) for language in LANGUAGES}
        pane = self.pane
        pane.entries = entries
        pane.entry_of = {entry: k for k, entry in enumerate(entries)}
        paragraphs: list[Paragraph] = [view.pane(language).paragraphs[i] for language, i in entries]
        font = latin_font(view.point_size)  # its families go on to the bundled Chinese one for Han characters
        pane.set_paragraphs(paragraphs, font, [texts[language][i] for language, i in entries])
        self._colour()
        self._follow(view.left)

    def _display_texts(self, language: str) -> list[str]:
        """The units as the pane shows them (its script): its document's blocks, one a unit."""
        hidden = self.view.pane(language)
        texts = hidden.document().toRawText().split("\u2029")
        if len(texts) != len(hidden.paragraphs):
            texts = [p.text for p in hidden.paragraphs]
        return texts

    def _colour(self) -> None:
        """One-sided units in the omission colour, as in the two panes."""
        view = self.view
        if not self.active or view.alignment is None:
            self.pane.set_block_backgrounds({})
            return
        omission = QColor(view.scheme.omission)
        entry_of = self.pane.entry_of
        colours = {entry_of[(language, i)]: omission for language in LANGUAGES for i in view.alignment.gaps(language)
                   if (language, i) in entry_of}
        self.pane.set_block_backgrounds(colours)
        message = {"zh": _tr("No English counterpart"), "en": _tr("No Chinese counterpart")}
        self.pane.set_tooltips({entry_of[(language, i)]: message[language] for language in LANGUAGES
                                for i in view.alignment.gaps(language) if (language, i) in entry_of})

    def _on_hidden_layout_restarted(self) -> None:
        if not self.active:
            return
        self.fill()
        size = self.view.point_size
        if abs(self.pane.document_font.pointSizeF() - size) > 0.01:
            self.pane.set_zoom(size)

    # -- keeping the place -------------------------------------------------------------------------

    def _on_hidden_scrolled(self, hidden: ParagraphPane) -> None:
        if self.active and not self._following:
            self._follow(hidden)

    def _follow(self, hidden: ParagraphPane) -> None:
        """Bring the column to where `hidden` was moved: its start or end, or the unit at a third of its height
        at a third of the column's."""
        pane = self.pane
        if not pane.layout_done and len(pane.paragraphs) >= FOLLOW_LAID_OUT:
            self._pending = hidden
            return
        bar, column = hidden.verticalScrollBar(), pane.verticalScrollBar()
        self._following = True
        try:
            if bar.value() <= 0:
                column.setValue(column.minimum())
            elif bar.value() >= bar.maximum():
                column.setValue(column.maximum())
            else:
                third = hidden.viewport().height() / 3
                y = bar.value() + third
                unit = hidden.paragraph_at(y)
                entry = pane.entry_of.get((hidden.language, unit))
                if entry is not None:
                    into = min(max(y - hidden.paragraph_top(unit), 0.0),
                               pane.paragraph_bottom(entry) - pane.paragraph_top(entry))
                    column.setValue(round(pane.paragraph_top(entry) + into - pane.viewport().height() / 3))
            if self._match_shown:
                self._show_cursor()
        finally:
            self._following = False

    def _on_column_layout_completed(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and self.active:
            self._follow(pending)

    def _show_cursor(self) -> None:
        """The column's selection whole and in the upper third when it is not on screen (as find shows it)."""
        rect = self.pane.cursorRect(self.pane.textCursor())
        viewport = self.pane.viewport().height()
        if rect.top() < 0 or rect.bottom() > viewport:
            bar = self.pane.verticalScrollBar()
            bar.setValue(round(bar.value() + rect.top() - viewport / 3))

    def _forget_match(self) -> None:
        self._match_shown = False

    def _on_column_scrolled(self, _value: int) -> None:
        """The reader scrolled the column: the hidden panes (the reading position, find's "from here") follow."""
        if not self.active or self._following or not self.pane.entries:
            return
        index, fraction = self.pane.top_paragraph()
        if not 0 <= index < len(self.pane.entries):
            return
        language, unit = self.pane.entries[index]
        hidden = self.view.pane(language)
        self._following = True
        try:
            hidden.scroll_to_paragraph(unit, fraction)
            self.view.linker.sync_from(hidden)
        finally:
            self._following = False

    def _on_hidden_selection_changed(self, hidden: ParagraphPane) -> None:
        """Find selects its match in a hidden pane: the same words are selected in the column."""
        if not self.active or self._following:
            return
        cursor = hidden.textCursor()
        if not cursor.hasSelection():
            return
        block = hidden.document().findBlock(cursor.selectionStart())
        entry = self.pane.entry_of.get((hidden.language, block.blockNumber()))
        if entry is None:
            return
        target = self.pane.document().findBlockByNumber(entry)
        mine = QTextCursor(target)
        mine.setPosition(target.position() + cursor.selectionStart() - block.position())
        mine.setPosition(target.position() + cursor.selectionEnd() - block.position(),
                         QTextCursor.MoveMode.KeepAnchor)
        self._following = True
        try:
            self.pane.setTextCursor(mine)
            self._show_cursor()
        finally:
            self._following = False
        if not self._match_shown:
            self._match_shown = True
            QTimer.singleShot(0, self, self._forget_match)

    def status_message(self) -> str:
        return _tr("Interleaved: find selects each match in the column in turn; all matches are marked in the "
                   "two-pane layouts")
