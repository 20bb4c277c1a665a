"""Annotations and their colour palette, stored in the notes database; every change is committed at once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader_app.core.alignment import Alignment
from reader_app.core.anchoring import Placement, reanchor
from reader_app.core.model import Document
from reader_app.storage.database import Database
from reader_app.storage.model import (
    Annotation,
    MergeResult,
    TargetKind,
    anchor_from_json,
    anchor_to_json,
    normalise_tags,
    now_iso,
)
from reader_app.storage.schema import COLUMN_LIST, REPLACE_ROW, from_row, merge_rows, to_row

# The model lives in storage.model (below the schema's row codec); its names are imported from here too.
__all__ = ["DEFAULT_PALETTE", "Annotation", "AnnotationStore", "Colour", "MergeResult", "Placed", "TargetKind",
           "anchor_from_json", "anchor_to_json", "normalise_tags", "now_iso", "place"]


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


class AnnotationStore:
    """Annotations of all documents. Each method that changes something commits before it returns."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- annotations -----------------------------------------------------------------------------------

    def save(self, annotation: Annotation) -> Annotation:
        """Insert or replace (same id) one annotation; durable when this returns, StorageError otherwise
        (StorageBug for a fault of ours)."""
        with self.database.transaction("save the note") as conn:
            conn.execute(REPLACE_ROW, to_row(annotation))
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
        rows = self.database.query(f"SELECT {COLUMN_LIST} FROM annotations WHERE id = ?", (annotation_id,))
        return from_row(tuple(rows[0]), verify=False)[0] if rows else None

    def for_documents(self, document_ids: Iterable[str]) -> list[Annotation]:
        ids = list(dict.fromkeys(document_ids))
        if not ids:
            return []
        rows = self.database.query(
            f"SELECT {COLUMN_LIST} FROM annotations WHERE document_id IN ({', '.join('?' * len(ids))}) "
            "ORDER BY created, rowid", tuple(ids))
        return [from_row(tuple(r), verify=False)[0] for r in rows]

    def all(self) -> list[Annotation]:
        rows = self.database.query(f"SELECT {COLUMN_LIST} FROM annotations ORDER BY created, rowid")
        return [from_row(tuple(r), verify=False)[0] for r in rows]

    def merge(self, annotations: Iterable[Annotation]) -> MergeResult:
        """Import: add unknown ids, update known ones whose copy is newer, leave the rest. Idempotent; one
        transaction for all."""
        incoming = list(annotations)
        with self.database.transaction("import the notes") as conn:
            result = merge_rows(conn, incoming)
        return result

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


def in_reading_order(document: Document | None, placed: Placed, alignment: Alignment | None) -> list[Annotation]:
    """Placed notes in reading order: by link when the alignment knows the paragraph, else English paragraphs at
    their proportional position among the Chinese ones (the panel and every export list notes this way)."""
    zh_count = len(document.zh) if document is not None else 1
    en_count = len(document.en) if document is not None else 1

    def key(annotation: Annotation) -> tuple:
        sides = placed.where[annotation.id]
        side = annotation.side if annotation.side in sides else next(iter(sides))
        placement = sides[side]
        link = alignment.link_of(side, placement.index) if alignment is not None else None
        scale = zh_count / max(1, en_count) if side == "en" else 1.0
        order = link if link is not None else placement.index * scale
        return (order, side != "zh", placement.index, placement.start, annotation.created)

    return sorted((placed.annotations[i] for i in placed.where if i in placed.annotations), key=key)
