"""The database: verified backups, durable transactions, and its errors: the environment's (StorageError, with the
message the user sees) apart from our own bugs (StorageBug)."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest

from reader_app.core.anchoring import Anchor
from reader_app.storage import recovery as recovery_module
from reader_app.storage.annotations import Annotation, AnnotationStore
from reader_app.storage.database import KEEP_BACKUPS, Database, StorageBug, StorageError
from reader_app.storage.schema import REPLACE_ROW, to_row
from tests.unit.storage.sample_notes import note


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
        monkeypatch.setattr(recovery_module, "integrity_ok", lambda path: False)
        with pytest.raises(StorageError, match="integrity"):
            db.backup()
        assert db.backups() == sorted(made, reverse=True)[:KEEP_BACKUPS]
        assert not list(db.backup_folder.glob("*.partial"))


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


def test_read_only_database_file_raises_the_read_only_message_and_keeps_everything(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        kept = store.save(note(1))
        # The file as SQLite sees it once it has turned read-only under the running app (chmod would not stop
        # root, who runs these tests in CI).
        writer = db.connection
        db._conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True, isolation_level=None)
        try:
            with pytest.raises(StorageError) as caught:
                store.save(note(2))
            assert str(caught.value) == ("Could not save the note: the folder is read-only or not writable "
                                         f"({tmp_path}).")
            assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
            assert caught.value.__cause__.sqlite_errorname.startswith("SQLITE_READONLY")
        finally:
            db.close()
            db._conn = writer
        assert store.all() == [kept]


def test_broken_sql_in_a_transaction_is_a_bug_and_writes_nothing(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        kept = store.save(note(1))
        with pytest.raises(StorageBug, match="no such table: annotation") as caught, db.transaction() as conn:
            conn.execute(REPLACE_ROW, to_row(note(2)))
            conn.execute("DELETE FROM annotation WHERE id = ?", (kept.id,))  # the table is "annotations"
        assert not isinstance(caught.value, StorageError)
        assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
        assert (caught.value.code, caught.value.name) == (sqlite3.SQLITE_ERROR, "SQLITE_ERROR")
        assert store.all() == [kept]
        # Rolled back, not stuck in a transaction: the next save goes through.
        assert store.save(note(3)) in store.all()


def test_broken_sql_in_a_query_is_a_bug(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        with pytest.raises(StorageBug, match="syntax error"):
            db.query("SELEC id FROM annotations")
        with pytest.raises(StorageBug, match="ProgrammingError") as caught:
            db.query("SELECT id FROM annotations WHERE id = ?", ("a", "b"))
        assert (caught.value.code, caught.value.name) == (None, None)


def test_a_constraint_our_code_breaks_is_a_bug_and_writes_nothing(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        kept = store.save(note(1))
        nowhere = Annotation.create("doc", "paragraph", Anchor("fr", "f" * 16, "quote"))  # sides are zh and en
        with pytest.raises(StorageBug, match="CHECK constraint failed") as caught:
            store.save(nowhere)
        assert caught.value.name == "SQLITE_CONSTRAINT_CHECK"
        assert isinstance(caught.value.__cause__, sqlite3.IntegrityError)
        assert store.all() == [kept]


def test_a_bug_in_a_backup_is_logged_and_never_fails_the_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    def misused(path: Path) -> bool:
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")

    with Database(tmp_path, backup_interval=0.0) as db:
        before = db.backups()
        monkeypatch.setattr(recovery_module, "integrity_ok", misused)
        with caplog.at_level(logging.ERROR, logger="reader_app.storage.database"):
            saved = AnnotationStore(db).save(note(1))
        assert AnnotationStore(db).all() == [saved]
        assert [(r.getMessage(), type(r.exc_info[1])) for r in caplog.records if r.exc_info] == [
            ("Backing up the notes failed", StorageBug)]
        assert db.backups() == before and not list(db.backup_folder.glob("*.partial"))
        with pytest.raises(StorageBug):
            db.backup()  # asked for directly, the bug is raised
