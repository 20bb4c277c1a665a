"""The link map draws each visible link as a band between the panes, gaps as wedges in the omission colour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QWidget

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Language
from reader_app.ui import link_map as link_map_module
from reader_app.ui.colours import scheme_for
from reader_app.ui.fonts import chinese_font, latin_font, register_bundled_font
from reader_app.ui.link_map import LinkMap, block_rect, first_block_below
from reader_app.ui.pane import ParagraphPane
from tests.gui.sample_panes import SAMPLE_ALIGNMENT, fill_panes, long_side, pixel, sample_document

MAP_WIDTH = 60


class Reader(QWidget):
    """Left pane | link map | right pane, as the reader view lays them out."""

    def __init__(self, left_language: str = "zh") -> None:
        super().__init__()
        register_bundled_font()
        right_language = "en" if left_language == "zh" else "zh"
        self.left, self.right = ParagraphPane(left_language), ParagraphPane(right_language)
        self.map = LinkMap(self.left, self.right)
        self.map.setFixedWidth(MAP_WIDTH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The offscreen platform warns when a layout pushes size hints to a top-level window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.left, 1)
        layout.addWidget(self.map)
        layout.addWidget(self.right, 1)
        self.resize(900, 600)

    def y_in_map(self, pane: ParagraphPane, index: int) -> int:
        """The map's y at the middle of paragraph `index` of `pane`, as currently scrolled."""
        rect = block_rect(pane, index)
        middle = QPoint(0, round(rect.center().y()) - pane.verticalScrollBar().value())
        return self.map.mapFromGlobal(pane.viewport().mapToGlobal(middle)).y()


@pytest.fixture
def reader(qtbot):
    widget = Reader()
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.map.set_alignment(SAMPLE_ALIGNMENT, "zh")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def lay_out(qtbot, *panes: ParagraphPane) -> None:
    """Finish the panes' lazy layout now, and wait until their scroll ranges cover the whole documents."""
    for pane in panes:
        height = block_rect(pane, pane.document().blockCount() - 1).bottom()
        bar = pane.verticalScrollBar()
        qtbot.waitUntil(lambda bar=bar, height=height: bar.maximum() + bar.pageStep() >= height, timeout=5000)


def scroll_into_view(pane: ParagraphPane, index: int) -> None:
    pane.verticalScrollBar().setValue(round(block_rect(pane, index).top()) - 20)


def test_gap_wedges_are_in_the_omission_colour(reader) -> None:
    scheme = scheme_for(reader.map.palette())
    # Chinese paragraph 1 (the source line) has no English counterpart: the wedge starts at its left end.
    assert pixel(reader.map, 1, reader.y_in_map(reader.left, 1)) == scheme.omission
    for index in (4, 6, 7):  # the three English-only paragraphs
        scroll_into_view(reader.right, index)
        assert pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, index)) == scheme.omission, index


def test_links_current_and_low_confidence_bands(reader) -> None:
    scheme = scheme_for(reader.map.palette())
    at_right = lambda index: pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, index))  # noqa: E731
    assert at_right(0) == scheme.link_band
    assert at_right(2) == scheme.low_confidence  # link [3]:[2] has confidence 0.3
    assert at_right(1) == scheme.link_band
    reader.map.set_current_link(2)  # [2]:[1]
    assert at_right(1) == scheme.current_link
    assert at_right(0) == scheme.link_band
    reader.map.set_current_link(None)
    assert at_right(1) == scheme.link_band
    # The middle of a band lies between its ends.
    assert pixel(reader.map, MAP_WIDTH // 2, (reader.y_in_map(reader.left, 0) + reader.y_in_map(reader.right, 0))
                 // 2) == scheme.link_band


def test_band_follows_a_scrolled_pane_and_scrolling_repaints(reader, qtbot) -> None:
    scheme = scheme_for(reader.map.palette())
    paints = []

    class PaintCounter(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                paints.append(1)
            return False

    counter = PaintCounter()
    reader.map.installEventFilter(counter)
    # Flush the paints still pending from show() and set_alignment(): ask for one more frame and wait for it
    # (pending updates are painted in that same pass), so the paint counted below is the scroll's own.
    reader.map.update()
    qtbot.waitUntil(lambda: len(paints) > 0, timeout=2000)
    paints.clear()
    scroll_into_view(reader.right, 4)
    qtbot.waitUntil(lambda: len(paints) > 0, timeout=2000)
    before = reader.y_in_map(reader.right, 4)
    assert pixel(reader.map, MAP_WIDTH - 2, before) == scheme.omission
    paints.clear()
    reader.right.verticalScrollBar().setValue(reader.right.verticalScrollBar().value() + 30)
    qtbot.waitUntil(lambda: len(paints) > 0, timeout=2000)
    assert reader.y_in_map(reader.right, 4) == before - 30
    assert pixel(reader.map, MAP_WIDTH - 2, before - 30) == scheme.omission
    reader.map.removeEventFilter(counter)


def test_swapped_panes_put_english_on_the_left(qtbot) -> None:
    widget = Reader(left_language="en")
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.map.set_alignment(SAMPLE_ALIGNMENT, "en")
    widget.show()
    qtbot.waitExposed(widget)
    scheme = scheme_for(widget.map.palette())
    scroll_into_view(widget.left, 4)
    assert pixel(widget.map, 1, widget.y_in_map(widget.left, 4)) == scheme.omission
    assert pixel(widget.map, MAP_WIDTH - 2, widget.y_in_map(widget.right, 1)) == scheme.omission
    assert pixel(widget.map, MAP_WIDTH - 2, widget.y_in_map(widget.right, 0)) == scheme.link_band
    with pytest.raises(ValueError):
        widget.map.set_alignment(SAMPLE_ALIGNMENT, "fr")


def test_clicking_a_band_reports_its_link(reader, qtbot) -> None:
    y = reader.y_in_map(reader.right, 1)
    reader.map.grab()  # paints, so the bands are known
    with qtbot.waitSignal(reader.map.linkClicked, timeout=1000) as blocker:
        qtbot.mouseClick(reader.map, Qt.MouseButton.LeftButton, pos=QPoint(MAP_WIDTH - 3, y))
    assert blocker.args == [2]


def test_first_block_below_matches_a_scan(qtbot) -> None:
    pane = ParagraphPane("en")
    qtbot.addWidget(pane)
    pane.resize(400, 300)
    pane.set_paragraphs(long_side(Language.EN, 300), latin_font())
    bottoms = [block_rect(pane, i).bottom() for i in range(300)]
    for y in (-5.0, 0.0, bottoms[0], bottoms[0] + 0.5, bottoms[150] - 1, bottoms[299] - 0.1, bottoms[299] + 1):
        expected = next((i for i, b in enumerate(bottoms) if b > y), 300)
        assert first_block_below(pane, y) == expected, y


def test_long_documents_paint_only_what_is_visible(qtbot, monkeypatch) -> None:
    """3,000 links: a paint looks up O(visible + log n) block rectangles, never every paragraph."""
    n = 3000
    widget = Reader()
    qtbot.addWidget(widget)
    widget.left.set_paragraphs(long_side(Language.ZH, n), chinese_font())
    widget.right.set_paragraphs(long_side(Language.EN, n + n // 10), latin_font())
    # Every tenth link is 1-2, so the right side runs ahead.
    links, e = [], 0
    for z in range(n):
        if z % 10 == 0:
            links.append(Link((z,), (e, e + 1), 0.9))
            e += 2
        else:
            links.append(Link((z,), (e,), 0.9))
            e += 1
    alignment = Alignment(tuple(links))
    alignment.validate(n, e)
    widget.map.set_alignment(alignment, "zh")
    widget.show()
    qtbot.waitExposed(widget)
    lay_out(qtbot, widget.left, widget.right)
    for pane in (widget.left, widget.right):
        pane.verticalScrollBar().setValue(pane.verticalScrollBar().maximum() // 2)
    calls = []
    real = link_map_module.block_rect
    monkeypatch.setattr(link_map_module, "block_rect", lambda pane, i: calls.append(i) or real(pane, i))
    widget.map.grab()
    painted = [k for k, _ in widget.map._painted]
    assert 0 < len(painted) < 200
    # About 190 in practice (4 binary searches of ~12 probes x 2 rectangles, plus the painted bands);
    # a scan would look up all 6,300.
    assert len(calls) < 400
    # The painted links are exactly those showing in either pane.
    for pane, side in ((widget.left, "zh"), (widget.right, "en")):
        top = pane.verticalScrollBar().value()
        bottom = top + pane.viewport().height()
        shown = {alignment.link_of(side, i) for i in range(len(pane.paragraphs))
                 if block_rect(pane, i).bottom() >= top and block_rect(pane, i).top() <= bottom}
        assert shown <= set(painted)


def test_panes_scrolled_apart_draw_one_band_for_the_links_between(qtbot) -> None:
    n = 2000
    widget = Reader()
    qtbot.addWidget(widget)
    widget.left.set_paragraphs(long_side(Language.ZH, n), chinese_font())
    widget.right.set_paragraphs(long_side(Language.EN, n), latin_font())
    widget.map.set_alignment(Alignment(tuple(Link((i,), (i,)) for i in range(n))), "zh")
    widget.show()
    qtbot.waitExposed(widget)
    lay_out(qtbot, widget.left, widget.right)
    widget.right.verticalScrollBar().setValue(widget.right.verticalScrollBar().maximum())
    widget.map.grab()
    painted = [k for k, _ in widget.map._painted]
    assert painted[:3] == [0, 1, 2]
    assert painted[-1] == n - 1
    assert len(painted) < 100
    scheme = scheme_for(widget.map.palette())
    # The merged band covers the middle of the strip.
    assert pixel(widget.map, MAP_WIDTH // 2, widget.map.height() // 2) == scheme.link_band


def test_no_alignment_paints_the_background_only(qtbot) -> None:
    widget = Reader()
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.show()
    qtbot.waitExposed(widget)
    background = widget.map.palette().window().color()
    assert pixel(widget.map, MAP_WIDTH // 2, 30) == background
    widget.map.set_alignment(SAMPLE_ALIGNMENT, "zh")
    assert pixel(widget.map, MAP_WIDTH - 2, widget.y_in_map(widget.right, 0)) != background
    widget.map.set_alignment(None)
    assert pixel(widget.map, MAP_WIDTH - 2, widget.y_in_map(widget.right, 0)) == background


@pytest.mark.parametrize(("left", "right", "expected"), [
    ((3, 8), (5, 9), [(3, 9, False)]),
    ((3, 8), (9, 12), [(3, 12, False)]),
    ((0, 4), (90, 95), [(0, 4, False), (5, 89, True), (90, 95, False)]),
    ((90, 95), (0, 4), [(0, 4, False), (5, 89, True), (90, 95, False)]),
    ((5, 4), (7, 9), [(7, 9, False)]),  # nothing shows on the left
    ((5, 4), (7, 6), []),
])
def test_segments_merge_only_the_links_showing_nowhere(left, right, expected) -> None:
    assert LinkMap._segments(left, right) == expected


def test_dark_palette_draws_the_dark_scheme(reader) -> None:
    from PySide6.QtGui import QColor, QPalette

    from reader_app.ui.colours import DARK

    dark = QPalette(reader.map.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#353535"))
    reader.map.setPalette(dark)
    assert pixel(reader.map, 1, reader.y_in_map(reader.left, 1)) == DARK.omission
    assert pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, 0)) == DARK.link_band
