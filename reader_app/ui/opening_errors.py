"""What the window does when a document cannot be opened as a bilingual pair: ask for the encoding, show one
language and offer the other file, or say why in the message bar (a bug of ours goes to the terminal too)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

# The main window, which imports this module: typed loosely rather than importing it back (no import cycle).
OpeningWindow = Any


def _tr(text: str) -> str:
    # The main window's context: these messages were its own, and their translations stay where they are.
    return QCoreApplication.translate("MainWindow", text)


def show_opening_failure(window: OpeningWindow, exc: Exception) -> None:
    from reader_app.core.documents import DocumentError, EncodingUncertainError, OneLanguageError

    if isinstance(exc, EncodingUncertainError):
        _ask_encoding(window, exc)
        return
    if isinstance(exc, OneLanguageError):
        _show_one_language(window, exc)
        return
    if isinstance(exc, DocumentError):
        message = _tr("Could not open the document: {0}").format(exc)
    else:
        # A bug of ours, not a property of the file: say so, and keep the details for a bug report.
        traceback.print_exception(exc, file=sys.stderr)
        message = _tr("Internal error while opening the document ({0}: {1}). Details were written to "
                      "the terminal.").format(type(exc).__name__, exc)
    window.show_error(message)
    window.loadFailed.emit(message)


def _show_one_language(window: OpeningWindow, exc) -> None:
    """A file in one language: show what it has (no alignment, so nothing is marked as an omission) and offer to
    open the other side; the two then open as a pair."""
    window.show_document(exc.document, None)
    window.place_notes()  # a one-language text can be annotated too
    name = Path(exc.path).name
    if exc.missing == "en":
        text = _tr("{0} holds Chinese only: its English translation is missing.").format(name)
    else:
        text = _tr("{0} holds English only: its Chinese original is missing.").format(name)
    window.message_bar.show_notice(text, _tr("Open the Translation…") if exc.missing == "en"
                                   else _tr("Open the Original…"),
                                   lambda: _open_other_side(window, exc.path, exc.missing))
    window.view.pane(exc.missing).setPlaceholderText(text)  # shown while that pane is empty
    window.loadFailed.emit(text)


def _open_other_side(window: OpeningWindow, path: str, missing: str) -> None:
    from reader_app.ui.menus import ask_for_translation

    other = ask_for_translation(window, str(Path(path).parent), missing)
    if other:
        window.open_paths([path, other] if missing == "en" else [other, path])


def _ask_encoding(window: OpeningWindow, exc) -> None:
    from reader_app.ui.encoding_picker import EncodingPicker

    picker = EncodingPicker(exc, window)
    if picker.exec() and picker.chosen_encoding():
        window.open_paths(window.paths, encoding=picker.chosen_encoding())
    else:
        window.show_error(_tr("Could not open the document: {0}").format(exc))
        window.loadFailed.emit(str(exc))
