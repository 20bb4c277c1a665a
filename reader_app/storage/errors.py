"""Storage failures split by SQLite result code: the user's environment (shown to them) or a bug of ours."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class StorageError(Exception):
    """A known storage problem (disk full, read-only folder, damaged file). The message is for the user."""


class ReadOnlyError(StorageError):
    """The database is open read-only (written by a newer version): nothing can be changed."""


class StorageBug(Exception):
    """A storage operation failed through a fault of ours (SQL we got wrong, misuse of sqlite3, a constraint our
    code broke). Deliberately not a StorageError: it is not the user's to fix, so it goes to the crash handler
    instead of a message box. The sqlite3 error is its __cause__; `code` and `name` are its extended result code
    and name (None when the sqlite3 module raised it without asking SQLite, e.g. a wrong number of bindings)."""

    def __init__(self, message: str, code: int | None = None, name: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.name = name


_READ_ONLY = "the folder is read-only or not writable"
_CANNOT_OPEN = "the folder cannot be created or opened"

# Primary result codes (https://sqlite.org/rescode.html) that only the user's machine or file can cause, with the
# reason the user is shown (None: SQLite's own words). Any other code is ours: SQLITE_ERROR (bad SQL, a missing
# table), CONSTRAINT, MISUSE, RANGE, MISMATCH, TOOBIG, ABORT... SQLITE_LOCKED too: it means a conflict inside one
# connection or a shared cache, and we hold one connection without a shared cache; another process holding the
# lock ("database is locked") is SQLITE_BUSY. Like qutebrowser's misc/sql.py, the code decides, never the text.
KNOWN_SQLITE_ERRORS: dict[int, str | None] = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: _READ_ONLY,
    sqlite3.SQLITE_PERM: _READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: _CANNOT_OPEN,
    sqlite3.SQLITE_BUSY: None,  # another instance kept the write lock past the 10 s timeout
    sqlite3.SQLITE_IOERR: None,
    sqlite3.SQLITE_CORRUPT: None,
    sqlite3.SQLITE_NOTADB: None,
    sqlite3.SQLITE_PROTOCOL: None,  # the WAL locking protocol kept failing: a troubled (network) file system
    sqlite3.SQLITE_NOLFS: None,  # a file system that cannot hold a file this large
}

# The same reasons for the OSErrors of making folders and copying files (every OSError is the environment's).
KNOWN_OS_ERRORS: dict[int, str] = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: _READ_ONLY,
    errno.EROFS: _READ_ONLY,
    errno.ENOENT: _CANNOT_OPEN,
    errno.ENOTDIR: _CANNOT_OPEN,
}


def is_known(exc: sqlite3.Error) -> bool:
    """Whether an sqlite3 error comes from the user's environment rather than from our code."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in KNOWN_SQLITE_ERRORS


def error_for(exc: OSError | sqlite3.Error, path: Path, doing: str) -> StorageError | StorageBug:
    """The exception to raise (chained from `exc`) when `doing` failed on the database file at `path`: a
    StorageError whose message is for the user, or a StorageBug for the crash handler."""
    if isinstance(exc, OSError):
        reason = KNOWN_OS_ERRORS.get(exc.errno) if exc.errno is not None else None
    elif is_known(exc):
        reason = KNOWN_SQLITE_ERRORS[exc.sqlite_errorcode & 0xFF]
    else:
        name = getattr(exc, "sqlite_errorname", None)
        return StorageBug(f"Could not {doing}: {type(exc).__name__} ({name or 'raised by sqlite3 itself'}): {exc}",
                          getattr(exc, "sqlite_errorcode", None), name)
    return StorageError(f"Could not {doing}: {reason or str(exc) or type(exc).__name__} ({path.parent}).")
