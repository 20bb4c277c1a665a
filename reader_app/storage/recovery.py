"""Damage to the notes database: file and integrity checks on scratch copies, setting damaged files aside,
restoring the newest sound copy, and salvaging the sound notes of a damaged file."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import struct
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader_app.storage import alignment_edits, journal, schema
from reader_app.storage.alignment_edits import StoredEdit
from reader_app.storage.errors import error_for
from reader_app.storage.model import Annotation
from reader_app.storage.schema import APPLICATION_ID, COLUMN_LIST, from_row, row_checksum

DAMAGED_DIR = "damaged"
HEADER = b"SQLite format 3\x00"
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"  # names damaged folders and backups


def now_stamp() -> str:
    return datetime.now(UTC).strftime(STAMP_FORMAT)


@dataclass(frozen=True, slots=True)
class Recovery:
    """What happened when a damaged database was found at start-up: where the notes came from, how many are in
    the database now (`restored`) and how many known notes could not be brought back (`lost`)."""

    reason: str
    damaged_copy: Path
    restored_from: str  # "backup", "database file" (its log set aside) or "" (no usable copy: rebuilt from scratch)
    restored_time: datetime | None
    salvaged: int = 0  # notes of the damaged file that were newer than the copy restored
    restored: int = 0
    lost: int = 0

    def message(self) -> str:
        when = self.restored_time.astimezone().strftime("%Y-%m-%d %H:%M") if self.restored_time else ""
        counts = (f"{self.restored} {'note' if self.restored == 1 else 'notes'} restored, "
                  f"{self.lost} could not be recovered")
        if self.restored_from == "backup":
            what = f"Restored the notes from the backup of {when} and the change journal: {counts}."
        elif self.restored_from == "database file":
            what = (f"Kept the notes in the database file as of {when}, set its log aside and replayed the change "
                    f"journal: {counts}.")
        else:
            what = ("No usable backup was found: rebuilt the notes from the change journal and the damaged file: "
                    f"{counts}.")
        return (f"The notes database was damaged ({self.reason}). {what} "
                f"The damaged file was kept in {self.damaged_copy}.")


def read_header(path: Path) -> tuple[int, int, int, int]:
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


def verify_rows(conn: sqlite3.Connection) -> int:
    """How many stored annotations (and alignment edits) fail their checksum (content damage SQLite's own checks
    cannot see)."""
    return (sum(row_checksum(row[:-1]) != row[-1] for row in conn.execute(f"SELECT {COLUMN_LIST} FROM annotations"))
            + alignment_edits.verify_rows(conn))


def check_file(path: Path, expected_id: str | None = None) -> tuple[str | None, int, str | None]:
    """Open a database file and check it: (problem or None, user_version, database_id). Every error is the file's
    damage here, never a bug: the file may be anything."""
    try:
        page_size, page_count, _, _ = read_header(path)
        size = path.stat().st_size
        if size == 0 or size % page_size or (page_count and size < page_count * page_size):
            return "the file is truncated", 0, None
        # Only ever called on scratch copies: a read-write connection may replay their log without harm.
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            result = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if result != ["ok"]:
                # SQLite's report spans lines; the reason is shown in a one-line message.
                return f"quick_check: {' '.join(result[0].replace('***', ' ').split())}", 0, None
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
            if version <= schema.SCHEMA_VERSION:
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


def integrity_ok(path: Path) -> bool:
    """integrity_check, our application id and every note's checksum, on a copy (a backup, or a file
    about to become the database)."""
    try:
        conn = sqlite3.connect(path)
        try:
            if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
                return False
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return False
            return verify_rows(conn) == 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def backup_writes(backup: Path, database_id: str) -> int:
    """The `writes` counter of the database a backup was taken of; 0 (so that every journal line is kept) when
    it cannot be read or is of another database."""
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('writes', 'database_id')"))
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
    return int(rows.get("writes", 0)) if rows.get("database_id") == database_id else 0


def remove_leftovers(path: Path, backup_folder: Path) -> None:
    """Half-made backups and scratch copies a crash left behind (never the database or a finished backup)."""
    folder = path.parent
    leftovers = [*backup_folder.glob("*.partial"), Path(f"{path}.restoring"),
                 folder / f"{journal.JOURNAL_NAME}.partial"]
    # Scratch folders may belong to another instance starting right now: only old ones go.
    leftovers += [p for p in (*folder.glob(".check-*"), *folder.glob(".salvage-*"))
                  if time.time() - p.stat().st_mtime > 600]
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()


def diagnose(path: Path) -> tuple[str | None, int]:
    """(problem or None, user_version) of the database file and its write-ahead log, read on copies so
    that nothing is replayed into the real file before it is known to be sound."""
    wal = Path(f"{path}-wal")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".check-") as scratch:
        alone = Path(scratch) / "alone.sqlite3"
        shutil.copyfile(path, alone)
        problem, version, database_id = check_file(alone)
        if problem:
            return f"database file: {problem}", version
        if wal.exists() and wal.stat().st_size > 0:
            combined = Path(scratch) / "combined.sqlite3"
            shutil.copyfile(path, combined)
            shutil.copyfile(wal, Path(f"{combined}-wal"))
            # A notes database's log must keep it the same notes database (a fresh file has no id yet).
            problem, version, _ = check_file(combined, database_id if version else None)
            if problem:
                return f"write-ahead log: {problem}", version
    return None, version


def recover(path: Path, reason: str, backups: Iterable[tuple[Path, datetime]]) -> Recovery:
    """Move the damaged files aside and put the newest sound copy in place: the database file without
    its log when only the log is bad, else the newest of `backups` (path, time; newest first) that passes
    integrity_check."""
    damaged = path.parent / DAMAGED_DIR / now_stamp()
    try:
        damaged.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.replace(source, damaged / (path.name + suffix))
        kept_journal = path.parent / journal.JOURNAL_NAME
        if kept_journal.exists():  # it stays in use (it is replayed); a copy goes with the damaged files
            shutil.copyfile(kept_journal, damaged / kept_journal.name)
    except OSError as exc:
        raise error_for(exc, path, "set the damaged notes database aside") from exc
    candidates: list[tuple[str, Path, datetime]] = []
    if reason.startswith("write-ahead log"):
        main = damaged / path.name
        candidates.append(("database file", main, datetime.fromtimestamp(main.stat().st_mtime, UTC)))
    for backup, when in backups:
        candidates.append(("backup", backup, when))
    for kind, source, when in candidates:
        trial = Path(f"{path}.restoring")
        try:
            shutil.copyfile(source, trial)
            if integrity_ok(trial):
                os.replace(trial, path)
                return Recovery(reason, damaged, kind, when)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            trial.unlink()
    return Recovery(reason, damaged, "", None)


def salvage_rows(damaged: Path, scratch_dir: Path) -> list[Annotation]:
    """The sound annotations (those whose checksum holds) of a damaged database file (see `salvage`)."""
    return salvage(damaged, scratch_dir)[0]


def salvage(damaged: Path, scratch_dir: Path) -> tuple[list[Annotation], set[str]]:
    """(the sound annotations, the ids of rows that fail their checksum) of a damaged database file, read from a
    copy made in `scratch_dir` whose header magic is put back first. Best effort: whatever cannot be read is
    left behind, and both the table and its id index are walked so that one unreadable page hides less."""
    if not damaged.exists():
        return [], set()
    found: dict[str, Annotation] = {}
    unsound: set[str] = set()
    with tempfile.TemporaryDirectory(dir=scratch_dir, prefix=".salvage-") as scratch:
        conn = _readable_copy(damaged, Path(scratch))
        if conn is None:
            return [], set()
        try:
            for order in ("id", "rowid"):
                _read_rows(conn, order, found, unsound)
        finally:
            conn.close()
    return list(found.values()), unsound - set(found)


def _readable_copy(damaged: Path, scratch: Path) -> sqlite3.Connection | None:
    """A connection to a copy of a damaged file in `scratch`, its header magic put back; None when none opens."""
    copy = scratch / "damaged.sqlite3"
    try:
        shutil.copyfile(damaged, copy)
        with copy.open("r+b") as f:
            if f.read(len(HEADER)) != HEADER:
                f.seek(0)
                f.write(HEADER)
        return sqlite3.connect(copy)
    except (OSError, sqlite3.Error):
        return None


def salvage_edits(damaged: Path, scratch_dir: Path) -> list[StoredEdit]:
    """The sound alignment edits (those whose checksum holds) of a damaged database file, read as `salvage` reads
    the notes (by rowid only: they are few, and the journal has the rest)."""
    if not damaged.exists():
        return []
    found: dict[str, StoredEdit] = {}
    with tempfile.TemporaryDirectory(dir=scratch_dir, prefix=".salvage-") as scratch:
        conn = _readable_copy(damaged, Path(scratch))
        if conn is None:
            return []
        try:
            last = -1
            while True:
                try:
                    rows = conn.execute(f"SELECT rowid, {alignment_edits.EDIT_COLUMN_LIST} FROM alignment_edits "
                                        "WHERE rowid > ? ORDER BY rowid LIMIT 200", (last,)).fetchall()
                except sqlite3.Error:
                    break
                if not rows or not _after(rows[-1][0], last):
                    break
                last = rows[-1][0]
                for row in rows:
                    try:
                        edit, ok = alignment_edits.from_row(row[1:])
                    except (ValueError, TypeError, json.JSONDecodeError):
                        continue
                    if ok:
                        found[edit.id] = edit
        finally:
            conn.close()
    return list(found.values())


def _read_rows(conn: sqlite3.Connection, order: str, found: dict[str, Annotation], unsound: set[str]) -> None:
    last: str | int = "" if order == "id" else -1
    while True:
        try:
            rows = conn.execute(f"SELECT {order}, {COLUMN_LIST} FROM annotations WHERE {order} > ? "
                                f"ORDER BY {order} LIMIT 200", (last,)).fetchall()
        except sqlite3.Error:
            return
        # A damaged index may hand back keys out of order: stop unless the walk moves forward.
        if not rows or not _after(rows[-1][0], last):
            return
        last = rows[-1][0]
        for row in rows:
            try:
                annotation, ok = from_row(row[1:])
            except (ValueError, TypeError, KeyError, json.JSONDecodeError):
                ok = False
            if ok:
                found[annotation.id] = annotation
            elif isinstance(row[1], str):
                unsound.add(row[1])


def _after(key: object, last: str | int) -> bool:
    if isinstance(key, str) and isinstance(last, str):
        return key > last
    return isinstance(key, int) and isinstance(last, int) and key > last


def rebuild(conn: sqlite3.Connection, restored: Recovery, contents: journal.Contents,
            salvaged: tuple[list[Annotation], set[str]], salvaged_edits: Iterable[StoredEdit] = ()) -> Recovery:
    """On the copy put in place by `recover` (opened and migrated, no journal triggers yet): merge the sound rows
    salvaged from the damaged file (notes, and alignment edits by the same rule), then replay the journal entries
    the copy lacks, in one transaction. Returns `restored` with the counts (of notes) for its message."""
    sound, unsound = salvaged
    conn.execute("BEGIN IMMEDIATE")
    try:
        database_id = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]
        writes = int(conn.execute("SELECT value FROM meta WHERE key = 'writes'").fetchone()[0])
        if not restored.restored_from and contents.entries:
            # A fresh database: it takes the lost one's identity, so that its journal applies from the start.
            database_id, writes = contents.entries[-1].database_id, 0
            conn.execute("UPDATE meta SET value = ? WHERE key = 'database_id'", (database_id,))
        count = schema.merge_rows(conn, sound).added_or_updated
        alignment_edits.merge_rows(conn, salvaged_edits)
        final = journal.replay(conn, contents, database_id, writes)
        present = {row[0] for row in conn.execute("SELECT id FROM annotations")}
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    lost = {i for i in unsound | contents.damaged_ids if i not in present and final.get(i, True)}
    return Recovery(restored.reason, restored.damaged_copy, restored.restored_from, restored.restored_time, count,
                    len(present), len(lost))
