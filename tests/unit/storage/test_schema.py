"""The schema: migrations (all or nothing), newer schemas read-only, the columns and the row form of a note."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reader_app.core.anchoring import Anchor
from reader_app.storage import schema as schema_module
from reader_app.storage.annotations import Annotation, AnnotationStore
from reader_app.storage.database import DB_NAME, Database, ReadOnlyError, StorageBug, StorageError
from reader_app.storage.schema import COLUMNS, PLACEHOLDERS, SCHEMA_VERSION, from_row, to_row
from tests.unit.storage.sample_notes import note


def test_columns_are_the_table_the_migrations_build(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        built = tuple(row[1] for row in db.connection.execute("PRAGMA table_info(annotations)"))
    assert built == COLUMNS
    assert PLACEHOLDERS.split(", ") == ["?"] * len(COLUMNS) == ["?"] * 17


def test_row_form_round_trips_and_its_checksum_sees_a_changed_value() -> None:
    link = Annotation.create("doc", "link", Anchor("zh", "1" * 16, "中文", "前", "后", 2, 5),
                             Anchor("en", "2" * 16, "English", position=3), note="both\nlines", tags=["x", "y"])
    row = to_row(link)
    assert len(row) == len(COLUMNS)
    assert from_row(row) == (link, True)
    tampered = (*row[:11], "a changed note", *row[12:])
    assert from_row(tampered) == (replace(link, note="a changed note"), False)
    assert from_row(tampered, verify=False)[1] is True


def test_failed_migration_leaves_the_previous_version_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Database(tmp_path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        error = sqlite3.OperationalError("disk I/O error")
        # The codes sqlite3 attaches to the errors SQLite reports: this is the disk failing, not our SQL.
        error.sqlite_errorcode, error.sqlite_errorname = sqlite3.SQLITE_IOERR, "SQLITE_IOERR"
        raise error

    monkeypatch.setattr(schema_module, "MIGRATIONS", [*schema_module.MIGRATIONS, broken])
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StorageError):
        Database(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_migration_with_broken_sql_is_a_bug_and_leaves_the_previous_version_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Database(tmp_path) as db:
        kept = AnnotationStore(db).save(note(1))

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("ALTER TABLE annotation ADD COLUMN pinned INTEGER")  # the table is "annotations"

    monkeypatch.setattr(schema_module, "MIGRATIONS", [*schema_module.MIGRATIONS, broken])
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StorageBug, match="no such table: annotation") as caught:
        Database(tmp_path)
    assert not isinstance(caught.value, StorageError)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert (caught.value.code, caught.value.name) == (sqlite3.SQLITE_ERROR, "SQLITE_ERROR")
    monkeypatch.undo()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    with Database(tmp_path) as db:
        assert db.recovery is None and AnnotationStore(db).all() == [kept]


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
