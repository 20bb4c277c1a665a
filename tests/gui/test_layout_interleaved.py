"""View ▸ Layout ▸ Interleaved: one column, each link's Chinese then its English, the one-sided ones in the omission
colour (in the dark theme too), find, Ctrl+Home/End and zoom in the column, the Chinese above its English in
--report-layout, and the two panes back as they were."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from reader_app.paths import sample_path
from reader_app.ui import settings, theme
from reader_app.ui.colours import scheme_for
from reader_app.ui.layout_report import layout_lines
from tests.gui.test_main_window import open_and_wait


def test_interleaved_shows_each_links_chinese_then_english_in_one_column(main_window, qtbot) -> None:
    main_window.resize(1000, 700)
    main_window.show()
    qtbot.waitExposed(main_window)
    document = open_and_wait(qtbot, main_window, [str(sample_path())])
    view = main_window.view
    main_window.menu_actions.layouts["interleaved"].trigger()
    mode = main_window.choices.interleaved
    column = mode.pane
    assert settings.DOCUMENT_LAYOUTS.read(main_window.settings, document.content_id) == "interleaved"
    assert column.isVisible() and not view.zh_pane.isVisible() and not view.en_pane.isVisible()
    assert not view.link_map.isVisible()
    expected = [(language, i) for link in view.alignment.links
                for language, units in (("zh", link.zh), ("en", link.en)) for i in units]
    assert column.entries == expected
    assert len(expected) == len(document.zh) + len(document.en) == 14
    assert [column.paragraph_text(k) for k in range(len(expected))] == [
        view.pane(language).paragraph_text(i) for language, i in expected]
    # The sample's first link: the Chinese title, then the English one.
    assert column.paragraph_text(0).startswith("中美“21世紀20年代")
    assert column.paragraph_text(1).startswith("Readout on Meeting")
    # One-sided units in the omission colour, the others in none.
    gaps = {(language, i) for language in ("zh", "en") for i in view.alignment.gaps(language)}
    assert len(gaps) == 4
    assert [column.block_background(k) == view.scheme.omission for k in range(len(expected))] == [
        entry in gaps for entry in expected]
    assert all(column.block_background(k) is None for k, entry in enumerate(expected) if entry not in gaps)
    # --report-layout: in every two-sided link on screen, the Chinese starts above its English.
    lines = [line.split() for line in layout_lines(view, main_window)]
    assert lines and all(word == "LINK" for word, *_rest in lines)
    both = [(int(zh), int(en)) for _word, k, zh, en in lines if "-" not in (zh, en)]
    assert len(both) >= 3 and all(zh < en for zh, en in both)
    one_sided = [(zh, en) for _word, k, zh, en in lines if view.alignment.links[int(k)].is_gap]
    assert one_sided and all("-" in pair for pair in one_sided)


def test_find_edges_zoom_and_theme_in_the_column_and_back_to_two_panes(main_window, qtbot) -> None:
    main_window.resize(700, 420)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    view = main_window.view
    main_window.menu_actions.layouts["interleaved"].trigger()
    column = main_window.choices.interleaved.pane
    bar = column.verticalScrollBar()
    assert bar.maximum() > 0
    # Ctrl+End / Ctrl+Home: the column's end and start.
    view.go_to_edge(True)
    assert bar.value() == bar.maximum()
    view.go_to_edge(False)
    assert bar.value() == 0
    # F3 selects each match in the column, on screen.
    find = main_window.find_bar
    find.start()
    find.set_text("COP")
    assert find.counts() == {"zh": 3, "en": 3}
    for _ in range(len(find.matches)):
        find.find_next()
        language, paragraph, _start, _end = find.matches[find.current]
        cursor = column.textCursor()
        assert cursor.selectedText() == "COP"
        assert column.entries[cursor.block().blockNumber()] == (language, paragraph)
        rect = column.cursorRect(cursor)
        assert rect.top() >= 0 and rect.bottom() <= column.viewport().height()
    find.close_bar()
    # Scrolling the column moves the hidden panes (the reading position) with it.
    bar.setValue(bar.maximum() // 2)
    index, _fraction = column.top_paragraph()
    language, unit = column.entries[index]
    assert view.pane(language).top_paragraph()[0] == unit
    # Zoom reaches the column.
    size = column.document_font.pointSizeF()
    view.set_point_size(view.point_size + 2)
    assert column.document_font.pointSizeF() == size + 2
    # The dark theme: the omission colour is the dark scheme's.
    gap = column.entry_of[("en", view.alignment.gaps("en")[0])]
    try:
        theme.set_theme(main_window.settings, "dark")
        dark = scheme_for(QApplication.palette())
        assert dark.dark
        qtbot.waitUntil(lambda: column.block_background(gap) == dark.omission, timeout=3000)
    finally:
        theme.set_theme(main_window.settings, "system")
    # Linked again: the two panes and the link map, the column hidden.
    main_window.menu_actions.layouts["linked"].trigger()
    assert view.zh_pane.isVisible() and view.en_pane.isVisible() and view.link_map.isVisible()
    assert not column.isVisible()
