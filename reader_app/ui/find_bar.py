"""Find in one or both panes, with a match count and next/previous that walk down the aligned document."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader_app.ui.reader_view import ReaderView

MATCH_COLOUR = QColor(255, 214, 0, 110)
CURRENT_COLOUR = QColor(255, 140, 0, 200)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FindBar", text)


class FindBar(QWidget):
    """A bar under the panes: text, scope (both panes, Chinese, English), count, previous/next, close."""

    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.matches: list[tuple[str, int, int, int]] = []  # (language, paragraph, start, end)
        self.current = -1
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.returnPressed.connect(self.find_next)
        self.scope = QComboBox()
        self.scope.currentIndexChanged.connect(self._on_edit_text_changed)
        self.count_label = QLabel()
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.clicked.connect(self.find_next)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.find_label = QLabel()
        for widget in (self.find_label, self.edit, self.scope, self.previous_button, self.next_button,
                       self.count_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.find_label.setText(_tr("Find:"))
        index = max(self.scope.currentIndex(), 0)
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(_tr("Both panes"), ("zh", "en"))
        self.scope.addItem(_tr("Chinese pane"), ("zh",))
        self.scope.addItem(_tr("English pane"), ("en",))
        self.scope.setCurrentIndex(index)
        self.scope.blockSignals(False)
        self.previous_button.setToolTip(_tr("Previous match (Shift+F3)"))
        self.next_button.setToolTip(_tr("Next match (F3)"))
        self._update_count()

    def start(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def search_again(self) -> None:
        """Count the matches anew: the panes show another text (another document, other units)."""
        self._on_edit_text_changed()

    def close_bar(self) -> None:
        self.hide()
        for language in ("zh", "en"):
            self.view.pane(language).set_extra("find", [], MATCH_COLOUR)
        self.view.left.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def set_text(self, text: str, languages: tuple[str, ...] = ("zh", "en")) -> None:
        for i in range(self.scope.count()):
            if self.scope.itemData(i) == languages:
                self.scope.setCurrentIndex(i)
        self.edit.setText(text)
        self._on_edit_text_changed()

    def _on_edit_text_changed(self, *_args: object) -> None:
        needle = self.edit.text().lower()
        languages = self.scope.currentData() or ("zh", "en")
        matches: list[tuple[tuple[int, int, int, int], tuple[str, int, int, int]]] = []
        alignment = self.view.alignment
        if needle:
            for order, language in enumerate(("zh", "en")):
                if language not in languages:
                    continue
                pane = self.view.pane(language)
                for index in range(len(pane.paragraphs)):
                    text = pane.paragraph_text(index).lower()
                    start = text.find(needle)
                    link = alignment.link_of(language, index) if alignment else index
                    while start >= 0:
                        # Ordered by link, so next/previous walk down the document through both panes.
                        matches.append(((link or 0, order, index, start),
                                        (language, index, start, start + len(needle))))
                        start = text.find(needle, start + len(needle))
        matches.sort()
        self.matches = [m for _, m in matches]
        self.current = -1
        self._paint()
        self._update_count()

    def counts(self) -> dict[str, int]:
        return {lang: sum(1 for m in self.matches if m[0] == lang) for lang in ("zh", "en")}

    def _update_count(self) -> None:
        if not self.edit.text():
            self.count_label.clear()
            return
        counts = self.counts()
        position = f"{self.current + 1}/" if self.current >= 0 else ""
        self.count_label.setText(_tr("{0}{1} matches (Chinese {2}, English {3})").format(
            position, len(self.matches), counts["zh"], counts["en"]))

    def _paint(self) -> None:
        for language in ("zh", "en"):
            ranges = [(p, s, e) for k, (lang, p, s, e) in enumerate(self.matches)
                      if lang == language and k != self.current]
            pane = self.view.pane(language)
            pane.set_extra("find", ranges, MATCH_COLOUR)
        if 0 <= self.current < len(self.matches):
            language, p, s, e = self.matches[self.current]
            pane = self.view.pane(language)
            pane.set_extra("flash", [(p, s, e)], CURRENT_COLOUR)

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        language, paragraph, start, end = self.matches[self.current]
        pane = self.view.pane(language)
        block = pane.document().findBlockByNumber(paragraph)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        pane.setTextCursor(cursor)
        pane.ensureCursorVisible()
        self.view.linker.sync_from(pane)
        self._paint()
        self._update_count()
