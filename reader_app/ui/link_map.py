"""The link map between the panes: each link a curved band from its paragraphs on one side to the other's."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QTextEdit, QWidget

from reader_app.core.alignment import Alignment
from reader_app.ui.colours import LOW_CONFIDENCE, scheme_for


def block_rect(pane: QTextEdit, index: int) -> QRectF:
    """Paragraph `index`'s rectangle in document coordinates (margins included), laying it out if needed."""
    document = pane.document()
    return document.documentLayout().blockBoundingRect(document.findBlockByNumber(index))


def first_block_below(pane: QTextEdit, y: float) -> int:
    """The number of the first block whose bottom lies below document coordinate `y` (binary search over
    block positions, so it costs O(log² n) on a 10,000-paragraph document); blockCount() when none does."""
    count = pane.document().blockCount()
    return bisect_left(range(count), True, key=lambda i: block_rect(pane, i).bottom() > y)


def _ranges(alignment: Alignment, language: str) -> list[tuple[int, int]]:
    """Per link, its [start, end) paragraphs on one side; a gap's empty range sits after the last paragraph."""
    ranges: list[tuple[int, int]] = []
    append = ranges.append
    after = 0
    for link in alignment.links:
        units = link.zh if language == "zh" else link.en
        if units:
            after = units[-1] + 1
            append((units[0], after))
        else:
            append((after, after))
    return ranges


class DocumentWatch(QObject):
    """Calls `changed` when a pane's document is relaid out (re-wrap, zoom, new content) or replaced:
    QTextEdit has no signal for setDocument, so the watch re-attaches whenever it is asked to `check`."""

    def __init__(self, pane: QTextEdit, changed: Callable[[], None], parent: QObject | None = None, *,
                 destroyed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self._changed = changed
        self._destroyed = destroyed or changed  # the pane may be going too: nothing of it may be asked then
        self._document = None

    def check(self) -> bool:
        """Attach to the pane's current document; True when it differs from the one watched before."""
        document = self.pane.document()
        if document is self._document:
            return False
        # A replaced document is normally deleted with its connections; one that lives on (shared elsewhere)
        # may still notify us, which costs a spurious repaint at worst.
        self._document = document
        document.documentLayout().documentSizeChanged.connect(self._on_layout_size_changed)
        document.destroyed.connect(self._on_document_destroyed)
        return True

    def _on_layout_size_changed(self, _size=None) -> None:
        self._changed()

    def _on_document_destroyed(self, _obj=None) -> None:
        self._document = None
        self._destroyed()


class LinkMap(QWidget):
    """A narrow strip between the panes drawing the alignment, after Meld's link map.

    Signals: linkClicked(int): the index of the link whose band was clicked."""

    linkClicked = Signal(int)

    def __init__(self, left_pane: QTextEdit, right_pane: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkMap")
        self.setMinimumWidth(24)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.alignment: Alignment | None = None
        self.left_language = "zh"
        self.current_link: int | None = None
        # Per link: [start, end) paragraph ranges on the left and the right; an empty range marks a gap.
        self._left_ranges: list[tuple[int, int]] = []
        self._right_ranges: list[tuple[int, int]] = []
        self._painted: list[tuple[int, QPainterPath]] = []
        self.left_pane = self.right_pane = None
        self._watches: list[DocumentWatch] = []
        self.set_panes(left_pane, right_pane)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(48, 200)

    # -- public API ------------------------------------------------------------------------------

    def set_panes(self, left_pane: QTextEdit, right_pane: QTextEdit) -> None:
        """Draw between these panes (when the reader swaps them around)."""
        for pane in (self.left_pane, self.right_pane):
            if pane is not None:
                pane.verticalScrollBar().valueChanged.disconnect(self._on_pane_scrolled)
                pane.verticalScrollBar().rangeChanged.disconnect(self._on_pane_range_changed)
                pane.viewport().removeEventFilter(self)
        self.left_pane, self.right_pane = left_pane, right_pane
        for watch in self._watches:
            watch.deleteLater()
        self._watches = [DocumentWatch(pane, self.update, self) for pane in (left_pane, right_pane)]
        for pane in (left_pane, right_pane):
            pane.verticalScrollBar().valueChanged.connect(self._on_pane_scrolled)
            pane.verticalScrollBar().rangeChanged.connect(self._on_pane_range_changed)
            # The viewports' resizes and moves (splitter drags, message bar shown) shift the band ends.
            pane.viewport().installEventFilter(self)
        self.update()

    def set_alignment(self, alignment: Alignment | None, left_language: str = "zh") -> None:
        """Show `alignment`; `left_language` ('zh' or 'en') says which side the left pane shows."""
        if left_language not in ("zh", "en"):
            raise ValueError(f"left_language must be 'zh' or 'en', not {left_language!r}")
        self.alignment = alignment
        self.left_language = left_language
        self._left_ranges, self._right_ranges = [], []
        if alignment is not None:
            # One side at a time (this runs on the window's thread as the alignment of a book arrives).
            zh_ranges, en_ranges = _ranges(alignment, "zh"), _ranges(alignment, "en")
            self._left_ranges, self._right_ranges = ((zh_ranges, en_ranges) if left_language == "zh"
                                                     else (en_ranges, zh_ranges))
        if self.current_link is not None and self.current_link >= len(self._left_ranges):
            self.current_link = None
        self.update()

    def set_current_link(self, index: int | None) -> None:
        if index != self.current_link:
            self.current_link = index
            self.update()

    def link_at(self, point: QPoint | QPointF) -> int | None:
        """The link whose band (as last painted) contains `point`, in widget coordinates."""
        p = QPointF(point)
        for k, path in reversed(self._painted):
            if path.contains(p):
                return k
        return None

    # -- geometry --------------------------------------------------------------------------------

    def _viewport_offset(self, pane: QTextEdit) -> float:
        """Document y -> widget y: minus the pane's scroll, plus where its viewport sits relative to us."""
        origin = self.mapFromGlobal(pane.viewport().mapToGlobal(QPoint(0, 0)))
        return origin.y() - pane.verticalScrollBar().value()

    @staticmethod
    def _extent(pane: QTextEdit, span: tuple[int, int], count: int) -> tuple[float, float]:
        """Document-y extent of paragraphs [start, end); an empty range is the point where they would be."""
        start, end = span
        if count == 0:
            return 0.0, 0.0
        if start == end:
            y = block_rect(pane, start).top() if start < count else block_rect(pane, count - 1).bottom()
            return y, y
        return block_rect(pane, min(start, count - 1)).top(), block_rect(pane, min(end, count) - 1).bottom()

    def _visible_links(self, pane: QTextEdit, ranges: list[tuple[int, int]], top: float, bottom: float
                       ) -> tuple[int, int]:
        """The links [first, last] whose extent in `pane` meets document y range [top, bottom]; found by
        binary search over the links (extents grow with the link index), never a scan."""
        count = pane.document().blockCount()
        lo, hi = self._search_bounds(pane, ranges, top, bottom, count)
        first = bisect_left(range(len(ranges)), True, lo, hi,
                            key=lambda k: self._extent(pane, ranges[k], count)[1] >= top)
        end = bisect_left(range(len(ranges)), True, lo, hi,
                          key=lambda k: self._extent(pane, ranges[k], count)[0] > bottom)
        return first, end - 1

    def _search_bounds(self, pane: QTextEdit, ranges: list[tuple[int, int]], top: float, bottom: float,
                       count: int) -> tuple[int, int]:
        """Narrow the search to the links around the visible paragraphs: probing the middle of a long document
        would make Qt lay it all out at once (the pane lays it out progressively in idle time)."""
        paragraph_at = getattr(pane, "paragraph_at", None)
        if paragraph_at is None or self.alignment is None or not count or not ranges:
            return 0, len(ranges)
        language = getattr(pane, "language", None)
        link_of = self.alignment.zh_link if language == "zh" else self.alignment.en_link
        lo = link_of.get(paragraph_at(top), 0)
        hi = link_of.get(paragraph_at(bottom), len(ranges) - 1) + 1
        while lo > 0 and ranges[lo - 1][0] == ranges[lo - 1][1]:  # gaps on this side sit at the same y
            lo -= 1
        while hi < len(ranges) and ranges[hi][0] == ranges[hi][1]:
            hi += 1
        return lo, hi

    @staticmethod
    def _segments(left: tuple[int, int], right: tuple[int, int]) -> list[tuple[int, int, bool]]:
        """The links to draw, as (first, last, merged): those showing in either pane one by one, and the run
        between the two ranges (when the panes are scrolled apart) as one merged band."""
        ranges = sorted(r for r in (left, right) if r[0] <= r[1])
        if not ranges:
            return []
        if len(ranges) == 2 and ranges[0][1] + 1 < ranges[1][0]:
            (a0, a1), (b0, b1) = ranges
            return [(a0, a1, False), (a1 + 1, b0 - 1, True), (b0, b1, False)]
        return [(ranges[0][0], max(r[1] for r in ranges), False)]

    # -- events ----------------------------------------------------------------------------------

    def _on_pane_scrolled(self, _value: int) -> None:
        self.update()

    def _on_pane_range_changed(self, _low: int, _high: int) -> None:
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.update()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            k = self.link_at(event.position())
            if k is not None:
                self.linkClicked.emit(k)
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        for watch in self._watches:
            watch.check()
        scheme = scheme_for(self.palette())
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        self._painted = []
        if self.alignment is None or not self._left_ranges:
            return
        left, right = self.left_pane, self.right_pane
        left_count, right_count = left.document().blockCount(), right.document().blockCount()
        left_offset, right_offset = self._viewport_offset(left), self._viewport_offset(right)
        height = self.height()
        l0, l1 = self._visible_links(left, self._left_ranges, -left_offset, height - left_offset)
        r0, r1 = self._visible_links(right, self._right_ranges, -right_offset, height - right_offset)

        def band(k0: int, k1: int) -> QPainterPath:
            """Links k0..k1 as one band (only several when none of them shows at either end)."""
            lt = self._extent(left, self._left_ranges[k0], left_count)[0] + left_offset
            lb = self._extent(left, self._left_ranges[k1], left_count)[1] + left_offset
            rt = self._extent(right, self._right_ranges[k0], right_count)[0] + right_offset
            rb = self._extent(right, self._right_ranges[k1], right_count)[1] + right_offset
            w = float(self.width())
            path = QPainterPath(QPointF(0.0, lt))
            path.cubicTo(w / 2, lt, w / 2, rt, w, rt)
            path.lineTo(w, rb)
            path.cubicTo(w / 2, rb, w / 2, lb, 0.0, lb)
            path.closeSubpath()
            return path

        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        thin = QPen(scheme.link_outline, 1.0)
        links = self.alignment.links
        current: QPainterPath | None = None
        for k0, k1, merged in self._segments((l0, l1), (r0, r1)):
            if merged:
                # Bands crossing the strip with both ends off-screen (panes scrolled apart): one band for the
                # whole run keeps the paint proportional to what is on screen.
                painter.setPen(thin)
                painter.setBrush(scheme.link_band)
                painter.drawPath(band(k0, k1))
                continue
            for k in range(k0, k1 + 1):
                path = band(k, k)
                link = links[k]
                if k == self.current_link:
                    current = path
                elif link.is_gap:
                    painter.setPen(QPen(scheme.omission.darker(130), 1.0))
                    painter.setBrush(scheme.omission)
                    painter.drawPath(path)
                else:
                    painter.setPen(thin)
                    painter.setBrush(scheme.low_confidence if link.confidence < LOW_CONFIDENCE else scheme.link_band)
                    painter.drawPath(path)
                self._painted.append((k, path))
        if current is not None:
            # Last, so that its outline is not covered by its neighbours.
            painter.setPen(QPen(scheme.current_link_outline, 2.0))
            painter.setBrush(scheme.current_link)
            painter.drawPath(current)
