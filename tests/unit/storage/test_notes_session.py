"""The notes session without Qt: new notes on paragraphs, pairs and selections, placement, reading order,
delete with undo and redo, orphans, storage errors that leave it as it was, and notes files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.storage.annotations import AnnotationStore
from reader_app.storage.database import Database, StorageError
from reader_app.storage.notes_export import NotesFormatError
from reader_app.storage.notes_session import NotesSession
from tests.conftest import SAMPLE

DOC = load_document(SAMPLE)
# The sample's links (6 Chinese, 8 English paragraphs): zh 4 <-> en 4 and 5, and two English paragraphs alone.
ALIGNMENT = Alignment((Link((0,), (0,)), Link((), (1,)), Link((1,), ()), Link((2,), (2,)), Link((3,), (3,)),
                       Link((4,), (4, 5)), Link((5,), (6,)), Link((), (7,))))


def counterpart(language: str, index: int) -> tuple[str, tuple[int, ...]]:
    other = "en" if language == "zh" else "zh"
    link = ALIGNMENT.links[ALIGNMENT.link_of(language, index)]
    return other, (link.en if language == "zh" else link.zh)


@pytest.fixture
def database(tmp_path: Path):
    database = Database(tmp_path / "notes")
    yield database
    database.close()


@pytest.fixture
def session(database: Database) -> NotesSession:
    session = NotesSession(database)
    assert session.open_document(DOC) is False
    assert session.load() == []
    return session


def add(session: NotesSession, language: str, index: int, target: str = "paragraph", start: int | None = None,
        end: int | None = None, note: str = ""):
    annotation = session.new_note(language, index, target, start, end, counterpart=counterpart, note=note)
    assert annotation is not None and session.save(annotation)
    return annotation


def stored(database: Database) -> dict[str, str]:
    return {a.id: a.note for a in AnnotationStore(database).all()}


def test_new_notes_on_a_paragraph_a_pair_and_a_selection(session: NotesSession, database: Database) -> None:
    paragraph = add(session, "en", 2, note="two")
    pair = add(session, "zh", 4, "link", note="pair")
    selection = add(session, "en", 3, "paragraph", 4, 20, note="words")
    assert paragraph.target.value == "paragraph" and paragraph.partner is None
    assert pair.partner is not None and pair.partner.side == "en"
    assert selection.target.value == "selection" and selection.anchor.quote == DOC.en.paragraphs[3].text[4:20]
    # The pair is placed on both sides: zh 4 and the first English paragraph of its link.
    assert {side: p.index for side, p in session.placed.where[pair.id].items()} == {"zh": 4, "en": 4}
    assert session.placed.paragraphs("en") == [2, 3, 4] and session.placed.paragraphs("zh") == [4]
    assert stored(database) == {paragraph.id: "two", pair.id: "pair", selection.id: "words"}
    # The first palette colour, as the editor's colour list offers it when nothing is chosen.
    assert {a.colour for a in (paragraph, pair, selection)} == {"yellow"}


def test_no_note_past_the_last_paragraph_or_without_a_document(database: Database) -> None:
    session = NotesSession(database)
    assert session.new_note("zh", 0, counterpart=counterpart) is None
    session.open_document(DOC)
    session.load()
    assert session.new_note("zh", len(DOC.zh), counterpart=counterpart) is None
    assert session.new_note("zh", -1, counterpart=counterpart) is None


def test_reading_order_follows_the_links_then_the_proportional_position(session: NotesSession) -> None:
    en_six = add(session, "en", 6, note="en 6")
    zh_two = add(session, "zh", 2, note="zh 2")
    en_one = add(session, "en", 1, note="en 1")
    zh_five = add(session, "zh", 5, note="zh 5")
    # Links: en 1 is link 1, zh 2 link 3, zh 5 and en 6 link 6 (Chinese first within a link).
    assert [a.note for a in session.in_reading_order(ALIGNMENT)] == ["en 1", "zh 2", "zh 5", "en 6"]
    # Without an alignment English paragraph i sits at i * 6/8 among the Chinese ones: 0.75, 2, 4.5, 5.
    assert [a.id for a in session.in_reading_order(None)] == [en_one.id, zh_two.id, en_six.id, zh_five.id]
    assert session.where(en_six.id) == ("en", 6) and session.where("no such id") is None


def test_delete_undo_and_redo(session: NotesSession, database: Database) -> None:
    first = add(session, "zh", 1, note="first")
    second = add(session, "en", 2, note="second")
    assert session.last_deleted() is None and session.undo() is None and session.redo() is None
    assert session.delete(first.id) and session.delete(second.id)
    assert stored(database) == {} and session.placed.annotations == {}
    assert session.undo_stack == [first, second]
    assert session.undo() == second and stored(database) == {second.id: "second"}
    assert session.placed.paragraphs("en") == [2]
    assert session.undo() == first and session.undo() is None
    assert session.redo() == first and stored(database) == {second.id: "second"}
    assert session.undo_stack == [first] and session.redo_stack == [second]
    # A new deletion ends what could be redone.
    assert session.delete(second.id)
    assert session.redo_stack == [] and session.undo_stack == [first, second]
    assert session.delete("no such id") is False


def test_another_document_forgets_the_history_the_same_one_keeps_it(session: NotesSession) -> None:
    note = add(session, "zh", 1)
    session.delete(note.id)
    assert session.open_document(load_document(SAMPLE)) is True  # the same text loaded again
    assert session.undo_stack == [note]
    shorter = replace(DOC, en=replace(DOC.en, paragraphs=DOC.en.paragraphs[:-1]))
    assert session.open_document(shorter) is False and session.undo_stack == []


def test_orphans_are_kept_and_listed_after_the_placed_notes(session: NotesSession, tmp_path: Path) -> None:
    gone = add(session, "en", 4, note="on a paragraph that will go")
    kept = add(session, "en", 5, note="stays")
    text = SAMPLE.read_text(encoding="utf-8")
    removed = DOC.en.paragraphs[4].text
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace(removed[:60], "Something else entirely. " * 3).replace(removed[60:], ""),
                      encoding="utf-8")
    assert session.open_document(load_document(edited)) is False
    assert [a.id for a in session.load()] == [gone.id, kept.id]
    assert session.placed.orphans == [gone] and session.where(gone.id) is None
    assert [a.id for a in session.notes(None)] == [kept.id, gone.id]


def test_a_refused_write_raises_and_changes_nothing(session: NotesSession, database: Database) -> None:
    note = add(session, "zh", 3, note="first")
    database.connection.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError, match="Could not save the note"):
        session.save(note.edited(note="second"))
    with pytest.raises(StorageError, match="Could not delete the note"):
        session.delete(note.id)
    assert session.placed.annotations == {note.id: note} and session.undo_stack == []
    database.connection.execute("PRAGMA query_only = OFF")
    assert stored(database) == {note.id: "first"}


def test_an_unopenable_database_is_a_storage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader_app import paths

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(paths, "_data_dir_override", blocker / "data")
    session = NotesSession()
    with pytest.raises(StorageError, match="Could not open the notes database"):
        session.ensure_store()
    assert session.store is None and session.database is None


def test_the_user_database_opens_on_first_need(session: NotesSession) -> None:
    fresh = NotesSession()
    try:
        assert fresh.ensure_store() == "" and fresh.store is not None
        assert fresh.ensure_store() == ""
    finally:
        assert fresh.database is not None
        fresh.database.close()


def test_colour_names_and_notes_files(session: NotesSession, database: Database, tmp_path: Path) -> None:
    note = add(session, "zh", 4, "link", note="pair note")
    assert session.name_colour("yellow", "Check with the editor")
    assert session.palette[0].meaning == "Check with the editor"
    with pytest.raises(KeyError):
        session.name_colour("no such colour", "x")
    exported = tmp_path / "notes.json"
    assert session.export_file(str(exported), "json", ALIGNMENT) == 1
    assert [a["id"] for a in json.loads(exported.read_text(encoding="utf-8"))["annotations"]] == [note.id]
    csv_file = tmp_path / "notes.csv"
    assert session.export_file(str(csv_file), "csv", ALIGNMENT) == 1
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets look for
    with pytest.raises(OSError):
        session.export_file(str(tmp_path / "missing" / "notes.md"), "md", ALIGNMENT)
    session.delete(note.id)
    result = session.import_file(str(exported))
    assert (result.added, result.updated, result.unchanged) == (1, 0, 0)
    assert session.import_file(str(exported)).added == 0
    assert stored(database) == {note.id: "pair note"}
    session.load()
    assert session.placed.paragraphs("en") == [4]
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(NotesFormatError):
        session.import_file(str(bad))
    assert NotesSession(None).export_file(str(tmp_path / "x.md"), "md", None) is None


def test_the_storage_half_touches_only_the_store_and_the_applying_half_only_the_session(
        session: NotesSession, database: Database) -> None:
    # What the UI runs on its storage thread (store_*, read) and then where the notes are shown (apply_*).
    annotation = session.new_note("zh", 2, counterpart=counterpart, note="two halves")
    session.store_save(annotation)
    assert stored(database) == {annotation.id: "two halves"} and session.placed.annotations == {}
    session.apply_saved(annotation, session.placement(DOC, annotation))
    assert session.placed.where[annotation.id]["zh"].index == 2
    loaded = session.read(DOC, ALIGNMENT)
    assert [a.id for a in loaded.annotations] == [annotation.id] == [a.id for a in loaded.ordered]
    assert loaded.placed.where[annotation.id]["zh"].index == 2 and loaded.versions == session.versions
    removed = session.store_delete(annotation.id)
    assert removed == annotation and stored(database) == {} and annotation.id in session.placed.annotations
    session.apply_deleted(annotation.id, removed)
    assert session.placed.annotations == {} and session.last_deleted() == annotation
    session.store_save(annotation)
    session.apply_undone(annotation)
    assert session.undo_stack == [] and session.redo_stack == [annotation]
    assert session.store_name_colour("green", "Fine")[1].meaning == "Fine" and session.palette[1].meaning != "Fine"
    out = Path(database.folder) / "out.json"
    assert session.write_export(str(out), "json", DOC, session.versions, session.palette, None) == 1
    assert json.loads(out.read_text(encoding="utf-8"))


def test_the_storage_half_refuses_without_a_store() -> None:
    session = NotesSession()
    assert session.store is None
    with pytest.raises(StorageError, match="not open"):
        session.store_save(None)  # type: ignore[arg-type]
    with pytest.raises(StorageError, match="not open"):
        session.store_delete("x")


def test_importing_notes_into_the_open_document(database: Database, tmp_path: Path) -> None:
    """The window imports into the document it shows, as `notes import --into` does: a note of another edition
    (sharing paragraphs: the same document to the store) is shown here as it is; a note of an unrelated
    document becomes a copy here (new id), and the note it came from stays where it was."""
    edition = tmp_path / "edition.txt"
    edition.write_text(SAMPLE.read_text(encoding="utf-8").replace("Berkeley, CA", "Berkeley, California"),
                       encoding="utf-8")
    unrelated = tmp_path / "unrelated.txt"
    unrelated.write_text("完全不同的一段。\n\nA wholly different paragraph.\n", encoding="utf-8")
    exported = {}
    for name, path, language, index in (("edition", edition, "en", 2), ("unrelated", unrelated, "zh", 0)):
        other = NotesSession(database)
        other.open_document(load_document(path))
        other.load()
        exported[name] = (add(other, language, index, note=f"from the {name}"), tmp_path / f"{name}.json")
        assert other.export_file(str(exported[name][1]), "json", None) == 1
    here = NotesSession(database)
    here.open_document(DOC)
    here.load()
    result = here.import_file(str(exported["edition"][1]))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)
    result = here.import_file(str(exported["unrelated"][1]))
    assert (result.added, result.updated, result.unchanged) == (1, 0, 0)
    by_id = {a.id: a for a in AnnotationStore(database).all()}
    original = exported["unrelated"][0]
    (copy,) = [a for a in by_id.values() if a.note == "from the unrelated" and a.id != original.id]
    assert copy.document_id == DOC.content_id
    assert by_id[original.id].document_id == load_document(unrelated).content_id
    assert here.import_file(str(exported["unrelated"][1])).added == 0  # importing twice adds nothing
