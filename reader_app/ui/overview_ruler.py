"""The overview ruler: both documents scaled to the ruler's height, omissions, notes, the reader's manual and
confirmed links and the translation checks' flags as ticks, the viewports as handles; click or drag to scroll."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTextBlock,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from reader_app.ui.colours import SEVERITIES, flag_colour, scheme_for, status_colours
from reader_app.ui.link_map import DocumentWatch

MARGIN = 2  # px above and below the scaled documents, so the first and last ticks are not cut
MIN_TICK = 2.0  # px: a one-line paragraph in a long document still shows
NOTE_TICK = 3.0  # px: height of an annotation tick, drawn over the omission ticks
FLAG_TICK = 3.0  # px: height of a check flag's tick, drawn over the omission ticks, under the notes'
MAX_TIP_FLAGS = 5  # flag messages at most in a tick's tooltip (a row of the ruler may cover many paragraphs)
STATUS_STRIP = 1 / 3  # of a column's width: manual and confirmed links tick its outer edge, under the others
WALK_SLICE_SECONDS = 0.006  # the longest stretch of walking the blocks' geometry between two events


class _ExtentWalk:
    """A walk over a document's blocks collecting their tops and heights, resumable between events."""

    __slots__ = ("key", "block", "tops", "heights", "extents")

    def __init__(self, key: tuple, first: QTextBlock) -> None:
        self.key = key
        self.block = first
        self.tops: list[float] = []
        self.heights: list[float] = []
        self.extents: tuple | None = None  # (tops, heights) as numpy arrays once the walk has ended

    def step(self, layout, deadline: float) -> bool:
        """Walk on until `deadline` (perf_counter); True when the last block is reached."""
        block = self.block
        while block.isValid():
            for _ in range(64):
                if not block.isValid():
                    break
                rect = layout.blockBoundingRect(block)
                self.tops.append(rect.top())
                self.heights.append(rect.height())
                block = block.next()
            if time.perf_counter() > deadline:
                self.block = block
                return not block.isValid() and self._finish()
        return self._finish()

    def _finish(self) -> bool:
        import numpy as np

        self.extents = np.array(self.tops), np.array(self.heights)
        self.tops, self.heights = [], []
        return True


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
        # Per column (left, right): {paragraph: "manual" | "confirmed"} and {paragraph: its flag's severity}.
        self.statuses: tuple[dict[int, str], dict[int, str]] = ({}, {})
        self.flags: tuple[dict[int, str], dict[int, str]] = ({}, {})
        # (pane, paragraph) -> the message of its flags, for the ticks' tooltips (the ruler keeps severities only).
        self.flag_message: Callable[[QTextEdit, int], str] | None = None
        self.tick_pixmap_builds = 0
        self._ticks: QPixmap | None = None
        self._ticks_basis: tuple = ()
        self.extent_walks = 0  # finished walks over every block's geometry (see _block_extents)
        self._extents: dict[int, _ExtentWalk] = {}  # per pane (by id), see _block_extents
        self._walk_timer = QTimer(self)
        self._walk_timer.setSingleShot(True)
        self._walk_timer.setInterval(0)
        self._walk_timer.timeout.connect(self._on_walk_timer_timeout)
        self._drag: tuple[QTextEdit, float] | None = None  # the pane being dragged, grab point in the handle
        # None only until set_panes below (which disconnects the panes it had first).
        self.left_pane: QTextEdit = None  # type: ignore[assignment]
        self.right_pane: QTextEdit | None = None
        self._watches: list[DocumentWatch] = []
        self.set_panes(left_pane, right_pane)
        self.retranslate()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(18, 200)

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Overview: omissions, notes, your links and check flags of the whole document; "
                                "click or drag to scroll"))
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
        self._watches = [DocumentWatch(pane, self._on_layout_changed, self, destroyed=self.invalidate_ticks)
                         for pane in self._panes()]
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

    def set_status_marks(self, left: dict[int, str], right: dict[int, str]) -> None:
        """The paragraphs of manual and confirmed links in each pane, {paragraph: status}."""
        if (left, right) != self.statuses:
            self.statuses = (dict(left), dict(right))
            self.invalidate_ticks()

    def set_flag_marks(self, left: dict[int, str], right: dict[int, str]) -> None:
        """The flagged paragraphs in each pane, {paragraph: severity of its most serious flag}; empty while no
        checks are shown."""
        if (left, right) != self.flags:
            self.flags = (dict(left), dict(right))
            self.invalidate_ticks()

    def tick_pixmap(self) -> QPixmap:
        """The cached ticks (what the ruler shows under the handles), built if needed."""
        if self._ticks is None:
            self._ticks_basis = self._basis()
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

    def _block_extents(self, pane: QTextEdit):
        """Every paragraph's top and height in document coordinates (two numpy arrays), or None while they are
        being walked.

        Asking Qt for one block at a time costs a lookup by number each: a book with 10,000 notes asked 10,000
        times on every note added (half a second on the window's thread). So the laid-out blocks are walked once,
        in slices of a few milliseconds between events (a 14,000-paragraph walk takes 50-300 ms), and kept until
        the layout changes (the key is the document, its block count, width and height); ticks are estimated
        from the paragraphs' indices until the walk ends."""
        key = self._layout_key(pane)
        walk = self._extents.get(id(pane))
        if walk is None or walk.key != key:
            self._extents[id(pane)] = walk = _ExtentWalk(key, pane.document().begin())
            # The first slice now: a short document is walked at once and its ticks are exact from the start.
            if walk.step(pane.document().documentLayout(), time.perf_counter() + WALK_SLICE_SECONDS):
                self.extent_walks += 1
        if walk.extents is None and not self._walk_timer.isActive():
            self._walk_timer.start()
        return walk.extents

    def walking(self) -> bool:
        """True while the ticks are estimated because the blocks' geometry is still being walked."""
        return self._walk_timer.isActive()

    @staticmethod
    def _layout_key(pane: QTextEdit) -> tuple:
        document = pane.document()
        height = document.documentLayout().documentSize().height()  # cheap once laid out, as it is here
        return id(document), document.blockCount(), document.textWidth(), height

    def _on_walk_timer_timeout(self) -> None:
        deadline = time.perf_counter() + WALK_SLICE_SECONDS
        pending = False
        for pane in self._panes():
            walk = self._extents.get(id(pane))
            if walk is None or walk.extents is not None:
                continue
            # Checked before the key: documentSize() finishes the layout of a pane still laying out (a resize
            # restarts it: the notes dock opening), 400 ms at once on 10,000 paragraphs; and the walk itself
            # would lay out every block it asks for. The pane's layoutCompleted rebuilds the ticks.
            if not getattr(pane, "layout_done", True) or walk.key != self._layout_key(pane):
                # Changed since the walk began: its blocks may be gone. The next build starts a new one.
                del self._extents[id(pane)]
                self.invalidate_ticks()
                continue
            if walk.step(pane.document().documentLayout(), deadline):
                self.extent_walks += 1
                self.invalidate_ticks()  # exact places replace the estimates
            else:
                pending = True
        if pending:
            self._walk_timer.start()

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
        omissions_by_side = (self.omissions_left, self.omissions_right)
        for side, (pane, column, omissions) in enumerate(zip(self._panes(), columns, omissions_by_side, strict=False)):
            strip = QRectF(column)
            strip.setWidth(max(2.0, column.width() * STATUS_STRIP))
            if side == 1:
                strip.moveRight(column.right())
            statuses, flags = self.statuses[side], self.flags[side]
            # Under to over: link statuses, omissions, flags by rising severity, notes.
            layers = [([i for i, s in statuses.items() if s == status], MIN_TICK, False, strip,
                       status_colours(scheme, status)[1]) for status in ("manual", "confirmed")]
            layers.append((omissions, MIN_TICK, False, column, scheme.omission_tick))
            layers += [([i for i, s in flags.items() if s == severity], FLAG_TICK, True, column,
                        flag_colour(scheme, severity)) for severity in reversed(SEVERITIES)]
            layers.append((self._notes_for(pane), NOTE_TICK, True, column, scheme.annotation))
            for indices, minimum, fixed, area, colour in layers:
                if indices:  # (numpy is not imported for a ruler without marks, as at start-up)
                    runs = self._tick_rows(pane, area, ratio, pixmap.height(), indices, minimum, fixed)
                    for first, stop in runs:
                        painter.fillRect(QRectF(area.left(), first / ratio, area.width(), (stop - first) / ratio),
                                         colour)
        painter.end()
        return pixmap

    def _tick_rows(self, pane: QTextEdit, column: QRectF, ratio: float, rows: int, indices: list[int],
                   minimum: float, fixed: bool) -> list[tuple[int, int]]:
        """The runs of device-pixel rows (first, stop) that the ticks of paragraphs `indices` cover, each tick at
        least `minimum` px tall (exactly, when `fixed`). A book has many more paragraphs than the ruler has rows:
        computed for all ticks at once and painted a run at a time, a rebuild takes a few milliseconds."""
        import numpy as np

        index, top, height = self._places(pane, column, indices)
        height = np.full(len(index), minimum) if fixed else np.maximum(height, minimum)
        top = np.minimum(top, column.bottom() - minimum)
        first = np.clip(np.floor(top * ratio).astype(np.int64), 0, rows)
        stop = np.clip(np.maximum(first + 1, np.ceil((top + height) * ratio).astype(np.int64)), 0, rows)
        # Ticks covering each row: +1 where one starts, -1 after it, summed (bincount: np.add.at is 10x slower).
        depth = np.bincount(first, minlength=rows + 1) - np.bincount(stop, minlength=rows + 1)
        covered = np.concatenate(([0], (np.cumsum(depth[:rows]) > 0).astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(covered))
        return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))

    def _places(self, pane: QTextEdit, column: QRectF, indices: list[int]):
        """The paragraphs of `indices` that the pane has (a numpy array), and their tops and heights in the ruler."""
        import numpy as np

        count = pane.document().blockCount()
        index = np.asarray(indices, dtype=np.int64)
        index = index[(index >= 0) & (index < count)]
        extents = self._block_extents(pane) if getattr(pane, "layout_done", True) else None
        if extents is not None:
            tops, heights = extents
            scale = column.height() / self._total(pane)
            return index, column.top() + tops[index] * scale, heights[index] * scale
        # Until the pane has laid out its whole document (progressively, in idle time) and the ruler has walked
        # it, a paragraph's place is estimated from its index: asking Qt would force the whole layout.
        scale = column.height() / max(count, 1)
        return index, column.top() + index * scale, np.full(len(index), scale)

    def flags_at(self, x: float, y: float) -> list[int]:
        """The flagged paragraphs whose ticks are at ruler point (x, y), give or take a pixel, in reading order."""
        pane, column = self._pane_at(x)
        flags = self.flags[self._panes().index(pane)]
        if not flags:
            return []
        index, top, _height = self._places(pane, column, sorted(flags))
        top = top.clip(None, column.bottom() - FLAG_TICK)
        return index[(top - 1.5 <= y) & (y <= top + FLAG_TICK + 1.5)].tolist()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and self.flag_message is not None:
            pane = self._pane_at(event.pos().x())[0]
            found = self.flags_at(event.pos().x(), event.pos().y())
            messages = [text for index in found[:MAX_TIP_FLAGS] if (text := self.flag_message(pane, index))]
            if messages:
                more = len(found) - MAX_TIP_FLAGS
                if more > 0:
                    messages.append(self.tr("… and {0} more flagged paragraphs").format(more))
                QToolTip.showText(event.globalPos(), "\n".join(messages), self)
                return True
        return super().event(event)

    # -- events ----------------------------------------------------------------------------------

    def _on_pane_scrolled(self, _value: int) -> None:
        self.update()  # the cached ticks stay; only the handles move

    def _on_pane_range_changed(self, _low: int, _high: int) -> None:
        self._on_layout_changed()

    def _on_layout_changed(self) -> None:
        # While a pane lays out a long document it reports a new size every few milliseconds; ticks placed by
        # estimate do not move with it, so they are kept (rebuilding them each time kept the window busy).
        if self._ticks is not None and self._ticks_basis == self._basis():
            return
        self.invalidate_ticks()

    def _basis(self) -> tuple:
        """What the ticks' places depend on besides the marks and the ruler's size: per pane, the document and
        its block count, then either 'estimated' or the laid-out height and the scroll range."""
        basis: list[tuple] = []
        for pane in self._panes():
            document = pane.document()
            if getattr(pane, "layout_done", True):
                basis.append((id(document), document.blockCount(), document.documentLayout().documentSize().height(),
                              self._total(pane)))
            else:
                basis.append((id(document), document.blockCount(), "estimated"))
        return tuple(basis)

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
