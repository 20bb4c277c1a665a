"""The annotation model: a note, where it is anchored, its export form; no database in sight."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from reader_app.core.anchoring import Anchor


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

    def copied_to(self, document_id: str) -> Annotation:
        """This note as a note of another document: a new id derived from its own and the document's (so a
        second import of the same copy finds the first), the source note untouched."""
        derived = hashlib.blake2b(f"{self.id}\x1f{document_id}".encode(), digest_size=16).hexdigest()
        return replace(self, id=derived, document_id=document_id)

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


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What an import (or a salvage) did: notes added, older copies updated, copies already known."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def added_or_updated(self) -> int:
        return self.added + self.updated
