"""A small window stays readable: the side panels fold away before they squeeze the two panes, and come back when
the window widens; the status bar's words are elided ("…") rather than cut or wrapped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

# The narrowest a pane may be made while panels are open beside it: about twelve Chinese characters or twenty
# English letters a line at the default size (below that a paragraph is a column of fragments).
MIN_PANE_WIDTH = 180
# Panels come back only once the panes would keep this much more than MIN_PANE_WIDTH between them, so that a
# window dragged back and forth around the limit does not make them flicker.
HYSTERESIS = 40
FOLDED_AREAS = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
ELLIPSIS = "…"


class ElidedLabel(QLabel):
    """A one-line label that, given less room than its text needs, shows the text cut with "…" at its end; it
    never wraps, and asks the status bar for no more than the ellipsis and a few letters at least. text() stays
    the whole text (its tooltip too, when it has none of its own)."""

    MIN_CHARS = 4  # shown besides the ellipsis at the least

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def shown_text(self) -> str:
        """What is drawn: the text, elided to the label's width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        if not self.text():
            return hint
        margins = self.contentsMargins()
        least = self.fontMetrics().horizontalAdvance(self.text()[: self.MIN_CHARS] + ELLIPSIS)
        return QSize(min(hint.width(), least + margins.left() + margins.right()), hint.height())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.shown_text())
        painter.end()


class PanelFolding(QObject):
    """Folds a window's side docks (notes, checks, contents, vocabulary) when the window narrows so far that the
    panes would be narrower than MIN_PANE_WIDTH, and unfolds them when it widens enough for them again. Only a
    narrowing folds and only a widening unfolds: a panel the reader opens in a narrow window stays open (the
    window grows to hold it), and one the reader reopens is no longer folded."""

    def __init__(self, window: QMainWindow, view: QWidget, panes: tuple[QWidget, QWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.panes = panes
        self._folded: list[QDockWidget] = []
        self._folded_width = 0  # of the areas the folded docks took
        self._overhead = 80  # px of the view beside its panes (link map, ruler, frames), measured when shown
        self._direction = 0  # of the last resize: -1 narrower, +1 wider
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # once the window's layout has placed the docks and the view
        self._timer.timeout.connect(self.fit)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            change = event.size().width() - event.oldSize().width()
            if change and event.oldSize().width() > 0:
                self._direction = -1 if change < 0 else 1
                self._timer.start()
        return False

    @property
    def folded(self) -> list[QDockWidget]:
        """The docks folded and still closed (one the reader opened again is no longer folded)."""
        return [dock for dock in self._folded if dock.isHidden()]

    def needed_width(self) -> int:
        """How wide the central area must be for both panes to keep MIN_PANE_WIDTH."""
        if all(pane.isVisible() for pane in self.panes):
            self._overhead = max(0, self.view.width() - sum(pane.width() for pane in self.panes))
        return 2 * MIN_PANE_WIDTH + self._overhead

    def open_docks(self) -> list[QDockWidget]:
        window = self.window
        # Not hidden, rather than visible: a dock behind another's tab is open too (it shows when that one closes).
        return [dock for dock in window.findChildren(QDockWidget)
                if not dock.isHidden() and not dock.isFloating() and window.dockWidgetArea(dock) in FOLDED_AREAS]

    def fit(self) -> None:
        """Fold or unfold after the window's width changed (direction: the last resize)."""
        self._folded = self.folded
        central = self.view.width()
        if self._direction < 0:
            docks = self.open_docks()
            if docks and central < self.needed_width():
                # What the docks' areas and their separators take: the window's width beside the view.
                self._folded_width = max(0, self.window.width() - central)
                self._folded.extend(docks)
                for dock in docks:
                    dock.hide()
        elif (self._direction > 0 and self.folded
              and central - self._folded_width >= self.needed_width() + HYSTERESIS):
            folded, self._folded = self._folded, []
            for dock in folded:
                dock.show()
