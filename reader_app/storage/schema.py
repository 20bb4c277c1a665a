"""The notes database's schema: its migrations, the annotation columns, and the row form of an Annotation."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence

from reader_app.core.anchoring import Anchor
from reader_app.storage.model import Annotation, MergeResult, TargetKind, anchor_from_json, anchor_to_json

APPLICATION_ID = 0x42524E31  # "BRN1": tells our files from other SQLite files


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    # A migration is history: it keeps its literal DDL even when COLUMNS changes later (a test holds COLUMNS to
    # the table the migrations build).
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


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    # The reader's alignment edits (issue 13): each row one pinned link of one document in one unit of alignment,
    # keyed by the units' fingerprints (ids), never by link index, so that it survives moving and re-encoding.
    conn.execute(
        """CREATE TABLE alignment_edits (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            unit TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('manual', 'confirmed')),
            zh TEXT NOT NULL,
            en TEXT NOT NULL,
            zh_position INTEGER NOT NULL,
            en_position INTEGER NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            checksum TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX alignment_edits_by_document ON alignment_edits (document_id, unit)")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    # The reader's vocabulary (issue 17): saved words with the sentence they came from and its counterpart.
    conn.execute(
        """CREATE TABLE vocabulary (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            word TEXT NOT NULL,
            simplified TEXT NOT NULL,
            traditional TEXT NOT NULL,
            pinyin TEXT NOT NULL,
            senses TEXT NOT NULL,
            sentence TEXT NOT NULL,
            counterpart TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            checksum TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX vocabulary_by_word ON vocabulary (word)")


# MIGRATIONS[v] takes a database at schema version v to v + 1, inside one transaction. Read both names through
# this module (schema.SCHEMA_VERSION), so that a test patching them here is seen everywhere.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3]
SCHEMA_VERSION = len(MIGRATIONS)

# The annotations table as the current schema has it, in row order; the checksum comes last.
COLUMNS = ("id", "document_id", "target", "side", "fingerprint", "quote", "prefix", "suffix", "position", "start",
           "partner", "note", "colour", "tags", "created", "modified", "checksum")
COLUMN_LIST = ", ".join(COLUMNS)
# The vocabulary table as the current schema has it (storage/vocabulary.py), in row order; the checksum comes last.
VOCABULARY_COLUMNS = ("id", "document_id", "word", "simplified", "traditional", "pinyin", "senses", "sentence",
                      "counterpart", "fingerprint", "created", "modified", "checksum")
PLACEHOLDERS = ", ".join("?" * len(COLUMNS))
REPLACE_ROW = f"INSERT OR REPLACE INTO annotations ({COLUMN_LIST}) VALUES ({PLACEHOLDERS})"


def row_checksum(values: Sequence) -> str:
    """Checksum of a row's stored values (all columns but the checksum), cheap enough to verify every row at
    start-up."""
    h = hashlib.blake2b(digest_size=16)
    for value in values:
        h.update(b"\x1f" + ("\x00" if value is None else str(value)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def checksum(annotation: Annotation) -> str:
    return to_row(annotation)[-1]


def to_row(a: Annotation) -> tuple:
    partner = json.dumps(anchor_to_json(a.partner), ensure_ascii=False) if a.partner else None
    values = (a.id, a.document_id, a.target.value, a.anchor.side, a.anchor.fingerprint, a.anchor.quote,
              a.anchor.prefix, a.anchor.suffix, a.anchor.position, a.anchor.start, partner, a.note, a.colour,
              json.dumps(list(a.tags), ensure_ascii=False), a.created, a.modified)
    return (*values, row_checksum(values))


def from_row(row: Sequence, verify: bool = True) -> tuple[Annotation, bool]:
    """(annotation, checksum ok) from a row in COLUMNS order (ok is always True without `verify`: the
    checksums were verified when the database was opened)."""
    (id_, document_id, target, side, fp, quote, prefix, suffix, position, start, partner, note, colour, tags,
     created, modified, stored_checksum) = row
    annotation = Annotation(id_, document_id, TargetKind(target), Anchor(side, fp, quote, prefix, suffix, position,
                                                                         start),
                            anchor_from_json(json.loads(partner)) if partner else None, note, colour,
                            tuple(json.loads(tags)), created, modified)
    return annotation, (not verify) or row_checksum(row[:-1]) == stored_checksum


def merge_rows(conn: sqlite3.Connection, annotations: Iterable[Annotation]) -> MergeResult:
    """Within the caller's transaction: add unknown notes, replace known ones whose copy is newer, leave the rest
    (the one rule for which copy of a note wins, shared by import and salvage). A note is known when its id is
    stored *for the same document*: the same id on another document is another note (a copy made elsewhere), so
    it is added as a copy (Annotation.copied_to) and never moves or overwrites the stored one."""
    added = updated = unchanged = 0
    for annotation in annotations:
        row = conn.execute("SELECT document_id, modified, checksum FROM annotations WHERE id = ?",
                           (annotation.id,)).fetchone()
        if row is not None and row[0] != annotation.document_id:
            annotation = annotation.copied_to(annotation.document_id)
            row = conn.execute("SELECT document_id, modified, checksum FROM annotations WHERE id = ?",
                               (annotation.id,)).fetchone()
        if row is None:
            added += 1
        elif row[1] < annotation.modified or (row[1] == annotation.modified
                                              and row[2] != checksum(annotation)
                                              and checksum(annotation) > row[2]):
            # Equal times but different content: the larger checksum wins, so both orders agree.
            updated += 1
        else:
            unchanged += 1
            continue
        conn.execute(REPLACE_ROW, to_row(annotation))
    return MergeResult(added, updated, unchanged)
