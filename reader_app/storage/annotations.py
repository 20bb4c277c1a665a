"""Annotations and their colour palette, stored in the notes database; every change is committed at once."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from reader_app.core.anchoring import Anchor, Placement, reanchor
from reader_app.core.model import Document

if TYPE_CHECKING:
    from reader_app.storage.database import Database


class TargetKind(StrEnum):
    PARAGRAPH = "paragraph"
    LINK = "link"
    SELECTION = "selection"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note on a paragraph, a link (both sides: `partner` anchors the other side) or a selection.

    `document_id` is the content id of the document it was made on; `anchor` says where (never a link
    index: re-alignment changes those)."""

    id: str
    document_id: str
    target: TargetKind
    anchor: Anchor
    partner: Anchor | None = None
    note: str = ""
    colour: str = "yellow"
    tags: tuple[str, ...] = ()
    created: str = field(default_factory=now_iso)
    modified: str = ""

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)
        object.__setattr__(self, "target", TargetKind(self.target))
        object.__setattr__(self, "tags", tuple(self.tags))

    @classmethod
    def create(cls, document_id: str, target: TargetKind | str, anchor: Anchor, partner: Anchor | None = None, *,
               note: str = "", colour: str = "yellow", tags: Sequence[str] = ()) -> Annotation:
        return cls(uuid.uuid4().hex, document_id, TargetKind(target), anchor, partner, note, colour,
                   normalise_tags(tags))

    def edited(self, **changes: object) -> Annotation:
        """A copy with the changes and a new modification time."""
        if "tags" in changes:
            changes["tags"] = normalise_tags(changes["tags"])  # type: ignore[arg-type]
        return replace(self, **changes, modified=now_iso())  # type: ignore[arg-type]

    @property
    def side(self) -> str:
        return self.anchor.side

    def anchors(self) -> tuple[Anchor, ...]:
        return (self.anchor,) if self.partner is None else (self.anchor, self.partner)

    def to_json(self) -> dict:
        """The versioned export form (also what the row checksum covers)."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "target": self.target.value,
            "anchor": anchor_to_json(self.anchor),
            "partner": anchor_to_json(self.partner) if self.partner else None,
            "note": self.note,
            "colour": self.colour,
            "tags": list(self.tags),
            "created": self.created,
            "modified": self.modified,
        }

    @classmethod
    def from_json(cls, data: dict) -> Annotation:
        """Raises ValueError (or KeyError/TypeError) on malformed input."""
        partner = data.get("partner")
        annotation = cls(
            id=str(data["id"]),
            document_id=str(data["document_id"]),
            target=TargetKind(data["target"]),
            anchor=anchor_from_json(data["anchor"]),
            partner=anchor_from_json(partner) if partner else None,
            note=str(data.get("note", "")),
            colour=str(data.get("colour", "yellow")),
            tags=normalise_tags(data.get("tags", [])),
            created=str(data["created"]),
            modified=str(data.get("modified") or data["created"]),
        )
        if not annotation.id or not annotation.document_id:
            raise ValueError("annotation without id or document id")
        return annotation


def normalise_tags(tags: Iterable[str] | str) -> tuple[str, ...]:
    """Tags trimmed, empty ones and repeats dropped, order kept. A string is split at commas."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: dict[str, None] = {}
    for tag in tags:
        tag = " ".join(str(tag).split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def anchor_to_json(anchor: Anchor) -> dict:
    return {"side": anchor.side, "fingerprint": anchor.fingerprint, "quote": anchor.quote, "prefix": anchor.prefix,
            "suffix": anchor.suffix, "position": anchor.position, "start": anchor.start}


def anchor_from_json(data: dict) -> Anchor:
    side = str(data["side"])
    if side not in ("zh", "en"):
        raise ValueError(f"unknown side {side!r}")
    return Anchor(side, str(data["fingerprint"]), str(data["quote"]), str(data.get("prefix", "")),
                  str(data.get("suffix", "")), int(data.get("position", 0)), int(data.get("start", -1)))


def _row_checksum(values: Sequence) -> str:
    """Checksum of a row's stored values (all columns but the checksum), cheap enough to verify every row at
    start-up."""
    h = hashlib.blake2b(digest_size=16)
    for value in values:
        h.update(b"\x1f" + ("\x00" if value is None else str(value)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _checksum(annotation: Annotation) -> str:
    return _to_row(annotation)[-1]


_COLUMNS = ("id, document_id, target, side, fingerprint, quote, prefix, suffix, position, start, partner, note, "
            "colour, tags, created, modified, checksum")


def _to_row(a: Annotation) -> tuple:
    partner = json.dumps(anchor_to_json(a.partner), ensure_ascii=False) if a.partner else None
    values = (a.id, a.document_id, a.target.value, a.anchor.side, a.anchor.fingerprint, a.anchor.quote,
              a.anchor.prefix, a.anchor.suffix, a.anchor.position, a.anchor.start, partner, a.note, a.colour,
              json.dumps(list(a.tags), ensure_ascii=False), a.created, a.modified)
    return (*values, _row_checksum(values))


def _from_row(row: Sequence, verify: bool = True) -> tuple[Annotation, bool]:
    """(annotation, checksum ok) from a row in _COLUMNS order (ok is always True without `verify`: the
    checksums were verified when the database was opened)."""
    (id_, document_id, target, side, fp, quote, prefix, suffix, position, start, partner, note, colour, tags,
     created, modified, checksum) = row
    annotation = Annotation(id_, document_id, TargetKind(target), Anchor(side, fp, quote, prefix, suffix, position,
                                                                         start),
                            anchor_from_json(json.loads(partner)) if partner else None, note, colour,
                            tuple(json.loads(tags)), created, modified)
    return annotation, (not verify) or _row_checksum(row[:-1]) == checksum


def verify_rows(conn: sqlite3.Connection) -> int:
    """How many stored annotations fail their checksum (content damage SQLite's own checks cannot see)."""
    return sum(_row_checksum(row[:-1]) != row[-1] for row in conn.execute(f"SELECT {_COLUMNS} FROM annotations"))


def salvage_rows(damaged: Path, database: Database) -> int:
    """Copy the sound annotations of a damaged database file (those whose checksum holds) that the current
    database lacks or has in an older version. Best effort: returns how many were copied."""
    if not damaged.exists():
        return 0
    found: dict[str, Annotation] = {}
    with tempfile.TemporaryDirectory(dir=database.folder, prefix=".salvage-") as scratch:
        copy = Path(scratch) / "damaged.sqlite3"
        try:
            shutil.copyfile(damaged, copy)
            conn = sqlite3.connect(copy)
        except (OSError, sqlite3.Error):
            return 0
        try:
            last = ""
            # Read in rowid-free chunks by id so that one unreadable page does not hide the rest.
            while True:
                try:
                    rows = conn.execute(f"SELECT {_COLUMNS} FROM annotations WHERE id > ? ORDER BY id LIMIT 200",
                                        (last,)).fetchall()
                except sqlite3.Error:
                    break
                if not rows:
                    break
                for row in rows:
                    last = row[0]
                    with contextlib.suppress(ValueError, TypeError, KeyError, json.JSONDecodeError):
                        annotation, ok = _from_row(row)
                        if ok:
                            found[annotation.id] = annotation
        finally:
            conn.close()
    if not found:
        return 0
    return AnnotationStore(database).merge(found.values()).added_or_updated


@dataclass(frozen=True, slots=True)
class Colour:
    """A palette entry: a key stored with each annotation, its display colour and the meaning the user gave."""

    key: str
    hex: str
    meaning: str


DEFAULT_PALETTE = (
    Colour("yellow", "#f6d55c", "Important"),
    Colour("green", "#8fd694", "Good translation"),
    Colour("blue", "#7fb8f0", "Question"),
    Colour("red", "#f08080", "Translation problem"),
    Colour("purple", "#c3a6e8", "Vocabulary"),
)


@dataclass(frozen=True, slots=True)
class MergeResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def added_or_updated(self) -> int:
        return self.added + self.updated


class AnnotationStore:
    """Annotations of all documents. Each method that changes something commits before it returns."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- annotations -----------------------------------------------------------------------------------

    def save(self, annotation: Annotation) -> Annotation:
        """Insert or replace (same id) one annotation; durable when this returns, StorageError otherwise."""
        with self.database.transaction("save the note") as conn:
            conn.execute(f"INSERT OR REPLACE INTO annotations ({_COLUMNS}) VALUES ({', '.join('?' * 17)})",
                         _to_row(annotation))
        return annotation

    def delete(self, annotation_id: str) -> Annotation | None:
        """Delete one annotation; returns it (for undo) or None if there was none."""
        existing = self.get(annotation_id)
        if existing is None:
            return None
        with self.database.transaction("delete the note") as conn:
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
        return existing

    def get(self, annotation_id: str) -> Annotation | None:
        rows = self.database.query(f"SELECT {_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,))
        return _from_row(tuple(rows[0]), verify=False)[0] if rows else None

    def for_documents(self, document_ids: Iterable[str]) -> list[Annotation]:
        ids = list(dict.fromkeys(document_ids))
        if not ids:
            return []
        rows = self.database.query(
            f"SELECT {_COLUMNS} FROM annotations WHERE document_id IN ({', '.join('?' * len(ids))}) "
            "ORDER BY created, rowid", tuple(ids))
        return [_from_row(tuple(r), verify=False)[0] for r in rows]

    def all(self) -> list[Annotation]:
        rows = self.database.query(f"SELECT {_COLUMNS} FROM annotations ORDER BY created, rowid")
        return [_from_row(tuple(r), verify=False)[0] for r in rows]

    def merge(self, annotations: Iterable[Annotation]) -> MergeResult:
        """Import: add unknown ids, update known ones whose copy is newer, leave the rest. Idempotent; one
        transaction for all."""
        added = updated = unchanged = 0
        incoming = list(annotations)
        with self.database.transaction("import the notes") as conn:
            for annotation in incoming:
                row = conn.execute("SELECT modified, checksum FROM annotations WHERE id = ?",
                                   (annotation.id,)).fetchone()
                if row is None:
                    added += 1
                elif row[0] < annotation.modified or (row[0] == annotation.modified
                                                      and row[1] != _checksum(annotation)
                                                      and _checksum(annotation) > row[1]):
                    # Equal times but different content: the larger checksum wins, so both orders agree.
                    updated += 1
                else:
                    unchanged += 1
                    continue
                conn.execute(f"INSERT OR REPLACE INTO annotations ({_COLUMNS}) VALUES ({', '.join('?' * 17)})",
                             _to_row(annotation))
        return MergeResult(added, updated, unchanged)

    # -- documents: the versions of one text share their notes -----------------------------------------

    def register_document(self, document: Document) -> list[str]:
        """Record this version of a document and return the content ids of all its known versions (this one
        first). A new version is joined to an earlier one by shared paragraphs or by the same source files."""
        content_id = document.content_id
        fingerprints = {"zh": [p.fingerprint for p in document.zh.paragraphs],
                        "en": [p.fingerprint for p in document.en.paragraphs]}
        rows = self.database.query("SELECT family FROM documents WHERE content_id = ?", (content_id,))
        if rows:
            family = rows[0][0]
        else:
            family = self._closest_family(document, fingerprints) or content_id
            if not self.database.read_only:
                with self.database.transaction("remember the document") as conn:
                    conn.execute("INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                                 (content_id, family, document.title, json.dumps(list(document.sources)),
                                  json.dumps(fingerprints), now_iso()))
        members = [r[0] for r in self.database.query(
            "SELECT content_id FROM documents WHERE family = ? ORDER BY seen DESC", (family,))]
        # Notes made on a version that was never registered (imported ones) still belong to their own id.
        return [content_id, *[m for m in members if m != content_id]]

    def _closest_family(self, document: Document, fingerprints: dict[str, list[str]]) -> str | None:
        mine = set(fingerprints["zh"]) | set(fingerprints["en"])
        sources = {str(Path(s).resolve()) for s in document.sources}
        best, best_share = None, 0.0
        for family, theirs_json, sources_json in self.database.query(
                "SELECT family, fingerprints, sources FROM documents"):
            theirs = json.loads(theirs_json)
            theirs_set = set(theirs.get("zh", [])) | set(theirs.get("en", []))
            share = len(mine & theirs_set) / max(1, min(len(mine), len(theirs_set)))
            if sources and sources == {str(Path(s).resolve()) for s in json.loads(sources_json)}:
                share = max(share, 0.5)
            if share > best_share:
                best, best_share = family, share
        # Half the paragraphs in common (or the same files): another version of the same text.
        return best if best_share >= 0.5 else None

    # -- palette ---------------------------------------------------------------------------------------

    def palette(self) -> list[Colour]:
        named = {r[0]: Colour(r[0], r[1], r[2]) for r in self.database.query(
            "SELECT colour, hex, meaning FROM palette ORDER BY rank")}
        return [named.pop(c.key, c) for c in DEFAULT_PALETTE] + list(named.values())

    def name_colour(self, key: str, meaning: str) -> Colour:
        """Give a palette colour a meaning of the user's choosing."""
        base = next((c for c in self.palette() if c.key == key), None)
        if base is None:
            raise KeyError(key)
        colour = Colour(key, base.hex, " ".join(meaning.split()) or base.meaning)
        rank = [c.key for c in self.palette()].index(key)
        with self.database.transaction("name the colour") as conn:
            conn.execute("INSERT OR REPLACE INTO palette VALUES (?, ?, ?, ?)", (key, colour.hex, colour.meaning, rank))
        return colour


@dataclass(slots=True)
class Placed:
    """Annotations placed on an open document: `where[id][side]` is the Placement of that side's anchor (a
    link's two sides are placed independently); `orphans` could not be placed on any side. Every annotation
    given is in exactly one of `where` and `orphans`."""

    annotations: dict[str, Annotation] = field(default_factory=dict)
    where: dict[str, dict[str, Placement]] = field(default_factory=dict)
    orphans: list[Annotation] = field(default_factory=list)

    def on_paragraph(self, side: str, index: int) -> list[Annotation]:
        return [self.annotations[i] for i, sides in self.where.items()
                if side in sides and sides[side].index == index]

    def paragraphs(self, side: str) -> list[int]:
        """Indices of the paragraphs of one side that carry at least one note, in order."""
        return sorted({sides[side].index for sides in self.where.values() if side in sides})


def place(document: Document, annotations: Iterable[Annotation]) -> Placed:
    """Re-anchor annotations on a document (each side's anchors at once, so unchanged paragraphs guide
    the placement of edited ones)."""
    placed = Placed()
    items = list(annotations)
    placed.annotations = {a.id: a for a in items}
    for side in ("zh", "en"):
        paragraphs = document.zh.paragraphs if side == "zh" else document.en.paragraphs
        keyed = [(a.id, anchor) for a in items for anchor in a.anchors() if anchor.side == side]
        outcome = reanchor(keyed, paragraphs)
        for annotation_id, placement in outcome.placed.items():
            placed.where.setdefault(str(annotation_id), {})[side] = placement
    placed.orphans = [a for a in items if a.id not in placed.where]
    return placed
