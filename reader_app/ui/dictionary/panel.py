"""VocabularyPanel: the saved words in a dock, with Delete and the CSV and Anki exports."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader_app.core.dictionary.readings import marked
from reader_app.storage.vocabulary import SavedWord, senses_text
from reader_app.ui.fonts import chinese_font

PANEL_WIDTH = 420
SENSES_WIDTH = 180


def _tr(text: str) -> str:
    return QCoreApplication.translate("VocabularyPanel", text)


class VocabularyPanel(QDockWidget):
    """The reader's saved words, newest last: word, reading, senses, the sentence it was read in.

    Signals: exportRequested(str) with "csv" or "anki"; deleteRequested(str) with a saved word's id."""

    exportRequested = Signal(str)
    deleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vocabularyDock")
        self.words: list[SavedWord] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("vocabularyTable")
        self.table.setFont(chinese_font(10.5))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The senses and the sentence are long: their columns are sized by hand (full text in the tool tip).
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, SENSES_WIDTH)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.status = QLabel()
        self.delete_button = QPushButton()
        self.csv_button = QPushButton()
        self.anki_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.csv_button.clicked.connect(lambda: self.exportRequested.emit("csv"))
        self.anki_button.clicked.connect(lambda: self.exportRequested.emit("anki"))
        buttons = QHBoxLayout()
        for button in (self.delete_button, self.csv_button, self.anki_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.retranslate()
        self.show_words([])

    def dock_into(self, window: QMainWindow) -> None:
        """Dock at the window's right, closed until View ▸ Vocabulary Panel opens it."""
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        window.resizeDocks([self], [PANEL_WIDTH], Qt.Orientation.Horizontal)

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("Vocabulary"))
        self.table.setHorizontalHeaderLabels([_tr("Word"), _tr("Reading"), _tr("Senses"), _tr("Sentence")])
        self.delete_button.setText(_tr("&Delete"))
        self.csv_button.setText(_tr("Export &CSV…"))
        self.anki_button.setText(_tr("Export for &Anki…"))
        self._update_status()

    def show_words(self, words: Sequence[SavedWord]) -> None:
        self.words = list(words)
        self.table.setRowCount(len(self.words))
        for row, word in enumerate(self.words):
            for column, text in enumerate((word.word, marked(word.pinyin), senses_text(word), word.sentence)):
                item = QTableWidgetItem(text)
                item.setToolTip(word.counterpart if column == 3 else text)
                self.table.setItem(row, column, item)
        self._update_status()

    def add_word(self, word: SavedWord) -> None:
        self.show_words([*self.words, word])
        self.table.selectRow(len(self.words) - 1)

    def _update_status(self) -> None:
        self.status.setText(_tr("Saved words: {0}").format(len(self.words)) if self.words else
                            _tr("No saved words: look a word up and press S (or Save Word)."))
        for button in (self.delete_button, self.csv_button, self.anki_button):
            button.setEnabled(bool(self.words))

    def _on_delete_button_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in rows:
            self.deleteRequested.emit(self.words[row].id)
