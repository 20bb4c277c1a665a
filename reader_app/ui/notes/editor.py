"""The selected note in the panel's editor, saved a moment after the reader stops typing."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader_app.storage.annotations import Annotation
from reader_app.storage.database import StorageError
from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.notices import StorageNotices
from reader_app.ui.notes.panel import NotesPanel

SAVE_DELAY_MS = 400  # typing pauses this long before the note is committed
QUOTE_CHARS = 160  # of the note's quote shown above the editor


class NoteEditor(QObject):
    """Shows the current note in the panel's editor, colour list and tags line, and keeps what the reader
    changed there as the unsaved edit until it is committed: SAVE_DELAY_MS after the last change, when the
    tags line is left, or with Retry Saving. A note whose save failed is kept the same way: it stays in the
    editor and is retried on the next change or with Retry Saving.

    Signals: editCommitted(str) with the note's id after an unsaved edit was saved."""

    editCommitted = Signal(str)

    def __init__(self, panel: NotesPanel, session: NotesSession, notices: StorageNotices,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.session = session
        self.notices = notices
        self.current_id: str | None = None  # the note in the editor and the list's current row
        self.pending: Annotation | None = None  # an edit not yet committed (typing, or a failed save)
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

    def commit(self) -> bool:
        """Save the unsaved edit, if there is one. True when nothing is left unsaved."""
        self._save_timer.stop()
        pending = self.pending
        if pending is None:
            return True
        if self.save(pending):
            self.editCommitted.emit(pending.id)
            return True
        return False

    def save(self, annotation: Annotation) -> bool:
        """Save a note through the session; on a storage error it is kept as the unsaved edit (and False)."""
        try:
            if not self.session.save(annotation):
                return False
        except StorageError as exc:
            self.save_failed(annotation, exc)
            return False
        self.saved(annotation)
        return True

    def saved(self, annotation: Annotation) -> None:
        """A note was saved (here or by undo): no longer an unsaved edit, the storage trouble is over."""
        if self.pending is not None and self.pending.id == annotation.id:
            self.pending = None
        self.notices.clear(self.session)

    def save_failed(self, annotation: Annotation, exc: StorageError) -> None:
        """Saving a note failed: keep it as the unsaved edit, say why, offer Retry Saving."""
        self.pending = annotation
        self.notices.show(str(exc))
        self.panel.retry_button.show()

    def load(self) -> None:
        """Show the current note (its unsaved edit, if it has one); editable unless the database is read-only."""
        annotation_id = self.current_id
        annotation = self.pending if self.pending is not None and self.pending.id == annotation_id else \
            self.session.placed.annotations.get(annotation_id or "")
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
        base = self.pending if self.pending is not None and self.pending.id == self.current_id else \
            self.session.placed.annotations.get(self.current_id)
        if base is None:
            return
        panel = self.panel
        self.pending = base.edited(note=panel.editor.toPlainText(), tags=panel.tags.text(),
                                   colour=panel.colour.currentData() or base.colour)
        self._save_timer.start()
