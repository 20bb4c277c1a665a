"""The questions the notes ask: where to export to, what to import, what a colour means."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from reader_app.core.model import Document
from reader_app.storage.annotations import Colour
from reader_app.ui.notes.markers import colour_name


def _tr(text: str) -> str:
    # The context these strings had in the one-module controller: the catalogue keeps its translations.
    return QCoreApplication.translate("AnnotationsController", text)


def ask_export_path(parent: QWidget, document: Document, fmt: str) -> str:
    """A file to export the notes to as `fmt` (md, json, csv), named after the document; "" if cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, _tr("Export Notes"), f"{document.title or 'notes'}-notes.{fmt}",
                                          f"*.{fmt}")
    return path


def ask_import_path(parent: QWidget) -> str:
    """An exported notes file to import; "" if cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, _tr("Import Notes"), "", _tr("Notes (*.json);;All files (*)"))
    return path


def ask_colour_meaning(parent: QWidget, palette: Sequence[Colour], key: str | None) -> str | None:
    """The meaning the reader gives the palette's colour `key`; None if cancelled, left blank or no such colour."""
    colour = next((c for c in palette if c.key == key), None)
    if colour is None:
        return None
    meaning, ok = QInputDialog.getText(parent, _tr("Name the Colour"), _tr("What does this colour mean to you?"),
                                       text=colour_name(colour))
    return meaning if ok and meaning.strip() else None
