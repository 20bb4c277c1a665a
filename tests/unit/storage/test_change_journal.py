"""Damage after a crash loses no acknowledged note: the change journal replayed onto the newest sound backup (and
the sound rows of the damaged file), with a message that counts what came back and what did not."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader_app.storage.annotations import AnnotationStore
from reader_app.storage.database import DB_NAME, JOURNAL_NAME, Database
from tests.unit.storage.sample_notes import note
from tests.unit.storage.test_recovery import _wal_from_another_program


def _session(folder: Path, crashed: Path) -> dict[str, str]:
    """Notes saved, edited and deleted after the backup taken at opening; `crashed` gets the files as a crash
    leaves them (no backup at close). Returns the acknowledged notes: id -> text."""
    db = Database(folder, backup_interval=1e9)
    store = AnnotationStore(db)
    first, second, third = (store.save(note(i)) for i in (1, 2, 3))
    second = store.save(second.edited(note="note number 2 edited"))
    store.delete(third.id)
    shutil.copytree(folder, crashed)
    db.close()
    return {first.id: first.note, second.id: second.note}


def _zero_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"\x00" * 16)


def _torn_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    at = data.index(b"note number 1\n")
    page_end = (at // page_size + 1) * page_size
    tear = page_end - page_size // 2  # the last sectors of the page never reached the disk
    data[tear:page_end] = b"\x00" * (page_end - tear)
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _foreign_wal(path: Path) -> None:
    _wal_from_another_program(Path(f"{path}-wal"))
    (path.parent / "other-program.db").unlink()  # the other program's database is not ours to keep


@pytest.mark.parametrize("damage", [_zero_header, _torn_page, _truncate, _foreign_wal])
def test_every_acknowledged_note_survives_damage_after_a_crash(tmp_path: Path, damage) -> None:
    crashed = tmp_path / "crashed"
    acknowledged = _session(tmp_path / "live", crashed)
    damage(crashed / DB_NAME)
    with Database(crashed, backup_interval=1e9) as db:
        assert db.recovery is not None
        assert {a.id: a.note for a in AnnotationStore(db).all()} == acknowledged
        assert "2 notes restored, 0 could not be recovered" in db.notice
        if damage is _foreign_wal:
            assert "set its log aside" in db.notice
        else:
            assert "Restored the notes from the backup of" in db.notice
        assert len(db.notice.splitlines()) == 1
        assert db.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        later = AnnotationStore(db).save(note(4))
    # The recovered database journals on: a second damage loses nothing either.
    acknowledged[later.id] = later.note
    _zero_header(crashed / DB_NAME)
    with Database(crashed, backup_interval=1e9) as db:
        assert {a.id: a.note for a in AnnotationStore(db).all()} == acknowledged
        assert "3 notes restored, 0 could not be recovered" in db.notice


def test_damage_beyond_salvage_says_how_many_notes_were_lost(tmp_path: Path) -> None:
    crashed = tmp_path / "crashed"
    acknowledged = _session(tmp_path / "live", crashed)
    path = crashed / DB_NAME
    path.write_bytes(os.urandom(path.stat().st_size))  # no page readable
    journal = crashed / JOURNAL_NAME
    text = journal.read_bytes()
    assert text.count(b"note number 1\\n") == 1
    journal.write_bytes(text.replace(b"note number 1\\n", b"NOTE number 1\\n"))  # its line fails its checksum
    lost = next(i for i, text in acknowledged.items() if text.startswith("note number 1"))
    with Database(crashed, backup_interval=1e9) as db:
        assert {a.id: a.note for a in AnnotationStore(db).all()} == {
            i: text for i, text in acknowledged.items() if i != lost}
        assert "1 note restored, 1 could not be recovered" in db.notice
        assert db.recovery is not None and db.recovery.lost == 1


def test_a_backup_is_taken_at_close_and_the_journal_then_trimmed(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        opened_with = db.backups()
        saved = {a.id: a.note for a in (AnnotationStore(db).save(note(i)) for i in range(2))}
        assert db.journal_path.stat().st_size > 0
    assert len(Database(tmp_path, backup_interval=1e9).backups()) == len(opened_with) + 1
    newest = sqlite3.connect(Database(tmp_path, backup_interval=1e9).backups()[0])
    assert {r[0]: r[1] for r in newest.execute("SELECT id, note FROM annotations")} == saved
    newest.close()
    _zero_header(tmp_path / DB_NAME)
    with Database(tmp_path, backup_interval=1e9) as db:
        assert {a.id: a.note for a in AnnotationStore(db).all()} == saved
        assert "2 notes restored, 0 could not be recovered" in db.notice


def test_the_journal_keeps_only_what_the_oldest_backup_lacks(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        store = AnnotationStore(db)
        for i in range(6):
            store.save(note(i))
            db.backup()
        # Three backups are kept: the journal still holds the changes after the oldest one, and no more.
        assert len(db.journal_path.read_text(encoding="utf-8").splitlines()) == 2


def test_a_journal_line_the_database_lacks_is_replayed_at_the_next_open(tmp_path: Path) -> None:
    from reader_app.storage import journal
    from reader_app.storage.schema import to_row

    with Database(tmp_path, backup_interval=1e9) as db:
        kept = AnnotationStore(db).save(note(1))
        database_id, writes = (r[0] for r in db.query("SELECT value FROM meta WHERE key IN ('database_id', "
                                                        "'writes') ORDER BY key"))
    # What a power cut after COMMIT leaves when the log lost the commit, or a crash between the line and COMMIT.
    lost = note(2)
    with (tmp_path / JOURNAL_NAME).open("ab") as f:
        f.write(journal.Entry(database_id, int(writes) + 1, {"annotations": [list(to_row(lost))]}).encode())
    with Database(tmp_path, backup_interval=1e9) as db:
        assert db.recovery is None
        assert sorted(a.id for a in AnnotationStore(db).all()) == sorted([kept.id, lost.id])
        later = AnnotationStore(db).save(note(3))
    _zero_header(tmp_path / DB_NAME)
    with Database(tmp_path, backup_interval=1e9) as db:
        assert sorted(a.id for a in AnnotationStore(db).all()) == sorted([kept.id, lost.id, later.id])


def test_a_line_torn_by_a_crash_is_cut_off_before_the_next_one(tmp_path: Path) -> None:
    db = Database(tmp_path / "live", backup_interval=1e9)
    first = AnnotationStore(db).save(note(1))
    shutil.copytree(tmp_path / "live", tmp_path / "crashed")  # a crash: no backup at close
    db.close()
    with (tmp_path / "crashed" / JOURNAL_NAME).open("ab") as f:
        f.write(b'0123abcd {"db":"')  # the crash came in the middle of writing a line
    db = Database(tmp_path / "crashed", backup_interval=1e9)
    second = AnnotationStore(db).save(note(2))
    shutil.copytree(tmp_path / "crashed", tmp_path / "again")
    db.close()
    path = tmp_path / "again" / DB_NAME
    path.write_bytes(os.urandom(path.stat().st_size))
    with Database(tmp_path / "again", backup_interval=1e9) as db:
        assert db.recovery is not None and db.recovery.restored_from == "backup"  # the empty one made at opening
        assert {a.id: a.note for a in AnnotationStore(db).all()} == {first.id: first.note, second.id: second.note}
        assert "2 notes restored, 0 could not be recovered" in db.notice
