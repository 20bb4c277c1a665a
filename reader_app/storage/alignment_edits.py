"""The reader's alignment edits as stored: pins keyed by the units' ids (fingerprints), never by link index."""
# Pure: no Database here (recovery and the journal read this module, and the database reads them), only the row
# codec, the matching of stored edits to a document's units, and SQL run within a caller's transaction.

from __future__ import annotations

import bisect
import hashlib
import json
import re
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Protocol

from reader_app.core.editing import LinkStatus, Pin
from reader_app.core.model import Document
from reader_app.core.units import UNITS
from reader_app.storage.model import MergeResult, now_iso
from reader_app.storage.schema import row_checksum

# The alignment_edits table in row order (schema._migrate_1_to_2); the checksum comes last.
EDIT_COLUMNS = ("id", "document_id", "unit", "status", "zh", "en", "zh_position", "en_position", "created",
                "modified", "checksum")
EDIT_COLUMN_LIST = ", ".join(EDIT_COLUMNS)
REPLACE_EDIT = (f"INSERT OR REPLACE INTO alignment_edits ({EDIT_COLUMN_LIST}) "
                f"VALUES ({', '.join('?' * len(EDIT_COLUMNS))})")
STORED_STATUSES = (LinkStatus.MANUAL.value, LinkStatus.CONFIRMED.value)


class EditFormatError(ValueError):
    """An edit in an export that is not one (str(error) says which field)."""


@dataclass(frozen=True)
class StoredEdit:
    """One pinned link as stored: unit ids, not indices."""

    id: str
    document_id: str  # content id of the document (its own paragraphs, whatever the unit) it was last saved on
    unit: str  # "paragraph" | "sentence" | "line": what the indices counted
    status: str  # "manual" | "confirmed"
    zh: tuple[str, ...]  # unit ids (fingerprints) in order; empty for a one-sided link
    en: tuple[str, ...]
    # The unit index where it was made (-1 for an empty side): tells repeats apart, and shows an orphan where it was.
    zh_position: int
    en_position: int
    created: str
    modified: str

    def copied_to(self, document_id: str) -> StoredEdit:
        """This edit as an edit of another document: a new id derived from its own and the document's (a second
        import of the same copy finds the first), as Annotation.copied_to."""
        derived = hashlib.blake2b(f"{self.id}\x1f{document_id}".encode(), digest_size=16).hexdigest()
        return replace(self, id=derived, document_id=document_id)


@dataclass(frozen=True)
class ResolvedEdits:
    """Stored edits matched to a document's units."""

    pins: tuple[Pin, ...]  # in reading order, ready for Realigner.apply
    # Edits whose units are gone, changed, no longer consecutive, or that would overlap or cross another pin:
    # listed, never applied.
    orphans: tuple[StoredEdit, ...]
    # The stored edit each pin came from, in the order of `pins`.
    edits: tuple[StoredEdit, ...] = ()


# -- matching units ------------------------------------------------------------------------------------

# A unit id is its paragraph's fingerprint, "-N" for the N-th repeat of that paragraph, and ".k" for its k-th
# sentence or line (core.model.assign_ids, core.units._cut_side). The occurrence number counts the repeats
# *before* it, so it changes when a copy is added above; without it the key names the content alone.
_OCCURRENCE = re.compile(r"-\d+(?=\.|$)")


def content_key(unit_id: str) -> str:
    """A unit id without its occurrence number: equal for units with the same content."""
    return _OCCURRENCE.sub("", unit_id, count=1)


@dataclass(frozen=True, slots=True)
class _SideKeys:
    """One side's units by content key: the key of each unit, and the indices holding each key, in order."""

    keys: tuple[str, ...]
    where: dict[str, list[int]]

    @classmethod
    def of(cls, shown: Document, side: str) -> _SideKeys:
        keys = tuple(content_key(unit.id) for unit in shown.side(side).paragraphs)
        where: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            where.setdefault(key, []).append(i)
        return cls(keys, where)

    def starts(self, ids: tuple[str, ...]) -> list[int]:
        """The start of every run of consecutive units with the content of `ids`, in order."""
        wanted = tuple(content_key(i) for i in ids)
        return [s for s in self.where.get(wanted[0], ()) if self.keys[s:s + len(wanted)] == wanted]


def _shifts(found: list[tuple[int, list[int]]]) -> list[tuple[int, int]]:
    """(stored position, how far it moved) of the edits found at one place only, in order of stored position:
    how far text added or removed above moved the edits near them."""
    return sorted((position, starts[0] - position) for position, starts in found if len(starts) == 1)


def _nearest(starts: list[int], position: int, shifts: list[tuple[int, int]]) -> int:
    """Of the places a repeated unit is found, the nearest to where it was made, moved as far as the nearest edit
    found at one place only moved (text added above moves every edit below it alike); ties: the earlier."""
    if len(starts) == 1:
        return starts[0]
    k = bisect.bisect_left(shifts, (position, -(1 << 62)))
    near = [shifts[i] for i in (k - 1, k) if 0 <= i < len(shifts)]
    shift = min(near, key=lambda item: abs(item[0] - position))[1] if near else 0
    return min(starts, key=lambda s: (abs(s - position - shift), s))


def resolve(stored: Sequence[StoredEdit], shown: Document) -> ResolvedEdits:
    """Match stored edits to the units of `shown` (UnitView.shown). Each side is found by content, at the run
    nearest where it was made (see _nearest); an edit not found whole on both sides, or that would overlap or
    cross one taken already (the most recently modified are taken first), is an orphan."""
    keys = {side: _SideKeys.of(shown, side) for side in ("zh", "en")}
    # Where each side of each edit is found: [] when nowhere, None for an empty side.
    found: list[dict[str, list[int] | None]] = [
        {side: keys[side].starts(ids) if ids else None for side, ids in (("zh", e.zh), ("en", e.en))} for e in stored]
    shifts = {side: _shifts([(_position(e, side), starts) for e, f in zip(stored, found, strict=True)
                             if (starts := f[side])]) for side in ("zh", "en")}
    taken: list[tuple[Pin, StoredEdit]] = []
    fitting = _Taken()
    orphans: list[StoredEdit] = []
    order = sorted(range(len(stored)), key=lambda k: (stored[k].modified, stored[k].id), reverse=True)
    for k in order:
        edit, where = stored[k], found[k]
        sides: dict[str, tuple[int, ...]] = {}
        for side, ids in (("zh", edit.zh), ("en", edit.en)):
            starts = where[side]
            if starts:
                start = _nearest(starts, _position(edit, side), shifts[side])
                sides[side] = tuple(range(start, start + len(ids)))
            elif starts is None:
                sides[side] = ()
        pin = Pin(sides["zh"], sides["en"], _status(edit.status)) if len(sides) == 2 and any(sides.values()) else None
        if pin is None or not fitting.fits(pin):
            orphans.append(edit)
        else:
            fitting.add(pin)
            taken.append((pin, edit))
    taken = _in_reading_order(taken)
    orphans.sort(key=lambda e: (max(e.zh_position, 0), max(e.en_position, 0), e.created, e.id))
    return ResolvedEdits(tuple(p for p, _ in taken), tuple(orphans), tuple(e for _, e in taken))


def _position(edit: StoredEdit, side: str) -> int:
    return edit.zh_position if side == "zh" else edit.en_position


def _status(status: str) -> LinkStatus:
    return LinkStatus.CONFIRMED if status == LinkStatus.CONFIRMED.value else LinkStatus.MANUAL


def _in_reading_order(taken: list[tuple[Pin, StoredEdit]]) -> list[tuple[Pin, StoredEdit]]:
    """By the cell each pin starts at, as core.editing.check_pins orders pins: a one-sided pin takes the other
    side's position from the two-sided pins before it, and comes before a two-sided pin starting at the same cell
    (here without cutting a one-sided pin of several units into one a unit, so each pin keeps its edit)."""
    linked = sorted((p for p, _ in taken if p.zh and p.en), key=lambda p: p.zh[0])
    zh_ends = [p.zh[-1] + 1 for p in linked]
    en_ends = [p.en[-1] + 1 for p in linked]  # increasing too: resolved pins never cross

    def start(item: tuple[Pin, StoredEdit]) -> tuple[int, int, int]:
        pin = item[0]
        if pin.zh and pin.en:
            return pin.zh[0] + pin.en[0], 1, pin.zh[0]
        if pin.zh:
            k = bisect.bisect_right(zh_ends, pin.zh[0])
            return pin.zh[0] + (en_ends[k - 1] if k else 0), 0, pin.zh[0]
        k = bisect.bisect_right(en_ends, pin.en[0])
        zh = zh_ends[k - 1] if k else 0
        return zh + pin.en[0], 0, zh

    return sorted(taken, key=start)


class _Taken:
    """The pins taken so far, to tell in O(log n) whether one more fits: it shares no unit with them, and (when
    two-sided) lies between its neighbours in Chinese order on the English side too. The two-sided ones taken are
    in order on both sides (none crosses another), so its neighbours are the only ones it could cross."""

    def __init__(self) -> None:
        self.used: dict[str, set[int]] = {"zh": set(), "en": set()}
        self.starts: list[int] = []  # zh[0] of the two-sided pins taken, in order
        self.linked: list[Pin] = []  # those pins, in the same order

    def fits(self, pin: Pin) -> bool:
        if any(u in self.used["zh"] for u in pin.zh) or any(u in self.used["en"] for u in pin.en):
            return False
        if not (pin.zh and pin.en):
            return True
        k = bisect.bisect_left(self.starts, pin.zh[0])
        return ((k == 0 or self.linked[k - 1].en[-1] < pin.en[0])
                and (k == len(self.linked) or pin.en[-1] < self.linked[k].en[0]))

    def add(self, pin: Pin) -> None:
        self.used["zh"].update(pin.zh)
        self.used["en"].update(pin.en)
        if pin.zh and pin.en:
            k = bisect.bisect_left(self.starts, pin.zh[0])
            self.starts.insert(k, pin.zh[0])
            self.linked.insert(k, pin)


def to_stored(pins: Sequence[Pin], shown: Document, document_id: str, unit: str, *,
              previous: Sequence[StoredEdit] = ()) -> list[StoredEdit]:
    """The pins as stored edits, in the order given. A pin on the units of one of `previous` keeps its id and
    creation time, and its modification time unless its status changed (`modified` is when the reader last
    changed it: the merge rule compares it). The previous edit made at the same place is taken first, then the
    nearest with the same content (a repeated paragraph, or text added above)."""
    zh_units, en_units = shown.zh.paragraphs, shown.en.paragraphs
    made = [(tuple(zh_units[i].id for i in pin.zh), tuple(en_units[i].id for i in pin.en),
             pin.zh[0] if pin.zh else -1, pin.en[0] if pin.en else -1, _status(str(pin.status)).value)
            for pin in pins]
    # Previous edits by place and by content, each list in the order given; one edit is matched once at most.
    by_place: dict[tuple, list[StoredEdit]] = {}
    by_content: dict[tuple, list[StoredEdit]] = {}
    for e in previous:
        if e.unit == unit:
            by_place.setdefault((e.zh, e.en, e.zh_position, e.en_position), []).append(e)
            by_content.setdefault(_content(e), []).append(e)
    claimed: set[str] = set()
    matched: dict[int, StoredEdit] = {}
    for k, (zh, en, zh_position, en_position, _) in enumerate(made):
        same = next((e for e in by_place.get((zh, en, zh_position, en_position), ()) if e.id not in claimed), None)
        if same is not None:
            matched[k] = same
            claimed.add(same.id)
    for k, (zh, en, zh_position, en_position, _) in enumerate(made):
        if k in matched:
            continue
        keys = (tuple(map(content_key, zh)), tuple(map(content_key, en)))
        same_content = [e for e in by_content.get(keys, ()) if e.id not in claimed]
        if same_content:
            nearest = min(same_content, key=partial(_distance, zh_position, en_position))
            matched[k] = nearest
            claimed.add(nearest.id)
    now = now_iso()
    out: list[StoredEdit] = []
    for k, (zh, en, zh_position, en_position, status) in enumerate(made):
        earlier = matched.get(k)
        if earlier is None:
            out.append(StoredEdit(uuid.uuid4().hex, document_id, unit, status, zh, en, zh_position, en_position, now,
                                  now))
        else:
            out.append(replace(earlier, document_id=document_id, status=status, zh=zh, en=en, zh_position=zh_position,
                               en_position=en_position, modified=earlier.modified if earlier.status == status else now))
    return out


def _distance(zh_position: int, en_position: int, edit: StoredEdit) -> int:
    return abs(edit.zh_position - zh_position) + abs(edit.en_position - en_position)


def _content(edit: StoredEdit) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(map(content_key, edit.zh)), tuple(map(content_key, edit.en))


def placed_where_resolved(resolved: ResolvedEdits) -> list[StoredEdit]:
    """The resolved edits with the positions they were found at (so that to_stored knows them unchanged)."""
    return [replace(edit, zh_position=pin.zh[0] if pin.zh else edit.zh_position,
                    en_position=pin.en[0] if pin.en else edit.en_position)
            for pin, edit in zip(resolved.pins, resolved.edits, strict=True)]


# -- rows ------------------------------------------------------------------------------------------------

def to_row(edit: StoredEdit) -> tuple:
    values = (edit.id, edit.document_id, edit.unit, edit.status, json.dumps(list(edit.zh)),
              json.dumps(list(edit.en)), edit.zh_position, edit.en_position, edit.created, edit.modified)
    return (*values, row_checksum(values))


def from_row(row: Sequence, verify: bool = True) -> tuple[StoredEdit, bool]:
    """(edit, checksum ok) from a row in EDIT_COLUMNS order (ok is always True without `verify`)."""
    id_, document_id, unit, status, zh, en, zh_position, en_position, created, modified, stored_checksum = row
    edit = StoredEdit(id_, document_id, unit, status, tuple(json.loads(zh)), tuple(json.loads(en)),
                      int(zh_position), int(en_position), created, modified)
    return edit, (not verify) or row_checksum(row[:-1]) == stored_checksum


def checksum(edit: StoredEdit) -> str:
    return to_row(edit)[-1]


def has_table(conn: sqlite3.Connection) -> bool:
    """Whether the database has the table (a file of schema 1, before its migration, has not)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alignment_edits'"
                        ).fetchone() is not None


def verify_rows(conn: sqlite3.Connection) -> int:
    """How many stored edits fail their checksum."""
    if not has_table(conn):
        return 0
    return sum(row_checksum(row[:-1]) != row[-1]
               for row in conn.execute(f"SELECT {EDIT_COLUMN_LIST} FROM alignment_edits"))


class _Queryable(Protocol):
    def query(self, sql: str, params: tuple) -> list: ...


def read_rows(source: sqlite3.Connection | _Queryable, document_ids: Iterable[str] | None = None,
              unit: str | None = None) -> list[StoredEdit]:
    """The stored edits of these documents (all when None) in this unit (all when None), oldest first, read
    through a connection (within a transaction) or a Database (its errors are the user's StorageError)."""
    where, params = [], []
    if document_ids is not None:
        ids = list(dict.fromkeys(document_ids))
        if not ids:
            return []
        where.append(f"document_id IN ({', '.join('?' * len(ids))})")
        params += ids
    if unit is not None:
        where.append("unit = ?")
        params.append(unit)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    sql = f"SELECT {EDIT_COLUMN_LIST} FROM alignment_edits{clause} ORDER BY created, rowid"
    rows = (source.execute(sql, tuple(params)).fetchall() if isinstance(source, sqlite3.Connection)
            else source.query(sql, tuple(params)))
    return [from_row(tuple(r), verify=False)[0] for r in rows]


def delete_row(conn: sqlite3.Connection, edit_id: str) -> bool:
    """Within the caller's transaction: delete one edit; whether there was one."""
    return conn.execute("DELETE FROM alignment_edits WHERE id = ?", (edit_id,)).rowcount > 0


def replace_rows(conn: sqlite3.Connection, stored: Sequence[StoredEdit], edits: Sequence[StoredEdit]) -> bool:
    """Within the caller's transaction: make `stored` (the rows read) become `edits`. Writes only the rows that
    differ; True when anything was written."""
    wanted = {e.id: e for e in edits}
    gone = [(e.id,) for e in stored if e.id not in wanted]
    old = {e.id: e for e in stored}
    changed = [to_row(e) for e in edits if old.get(e.id) != e]
    conn.executemany("DELETE FROM alignment_edits WHERE id = ?", gone)
    conn.executemany(REPLACE_EDIT, changed)
    return bool(gone or changed)


def merge_rows(conn: sqlite3.Connection, edits: Iterable[StoredEdit]) -> MergeResult:
    """Within the caller's transaction: add unknown edits, replace known ones (same id) whose copy is newer, leave
    the rest: the rule notes follow (schema.merge_rows), shared by import and salvage."""
    added = updated = unchanged = 0
    for edit in edits:
        row = conn.execute("SELECT modified, checksum FROM alignment_edits WHERE id = ?", (edit.id,)).fetchone()
        mine = checksum(edit)
        if row is None:
            added += 1
        elif row[0] < edit.modified or (row[0] == edit.modified and row[1] != mine and mine > row[1]):
            # Equal times but different content: the larger checksum wins, so both orders agree.
            updated += 1
        else:
            unchanged += 1
            continue
        conn.execute(REPLACE_EDIT, to_row(edit))
    return MergeResult(added, updated, unchanged)


# -- export --------------------------------------------------------------------------------------------

def edit_to_json(edit: StoredEdit) -> dict:
    return {"id": edit.id, "document_id": edit.document_id, "unit": edit.unit, "status": edit.status,
            "zh": list(edit.zh), "en": list(edit.en), "zh_position": edit.zh_position,
            "en_position": edit.en_position, "created": edit.created, "modified": edit.modified}


def edit_from_json(data: object) -> StoredEdit:
    """An edit from its export form; EditFormatError naming what is wrong."""
    if not isinstance(data, dict):
        raise EditFormatError("an alignment edit is not an object")
    try:
        zh, en = data["zh"], data["en"]
        if not (isinstance(zh, list) and isinstance(en, list)
                and all(isinstance(i, str) for i in [*zh, *en]) and (zh or en)):
            raise EditFormatError("an alignment edit's zh and en must be lists of unit ids, not both empty")
        status, unit = str(data["status"]), str(data["unit"])
        if status not in STORED_STATUSES:
            raise EditFormatError(f"an alignment edit's status must be manual or confirmed, not {status!r}")
        if unit not in UNITS:
            raise EditFormatError(f"an alignment edit's unit must be paragraph, sentence or line, not {unit!r}")
        return StoredEdit(str(data["id"]), str(data["document_id"]), unit, status, tuple(zh), tuple(en),
                          int(data.get("zh_position", -1)), int(data.get("en_position", -1)), str(data["created"]),
                          str(data["modified"]))
    except KeyError as exc:
        raise EditFormatError(f"an alignment edit lacks {exc.args[0]!r}") from exc
    except (TypeError, ValueError) as exc:
        if isinstance(exc, EditFormatError):
            raise
        raise EditFormatError(f"an alignment edit has a bad value: {exc}") from exc
