"""File ▸ Export…: the document as shown (links with the reader's edits, the notes) in one of the exports' formats,
with a preview of the choices made on the first links.

The writers are the core's (`core.exports.write_export`, as `bilingual-reader export`): the preview asks them for
a book of the first PREVIEW_LINKS links only, so it follows every choice at once however long the book is. The
export itself reads the notes and writes the file on the notes' storage thread, after any note still being saved
(as Save Project does), and reports back on the GUI thread: the path in the status bar, or why it could not."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
)

from reader_app.core.alignment import Alignment
from reader_app.core.exports import BINARY_FORMATS, DEFAULT_LAYOUTS, FORMATS, LAYOUTS, SUFFIXES
from reader_app.storage.errors import StorageError
from reader_app.ui import settings

if TYPE_CHECKING:
    from reader_app.core.exports import BilingualBook, LinkNote

# The main window, which imports this module: typed loosely rather than importing it back (no import cycle).
ExportWindow = Any

# The links the preview shows: a screenful of the dialog, and a few milliseconds to write in any format.
PREVIEW_LINKS = 8
# Formats with a layout choice (write_export's `layout`); the others ignore it.
LAYOUT_FORMATS = frozenset(DEFAULT_LAYOUTS)
# Formats previewed as their text in a monospace view; the others rendered as rich text.
TEXT_FORMATS = frozenset({"tmx", "tsv", "anki"})
# The export's keys. Ctrl+Shift+E, the usual one, is taken by input methods (IBus's emoji picker) before the window
# sees it (see ui/editing/actions.py); Ctrl+E is free in every menu.
SHORTCUT = "Ctrl+E"
# A fixed time for the preview's EPUB (its dcterms:modified is not shown): writing it twice gives the same bytes.
PREVIEW_TIME = datetime(2024, 1, 1, tzinfo=UTC)

LAST_FORMAT = settings.Option("export/format", str, "html")  # File ▸ Export's last format (one of FORMATS)
LAST_FOLDER = settings.Option("export/folder", str, "")  # and the folder it wrote to ("": the document's)

_BODY = re.compile(r"<body>(.*)</body>", re.S)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def format_names() -> dict[str, str]:
    return {"html": _tr("HTML page"), "epub": _tr("EPUB e-book"), "docx": _tr("Word document (DOCX)"),
            "tmx": _tr("TMX translation memory"), "tsv": _tr("TSV table"), "md": _tr("Markdown"),
            "anki": _tr("Anki deck (text)")}


def with_suffix(path: str, fmt: str) -> str:
    """`path` ending in `fmt`'s suffix instead of another format's (the longest first: .anki.txt before .txt)."""
    for suffix in sorted(SUFFIXES.values(), key=len, reverse=True):
        if path.lower().endswith(suffix):
            return path[: -len(suffix)] + SUFFIXES[fmt]
    return path + SUFFIXES[fmt]


# -- what is exported ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportChoices:
    fmt: str
    layout: str | None  # None: the format's default (or it has none)
    notes: bool
    path: str


def shown_book(window: ExportWindow) -> BilingualBook:
    """The window's document as a BilingualBook without notes: the links shown (with the reader's edits) seen by
    paragraph, and their statuses while the panes show paragraphs (a sentence's status belongs to no paragraph)."""
    from reader_app.core.editing.pins import LinkStatus
    from reader_app.core.exports import BilingualBook
    from reader_app.ui.notes.unit_map import paragraph_alignment

    alignment = paragraph_alignment(window)
    assert alignment is not None, "a document is shown with its links"
    statuses: dict[int, LinkStatus] = {}
    editor, units = window.alignment_editor, window.units
    pinned = editor.pinned if editor is not None else None
    if pinned is not None and pinned.alignment is window.view.alignment and (units is None or units.identity):
        statuses = {k: s for k, s in enumerate(pinned.statuses) if s is not LinkStatus.AUTOMATIC}
    return BilingualBook(window.document, alignment, (), statuses)


def _store_notes(book: BilingualBook, store: Any) -> tuple[LinkNote, ...]:
    """The book's notes as the command line places them (storage thread only)."""
    from reader_app.commands.export import book_notes

    return book_notes(book.document, book.alignment, store)[0] if store is not None else ()


def preview_book(book: BilingualBook, fmt: str) -> BilingualBook:
    """The first PREVIEW_LINKS links of `book` as a book of their own (the Anki deck's: its first noted links,
    its cards being those), their notes and statuses kept."""
    if fmt == "anki":
        keep = sorted({n.link for n in book.notes})[:PREVIEW_LINKS]
    else:
        keep = list(range(min(PREVIEW_LINKS, len(book.alignment.links))))
    new = {k: i for i, k in enumerate(keep)}
    return replace(book, alignment=Alignment(tuple(book.alignment.links[k] for k in keep), book.alignment.tier),
                   notes=tuple(replace(n, link=new[n.link]) for n in book.notes if n.link in new),
                   statuses={new[k]: s for k, s in book.statuses.items() if k in new})


def preview_markup(book: BilingualBook, fmt: str, layout: str | None) -> str:
    """What the preview shows for `book` (a preview_book): the writer's own text for the text formats, HTML for
    HTML and Markdown, and for EPUB and Word the HTML of what the writer put in its file."""
    from reader_app.core.exports import write_export

    if fmt == "epub":
        from reader_app.core.exports.epub import write_epub

        data = io.BytesIO()
        write_epub(book, data, layout or DEFAULT_LAYOUTS["epub"], modified=PREVIEW_TIME)
        return _epub_page(data)
    if fmt == "docx":
        data = io.BytesIO()
        write_export("docx", book, data)
        return _word_page(data)
    out = io.StringIO()
    write_export(fmt, book, out, layout)
    return out.getvalue()


def _epub_page(data: io.BytesIO) -> str:
    """The EPUB's chapters one after the other, under its style sheet."""
    with zipfile.ZipFile(data) as archive:
        css = archive.read("OEBPS/style.css").decode("utf-8")
        chapters = sorted(n for n in archive.namelist() if n.startswith("OEBPS/chapter-"))
        bodies = [m.group(1) for n in chapters if (m := _BODY.search(archive.read(n).decode("utf-8")))]
    return f"<html><head><style>{css}</style></head><body>{''.join(bodies)}</body></html>"


def _word_page(data: io.BytesIO) -> str:
    """The Word table read back (python-docx): its cells' text, shaded cells in their colour, the comments after."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(data)
    rows = []
    for row in document.tables[0].rows:
        cells = []
        for cell in row.cells:
            shading = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            fill = f' bgcolor="#{shading.get(qn("w:fill"))}"' if shading is not None else ""
            text = "<br/>".join(escape(p.text) for p in cell.paragraphs)
            cells.append(f'<td width="50%"{fill}>{text}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    comments = "".join(f"<li>{escape(c.text)}</li>" for c in document.comments)
    return (f"<h1>{escape(document.core_properties.title)}</h1>"
            f'<table border="1" cellspacing="0" cellpadding="4" width="100%">{"".join(rows)}</table>'
            + (f"<ol>{comments}</ol>" if comments else ""))


# -- the dialog ---------------------------------------------------------------------------------------------

class ExportDialog(QDialog):
    """The export's choices and a preview of them on the first links; exporting is the window's (start_export).

    Signals: previewUpdated() after the preview shows the current choices; notesRead() once the notes the
    preview shows are read (from the notes' storage thread)."""

    previewUpdated = Signal()
    notesRead = Signal()

    def __init__(self, window: ExportWindow) -> None:
        super().__init__(window)
        self.host = window  # not `window`: QWidget.window() is a method
        self.setWindowTitle(_tr("Export"))
        self.book = shown_book(window)
        self._notes: tuple[LinkNote, ...] = ()
        # ("anki" or "", notes on) -> the preview's book, kept: its script tag is computed once.
        self._previews: dict[tuple[str, bool], BilingualBook] = {}

        self.format_box = QComboBox()
        for fmt, name in format_names().items():
            self.format_box.addItem(name, fmt)
        self.layout_box = QComboBox()
        for layout, name in zip(LAYOUTS, (_tr("Side by side"), _tr("Interleaved (Chinese, then English)")),
                                strict=True):
            self.layout_box.addItem(name, layout)
        self.notes_box = QCheckBox(_tr("Include the notes"))
        self.notes_box.setChecked(True)
        self.path_edit = QLineEdit()
        browse = QPushButton(_tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_tr("&Format:"), self.format_box)
        form.addRow(_tr("&Layout:"), self.layout_box)
        form.addRow("", self.notes_box)
        save_label = QLabel(_tr("&Save to:"))
        save_label.setBuddy(self.path_edit)  # a row of two widgets: its mnemonic needs the buddy named
        form.addRow(save_label, path_row)

        self.rich_preview = QTextBrowser()
        self.rich_preview.setOpenLinks(False)  # a note's reference is not followed out of the preview
        self.text_preview = QPlainTextEdit()
        self.text_preview.setReadOnly(True)
        self.text_preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text_preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview = QStackedWidget()
        self.preview.addWidget(self.rich_preview)
        self.preview.addWidget(self.text_preview)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(_tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.preview_label)
        column.addWidget(self.preview, 1)
        column.addWidget(self.buttons)
        self.resize(900, 640)

        fmt = LAST_FORMAT.read(window.settings)
        self.format_box.setCurrentIndex(FORMATS.index(fmt) if fmt in FORMATS else 0)
        folder = LAST_FOLDER.read(window.settings) or window.last_dir()
        self.path_edit.setText(str(Path(folder) / with_suffix(self._document_name(), self.fmt)))
        self._follow_format()
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self.layout_box.currentIndexChanged.connect(self.update_preview)
        self.notes_box.toggled.connect(self.update_preview)
        self.path_edit.textChanged.connect(lambda text: self.export_button.setEnabled(bool(text.strip())))
        self._read_notes()

    # -- choices --------------------------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def choices(self) -> ExportChoices:
        fmt = self.fmt
        path = self.path_edit.text().strip()
        if path and not Path(path).suffix:
            path += SUFFIXES[fmt]
        return ExportChoices(fmt, str(self.layout_box.currentData()) if fmt in LAYOUT_FORMATS else None,
                             self.notes_box.isChecked() or fmt == "anki", path)

    def set_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(FORMATS.index(fmt))

    def _document_name(self) -> str:
        paths = self.host.paths
        if paths:
            name = Path(paths[0]).name
            return name[: -len(Path(name).suffix)] if Path(name).suffix else name
        return self.book.document.title or "export"

    def _on_format_box_changed(self) -> None:
        self._follow_format()
        self.path_edit.setText(with_suffix(self.path_edit.text(), self.fmt))

    def _follow_format(self) -> None:
        """The layout and notes choices as the format takes them, then the preview."""
        fmt = self.fmt
        has_layout = fmt in LAYOUT_FORMATS
        self.layout_box.blockSignals(True)
        self.layout_box.setCurrentIndex(LAYOUTS.index(DEFAULT_LAYOUTS[fmt]) if has_layout else 0)
        self.layout_box.blockSignals(False)
        self.layout_box.setEnabled(has_layout)
        self.layout_box.setToolTip("" if has_layout else _tr("This format has one layout"))
        # The deck is made of the noted pairs: without the notes it would have no card.
        self.notes_box.setEnabled(fmt != "anki")
        self.notes_box.setToolTip(_tr("The deck holds a card for each noted pair") if fmt == "anki" else "")
        self.update_preview()

    def _on_browse_clicked(self) -> None:
        fmt = self.fmt
        path, _filter = QFileDialog.getSaveFileName(self, _tr("Export"), self.path_edit.text(),
                                                    f"{format_names()[fmt]} (*{SUFFIXES[fmt]})")
        if path:
            self.path_edit.setText(with_suffix(path, fmt) if not path.lower().endswith(SUFFIXES[fmt]) else path)

    # -- preview --------------------------------------------------------------------------------------

    def _read_notes(self) -> None:
        store = self.host.annotations.session.store
        book = self.book

        def read() -> tuple[LinkNote, ...]:
            return _store_notes(book, store)

        def done(notes: tuple[LinkNote, ...]) -> None:
            if shiboken6.isValid(self):  # the dialog may be closed before the notes are read
                self._notes = notes
                self._previews.clear()
                self.update_preview()
                self.notesRead.emit()

        def failed(_exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self.notesRead.emit()  # the preview goes on without them

        storage = self.host.annotations.storage
        if not storage.stopped:  # (closing window) the preview goes without the notes
            storage.submit(read, done, failed)

    def _preview_book(self, fmt: str, notes: bool) -> BilingualBook:
        key = ("anki" if fmt == "anki" else "", notes)
        if key not in self._previews:
            self._previews[key] = preview_book(replace(self.book, notes=self._notes if notes else ()), fmt)
        return self._previews[key]

    def update_preview(self) -> None:
        choices = self.choices()
        book = self._preview_book(choices.fmt, choices.notes)
        markup = preview_markup(book, choices.fmt, choices.layout)
        if choices.fmt in TEXT_FORMATS:
            self.text_preview.setPlainText(markup)
            self.preview.setCurrentWidget(self.text_preview)
        else:
            if choices.fmt == "md":
                # Qt's Markdown reader ends a table at an inline <br> (Qt 6 drops the rest of the table); a line
                # separator is the same line break in a QTextDocument.
                self.rich_preview.setMarkdown(markup.replace("<br>", "\u2028"))
            else:
                self.rich_preview.setHtml(markup)
            self.preview.setCurrentWidget(self.rich_preview)
        total = len(self.book.alignment.links)
        if choices.fmt == "anki":
            text = _tr("Preview: the first {0} of the {1} noted pairs (a card each)").format(
                len(book.alignment.links), len({n.link for n in self._notes}))
        else:
            text = _tr("Preview: the first {0} of {1} links").format(len(book.alignment.links), total)
        self.preview_label.setText(text)
        self.previewUpdated.emit()

    def preview_text(self) -> str:
        """What the preview shows, as plain text."""
        shown = self.preview.currentWidget()
        return shown.toPlainText() if isinstance(shown, QPlainTextEdit | QTextBrowser) else ""


# -- exporting ----------------------------------------------------------------------------------------------

def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(exc).__name__


def start_export(window: ExportWindow, choices: ExportChoices) -> bool:
    """Queue the export of the window's document as `choices` say; False when nothing is open."""
    from reader_app.commands.export import _output
    from reader_app.core.exports import write_export

    if window.document is None or not choices.path:
        return False
    book = shown_book(window)
    notes = window.annotations
    store = notes.session.store

    def write() -> tuple[int, int, str]:
        left_out = ""
        exported = book
        if choices.notes:
            try:
                exported = replace(book, notes=_store_notes(book, store))
            except StorageError as exc:  # the text and its links are the export: it goes on without the notes
                left_out = str(exc)
        with _output(choices.path, choices.fmt in BINARY_FORMATS) as out:
            write_export(choices.fmt, exported, out, choices.layout)
        return len(exported.alignment.links), len(exported.notes), left_out

    def done(result: tuple[int, int, str]) -> None:
        links, count, left_out = result
        if left_out:
            text = _tr("Exported {0} without the notes ({1})").format(choices.path, left_out)
        else:
            text = _tr("Exported {0} ({1} links, {2} notes)").format(choices.path, links, count)
        window.statusBar().showMessage(text, 10000)

    def failed(exc: BaseException) -> None:
        window.show_error(_tr("Could not export to {0}: {1}").format(Path(choices.path).name, _reason(exc)))

    LAST_FORMAT.write(window.settings, choices.fmt)
    LAST_FOLDER.write(window.settings, str(Path(choices.path).resolve().parent))
    notes.storage.submit(write, done, failed, (OSError, StorageError))
    return True


def ask_and_export(window: ExportWindow) -> ExportDialog | None:
    """File ▸ Export…: the dialog (window-modal); Export starts the export and closes it."""
    if window.document is None:
        return None
    dialog = ExportDialog(window)
    dialog.accepted.connect(lambda: start_export(window, dialog.choices()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class ExportAction(QAction):
    """File ▸ Export… (Ctrl+E), enabled while a document is shown."""

    def __init__(self, window: ExportWindow, parent: QObject) -> None:
        super().__init__(_tr("E&xport…"), parent)
        self.setObjectName("export")
        self.setShortcut(QKeySequence(SHORTCUT))
        self.setEnabled(window.document is not None)
        self.triggered.connect(lambda: ask_and_export(window))
        # A bound method of this action: the connection goes with it when the menus are rebuilt.
        window.documentOpened.connect(self._on_window_document_opened)

    def _on_window_document_opened(self, _document: object) -> None:
        self.setEnabled(True)


def install_export_menu(window: ExportWindow) -> None:
    """File ▸ Export… before Open Recent, after the project's entries (again after the window rebuilt its menus)."""
    from PySide6.QtWidgets import QMenu

    bar = window.menuBar()
    menu = next((m for a in bar.actions() if isinstance(m := a.menu(), QMenu) and m.objectName() == "fileMenu"),
                None)
    if menu is None:
        return
    before = next((a for a in menu.actions() if a.menu() is not None), None)  # Open Recent
    action = ExportAction(window, menu)
    if before is not None:
        menu.insertAction(before, action)
    else:
        menu.addAction(action)
    window.addAction(action)  # its shortcut works with the menu bar hidden
    menu.aboutToShow.connect(lambda: action.setEnabled(window.document is not None))
