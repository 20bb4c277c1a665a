"""What the notes need of the window that holds them, so the notes package never imports the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMenuBar, QStatusBar

    from reader_app.core.model import Document
    from reader_app.core.units import UnitView
    from reader_app.ui.reader_view import ReaderView


class NotesHost(Protocol):
    """A QMainWindow with the reader's panes (MainWindow is the one there is). It is also the parent of the
    notes' actions and dialogs, so their shortcuts and modality belong to the window."""

    view: ReaderView
    document: Document | None
    units: UnitView | None  # what the panes show of the document (its paragraphs, sentences or lines)
    documentOpened: SignalInstance  # (Document): a document is shown
    alignmentRefined: SignalInstance  # (Alignment): the links changed under the same document

    def show_error(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name
