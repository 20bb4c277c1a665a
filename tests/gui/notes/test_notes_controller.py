"""Notes in the window: add from the menu and shortcut, markers, the panel's order and filters, edit, delete
and undo, orphans, and storage errors that keep the note."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QColor, QKeySequence, QTextCursor

from reader_app.core.documents import load_document
from reader_app.storage.annotations import AnnotationStore
from reader_app.storage.database import Database, StorageError
from reader_app.ui.notes import NotesController
from tests.conftest import SAMPLE
from tests.gui.notes.conftest import STORAGE_TIMEOUT_MS, settle
from tests.gui.sample_panes import SAMPLE_ALIGNMENT


def stored(controller: NotesController) -> dict[str, str]:
    """The notes on disk, read through a connection of its own (not the storage thread's)."""
    connection = sqlite3.connect(controller.database.path)
    try:
        return dict(connection.execute("SELECT id, note FROM annotations").fetchall())
    finally:
        connection.close()


def on_storage(controller: NotesController, work) -> None:
    """Run `work(database)` on the storage thread, where the database belongs, and wait for it."""
    controller.storage.submit(lambda: work(controller.database))
    assert controller.storage.wait(STORAGE_TIMEOUT_MS / 1000)


def test_add_note_to_a_pair_marks_both_panes_and_the_ruler(notes, main_window, qtbot) -> None:
    annotation = notes.add_note("zh", 4, "link", note="a pair")
    assert annotation is not None and annotation.partner is not None
    settle(qtbot, notes)
    assert stored(notes) == {annotation.id: "a pair"}
    # The link (4) <-> (3): both sides carry the marker, the ruler's ticks list them.
    assert notes.annotated_paragraphs("zh") == [4] and notes.annotated_paragraphs("en") == [3]
    assert sorted(main_window.view.annotated) == [("en", 3), ("zh", 4)]
    yellow = QColor("#f6d55c")
    assert notes.markers["zh"].colours == {4: yellow} and notes.markers["en"].colours == {3: yellow}
    main_window.show()
    main_window.view.go_to_paragraph("zh", 4)
    rect = notes.markers["zh"].marker_rect(4)
    assert rect.width() == 4 and rect.height() > 10
    image = main_window.view.zh_pane.viewport().grab().toImage()
    y = min(max(rect.center().y(), 0), image.height() - 1)
    assert image.pixelColor(1, y).name() == "#f6d55c"
    unmarked = notes.markers["zh"].marker_rect(3)  # paragraph 3 has no note; it sits above 4, in view
    assert 0 <= unmarked.center().y() < image.height()
    assert image.pixelColor(1, unmarked.center().y()).name() != "#f6d55c"


def test_panel_lists_notes_in_reading_order_and_filters(notes, qtbot) -> None:
    later = notes.add_note("en", 5, note="English five")
    earlier = notes.add_note("zh", 2, note="Chinese two")
    tagged = notes.update_note(later.id, tags="methane, COP", colour="red")
    settle(qtbot, notes)
    assert notes.visible_ids() == [earlier.id, later.id]
    notes.panel.text_filter.setText("chinese")
    assert notes.visible_ids() == [earlier.id]
    notes.panel.text_filter.clear()
    notes.panel.tag_filter.setCurrentIndex(notes.panel.tag_filter.findData("methane"))
    assert notes.visible_ids() == [tagged.id]
    notes.panel.tag_filter.setCurrentIndex(0)
    notes.panel.colour_filter.setCurrentIndex(notes.panel.colour_filter.findData("yellow"))
    assert notes.visible_ids() == [earlier.id]


def test_typing_in_the_editor_saves_without_a_button(notes, qtbot) -> None:
    annotation = notes.add_note("zh", 1)
    assert notes.current_id == annotation.id
    notes.panel.editor.setPlainText("Typed note\nline two")
    assert notes.has_unsaved_edit()
    qtbot.waitUntil(lambda: not notes.has_unsaved_edit(), timeout=STORAGE_TIMEOUT_MS)
    assert stored(notes)[annotation.id] == "Typed note\nline two"


def test_delete_and_undo_with_ctrl_z(notes, main_window, qtbot) -> None:
    annotation = notes.add_note("en", 2, note="keep me")
    assert notes.delete_note(annotation.id)
    settle(qtbot, notes)
    assert stored(notes) == {} and notes.annotated_paragraphs("en") == []
    # Offscreen windows do not become active, so the shortcut is checked and its action triggered.
    assert notes.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert notes.undo_action in main_window.view.actions() and notes.undo_action.isEnabled()
    notes.undo_action.trigger()
    settle(qtbot, notes)
    assert stored(notes) == {annotation.id: "keep me"}
    assert notes.annotated_paragraphs("en") == [2]
    assert notes.visible_ids() == [annotation.id]


def test_shortcut_adds_a_note_on_the_selection(notes, main_window, qtbot) -> None:
    main_window.show()
    pane = main_window.view.en_pane
    block = pane.document().findBlockByNumber(3)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 4)
    cursor.setPosition(block.position() + 20, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    assert notes.add_action.shortcut() == QKeySequence("Ctrl+M")
    assert notes.add_action in main_window.view.actions()
    notes.add_action.trigger()
    settle(qtbot, notes)
    assert len(stored(notes)) == 1
    annotation = next(iter(notes.placed.annotations.values()))
    assert annotation.target.value == "selection"
    assert annotation.anchor.quote == pane.paragraphs[3].text[4:20]
    assert notes.placed.where[annotation.id]["en"].index == 3


def test_context_menu_offers_the_note_actions(notes, main_window, qtbot) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    notes.add_note("zh", 0, note="title note")
    settle(qtbot, notes)
    pane = main_window.view.zh_pane
    rect = pane.document().documentLayout().blockBoundingRect(pane.document().findBlockByNumber(0))
    menu = notes.context_menu(pane, QPoint(20, int(rect.center().y()) - pane.scroll_value()))
    texts = [a.text() for a in menu.actions() if a.text()]
    assert "Add Note to This Paragraph" in texts and "Add Note to This Pair" in texts
    assert "Edit Note “title note”" in texts and "Delete Note “title note”" in texts
    next(a for a in menu.actions() if a.text() == "Add Note to This Paragraph").trigger()
    settle(qtbot, notes)
    assert notes.annotated_paragraphs("zh") == [0] and len(stored(notes)) == 2
    menu.deleteLater()


def test_orphans_are_listed_and_never_dropped(notes, main_window, tmp_path: Path, qtbot) -> None:
    annotation = notes.add_note("en", 4, note="on a paragraph that will go")
    kept = notes.add_note("en", 5, note="stays")
    text = SAMPLE.read_text(encoding="utf-8")
    removed = main_window.view.en_pane.paragraphs[4].text
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace(removed[:60], "Something else entirely. " * 3).replace(removed[60:], ""),
                      encoding="utf-8")
    # Same paragraph counts as the sample, so its alignment fits (links never decide where notes go).
    main_window.show_document(load_document(edited), SAMPLE_ALIGNMENT)
    settle(qtbot, notes)
    assert [a.id for a in notes.placed.orphans] == [annotation.id]
    assert notes.visible_ids() == [kept.id, annotation.id]
    assert notes.go_to(annotation.id) is False and notes.go_to(kept.id) is True
    assert set(stored(notes)) == {annotation.id, kept.id}


def test_storage_error_is_shown_and_the_note_kept_in_the_editor(notes, main_window, qtbot) -> None:
    annotation = notes.add_note("zh", 3, note="first")
    # The database refuses writes as a read-only folder would.
    on_storage(notes, lambda database: database.connection.execute("PRAGMA query_only = ON"))
    notes.panel.editor.setPlainText("important words")
    qtbot.waitUntil(lambda: notes.panel.retry_button.isVisibleTo(notes.panel), timeout=STORAGE_TIMEOUT_MS)
    assert "Could not save the note" in notes.panel.notice.text()
    assert "Could not save the note" in main_window.message_bar.text()
    assert notes.panel.editor.toPlainText() == "important words" and notes.has_unsaved_edit()
    assert stored(notes) == {annotation.id: "first"}
    on_storage(notes, lambda database: database.connection.execute("PRAGMA query_only = OFF"))
    notes.panel.retry_button.click()
    assert notes.has_unsaved_edit()  # until the storage thread says it is on disk
    settle(qtbot, notes)
    assert stored(notes) == {annotation.id: "important words"} and not notes.has_unsaved_edit()
    assert notes.panel.notice.isHidden()


def test_unopenable_database_is_reported_not_raised(main_window, tmp_path: Path, monkeypatch, qtbot) -> None:
    from reader_app import paths

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(paths, "_data_dir_override", blocker / "data")
    # The message the database gives when it cannot be opened, as the window showed it before the thread.
    with pytest.raises(StorageError) as opening:
        Database()
    controller = NotesController(main_window)
    main_window.show_document(load_document(SAMPLE), SAMPLE_ALIGNMENT)
    settle(qtbot, controller)
    assert controller.panel.notice.text() == str(opening.value)
    assert str(opening.value).startswith("Could not open the notes database")
    assert main_window.message_bar.text() == str(opening.value)
    assert controller.add_note("zh", 0) is None
    settle(qtbot, controller)  # it tried again, and says so again
    assert controller.panel.notice.text() == str(opening.value) and controller.notes() == []
    controller.storage.stop()


def test_export_import_and_colour_names_from_the_panel(notes, main_window, tmp_path: Path, qtbot) -> None:
    first = notes.add_note("zh", 4, "link", note="pair note")
    assert notes.name_colour("yellow", "Check with the editor")
    settle(qtbot, notes)
    assert notes.panel.colour.itemText(notes.panel.colour.findData("yellow")) == "Check with the editor"
    markdown = tmp_path / "notes.md"
    with qtbot.waitSignal(notes.files.notesExported, timeout=STORAGE_TIMEOUT_MS) as exported_md:
        assert notes.export_notes(str(markdown), "md")
    assert exported_md.args == [str(markdown), 1]
    assert main_window.statusBar().currentMessage() == f"Exported 1 note to {markdown}"
    text = markdown.read_text(encoding="utf-8")
    assert "*Check with the editor*" in text
    assert "> " + main_window.view.zh_pane.paragraphs[4].text in text
    assert "> " + main_window.view.en_pane.paragraphs[3].text in text
    exported = tmp_path / "notes.json"
    assert notes.export_notes(str(exported), "json")
    notes.delete_note(first.id)
    with qtbot.waitSignal(notes.files.notesImported, timeout=STORAGE_TIMEOUT_MS) as imported:
        assert notes.import_notes(str(exported))
    result = imported.args[0]
    assert (result.added, result.updated, result.unchanged) == (1, 0, 0)
    with qtbot.waitSignal(notes.files.notesImported, timeout=STORAGE_TIMEOUT_MS) as imported:
        assert notes.import_notes(str(exported))
    assert imported.args[0].added == 0
    settle(qtbot, notes)
    assert notes.visible_ids() == [first.id] and notes.annotated_paragraphs("en") == [3]
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert notes.import_notes(str(bad))
    settle(qtbot, notes)
    assert "not a Bilingual Reader notes file" in notes.panel.notice.text()


def test_recovery_notice_is_shown_in_the_window(main_window, tmp_path: Path, qtbot) -> None:
    folder = tmp_path / "notes"
    with Database(folder, backup_interval=1e9) as db:
        db.backup()
    (folder / "annotations.sqlite3").write_bytes(b"garbage" * 1000)
    database = Database(folder)
    try:
        controller = NotesController(main_window, database)
        main_window.show_document(load_document(SAMPLE), SAMPLE_ALIGNMENT)
        settle(qtbot, controller)
        controller.storage.stop()
        assert "Restored the notes from the backup of" in main_window.message_bar.text()
    finally:
        database.close()


# -- the storage thread's guarantees ----------------------------------------------------------------------


def test_a_note_reported_saved_is_on_disk_for_another_connection(notes, qtbot) -> None:
    with qtbot.waitSignal(notes.editor.editCommitted, timeout=STORAGE_TIMEOUT_MS) as committed:
        annotation = notes.add_note("zh", 2, note="added")
    # Reported saved: on disk already, no further event needed.
    assert committed.args == [annotation.id] and not notes.has_unsaved_edit()
    assert stored(notes) == {annotation.id: "added"}
    with qtbot.waitSignal(notes.editor.editCommitted, timeout=STORAGE_TIMEOUT_MS):
        notes.panel.editor.setPlainText("edited")
    assert stored(notes) == {annotation.id: "edited"}
    assert notes.storage._thread is not threading.current_thread()


def test_commit_pending_persists_a_queued_edit_before_it_returns(notes, qtbot) -> None:
    annotation = notes.add_note("en", 1, note="one")
    notes.panel.editor.setPlainText("typed, its autosave not due yet")
    assert notes.has_unsaved_edit()
    assert notes.commit_pending() is True
    assert stored(notes) == {annotation.id: "typed, its autosave not due yet"}
    assert not notes.has_unsaved_edit() and not notes.storage.busy()


def test_an_edit_stays_unsaved_while_its_save_is_under_way(notes, qtbot) -> None:
    annotation = notes.add_note("zh", 1, note="start")
    settle(qtbot, notes)
    release = threading.Event()
    notes.storage.submit(lambda: release.wait(STORAGE_TIMEOUT_MS / 1000))  # the storage thread is busy
    notes.panel.editor.setPlainText("written while the disk was slow")
    notes.editor.commit()  # queued behind the busy work
    for _ in range(5):
        QCoreApplication.processEvents()
    assert notes.has_unsaved_edit() and notes.placed.annotations[annotation.id].note == "start"
    assert notes.panel.editor.toPlainText() == "written while the disk was slow"
    notes.panel.editor.setPlainText("and more")  # a newer edit is not lost when the older one lands
    release.set()
    qtbot.waitUntil(lambda: not notes.has_unsaved_edit(), timeout=STORAGE_TIMEOUT_MS)
    assert stored(notes) == {annotation.id: "and more"}
    assert notes.panel.editor.toPlainText() == "and more"


def test_closing_the_window_waits_for_the_queued_saves(notes, main_window, qtbot) -> None:
    annotation = notes.add_note("en", 3, note="last words")
    main_window.close()
    assert stored(notes) == {annotation.id: "last words"} and not notes.has_unsaved_edit()


def test_a_failed_delete_says_why_and_keeps_the_note(notes, qtbot) -> None:
    annotation = notes.add_note("en", 2, note="stays")
    settle(qtbot, notes)
    on_storage(notes, lambda database: database.connection.execute("PRAGMA query_only = ON"))
    try:
        refusal: list[str] = []

        def delete_directly(database: Database) -> None:  # the refusal as the window showed it before
            try:
                AnnotationStore(database).delete(annotation.id)
            except StorageError as exc:
                refusal.append(str(exc))

        on_storage(notes, delete_directly)
        [expected] = refusal
        assert expected.startswith("Could not delete the note")
        assert notes.delete_note(annotation.id)
        settle(qtbot, notes)
        assert notes.panel.notice.text() == expected
        assert stored(notes) == {annotation.id: "stays"} and notes.visible_ids() == [annotation.id]
    finally:
        on_storage(notes, lambda database: database.connection.execute("PRAGMA query_only = OFF"))


def test_export_message_counts_in_the_plural(notes, main_window, tmp_path: Path, qtbot) -> None:
    for index in (1, 2):
        notes.add_note("zh", index, note=f"note {index}")
    path = tmp_path / "two.csv"
    with qtbot.waitSignal(notes.files.notesExported, timeout=STORAGE_TIMEOUT_MS):
        notes.export_notes(str(path), "csv")
    assert main_window.statusBar().currentMessage() == f"Exported 2 notes to {path}"


def test_the_database_is_opened_used_and_closed_on_the_storage_thread(main_window, tmp_path: Path, qtbot) -> None:
    threads: list[threading.Thread] = []

    def open_database() -> Database:
        threads.append(threading.current_thread())
        return Database(tmp_path / "own")

    controller = NotesController(main_window, open_database)
    main_window.show_document(load_document(SAMPLE), SAMPLE_ALIGNMENT)
    settle(qtbot, controller)
    assert threads == [controller.storage._thread] and threads[0] is not threading.current_thread()
    annotation = controller.add_note("zh", 0, note="owned")
    assert controller.close_storage()
    assert stored(controller) == {annotation.id: "owned"}
    assert controller.database._conn is None  # closed there, with the thread
