"""The link map between the panes: each link a curved band from its paragraphs on one side to the other's."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTextDocument
from PySide6.QtWidgets import QApplication, QTextEdit, QWidget

from reader_app.core.alignment import Alignment
from reader_app.ui.colours import AUTOMATIC, LINK_STATUSES, LOW_CONFIDENCE, scheme_for, status_colours


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


def link_statuses(alignment: Alignment | None, statuses: Sequence[str] | None) -> dict[int, str]:
    """The links of `alignment` that are not automatic, as {link index: "manual" | "confirmed"}, from one status
    per link (None: all automatic). Sparse: a book has few links the reader made or reviewed, and a paint or a
    tick build asks only about those."""
    if statuses is None:
        return {}
    count = len(alignment.links) if alignment is not None else 0
    if len(statuses) != count:
        raise ValueError(f"{len(statuses)} link statuses for an alignment of {count} links")
    marked = {k: str(status) for k, status in enumerate(statuses) if status != AUTOMATIC}
    unknown = {status for status in marked.values() if status not in LINK_STATUSES}
    if unknown:
        raise ValueError(f"unknown link status {sorted(unknown)[0]!r}: expected one of {', '.join(LINK_STATUSES)}")
    return marked


def status_units(alignment: Alignment | None, statuses: dict[int, str], language: str) -> dict[int, str]:
    """{unit on side `language`: status} of the links in `statuses` (see link_statuses)."""
    if alignment is None:
        return {}
    links = alignment.links
    return {unit: status for k, status in statuses.items() for unit in (links[k].zh if language == "zh"
                                                                          else links[k].en)}


class DocumentWatch(QObject):
    """Calls `changed` when a pane's document is relaid out (re-wrap, zoom, new content) or replaced:
    QTextEdit has no signal for setDocument, so the watch re-attaches whenever it is asked to `check`."""

    def __init__(self, pane: QTextEdit, changed: Callable[[], None], parent: QObject | None = None, *,
                 destroyed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self._changed = changed
        self._destroyed = destroyed or changed  # the pane may be going too: nothing of it may be asked then
        self._document: QTextDocument | None = None

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


class _EscapeWatch(QObject):
    """Installed on the application while a drag lasts: Esc, wherever the focus is, calls `pressed` (the link map
    takes no focus, and grabbing the keyboard is not possible everywhere, e.g. on Wayland)."""

    def __init__(self, pressed: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._pressed = pressed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            self._pressed()  # (before any Esc shortcut of the window: the drag is what Esc means now)
            return True
        return False


class _Drag(NamedTuple):
    """A press on the link map that may become a drag from a paragraph to its counterpart."""

    source_left: bool  # pressed on the left half: the paragraph is the left pane's
    paragraph: int  # the paragraph (unit) pressed beside, in its pane
    press: QPointF  # where it was pressed, in map coordinates
    link: int | None  # the band pressed on: what a click (a press released without dragging) jumps to


class LinkMap(QWidget):
    """A narrow strip between the panes drawing the alignment, after Meld's link map. Links the reader made or
    confirmed (set_link_statuses) are drawn in their own colours, as memoQ tells its link kinds apart.

    Pressing on one half of the strip beside a paragraph and dragging to the other half (or over the other pane)
    beside another draws a rubber band from the first to the second, the target paragraph highlighted; releasing
    there links them, releasing anywhere else or Esc cancels. A press released without dragging is a click.

    Signals: linkClicked(int): the index of the link whose band was clicked; linkDragged(int, int): (zh unit,
    en unit) a drag went from one to the other."""

    linkClicked = Signal(int)
    linkDragged = Signal(int, int)

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
        self._statuses: dict[int, str] = {}  # link -> "manual" | "confirmed"; the others are automatic
        self._press: _Drag | None = None
        self.dragging = False  # the press has moved far enough to be a drag
        self.drag_target: int | None = None  # the other side's paragraph the drag is over, if any
        self._drag_point = QPointF()
        self._escape = _EscapeWatch(self.cancel_drag, self)
        # None only until set_panes below (which disconnects the panes before the new ones).
        self.left_pane: QTextEdit = None  # type: ignore[assignment]
        self.right_pane: QTextEdit = None  # type: ignore[assignment]
        self._watches: list[DocumentWatch] = []
        self.set_panes(left_pane, right_pane)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Click a band to go to its link; drag from a paragraph to its counterpart on the "
                                "other side to link them (Esc cancels)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        if alignment is not self.alignment:
            self._statuses = {}  # they were the old links' (the same alignment shown again keeps them: a swap)
            self.cancel_drag()
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

    def set_link_statuses(self, statuses: Sequence[str] | None) -> None:
        """One status per link of the alignment shown ("automatic", "manual" or "confirmed"; None: all
        automatic). ValueError when they do not fit the alignment."""
        self._statuses = link_statuses(self.alignment, statuses)
        self.update()

    @property
    def statuses(self) -> dict[int, str]:
        """The links that are not automatic: {link index: "manual" | "confirmed"} (do not modify)."""
        return self._statuses

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
        if event.button() == Qt.MouseButton.LeftButton and self.alignment is not None:
            point = event.position()
            left = point.x() < self.width() / 2
            paragraph = self._paragraph_beside(self.left_pane if left else self.right_pane, point.y())
            link = self.link_at(point)
            if paragraph is not None or link is not None:
                self._press = _Drag(left, -1 if paragraph is None else paragraph, QPointF(point), link)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        press = self._press
        if press is None:
            super().mouseMoveEvent(event)
            return
        point = event.position()
        if not self.dragging:
            if press.paragraph < 0 or (point - press.press).manhattanLength() < QApplication.startDragDistance():
                return
            self.dragging = True
            self.setCursor(Qt.CursorShape.DragLinkCursor)
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self._escape)
            self._highlight(self._source_pane(), press.paragraph)
        self._drag_point = QPointF(point)
        target = self._target_at(point)
        if target != self.drag_target:
            self.drag_target = target
            self._highlight(self._target_pane(), target)
        self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        press = self._press
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        if not self.dragging:
            self._press = None
            if press.link is not None:
                self.linkClicked.emit(press.link)
            return
        target = self._target_at(event.position())
        left_unit, right_unit = (press.paragraph, target) if press.source_left else (target, press.paragraph)
        self.cancel_drag()
        if target is not None:
            zh, en = (left_unit, right_unit) if self.left_language == "zh" else (right_unit, left_unit)
            self.linkDragged.emit(zh, en)

    def cancel_drag(self) -> None:
        """Forget the press or drag under way (Esc, a new alignment): no signal, the highlights go."""
        if self.dragging:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self._escape)
            self.unsetCursor()
            self._highlight(self.left_pane, None)
            self._highlight(self.right_pane, None)
            self.update()
        self._press = None
        self.dragging = False
        self.drag_target = None

    # -- dragging --------------------------------------------------------------------------------

    def _source_pane(self) -> QTextEdit:
        assert self._press is not None
        return self.left_pane if self._press.source_left else self.right_pane

    def _target_pane(self) -> QTextEdit:
        assert self._press is not None
        return self.right_pane if self._press.source_left else self.left_pane

    def _paragraph_beside(self, pane: QTextEdit, y: float) -> int | None:
        """The paragraph of `pane` at map y, when y lies in the pane's viewport and on its text."""
        origin = self.mapFromGlobal(pane.viewport().mapToGlobal(QPoint(0, 0)))
        if not 0 <= y - origin.y() < pane.viewport().height():
            return None
        count = pane.document().blockCount()
        if not count:
            return None
        document_y = y - self._viewport_offset(pane)
        paragraph_at = getattr(pane, "paragraph_at", None)  # (gallops from the last answer: no far layout)
        index = paragraph_at(document_y) if paragraph_at is not None else min(first_block_below(pane, document_y),
                                                                              count - 1)
        if index < 0 or document_y > block_rect(pane, count - 1).bottom():
            return None
        return index

    def _target_at(self, point: QPointF) -> int | None:
        """The paragraph of the other side beside (or under) `point`: on the other half of the map, or over
        the other pane up to its far edge."""
        press = self._press
        if press is None:
            return None
        pane = self._target_pane()
        if press.source_left:
            over = point.x() >= self.width() / 2
            edge = self.mapFromGlobal(pane.mapToGlobal(QPoint(pane.width(), 0))).x()
            over = over and point.x() <= edge
        else:
            edge = self.mapFromGlobal(pane.mapToGlobal(QPoint(0, 0))).x()
            over = edge <= point.x() < self.width() / 2
        return self._paragraph_beside(pane, point.y()) if over else None

    def _highlight(self, pane: QTextEdit | None, paragraph: int | None) -> None:
        set_extra = getattr(pane, "set_extra", None)
        if set_extra is not None:
            colour = scheme_for(self.palette()).cross_highlight
            set_extra("drag", [] if paragraph is None else [(paragraph, 0, -1)], colour, full_width=True)

    def _edge_extent(self, pane: QTextEdit, paragraph: int) -> tuple[float, float]:
        """A paragraph's top and bottom in map coordinates."""
        rect = block_rect(pane, paragraph)
        offset = self._viewport_offset(pane)
        return rect.top() + offset, rect.bottom() + offset

    def _paint_drag(self, painter: QPainter) -> None:
        """The rubber band from the pressed paragraph to the pointer (to the target paragraph, when over one),
        with both paragraphs marked at the strip's edges."""
        press = self._press
        assert press is not None
        scheme = scheme_for(self.palette())
        w = float(self.width())
        source_x, target_x = (0.0, w) if press.source_left else (w, 0.0)
        top, bottom = self._edge_extent(self._source_pane(), press.paragraph)
        start = QPointF(source_x, (top + bottom) / 2)
        ends = [(source_x, top, bottom)]
        if self.drag_target is not None:
            top, bottom = self._edge_extent(self._target_pane(), self.drag_target)
            end = QPointF(target_x, (top + bottom) / 2)
            ends.append((target_x, top, bottom))
        else:
            end = QPointF(min(max(self._drag_point.x(), 0.0), w), self._drag_point.y())
        pen = QPen(scheme.current_link_outline, 2.0)
        if self.drag_target is None:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(start)
        middle = (start.x() + end.x()) / 2
        path.cubicTo(middle, start.y(), middle, end.y(), end.x(), end.y())
        painter.drawPath(path)
        for x, top, bottom in ends:
            painter.fillRect(QRectF(x - 3.0 if x > 0 else 0.0, top, 3.0, bottom - top), scheme.current_link_outline)

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
        statuses = self._statuses
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
                status = statuses.get(k)
                if k == self.current_link:
                    current = path
                elif link.is_gap:
                    # A one-sided paragraph the reader marked so keeps the omission colour, outlined in its status's.
                    outline = (QPen(scheme.omission.darker(130), 1.0) if status is None
                               else QPen(status_colours(scheme, status)[1], 1.5))
                    painter.setPen(outline)
                    painter.setBrush(scheme.omission)
                    painter.drawPath(path)
                elif status is not None:
                    fill, mark = status_colours(scheme, status)
                    painter.setPen(QPen(mark, 1.0))
                    painter.setBrush(fill)
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
        if self.dragging:
            self._paint_drag(painter)

