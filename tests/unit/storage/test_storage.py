"""The notes database: durable saves, schema versions, backups, and recovery from every kind of damage."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader_app.core.anchoring import Anchor, anchor_paragraph
from reader_app.core.documents import load_document
from reader_app.storage import database as database_module
from reader_app.storage.annotations import Annotation, AnnotationStore, TargetKind
from reader_app.storage.database import DB_NAME, KEEP_BACKUPS, SCHEMA_VERSION, Database, ReadOnlyError, StorageError
from tests.conftest import SAMPLE


def note(i: int, document_id: str = "doc") -> Annotation:
    anchor = Anchor("zh", f"{i:016x}", f"quote {i}", "pre", "suf", i)
    return Annotation.create(document_id, TargetKind.PARAGRAPH, anchor,
                             note=f"note number {i}\nsecond line", colour="blue", tags=["a", f"t{i}"])


def ids(store: AnnotationStore) -> set[str]:
    return {a.id for a in store.all()}


def test_save_get_update_delete_round_trip(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        link = Annotation.create("doc", "link", Anchor("zh", "1" * 16, "中文", position=2),
                                 Anchor("en", "2" * 16, "English", position=3), note="both", tags=" x , y,x,")
        store.save(link)
        assert store.get(link.id) == link
        assert link.tags == ("x", "y")
        changed = store.save(link.edited(note="changed", colour="red"))
        assert store.get(link.id).note == "changed" and changed.modified >= link.modified
        assert store.get(link.id).created == link.created
        assert store.delete(link.id) == changed
        assert store.get(link.id) is None and store.delete(link.id) is None
    # Durable across reopening, with the pragmas the issue asks for.
    with Database(tmp_path) as db:
        conn = db.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert AnnotationStore(db).all() == []


def test_failed_migration_leaves_the_previous_version_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Database(tmp_path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(database_module, "MIGRATIONS", [*database_module.MIGRATIONS, broken])
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StorageError):
        Database(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_newer_schema_opens_read_only_and_leaves_the_file_unchanged(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        kept = AnnotationStore(db).save(note(1))
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    path = tmp_path / DB_NAME
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    with Database(tmp_path) as db:
        assert db.read_only
        assert "newer version" in db.notice and "read-only" in db.notice
        store = AnnotationStore(db)
        assert store.all() == [kept]
        with pytest.raises(ReadOnlyError):
            store.save(note(2))
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_backups_are_verified_and_only_a_few_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        store = AnnotationStore(db)
        made = []
        for i in range(KEEP_BACKUPS + 2):
            store.save(note(i))
            made.append(db.backup())
        assert db.backups() == sorted(made, reverse=True)[:KEEP_BACKUPS]
        for backup in db.backups():
            conn = sqlite3.connect(backup)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        # A copy that fails its check never replaces a good backup.
        monkeypatch.setattr(Database, "_integrity_ok", staticmethod(lambda path: False))
        with pytest.raises(StorageError, match="integrity"):
            db.backup()
        assert db.backups() == sorted(made, reverse=True)[:KEEP_BACKUPS]
        assert not list(db.backup_folder.glob("*.partial"))


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
        early = [store.save(note(i)) for i in range(3)]
        backup = db.backup()
        late = store.save(note(10))
    damage(tmp_path / DB_NAME)
    with Database(tmp_path) as db:
        assert db.recovery is not None
        assert db.recovery.restored_from == "backup"
        assert db.recovery.restored_time == Database._backup_time(backup)
        assert "restored the notes from the backup of" in db.notice.lower()
        assert (db.recovery.damaged_copy / DB_NAME).exists()
        found = {a.id: a for a in AnnotationStore(db).all()}
        # Everything in the backup is back; newer notes come back too when the damaged file still has them sound.
        assert {a.id for a in early} <= set(found)
        assert set(found) <= {a.id for a in early} | {late.id}
        assert all(found[a.id] == a for a in early if a.id in found and a.note != "NOTE number 1")
        if damage is _damage_flip_note:
            assert late.id in found and db.recovery.salvaged == 1
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


def test_damage_without_any_backup_starts_empty_and_says_so(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        AnnotationStore(db).save(note(1))
        for backup in db.backups():
            backup.unlink()
    _damage_flip_header(tmp_path / DB_NAME)
    with Database(tmp_path) as db:
        assert db.recovery is not None and db.recovery.restored_from == ""
        assert "No usable backup" in db.notice
        assert AnnotationStore(db).all() == []
        AnnotationStore(db).save(note(2))


def test_full_disk_raises_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        store = AnnotationStore(db)
        kept = [store.save(note(i)) for i in range(3)]
        pages = db.connection.execute("PRAGMA page_count").fetchone()[0]
        db.connection.execute(f"PRAGMA max_page_count = {pages}")
        big = note(7).edited(note="x" * 200_000)
        with pytest.raises(StorageError, match="the disk is full"):
            store.save(big)
        assert store.all() == kept
        db.connection.execute("PRAGMA max_page_count = 1073741823")
        store.save(big)
        assert len(store.all()) == 4


def test_unwritable_data_folder_raises_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="Could not open the notes database"):
        Database(blocker / "data")


READ_ONLY_SCENARIO = """
import os, sys
from pathlib import Path
from reader_app.storage.annotations import Annotation, AnnotationStore
from reader_app.storage.database import Database, StorageError
from reader_app.core.anchoring import Anchor
import reader_app.storage.database, sqlite3, shutil, tempfile, json, uuid, datetime, hashlib, zlib  # before the drop
if os.geteuid() == 0:
    # Root ignores file permissions: drop to nobody (everything imported first: nobody cannot read /root).
    os.setgid(65534)
    os.setuid(65534)
folder = Path(sys.argv[1])
try:
    db = Database(folder)
    AnnotationStore(db).save(Annotation.create("doc", "paragraph", Anchor("zh", "f", "q", "", "", 0, 0)))
except StorageError as exc:
    print("StorageError:", exc)
    sys.exit(0)
print("no error")
sys.exit(1)
"""


def test_read_only_folder_raises_a_clear_error() -> None:
    import shutil
    import subprocess
    import sys
    import tempfile

    # Under /tmp with world-readable parents, so the unprivileged child can reach it.
    root = Path(tempfile.mkdtemp(prefix="read-only-notes-", dir="/tmp"))
    try:
        root.chmod(0o755)
        with Database(root / "data") as db:
            AnnotationStore(db).save(note(1))
        for path in [root / "data", *(root / "data").rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
        result = subprocess.run([sys.executable, "-c", READ_ONLY_SCENARIO, str(root / "data")], capture_output=True,
                                text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "StorageError:" in result.stdout
        assert "read-only" in result.stdout or "cannot be" in result.stdout, result.stdout
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(root)


def test_new_version_of_a_document_shares_its_notes(tmp_path: Path) -> None:
    document = load_document(SAMPLE)
    edited_text = SAMPLE.read_text(encoding="utf-8").replace("May 8-9", "May 8 and 9")
    edited_path = tmp_path / "elsewhere" / "renamed.txt"
    edited_path.parent.mkdir()
    edited_path.write_text(edited_text, encoding="utf-8")
    edited = load_document(edited_path)
    unrelated_path = tmp_path / "unrelated.txt"
    unrelated_path.write_text("一个完全不同的文件。\n\nA completely different file.\n", encoding="utf-8")
    with Database(tmp_path / "data") as db:
        store = AnnotationStore(db)
        assert store.register_document(document) == [document.content_id]
        store.save(Annotation.create(document.content_id, "paragraph", anchor_paragraph(document.en.paragraphs, 1)))
        versions = store.register_document(edited)
        assert versions == [edited.content_id, document.content_id]
        assert len(store.for_documents(versions)) == 1
        assert store.register_document(load_document(unrelated_path))[1:] == []


def test_palette_meanings_are_the_users(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        assert [c.key for c in store.palette()] == ["yellow", "green", "blue", "red", "purple"]
        store.name_colour("blue", "  Ask   the teacher ")
    with Database(tmp_path) as db:
        palette = AnnotationStore(db).palette()
        assert [c.key for c in palette] == ["yellow", "green", "blue", "red", "purple"]
        assert palette[2].meaning == "Ask the teacher"
        with pytest.raises(KeyError):
            AnnotationStore(db).name_colour("mauve", "x")


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


def test_refused_write_keeps_everything_and_says_read_only(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        kept = store.save(note(1))
        # What SQLite reports when the folder or file turned read-only under a running app.
        db.connection.execute("PRAGMA query_only = ON")
        with pytest.raises(StorageError, match="read-only"):
            store.save(note(2))
        with pytest.raises(StorageError, match="read-only"):
            store.delete(kept.id)
        db.connection.execute("PRAGMA query_only = OFF")
        assert store.all() == [kept]


def test_a_damaged_backup_is_passed_over_for_an_older_sound_one(tmp_path: Path) -> None:
    with Database(tmp_path, backup_interval=1e9) as db:
        store = AnnotationStore(db)
        first = store.save(note(1))
        older = db.backup()
        store.save(note(2))
        newer = db.backup()
    _damage_flip_note(newer)  # its rows no longer match their checksums
    _damage_flip_header(tmp_path / DB_NAME)
    with Database(tmp_path) as db:
        assert db.recovery is not None and db.recovery.restored_from == "backup"
        assert db.recovery.restored_time == Database._backup_time(older)
        assert AnnotationStore(db).all() == [first]
