"""The reader's alignment edits as stored: by unit ids, across re-encoding and edits of the text, orphans listed,
crash-safe like notes, and carried by the notes' JSON export and import."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader_app.cli import main as cli_main
from reader_app.core.documents import load_document
from reader_app.core.editing import LinkStatus, Pin, check_pins
from reader_app.core.model import Document, Language, Paragraph, Side, assign_ids
from reader_app.core.units import unit_view
from reader_app.storage.alignment_edits import (
    EDIT_COLUMNS,
    StoredEdit,
    content_key,
    edit_from_json,
    edit_to_json,
    from_row,
    read_rows,
    resolve,
    to_row,
    to_stored,
)
from reader_app.storage.database import DB_NAME, Database
from reader_app.storage.notes_session import NotesSession
from reader_app.storage.schema import SCHEMA_VERSION
from tests.conftest import ROOT

ZH = ["第一段讲天气。", "第二段很长，\n换了行。", "第三段说河流。", "第四段谈山。", "第五段结束。", "第六段附录。"]
EN = ["The first is the weather.", "The second is long,\nand wrapped.", "The third tells of rivers.",
      "The fourth speaks of hills.", "The fifth ends it.", "The sixth is an appendix."]
# In reading order (as check_pins has it), with a pin one-sided on each side.
PINS = (Pin((0,), (0,)), Pin((1, 2), (1,), LinkStatus.CONFIRMED), Pin((3,), ()), Pin((4,), (2, 3)), Pin((), (4,)),
        Pin((5,), (5,)))


def write_pair(folder: Path, zh: list[str], en: list[str], zh_encoding: str = "utf-8") -> Document:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.zh.txt").write_bytes("\n\n".join(zh).encode(zh_encoding) + b"\n")
    (folder / "book.en.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    return load_document(folder / "book.zh.txt", folder / "book.en.txt")


def open_session(folder: Path, document: Document) -> NotesSession:
    session = NotesSession(Database(folder))
    session.open_document(document)
    session.load()
    return session


def db(session: NotesSession) -> Database:
    assert session.database is not None
    return session.database


def saved(session: NotesSession, document: Document, pins: tuple[Pin, ...] = PINS) -> None:
    assert session.save_alignment_edits(document, "paragraph", pins) is True


@pytest.fixture
def book(tmp_path: Path) -> Document:
    return write_pair(tmp_path / "book", ZH, EN)


# The same six paragraphs a side as `book`, made once for the property test (hypothesis runs it many times).
def _side(language: Language, texts: list[str]) -> Side:
    return Side(language, tuple(Paragraph(id_, text, text, language)
                                for id_, text in zip(assign_ids(texts), texts, strict=True)))


BOOK = Document(_side(Language.ZH, ZH), _side(Language.EN, EN))


def test_saved_pins_come_back_from_a_reopened_database(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    db(session).close()
    again = open_session(tmp_path / "notes", book)
    resolved = again.load_alignment_edits(book, "paragraph")
    assert resolved.pins == PINS == check_pins(resolved.pins, len(book.zh), len(book.en))
    assert resolved.orphans == () == again.orphaned_alignment_edits()
    stored = read_rows(db(again))
    assert {(e.document_id, e.unit, e.status) for e in stored} == {(book.content_id, "paragraph", "manual"),
                                                                   (book.content_id, "paragraph", "confirmed")}
    zh, en = book.zh.paragraphs, book.en.paragraphs
    assert sorted((e.zh_position, e.en_position, e.zh, e.en) for e in stored) == [
        (-1, 4, (), (en[4].id,)), (0, 0, (zh[0].id,), (en[0].id,)), (1, 1, (zh[1].id, zh[2].id), (en[1].id,)),
        (3, -1, (zh[3].id,), ()), (4, 2, (zh[4].id,), (en[2].id, en[3].id)), (5, 5, (zh[5].id,), (en[5].id,))]
    db(again).close()


def test_saving_again_keeps_ids_and_times_and_a_status_change_only_touches_modified(tmp_path: Path,
                                                                                   book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    first = {e.zh_position: e for e in read_rows(db(session))}
    saved(session, book)
    assert {e.zh_position: e for e in read_rows(db(session))} == first
    confirmed = (replace(PINS[0], status=LinkStatus.CONFIRMED), *PINS[1:3])  # the last pin unlinked
    saved(session, book, confirmed)
    after = {e.zh_position: e for e in read_rows(db(session))}
    assert sorted(after) == [0, 1, 3]
    assert (after[0].id, after[0].created, after[0].status) == (first[0].id, first[0].created, "confirmed")
    assert after[0].modified > first[0].modified
    assert after[1] == first[1] and after[3] == first[3]
    assert session.load_alignment_edits(book, "paragraph").pins == confirmed


def test_edits_survive_re_encoding_and_re_wrapping_the_file(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    gb18030 = write_pair(tmp_path / "gb", ZH, EN, "gb18030")
    assert gb18030.zh.encoding.lower() == "gb18030"
    rewrapped = write_pair(tmp_path / "wrapped", [p.replace("\n", "") for p in ZH],
                           [p.replace(" ", "\n", 2) for p in EN])
    assert [p.text for p in rewrapped.en.paragraphs] != [p.text for p in book.en.paragraphs]
    for other in (gb18030, rewrapped):
        session.open_document(other)
        resolved = session.load_alignment_edits(other, "paragraph")
        assert (resolved.pins, resolved.orphans) == (PINS, ())


def test_a_changed_paragraph_orphans_its_edit_and_the_others_still_apply(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    changed = write_pair(tmp_path / "v2", ZH[:3] + ["第四段改写了。"] + ZH[4:], EN)
    session = open_session(tmp_path / "notes", changed)  # a new version of the same book: its family's edits
    resolved = session.load_alignment_edits(changed, "paragraph")
    assert resolved.pins == (PINS[0], PINS[1], *PINS[3:])
    assert [(e.zh, e.en, e.zh_position) for e in resolved.orphans] == [((book.zh.paragraphs[3].id,), (), 3)]
    assert session.orphaned_alignment_edits() == resolved.orphans
    # Saving the pins the window applied keeps the orphan stored; only discarding it deletes it.
    assert session.save_alignment_edits(changed, "paragraph", resolved.pins)
    assert session.load_alignment_edits(changed, "paragraph").orphans == resolved.orphans
    orphan = resolved.orphans[0].id
    assert session.discard_orphaned_alignment_edit("no-such-edit") is False
    assert session.discard_orphaned_alignment_edit(orphan) is True
    assert session.orphaned_alignment_edits() == ()
    assert orphan not in {e.id for e in read_rows(db(session))}
    # The original text still resolves all it can: the three edits now saved on the new version apply to it.
    session.open_document(book)
    assert session.load_alignment_edits(book, "paragraph").pins == (PINS[0], PINS[1], *PINS[3:])


def test_units_no_longer_consecutive_orphan_the_edit(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    inserted = write_pair(tmp_path / "v2", ZH[:2] + ["插入的一段。"] + ZH[2:], EN)
    resolved = session.load_alignment_edits(inserted, "paragraph")
    assert [(e.zh_position, e.en_position) for e in resolved.orphans] == [(1, 1)]  # zh 1-2 are apart now
    assert resolved.pins == (Pin((0,), (0,)), Pin((4,), ()), Pin((5,), (2, 3)), Pin((), (4,)), Pin((6,), (5,)))


def test_an_edit_that_would_overlap_or_cross_a_newer_one_is_an_orphan(book: Document) -> None:
    older = to_stored([Pin((1,), (1,)), Pin((4,), (4,))], book, book.content_id, "paragraph")
    newer = to_stored([Pin((1, 2), (1, 2)), Pin((3,), (5,))], book, book.content_id, "paragraph")
    older = [replace(e, modified="2026-01-01T00:00:00.000+00:00") for e in older]
    resolved = resolve([*older, *newer], book)
    assert resolved.pins == (Pin((1, 2), (1, 2)), Pin((3,), (5,)))
    # zh 1 is in a newer pin; zh 4 / en 4 would cross zh 3 / en 5.
    assert [(e.zh_position, e.en_position) for e in resolved.orphans] == [(1, 1), (4, 4)]


def test_a_repeated_paragraph_resolves_to_the_occurrence_nearest_where_the_edit_was_made(tmp_path: Path) -> None:
    zh = ["开头。", "重复的一段。", "中间。", "另一段。", "重复的一段。", "结尾。"]
    en = ["Start.", "The repeated one.", "Middle.", "Another.", "The repeated one.", "End."]
    document = write_pair(tmp_path / "v1", zh, en)
    assert document.zh.paragraphs[4].id.endswith("-1")
    session = open_session(tmp_path / "notes", document)
    assert session.save_alignment_edits(document, "paragraph", [Pin((1,), (1,), LinkStatus.CONFIRMED),
                                                                Pin((4,), (4,))])
    # A third copy at the end: the first two are still the nearest.
    appended = write_pair(tmp_path / "v2", [*zh, "重复的一段。"], [*en, "The repeated one."])
    resolved = session.load_alignment_edits(appended, "paragraph")
    assert (resolved.pins, resolved.orphans) == ((Pin((1,), (1,), LinkStatus.CONFIRMED), Pin((4,), (4,))), ())
    # A copy added at the top: every occurrence number moves on, and so does every place.
    moved = write_pair(tmp_path / "v3", ["重复的一段。", *zh], ["The repeated one.", *en])
    assert content_key(moved.zh.paragraphs[5].id) == content_key(document.zh.paragraphs[4].id)
    assert moved.zh.paragraphs[5].id != document.zh.paragraphs[4].id
    resolved = session.load_alignment_edits(moved, "paragraph")
    # Alone, the edit made at 1 is as near the copies at 0 and 2: the earlier is taken.
    assert resolved.pins == (Pin((0,), (0,), LinkStatus.CONFIRMED), Pin((5,), (5,)))
    # With an edit on a paragraph found at one place only, the others move as far as it did.
    assert session.save_alignment_edits(document, "paragraph", [Pin((1,), (1,), LinkStatus.CONFIRMED),
                                                                Pin((3,), (3,)), Pin((4,), (4,))])
    resolved = session.load_alignment_edits(moved, "paragraph")
    assert (resolved.pins, resolved.orphans) == (
        (Pin((2,), (2,), LinkStatus.CONFIRMED), Pin((4,), (4,)), Pin((5,), (5,))), ())


def test_sentence_edits_are_kept_apart_from_paragraph_edits(tmp_path: Path, book: Document) -> None:
    view = unit_view(book, "sentence")
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    sentence_pins = (Pin((1,), (1,)), Pin((2,), (2,)))
    assert session.save_alignment_edits(view.shown, "sentence", sentence_pins)
    assert session.load_alignment_edits(view.shown, "sentence").pins == sentence_pins
    assert session.load_alignment_edits(book, "paragraph").pins == PINS
    stored = read_rows(db(session), unit="sentence")
    assert {e.document_id for e in stored} == {book.content_id}  # the document's own id, whatever the unit
    assert sorted(e.zh for e in stored) == [(view.shown.zh.paragraphs[1].id,), (view.shown.zh.paragraphs[2].id,)]
    # The storage thread may run after the window opened another document: the one given keys the edits.
    session.open_document(write_pair(tmp_path / "other", ["别的书。"], ["Another book."]))
    assert session.load_alignment_edits(view.shown, "sentence").pins == ()
    assert session.load_alignment_edits(view.shown, "sentence", document=book).pins == sentence_pins


def test_a_read_only_database_writes_nothing(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    db(session).close()
    conn = sqlite3.connect(tmp_path / "notes" / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    session = open_session(tmp_path / "notes", book)
    assert session.read_only
    assert session.load_alignment_edits(book, "paragraph").pins == PINS
    assert session.save_alignment_edits(book, "paragraph", PINS[:1]) is False
    assert session.load_alignment_edits(book, "paragraph").pins == PINS
    db(session).close()


def test_row_and_json_forms_round_trip_and_the_checksum_sees_a_change(book: Document) -> None:
    edit = to_stored([Pin((1, 2), (), LinkStatus.CONFIRMED)], book, book.content_id, "paragraph")[0]
    row = to_row(edit)
    assert len(row) == len(EDIT_COLUMNS) and from_row(row) == (edit, True)
    assert from_row((*row[:4], '["0000000000000000"]', *row[5:]))[1] is False
    assert edit_from_json(json.loads(json.dumps(edit_to_json(edit)))) == edit
    assert (edit.zh_position, edit.en_position) == (1, -1)


def test_a_row_failing_its_checksum_is_damage_and_comes_back_as_saved(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    db(session).close()  # its last backup has the edits
    conn = sqlite3.connect(tmp_path / "notes" / DB_NAME)
    conn.execute("UPDATE alignment_edits SET status = 'manual' WHERE status = 'confirmed'")  # checksum not updated
    conn.commit()
    conn.close()
    session = open_session(tmp_path / "notes", book)
    assert "1 note(s) fail their checksum" in db(session).notice
    assert session.load_alignment_edits(book, "paragraph").pins == PINS
    db(session).close()


def test_edits_past_the_last_backup_come_back_from_the_journal_when_the_file_is_lost(tmp_path: Path,
                                                                                     book: Document) -> None:
    database = Database(tmp_path / "notes", backup_interval=3600)
    database.backup()  # before any edit: the edits are in the journal only
    session = NotesSession(database)
    session.open_document(book)
    saved(session, book)
    database._changed = False  # as after a kill: no backup at close
    database.close()
    path = tmp_path / "notes" / DB_NAME
    with path.open("r+b") as f:
        f.write(b"\0" * 100)  # the header gone
    again = open_session(tmp_path / "notes", book)
    assert db(again).recovery is not None
    assert again.load_alignment_edits(book, "paragraph").pins == PINS
    db(again).close()


def test_edits_of_a_damaged_file_that_no_backup_or_journal_has_are_salvaged(tmp_path: Path, book: Document) -> None:
    database = Database(tmp_path / "notes", backup_interval=3600)
    database.backup()  # before any edit
    session = NotesSession(database)
    session.open_document(book)
    note = session.new_note("zh", 0, counterpart=lambda side, i: ("en", (i,)), note="天气")
    assert note is not None and session.save(note)
    saved(session, book)
    database._changed = False  # no backup at close
    database.close()
    database.journal_path.unlink()  # and no journal: only the damaged file has the edits
    conn = sqlite3.connect(tmp_path / "notes" / DB_NAME)
    conn.execute("UPDATE annotations SET note = 'tampered'")  # its checksum no longer holds: the file is damaged
    conn.commit()
    conn.close()
    again = open_session(tmp_path / "notes", book)
    recovery = db(again).recovery
    assert recovery is not None and recovery.restored_from == "backup"
    assert again.load_alignment_edits(book, "paragraph").pins == PINS
    db(again).close()


CHILD = textwrap.dedent("""
    import sys
    from reader_app.core.documents import load_document
    from reader_app.core.editing import LinkStatus, Pin
    from reader_app.storage.database import Database
    from reader_app.storage.notes_session import NotesSession

    folder, zh, en = sys.argv[1:4]
    document = load_document(zh, en)
    session = NotesSession(Database(folder, backup_interval=0.05))
    session.open_document(document)
    i = 0
    while True:
        pins = [Pin((0,), (0,)), Pin((1 + i % 4,), (1 + i % 4,), LinkStatus.CONFIRMED if i % 2 else LinkStatus.MANUAL)]
        assert session.save_alignment_edits(document, "paragraph", pins)
        print("ACK", i, flush=True)  # acknowledged: from here on this set must survive anything
        i += 1
""")


def expected_pins(i: int) -> tuple[Pin, ...]:
    return (Pin((0,), (0,)), Pin((1 + i % 4,), (1 + i % 4,), LinkStatus.CONFIRMED if i % 2 else LinkStatus.MANUAL))


@pytest.mark.parametrize("acks", [25, 60])
def test_kill_9_during_saves_loses_no_acknowledged_edit(tmp_path: Path, book: Document, acks: int) -> None:
    folder = tmp_path / "notes"
    zh, en = book.sources
    errors = tmp_path / "child-stderr.txt"
    last = -1
    with errors.open("w") as stderr, subprocess.Popen([sys.executable, "-c", CHILD, str(folder), zh, en], cwd=ROOT,
                                                      stdout=subprocess.PIPE, stderr=stderr, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            last = int(line.split()[1])
            if last + 1 >= acks:
                break
        child.kill()  # SIGKILL where there is one: mid-save, as likely as not
        child.wait(60)
        # Saves acknowledged while this was reading: the child may have run ahead of the lines read so far.
        acknowledged = [int(line.split()[1]) for line in child.stdout.read().splitlines()
                        if line.startswith("ACK ") and line.split()[1].isdigit()]
    assert last + 1 == acks, errors.read_text()
    last = max([last, *acknowledged])
    session = open_session(folder, book)
    assert db(session).notice == ""
    pins = session.load_alignment_edits(book, "paragraph").pins
    # The last acknowledged set, or the one after it when the kill came after its COMMIT and before its ACK.
    assert pins in (expected_pins(last), expected_pins(last + 1))
    assert db(session).connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db(session).close()


def export_json(session: NotesSession, path: Path) -> dict:
    assert session.export_file(str(path), "json", None) == 0
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_json_export_carries_the_edits_and_a_fresh_folder_imports_them(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book)
    data = export_json(session, tmp_path / "notes.json")
    edits = sorted(data["alignment_edits"], key=lambda e: (e["zh_position"], e["en_position"]))
    assert [(e["document_id"], e["unit"], e["status"], e["zh"], e["en"]) for e in edits] == [
        (book.content_id, "paragraph", "manual", [], [book.en.paragraphs[4].id]),
        (book.content_id, "paragraph", "manual", [book.zh.paragraphs[0].id], [book.en.paragraphs[0].id]),
        (book.content_id, "paragraph", "confirmed", [book.zh.paragraphs[1].id, book.zh.paragraphs[2].id],
         [book.en.paragraphs[1].id]),
        (book.content_id, "paragraph", "manual", [book.zh.paragraphs[3].id], []),
        (book.content_id, "paragraph", "manual", [book.zh.paragraphs[4].id],
         [book.en.paragraphs[2].id, book.en.paragraphs[3].id]),
        (book.content_id, "paragraph", "manual", [book.zh.paragraphs[5].id], [book.en.paragraphs[5].id]),
    ]
    fresh = open_session(tmp_path / "fresh", book)
    assert fresh.load_alignment_edits(book, "paragraph").pins == ()
    fresh.import_file(str(tmp_path / "notes.json"))
    assert fresh.load_alignment_edits(book, "paragraph").pins == PINS
    fresh.import_file(str(tmp_path / "notes.json"))  # twice adds nothing
    assert len(read_rows(db(fresh))) == 6


def test_importing_edits_the_newer_copy_wins(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book, PINS[:1])
    data = export_json(session, tmp_path / "notes.json")
    [edit] = data["alignment_edits"]
    for modified, status, expected in (("2000-01-01T00:00:00.000+00:00", "confirmed", LinkStatus.MANUAL),
                                       ("2999-01-01T00:00:00.000+00:00", "confirmed", LinkStatus.CONFIRMED)):
        edit.update(modified=modified, status=status)
        (tmp_path / "changed.json").write_text(json.dumps(data), encoding="utf-8")
        session.import_file(str(tmp_path / "changed.json"))
        assert session.load_alignment_edits(book, "paragraph").pins == (Pin((0,), (0,), expected),)


def test_an_export_from_before_alignment_edits_still_imports(tmp_path: Path, book: Document) -> None:
    session = open_session(tmp_path / "notes", book)
    note = session.new_note("zh", 2, counterpart=lambda side, i: ("en", (i,)), note="河流")
    assert note is not None and session.save(note)
    data = export_json_with_notes(session, tmp_path / "notes.json")
    del data["alignment_edits"]
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    fresh = open_session(tmp_path / "fresh", book)
    assert fresh.import_file(str(tmp_path / "old.json")).added == 1
    assert fresh.load_alignment_edits(book, "paragraph").pins == ()


def export_json_with_notes(session: NotesSession, path: Path) -> dict:
    assert session.export_file(str(path), "json", None) == 1
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_cli_exports_the_edits_and_imports_them_elsewhere(tmp_path: Path, book: Document,
                                                               isolated_user_data: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    session = open_session(isolated_user_data, book)
    saved(session, book)
    db(session).close()
    zh, en = book.sources
    assert cli_main(["notes", "export", zh, en, "--format", "json"]) == 0
    exported = capsys.readouterr().out
    data = json.loads(exported)
    assert sorted((e["status"], len(e["zh"]), len(e["en"])) for e in data["alignment_edits"]) == [
        ("confirmed", 2, 1), ("manual", 0, 1), ("manual", 1, 0), ("manual", 1, 1), ("manual", 1, 1), ("manual", 1, 2)]
    (tmp_path / "notes.json").write_text(exported, encoding="utf-8")
    other = tmp_path / "other-data"
    assert cli_main(["--data-dir", str(other), "notes", "import", str(tmp_path / "notes.json")]) == 0
    assert capsys.readouterr().out.strip().endswith("alignment edits: 6 added, 0 updated, 0 unchanged")
    fresh = open_session(other, book)
    assert fresh.load_alignment_edits(book, "paragraph").pins == PINS
    db(fresh).close()


def test_a_malformed_edit_in_an_import_is_a_one_line_reason(tmp_path: Path, book: Document,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    session = open_session(tmp_path / "notes", book)
    saved(session, book, PINS[:1])
    data = export_json(session, tmp_path / "notes.json")
    data["alignment_edits"][0]["status"] = "automatic"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    assert cli_main(["notes", "import", str(tmp_path / "bad.json")]) == 3
    err = capsys.readouterr().err.strip()
    assert err == ("bilingual-reader: bad.json: alignment edit 1 is malformed (an alignment edit's status must be "
                   "manual or confirmed, not 'automatic')")


def test_stored_edit_fields_are_the_columns_the_migration_builds(tmp_path: Path, book: Document) -> None:
    edit = to_stored([Pin((0,), (0,))], book, book.content_id, "paragraph")[0]
    assert isinstance(edit, StoredEdit)
    assert tuple(edit_to_json(edit)) == EDIT_COLUMNS[:-1]
    with Database(tmp_path / "notes") as database:
        built = tuple(row[1] for row in database.connection.execute("PRAGMA table_info(alignment_edits)"))
    assert built == EDIT_COLUMNS


def _runs(n: int) -> st.SearchStrategy[tuple[int, ...]]:
    return st.one_of(st.just(()), st.tuples(st.integers(0, n - 1), st.integers(1, 3)).map(
        lambda start_length: tuple(range(start_length[0], min(n, start_length[0] + start_length[1])))))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_runs(6), _runs(6), st.integers(0, 5)), max_size=8))
def test_resolved_pins_never_overlap_or_cross_and_every_edit_is_a_pin_or_an_orphan(
        made: list[tuple[tuple[int, ...], tuple[int, ...], int]]) -> None:
    document = BOOK
    stored = []
    for k, (zh, en, minute) in enumerate(made):
        if not (zh or en):
            continue
        [edit] = to_stored([Pin(zh, en)], document, document.content_id, "paragraph")
        stored.append(replace(edit, id=f"e{k}", modified=f"2026-01-01T00:{minute:02d}:00.000+00:00"))
    resolved = resolve(stored, document)
    check_pins(resolved.pins, len(document.zh), len(document.en))  # PinError if any overlap or cross
    assert sorted(e.id for e in (*resolved.edits, *resolved.orphans)) == sorted(e.id for e in stored)
    # Taken newest first: an edit is orphaned only for one at least as new that it would overlap or cross.
    for orphan in resolved.orphans:
        pin = Pin(tuple(range(orphan.zh_position, orphan.zh_position + len(orphan.zh))) if orphan.zh else (),
                  tuple(range(orphan.en_position, orphan.en_position + len(orphan.en))) if orphan.en else ())
        assert any(edit.modified >= orphan.modified and not _compatible(pin, other)
                   for other, edit in zip(resolved.pins, resolved.edits, strict=True))


def _compatible(a: Pin, b: Pin) -> bool:
    if set(a.zh) & set(b.zh) or set(a.en) & set(b.en):
        return False
    if a.zh and a.en and b.zh and b.en:
        return (a.zh[0] < b.zh[0]) == (a.en[0] < b.en[0])
    return True
