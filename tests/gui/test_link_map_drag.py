"""Dragging across the link map from a paragraph to its counterpart: linkDragged(zh, en) on release over the other
side's paragraph, a rubber band and the target highlighted meanwhile; Esc or a release elsewhere cancels; a press
released where it was stays a click on the band."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from reader_app.ui.colours import scheme_for
from reader_app.ui.link_map import block_rect
from reader_app.ui.reader_view import ReaderView
from tests.gui.sample_panes import SAMPLE_ALIGNMENT, fill_panes, pixel, sample_document
from tests.gui.test_link_map import MAP_WIDTH, Reader

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def make_reader(qtbot, left_language: str = "zh") -> Reader:
    widget = Reader(left_language)
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.map.set_alignment(SAMPLE_ALIGNMENT, left_language)
    widget.show()
    qtbot.waitExposed(widget)
    widget.map.grab()  # painted once: the bands are known
    return widget


@pytest.fixture
def reader(qtbot):
    return make_reader(qtbot)


def press_and_move(widget: Reader, start: QPoint, *points: QPoint) -> None:
    QTest.mousePress(widget.map, LEFT, NO_MODIFIER, start)
    for point in points:
        QTest.mouseMove(widget.map, point)


def left_point(widget: Reader, index: int) -> QPoint:
    return QPoint(3, widget.y_in_map(widget.left, index))


def right_point(widget: Reader, index: int) -> QPoint:
    return QPoint(MAP_WIDTH - 3, widget.y_in_map(widget.right, index))


def test_drag_from_a_chinese_paragraph_to_an_english_one_links_them(reader, qtbot) -> None:
    dragged, clicked = [], []
    reader.map.linkDragged.connect(lambda zh, en: dragged.append((zh, en)))
    reader.map.linkClicked.connect(clicked.append)
    middle = QPoint(MAP_WIDTH // 2, reader.y_in_map(reader.left, 3))
    press_and_move(reader, left_point(reader, 3), middle, right_point(reader, 1))
    assert reader.map.dragging
    assert reader.map.drag_target == 1
    # Both ends highlighted in their panes while dragging.
    assert [s.cursor.block().blockNumber() for s in reader.left.extraSelections()] == [3]
    assert [s.cursor.block().blockNumber() for s in reader.right.extraSelections()] == [1]
    QTest.mouseRelease(reader.map, LEFT, NO_MODIFIER, right_point(reader, 1))
    assert dragged == [(3, 1)]
    assert clicked == []
    assert not reader.map.dragging
    assert reader.left.extraSelections() == [] and reader.right.extraSelections() == []


def test_drag_from_the_right_side_and_with_english_on_the_left(qtbot) -> None:
    widget = make_reader(qtbot, "en")
    dragged = []
    widget.map.linkDragged.connect(lambda zh, en: dragged.append((zh, en)))
    # From the right pane's (Chinese) paragraph 2 to the left pane's (English) paragraph 0: (zh, en) = (2, 0).
    press_and_move(widget, right_point(widget, 2), QPoint(MAP_WIDTH // 2 - 2, widget.y_in_map(widget.right, 2)),
                   left_point(widget, 0))
    assert widget.map.drag_target == 0
    QTest.mouseRelease(widget.map, LEFT, NO_MODIFIER, left_point(widget, 0))
    assert dragged == [(2, 0)]


def test_drag_ends_over_the_other_pane(reader) -> None:
    dragged = []
    reader.map.linkDragged.connect(lambda zh, en: dragged.append((zh, en)))
    over_pane = reader.map.mapFromGlobal(reader.right.viewport().mapToGlobal(QPoint(
        200, round(block_rect(reader.right, 2).center().y()) - reader.right.verticalScrollBar().value())))
    press_and_move(reader, left_point(reader, 0), QPoint(MAP_WIDTH // 2, over_pane.y()), over_pane)
    assert reader.map.drag_target == 2
    QTest.mouseRelease(reader.map, LEFT, NO_MODIFIER, over_pane)
    assert dragged == [(0, 2)]


def test_rubber_band_is_drawn_while_dragging(reader) -> None:
    outline = scheme_for(reader.map.palette()).current_link_outline
    target = right_point(reader, 1)
    press_and_move(reader, left_point(reader, 3), QPoint(MAP_WIDTH // 2, target.y()), target)
    # The target paragraph is marked at the strip's right edge, the source at its left edge.
    assert pixel(reader.map, MAP_WIDTH - 1, target.y()) == outline
    assert pixel(reader.map, 0, reader.y_in_map(reader.left, 3)) == outline
    QTest.keyClick(reader.map, Qt.Key.Key_Escape)
    assert pixel(reader.map, MAP_WIDTH - 1, target.y()) != outline


def test_escape_cancels_without_a_signal(reader, qtbot) -> None:
    dragged, clicked = [], []
    reader.map.linkDragged.connect(lambda zh, en: dragged.append((zh, en)))
    reader.map.linkClicked.connect(clicked.append)
    press_and_move(reader, left_point(reader, 3), QPoint(MAP_WIDTH // 2, 100), right_point(reader, 1))
    assert reader.map.dragging
    QTest.keyClick(reader.left, Qt.Key.Key_Escape)  # wherever the focus is (the map takes none)
    assert not reader.map.dragging and reader.map.drag_target is None
    assert reader.right.extraSelections() == []
    QTest.mouseRelease(reader.map, LEFT, NO_MODIFIER, right_point(reader, 1))
    assert dragged == [] and clicked == []
    # Esc means nothing special once no drag is under way: it reaches the pane again.
    keys = []
    reader.left.keyPressEvent = lambda event: keys.append(event.key())
    QTest.keyClick(reader.left, Qt.Key.Key_Escape)
    assert keys == [Qt.Key.Key_Escape]


def test_releasing_elsewhere_cancels(reader, qtbot) -> None:
    dragged = []
    reader.map.linkDragged.connect(lambda zh, en: dragged.append((zh, en)))
    # Back on the side it came from.
    press_and_move(reader, left_point(reader, 3), right_point(reader, 1), QPoint(4, reader.y_in_map(reader.left, 0)))
    assert reader.map.drag_target is None
    QTest.mouseRelease(reader.map, LEFT, NO_MODIFIER, QPoint(4, reader.y_in_map(reader.left, 0)))
    # Below the other side's text (a window taller than the English text).
    reader.resize(900, 1700)
    qtbot.waitUntil(lambda: reader.map.height() == 1700, timeout=2000)
    reader.map.grab()
    below = QPoint(MAP_WIDTH - 3, reader.map.height() - 5)
    assert block_rect(reader.right, 7).bottom() - reader.right.verticalScrollBar().value() < below.y()
    press_and_move(reader, left_point(reader, 0), QPoint(MAP_WIDTH // 2, 200), below)
    assert reader.map.dragging and reader.map.drag_target is None
    QTest.mouseRelease(reader.map, LEFT, NO_MODIFIER, below)
    assert dragged == []
    assert not reader.map.dragging


def test_a_press_released_in_place_is_still_a_click(reader, qtbot) -> None:
    dragged = []
    reader.map.linkDragged.connect(lambda zh, en: dragged.append((zh, en)))
    with qtbot.waitSignal(reader.map.linkClicked, timeout=1000) as blocker:
        press_and_move(reader, right_point(reader, 1), right_point(reader, 1) + QPoint(1, 1))  # a tremor
        QTest.mouseRelease(reader.map, LEFT, NO_MODIFIER, right_point(reader, 1) + QPoint(1, 1))
    assert blocker.args == [2]
    assert dragged == [] and not reader.map.dragging


def test_reader_view_passes_the_drag_on(qtbot) -> None:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.set_document(sample_document(), SAMPLE_ALIGNMENT)
    view.show()
    qtbot.waitExposed(view)
    link_map = view.link_map
    link_map.grab()

    def at(pane, index: int, x: int) -> QPoint:
        rect = block_rect(pane, index)
        middle = QPoint(0, round(rect.top()) + 8 - pane.verticalScrollBar().value())
        return QPoint(x, link_map.mapFromGlobal(pane.viewport().mapToGlobal(middle)).y())

    start, end = at(view.left, 4, 3), at(view.right, 3, link_map.width() - 3)
    with qtbot.waitSignal(view.linkDragged, timeout=1000) as blocker:
        QTest.mousePress(link_map, LEFT, NO_MODIFIER, start)
        QTest.mouseMove(link_map, QPoint(link_map.width() // 2, (start.y() + end.y()) // 2))
        QTest.mouseMove(link_map, end)
        QTest.mouseRelease(link_map, LEFT, NO_MODIFIER, end)
    assert blocker.args == [4, 3]
