"""Find folds scripts and widths (气候 finds 氣候), starts from where the reader is, and shows a match whole."""

from __future__ import annotations

from reader_app.core.text.convert import fold_for_search
from reader_app.paths import sample_path
from tests.gui.test_main_window import open_and_wait


def test_fold_keeps_every_place_and_folds_scripts_widths_and_case() -> None:
    for text in ("氣候變化 ＣＯＰ２９", "İstanbul 發展", "Climate　Crisis"):
        assert len(fold_for_search(text)) == len(text)
    assert fold_for_search("氣候變化 ＣＯＰ２９") == "气候变化 cop29"
    assert fold_for_search("Climate　Crisis") == "climate crisis"


def test_a_simplified_query_finds_the_traditional_text(main_window, qtbot) -> None:
    document = open_and_wait(qtbot, main_window, [str(sample_path())])
    bar = main_window.find_bar
    bar.start()
    traditional = sum(t.count("氣候") for t in document.zh.texts())
    assert traditional == 10
    bar.set_text("气候", ("zh",))
    assert bar.counts() == {"zh": traditional, "en": 0}
    bar.set_text("氣候", ("zh",))
    assert bar.counts() == {"zh": traditional, "en": 0}
    bar.find_next()
    language, paragraph, start, end = bar.matches[bar.current]
    assert main_window.view.pane(language).textCursor().selectedText() == "氣候"
    bar.set_text("ＣＯＰ")  # full-width letters find the plain ones, in both panes
    assert bar.counts() == {"zh": 3, "en": 3}


def test_the_first_next_goes_to_the_first_match_after_the_reading_place_and_shows_it_whole(main_window,
                                                                                           qtbot) -> None:
    main_window.resize(900, 320)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    view = main_window.view
    bar = main_window.find_bar
    bar.start()
    bar.set_text("climate", ("en",))
    links = [view.alignment.link_of("en", p) for _lang, p, _s, _e in bar.matches]
    assert links == sorted(links) and len(set(links)) > 2
    # Read from the link of the third distinct match on: the first Next lands there, not at the top.
    target = sorted(set(links))[2]
    view.go_to_link(target)
    qtbot.waitUntil(lambda: view.linker.current_link == target, timeout=3000)
    bar.current = -1
    bar.find_next()
    assert links[bar.current] == target and bar.current == links.index(target)
    language, paragraph, start, end = bar.matches[bar.current]
    pane = view.pane(language)
    rect = pane.cursorRect(pane.textCursor())
    assert rect.top() >= 0 and rect.bottom() <= pane.viewport().height()
    # Previous from the start: the last match before the reading place.
    bar.current = -1
    bar.find_previous()
    assert links[bar.current] == target and bar.current == len(links) - 1 - links[::-1].index(target)


def test_ctrl_end_and_ctrl_home_go_to_the_document_edges_in_both_panes(main_window, qtbot) -> None:
    from PySide6.QtCore import Qt

    main_window.resize(900, 320)
    main_window.show()
    main_window.activateWindow()  # a window's shortcuts reach it only while it is active (xcb)
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)
    assert main_window.menu_actions.go_to_end.shortcut().toString() == "Ctrl+End"  # menus are built on first use
    view = main_window.view
    view.left.setFocus()
    qtbot.keyClick(view.left, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for pane in (view.left, view.right):
        assert pane.verticalScrollBar().value() == pane.verticalScrollBar().maximum() > 0
    qtbot.keyClick(view.right, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert (view.left.verticalScrollBar().value(), view.right.verticalScrollBar().value()) == (0, 0)
