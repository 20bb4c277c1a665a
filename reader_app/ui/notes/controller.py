"""NotesController: notes on the main window, wiring the session, the panel, the editor, markers and actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu

from reader_app.core.model import Document
from reader_app.storage.annotations import Annotation, MergeResult, Placed, in_reading_order, place
from reader_app.storage.database import Database, StorageError
from reader_app.storage.notes_session import Loaded, NotesSession
from reader_app.ui.loader import collector_paused, settle_long_lived
from reader_app.ui.notes.actions import EXPORT_FORMATS, NoteActions, NoteContextMenu, target_here
from reader_app.ui.notes.dialogs import ask_colour_meaning
from reader_app.ui.notes.editor import NoteEditor
from reader_app.ui.notes.files import NoteFiles
from reader_app.ui.notes.markers import NoteMarkers, mark_paragraph, show_marks
from reader_app.ui.notes.notices import StorageNotices
from reader_app.ui.notes.panel import NotesPanel
from reader_app.ui.notes.unit_map import document_target, paragraph_alignment, shown_placed, shown_unit
from reader_app.ui.notes.worker import FLUSH_TIMEOUT_S, StorageThread

# From this many notes on, the placed notes are moved out of the cycle collector's reach (settle_long_lived).
LONG_LIVED_NOTES = 1000

if TYPE_CHECKING:
    from reader_app.core.alignment import Alignment
    from reader_app.core.units import UnitView
    from reader_app.ui.notes.host import NotesHost
    from reader_app.ui.pane import ParagraphPane


class NotesController(QObject):
    """Installs notes on the main window (a NotesHost): actions in the panes' context menus and the Edit menu,
    margin markers, the Notes dock. Storage errors are shown in the window and the dock; the note stays in the editor.

    Every read and write of the database runs on the window's storage thread (StorageThread), in order, and
    the views change when it reports back: a note is shown saved only once it is on disk. commit_pending()
    (and closing the window) waits, bounded, for the queued work.

    Signals: annotationsChanged() after notes were added, edited, deleted or re-placed."""

    annotationsChanged = Signal()

    def __init__(self, window: NotesHost, database: Database | Callable[[], Database] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        # The database is opened on the storage thread (the user's, or by `database` when it says how); one
        # given open is used there too, and is its giver's to close.
        self.session = NotesSession(database)
        self.storage = StorageThread(self)
        self._opening = False  # the database is being opened (or a document read) on the storage thread
        self._open_failed = False  # the last attempt to open the database failed
        self._undoing = False

        self.panel = NotesPanel(window)
        self.panel.dock_into(window)
        self.markers = {language: NoteMarkers(self.view.pane(language)) for language in ("zh", "en")}
        self.notices = StorageNotices(window, self.panel, database if isinstance(database, Database) else None)
        self.editor = NoteEditor(self.panel, self.session, self.notices, self.storage, self)
        self.files = NoteFiles(window, self.session, self.notices, self.storage, self)
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
        # Closing the window (or quitting) waits for the queued saves: what was shown saved is on disk.
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)
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
        """Place the notes of a newly opened document (and of its earlier versions), once the storage thread
        has read them."""
        self.editor.commit()
        same = self.session.open_document(document)
        if not same:
            # The selection and undo belong to the document they were made on (the session cleared undo).
            self.current_id = None
            self._update_undo()
            # The last document's notes leave with it; this one's are shown once read.
            self.session.clear_notes()
            self._refresh_views()
        session = self.session
        self._opening = True
        alignment = self.paragraph_alignment()

        def read() -> tuple[str, Loaded]:
            notice = session.ensure_store()
            # Without the cycle collector, as a document is loaded: reading 10,000 notes made it run full
            # collections here, 15-80 ms each holding the GIL, and the window's thread waited them out.
            with collector_paused():
                return notice, session.read(document, alignment)

        self.storage.submit(read, lambda result: self._on_storage_read(document, same, alignment, *result),
                            lambda exc: self._on_storage_read_failed(document, exc))

    def _on_storage_read(self, document: Document, same: bool, alignment: Alignment | None, notice: str,
                         loaded: Loaded) -> None:
        self._opening = self._open_failed = False
        self.notices.opened(self.session, notice)
        if self.session.document is not document:
            return  # another document was opened meanwhile; its own read follows
        self.session.apply_loaded(loaded)
        self._fill_choices()
        # Sorted (and the margins' marks made) on the storage thread, unless the links changed meanwhile.
        marks = (loaded.marks, loaded.annotated) if loaded.marks is not None and loaded.annotated is not None else None
        self._refresh_views(ordered=loaded.ordered if alignment is self.paragraph_alignment() else None, marks=marks)
        if len(loaded.annotations) >= LONG_LIVED_NOTES:
            settle_long_lived()
        self.annotationsChanged.emit()
        if loaded.annotations and not same:
            self.panel.show()

    def _on_storage_read_failed(self, document: Document, exc: BaseException) -> None:
        self._opening = False
        self._open_failed = self.session.store is None
        self.notices.show(str(exc))
        if self.session.document is document:
            self.session.clear_notes()
            if self.session.store is not None:
                self._fill_choices()
            self._refresh_views()

    # -- public API --------------------------------------------------------------------------------

    @property
    def units(self) -> UnitView | None:
        """What the panes show of the document (None: its paragraphs): notes are placed on paragraphs and shown
        through this map (reader_app.ui.notes.unit_map)."""
        return self.window.units

    def paragraph_alignment(self) -> Alignment | None:
        return paragraph_alignment(self.window)

    def annotated_paragraphs(self, language: str) -> list[int]:
        """Indices of the shown units (paragraphs, or sentences…) of one side carrying a note (the ruler's ticks)."""
        return shown_placed(self.session.placed, self.units).paragraphs(language)

    def show_units(self) -> None:
        """The panes were cut into other units (View ▸ Align By): mark the notes where those show them now,
        at once, not after the notes are read again."""
        show_marks(self.view, self.markers, shown_placed(self.session.placed, self.units), self.session.palette)

    def notes_shown_on(self, language: str, index: int) -> list[Annotation]:
        """The notes on the text of a shown unit: its paragraph's whole-paragraph notes and the selections that
        overlap it (the context menu edits them from any sentence of the paragraph, not only where the mark is)."""
        units, placed = self.units, self.session.placed
        if units is None or units.identity:
            return placed.on_paragraph(language, index)
        paragraph, offset = units.to_paragraph(language, index)
        end = offset + len(units.shown.side(language).paragraphs[index].text)
        return [a for a in placed.on_paragraph(language, paragraph)
                if placed.where[a.id][language].start < end and placed.where[a.id][language].end > offset]

    def notes(self) -> list[Annotation]:
        """Placed notes in reading order, then orphans."""
        return self.session.notes(self.paragraph_alignment())

    def visible_ids(self) -> list[str]:
        """Ids of the notes the panel lists now (after filters), in order."""
        return self.panel.visible_ids()

    def add_note(self, language: str, index: int, target: str = "paragraph", start: int | None = None,
                 end: int | None = None, note: str = "", *, end_index: int | None = None) -> Annotation | None:
        """Create a note on a shown paragraph (or sentence, line: `index` counts what the pane shows), its link
        (both sides) or a selection [start, end) of it (`end` in block `end_index` when given) and select it in
        the panel for writing; it is saved on the storage thread (the unsaved edit until then). Returns None (and
        shows why) when it cannot be saved."""
        document = self.session.document
        if document is None:
            return None
        if self._open_failed and self.session.store is None:
            self.set_document(document)  # try to open the database again; it says why it cannot
            return None
        units = self.units
        if units is not None and not 0 <= index < len(units.shown.side(language)):
            return None
        language, index, target, start, end = document_target(units, language, index, target, start, end, end_index)
        counterpart = self.view.counterpart if units is None or units.identity else (
            lambda side, paragraph: units.counterpart(self.view.alignment, side, paragraph))
        annotation = self.session.new_note(language, index, target, start, end, counterpart=counterpart,
                                           note=note, colour=self.panel.colour.currentData())
        if annotation is None:
            return None
        self.editor.commit()
        # In the editor at once, so the reader can write: the unsaved edit until it is on disk, when it is
        # listed and marked (editCommitted).
        self.editor.send(annotation)
        self.current_id = annotation.id
        self.panel.select_note(None)
        self.editor.load()
        self.panel.show()
        self.panel.editor.setFocus()
        return annotation

    def add_note_here(self, target: str = "paragraph") -> Annotation | None:
        """The shortcut: a note on the selection or the paragraph at the cursor (see actions.target_here)."""
        here = target_here(self.view, target)
        return self.add_note(here.language, here.paragraph, here.target, here.start, here.end,
                             end_index=here.end_paragraph)

    def one_paragraph(self, language: str, first: int, last: int) -> bool:
        """Whether shown blocks `first`..`last` are parts of one paragraph (a selection over them can be noted)."""
        units = self.units
        if first == last:
            return True
        return units is not None and not units.identity and \
            units.to_paragraph(language, first)[0] == units.to_paragraph(language, last)[0]

    def update_note(self, annotation_id: str, **changes: object) -> Annotation | None:
        """Change note, colour or tags of a note and queue its save; None when there is no such note. A
        failure is shown when the storage thread reports it (the edit stays unsaved)."""
        editor = self.editor
        annotation = editor.newest(annotation_id)
        if annotation is None:
            return None
        edited = annotation.edited(**changes)
        if editor.pending is not None and editor.pending.id != annotation_id:
            editor.commit()
        editor.send(edited)  # listed and marked anew once it is on disk (editCommitted)
        if self.current_id == annotation_id:
            self.editor.load()
        return edited

    def delete_note(self, annotation_id: str) -> bool:
        """Delete a note (once the storage thread has); Ctrl+Z (undo_delete) brings it back. False when there
        is no such note."""
        if self.editor.newest(annotation_id) is None:
            return False
        self.editor.commit()
        session = self.session
        self.storage.submit(lambda: session.store_delete(annotation_id),
                            lambda removed: self._on_storage_deleted(annotation_id, removed),
                            lambda exc: self.notices.show(str(exc)))
        return True

    def _on_storage_deleted(self, annotation_id: str, removed: Annotation | None) -> None:
        if self.editor.pending is not None and self.editor.pending.id == annotation_id:
            self.editor.pending = None
        was = self.session.placed.where.get(annotation_id)
        self.session.apply_deleted(annotation_id, removed)
        self._update_undo()
        if self.current_id == annotation_id:
            self.current_id = None
        self._after_change(None, changed_id=annotation_id, was=was)

    def undo_delete(self) -> Annotation | None:
        """Save the last deleted note again (on the storage thread); None when there is none to bring back."""
        annotation = self.session.last_deleted()
        if annotation is None or self._undoing:
            return None
        self._undoing = True
        session = self.session
        document = session.document

        def save() -> Placed | None:
            session.store_save(annotation)
            return None if document is None else place(document, [annotation])

        self.storage.submit(save, lambda one: self._on_storage_undone(annotation, one),
                            lambda exc: self._on_storage_undo_failed(annotation, exc))
        return annotation

    def _on_storage_undone(self, annotation: Annotation, one: Placed | None) -> None:
        self._undoing = False
        self.session.apply_saved(annotation, one)
        self.session.apply_undone(annotation)
        self.editor.saved(annotation)
        self._update_undo()
        self._after_change(annotation.id, changed_id=annotation.id)

    def _on_storage_undo_failed(self, annotation: Annotation, exc: BaseException) -> None:
        self._undoing = False
        self.editor.save_failed(annotation, exc)

    def select_note(self, annotation_id: str) -> None:
        """Make a note the current one in the panel, with the cursor in its editor."""
        self.current_id = annotation_id
        self.panel.select_note(annotation_id)
        self.editor.load()
        self.panel.show()
        self.panel.editor.setFocus()

    def go_to(self, annotation_id: str) -> bool:
        """Scroll to a placed note's paragraph (the unit showing it) and flash it; False for orphans."""
        where = self.session.where(annotation_id)
        if where is None:
            return False
        side = where[0]
        index = shown_unit(self.units, side, self.session.placed.where[annotation_id][side])
        self.view.go_to_paragraph(side, index)
        self.view.pane(side).flash(index, self.view.scheme.flash)
        return True

    def name_colour(self, key: str, meaning: str) -> bool:
        """Give a palette colour the user's meaning (shown in the colour lists and exports, once saved)."""
        if self.session.store is None and not self._opening:
            return False
        session = self.session
        self.storage.submit(lambda: session.store_name_colour(key, meaning), self._on_storage_colour_named,
                            lambda exc: self.notices.show(str(exc)), (StorageError, KeyError))
        return True

    def _on_storage_colour_named(self, palette: list) -> None:
        self.session.palette = palette
        self._after_change(self.current_id)

    def context_menu(self, pane: ParagraphPane, pos: QPoint) -> QMenu:
        """The pane's standard menu plus the note actions for the paragraph (or selection) under `pos`."""
        return self.context_menus.menu(pane, pos)

    def export_notes(self, path: str, fmt: str) -> bool:
        """Write the open document's notes to `path` as md, json or csv (Markdown quotes each note's link), on
        the storage thread: files.notesExported reports it. False when no document is open."""
        return self.files.export_notes(path, fmt)

    def import_notes(self, path: str) -> bool:
        """Merge notes from an exported JSON file (importing twice adds nothing) and re-place them, on the
        storage thread: files.notesImported reports the MergeResult. False when no document is open."""
        return self.files.import_notes(path)

    # -- saving ------------------------------------------------------------------------------------

    def commit_pending(self, timeout: float = FLUSH_TIMEOUT_S) -> bool:
        """Save an edit typed in the editor (or one whose save failed) and wait (at most `timeout` seconds)
        for every queued operation to be on disk and reported. True when nothing is left unsaved."""
        self.editor.commit()
        self.storage.wait(timeout)
        return not self.editor.has_unsaved_edit()

    def has_unsaved_edit(self) -> bool:
        return self.editor.has_unsaved_edit()

    # -- views -------------------------------------------------------------------------------------

    def _after_change(self, select_id: str | None, refill_editor: bool = True, changed_id: str | None = None,
                      was: dict | None = None) -> None:
        """Show a change: of one note, `changed_id` (placed at `was` before), when given, else of all."""
        if select_id is not None:
            self.current_id = select_id
        self._fill_choices()
        if changed_id is None or not self._show_one(changed_id, was):
            self._refresh_views(refill_editor)
        else:
            self.panel.select_note(self.current_id)
            if refill_editor:
                self.editor.load()
        self.annotationsChanged.emit()

    def _show_one(self, annotation_id: str, was: dict | None) -> bool:
        """Show one placed note added, edited or deleted in the list and the margins without going over every
        note (at 10,000 notes a full refresh blocks the window for most of 100 ms); False when it cannot be
        done so (an orphan, a note placed elsewhere now), and all must be shown again."""
        session, model = self.session, self.panel.model
        annotation = session.placed.annotations.get(annotation_id)
        sides = session.placed.where.get(annotation_id)
        row = model.row_of(annotation_id)
        listed = model.sides_at(row) if row >= 0 else None
        if annotation is None and row >= 0 and listed is not None:
            model.remove_row(row)
        elif annotation is not None and sides is not None and row >= 0 and listed == sides:
            model.replace_row(row, annotation)
        elif annotation is not None and sides is not None and row < 0:
            model.insert_row(self._reading_position(annotation, sides), annotation, sides)
        else:
            return False
        units = self.units
        shown = {(language, shown_unit(units, language, placement)) for where in (was, listed, sides) if where
                 for language, placement in where.items()}
        placed = shown_placed(session.placed, units)
        for language, index in sorted(shown):
            mark_paragraph(self.view, self.markers, placed, session.palette, language, index)
        return True

    def _reading_position(self, annotation: Annotation, sides: dict) -> int:
        """The row a new placed note goes to: found by bisection with in_reading_order on pairs of notes (the
        order's one definition), as the whole list's sort would place it (after the notes that tie)."""
        model = self.panel.model
        document, alignment = self.session.document, self.paragraph_alignment()
        lo, hi = 0, model.placed_count()
        while lo < hi:
            mid = (lo + hi) // 2
            other = model.annotation_at(mid)
            assert other is not None
            pair = Placed({other.id: other, annotation.id: annotation},
                          {other.id: model.sides_at(mid) or {}, annotation.id: sides})
            if in_reading_order(document, pair, alignment)[0].id == annotation.id:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _fill_choices(self) -> None:
        self.panel.set_choices(self.session.palette, self.session.tags())

    def _refresh_views(self, refill_editor: bool = True, ordered: list[Annotation] | None = None,
                       marks: tuple[dict[str, dict[int, str]], list[tuple[str, int]]] | None = None) -> None:
        """`marks`: paragraph_marks of the session's notes, made on the storage thread; used while the panes
        show paragraphs (shown_placed moves the notes to other units otherwise)."""
        session = self.session
        shown = shown_placed(session.placed, self.units)
        show_marks(self.view, self.markers, shown, session.palette, marks if shown is session.placed else None)
        if ordered is None:
            ordered = session.in_reading_order(self.paragraph_alignment())
        self.panel.show_notes(ordered, session.placed, session.palette, self.current_id)
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
        self._after_change(annotation_id, refill_editor=False, changed_id=annotation_id)

    def _on_files_notes_imported(self, _result: MergeResult) -> None:
        if self.session.document is not None:
            self.set_document(self.session.document)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.commit_pending()
        return False

    def _on_app_about_to_quit(self) -> None:
        self.close_storage()

    def close_storage(self, timeout: float = FLUSH_TIMEOUT_S) -> bool:
        """Save what is pending, close the database if the storage thread opened it (there), and end that
        thread; True when all was done in time."""
        saved = self.commit_pending(timeout)
        if not self.storage.stopped:
            self.storage.submit(self.session.close)
        return self.storage.stop(timeout) and saved

    def _on_window_alignment_refined(self, _alignment: Alignment) -> None:
        self._refresh_views()
