"""The change journal beside the notes database: one checksummed line per committed transaction, replayed onto a
backup when the database file is damaged.

A line is `<blake2b-128 hex of BODY> BODY\\n`, BODY one line of JSON:
`{"db": database_id, "seq": writes, "put": {table: [row, ...]}, "del": {table: [key, ...]}}` with each row in the
table's column order (TABLES) and `seq` the database's `writes` counter after the transaction. A line is written and
fsync'd inside the transaction, before COMMIT, and cut off again when COMMIT fails; so every acknowledged change is
in the journal, and a line whose seq the database never reached (a commit its log lost at a power cut, or a crash
between the line and COMMIT) is replayed at the next open.
The journal keeps the changes the oldest kept backup lacks; older lines are dropped when a backup is verified."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reader_app.storage.alignment_edits import EDIT_COLUMNS
from reader_app.storage.schema import COLUMNS, VOCABULARY_COLUMNS

JOURNAL_NAME = "annotations.journal"

# The tables whose changes are journalled: (key column, columns in row order). meta is not: the line carries it.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "annotations": ("id", COLUMNS),
    "palette": ("colour", ("colour", "hex", "meaning", "rank")),
    "documents": ("content_id", ("content_id", "family", "title", "sources", "fingerprints", "seen")),
    "alignment_edits": ("id", EDIT_COLUMNS),
    "vocabulary": ("id", VOCABULARY_COLUMNS),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One committed transaction: rows written (whole, in column order) and keys deleted, per table."""

    database_id: str
    seq: int
    put: dict[str, list[list]] = field(default_factory=dict)
    delete: dict[str, list[str]] = field(default_factory=dict)

    def encode(self) -> bytes:
        body = json.dumps({"db": self.database_id, "seq": self.seq, "put": self.put, "del": self.delete},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        return _digest(body) + b" " + body + b"\n"


@dataclass(slots=True)
class Contents:
    """A journal as read: its sound entries in order, the note ids named by damaged lines (their content is not
    trusted, but the notes existed), and whether every line was sound."""

    entries: list[Entry] = field(default_factory=list)
    damaged_ids: set[str] = field(default_factory=set)
    lines: int = 0


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode()


def _entry(body: bytes) -> Entry:
    data = json.loads(body)
    return Entry(str(data["db"]), int(data["seq"]), dict(data.get("put", {})), dict(data.get("del", {})))


def read(path: Path) -> Contents:
    contents = Contents()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return contents
    for line in raw.split(b"\n"):
        if not line:
            continue
        contents.lines += 1
        digest, _, body = line.partition(b" ")
        try:
            entry = _entry(body)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # torn or garbled beyond reading: nothing to learn from it
        if digest == _digest(body):
            contents.entries.append(entry)
        else:
            with contextlib.suppress(TypeError, IndexError):
                contents.damaged_ids.update(str(row[0]) for row in entry.put.get("annotations", []))
    return contents


def install(conn: sqlite3.Connection) -> None:
    """Per-connection (TEMP) triggers that note the key of every row a transaction changes; nothing of this is
    stored in the database file."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS journal_changes (tbl TEXT NOT NULL, key TEXT NOT NULL, "
                 "PRIMARY KEY (tbl, key)) WITHOUT ROWID")
    for table, (key, _) in TABLES.items():
        note = "INSERT OR IGNORE INTO journal_changes VALUES ('{table}', {row}.{key});"
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(note.format(table=table, row=row, key=key) for row in rows)
            conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS journal_{table}_{event.lower()} AFTER {event} "
                         f"ON main.{table} BEGIN {body} END")


def collect(conn: sqlite3.Connection, database_id: str, seq: int) -> Entry | None:
    """Within the transaction, before COMMIT: the entry for what it changed (None when it changed no row)."""
    changed = conn.execute("SELECT tbl, key FROM temp.journal_changes").fetchall()
    if not changed:
        return None
    entry = Entry(database_id, seq)
    for table, key in changed:
        key_column, columns = TABLES[table]
        row = conn.execute(f"SELECT {', '.join(columns)} FROM main.{table} WHERE {key_column} = ?",
                           (key,)).fetchone()
        if row is None:
            entry.delete.setdefault(table, []).append(key)
        else:
            entry.put.setdefault(table, []).append(list(row))
    conn.execute("DELETE FROM temp.journal_changes")
    return entry


def apply(conn: sqlite3.Connection, entry: Entry) -> None:
    """Replay one entry within the caller's transaction."""
    for table, rows in entry.put.items():
        _, columns = TABLES[table]
        sql = f"INSERT OR REPLACE INTO main.{table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.executemany(sql, [tuple(row) for row in rows])
    for table, keys in entry.delete.items():
        key_column, _ = TABLES[table]
        conn.executemany(f"DELETE FROM main.{table} WHERE {key_column} = ?", [(key,) for key in keys])


def replay(conn: sqlite3.Connection, contents: Contents, database_id: str, writes: int) -> dict[str, bool]:
    """Within the caller's transaction: apply, in order, the entries of this database past its counter `writes`,
    and move the counter to the last one. Returns note id -> present, the journal's last word on each note."""
    final: dict[str, bool] = {}
    for entry in contents.entries:
        if entry.database_id != database_id or entry.seq <= writes:
            continue
        apply(conn, entry)
        final.update((str(row[0]), True) for row in entry.put.get("annotations", []))
        final.update((str(key), False) for key in entry.delete.get("annotations", []))
        writes = entry.seq
    # The counter goes on from the last line replayed, so new lines follow the old ones in order.
    conn.execute("UPDATE meta SET value = ? WHERE key = 'writes'", (str(writes),))
    return final


class ChangeJournal:
    """The append-only journal file. Appends happen under the database's write lock (inside BEGIN IMMEDIATE), so
    two instances never interleave; a file replaced by another instance's rewrite is reopened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: int | None = None

    def _fd(self) -> int:
        if self._file is not None:
            try:
                same = os.stat(self.path).st_ino == os.fstat(self._file).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return self._file
            self.close()
        self._file = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return self._file

    def append(self, entry: Entry) -> int:
        """Write and fsync one entry; returns the journal's size before it (for `cut`)."""
        fd = self._fd()
        size = os.fstat(fd).st_size
        data = entry.encode()
        try:
            while data:
                data = data[os.write(fd, data):]
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
        return size

    def cut(self, size: int) -> None:
        """Take back what was appended after `size` (its transaction did not commit)."""
        with contextlib.suppress(OSError):
            fd = self._fd()
            os.ftruncate(fd, size)
            os.fsync(fd)

    def rewrite(self, entries: list[Entry]) -> None:
        """Replace the journal by these entries (written aside, fsync'd, then renamed over it)."""
        partial = self.path.with_name(self.path.name + ".partial")
        with partial.open("wb") as f:
            f.write(b"".join(entry.encode() for entry in entries))
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, self.path)
        self.close()
        with contextlib.suppress(OSError):
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def close(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                os.close(self._file)
            self._file = None
