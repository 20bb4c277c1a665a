"""What the checks need of the window that holds them, so the checks package never imports the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, SignalInstance
    from PySide6.QtWidgets import QMenuBar

    from reader_app.core.model import Document
    from reader_app.core.units import UnitView
    from reader_app.ui.reader_view import ReaderView


class ChecksHost(Protocol):
    """A QMainWindow with the reader's panes (MainWindow is the one there is); it parents the Checks dock."""

    view: ReaderView
    document: Document | None
    units: UnitView | None  # what the panes show of the document (its paragraphs, sentences or lines)
    settings: QSettings
    documentOpened: SignalInstance  # (Document): a document is shown with its alignment
    alignmentRefined: SignalInstance  # (Alignment): the links changed under the same document

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name
