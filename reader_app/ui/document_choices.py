"""What the reader chose for one document and the window applies to it: the script each pane shows its Chinese in
(View ▸ Chinese/English Pane Script) and the unit it is aligned by (View ▸ Align By). Both are remembered per
document (ui.settings), so a choice made for one book does not carry over to the next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QSettings

from reader_app.core.units import PARAGRAPH, available_units
from reader_app.ui import settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar

    from reader_app.core.model import Document
    from reader_app.core.units import UnitView
    from reader_app.ui.interleaved import InterleavedMode
    from reader_app.ui.menus import MenuActions
    from reader_app.ui.reader_view import ReaderView
    from reader_app.ui.reveal import RevealMode
    from reader_app.ui.rows import PairedRows


class ChoicesHost(Protocol):
    """What the choices need of the window (MainWindow), so this module never imports it."""

    settings: QSettings
    document: Document | None
    units: UnitView | None
    view: ReaderView
    paths: list[str]
    shown_paths: list[str]
    shown_encoding: str | None

    @property
    def menus_built(self) -> MenuActions | None: ...
    def save_position(self) -> None: ...
    def open_paths(self, paths: list[str], encoding: str | None = None, *,
                   document: Document | None = None) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name


def _tr(text: str) -> str:
    # The window's choices: their strings keep its translation context.
    return QCoreApplication.translate("MainWindow", text)


def _check(action: QAction, checked: bool) -> None:
    """Show a choice as made without making it again (the action's toggled signal would)."""
    if action.isChecked() != checked:
        action.blockSignals(True)
        action.setChecked(checked)
        action.blockSignals(False)


class DocumentChoices:
    """The open document's script and unit choices on a MainWindow: read, applied, shown in the View menu."""

    def __init__(self, window: ChoicesHost) -> None:
        self.window = window
        self.forced_layout: str | None = None  # --view: this run's layout, not stored
        self._reveal: RevealMode | None = None
        self._rows: PairedRows | None = None
        self._interleaved: InterleavedMode | None = None

    # -- scripts -----------------------------------------------------------------------------------

    def scripts(self, document: Document | None = None) -> dict[str, str]:
        """The script each pane shows the document's Chinese in (as written until the reader chooses)."""
        document = document or self.window.document
        if document is None:
            return {"zh": "original", "en": "original"}
        return settings.DOCUMENT_SCRIPTS.read(self.window.settings, document.content_id)

    def set_script(self, language: str, script: str) -> None:
        """Show one pane's Chinese in its original script, Simplified or Traditional (OpenCC), for this
        document only; display only."""
        window = self.window
        if window.document is None:
            return
        scripts = self.scripts()
        if scripts.get(language) == script:
            return
        scripts[language] = script
        settings.DOCUMENT_SCRIPTS.write(window.settings, window.document.content_id, scripts)
        window.view.set_display_texts(language, self.script_texts(language))
        self.check_actions()

    def script_texts(self, language: str) -> list[str] | None:
        """The texts of the units shown in a pane, in the script chosen for the document (None: as written)."""
        window = self.window
        if window.document is None or window.units is None:
            return None
        script = self.scripts(window.document)[language]
        if script == "original":
            return None
        from reader_app.core.text.convert import to_simplified, to_traditional

        convert = to_simplified if script == "simplified" else to_traditional
        return [convert(p.text) for p in window.units.shown.side(language).paragraphs]

    # -- units -------------------------------------------------------------------------------------

    def unit_of(self, document: Document) -> str:
        return settings.ALIGN_UNITS.read(self.window.settings, document.content_id)

    def unit_reader(self) -> Callable[[Document], str]:
        """How the document job finds the unit of the document it read, on its thread: with its own QSettings
        on the same file (a QSettings object is not to be shared between threads; the file's contents are)."""
        name, format_ = self.window.settings.fileName(), self.window.settings.format()

        def unit_of(document: Document) -> str:
            return settings.ALIGN_UNITS.read(QSettings(name, format_), document.content_id)

        return unit_of

    def set_unit(self, unit: str) -> None:
        """Align the open document by paragraphs, sentences or (a text file) its lines, and remember it for this
        document. The text is re-cut and aligned in the background, as at opening, from the reading position."""
        window = self.window
        # Against the last choice, not what is shown: Sentences then at once Paragraphs again must end on
        # paragraphs, though the sentences are not shown yet.
        if window.document is None or window.units is None or unit == self.unit_of(window.document):
            self.check_actions()
            return
        if unit not in available_units(window.document):
            self.check_actions()
            window.statusBar().showMessage(_tr("Only plain-text and Markdown files can be aligned by their lines"),
                                           5000)
            return
        settings.ALIGN_UNITS.write(window.settings, window.document.content_id, unit)
        if window.paths != window.shown_paths:
            return  # another file is opening: that one is not to be cancelled; the choice holds next time
        window.save_position()
        window.open_paths(window.shown_paths, window.shown_encoding, document=window.document)

    # -- layout ------------------------------------------------------------------------------------

    def layout_of(self, document: Document | None = None) -> str:
        """The layout chosen for the document (settings.LAYOUTS; `forced_layout`, from --view, wins)."""
        document = document or self.window.document
        if self.forced_layout:
            return self.forced_layout
        return settings.DOCUMENT_LAYOUTS.read(self.window.settings, document.content_id) if document else "linked"

    def set_layout(self, layout: str) -> None:
        """Lay this document out as `layout` (View ▸ Layout), and remember it for this document."""
        window = self.window
        self.forced_layout = None
        if window.document is not None:
            settings.DOCUMENT_LAYOUTS.write(window.settings, window.document.content_id, layout)
        self.apply_layout()

    @property
    def reveal(self) -> RevealMode:
        if self._reveal is None:
            from reader_app.ui.reveal import RevealMode

            self._reveal = RevealMode(self.window.view)
        return self._reveal

    @property
    def rows(self) -> PairedRows:
        if self._rows is None:
            from reader_app.ui.rows import PairedRows

            self._rows = PairedRows(self.window.view)
        return self._rows

    @property
    def interleaved(self) -> InterleavedMode:
        if self._interleaved is None:
            from reader_app.ui.interleaved import InterleavedMode

            self._interleaved = InterleavedMode(self.window.view)
        return self._interleaved

    def apply_layout(self) -> None:
        """The panes in the document's layout; again after a new document or a swap (everything covered anew,
        the rows set anew, the column filled anew). Each layout is made the first time it is chosen."""
        layout = self.layout_of()
        if layout == "interleaved" or self._interleaved is not None:
            self.interleaved.set_active(layout == "interleaved")  # first: it hides the panes the others lay out
        if layout == "rows" or self._rows is not None:
            self.rows.set_active(layout == "rows")
        if layout == "rows":
            self.rows.restart()
        elif layout == "interleaved":
            self.window.statusBar().showMessage(self.interleaved.status_message(), 8000)
        reveal = layout == "reveal"
        if reveal or self._reveal is not None:
            self.reveal.set_active(reveal)
            if reveal:
                self.reveal.reset()
        self.check_actions()

    # -- the View menu -----------------------------------------------------------------------------

    def check_actions(self) -> None:
        """The View menu shows the current document's choices (they change with the document); Align By ▸ Lines
        only for a text file."""
        window = self.window
        actions = window.menus_built
        if actions is None:
            return
        scripts = self.scripts()
        for (language, script), action in actions.scripts.items():
            _check(action, scripts[language] == script)
        current = window.units.unit if window.units is not None else PARAGRAPH
        available = available_units(window.document) if window.document is not None else (PARAGRAPH,)
        for unit, action in actions.align_units.items():
            action.setEnabled(unit in available)
            _check(action, unit == current)
        layout = self.layout_of()
        for name, action in actions.layouts.items():
            _check(action, name == layout)
        if self._reveal is not None and self._reveal.reveal_action not in actions.layout_menu.actions():
            self._reveal.retranslate()
            actions.layout_menu.addSeparator()
            actions.layout_menu.addActions([self._reveal.reveal_action, self._reveal.cover_action])
