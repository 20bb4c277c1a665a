"""Find in one or both panes, with a match count and next/previous that walk down the aligned document."""

from __future__ import annotations

import bisect
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader_app.core.text.convert import fold_for_search
from reader_app.ui.reader_view import ReaderView

MATCH_COLOUR = QColor(255, 214, 0, 110)
CURRENT_COLOUR = QColor(255, 140, 0, 200)
# The panes' texts are folded for searching (Simplified, plain width, lower case) in idle turns of at most this
# long once the bar opens: a book's Chinese side takes ~0.1 s, longer than the window may block at once.
FOLD_SLICE_S = 0.004


def _tr(text: str) -> str:
    return QCoreApplication.translate("FindBar", text)


class FindBar(QWidget):
    """A bar under the panes: text, scope (both panes, Chinese, English), count, previous/next, close."""

    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.matches: list[tuple[str, int, int, int]] = []  # (language, paragraph, start, end)
        self._match_links: list[int] = []  # the link of each match, in the same order
        self.current = -1
        # Each pane's paragraphs as find compares them (fold_for_search), filled in idle turns; keyed by the
        # pane's paragraph list, so another document (or other units) starts anew.
        self._folded: dict[str, tuple[object, list[str]]] = {}
        self._fold_timer = QTimer(self)
        self._fold_timer.setInterval(0)
        self._fold_timer.timeout.connect(self._on_fold_timer_timeout)
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
        self._fold_timer.start()

    def _folded_texts(self, language: str, complete: bool) -> list[str]:
        """The pane's folded paragraphs so far; all of them with `complete` (folding the rest now)."""
        pane = self.view.pane(language)
        key, texts = self._folded.get(language, (None, []))
        if key is not pane.paragraphs:
            texts = []
            self._folded[language] = (pane.paragraphs, texts)
        fold = fold_for_search if language == "zh" else _fold_latin
        deadline = None if complete else time.perf_counter() + FOLD_SLICE_S
        count = len(pane.paragraphs)
        while len(texts) < count and (deadline is None or time.perf_counter() < deadline):
            texts.extend(fold(pane.paragraph_text(i)) for i in range(len(texts), min(len(texts) + 64, count)))
        return texts

    def _on_fold_timer_timeout(self) -> None:
        done = True
        for language in ("zh", "en"):
            if len(self._folded_texts(language, complete=False)) < len(self.view.pane(language).paragraphs):
                done = False
                break
        if done:
            self._fold_timer.stop()

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
        # Folded like the texts: a Simplified query finds the Traditional text and the reverse, ＣＯＰ finds COP.
        needle = fold_for_search(self.edit.text())
        languages = self.scope.currentData() or ("zh", "en")
        matches: list[tuple[tuple[int, int, int, int], tuple[str, int, int, int]]] = []
        alignment = self.view.alignment
        if needle:
            for order, language in enumerate(("zh", "en")):
                if language not in languages:
                    continue
                for index, text in enumerate(self._folded_texts(language, complete=True)):
                    start = text.find(needle)
                    if start < 0:
                        continue
                    link = (alignment.link_of(language, index) if alignment else index) or 0
                    while start >= 0:
                        # Ordered by link, so next/previous walk down the document through both panes.
                        matches.append(((link, order, index, start), (language, index, start, start + len(needle))))
                        start = text.find(needle, start + len(needle))
        matches.sort()
        self.matches = [m for _, m in matches]
        self._match_links = [key[0] for key, _ in matches]
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

    def _first_step(self, step: int) -> int:
        """The match a first next (previous) goes to: the first at (the last before) the link being read, not
        the document's first: the reader searches from where they are."""
        reading = self.view.linker.current_link
        if self.view.alignment is None or reading < 0:
            return 0 if step > 0 else len(self.matches) - 1
        if step > 0:
            return bisect.bisect_left(self._match_links, reading) % len(self.matches)
        return (bisect.bisect_right(self._match_links, reading) - 1) % len(self.matches)

    def _step(self, step: int) -> None:
        if not self.matches:
            return
        if self.current < 0:
            self.current = self._first_step(step)
        else:
            self.current = (self.current + step) % len(self.matches)
        language, paragraph, start, end = self.matches[self.current]
        pane = self.view.pane(language)
        block = pane.document().findBlockByNumber(paragraph)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        pane.setTextCursor(cursor)
        # Whole and in the upper third, never cut at an edge (ensureCursorVisible stops at the first pixel).
        rect = pane.cursorRect(cursor)
        viewport = pane.viewport().height()
        if rect.top() < 0 or rect.bottom() > viewport:
            bar = pane.verticalScrollBar()
            bar.setValue(round(bar.value() + rect.top() - viewport / 3))
        self.view.linker.sync_from(pane)
        self._paint()
        self._update_count()


def _fold_latin(text: str) -> str:
    """The English pane's fold: no script conversion to pay for (a stray Han character still matches itself)."""
    if any(ord(ch) > 0x2E7F for ch in text):
        return fold_for_search(text)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else fold_for_search(text)
