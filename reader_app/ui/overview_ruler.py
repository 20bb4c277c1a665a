"""The overview ruler: both documents scaled to the ruler's height, omissions and notes as ticks, the viewports
as handles; click or drag to scroll."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QTextEdit, QWidget

from reader_app.ui.colours import scheme_for
from reader_app.ui.link_map import DocumentWatch, block_rect

MARGIN = 2  # px above and below the scaled documents, so the first and last ticks are not cut
MIN_TICK = 2.0  # px: a one-line paragraph in a long document still shows
NOTE_TICK = 3.0  # px: height of an annotation tick, drawn over the omission ticks


class OverviewRuler(QWidget):
    """Two columns, the left pane's document on the left and the right pane's on the right, each scaled to
    the ruler's height (one column over the whole width when there is no right pane). Ticks are painted once
    into a cached pixmap (`tick_pixmap_builds` counts the builds: only resizes, new marks, relayouts and
    palette changes rebuild it); scrolling repaints only the handles over it.

    Pressing in a column scrolls that column's pane so the point pressed is in the middle of its viewport
    (pressing on the handle grabs it instead, as a scrollbar does); dragging keeps scrolling."""

    def __init__(self, left_pane: QTextEdit, right_pane: QTextEdit | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewRuler")
        self.setMinimumWidth(12)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.omissions_left: list[int] = []
        self.omissions_right: list[int] = []
        self.annotated: list[tuple[str, int]] = []
        self.tick_pixmap_builds = 0
        self._ticks: QPixmap | None = None
        self._drag: tuple[QTextEdit, float] | None = None  # the pane being dragged, grab point in the handle
        self.left_pane = self.right_pane = None
        self._watches: list[DocumentWatch] = []
        self.set_panes(left_pane, right_pane)
        self.retranslate()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(18, 200)

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Overview: omissions and notes of the whole document; click or drag to scroll"))
        self.setAccessibleName(self.tr("Overview ruler"))

    # -- public API ------------------------------------------------------------------------------

    def set_panes(self, left_pane: QTextEdit, right_pane: QTextEdit | None) -> None:
        for pane in self._panes():
            pane.verticalScrollBar().valueChanged.disconnect(self._on_pane_scrolled)
            pane.verticalScrollBar().rangeChanged.disconnect(self._on_pane_range_changed)
            if hasattr(pane, "layoutCompleted"):
                pane.layoutCompleted.disconnect(self.invalidate_ticks)
        self.left_pane, self.right_pane = left_pane, right_pane
        for watch in self._watches:
            watch.deleteLater()
        self._watches = [DocumentWatch(pane, self.invalidate_ticks, self) for pane in self._panes()]
        for pane in self._panes():
            pane.verticalScrollBar().valueChanged.connect(self._on_pane_scrolled)
            # A range change is a relayout or a viewport resize: the ticks move, not only the handle.
            pane.verticalScrollBar().rangeChanged.connect(self._on_pane_range_changed)
            if hasattr(pane, "layoutCompleted"):  # estimated ticks give way to exact ones
                pane.layoutCompleted.connect(self.invalidate_ticks)
        self.invalidate_ticks()

    def set_pane(self, left_pane: QTextEdit, right_pane: QTextEdit | None = None) -> None:
        """Make `left_pane` the left column; when it was the right one (the panes were swapped) and no right
        pane is given, the old left pane becomes the right column."""
        if right_pane is None and self.right_pane is not None:
            right_pane = self.left_pane if left_pane is self.right_pane else self.right_pane
        self.set_panes(left_pane, right_pane)

    def set_marks(self, omissions_left: list[int], omissions_right: list[int],
                  annotated: list[tuple[str, int]]) -> None:
        """Paragraph indices without counterpart in each pane, and (language, paragraph) pairs that carry a
        note; a note goes in the column of the pane whose `language` matches (the left one when neither)."""
        self.omissions_left = sorted(omissions_left)
        self.omissions_right = sorted(omissions_right)
        self.annotated = list(annotated)
        self.invalidate_ticks()

    def tick_pixmap(self) -> QPixmap:
        """The cached ticks (what the ruler shows under the handles), built if needed."""
        if self._ticks is None:
            self._ticks = self._build_ticks()
        return self._ticks

    def invalidate_ticks(self) -> None:
        self._ticks = None
        self.update()

    # -- geometry --------------------------------------------------------------------------------

    def _panes(self) -> list[QTextEdit]:
        return [pane for pane in (self.left_pane, self.right_pane) if pane is not None]

    def _columns(self) -> list[QRectF]:
        """One rectangle per pane, in the order of `_panes()`."""
        w, h = float(self.width()), float(self.height())
        if self.right_pane is None:
            return [QRectF(1.0, MARGIN, w - 2.0, h - 2 * MARGIN)]
        half = w / 2
        return [QRectF(1.0, MARGIN, half - 1.5, h - 2 * MARGIN), QRectF(half + 0.5, MARGIN, w - half - 1.5,
                                                                         h - 2 * MARGIN)]

    @staticmethod
    def _total(pane: QTextEdit) -> float:
        """The document's height as the scrollbar sees it (range + page), at least 1."""
        bar = pane.verticalScrollBar()
        return float(max(1, bar.maximum() + bar.pageStep()))

    def _handle(self, pane: QTextEdit, column: QRectF) -> QRectF:
        bar = pane.verticalScrollBar()
        scale = column.height() / self._total(pane)
        top = column.top() + bar.value() * scale
        height = max(MIN_TICK * 2, min(bar.pageStep(), self._total(pane)) * scale)
        return QRectF(column.left(), top, column.width(), min(height, column.bottom() - top))

    def _pane_at(self, x: float) -> tuple[QTextEdit, QRectF]:
        columns = self._columns()
        if self.right_pane is None or x < self.width() / 2:
            return self.left_pane, columns[0]
        return self.right_pane, columns[1]

    # -- ticks -----------------------------------------------------------------------------------

    def _notes_for(self, pane: QTextEdit) -> list[int]:
        shown = {getattr(p, "language", None) for p in self._panes()}
        own = getattr(pane, "language", None)
        return [index for language, index in self.annotated
                if language == own or (pane is self.left_pane and language not in shown)]

    def _build_ticks(self) -> QPixmap:
        self.tick_pixmap_builds += 1
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))))
        pixmap.setDevicePixelRatio(ratio)
        scheme = scheme_for(self.palette())
        pixmap.fill(self.palette().color(QPalette.ColorRole.Window))
        painter = QPainter(pixmap)
        columns = self._columns()
        groove = self.palette().color(QPalette.ColorRole.Base)
        for column in columns:
            painter.fillRect(column, groove)
        for pane, column, omissions in zip(self._panes(), columns, (self.omissions_left, self.omissions_right),
                                           strict=False):
            count = pane.document().blockCount()
            scale = column.height() / self._total(pane)

            # Until the pane has laid out its whole document (progressively, in idle time), a paragraph's place
            # is estimated from its index: asking Qt would force the whole layout at once.
            estimate = not getattr(pane, "layout_done", True)

            def span(index: int, minimum: float, pane: QTextEdit = pane, column: QRectF = column,
                     scale: float = scale, count: int = count, estimate: bool = estimate) -> QRectF:
                if estimate:
                    top = column.top() + column.height() * index / count
                    height = max(minimum, column.height() / count)
                    return QRectF(column.left(), min(top, column.bottom() - minimum), column.width(), height)
                rect = block_rect(pane, index)
                top = column.top() + rect.top() * scale
                height = max(minimum, rect.height() * scale)
                return QRectF(column.left(), min(top, column.bottom() - minimum), column.width(), height)

            for index in omissions:
                if 0 <= index < count:
                    painter.fillRect(span(index, MIN_TICK), scheme.omission_tick)
            own_notes = self._notes_for(pane)
            for index in own_notes:
                if 0 <= index < count:
                    rect = span(index, NOTE_TICK)
                    rect.setHeight(NOTE_TICK)
                    painter.fillRect(rect, scheme.annotation)
        painter.end()
        return pixmap

    # -- events ----------------------------------------------------------------------------------

    def _on_pane_scrolled(self, _value: int) -> None:
        self.update()  # the cached ticks stay; only the handles move

    def _on_pane_range_changed(self, _low: int, _high: int) -> None:
        self.invalidate_ticks()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._ticks = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.invalidate_ticks()
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        for watch in self._watches:
            if watch.check():
                self._ticks = None
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.tick_pixmap())
        scheme = scheme_for(self.palette())
        # Whole pixels, no antialiasing: half the cost of an antialiased translucent rectangle, and crisp.
        painter.setPen(QPen(scheme.current_link_outline, 0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pane, column in zip(self._panes(), self._columns(), strict=True):
            handle = self._handle(pane, column).toAlignedRect()
            painter.fillRect(handle, scheme.handle)
            painter.drawRect(handle.adjusted(0, 0, -1, -1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        y = event.position().y()
        pane, column = self._pane_at(event.position().x())
        handle = self._handle(pane, column)
        # Grab the handle where it was pressed; elsewhere, centre the viewport on the point pressed.
        grab = y - handle.top() if handle.top() <= y <= handle.bottom() else handle.height() / 2
        self._drag = (pane, grab)
        self._scroll_to(y)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is not None:
            self._scroll_to(event.position().y())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._drag = None
        super().mouseReleaseEvent(event)

    def _scroll_to(self, y: float) -> None:
        if self._drag is None:
            return
        pane, grab = self._drag
        column = self._columns()[self._panes().index(pane)]
        scale = column.height() / self._total(pane)
        bar = pane.verticalScrollBar()
        bar.setValue(round((y - grab - column.top()) / scale))
