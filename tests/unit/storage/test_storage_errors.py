"""Storage errors split by SQLite result code: the user's environment becomes a StorageError with a message for
them, anything else (our SQL, misuse, constraints) a StorageBug. Real SQLite errors, not made-up messages."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader_app.storage.errors import StorageBug, StorageError, error_for


def _raised(make: Callable[[], object]) -> sqlite3.Error:
    try:
        make()
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no sqlite3 error")


def _table(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS t (x TEXT NOT NULL CHECK (x != 'bad'))")
    return conn


def _full(path: Path) -> sqlite3.Error:
    conn = _table(path)
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    return _raised(lambda: conn.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,)))


def _read_only(path: Path) -> sqlite3.Error:
    _table(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    return _raised(lambda: conn.execute("INSERT INTO t VALUES ('y')"))


def _cannot_open(path: Path) -> sqlite3.Error:
    return _raised(lambda: sqlite3.connect(path.parent / "missing" / "folder" / "db.sqlite3"))


def _busy(path: Path) -> sqlite3.Error:
    holder = _table(path)
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    return _raised(lambda: waiter.execute("BEGIN IMMEDIATE"))


def _not_a_database(path: Path) -> sqlite3.Error:
    path.write_bytes(b"these are somebody's notes in plain text, not SQLite\n" * 100)
    return _raised(lambda: sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall())


def _io_error(path: Path) -> sqlite3.Error:
    # Cannot be caused at will; what sqlite3 raises for a failed write (extended code SQLITE_IOERR_WRITE).
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode, error.sqlite_errorname = sqlite3.SQLITE_IOERR_WRITE, "SQLITE_IOERR_WRITE"
    return error


@pytest.mark.parametrize(("cause", "name", "reason"), [
    (_full, "SQLITE_FULL", "the disk is full"),
    (_read_only, "SQLITE_READONLY", "the folder is read-only or not writable"),
    (_cannot_open, "SQLITE_CANTOPEN", "the folder cannot be created or opened"),
    (_busy, "SQLITE_BUSY", "database is locked"),
    (_not_a_database, "SQLITE_NOTADB", "file is not a database"),
    (_io_error, "SQLITE_IOERR_WRITE", "disk I/O error"),
])
def test_the_environments_errors_are_storage_errors_for_the_user(tmp_path: Path, cause, name: str,
                                                                   reason: str) -> None:
    exc = cause(tmp_path / "t.sqlite3")
    assert exc.sqlite_errorname == name
    error = error_for(exc, tmp_path / "t.sqlite3", "save the note")
    assert type(error) is StorageError
    assert str(error) == f"Could not save the note: {reason} ({tmp_path})."


def _syntax(path: Path) -> sqlite3.Error:
    return _raised(lambda: _table(path).execute("INSRT INTO t VALUES ('y')"))


def _no_such_table(path: Path) -> sqlite3.Error:
    return _raised(lambda: _table(path).execute("SELECT * FROM nowhere"))


def _constraint(path: Path) -> sqlite3.Error:
    return _raised(lambda: _table(path).execute("INSERT INTO t VALUES ('bad')"))


def _bindings(path: Path) -> sqlite3.Error:
    return _raised(lambda: _table(path).execute("INSERT INTO t VALUES (?)", ("a", "b")))


def _closed(path: Path) -> sqlite3.Error:
    conn = _table(path)
    conn.close()
    return _raised(lambda: conn.execute("SELECT 1"))


def _locked(path: Path) -> sqlite3.Error:
    # SQLITE_LOCKED: a conflict inside one connection or shared cache, which only our own code can cause.
    error = sqlite3.OperationalError("database table is locked")
    error.sqlite_errorcode, error.sqlite_errorname = sqlite3.SQLITE_LOCKED, "SQLITE_LOCKED"
    return error


@pytest.mark.parametrize(("cause", "name", "words"), [
    (_syntax, "SQLITE_ERROR", 'near "INSRT": syntax error'),
    (_no_such_table, "SQLITE_ERROR", "no such table: nowhere"),
    (_constraint, "SQLITE_CONSTRAINT_CHECK", "CHECK constraint failed"),
    (_bindings, None, "Incorrect number of bindings"),
    (_closed, None, "Cannot operate on a closed database"),
    (_locked, "SQLITE_LOCKED", "database table is locked"),
])
def test_errors_of_our_own_making_are_bugs(tmp_path: Path, cause, name: str | None, words: str) -> None:
    exc = cause(tmp_path / "t.sqlite3")
    error = error_for(exc, tmp_path / "t.sqlite3", "save the note")
    assert type(error) is StorageBug and not isinstance(error, StorageError)
    assert error.name == name and error.code == getattr(exc, "sqlite_errorcode", None)
    assert str(error).startswith(f"Could not save the note: {type(exc).__name__} (") and words in str(error)


def test_a_made_up_sqlite_error_without_a_code_is_a_bug_whatever_its_words(tmp_path: Path) -> None:
    error = error_for(sqlite3.OperationalError("database or disk is full"), tmp_path / "t.sqlite3", "save the note")
    assert type(error) is StorageBug


@pytest.mark.parametrize(("exc", "reason"), [
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    (PermissionError(errno.EACCES, "Permission denied"), "the folder is read-only or not writable"),
    (OSError(errno.EROFS, "Read-only file system"), "the folder is read-only or not writable"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "the folder cannot be created or opened"),
    (NotADirectoryError(errno.ENOTDIR, "Not a directory"), "the folder cannot be created or opened"),
    (OSError(errno.EIO, "Input/output error"), "[Errno 5] Input/output error"),
])
def test_os_errors_are_the_environments_and_worded_by_errno(tmp_path: Path, exc: OSError, reason: str) -> None:
    error = error_for(exc, tmp_path / "t.sqlite3", "back up the notes")
    assert type(error) is StorageError
    assert str(error) == f"Could not back up the notes: {reason} ({tmp_path})."
