"""Links the reader made or confirmed are drawn in their own colours: their bands in the link map, bars at the
panes' edge, ticks in the ruler, words in the tooltips; a new alignment (set_alignment alone) makes every link
automatic again, a swap of the panes keeps them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from reader_app.core.editing import LinkStatus
from reader_app.ui.colours import DARK, scheme_for
from reader_app.ui.link_map import block_rect, link_statuses, status_units
from reader_app.ui.reader_view import ReaderView
from tests.gui.sample_panes import SAMPLE_ALIGNMENT, fill_panes, pixel, sample_document
from tests.gui.test_link_map import MAP_WIDTH, Reader

# SAMPLE_ALIGNMENT's links: 0 [0]:[0], 1 [1]:[], 2 [2]:[1], 3 [3]:[2] (confidence 0.3), 4 [4]:[3], 5 []:[4],
# 6 [5]:[5], 7 []:[6], 8 []:[7].
STATUSES = ["manual", "automatic", "confirmed", "confirmed", "automatic", "manual", "automatic", "automatic",
            "automatic"]


@pytest.fixture
def reader(qtbot):
    widget = Reader()
    qtbot.addWidget(widget)
    fill_panes(widget.left, widget.right, sample_document())
    widget.map.set_alignment(SAMPLE_ALIGNMENT, "zh")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_statuses_are_kept_sparse_and_checked() -> None:
    assert link_statuses(SAMPLE_ALIGNMENT, STATUSES) == {0: "manual", 2: "confirmed", 3: "confirmed", 5: "manual"}
    assert link_statuses(SAMPLE_ALIGNMENT, None) == {}
    # The core's StrEnum is taken as its strings.
    enum_statuses = [LinkStatus(s) for s in STATUSES]
    assert link_statuses(SAMPLE_ALIGNMENT, enum_statuses) == {0: "manual", 2: "confirmed", 3: "confirmed",
                                                              5: "manual"}
    assert all(type(s) is str for s in link_statuses(SAMPLE_ALIGNMENT, enum_statuses).values())
    with pytest.raises(ValueError, match="8 link statuses for an alignment of 9 links"):
        link_statuses(SAMPLE_ALIGNMENT, STATUSES[:-1])
    with pytest.raises(ValueError, match="unknown link status 'pinned'"):
        link_statuses(SAMPLE_ALIGNMENT, ["pinned", *STATUSES[1:]])
    with pytest.raises(ValueError):
        link_statuses(None, ["manual"])
    marked = link_statuses(SAMPLE_ALIGNMENT, STATUSES)
    assert status_units(SAMPLE_ALIGNMENT, marked, "zh") == {0: "manual", 2: "confirmed", 3: "confirmed"}
    assert status_units(SAMPLE_ALIGNMENT, marked, "en") == {0: "manual", 1: "confirmed", 2: "confirmed",
                                                            4: "manual"}


def test_link_map_paints_manual_and_confirmed_bands_in_their_colours(reader) -> None:
    scheme = scheme_for(reader.map.palette())
    at_right = lambda index: pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, index))  # noqa: E731
    at_left = lambda index: pixel(reader.map, 2, reader.y_in_map(reader.left, index))  # noqa: E731
    assert at_right(0) == scheme.link_band
    reader.map.set_link_statuses(STATUSES)
    assert at_right(0) == scheme.manual_link
    assert at_left(0) == scheme.manual_link
    assert at_right(1) == scheme.confirmed_link  # link [2]:[1]
    # A confirmed link of low confidence is no longer shaded as doubtful.
    assert at_right(2) == scheme.confirmed_link
    # The middle of the band too, not only its ends.
    middle = (reader.y_in_map(reader.left, 0) + reader.y_in_map(reader.right, 0)) // 2
    assert pixel(reader.map, MAP_WIDTH // 2, middle) == scheme.manual_link
    # A one-sided paragraph the reader marked keeps the omission colour (the outline tells it apart).
    reader.right.verticalScrollBar().setValue(round(block_rect(reader.right, 4).top()) - 20)
    assert pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, 4)) == scheme.omission
    reader.right.verticalScrollBar().setValue(0)
    # The current link keeps the current link's look whatever its status.
    reader.map.set_current_link(0)
    assert at_right(0) == scheme.current_link
    reader.map.set_current_link(None)
    reader.map.set_link_statuses(None)
    assert at_right(0) == scheme.link_band
    assert at_right(2) == scheme.low_confidence


def test_dark_palette_draws_the_dark_status_colours(reader) -> None:
    dark = QPalette(reader.map.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#353535"))
    reader.map.setPalette(dark)
    reader.map.set_link_statuses(STATUSES)
    assert pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, 0)) == DARK.manual_link
    assert pixel(reader.map, MAP_WIDTH - 2, reader.y_in_map(reader.right, 1)) == DARK.confirmed_link


def test_a_new_alignment_on_the_link_map_drops_the_statuses(reader) -> None:
    reader.map.set_link_statuses(STATUSES)
    reader.map.set_alignment(SAMPLE_ALIGNMENT, "en")  # the same links shown again (the panes swapped): kept
    assert reader.map.statuses == {0: "manual", 2: "confirmed", 3: "confirmed", 5: "manual"}
    other = type(SAMPLE_ALIGNMENT)(links=SAMPLE_ALIGNMENT.links, tier=0)
    reader.map.set_alignment(other, "zh")
    assert reader.map.statuses == {}


@pytest.fixture
def view(qtbot):
    widget = ReaderView()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.set_document(sample_document(), SAMPLE_ALIGNMENT)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def bar_colour(view: ReaderView, language: str, index: int) -> QColor:
    """The colour at the middle of paragraph `index`'s status bar (the viewport's right edge)."""
    pane = view.pane(language)
    pane.verticalScrollBar().setValue(round(block_rect(pane, index).top()) - 10)
    marks = view.marks[language]
    rect = marks.bar_rect(index)
    return pixel(pane.viewport(), round(rect.center().x()), round(rect.center().y()))


def test_reader_view_marks_statuses_in_panes_ruler_and_tooltips(view, qtbot) -> None:
    scheme = view.scheme
    roles = []
    view.markedRolesChanged.connect(roles.append)
    view.set_link_statuses(STATUSES)
    assert view.link_map.statuses == {0: "manual", 2: "confirmed", 3: "confirmed", 5: "manual"}
    assert view.marks["zh"].statuses == {0: "manual", 2: "confirmed", 3: "confirmed"}
    assert view.marks["en"].statuses == {0: "manual", 1: "confirmed", 2: "confirmed", 4: "manual"}
    assert view.ruler.statuses == ({0: "manual", 2: "confirmed", 3: "confirmed"},
                                   {0: "manual", 1: "confirmed", 2: "confirmed", 4: "manual"})
    assert roles == [["confirmed_link", "manual_link"]]
    assert bar_colour(view, "zh", 0) == scheme.manual_mark
    assert bar_colour(view, "en", 1) == scheme.confirmed_mark
    assert bar_colour(view, "zh", 4) != scheme.confirmed_mark  # automatic: no bar
    assert view.zh_pane.tooltip_for(0) == "Link made by you"
    assert view.en_pane.tooltip_for(4) == "No Chinese counterpart\nLink made by you"
    # The confirmed link [3]:[2] of confidence 0.3 is not shaded as uncertain any more.
    assert view.zh_pane.block_background(3) is None
    assert view.zh_pane.tooltip_for(3) == "Link confirmed by you"


def test_set_alignment_alone_resets_the_statuses(view) -> None:
    view.set_link_statuses(STATUSES)
    view.swap_panes()  # the same alignment in swapped panes: the statuses stay, each in its column
    assert view.link_map.statuses == {0: "manual", 2: "confirmed", 3: "confirmed", 5: "manual"}
    assert view.ruler.statuses == ({0: "manual", 1: "confirmed", 2: "confirmed", 4: "manual"},
                                   {0: "manual", 2: "confirmed", 3: "confirmed"})
    view.swap_panes()
    view.set_alignment(SAMPLE_ALIGNMENT)  # even the same links: a set_alignment is a new alignment
    assert view.link_map.statuses == {}
    assert view.marks["zh"].statuses == {} and view.marks["en"].statuses == {}
    assert view.ruler.statuses == ({}, {})
    assert view.marked_roles == []
    assert view.zh_pane.block_background(3) == view.scheme.low_confidence
    assert view.zh_pane.tooltip_for(0) == ""
    # As the edit helper does it: the new alignment, then its statuses.
    view.set_alignment(SAMPLE_ALIGNMENT)
    view.set_link_statuses(["automatic"] * 8 + ["manual"])
    assert view.link_map.statuses == {8: "manual"}
    assert view.marks["en"].statuses == {7: "manual"}
    with pytest.raises(ValueError):
        view.set_link_statuses(["manual"])
    assert view.link_map.statuses == {8: "manual"}  # a bad call changes nothing
