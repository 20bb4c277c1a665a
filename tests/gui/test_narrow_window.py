"""A small window: the notes and checks panels fold away instead of squeezing the panes, and come back when the
window widens; the status bar's words are elided on one line, never wrapped or cut."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from reader_app.paths import sample_path
from reader_app.ui.narrow_window import ELLIPSIS, MIN_PANE_WIDTH, ElidedLabel
from tests.gui.test_main_window import open_and_wait


def _window_with_panels(main_window, qtbot):
    window = main_window
    open_and_wait(qtbot, window, [str(sample_path())])
    window.show()
    qtbot.waitExposed(window)
    window.resize(1400, 900)
    window.place_notes()
    qtbot.waitUntil(lambda: window.width() == 1400 and window.job is None, timeout=60_000)
    window.annotations.note_actions.toggle_action.trigger()
    window.checks.toggle_action.trigger()
    panels = (window.annotations.panel, window.checks.panel)
    qtbot.waitUntil(lambda: all(p.isVisible() for p in panels), timeout=5000)
    return window, panels


def _resize(window, qtbot, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: not window.panel_folding._timer.isActive(), timeout=5000)
    QApplication.processEvents()


def _pane_widths(window) -> list[int]:
    return [window.view.zh_pane.width(), window.view.en_pane.width()]


def test_panels_fold_in_a_small_window_and_come_back(main_window, qtbot) -> None:
    window, panels = _window_with_panels(main_window, qtbot)
    assert min(_pane_widths(window)) >= MIN_PANE_WIDTH

    _resize(window, qtbot, 700, 500)
    assert window.width() == 700
    assert not any(p.isVisible() for p in panels)  # folded: at 700 px they left the panes about 100 px each
    assert min(_pane_widths(window)) >= MIN_PANE_WIDTH
    assert not window.annotations.note_actions.toggle_action.isChecked()

    _resize(window, qtbot, 480, 600)
    assert (window.width(), window.height()) == (480, 600)
    assert min(_pane_widths(window)) >= MIN_PANE_WIDTH
    assert not any(p.isVisible() for p in panels)

    _resize(window, qtbot, 1400, 900)
    qtbot.waitUntil(lambda: all(p.isVisible() for p in panels), timeout=5000)
    assert window.panel_folding.folded == []
    assert min(_pane_widths(window)) >= MIN_PANE_WIDTH


def test_panels_fold_when_the_window_is_dragged_narrower_than_they_allow(main_window, qtbot) -> None:
    # The open docks hold the window at its minimum width (their own and the panes'): asked for 480 px, it is
    # made as narrow as they allow, they fold there, and then it can be made 480 px.
    window, panels = _window_with_panels(main_window, qtbot)
    _resize(window, qtbot, 480, 600)
    assert not any(p.isVisible() for p in panels)
    _resize(window, qtbot, 480, 600)
    assert window.width() == 480
    assert min(_pane_widths(window)) >= MIN_PANE_WIDTH


def test_a_panel_opened_in_a_small_window_stays_open(main_window, qtbot) -> None:
    window, panels = _window_with_panels(main_window, qtbot)
    _resize(window, qtbot, 700, 500)
    assert not panels[0].isVisible()
    window.annotations.note_actions.toggle_action.trigger()  # the reader asks for it
    qtbot.waitUntil(lambda: panels[0].isVisible(), timeout=5000)
    QApplication.processEvents()
    assert panels[0].isVisible()
    assert panels[0] not in window.panel_folding.folded


def _one_line(label: ElidedLabel) -> None:
    assert not label.wordWrap()
    line = label.fontMetrics().lineSpacing()
    # One line's height (a Chinese fallback font may add a pixel or two), whatever its width.
    assert line - 2 <= label.sizeHint().height() < line + 4 and label.height() < 2 * line


def test_status_bar_words_are_elided_on_one_line(main_window, qtbot) -> None:
    window, _panels = _window_with_panels(main_window, qtbot)
    _resize(window, qtbot, 480, 600)
    _resize(window, qtbot, 480, 600)
    counts, place = window.counts_label, window._contents.status
    assert counts.text() == "6 Chinese · 8 English paragraphs · 4 without counterpart"
    for label in (counts, place):
        _one_line(label)
        shown = label.shown_text()
        assert shown.endswith(ELLIPSIS) and len(shown) < len(label.text())
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        assert label.geometry().right() < window.statusBar().width()
    # While a document opens: the stage, the bar and Cancel fit beside each other.
    window._set_busy(True, "Opening a long book…")
    window.stage_label.setText("Refining alignment")
    QApplication.processEvents()
    bar = window.statusBar()
    widgets = [window.stage_label, window.progress_bar, window.cancel_button]
    assert all(w.isVisible() and w.geometry().right() < bar.width() for w in widgets)
    assert window.stage_label.geometry().right() <= window.progress_bar.geometry().left()
    _one_line(window.stage_label)
    window._set_busy(False)

    _resize(window, qtbot, 1400, 900)
    assert counts.shown_text() == counts.text()
