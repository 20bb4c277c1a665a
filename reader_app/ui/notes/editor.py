"""The selected note in the panel's editor, saved a moment after the reader stops typing."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader_app.storage.annotations import Annotation, Placed, place
from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.notices import StorageNotices
from reader_app.ui.notes.panel import NotesPanel
from reader_app.ui.notes.worker import StorageThread

SAVE_DELAY_MS = 400  # typing pauses this long before the note is committed
QUOTE_CHARS = 160  # of the note's quote shown above the editor


class NoteEditor(QObject):
    """Shows the current note in the panel's editor, colour list and tags line, and keeps what the reader
    changed there as the unsaved edit until it is committed: SAVE_DELAY_MS after the last change, when the
    tags line is left, or with Retry Saving. The save runs on the storage thread; the edit stays unsaved until
    that reports it on disk. A note whose save failed is kept the same way: it stays in the editor and is
    retried on the next change or with Retry Saving.

    Signals: editCommitted(str) with the note's id after an edit was saved (on disk)."""

    editCommitted = Signal(str)

    def __init__(self, panel: NotesPanel, session: NotesSession, notices: StorageNotices, storage: StorageThread,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.session = session
        self.notices = notices
        self.storage = storage
        self.current_id: str | None = None  # the note in the editor and the list's current row
        # The newest edit not known to be on disk: being typed, being saved, or whose save failed.
        self.pending: Annotation | None = None
        self._sent: Annotation | None = None  # the edit whose save is queued or running
        self.in_flight: dict[str, Annotation] = {}  # id -> its newest version sent and not yet on disk
        self._loading = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit)
        panel.editor.textChanged.connect(self._on_editor_text_changed)
        panel.tags.textEdited.connect(self._on_tags_text_edited)
        panel.tags.editingFinished.connect(self.commit)
        panel.colour.currentIndexChanged.connect(self._on_colour_current_index_changed)
        panel.retry_button.clicked.connect(self.commit)

    def has_unsaved_edit(self) -> bool:
        return self.pending is not None

    def newest(self, annotation_id: str) -> Annotation | None:
        """A note as the reader last left it: its unsaved edit, a save under way, or as placed."""
        if self.pending is not None and self.pending.id == annotation_id:
            return self.pending
        return self.in_flight.get(annotation_id) or self.session.placed.annotations.get(annotation_id)

    def commit(self) -> bool:
        """Queue the save of the unsaved edit, if there is one (and it is not being saved already). True when
        nothing is left unsaved; the save is reported later (editCommitted, or the error shown)."""
        self._save_timer.stop()
        pending = self.pending
        if pending is None:
            return True
        if pending is not self._sent:
            self.send(pending)
        return False

    def send(self, annotation: Annotation) -> None:
        """Save a note on the storage thread; until that reports back it is the unsaved edit. On a storage
        error it stays the unsaved edit (Retry Saving)."""
        self._save_timer.stop()
        self.pending = self._sent = self.in_flight[annotation.id] = annotation
        session = self.session
        document = session.document
        new = document is not None and annotation.id not in session.placed.where

        def save() -> Placed | None:
            session.store_save(annotation)
            # A new note is placed here too: re-anchoring reads every paragraph of the document.
            return place(document, [annotation]) if new and document is not None else None

        self.storage.submit(save, lambda one: self._on_storage_saved(annotation, one),
                            lambda exc: self._on_storage_save_failed(annotation, exc))

    def saved(self, annotation: Annotation) -> None:
        """A note was saved (here or by undo): no longer an unsaved edit, the storage trouble is over."""
        if self.pending is annotation:
            self.pending = None
        self.notices.clear(self.session)

    def save_failed(self, annotation: Annotation, exc: BaseException) -> None:
        """Saving a note failed: keep it as the unsaved edit (unless a newer edit of it is), say why, offer
        Retry Saving."""
        if self.pending is None or self.pending.id != annotation.id:
            self.pending = annotation
        self.notices.show(str(exc))
        self.panel.retry_button.show()

    def _on_storage_saved(self, annotation: Annotation, one: Placed | None) -> None:
        if self._sent is annotation:
            self._sent = None
        if self.in_flight.get(annotation.id) is annotation:
            del self.in_flight[annotation.id]
        self.session.apply_saved(annotation, one)
        self.saved(annotation)
        self.editCommitted.emit(annotation.id)

    def _on_storage_save_failed(self, annotation: Annotation, exc: BaseException) -> None:
        if self._sent is annotation:
            self._sent = None
        if self.in_flight.get(annotation.id) is annotation:
            del self.in_flight[annotation.id]
        self.save_failed(annotation, exc)

    def load(self) -> None:
        """Show the current note (its unsaved edit, if it has one); editable unless the database is read-only."""
        annotation_id = self.current_id
        annotation = self.newest(annotation_id) if annotation_id is not None else None
        self._loading = True
        try:
            panel = self.panel
            panel.set_editing(annotation is not None and not self.session.read_only)
            if annotation is None:
                panel.quote.clear()
                panel.editor.clear()
                panel.tags.clear()
                return
            quote = annotation.anchor.quote
            panel.quote.setText(f"«{quote[:QUOTE_CHARS]}{'…' if len(quote) > QUOTE_CHARS else ''}»")
            if panel.editor.toPlainText() != annotation.note:
                panel.editor.setPlainText(annotation.note)
            panel.tags.setText(", ".join(annotation.tags))
            panel.colour.setCurrentIndex(max(0, panel.colour.findData(annotation.colour)))
        finally:
            self._loading = False

    def _on_editor_text_changed(self) -> None:
        self._edited()

    def _on_tags_text_edited(self, _text: str) -> None:
        self._edited()

    def _on_colour_current_index_changed(self, _index: int) -> None:
        self._edited()

    def _edited(self) -> None:
        if self._loading or self.current_id is None:
            return
        base = self.newest(self.current_id)
        if base is None:
            return
        panel = self.panel
        self.pending = base.edited(note=panel.editor.toPlainText(), tags=panel.tags.text(),
                                   colour=panel.colour.currentData() or base.colour)
        self._save_timer.start()
