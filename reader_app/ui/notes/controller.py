"""NotesController: notes on the main window, wiring the session, the panel, the editor, markers and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu

from reader_app.core.model import Document
from reader_app.storage.annotations import Annotation, MergeResult, Placed
from reader_app.storage.database import Database, StorageError
from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.actions import EXPORT_FORMATS, NoteActions, NoteContextMenu, target_here
from reader_app.ui.notes.dialogs import ask_colour_meaning
from reader_app.ui.notes.editor import NoteEditor
from reader_app.ui.notes.files import NoteFiles
from reader_app.ui.notes.markers import NoteMarkers, show_marks
from reader_app.ui.notes.notices import StorageNotices
from reader_app.ui.notes.panel import NotesPanel

if TYPE_CHECKING:
    from reader_app.core.alignment import Alignment
    from reader_app.ui.notes.host import NotesHost
    from reader_app.ui.pane import ParagraphPane


class NotesController(QObject):
    """Installs notes on the main window (a NotesHost): actions in the panes' context menus and the Edit menu,
    margin markers, the Notes dock. Storage errors are shown in the window and the dock; the note stays in the editor.

    Signals: annotationsChanged() after notes were added, edited, deleted or re-placed."""

    annotationsChanged = Signal()

    def __init__(self, window: NotesHost, database: Database | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.session = NotesSession(database)

        self.panel = NotesPanel(window)
        self.panel.dock_into(window)
        self.markers = {language: NoteMarkers(self.view.pane(language)) for language in ("zh", "en")}
        self.notices = StorageNotices(window, self.panel, database)
        self.editor = NoteEditor(self.panel, self.session, self.notices, self)
        self.files = NoteFiles(window, self.session, self.notices, self)
        self.note_actions = actions = NoteActions(window, self.panel, self)
        self.add_action, self.add_link_action = actions.add_action, actions.add_link_action
        self.undo_action, self.toggle_action = actions.undo_action, actions.toggle_action
        self.install_menu()
        self.context_menus = NoteContextMenu(self.view, self.session, self, self)

        for fmt in EXPORT_FORMATS:
            actions.export_actions[fmt].triggered.connect(lambda _checked=False, f=fmt: self.files.ask_and_export(f))
        actions.import_action.triggered.connect(self.files.ask_and_import)
        self.files.notesImported.connect(self._on_files_notes_imported)
        actions.name_colour_action.triggered.connect(self._on_name_colour_action_triggered)
        self.panel.noteSelected.connect(self._on_panel_note_selected)
        self.panel.noteClicked.connect(self.go_to)
        self.panel.filtersChanged.connect(self._on_panel_filters_changed)
        self.panel.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.editor.editCommitted.connect(self._on_editor_edit_committed)
        window.documentOpened.connect(self.set_document)
        window.alignmentRefined.connect(self._on_window_alignment_refined)
        if window.document is not None:
            self.set_document(window.document)

    # -- what the window and the tests read ----------------------------------------------------------

    @property
    def database(self) -> Database | None:
        return self.session.database

    @property
    def document(self) -> Document | None:
        return self.session.document

    @property
    def placed(self) -> Placed:
        return self.session.placed

    @property
    def current_id(self) -> str | None:
        """The note in the editor (and the list's current row, when it is listed)."""
        return self.editor.current_id

    @current_id.setter
    def current_id(self, annotation_id: str | None) -> None:
        self.editor.current_id = annotation_id

    def install_menu(self) -> None:
        """Add the note actions to the window's Edit menu (call again after the window rebuilt its menus)."""
        self.note_actions.install_menu(self.window.menuBar())

    # -- storage -----------------------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Place the notes of a newly opened document (and of its earlier versions)."""
        self.commit_pending()
        same = self.session.open_document(document)
        if not same:
            # The selection and undo belong to the document they were made on (the session cleared undo).
            self.current_id = None
            self._update_undo()
        if not self.notices.open_store(self.session):
            self.session.clear_notes()
            self._refresh_views()
            return
        try:
            annotations = self.session.load()
        except StorageError as exc:
            self.notices.show(str(exc))
            annotations = []
        self._fill_choices()
        self._refresh_views()
        if annotations and not same:
            self.panel.show()

    # -- public API --------------------------------------------------------------------------------

    def annotated_paragraphs(self, language: str) -> list[int]:
        """Indices of the paragraphs of one side carrying a note (for the overview ruler's ticks)."""
        return self.session.placed.paragraphs(language)

    def notes(self) -> list[Annotation]:
        """Placed notes in reading order, then orphans."""
        return self.session.notes(self.view.alignment)

    def visible_ids(self) -> list[str]:
        """Ids of the notes the panel lists now (after filters), in order."""
        return self.panel.visible_ids()

    def add_note(self, language: str, index: int, target: str = "paragraph", start: int | None = None,
                 end: int | None = None, note: str = "") -> Annotation | None:
        """Create a note on a paragraph, its link (both sides) or a selection [start, end) and select it in
        the panel for writing. Returns None (and shows why) when it cannot be saved."""
        if self.session.document is None or not self.notices.open_store(self.session):
            return None
        annotation = self.session.new_note(language, index, target, start, end, counterpart=self.view.counterpart,
                                           note=note, colour=self.panel.colour.currentData())
        if annotation is None or not self.editor.save(annotation):
            return None
        self._after_change(annotation.id)
        self.panel.show()
        self.panel.editor.setFocus()
        return annotation

    def add_note_here(self, target: str = "paragraph") -> Annotation | None:
        """The shortcut: a note on the selection or the paragraph at the cursor (see actions.target_here)."""
        return self.add_note(*target_here(self.view, target))

    def update_note(self, annotation_id: str, **changes: object) -> Annotation | None:
        """Change note, colour or tags of a note and commit at once; None (error shown) if it fails."""
        annotation = self.session.placed.annotations.get(annotation_id)
        if annotation is None:
            return None
        edited = annotation.edited(**changes)
        if not self.editor.save(edited):
            return None
        self._after_change(annotation_id)
        return edited

    def delete_note(self, annotation_id: str) -> bool:
        """Delete a note; Ctrl+Z (undo_delete) brings it back."""
        self.commit_pending()
        try:
            if not self.session.delete(annotation_id):
                return False
        except StorageError as exc:
            self.notices.show(str(exc))
            return False
        self._update_undo()
        if self.current_id == annotation_id:
            self.current_id = None
        self._after_change(None)
        return True

    def undo_delete(self) -> Annotation | None:
        annotation = self.session.last_deleted()
        if annotation is None:
            return None
        try:
            self.session.undo()
        except StorageError as exc:
            self.editor.save_failed(annotation, exc)
            return None
        self.editor.saved(annotation)
        self._update_undo()
        self._after_change(annotation.id)
        return annotation

    def select_note(self, annotation_id: str) -> None:
        """Make a note the current one in the panel, with the cursor in its editor."""
        self.current_id = annotation_id
        self.panel.select_note(annotation_id)
        self.editor.load()
        self.panel.show()
        self.panel.editor.setFocus()

    def go_to(self, annotation_id: str) -> bool:
        """Scroll to a placed note's paragraph and flash it; False for orphans."""
        where = self.session.where(annotation_id)
        if where is None:
            return False
        side, index = where
        self.view.go_to_paragraph(side, index)
        self.view.pane(side).flash(index, self.view.scheme.flash)
        return True

    def name_colour(self, key: str, meaning: str) -> bool:
        """Give a palette colour the user's meaning (shown in the colour lists and exports)."""
        try:
            if not self.session.name_colour(key, meaning):
                return False
        except (StorageError, KeyError) as exc:
            self.notices.show(str(exc))
            return False
        self._after_change(self.current_id)
        return True

    def context_menu(self, pane: ParagraphPane, pos: QPoint) -> QMenu:
        """The pane's standard menu plus the note actions for the paragraph (or selection) under `pos`."""
        return self.context_menus.menu(pane, pos)

    def export_notes(self, path: str, fmt: str) -> bool:
        """Write the open document's notes to `path` as md, json or csv (Markdown quotes each note's link)."""
        return self.files.export_notes(path, fmt)

    def import_notes(self, path: str) -> MergeResult | None:
        """Merge notes from an exported JSON file (importing twice adds nothing) and re-place them."""
        return self.files.import_notes(path)

    # -- saving ------------------------------------------------------------------------------------

    def commit_pending(self) -> bool:
        """Commit an edit typed in the editor (or one whose save failed). True when nothing is left unsaved."""
        return self.editor.commit()

    def has_unsaved_edit(self) -> bool:
        return self.editor.has_unsaved_edit()

    # -- views -------------------------------------------------------------------------------------

    def _after_change(self, select_id: str | None, refill_editor: bool = True) -> None:
        if select_id is not None:
            self.current_id = select_id
        self._fill_choices()
        self._refresh_views(refill_editor)
        self.annotationsChanged.emit()

    def _fill_choices(self) -> None:
        self.panel.set_choices(self.session.palette, self.session.tags())

    def _refresh_views(self, refill_editor: bool = True) -> None:
        session = self.session
        show_marks(self.view, self.markers, session.placed, session.palette)
        self.panel.show_notes(session.in_reading_order(self.view.alignment), session.placed, session.palette,
                              self.current_id)
        if refill_editor:
            self.editor.load()

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(self.session.last_deleted() is not None)

    # -- slots -------------------------------------------------------------------------------------

    def _on_name_colour_action_triggered(self) -> None:
        key = self.panel.colour.currentData()
        meaning = ask_colour_meaning(self.window, self.session.palette, key)
        if meaning is not None:
            self.name_colour(key, meaning)

    def _on_panel_note_selected(self, annotation_id: str | None) -> None:
        if annotation_id == self.current_id:
            return
        self.commit_pending()
        self.current_id = annotation_id
        self.editor.load()

    def _on_panel_filters_changed(self) -> None:
        self.panel.select_note(self.current_id)

    def _on_delete_button_clicked(self) -> None:
        if self.current_id:
            self.delete_note(self.current_id)

    def _on_editor_edit_committed(self, annotation_id: str) -> None:
        self._after_change(annotation_id, refill_editor=False)

    def _on_files_notes_imported(self) -> None:
        assert self.session.document is not None
        self.set_document(self.session.document)

    def _on_window_alignment_refined(self, _alignment: Alignment) -> None:
        self._refresh_views()
