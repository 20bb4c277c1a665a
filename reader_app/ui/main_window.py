"""The main window: two paragraph panes side by side, menus, status bar and an in-window message bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader_app import __version__
from reader_app.core.documents import DocumentError, load_document
from reader_app.core.model import Document
from reader_app.ui.fonts import chinese_font, latin_font
from reader_app.ui.pane import ParagraphPane

MAX_RECENT = 10


class MessageBar(QLabel):
    """A line above the panes for errors about the document: visible, non-modal, never a traceback."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("QLabel#messageBar { background: #fde2e1; color: #5c0b07; padding: 6px; }")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


class MainWindow(QMainWindow):
    """Signals: documentOpened(Document) after a document is shown."""

    documentOpened = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Bilingual Reader")
        self.resize(1280, 820)
        self.document: Document | None = None
        self.settings = QSettings()

        self.zh_pane = ParagraphPane("zh")
        self.en_pane = ParagraphPane("en")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.zh_pane)
        self.splitter.addWidget(self.en_pane)
        self.splitter.setChildrenCollapsible(False)
        self.message_bar = MessageBar()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open_triggered)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Bilingual Reader"), self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    # -- opening documents -------------------------------------------------------------------------

    def open_paths(self, paths: list[str]) -> bool:
        """Open one bilingual file or a Chinese file and its English translation. Returns False (and shows
        the reason in the window) when the document cannot be opened."""
        try:
            document = load_document(paths[0], paths[1] if len(paths) > 1 else None)
        except DocumentError as exc:
            self.show_error(self.tr("Could not open the document: {0}").format(exc))
            return False
        self.show_document(document)
        self._remember_recent(paths)
        return True

    def show_document(self, document: Document) -> None:
        self.document = document
        self.message_bar.clear_message()
        self.zh_pane.set_paragraphs(document.zh.paragraphs, chinese_font())
        self.en_pane.set_paragraphs(document.en.paragraphs, latin_font())
        self.setWindowTitle(f"{document.title} — Bilingual Reader")
        self.counts_label.setText(
            self.tr("{0} Chinese · {1} English paragraphs").format(len(document.zh), len(document.en))
        )
        self.documentOpened.emit(document)

    def show_error(self, text: str) -> None:
        self.message_bar.show_error(text)
        self.statusBar().showMessage(text, 10000)

    def _on_open_triggered(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open one bilingual file, or a Chinese file and its English translation"),
            str(Path.home()),
            self.tr("Documents (*.txt *.md *.html *.htm *.epub *.docx *.srt *.tmx *.xlf *.xliff);;All files (*)"),
        )
        if paths:
            self.open_paths(paths[:2])

    def _remember_recent(self, paths: list[str]) -> None:
        entry = "\n".join(str(Path(p).resolve()) for p in paths)
        recent = [r for r in self.recent_entries() if r != entry]
        self.settings.setValue("recent", [entry, *recent][:MAX_RECENT])

    def recent_entries(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent_entries():
            paths = entry.split("\n")
            action = self.recent_menu.addAction(" + ".join(Path(p).name for p in paths))
            action.setToolTip(entry)
            action.triggered.connect(lambda _=False, p=paths: self.open_paths(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Bilingual Reader"),
            self.tr("Bilingual Reader {0}\nChinese and English side by side, aligned paragraph by paragraph.\n"
                    "Chinese font: WenQuanYi Micro Hei (Apache-2.0).").format(__version__),
        )
