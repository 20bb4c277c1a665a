"""The overview ruler: omission and note ticks at the scaled paragraph positions, a cached tick pixmap that
scrolling does not rebuild, clicks and drags that scroll the panes."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLayout, QToolTip, QWidget

from reader_app.core.model import Language
from reader_app.ui.colours import scheme_for
from reader_app.ui.fonts import chinese_font, latin_font, register_bundled_font
from reader_app.ui.link_map import block_rect
from reader_app.ui.overview_ruler import MARGIN, OverviewRuler
from reader_app.ui.pane import ParagraphPane
from tests.gui.sample_panes import SAMPLE_ALIGNMENT, fill_panes, long_side, pixel, sample_document


def tick(ruler: OverviewRuler, x: int, y: int):
    """The colour of the cached ticks at (x, y): what shows under the translucent handles, once the ruler has
    walked the panes' geometry (it estimates the places until then)."""
    ruler.tick_pixmap()
    deadline = time.monotonic() + 10
    while ruler.walking() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
    return ruler.tick_pixmap().toImage().pixelColor(x, y)

RULER_WIDTH = 20
HEIGHT = 500


class Reader(QWidget):
    """Left pane | right pane | ruler."""

    def __init__(self) -> None:
        super().__init__()
        register_bundled_font()
        self.left, self.right = ParagraphPane("zh"), ParagraphPane("en")
        self.ruler = OverviewRuler(self.left, self.right)
        self.ruler.setFixedWidth(RULER_WIDTH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # no size-hint warning offscreen
        layout.addWidget(self.left, 1)
        layout.addWidget(self.right, 1)
        layout.addWidget(self.ruler)
        self.resize(800, HEIGHT)

    def ruler_y(self, pane: ParagraphPane, index: int) -> int:
        """The ruler's y for the middle of paragraph `index`, by the ruler's scale."""
        bar = pane.verticalScrollBar()
        total = bar.maximum() + bar.pageStep()
        return round(MARGIN + block_rect(pane, index).center().y() * (self.ruler.height() - 2 * MARGIN) / total)


def lay_out(qtbot, *panes: ParagraphPane) -> None:
    for pane in panes:
        height = block_rect(pane, pane.document().blockCount() - 1).bottom()
        bar = pane.verticalScrollBar()
        qtbot.waitUntil(lambda bar=bar, height=height: bar.maximum() + bar.pageStep() >= height, timeout=5000)
        # The ruler draws exact ticks once the pane reports its whole document laid out (estimates before).
        qtbot.waitUntil(lambda pane=pane: pane.layout_done, timeout=5000)


@pytest.fixture
def long_reader(qtbot):
    widget = Reader()
    qtbot.addWidget(widget)
    widget.left.set_paragraphs(long_side(Language.ZH, 1000), chinese_font())
    widget.right.set_paragraphs(long_side(Language.EN, 1000), latin_font())
    widget.show()
    qtbot.waitExposed(widget)
    lay_out(qtbot, widget.left, widget.right)
    return widget


def test_ticks_mark_omissions_and_notes_in_their_columns(qtbot) -> None:
    widget = Reader()
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.show()
    qtbot.waitExposed(widget)
    lay_out(qtbot, widget.left, widget.right)
    widget.ruler.set_marks(SAMPLE_ALIGNMENT.gaps("zh"), SAMPLE_ALIGNMENT.gaps("en"), [("en", 1)])
    scheme = scheme_for(widget.ruler.palette())
    left_x, right_x = RULER_WIDTH // 4, RULER_WIDTH * 3 // 4
    ruler = widget.ruler
    assert tick(ruler, left_x, widget.ruler_y(widget.left, 1)) == scheme.omission_tick
    for index in (4, 6, 7):
        assert tick(ruler, right_x, widget.ruler_y(widget.right, index)) == scheme.omission_tick
        # Not in the other column.
        assert tick(ruler, left_x, widget.ruler_y(widget.right, index)) != scheme.omission_tick
    for index in (0, 2, 5):
        assert tick(ruler, right_x, widget.ruler_y(widget.right, index)) != scheme.omission_tick
    bar = widget.right.verticalScrollBar()
    note_top = round(MARGIN + block_rect(widget.right, 1).top() * (ruler.height() - 2 * MARGIN)
                     / (bar.maximum() + bar.pageStep()))
    assert tick(ruler, right_x, note_top + 1) == scheme.annotation
    assert tick(ruler, left_x, note_top + 1) != scheme.annotation
    # On screen the ticks show through the translucent handle: same hue, darker.
    shown = pixel(ruler, right_x, widget.ruler_y(widget.right, 7))
    assert shown.red() > shown.blue() + 60


class PaintCounter(QObject):
    """Counts the paint events `widget` receives (grab() sends one too)."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_scrolling_repaints_the_handle_without_rebuilding_ticks(long_reader, qtbot) -> None:
    ruler = long_reader.ruler
    ruler.set_marks(list(range(0, 1000, 37)), list(range(5, 1000, 53)), [("zh", 10), ("en", 500)])
    qtbot.waitUntil(lambda: ruler.tick_pixmap_builds >= 1, timeout=2000)
    ruler.grab()
    qtbot.waitUntil(lambda: not ruler.walking(), timeout=5000)
    ruler.grab()
    builds = ruler.tick_pixmap_builds
    left_x = RULER_WIDTH // 4
    bar = long_reader.left.verticalScrollBar()
    assert bar.value() == 0
    paints = PaintCounter(ruler)
    handle_top_before = None
    # Each value differs from the one before (the panes start at the top), so each scroll asks for a repaint.
    for value in (bar.maximum() // 3, bar.maximum() // 2, bar.maximum(), 0):
        paints.count = 0
        bar.setValue(value)
        long_reader.right.verticalScrollBar().setValue(value // 2)
        qtbot.waitUntil(lambda: paints.count > 0, timeout=2000)  # the scroll's own repaint of the ruler
        shown, ticks = ruler.grab().toImage(), ruler.tick_pixmap().toImage()
        # The handle is where the widget differs from its cached ticks.
        expected_top = MARGIN + value * (ruler.height() - 2 * MARGIN) / (bar.maximum() + bar.pageStep())
        top = next(y for y in range(ruler.height()) if shown.pixelColor(left_x, y) != ticks.pixelColor(left_x, y))
        assert abs(top - expected_top) <= 1.5, (value, top, expected_top)
        assert top != handle_top_before
        handle_top_before = top
    assert ruler.tick_pixmap_builds == builds
    ruler.set_marks([1], [], [])
    ruler.grab()
    assert ruler.tick_pixmap_builds == builds + 1
    long_reader.resize(800, HEIGHT - 100)
    qtbot.waitUntil(lambda: ruler.height() == HEIGHT - 100, timeout=2000)
    ruler.grab()
    assert ruler.tick_pixmap_builds > builds + 1


def test_click_at_half_height_scrolls_to_the_middle(long_reader, qtbot) -> None:
    ruler = long_reader.ruler
    bar = long_reader.left.verticalScrollBar()
    assert bar.value() == 0
    qtbot.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=QPoint(RULER_WIDTH // 4, ruler.height() // 2))
    total = bar.maximum() + bar.pageStep()
    middle = (bar.value() + bar.pageStep() / 2) / total
    assert middle == pytest.approx(0.5, abs=0.01)
    assert long_reader.right.verticalScrollBar().value() == 0  # the other column's pane is not ours to move
    qtbot.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=QPoint(RULER_WIDTH * 3 // 4, ruler.height() // 4))
    right = long_reader.right.verticalScrollBar()
    assert (right.value() + right.pageStep() / 2) / (right.maximum() + right.pageStep()) == pytest.approx(
        (ruler.height() // 4 - MARGIN) / (ruler.height() - 2 * MARGIN), abs=0.01)


def test_dragging_the_handle_keeps_the_grab_point(long_reader, qtbot) -> None:
    ruler = long_reader.ruler
    bar = long_reader.left.verticalScrollBar()
    scale = (ruler.height() - 2 * MARGIN) / (bar.maximum() + bar.pageStep())
    bar.setValue(round(100 / scale))
    start = QPoint(RULER_WIDTH // 4, MARGIN + 101)  # just inside the handle's top
    qtbot.mousePress(ruler, Qt.MouseButton.LeftButton, pos=start)
    # Pressing on the handle does not jump.
    assert abs(bar.value() - round(100 / scale)) <= 1 / scale
    qtbot.mouseMove(ruler, start + QPoint(0, 150))
    qtbot.waitUntil(lambda: abs(bar.value() - round(250 / scale)) <= 1 / scale, timeout=2000)
    qtbot.mouseRelease(ruler, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 150))
    value = bar.value()
    # Without mouse tracking Qt would not deliver a move with no button held, and this check could not fail.
    ruler.setMouseTracking(True)
    with qtbot.assertNotEmitted(bar.valueChanged, wait=100):  # released: moving no longer scrolls
        qtbot.mouseMove(ruler, start + QPoint(0, 10))
    assert bar.value() == value


def test_swapping_panes_swaps_columns(long_reader, qtbot) -> None:
    ruler = long_reader.ruler
    ruler.set_pane(long_reader.right)
    assert (ruler.left_pane, ruler.right_pane) == (long_reader.right, long_reader.left)
    qtbot.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=QPoint(RULER_WIDTH // 4, ruler.height() // 2))
    assert long_reader.right.verticalScrollBar().value() > 0
    assert long_reader.left.verticalScrollBar().value() == 0


def test_a_single_pane_ruler_uses_the_whole_width(qtbot) -> None:
    pane = ParagraphPane("en")
    qtbot.addWidget(pane)
    register_bundled_font()
    pane.set_paragraphs(long_side(Language.EN, 300), latin_font())
    ruler = OverviewRuler(pane)
    qtbot.addWidget(ruler)
    ruler.resize(RULER_WIDTH, HEIGHT)
    pane.resize(400, HEIGHT)
    pane.show()
    ruler.show()
    qtbot.waitExposed(ruler)
    lay_out(qtbot, pane)
    ruler.set_marks([], [150], [("en", 150)])  # right-side marks have no column: only the note shows
    scheme = scheme_for(ruler.palette())
    bar = pane.verticalScrollBar()
    y = round(MARGIN + block_rect(pane, 150).top() * (HEIGHT - 2 * MARGIN) / (bar.maximum() + bar.pageStep()))
    assert tick(ruler, RULER_WIDTH - 3, y + 1) == scheme.annotation
    assert tick(ruler, 2, y + 1) == scheme.annotation
    assert scheme.omission_tick.rgb() not in {tick(ruler, 5, y).rgb() for y in range(HEIGHT)}


def test_new_document_rebuilds_the_ticks(long_reader, qtbot) -> None:
    ruler = long_reader.ruler
    ruler.set_marks([900], [], [])
    ruler.grab()
    builds = ruler.tick_pixmap_builds
    long_reader.left.set_paragraphs(long_side(Language.ZH, 100), chinese_font())
    lay_out(qtbot, long_reader.left)
    ruler.grab()
    assert ruler.tick_pixmap_builds > builds
    # Paragraph 900 no longer exists: no tick, and no error.
    scheme = scheme_for(ruler.palette())
    assert scheme.omission_tick.rgb() not in {tick(ruler, 4, y).rgb() for y in range(ruler.height())}


def test_new_marks_reuse_the_walked_geometry_until_the_layout_changes(long_reader, qtbot) -> None:
    """A note added on a long book rebuilds the ticks from the paragraph places walked once, not by asking Qt for
    every noted paragraph again; a relayout (a new width re-wraps every paragraph) walks again."""
    ruler = long_reader.ruler
    ruler.set_marks(list(range(0, 1000, 3)), list(range(1, 1000, 3)), [("zh", i) for i in range(0, 1000, 2)])
    ruler.grab()
    qtbot.waitUntil(lambda: ruler.extent_walks == 2, timeout=5000)  # one per pane, between events
    ruler.grab()
    walks, builds = ruler.extent_walks, ruler.tick_pixmap_builds
    scheme = scheme_for(ruler.palette())
    for index in (0, 333, 999):  # every third paragraph on the right is an omission: one tick run each
        assert tick(ruler, RULER_WIDTH * 3 // 4, long_reader.ruler_y(long_reader.right, index + 1)) \
            == scheme.omission_tick
    ruler.set_marks(list(range(0, 1000, 3)), list(range(1, 1000, 3)), [("zh", 998), ("en", 500)])
    ruler.grab()
    assert (ruler.extent_walks, ruler.tick_pixmap_builds) == (walks, builds + 1)
    bar = long_reader.right.verticalScrollBar()
    note_top = round(MARGIN + block_rect(long_reader.right, 500).top() * (ruler.height() - 2 * MARGIN)
                     / (bar.maximum() + bar.pageStep()))
    assert tick(ruler, RULER_WIDTH * 3 // 4, note_top + 1) == scheme.annotation
    long_reader.resize(600, HEIGHT)
    qtbot.waitUntil(lambda: not long_reader.left.layout_done, timeout=2000)
    lay_out(qtbot, long_reader.left, long_reader.right)
    ruler.grab()
    qtbot.waitUntil(lambda: ruler.extent_walks > walks, timeout=5000)


def test_estimated_ticks_are_not_rebuilt_while_the_pane_lays_out(qtbot) -> None:
    """Until a long document is laid out the ticks are placed by index; the pane's size reports as it lays out
    do not move them, so the ruler keeps its pixmap (a rebuild on each report kept a book's window busy)."""
    widget = Reader()
    qtbot.addWidget(widget)
    widget.left.defer_layout(True)  # the layout advances only when the test says
    widget.left.set_paragraphs(long_side(Language.ZH, 3000), chinese_font())
    widget.right.set_paragraphs(long_side(Language.EN, 10), latin_font())
    widget.show()
    qtbot.waitExposed(widget)
    lay_out(qtbot, widget.right)
    widget.ruler.set_marks(list(range(0, 3000, 7)), [], [("zh", 1500)])
    widget.ruler.grab()
    builds = widget.ruler.tick_pixmap_builds
    assert not widget.left.layout_done
    reports = []
    layout = widget.left.document().documentLayout()
    layout.documentSizeChanged.connect(reports.append)
    for _ in range(3):
        widget.left._layout_step()
        widget.ruler.grab()
    assert len(reports) >= 3
    assert widget.ruler.tick_pixmap_builds == builds
    walks = widget.ruler.extent_walks
    widget.left.defer_layout(False)
    qtbot.waitUntil(lambda: widget.left.layout_done, timeout=10000)
    widget.ruler.grab()
    qtbot.waitUntil(lambda: widget.ruler.extent_walks > walks, timeout=10000)
    widget.ruler.grab()
    assert widget.ruler.tick_pixmap_builds > builds  # exact places replace the estimates


def test_link_status_and_flag_ticks(qtbot) -> None:
    """Manual and confirmed links tick the outer third of their columns under the other ticks; check flags tick
    the whole column in their severity's colour, over the omissions and under the notes."""
    widget = Reader()
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.show()
    qtbot.waitExposed(widget)
    lay_out(qtbot, widget.left, widget.right)
    ruler = widget.ruler
    ruler.set_marks(SAMPLE_ALIGNMENT.gaps("zh"), SAMPLE_ALIGNMENT.gaps("en"), [])
    ruler.set_status_marks({0: "manual", 3: "confirmed"}, {0: "manual", 2: "confirmed"})
    ruler.set_flag_marks({5: "error"}, {4: "warning", 3: "advisory"})
    scheme = scheme_for(ruler.palette())
    left_strip, right_strip = 2, RULER_WIDTH - 3  # the outer third of each column
    left_x, right_x = RULER_WIDTH // 4, RULER_WIDTH * 3 // 4
    left_y, right_y = (lambda i: widget.ruler_y(widget.left, i)), (lambda i: widget.ruler_y(widget.right, i))
    assert tick(ruler, left_strip, left_y(0)) == scheme.manual_mark
    assert tick(ruler, right_strip, right_y(0)) == scheme.manual_mark
    assert tick(ruler, left_strip, left_y(3)) == scheme.confirmed_mark
    assert tick(ruler, right_strip, right_y(2)) == scheme.confirmed_mark
    # Only the strip: the rest of the column is the groove.
    groove = ruler.palette().color(QPalette.ColorRole.Base)
    assert tick(ruler, left_x, left_y(3)) == groove
    assert tick(ruler, right_x, right_y(2)) == groove
    assert tick(ruler, left_strip, left_y(2)) == groove  # paragraph 2 of the left is automatic
    # Flags: a fixed-height tick from the paragraph's top, across the column.
    def top(pane, index: int) -> int:
        pane_bar = pane.verticalScrollBar()
        return round(MARGIN + block_rect(pane, index).top() * (ruler.height() - 2 * MARGIN)
                     / (pane_bar.maximum() + pane_bar.pageStep()))

    assert tick(ruler, left_x, top(widget.left, 5) + 1) == scheme.flag_error
    assert tick(ruler, right_x, top(widget.right, 3) + 1) == scheme.flag_advisory
    # Over the omission tick of English paragraph 4 (its tick shows below the flag's 3 px).
    assert tick(ruler, right_x, top(widget.right, 4) + 1) == scheme.flag_warning
    assert tick(ruler, right_x, right_y(4)) == scheme.omission_tick
    assert tick(ruler, right_x, top(widget.right, 0) + 1) == groove
    # The ticks' tooltips say the flags' messages (the ruler asks for them by pane and paragraph).
    assert ruler.flags_at(left_x, top(widget.left, 5) + 1) == [5]
    assert ruler.flags_at(right_x, top(widget.right, 4) + 2) == [4]
    assert ruler.flags_at(right_x, right_y(0)) == []
    ruler.flag_message = lambda pane, index: f"{pane.language} {index}: numbers differ"
    y = top(widget.right, 3) + 1
    QApplication.sendEvent(ruler, QHelpEvent(QEvent.Type.ToolTip, QPoint(right_x, y),
                                             ruler.mapToGlobal(QPoint(right_x, y))))
    assert QToolTip.text() == "en 3: numbers differ"
    QToolTip.hideText()
    # Gone when cleared (the checks' panel closed); the statuses' ticks stay.
    builds = ruler.tick_pixmap_builds
    ruler.set_flag_marks({}, {})
    assert tick(ruler, left_x, top(widget.left, 5) + 1) != scheme.flag_error
    assert tick(ruler, right_x, top(widget.right, 3) + 1) == groove
    assert tick(ruler, left_strip, left_y(0)) == scheme.manual_mark
    assert ruler.tick_pixmap_builds == builds + 1
    ruler.set_flag_marks({}, {})  # the same marks again: nothing to rebuild
    ruler.tick_pixmap()
    assert ruler.tick_pixmap_builds == builds + 1
