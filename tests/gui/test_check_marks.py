"""The translation checks' flags marked in the panes (a line under the paragraph by severity, the message in its
tooltip) and as ticks on the overview ruler: only once the checks have run, not for ignored flags, not after the
Checks panel is closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from reader_app.core.checks import Kind
from reader_app.ui.link_map import block_rect
from tests.gui.sample_panes import pixel
from tests.gui.test_checks_panel import PAIR_EN, PAIR_ZH

# The pair's flags of the default kinds, by paragraph (the punctuation flag of paragraph 3 is advisory, off).
ZH_MARKS = {1: "error", 2: "error", 5: "error"}
EN_MARKS = {1: "error", 2: "error", 5: "error", 6: "warning"}


@pytest.fixture
def pair_paths(tmp_path: Path) -> list[str]:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(PAIR_ZH, encoding="utf-8")
    en.write_text(PAIR_EN, encoding="utf-8")
    return [str(zh), str(en)]


@pytest.fixture
def window(main_window, qtbot, pair_paths):
    main_window.resize(1100, 700)
    main_window.show()
    qtbot.waitExposed(main_window)
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.open_paths(pair_paths)
    return main_window


def severities(view, language: str) -> dict[int, str]:
    return {unit: severity for unit, (severity, _message) in view.check_flags.get(language, {}).items()}


def line_colours(pane, marks, index: int) -> set[str]:
    """The colours along the start of paragraph `index`'s flag line (2 px high, around underline_y)."""
    image = pane.viewport().grab().toImage()
    y = round(marks.underline_y(index))
    left = round(pane.document().documentMargin())
    return {image.pixelColor(x, row).name() for x in range(left, left + 4) for row in (y - 1, y, y + 1)}


def test_flags_are_marked_once_checked_and_not_when_ignored(window, qtbot) -> None:
    view = window.view
    # No checks run yet (the panel is closed): no marks.
    assert severities(view, "zh") == {} and severities(view, "en") == {}
    assert view.ruler.flags == ({}, {})
    assert view.marks["en"].flags == {}
    assert not window.legend.labels["flag_error"].isVisibleTo(window)
    controller = window.checks
    with qtbot.waitSignal(controller.checked, timeout=60_000):
        controller.open_panel()  # what View ▸ Checks Panel and F8 do
    assert severities(view, "zh") == ZH_MARKS
    assert severities(view, "en") == EN_MARKS
    assert view.marks["zh"].flags == ZH_MARKS and view.marks["en"].flags == EN_MARKS
    assert view.ruler.flags == (ZH_MARKS, EN_MARKS)  # Chinese on the left
    assert window.legend.labels["flag_error"].isVisibleTo(window)
    number = next(f for f in controller.listed_flags() if f.kind is Kind.NUMBER)
    assert view.zh_pane.tooltip_for(1) == number.message
    omission = next(f for f in controller.listed_flags() if f.kind is Kind.OMISSION)
    assert view.en_pane.tooltip_for(6) == "No Chinese counterpart\n" + omission.message
    # The warning's dashed line under English paragraph 6, in the warning colour.
    scheme = view.scheme
    assert scheme.flag_warning.name() in line_colours(view.en_pane, view.marks["en"], 6)
    assert scheme.flag_warning.name() not in line_colours(view.en_pane, view.marks["en"], 4)

    # Ignored: its marks go; undone: they come back.
    with qtbot.waitSignal(controller.flagsChanged, timeout=1000):
        controller.ignore([number])
    assert severities(view, "zh") == {2: "error", 5: "error"}
    assert severities(view, "en") == {2: "error", 5: "error", 6: "warning"}
    assert view.ruler.flags == ({2: "error", 5: "error"}, {2: "error", 5: "error", 6: "warning"})
    assert view.zh_pane.tooltip_for(1) == ""
    controller.undo()
    assert severities(view, "zh") == ZH_MARKS

    # An advisory kind switched on adds its mark; a paragraph keeps its most serious severity.
    controller.panel.kind_boxes[Kind.PUNCTUATION].setChecked(True)
    assert severities(view, "zh") == {**ZH_MARKS, 3: "advisory"}
    assert severities(view, "en") == {**EN_MARKS, 3: "advisory"}

    # The panel closed: the marks go with it; opened again, they are back.
    controller.panel.hide()
    assert view.check_flags == {"zh": {}, "en": {}}
    assert view.ruler.flags == ({}, {})
    assert view.marks["zh"].flags == {}
    assert not window.legend.labels["flag_error"].isVisibleTo(window)
    controller.panel.show()
    assert severities(view, "zh") == {**ZH_MARKS, 3: "advisory"}


def test_a_paragraph_with_several_flags_shows_the_worst_and_every_message(window) -> None:
    view = window.view
    view.set_check_flags({"en": {3: [("advisory", "A question in the Chinese only"), ("error", "Numbers differ")]}})
    assert view.check_flags["en"][3] == ("error", "A question in the Chinese only\nNumbers differ")
    assert view.marks["en"].flags == {3: "error"}
    assert view.en_pane.tooltip_for(3) == "A question in the Chinese only\nNumbers differ"
    # The flags are kept by paragraph across a new alignment of the same text.
    view.set_alignment(view.alignment)
    assert view.marks["en"].flags == {3: "error"}
    view.set_check_flags(None)
    assert view.marks["en"].flags == {} and view.en_pane.tooltip_for(3) == ""


def test_status_bar_and_flag_line_do_not_hide_each_other(window) -> None:
    view = window.view
    view.set_link_statuses(["confirmed"] + ["automatic"] * (len(view.alignment.links) - 1))
    view.set_check_flags({"en": {0: [("warning", "A sentence with no counterpart")]}})
    pane, marks = view.en_pane, view.marks["en"]
    bar = marks.bar_rect(0)
    assert pixel(pane.viewport(), round(bar.center().x()), round(bar.center().y())) == view.scheme.confirmed_mark
    assert view.scheme.flag_warning.name() in line_colours(pane, marks, 0)
    # The line is under the paragraph's last line of text, inside its block.
    rect = block_rect(pane, 0)
    assert rect.top() < marks.underline_y(0) + pane.verticalScrollBar().value() <= rect.bottom() + 10
    assert QColor(view.scheme.flag_warning) != view.scheme.omission


def test_another_document_drops_the_last_ones_marks(window, qtbot) -> None:
    from reader_app.paths import sample_path

    view, controller = window.view, window.checks
    with qtbot.waitSignal(controller.checked, timeout=60_000):
        controller.open_panel()
    assert severities(view, "en") == EN_MARKS
    stale = []
    window.documentOpened.connect(lambda _document: stale.append(dict(view.marks["en"].flags)))
    with qtbot.waitSignals([window.documentOpened, controller.checked], timeout=60_000):
        window.open_paths([str(sample_path())])
    assert stale == [{}]  # never the pair's marks on the sample's paragraphs
    # The panel is open: the sample is checked in turn (its four paragraphs without counterpart).
    assert severities(view, "zh") == {1: "warning"}
    assert severities(view, "en") == {4: "warning", 6: "warning", 7: "warning"}
