"""Notes files: export to Markdown, JSON or CSV and import from JSON, from the Notes dock's ⋯ menu."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from reader_app.storage.annotations import MergeResult
from reader_app.storage.database import StorageError
from reader_app.storage.notes_export import NotesFormatError
from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.dialogs import ask_export_path, ask_import_path
from reader_app.ui.notes.notices import StorageNotices
from reader_app.ui.notes.unit_map import paragraph_alignment
from reader_app.ui.notes.worker import StorageThread

if TYPE_CHECKING:
    from reader_app.ui.notes.host import NotesHost

MESSAGE_MS = 8000  # how long the status bar shows an export's or import's outcome


def _tr(text: str) -> str:
    # The context these strings had in the one-module controller: the catalogue keeps its translations.
    return QCoreApplication.translate("AnnotationsController", text)


def _tr_n(text: str, n: int) -> str:
    """A message with a count, in Qt's plural form ("%n note(s)"). The catalogue gives each language its
    forms; English, which has no catalogue, gets "note" for one and "notes" for more, not "note(s)"."""
    translated = QCoreApplication.translate("AnnotationsController", text, "", n)
    return re.sub(r"(\w+)\(s\)", lambda m: m[1] if n == 1 else m[1] + "s", translated)


class NoteFiles(QObject):
    """Writes the open document's notes to a file and merges notes from one; the outcome goes to the status
    bar, a failure to the notices.

    Both run on the storage thread; their outcome is shown when it reports back.

    Signals: notesExported(str, int) with the path and how many notes were written to it;
    notesImported(object) with the MergeResult after notes were merged into the database (not placed yet)."""

    notesExported = Signal(str, int)
    notesImported = Signal(object)

    def __init__(self, window: NotesHost, session: NotesSession, notices: StorageNotices, storage: StorageThread,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.session = session
        self.notices = notices
        self.storage = storage

    def export_notes(self, path: str, fmt: str) -> bool:
        """Queue writing the open document's notes to `path` as md, json or csv (Markdown quotes each note's
        link); False when no document or database is open."""
        session = self.session
        document = session.document
        if document is None or session.store is None:
            return False
        # The links shown, seen by paragraph (the notes are on paragraphs): with sentences shown, their links
        # merged wherever a paragraph spans two of them.
        versions, palette, alignment = list(session.versions), list(session.palette), paragraph_alignment(self.window)
        self.storage.submit(lambda: session.write_export(path, fmt, document, versions, palette, alignment),
                            lambda count: self._on_storage_exported(path, count),
                            lambda exc: self.notices.show(_tr("Could not export the notes: {0}").format(exc)),
                            (StorageError, OSError))
        return True

    def _on_storage_exported(self, path: str, count: int) -> None:
        self.window.statusBar().showMessage(_tr_n("Exported %n note(s) to {1}", count).format(count, path),
                                            MESSAGE_MS)
        self.notesExported.emit(path, count)

    def import_notes(self, path: str, *, any_document: bool = False) -> bool:
        """Queue merging notes from an exported JSON file (importing twice adds nothing); False when no
        document is open (`any_document`: merged all the same, as a project's notes are while its document is
        being opened)."""
        session = self.session
        if session.document is None and not any_document:
            return False

        def merge() -> tuple[str, MergeResult]:
            notice = session.ensure_store()
            return notice, session.import_file(path)

        self.storage.submit(merge, lambda outcome: self._on_storage_imported(*outcome),
                            lambda exc: self.notices.show(_tr("Could not import {0}: {1}").format(path, exc)),
                            (OSError, UnicodeDecodeError, NotesFormatError, StorageError))
        return True

    def _on_storage_imported(self, notice: str, result: MergeResult) -> None:
        self.notices.opened(self.session, notice)
        self.notesImported.emit(result)
        self.window.statusBar().showMessage(
            _tr("Imported notes: {0} added, {1} updated, {2} unchanged").format(
                result.added, result.updated, result.unchanged), MESSAGE_MS)

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
