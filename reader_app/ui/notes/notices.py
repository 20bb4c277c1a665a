"""Where the notes report storage trouble: the Notes dock's notice line and the window's message bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader_app.storage.database import Database
from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.panel import NotesPanel

if TYPE_CHECKING:
    from reader_app.ui.notes.host import NotesHost


class StorageNotices:
    """Storage errors and the database's own notice (restored from a backup, read-only): shown in the dock,
    which opens for them, and in the window's message bar. Once the trouble is over the dock shows the
    database's notice again, or nothing."""

    def __init__(self, window: NotesHost, panel: NotesPanel, database: Database | None) -> None:
        self.window = window
        self.panel = panel
        # The notice of a database opened before the window is shown once the store is first needed (with
        # the first document); one opened here is shown as it opens.
        self._notice_pending = database is not None and bool(database.notice)

    def show(self, text: str) -> None:
        self.panel.show_notice(text)
        if self.panel.isHidden():
            self.panel.show()
        self.window.show_error(text)

    def clear(self, session: NotesSession) -> None:
        database = session.database
        self.panel.show_notice(database.notice if database is not None and database.notice else "")
        self.panel.retry_button.hide()

    def opened(self, session: NotesSession, notice: str) -> None:
        """The store was opened (on the storage thread): show its notice (recovery, read-only), if any."""
        if notice:
            self.show(notice)
        elif self._notice_pending and session.database is not None:
            self.show(session.database.notice)
        self._notice_pending = False
