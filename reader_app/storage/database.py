"""The annotations database: SQLite in WAL mode, versioned schema, verified backups, recovery from damage."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

DB_NAME = "annotations.sqlite3"
BACKUP_DIR = "backups"
DAMAGED_DIR = "damaged"
KEEP_BACKUPS = 3
BACKUP_INTERVAL = 15 * 60.0
APPLICATION_ID = 0x42524E31  # "BRN1": tells our files from other SQLite files
HEADER = b"SQLite format 3\x00"


class StorageError(Exception):
    """A known storage problem (disk full, read-only folder, damaged file). The message is for the user."""


class ReadOnlyError(StorageError):
    """The database is open read-only (written by a newer version): nothing can be changed."""


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('database_id', ?)", (uuid.uuid4().hex,))
    conn.execute("INSERT INTO meta VALUES ('writes', '0')")
    conn.execute(
        """CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            target TEXT NOT NULL CHECK (target IN ('paragraph', 'link', 'selection')),
            side TEXT NOT NULL CHECK (side IN ('zh', 'en')),
            fingerprint TEXT NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            position INTEGER NOT NULL,
            start INTEGER NOT NULL,
            partner TEXT,
            note TEXT NOT NULL,
            colour TEXT NOT NULL,
            tags TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            checksum TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX annotations_by_document ON annotations (document_id)")
    conn.execute(
        """CREATE TABLE documents (
            content_id TEXT PRIMARY KEY,
            family TEXT NOT NULL,
            title TEXT NOT NULL,
            sources TEXT NOT NULL,
            fingerprints TEXT NOT NULL,
            seen TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX documents_by_family ON documents (family)")
    conn.execute("CREATE TABLE palette (colour TEXT PRIMARY KEY, hex TEXT NOT NULL, meaning TEXT NOT NULL, "
                 "rank INTEGER NOT NULL)")


# MIGRATIONS[v] takes a database at schema version v to v + 1, inside one transaction.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_0_to_1]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class Recovery:
    """What happened when a damaged database was found at start-up."""

    reason: str
    damaged_copy: Path
    restored_from: str  # "backup", "database file" (its log set aside) or "" (nothing usable: started empty)
    restored_time: datetime | None
    salvaged: int = 0

    def message(self) -> str:
        when = self.restored_time.astimezone().strftime("%Y-%m-%d %H:%M") if self.restored_time else ""
        if self.restored_from == "backup":
            what = f"Restored the notes from the backup of {when}."
        elif self.restored_from == "database file":
            what = f"Kept the notes in the database file as of {when} and set its log aside."
        else:
            what = "No usable backup was found: started with an empty notes database."
        salvaged = f" Recovered {self.salvaged} newer note(s) from the damaged file." if self.salvaged else ""
        return (f"The notes database was damaged ({self.reason}). {what}{salvaged} "
                f"The damaged file was kept in {self.damaged_copy}.")


def _now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _friendly(exc: BaseException, path: Path, doing: str) -> StorageError:
    """A known-error message for the user from an OSError or sqlite3 error."""
    text = str(exc).lower()
    errno_ = getattr(exc, "errno", None)
    if "full" in text or errno_ == 28:
        reason = "the disk is full"
    elif "readonly" in text or "read-only" in text or errno_ in (13, 30) or "permission" in text:
        reason = "the folder is read-only or not writable"
    elif "unable to open" in text or errno_ in (2, 20):
        reason = "the folder cannot be created or opened"
    else:
        reason = str(exc) or type(exc).__name__
    return StorageError(f"Could not {doing}: {reason} ({path.parent}).")


def _read_header(path: Path) -> tuple[int, int, int, int]:
    """(page size, page count, user_version, application_id) from a database file's 100-byte header."""
    with path.open("rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(HEADER):
        raise ValueError("not a database file")
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", head[24:32])
    valid_for = struct.unpack(">I", head[92:96])[0]
    user_version = struct.unpack(">I", head[60:64])[0]
    application_id = struct.unpack(">I", head[68:72])[0]
    return page_size, page_count if valid_for == change_counter else 0, user_version, application_id


def _check_file(path: Path, expected_id: str | None = None) -> tuple[str | None, int, str | None]:
    """Open a database file and check it: (problem or None, user_version, database_id)."""
    try:
        page_size, page_count, _, _ = _read_header(path)
        size = path.stat().st_size
        if size == 0 or size % page_size or (page_count and size < page_count * page_size):
            return "the file is truncated", 0, None
        # Only ever called on scratch copies: a read-write connection may replay their log without harm.
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            result = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if result != ["ok"]:
                return f"quick_check: {result[0]}", 0, None
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if version == 0:
                # A fresh file; but a log that turns a notes database into something else is not ours.
                return ("its log belongs to another database" if expected_id is not None else None), 0, None
            if app_id != APPLICATION_ID:
                return ("its log belongs to another database" if expected_id is not None
                        else "it is not a notes database"), version, None
            database_id = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]
            if expected_id is not None and database_id != expected_id:
                return "its log belongs to another database", version, database_id
            if version <= SCHEMA_VERSION:
                from reader_app.storage.annotations import verify_rows

                bad = verify_rows(conn)
                if bad:
                    return f"{bad} note(s) fail their checksum", version, database_id
            return None, version, database_id
        finally:
            conn.close()
    except ValueError as exc:
        return str(exc), 0, None
    except (sqlite3.DatabaseError, TypeError) as exc:
        return f"cannot be read: {exc}", 0, None


class Database:
    """One writer connection to the notes database in `folder` (the user data folder by default).

    Opening checks the file and recovers from damage (see `recovery`); a file from a newer version is
    opened read-only (`read_only`, `notice`). Every `transaction()` is committed durably when it ends."""

    def __init__(self, folder: Path | str | None = None, *, backup_interval: float = BACKUP_INTERVAL) -> None:
        if folder is None:
            from reader_app.paths import data_dir

            try:
                folder = data_dir()
            except OSError as exc:
                raise _friendly(exc, Path(os.environ.get("BILINGUAL_READER_DATA_DIR", ".")) / DB_NAME,
                                "open the notes database") from exc
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self.backup_interval = backup_interval
        self.read_only = False
        self.notice = ""
        self.recovery: Recovery | None = None
        self._last_backup = 0.0
        self._conn: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _friendly(exc, self.path, "open the notes database") from exc
        self._open()

    # -- opening, checking, recovering ---------------------------------------------------------------

    def _open(self) -> None:
        try:
            self._open_checked()
        except OSError as exc:  # e.g. a read-only folder: not even the scratch copies for the checks can be made
            self.close()
            raise _friendly(exc, self.path, "open the notes database") from exc

    def _open_checked(self) -> None:
        self._remove_leftovers()
        version = 0
        if self.path.exists():
            problem, version = self._diagnose()
            if problem:
                self.recovery = self._recover(problem)
                self.notice = self.recovery.message()
                version = _read_header(self.path)[2] if self.path.exists() else 0
        if version > SCHEMA_VERSION:
            self._open_read_only(version)
            return
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0, check_same_thread=False)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise sqlite3.OperationalError(f"journal mode {mode} instead of wal")
            conn.execute("PRAGMA synchronous = FULL")
            self._conn = conn
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise _friendly(exc, self.path, "open the notes database") from exc
        if self.recovery is not None and self.recovery.restored_from != "database file":
            self._salvage_into_current()
        self._seed_last_backup()
        self.maybe_backup()

    def _remove_leftovers(self) -> None:
        """Half-made backups and scratch copies a crash left behind (never the database or a finished backup)."""
        leftovers = [*self.backup_folder.glob("*.partial"), Path(f"{self.path}.restoring")]
        # Scratch folders may belong to another instance starting right now: only old ones go.
        leftovers += [p for p in (*self.folder.glob(".check-*"), *self.folder.glob(".salvage-*"))
                      if time.time() - p.stat().st_mtime > 600]
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()

    def _diagnose(self) -> tuple[str | None, int]:
        """(problem or None, user_version) of the database file and its write-ahead log, read on copies so
        that nothing is replayed into the real file before it is known to be sound."""
        wal = Path(f"{self.path}-wal")
        with tempfile.TemporaryDirectory(dir=self.folder, prefix=".check-") as scratch:
            alone = Path(scratch) / "alone.sqlite3"
            shutil.copyfile(self.path, alone)
            problem, version, database_id = _check_file(alone)
            if problem:
                return f"database file: {problem}", version
            if wal.exists() and wal.stat().st_size > 0:
                combined = Path(scratch) / "combined.sqlite3"
                shutil.copyfile(self.path, combined)
                shutil.copyfile(wal, Path(f"{combined}-wal"))
                # A notes database's log must keep it the same notes database (a fresh file has no id yet).
                problem, version, _ = _check_file(combined, database_id if version else None)
                if problem:
                    return f"write-ahead log: {problem}", version
        return None, version

    def _recover(self, reason: str) -> Recovery:
        """Move the damaged files aside and put the newest sound copy in place: the database file without
        its log when only the log is bad, else the newest backup that passes integrity_check."""
        damaged = self.folder / DAMAGED_DIR / _now_stamp()
        try:
            damaged.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{self.path}{suffix}")
                if source.exists():
                    os.replace(source, damaged / (DB_NAME + suffix))
        except OSError as exc:
            raise _friendly(exc, self.path, "set the damaged notes database aside") from exc
        candidates: list[tuple[str, Path, datetime]] = []
        if reason.startswith("write-ahead log"):
            main = damaged / DB_NAME
            candidates.append(("database file", main, datetime.fromtimestamp(main.stat().st_mtime, UTC)))
        for backup in self.backups():
            candidates.append(("backup", backup, self._backup_time(backup)))
        for kind, source, when in candidates:
            trial = Path(f"{self.path}.restoring")
            try:
                shutil.copyfile(source, trial)
                if self._integrity_ok(trial):
                    os.replace(trial, self.path)
                    return Recovery(reason, damaged, kind, when)
            except OSError:
                pass
            with contextlib.suppress(OSError):
                trial.unlink()
        return Recovery(reason, damaged, "", None)

    def _salvage_into_current(self) -> None:
        """Copy into the restored database the notes of the damaged file that are sound and newer."""
        assert self.recovery is not None
        from reader_app.storage.annotations import salvage_rows

        count = salvage_rows(self.recovery.damaged_copy / DB_NAME, self)
        if count:
            self.recovery = Recovery(self.recovery.reason, self.recovery.damaged_copy, self.recovery.restored_from,
                                     self.recovery.restored_time, count)
            self.notice = self.recovery.message()

    @staticmethod
    def _integrity_ok(path: Path) -> bool:
        """integrity_check, our application id and every note's checksum, on a copy (a backup, or a file
        about to become the database)."""
        try:
            conn = sqlite3.connect(path)
            try:
                if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
                    return False
                if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    return False
                from reader_app.storage.annotations import verify_rows

                return verify_rows(conn) == 0
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return False

    def _open_read_only(self, version: int) -> None:
        self.read_only = True
        self.notice = (f"The notes database was written by a newer version of Bilingual Reader (schema {version}, "
                       f"this version reads {SCHEMA_VERSION}). Notes are shown read-only; the file is left unchanged.")
        try:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            raise _friendly(exc, self.path, "open the notes database") from exc

    def _migrate(self) -> None:
        conn = self.connection
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        while version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            version += 1
        self._checkpoint()

    # -- use ----------------------------------------------------------------------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("The notes database is closed.")
        return self._conn

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        conn = self.connection
        conn.row_factory = sqlite3.Row
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _friendly(exc, self.path, "read the notes") from exc
        finally:
            conn.row_factory = None

    @contextlib.contextmanager
    def transaction(self, doing: str = "save the note") -> Iterator[sqlite3.Connection]:
        """A write transaction, committed (and on disk) when the block ends; StorageError on failure, with
        nothing half-written."""
        if self.read_only:
            raise ReadOnlyError(f"Could not {doing}: the notes database is read-only ({self.notice})")
        conn = self.connection
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                # Every transaction rewrites the page holding database_id: a log copied from another notes
                # database then carries that database's id, and start-up sees it is foreign.
                conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'writes'")
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _friendly(exc, self.path, doing) from exc
        self._checkpoint()
        self.maybe_backup()

    def _checkpoint(self) -> None:
        # Copy the log into the database file at once: a lost or foreign -wal then loses nothing acknowledged.
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    # -- backups --------------------------------------------------------------------------------------

    @property
    def backup_folder(self) -> Path:
        return self.folder / BACKUP_DIR

    def backups(self) -> list[Path]:
        """Backups, newest first."""
        if not self.backup_folder.is_dir():
            return []
        return sorted(self.backup_folder.glob("notes-*.sqlite3"), reverse=True)

    @staticmethod
    def _backup_time(path: Path) -> datetime:
        stamp = path.stem.removeprefix("notes-")
        try:
            return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            return datetime.fromtimestamp(path.stat().st_mtime, UTC)

    def _seed_last_backup(self) -> None:
        backups = self.backups()
        self._last_backup = self._backup_time(backups[0]).timestamp() if backups else 0.0

    def maybe_backup(self) -> Path | None:
        """Back up when the last backup is older than the interval. Backup failures never fail a save."""
        if self.read_only or time.time() - self._last_backup < self.backup_interval:
            return None
        try:
            return self.backup()
        except StorageError:
            return None

    def backup(self) -> Path:
        """Copy the database with SQLite's backup API, verify the copy with integrity_check, and only then
        let it replace the oldest of the kept backups."""
        self.backup_folder.mkdir(parents=True, exist_ok=True)
        final = self.backup_folder / f"notes-{_now_stamp()}.sqlite3"
        partial = final.with_suffix(".partial")
        try:
            target = sqlite3.connect(partial)
            try:
                self.connection.backup(target)
                target.execute("PRAGMA journal_mode = DELETE").fetchall()
            finally:
                target.close()
            if not self._integrity_ok(partial):
                raise StorageError("Could not back up the notes: the copy failed its integrity check.")
            with partial.open("rb") as f:
                os.fsync(f.fileno())
            os.replace(partial, final)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise _friendly(exc, final, "back up the notes") from exc
        except StorageError:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        for old in self.backups()[KEEP_BACKUPS:]:
            with contextlib.suppress(OSError):
                old.unlink()
        self._last_backup = time.time()
        return final

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
