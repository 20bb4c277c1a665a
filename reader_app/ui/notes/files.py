"""Notes files: export to Markdown, JSON or CSV and import from JSON, from the Notes dock's ⋯ menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from reader_app.storage.annotations import MergeResult
from reader_app.storage.database import StorageError
from reader_app.storage.notes_export import NotesFormatError
from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.dialogs import ask_export_path, ask_import_path
from reader_app.ui.notes.notices import StorageNotices

if TYPE_CHECKING:
    from reader_app.ui.notes.host import NotesHost

MESSAGE_MS = 8000  # how long the status bar shows an export's or import's outcome


def _tr(text: str) -> str:
    # The context these strings had in the one-module controller: the catalogue keeps its translations.
    return QCoreApplication.translate("AnnotationsController", text)


class NoteFiles(QObject):
    """Writes the open document's notes to a file and merges notes from one; the outcome goes to the status
    bar, a failure to the notices.

    Signals: notesImported() after notes were merged into the database (they are not placed yet)."""

    notesImported = Signal()

    def __init__(self, window: NotesHost, session: NotesSession, notices: StorageNotices,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.session = session
        self.notices = notices

    def export_notes(self, path: str, fmt: str) -> bool:
        """Write the open document's notes to `path` as md, json or csv (Markdown quotes each note's link)."""
        try:
            count = self.session.export_file(path, fmt, self.window.view.alignment)
        except (StorageError, OSError) as exc:
            self.notices.show(_tr("Could not export the notes: {0}").format(exc))
            return False
        if count is None:
            return False
        self.window.statusBar().showMessage(_tr("Exported {0} notes to {1}").format(count, path), MESSAGE_MS)
        return True

    def import_notes(self, path: str) -> MergeResult | None:
        """Merge notes from an exported JSON file (importing twice adds nothing)."""
        if self.session.document is None or not self.notices.open_store(self.session):
            return None
        try:
            result = self.session.import_file(path)
        except (OSError, UnicodeDecodeError, NotesFormatError, StorageError) as exc:
            self.notices.show(_tr("Could not import {0}: {1}").format(path, exc))
            return None
        self.notesImported.emit()
        self.window.statusBar().showMessage(
            _tr("Imported notes: {0} added, {1} updated, {2} unchanged").format(
                result.added, result.updated, result.unchanged), MESSAGE_MS)
        return result

    def ask_and_export(self, fmt: str) -> None:
        document = self.session.document
        if document is None:
            return
        path = ask_export_path(self.window, document, fmt)
        if path:
            self.export_notes(path, fmt)

    def ask_and_import(self) -> None:
        path = ask_import_path(self.window)
        if path:
            self.import_notes(path)
