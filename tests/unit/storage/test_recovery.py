"""Recovery from every kind of damage: a damaged file or log set aside, the newest sound copy restored, the sound
newer notes of the damaged file salvaged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader_app.storage.annotations import AnnotationStore
from reader_app.storage.database import DB_NAME, JOURNAL_NAME, Database
from tests.unit.storage.sample_notes import note


def _damage_flip_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0:16] = b"\x13" * 16
    path.write_bytes(bytes(data))


def _damage_flip_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # The b-tree page header of the annotations table's pages: SQLite's own check sees this.
    for page in range(1, len(data) // page_size):
        data[page * page_size] ^= 0xFF
        data[page * page_size + 3] ^= 0x5A
    path.write_bytes(bytes(data))


def _damage_flip_note(path: Path) -> None:
    data = path.read_bytes()
    at = data.index(b"note number 1\n")
    path.write_bytes(data[:at] + b"NOTE" + data[at + 4:])


def _damage_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


@pytest.mark.parametrize("damage", [_damage_flip_header, _damage_flip_page, _damage_flip_note, _damage_truncate])
def test_damaged_database_is_set_aside_and_the_backup_restored(tmp_path: Path, damage) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        store = AnnotationStore(db)
        saved = [store.save(note(i)) for i in range(3)]
        db.backup()
        saved.append(store.save(note(10)))
    newest = Database._backup_time(Database(tmp_path, backup_interval=1e9).backups()[0])  # taken at close
    damage(tmp_path / DB_NAME)
    with Database(tmp_path) as db:
        assert db.recovery is not None
        assert db.recovery.restored_from == "backup"
        assert db.recovery.restored_time == newest
        assert "Restored the notes from the backup of" in db.notice
        assert "4 notes restored, 0 could not be recovered" in db.notice
        assert (db.recovery.damaged_copy / DB_NAME).exists()
        assert sorted(AnnotationStore(db).all(), key=lambda a: a.id) == sorted(saved, key=lambda a: a.id)
        conn = sqlite3.connect(tmp_path / DB_NAME)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def _crashed_copy(db: Database, target: Path) -> None:
    """What a crash leaves: the files as they are while the connection is still open."""
    target.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db.path}{suffix}")
        if source.exists():
            shutil.copyfile(source, target / (DB_NAME + suffix))


def test_missing_wal_after_a_crash_loses_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "live")
    saved = [AnnotationStore(db).save(note(i)) for i in range(5)]
    _crashed_copy(db, tmp_path / "crashed")
    db.close()
    assert (tmp_path / "crashed" / f"{DB_NAME}-wal").stat().st_size > 0
    (tmp_path / "crashed" / f"{DB_NAME}-wal").unlink()
    with Database(tmp_path / "crashed") as reopened:
        assert reopened.recovery is None
        assert sorted(AnnotationStore(reopened).all(), key=lambda a: a.id) == sorted(saved, key=lambda a: a.id)


def test_foreign_wal_is_set_aside_and_the_database_kept(tmp_path: Path) -> None:
    with Database(tmp_path / "mine") as db:
        mine = [AnnotationStore(db).save(note(i)) for i in range(4)]
    other = Database(tmp_path / "other")
    AnnotationStore(other).save(note(99, "another document"))
    _crashed_copy(other, tmp_path / "other-crashed")
    other.close()
    shutil.copyfile(tmp_path / "other-crashed" / f"{DB_NAME}-wal", tmp_path / "mine" / f"{DB_NAME}-wal")
    with Database(tmp_path / "mine") as db:
        assert db.recovery is not None and db.recovery.restored_from == "database file"
        assert "log" in db.recovery.reason and "set its log aside" in db.notice
        assert (db.recovery.damaged_copy / f"{DB_NAME}-wal").exists()
        assert sorted(AnnotationStore(db).all(), key=lambda a: a.id) == sorted(mine, key=lambda a: a.id)


def test_damage_without_any_backup_rebuilds_from_the_journal(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        saved = AnnotationStore(db).save(note(1))
    for backup in Database(tmp_path, backup_interval=1e9).backups():
        backup.unlink()
    (tmp_path / DB_NAME).write_bytes(b"garbage" * 1000)
    with Database(tmp_path) as db:
        assert db.recovery is not None and db.recovery.restored_from == ""
        assert "No usable backup was found: rebuilt the notes from the change journal and the damaged file: " \
            "1 note restored, 0 could not be recovered." in db.notice
        assert AnnotationStore(db).all() == [saved]
        AnnotationStore(db).save(note(2))


def test_damage_without_backup_or_journal_salvages_the_file_or_starts_empty(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        saved = AnnotationStore(db).save(note(1))
    for backup in Database(tmp_path, backup_interval=1e9).backups():
        backup.unlink()
    (tmp_path / JOURNAL_NAME).unlink(missing_ok=True)
    _damage_flip_header(tmp_path / DB_NAME)
    with Database(tmp_path) as db:
        assert "1 note restored, 0 could not be recovered" in db.notice
        assert AnnotationStore(db).all() == [saved]  # its rows read once the header's magic is put back
    for backup in db.backups():
        backup.unlink()
    (tmp_path / JOURNAL_NAME).unlink(missing_ok=True)
    (tmp_path / DB_NAME).write_bytes(b"garbage" * 1000)
    with Database(tmp_path) as db:
        assert db.recovery is not None and db.recovery.restored_from == ""
        assert "0 notes restored, 0 could not be recovered" in db.notice
        assert AnnotationStore(db).all() == []


def _wal_flip(wal: Path) -> None:
    data = bytearray(wal.read_bytes())
    for at in range(40, len(data), 997):
        data[at] ^= 0xA5
    wal.write_bytes(bytes(data))


def _wal_truncate(wal: Path) -> None:
    wal.write_bytes(wal.read_bytes()[: wal.stat().st_size // 3])


def _wal_from_another_program(wal: Path) -> None:
    other = wal.parent / "other-program.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [("y" * 500,)] * 50)
    conn.commit()
    shutil.copyfile(f"{other}-wal", wal)
    conn.close()


@pytest.mark.parametrize("damage", [_wal_flip, _wal_truncate, _wal_from_another_program])
def test_damaged_or_foreign_log_after_a_crash_loses_nothing(tmp_path: Path, damage) -> None:
    db = Database(tmp_path / "live")
    saved = [AnnotationStore(db).save(note(i)) for i in range(6)]
    _crashed_copy(db, tmp_path / "crashed")
    db.close()
    damage(tmp_path / "crashed" / f"{DB_NAME}-wal")
    with Database(tmp_path / "crashed") as reopened:
        assert sorted(AnnotationStore(reopened).all(), key=lambda a: a.id) == sorted(saved, key=lambda a: a.id)
        if reopened.recovery is not None:
            assert reopened.recovery.restored_from == "database file"
        conn = reopened.connection
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_damaged_backup_is_passed_over_for_an_older_sound_one(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        store = AnnotationStore(db)
        first = store.save(note(1))
        older = db.backup()
        second = store.save(note(2))
        newer = db.backup()
    _damage_flip_note(newer)  # its rows no longer match their checksums
    _damage_flip_header(tmp_path / DB_NAME)
    with Database(tmp_path) as db:
        assert db.recovery is not None and db.recovery.restored_from == "backup"
        assert db.recovery.restored_time == Database._backup_time(older)
        # The journal still holds what the older backup lacks.
        assert AnnotationStore(db).all() == [first, second]
