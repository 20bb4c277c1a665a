"""View ▸ Align By: the window shows and aligns a document by paragraphs, sentences or its lines, remembered per
document; the panes, F7, the counts, the reading position and the notes follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.paths import sample_path
from reader_app.storage.database import Database
from reader_app.ui.main_window import MainWindow
from reader_app.ui.notes import NotesController
from tests.gui.notes.conftest import settle
from tests.gui.test_main_window import open_and_wait


def _switch(qtbot, window: MainWindow, unit: str) -> None:
    with qtbot.waitSignal(window.documentOpened, timeout=60_000):
        window.menu_actions.align_units[unit].trigger()
    assert window.units is not None and window.units.unit == unit


def test_sentences_are_shown_aligned_and_remembered_for_this_document_only(main_window, qtbot,
                                                                           tmp_path: Path) -> None:
    document = open_and_wait(qtbot, main_window, [str(sample_path())])
    actions = main_window.menu_actions.align_units
    assert actions["paragraph"].isChecked() and actions["line"].isEnabled()
    _switch(qtbot, main_window, "sentence")
    view = main_window.view
    assert main_window.document is document  # the document itself: only what the panes show changed
    assert (view.zh_pane.document().blockCount(), view.en_pane.document().blockCount()) == (12, 12)
    assert view.zh_pane.paragraph_text(9) == (
        "雙方承諾就部署減排技術、建立或完善各自MRV體系和標準推動開展雙邊合作和能力建設,以實現在21世紀20年代期間甲烷控排或減排的目標。")
    assert view.en_pane.paragraph_text(11).startswith("Both sides look forward")
    assert main_window.counts_label.text() == "12 Chinese · 12 English sentences · 2 without counterpart"
    assert actions["sentence"].isChecked() and not actions["paragraph"].isChecked()
    # F7 walks the sentences without counterpart.
    assert view.go_to_omission(True) == ("en", 10)
    assert view.go_to_omission(True) == ("en", 11)

    # Another document opens by paragraphs; the sample again by sentences.
    other = tmp_path / "other.txt"
    other.write_text("他来了。他走了。\n\nHe came. He left.\n", encoding="utf-8")
    open_and_wait(qtbot, main_window, [str(other)])
    assert main_window.units.unit == "paragraph"
    assert main_window.counts_label.text() == "1 Chinese · 1 English paragraphs · 0 without counterpart"
    open_and_wait(qtbot, main_window, [str(sample_path())])
    assert main_window.units.unit == "sentence" and view.zh_pane.document().blockCount() == 12
    assert main_window.menu_actions.align_units["sentence"].isChecked()

    _switch(qtbot, main_window, "paragraph")
    assert view.zh_pane.document().blockCount() == 6
    assert main_window.counts_label.text() == "6 Chinese · 8 English paragraphs · 4 without counterpart"


def test_lines_of_a_sentence_a_line_file_and_no_lines_for_html(main_window, qtbot, tmp_path: Path) -> None:
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("我喜欢吃苹果。\n他们明天去北京开会。\n今天下雨了。\n", encoding="utf-8")
    en.write_text("I like eating apples.\nIt is raining today.\n", encoding="utf-8")
    open_and_wait(qtbot, main_window, [str(zh), str(en)])
    assert main_window.view.zh_pane.document().blockCount() == 1  # the loader's paragraph: three lines
    _switch(qtbot, main_window, "line")
    qtbot.waitUntil(lambda: main_window.job is None)
    assert main_window.units.level == "sentence"
    assert main_window.statusBar().currentMessage() == "Lines aligned as sentences"
    assert main_window.view.zh_pane.document().blockCount() == 3
    assert main_window.counts_label.text() == "3 Chinese · 2 English lines · 1 without counterpart"
    assert main_window.view.omissions() == [("zh", 1)]

    page = tmp_path / "page.html"
    page.write_text("<html><body><p>他来了。</p><p>He came.</p></body></html>", encoding="utf-8")
    open_and_wait(qtbot, main_window, [str(page)])
    assert not main_window.menu_actions.align_units["line"].isEnabled()
    main_window.set_unit("line")  # as a stale shortcut would: refused, with the reason
    assert main_window.units.unit == "paragraph"
    assert main_window.statusBar().currentMessage() == (
        "Only plain-text and Markdown files can be aligned by their lines")


def test_reading_position_is_kept_across_units(main_window, qtbot) -> None:
    main_window.resize(900, 300)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.menu_actions  # noqa: B018 - the menu bar built now, so the panes keep their height below
    pane = main_window.view.left
    pane.scroll_to_paragraph(3)
    assert pane.top_paragraph() == (3, 0.0)
    _switch(qtbot, main_window, "sentence")
    assert pane.top_paragraph() == (5, 0.0)  # the first sentence of paragraph 3
    pane.scroll_to_paragraph(6)  # its second sentence, from character 150 of 186
    _switch(qtbot, main_window, "paragraph")
    index, fraction = pane.top_paragraph()
    assert index == 3 and 0.6 < fraction < 0.9  # as far into the paragraph as the sentence starts


@pytest.fixture
def window_notes(main_window, qtbot, tmp_path: Path):
    controller = NotesController(main_window, lambda: Database(tmp_path / "notes"))
    main_window._annotations = controller  # the window's own, so that it makes no second one after its first frame
    open_and_wait(qtbot, main_window, [str(sample_path())])
    settle(qtbot, controller)
    yield controller
    assert controller.close_storage()


def test_notes_stay_on_their_paragraphs_and_follow_the_units(main_window, window_notes, qtbot,
                                                              monkeypatch) -> None:
    notes, view = window_notes, main_window.view
    on_paragraph = notes.add_note("zh", 5, note="whole paragraph")
    settle(qtbot, notes)
    _switch(qtbot, main_window, "sentence")
    settle(qtbot, notes)
    # A paragraph's note is marked on its first sentence.
    assert notes.annotated_paragraphs("zh") == [8]
    assert [a.id for a in notes.notes_shown_on("zh", 8)] == [on_paragraph.id]
    assert ("zh", 8) in view.annotated

    # A note on a sentence notes that sentence of its paragraph (a selection of it, characters 34-100).
    on_sentence = notes.add_note("zh", 9, note="second sentence")
    settle(qtbot, notes)
    anchor = on_sentence.anchor
    assert (anchor.fingerprint, anchor.start) == (main_window.document.zh.paragraphs[5].fingerprint, 34)
    assert anchor.quote == view.zh_pane.paragraph_text(9)
    assert notes.annotated_paragraphs("zh") == [8, 9]
    went: list[tuple[str, int]] = []
    monkeypatch.setattr(view, "go_to_paragraph", lambda language, index: went.append((language, index)))
    assert notes.go_to(on_sentence.id) and notes.go_to(on_paragraph.id)
    assert went == [("zh", 9), ("zh", 8)]
    monkeypatch.undo()

    # Back by paragraphs, both notes are on paragraph 5, none was lost or moved.
    _switch(qtbot, main_window, "paragraph")
    settle(qtbot, notes)
    assert notes.annotated_paragraphs("zh") == [5]
    assert {a.id for a in notes.notes_shown_on("zh", 5)} == {on_paragraph.id, on_sentence.id}
    assert {a.id for a in notes.notes()} == {on_paragraph.id, on_sentence.id}


def test_a_pair_note_made_on_a_sentence_takes_the_linked_paragraphs(main_window, window_notes, qtbot) -> None:
    notes = window_notes
    _switch(qtbot, main_window, "sentence")
    settle(qtbot, notes)
    pair = notes.add_note("zh", 7, "link", note="pair")  # 回顧《巴黎協定》…, linked to "Recalling the Paris…"
    settle(qtbot, notes)
    document = main_window.document
    assert pair.anchor.fingerprint == document.zh.paragraphs[4].fingerprint
    assert pair.partner is not None
    assert pair.partner.fingerprint in {document.en.paragraphs[i].fingerprint for i in (3, 4)}


def test_a_paragraph_note_is_offered_on_every_sentence_of_its_paragraph(main_window, window_notes, qtbot) -> None:
    notes = window_notes
    whole = notes.add_note("zh", 5, note="whole")
    settle(qtbot, notes)
    _switch(qtbot, main_window, "sentence")
    settle(qtbot, notes)
    on_second = notes.add_note("zh", 9, note="second sentence")  # characters 34-100 of paragraph 5
    settle(qtbot, notes)
    assert [a.id for a in notes.notes_shown_on("zh", 8)] == [whole.id]
    assert {a.id for a in notes.notes_shown_on("zh", 9)} == {whole.id, on_second.id}
    assert [a.id for a in notes.notes_shown_on("zh", 11)] == [whole.id]
    assert notes.notes_shown_on("zh", 7) == []
