"""View ▸ Layout ▸ Reveal: a learner's mode. The right pane's paragraphs are covered until the reader hovers one
(shown while the pointer is on it), clicks one (shown until clicked again), or presses Ctrl+R for the pair being
read; Ctrl+Shift+R covers everything again.

The covers are drawn by a transparent overlay on the pane's viewport, only for the paragraphs on screen, so the
pane's text, layout, find and notes are untouched underneath (and a 10k-paragraph book costs what a screen does)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView

REVEAL_KEY = "Ctrl+R"
COVER_ALL_KEY = "Ctrl+Shift+R"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reveal", text)


class CoverOverlay(QWidget):
    """Draws a cover over each paragraph of `pane` on screen that is neither revealed nor hovered: soft bars
    where its lines are, so the reader sees that (and how much) text is there without reading it."""

    def __init__(self, pane: ParagraphPane) -> None:
        super().__init__(pane.viewport())
        self.pane = pane
        self.revealed: set[int] = set()
        self.hovered = -1
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        pane.viewport().installEventFilter(self)
        pane.verticalScrollBar().valueChanged.connect(self.update)
        pane.horizontalScrollBar().valueChanged.connect(self.update)
        self.setGeometry(pane.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.pane.viewport().rect())
        return False

    def covered(self, index: int) -> bool:
        return index != self.hovered and index not in self.revealed

    def visible_paragraphs(self) -> range:
        pane = self.pane
        if not pane.paragraphs:
            return range(0)
        top = pane.scroll_value()
        first = max(pane.paragraph_at(top), 0)
        last = max(pane.paragraph_at(top + pane.viewport().height()), first)
        return range(first, last + 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        pane = self.pane
        palette = pane.palette()
        base = palette.color(palette.ColorRole.Base)
        bar = QColor(palette.color(palette.ColorRole.Text))
        bar.setAlphaF(0.13)
        line = max(pane.fontMetrics().lineSpacing(), 8)
        scroll = pane.scroll_value()
        margin = pane.document().documentMargin()
        width = self.width()
        painter = QPainter(self)
        painter.setPen(Qt.PenStyle.NoPen)
        for index in self.visible_paragraphs():
            if not self.covered(index):
                continue
            top = pane.paragraph_top(index) - scroll
            bottom = pane.paragraph_bottom(index) - scroll
            if bottom <= top:
                continue
            # The paragraph's own background (an omission's colour) stays: only its words are covered.
            painter.fillRect(QRectF(0, top, width, bottom - top), pane.block_background(index) or base)
            lines = max(1, round((bottom - top - 4) / line))
            for k in range(lines):
                y = top + 2 + k * (bottom - top - 4) / lines
                # The last line of a paragraph is shorter, as text's is: the cover reads as "a paragraph".
                length = (width - 2 * margin) * (0.62 if k == lines - 1 and lines > 1 else 0.96)
                painter.setBrush(bar)
                painter.drawRoundedRect(QRectF(margin, y + line * 0.2, length, line * 0.55), 3, 3)
        painter.end()


class RevealMode(QObject):
    """The Reveal layout on a ReaderView: on or off, what is revealed, and its two actions.

    Signals: revealedChanged() after what the covered pane shows changed."""

    revealedChanged = Signal()

    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self.view = view
        self.active = False
        self.overlay: CoverOverlay | None = None
        self.reveal_action = QAction(view)
        self.reveal_action.setShortcut(QKeySequence(REVEAL_KEY))
        self.reveal_action.triggered.connect(self.reveal_current)
        self.cover_action = QAction(view)
        self.cover_action.setShortcut(QKeySequence(COVER_ALL_KEY))
        self.cover_action.triggered.connect(self.cover_all)
        for action in (self.reveal_action, self.cover_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            view.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.reveal_action.setText(_tr("Re&veal the Current Pair"))
        self.cover_action.setText(_tr("&Cover Everything Again"))

    @property
    def pane(self) -> ParagraphPane:
        """The covered pane: the right one (the translation a learner checks themselves against)."""
        return self.view.right

    def set_active(self, active: bool) -> None:
        if active == self.active and (not active or (self.overlay is not None and self.overlay.pane is self.pane)):
            return
        self._remove()
        self.active = active
        for action in (self.reveal_action, self.cover_action):
            action.setEnabled(active)
        if active:
            self.overlay = CoverOverlay(self.pane)
            self.overlay.show()
            self.pane.paragraphHovered.connect(self._on_pane_paragraph_hovered)
            self.pane.paragraphClicked.connect(self._on_pane_paragraph_clicked)
        self.revealedChanged.emit()

    def _remove(self) -> None:
        if self.overlay is not None:
            pane = self.overlay.pane
            pane.paragraphHovered.disconnect(self._on_pane_paragraph_hovered)
            pane.paragraphClicked.disconnect(self._on_pane_paragraph_clicked)
            pane.viewport().removeEventFilter(self.overlay)
            self.overlay.hide()
            self.overlay.deleteLater()
            self.overlay = None

    def reset(self) -> None:
        """Another document, or the panes swapped: everything covered again, over the right pane."""
        if self.active:
            self._remove()
            self.active = False
            self.set_active(True)

    def is_covered(self, index: int) -> bool:
        return self.active and self.overlay is not None and self.overlay.covered(index)

    def reveal(self, indices, on: bool = True) -> None:
        if self.overlay is None:
            return
        if on:
            self.overlay.revealed.update(indices)
        else:
            self.overlay.revealed.difference_update(indices)
        self.overlay.update()
        self.revealedChanged.emit()

    def reveal_current(self) -> None:
        """Ctrl+R: the current link's paragraphs in the covered pane, shown (again: covered)."""
        alignment = self.view.alignment
        current = self.view.linker.current_link
        if self.overlay is None or alignment is None or not 0 <= current < len(alignment.links):
            return
        link = alignment.links[current]
        units = link.zh if self.pane.language == "zh" else link.en
        self.reveal(units, on=any(self.overlay.covered(i) for i in units))

    def cover_all(self) -> None:
        if self.overlay is not None:
            self.overlay.revealed.clear()
            self.overlay.update()
            self.revealedChanged.emit()

    def _on_pane_paragraph_hovered(self, index: int) -> None:
        if self.overlay is not None and index != self.overlay.hovered:
            self.overlay.hovered = index
            self.overlay.update()
            self.revealedChanged.emit()

    def _on_pane_paragraph_clicked(self, index: int, _offset: int) -> None:
        if self.overlay is not None and index >= 0:
            self.reveal([index], on=index not in self.overlay.revealed)
