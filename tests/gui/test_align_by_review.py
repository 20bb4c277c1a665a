"""Review of View ▸ Align By: cases the feature's own tests do not cover."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from reader_app.core.alignment import Alignment, Link
from reader_app.core.units import SideUnits, _project
from reader_app.paths import sample_path
from reader_app.storage.database import Database
from reader_app.ui.main_window import MainWindow
from reader_app.ui.notes import NotesController
from tests.gui.notes.conftest import settle
from tests.gui.test_main_window import open_and_wait


def _switch(qtbot, window: MainWindow, unit: str) -> None:
    with qtbot.waitSignal(window.documentOpened, timeout=60_000):
        window.set_unit(unit)
    assert window.units is not None and window.units.unit == unit


# -- _project on adversarial alignments ---------------------------------------------------------------


def _side_units(counts: list[int]) -> SideUnits:
    paragraph_of, offset_of, first_unit = [], [], []
    for p, n in enumerate(counts):
        first_unit.append(len(paragraph_of))
        for k in range(n):
            paragraph_of.append(p)
            offset_of.append(10 * k)
    first_unit.append(len(paragraph_of))
    return SideUnits(tuple(paragraph_of), tuple(offset_of), tuple(first_unit))


@st.composite
def _unit_alignments(draw):
    zh_counts = draw(st.lists(st.integers(1, 4), min_size=0, max_size=6))
    en_counts = draw(st.lists(st.integers(1, 4), min_size=0, max_size=6))
    n_zh, n_en = sum(zh_counts), sum(en_counts)
    links, i, j = [], 0, 0
    while i < n_zh or j < n_en:
        a = draw(st.integers(0, min(3, n_zh - i)))
        b = draw(st.integers(0, min(3, n_en - j)))
        if a == 0 and b == 0:
            a, b = (1, 0) if i < n_zh else (0, 1)
        links.append(Link(tuple(range(i, i + a)), tuple(range(j, j + b)), draw(st.floats(0, 1))))
        i, j = i + a, j + b
    return zh_counts, en_counts, Alignment(tuple(links), tier=1)


@settings(max_examples=500, deadline=None)
@given(_unit_alignments())
def test_project_is_a_valid_paragraph_alignment_for_random_unit_alignments(case) -> None:
    zh_counts, en_counts, alignment = case
    alignment.validate(sum(zh_counts), sum(en_counts))
    projected = _project(alignment, _side_units(zh_counts), _side_units(en_counts))
    projected.validate(len(zh_counts), len(en_counts))
    assert projected.tier == alignment.tier


# -- the window --------------------------------------------------------------------------------------


def test_a_one_language_file_switched_to_sentences_stays_unaligned(main_window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "zh-only.txt"
    path.write_text("他来了。他走了。\n\n今天下雨了。明天晴天。\n", encoding="utf-8")
    open_and_wait(qtbot, main_window, [str(path)], "loadFailed")
    assert main_window.view.omissions() == []
    main_window.set_unit("sentence")
    # The text has no English: none of it is "without counterpart" (as when it was opened).
    qtbot.waitUntil(lambda: main_window.job is None, timeout=60_000)
    assert main_window.units.unit == "sentence"
    assert main_window.view.zh_pane.document().blockCount() == 4
    assert main_window.view.omissions() == []


def test_switching_unit_while_another_file_opens_does_not_lose_that_file(main_window, qtbot, tmp_path: Path) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    other = tmp_path / "other.txt"
    other.write_text("他来了。他走了。\n\nHe came. He left.\n", encoding="utf-8")
    main_window.open_paths([str(other)])
    # The reader picks Sentences before the new file is read: the window still shows the sample.
    assert main_window.document is not None and main_window.document.title != "other"
    main_window.set_unit("sentence")
    qtbot.waitUntil(lambda: main_window.job is None, timeout=60_000)
    qtbot.wait(50)
    # The file asked for last is the one shown (or at least, the paths are the shown document's).
    assert main_window.document.zh.paragraphs[0].text == "他来了。他走了。"
    assert main_window.paths == [str(other)]


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="paragraph" o-tmf="x"
 adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>我们今天去了公园。公园里有很多人。大家都很开心。</seg></tuv>
<tuv xml:lang="en"><seg>Today we went to the park, which was full of happy people.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>晚上下雨了。</seg></tuv>
<tuv xml:lang="en"><seg>In the evening it rained. We stayed at home. We read books all night.</seg></tuv></tu>
</body></tmx>
"""


def test_a_tmx_aligned_by_sentences_keeps_its_own_pairs(main_window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    document = open_and_wait(qtbot, main_window, [str(path)])
    assert document.given_links is not None
    _switch(qtbot, main_window, "sentence")
    units = main_window.units
    # The file says which paragraph translates which: a sentence link across two of its pairs contradicts it.
    projected = units.paragraph_alignment(main_window.view.alignment)
    assert [(link.zh, link.en) for link in projected.links] == [tuple(map(tuple, pair))
                                                                for pair in document.given_links]
    _switch(qtbot, main_window, "paragraph")
    assert main_window.view.alignment.tier == 0


@pytest.fixture
def window_notes(main_window, qtbot, tmp_path: Path):
    controller = NotesController(main_window, lambda: Database(tmp_path / "notes"))
    main_window._annotations = controller
    open_and_wait(qtbot, main_window, [str(sample_path())])
    settle(qtbot, controller)
    yield controller
    assert controller.close_storage()


def _select(pane, start_block: int, start: int, end_block: int, end: int) -> None:
    document = pane.document()
    cursor = QTextCursor(document)
    cursor.setPosition(document.findBlockByNumber(start_block).position() + start)
    cursor.setPosition(document.findBlockByNumber(end_block).position() + end, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)


def test_a_selection_across_two_sentences_of_one_paragraph_notes_the_selection(main_window, window_notes,
                                                                                 qtbot) -> None:
    notes, view = window_notes, main_window.view
    _switch(qtbot, main_window, "sentence")
    settle(qtbot, notes)
    pane = view.zh_pane
    units = main_window.units
    assert units.to_paragraph("zh", 8)[0] == units.to_paragraph("zh", 9)[0] == 5  # two sentences of paragraph 5
    _select(pane, 8, 5, 9, 4)
    pane.setFocus()
    annotation = notes.add_note_here()
    settle(qtbot, notes)
    paragraph = main_window.document.zh.paragraphs[5].text
    offset9 = units.to_paragraph("zh", 9)[1]
    # What was selected, not the whole first sentence.
    assert (annotation.anchor.start, annotation.anchor.quote) == (5, paragraph[5:offset9 + 4])


def test_a_selection_note_in_sentence_view_from_the_context_menu(main_window, window_notes, qtbot) -> None:
    notes, view = window_notes, main_window.view
    _switch(qtbot, main_window, "sentence")
    settle(qtbot, notes)
    pane = view.zh_pane
    _select(pane, 9, 3, 9, 10)
    menu = notes.context_menu(pane, pane.cursorRect(pane.textCursor()).center())
    action = next(a for a in menu.actions() if a.text() == "Add Note to the Selection")
    action.trigger()
    settle(qtbot, notes)
    created = notes.notes()[-1]
    offset = main_window.units.to_paragraph("zh", 9)[1]
    assert (created.anchor.start, created.anchor.quote) == (offset + 3, pane.paragraph_text(9)[3:10])
    assert notes.annotated_paragraphs("zh") == [9]
    # Deleted and undone, the mark follows.
    assert notes.delete_note(created.id)
    settle(qtbot, notes)
    assert notes.annotated_paragraphs("zh") == [] and ("zh", 9) not in view.annotated
    notes.undo_delete()
    settle(qtbot, notes)
    assert notes.annotated_paragraphs("zh") == [9] and ("zh", 9) in view.annotated


def test_the_last_unit_chosen_wins_when_chosen_quickly(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.menu_actions.align_units["sentence"].trigger()
    main_window.menu_actions.align_units["paragraph"].trigger()  # changed their mind before the panes changed
    qtbot.waitUntil(lambda: main_window.job is None, timeout=60_000)
    qtbot.wait(50)
    assert main_window.menu_actions.align_units["paragraph"].isChecked()
    assert main_window.units.unit == "paragraph"


def test_switching_while_aligning_leaves_alignment_and_units_consistent(main_window, qtbot) -> None:
    main_window.open_paths([str(sample_path())])
    qtbot.waitUntil(lambda: main_window.units is not None, timeout=60_000)
    main_window.set_unit("sentence")
    qtbot.waitUntil(lambda: main_window.job is None and main_window.view.alignment is not None, timeout=60_000)
    shown = main_window.units.shown
    assert main_window.units.unit == "sentence"
    main_window.view.alignment.validate(len(shown.zh), len(shown.en))


def test_the_script_chosen_applies_to_sentences(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.set_script("zh", "simplified")
    _switch(qtbot, main_window, "sentence")
    assert main_window.view.zh_pane.paragraph_text(9).startswith("双方承诺")
    main_window.set_script("zh", "original")
    assert main_window.view.zh_pane.paragraph_text(9).startswith("雙方承諾")


def test_find_next_after_a_switch_selects_a_match(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    bar = main_window.find_bar
    bar.start()
    bar.set_text("甲烷", ("zh",))
    before = len(bar.matches)
    _switch(qtbot, main_window, "sentence")
    bar.find_next()
    bar.find_next()
    assert main_window.view.zh_pane.textCursor().selectedText() == "甲烷"
    assert len(bar.matches) == before


def test_reopening_a_book_read_by_sentences_opens_where_it_was_left(main_window, qtbot) -> None:
    main_window.resize(900, 300)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.menu_actions  # noqa: B018
    _switch(qtbot, main_window, "sentence")
    pane = main_window.view.left
    pane.scroll_to_paragraph(6)
    assert pane.top_paragraph()[0] == 6
    open_and_wait(qtbot, main_window, [str(sample_path())])
    assert main_window.units.unit == "sentence"
    assert pane.top_paragraph()[0] == 6



def test_the_refined_alignment_is_of_the_units_shown(qtbot, tmp_path: Path) -> None:
    from reader_app.ui.fonts import register_bundled_font

    register_bundled_font()
    window = MainWindow(refine=True)
    qtbot.addWidget(window)
    try:
        open_and_wait(qtbot, window, [str(sample_path())])
        with qtbot.waitSignal(window.alignmentRefined, timeout=120_000):
            window.set_unit("sentence")
        qtbot.waitUntil(lambda: window.job is None, timeout=60_000)
        shown = window.units.shown
        assert window.units.unit == "sentence" and window.view.alignment.tier == 2
        window.view.alignment.validate(len(shown.zh), len(shown.en))
    finally:
        for job in [window.job, *window._old_jobs]:
            if job is not None:
                job.cancel()
                job.wait(30)

