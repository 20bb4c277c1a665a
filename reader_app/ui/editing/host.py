"""What the alignment edits need of the window that holds them, so this package never imports the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMenuBar, QStatusBar

    from reader_app.core.units import UnitView
    from reader_app.ui.message_bar import MessageBar
    from reader_app.ui.notes import NotesController
    from reader_app.ui.reader_view import ReaderView


class EditingHost(Protocol):
    """A QMainWindow with the reader's panes and its notes (MainWindow is the one there is); the parent of the
    edits' actions and dialogs."""

    view: ReaderView
    units: UnitView | None  # what the panes show, and the pins count: paragraphs, sentences or lines
    message_bar: MessageBar
    documentOpened: SignalInstance  # (Document): a document is shown with its alignment
    alignmentRefined: SignalInstance  # (Alignment): the links changed under the same document (emitted here too)

    @property
    def annotations(self) -> NotesController: ...  # made on first use: its storage thread keeps the edits
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name
