"""The window's alignment edits (issue 13): each edit from its action gives the exact links, undo and redo restore
the exact alignments, a refused edit changes nothing, the reading place stays, and the edits are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from reader_app.core.alignment import Alignment
from reader_app.core.editing import LinkStatus
from reader_app.paths import sample_path
from reader_app.ui.editing import AlignmentEditor, dialogs
from reader_app.ui.main_window import MainWindow
from reader_app.ui.notes import NotesController
from reader_app.ui.pane import ParagraphPane
from tests.gui.notes.conftest import settle

TIMEOUT_MS = 60_000
# The sample's alignment as the window makes it (tier 1), as (zh, en) pairs.
SAMPLE_LINKS = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((4,), (3,)), ((), (4,)), ((5,), (5,)),
                ((), (6,)), ((), (7,))]


def pairs(alignment: Alignment | None) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    assert alignment is not None
    return [(link.zh, link.en) for link in alignment.links]


def make_editor(window: MainWindow) -> AlignmentEditor:
    """The window's notes (on the test's data folder) and its alignment editor, made as the window makes them
    after its first frame."""
    window._annotations = NotesController(window)
    window.alignment_editor = editor = AlignmentEditor(window)
    editor.alignmentEdited.connect(window._update_counts)
    return editor


def open_sample(qtbot, window: MainWindow, editor: AlignmentEditor, path: Path | None = None) -> None:
    with qtbot.waitSignal(editor.editsLoaded, timeout=TIMEOUT_MS):
        window.open_paths([str(path or sample_path())])
    qtbot.waitUntil(editor.ready, timeout=TIMEOUT_MS)


def select(pane: ParagraphPane, first: int, last: int | None = None) -> None:
    """A text selection from the start of unit `first` to the end of unit `last`; with `last` None, the cursor
    alone, inside unit `first` (as a click leaves it)."""
    doc = pane.document()
    cursor = QTextCursor(doc)
    start = doc.findBlockByNumber(first)
    if last is None:
        cursor.setPosition(start.position() + 1)
    else:
        end = doc.findBlockByNumber(last)
        cursor.setPosition(start.position())
        cursor.setPosition(end.position() + end.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)


def clear(window: MainWindow) -> None:
    """No selection or cursor in either pane, the reading place as it was (setting a cursor scrolls to it)."""
    left = window.view.left
    value = left.verticalScrollBar().value()
    for pane in (window.view.zh_pane, window.view.en_pane):
        pane.setTextCursor(QTextCursor(pane.document()))
    left.verticalScrollBar().setValue(value)


def trigger(qtbot, editor: AlignmentEditor, name: str) -> None:
    """Trigger an edit's action and wait until its result is shown and saved."""
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS) as saved:
        editor.actions[name].trigger()
    assert saved.args == [True]
    clear(editor.window)


def undo(qtbot, editor: AlignmentEditor, redo: bool = False) -> None:
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        (editor.history.redo_action if redo else editor.history.undo_action).trigger()


@pytest.fixture
def editor(main_window: MainWindow, qtbot):
    editor = make_editor(main_window)
    yield editor
    assert main_window.annotations.close_storage()


def test_each_edit_from_its_action_gives_the_exact_links_and_undo_restores_them(main_window, editor,
                                                                                 qtbot) -> None:
    view = main_window.view
    assert not editor.actions["link_these"].isEnabled()  # nothing shown yet: the edits are greyed
    open_sample(qtbot, main_window, editor)
    assert editor.actions["link_these"].isEnabled()
    original = view.alignment
    assert pairs(original) == SAMPLE_LINKS
    assert set(editor.pinned.statuses) == {LinkStatus.AUTOMATIC}

    # Link These, 1 x 3: the last Chinese paragraph with the last three English ones.
    select(view.zh_pane, 5, 5)
    select(view.en_pane, 5, 7)
    trigger(qtbot, editor, "link_these")
    linked = view.alignment
    assert pairs(linked) == [*SAMPLE_LINKS[:6], ((5,), (5, 6, 7))]
    assert editor.pinned.statuses[-1] == LinkStatus.MANUAL and editor.history.undo_action.isEnabled()
    assert view.link_map.statuses == {6: "manual"}  # drawn as the reader's link
    assert main_window.counts_label.text() == "6 Chinese · 8 English paragraphs · 2 without counterpart"
    assert editor.history.undo_action.text() == "&Undo Link Chinese 6 with English 6–8"

    undo(qtbot, editor)
    assert view.alignment is original and set(editor.pinned.statuses) == {LinkStatus.AUTOMATIC}
    undo(qtbot, editor, redo=True)
    assert view.alignment is linked and editor.pinned.statuses[-1] == LinkStatus.MANUAL
    undo(qtbot, editor)

    # Confirm the link at the cursor, then release it: the links stay, their status changes.
    select(view.zh_pane, 3)
    trigger(qtbot, editor, "confirm")
    assert pairs(view.alignment) == SAMPLE_LINKS and editor.pinned.status(3) == LinkStatus.CONFIRMED
    select(view.zh_pane, 3)
    trigger(qtbot, editor, "release")
    assert pairs(view.alignment) == SAMPLE_LINKS and editor.pinned.status(3) == LinkStatus.AUTOMATIC

    # Merge the first link with the next, then split it back where it was.
    select(view.zh_pane, 0)
    trigger(qtbot, editor, "merge_next")
    assert pairs(view.alignment) == [((0, 1), (0,)), *SAMPLE_LINKS[2:]]
    asked = []

    def ask(_parent, zh, en):
        asked.append((zh, en))
        return 1, 1

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(dialogs, "ask_split_cuts", ask)
    try:
        select(view.zh_pane, 1)
        trigger(qtbot, editor, "split")
    finally:
        monkeypatch.undo()
    assert [[i for i, _ in side] for side in asked[0]] == [[0, 1], [0]]
    assert pairs(view.alignment) == SAMPLE_LINKS
    assert editor.pinned.status(0) == editor.pinned.status(1) == LinkStatus.MANUAL

    # Merge with the previous link: English 4 (one-sided) into the link before it.
    select(view.en_pane, 4)
    trigger(qtbot, editor, "merge_previous")
    assert pairs(view.alignment) == [*SAMPLE_LINKS[:4], ((4,), (3, 4)), *SAMPLE_LINKS[6:]]

    # Unlink it: both sides one-sided.
    select(view.zh_pane, 4)
    trigger(qtbot, editor, "unlink")
    # Each unit its own pinned gap (the English ones first, as the core orders a crossing-free run).
    assert pairs(view.alignment) == [*SAMPLE_LINKS[:4], ((), (3,)), ((), (4,)), ((4,), ()), *SAMPLE_LINKS[6:]]
    assert {editor.pinned.status(k) for k in (4, 5, 6)} == {LinkStatus.MANUAL}

    # Back through every step: the sample's alignment exactly, and nothing pinned.
    while editor.history.undo_action.isEnabled():
        undo(qtbot, editor)
    assert view.alignment is original and editor.pinned.pins == ()


def test_no_counterpart_not_an_omission_and_a_1x4_link(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    select(view.zh_pane, 5)
    trigger(qtbot, editor, "no_counterpart")
    # Chinese 6 one-sided, pinned; English 6 loses its counterpart too (the aligner re-ran around the pin).
    assert pairs(view.alignment) == [*SAMPLE_LINKS[:6], ((), (5,)), ((), (6,)), ((), (7,)), ((5,), ())]
    assert editor.pinned.status(9) == LinkStatus.MANUAL and editor.pinned.status(6) == LinkStatus.AUTOMATIC

    # English 5, highlighted as an omission, is not one: it joins the better neighbour (the link before).
    select(view.en_pane, 4)
    trigger(qtbot, editor, "not_an_omission")
    assert pairs(view.alignment) == [*SAMPLE_LINKS[:4], ((4,), (3, 4)), ((), (5,)), ((), (6,)), ((), (7,)),
                                     ((5,), ())]
    undo(qtbot, editor)
    undo(qtbot, editor)
    assert pairs(view.alignment) == SAMPLE_LINKS

    # Any widths: one Chinese paragraph with four English ones.
    select(view.zh_pane, 4, 4)
    select(view.en_pane, 3, 6)
    trigger(qtbot, editor, "link_these")
    assert pairs(view.alignment) == [*SAMPLE_LINKS[:4], ((4,), (3, 4, 5, 6)), ((), (7,)), ((5,), ())]
    assert editor.pinned.status(4) == LinkStatus.MANUAL


def test_link_these_by_click_and_cancel(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    select(view.zh_pane, 1)
    editor.actions["link_these"].trigger()  # one side only: waits for the click opposite
    assert main_window.message_bar.text() == (
        "Linking Chinese 2: click its counterpart in the English pane (Esc cancels).")
    assert editor.actions["cancel_linking"].isEnabled()
    editor.actions["cancel_linking"].trigger()
    assert main_window.message_bar.isHidden() and not editor.actions["cancel_linking"].isEnabled()

    select(view.zh_pane, 1)
    editor.actions["link_these"].trigger()
    clear(main_window)
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        view.en_pane.paragraphClicked.emit(4, 0)
    # The links it crosses are re-aligned around it: one-sided where nothing is left to pair them with.
    assert pairs(view.alignment) == [((0,), (0,)), ((), (1,)), ((), (2,)), ((), (3,)), ((1,), (4,)), ((2,), ()),
                                     ((3,), ()), ((4,), ()), ((5,), (5,)), ((), (6,)), ((), (7,))]
    assert main_window.message_bar.isHidden()


def test_a_refused_edit_changes_nothing_and_says_why(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    before = view.alignment
    select(view.zh_pane, 0)
    with qtbot.waitSignal(editor.editRefused, timeout=TIMEOUT_MS) as refused:
        editor.actions["merge_previous"].trigger()
    reason = refused.args[0]
    assert reason == "link 0 has no previous link to merge with"
    assert view.alignment is before and editor.pinned.pins == ()
    assert main_window.message_bar.kind == "error"
    assert main_window.message_bar.text() == f"The alignment was not changed: {reason}"
    assert not editor.history.undo_action.isEnabled()
    select(view.zh_pane, 0)
    trigger(qtbot, editor, "merge_next")  # the next edit made takes the message down
    assert main_window.message_bar.isHidden()


def test_the_top_unit_stays_put_after_an_edit(main_window, editor, qtbot) -> None:
    main_window.resize(900, 300)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_sample(qtbot, main_window, editor)
    main_window.menu_actions  # noqa: B018 - the menu bar built now, so the panes keep their height below
    view = main_window.view
    select(view.zh_pane, 5, 5)
    select(view.en_pane, 5, 7)  # (selecting scrolls the panes to the selection: then the place)
    view.left.scroll_to_paragraph(3, 0.25)
    tops = [view.left.top_paragraph(), view.right.top_paragraph()]
    assert tops[0] == (3, 0.25) and tops[1][0] >= 0
    trigger(qtbot, editor, "link_these")
    # Both panes stay where they are (the other pane is not re-synced under the reader's eyes).
    assert [view.left.top_paragraph(), view.right.top_paragraph()] == tops
    assert view.linker.current_link == view.alignment.link_of("zh", 3)
    undo(qtbot, editor)
    assert [view.left.top_paragraph(), view.right.top_paragraph()] == tops


def test_an_edit_survives_closing_and_reopening_the_window(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    select(view.zh_pane, 0)
    trigger(qtbot, editor, "merge_next")
    select(view.zh_pane, 3)
    trigger(qtbot, editor, "confirm")
    select(view.zh_pane, 4)
    trigger(qtbot, editor, "unlink")
    undo(qtbot, editor)  # the stored pins follow the undo: the unlink is not kept
    edited = pairs(view.alignment)
    assert main_window.annotations.close_storage()
    main_window.close()

    again = MainWindow(refine=False)
    qtbot.addWidget(again)
    editor2 = make_editor(again)
    try:
        open_sample(qtbot, again, editor2)
        assert pairs(again.view.alignment) == edited
        assert editor2.pinned.status(0) == LinkStatus.MANUAL and editor2.pinned.status(2) == LinkStatus.CONFIRMED
        assert [p.status for p in editor2.pinned.pins] == [LinkStatus.MANUAL, LinkStatus.CONFIRMED]
        assert not editor2.history.undo_action.isEnabled()  # undo belongs to the window it was made in
    finally:
        assert again.annotations.close_storage()
        if again.job is not None:
            again.job.cancel()
            again.job.wait(30)


def test_a_changed_paragraph_leaves_its_edit_listed_not_applied(main_window, editor, qtbot, tmp_path) -> None:
    copy = tmp_path / "sample.txt"
    copy.write_text(sample_path().read_text(encoding="utf-8"), encoding="utf-8")
    open_sample(qtbot, main_window, editor, copy)
    view = main_window.view
    select(view.zh_pane, 5, 5)
    select(view.en_pane, 5, 7)
    trigger(qtbot, editor, "link_these")
    text = view.en_pane.paragraph_text(6)
    copy.write_text(copy.read_text(encoding="utf-8").replace(text, text + " (revised)"), encoding="utf-8")
    open_sample(qtbot, main_window, editor, copy)
    assert pairs(view.alignment)[-1] != ((5,), (5, 6, 7))
    assert len(editor.orphans) == 1
    assert main_window.message_bar.text() == (
        "1 of your alignment edits no longer match the text and are not applied.")
    editor.show_orphans()
    dialog = editor._orphans_dialog
    assert dialog is not None and dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith("Chinese 6 · English 6–8 (linked by hand, by paragraph")
    dialog.discard_button.click()
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=TIMEOUT_MS)
    assert editor.orphans == ()
    dialog.close()


def test_one_undo_for_note_deletions_and_alignment_edits(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    notes = main_window.annotations
    settle(qtbot, notes)
    note = notes.add_note("zh", 2, note="kept")
    settle(qtbot, notes)
    assert notes.delete_note(note.id)
    settle(qtbot, notes)
    assert editor.history.undo_action.text() == "&Undo Delete Note"
    assert not notes.undo_action.isVisible() and notes.undo_action.shortcuts() == []
    select(view.zh_pane, 3)
    trigger(qtbot, editor, "confirm")

    undo(qtbot, editor)  # the last thing done first: the confirmation
    assert editor.pinned.pins == () and note.id not in notes.placed.annotations
    editor.history.undo_action.trigger()  # then the deletion
    settle(qtbot, notes)
    assert note.id in notes.placed.annotations
    editor.history.redo_action.trigger()
    settle(qtbot, notes)
    assert note.id not in notes.placed.annotations
    assert editor.history.redo_action.text() == "&Redo Confirm Link"


def test_the_refined_alignment_gets_the_edits_again(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    select(view.zh_pane, 0)
    trigger(qtbot, editor, "merge_next")
    refined = Alignment(editor.base.links, tier=2)
    with qtbot.waitSignal(editor.alignmentEdited, timeout=TIMEOUT_MS):
        main_window._on_opening_refined(refined)
    assert view.alignment.tier == 2 and editor.base is refined
    assert pairs(view.alignment) == [((0, 1), (0,)), *SAMPLE_LINKS[2:]]
    assert editor.pinned.status(0) == LinkStatus.MANUAL


def test_context_menu_and_uncertain_links(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    pane = view.zh_pane
    pos = pane.cursorRect(QTextCursor(pane.document().findBlockByNumber(3))).center()
    menu = editor.context_menus.menu(pane, pos)
    titles = [a.text() for a in menu.actions() if a.text()]
    assert {"Link This with…", "No Counterpart", "Merge with Previous Link", "Merge with Next Link", "Unlink",
            "Confirm Link"} <= set(titles)
    assert "Add Note to This Paragraph" in titles  # the notes' entries stay
    confirm = next(a for a in menu.actions() if a.text() == "Confirm Link")
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        confirm.trigger()
    assert editor.pinned.status(3) == LinkStatus.CONFIRMED
    menu.deleteLater()



def test_go_to_the_next_uncertain_link(main_window, editor, qtbot) -> None:
    from reader_app.core.documents import load_document
    from tests.gui.sample_panes import SAMPLE_ALIGNMENT

    view = main_window.view
    with qtbot.waitSignal(editor.editsLoaded, timeout=TIMEOUT_MS):
        main_window.show_document(load_document(sample_path()), SAMPLE_ALIGNMENT)  # link 3 at confidence 0.3
    qtbot.waitUntil(editor.ready, timeout=TIMEOUT_MS)
    view.linker.current_link = 0
    assert editor.go_to_uncertain(by_confidence=False) == 3
    assert view.linker.current_link == 3
    assert main_window.statusBar().currentMessage() == "Uncertain link (confidence 30%)"
    assert editor.go_to_uncertain(by_confidence=True) in (3, None)


def test_edits_wait_while_a_document_loads_and_a_drag_links(main_window, editor, qtbot) -> None:
    from reader_app.core.documents import load_document

    view = main_window.view
    open_sample(qtbot, main_window, editor)
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        view.linkDragged.emit(5, 7)  # from Chinese 6 to English 8 across the link map
    # One unit with one unit: English 6 and 7, between the two, are left without counterpart.
    assert pairs(view.alignment) == [*SAMPLE_LINKS[:6], ((), (5,)), ((), (6,)), ((5,), (7,))]
    assert editor.pinned.status(8) == LinkStatus.MANUAL
    assert editor.history.undo_action.isEnabled()

    main_window.show_document(load_document(sample_path()), None)  # its text shown, its alignment to come
    assert not editor.ready()
    assert not any(editor.actions[name].isEnabled() for name in ("link_these", "confirm", "split", "next_uncertain"))
    assert not editor.history.undo_action.isEnabled()  # an alignment step waits for an alignment to land on
    assert not editor.link_these((0,), (0,))
    assert view.alignment is None


def test_the_refined_alignment_arriving_during_an_edit_keeps_the_edit(main_window, editor, qtbot) -> None:
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    refined = Alignment(editor.base.links, tier=2)
    select(view.zh_pane, 0)
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        editor.actions["merge_next"].trigger()
        # Before the edit's result is delivered (it is queued to this thread): tier 2 replaces tier 1 under it.
        main_window._on_opening_refined(refined)
    assert view.alignment.tier == 2 and editor.base is refined
    assert pairs(view.alignment) == [((0, 1), (0,)), *SAMPLE_LINKS[2:]]
    assert editor.pinned.status(0) == LinkStatus.MANUAL
    undo(qtbot, editor)  # the alignment before the edit, on the refined links now shown
    assert view.alignment.tier == 2 and pairs(view.alignment) == SAMPLE_LINKS and editor.pinned.pins == ()


def test_the_keys_reach_the_edits(main_window, editor, qtbot) -> None:
    from PySide6.QtCore import Qt

    main_window.show()
    main_window.activateWindow()
    qtbot.waitExposed(main_window)
    view = main_window.view
    open_sample(qtbot, main_window, editor)
    view.zh_pane.setFocus()
    select(view.zh_pane, 3)
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.zh_pane, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Confirm Link
    assert editor.pinned.status(3) == LinkStatus.CONFIRMED
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.zh_pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo
    assert editor.pinned.pins == ()
    with qtbot.waitSignal(editor.editSaved, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.zh_pane, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # Redo
    assert editor.pinned.status(3) == LinkStatus.CONFIRMED
