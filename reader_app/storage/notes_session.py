"""The notes of the open document: placed on its text, saved through the AnnotationStore, deletions undoable."""
# Each change has two halves: the storage half (store_*, read, write_export, import_file: only the database,
# run on the storage thread by the UI) and the applying half (apply_*: the session's own state, run where the
# session is shown). The one-call methods (save, delete, undo, ...) do both, for callers without a thread.

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader_app.core.alignment import Alignment
from reader_app.core.anchoring import anchor_paragraph, anchor_selection
from reader_app.core.editing import Pin
from reader_app.core.model import Document
from reader_app.storage.alignment_edits import (
    ResolvedEdits,
    StoredEdit,
    delete_row,
    placed_where_resolved,
    read_rows,
    replace_rows,
    resolve,
    to_stored,
)
from reader_app.storage.annotations import (
    Annotation,
    AnnotationStore,
    Colour,
    MergeResult,
    Placed,
    in_reading_order,
    place,
)
from reader_app.storage.database import Database, StorageError
from reader_app.storage.notes_export import export, import_json, import_vocabulary, stored_json
from reader_app.storage.vocabulary import VocabularyStore

# (language, paragraph) -> (other language, its paragraphs linked to that one): ReaderView.counterpart.
Counterpart = Callable[[str, int], tuple[str, tuple[int, ...]]]
FALLBACK_COLOUR = "yellow"  # the colour of a new note when the palette could not be read


@dataclass(frozen=True, slots=True)
class Loaded:
    """What read() found for a document: its versions' ids, their notes placed on it, the palette."""

    document: Document
    versions: list[str]
    annotations: list[Annotation]
    placed: Placed
    palette: list[Colour]
    ordered: list[Annotation]  # the placed ones in reading order by the alignment read() was given
    # Per side, the colour (key) of each noted paragraph's bar, and the (side, paragraph) pairs that carry a note
    # in order (the ruler's ticks): see paragraph_marks. Made on the storage thread too, from `placed`.
    marks: dict[str, dict[int, str]] | None = None
    annotated: list[tuple[str, int]] | None = None


def paragraph_marks(placed: Placed) -> tuple[dict[str, dict[int, str]], list[tuple[str, int]]]:
    """Per side, paragraph -> the colour key of its last note (its margin bar), and the (side, paragraph) pairs
    that carry a note, Chinese ones first, each side in order (the overview ruler's ticks)."""
    marks: dict[str, dict[int, str]] = {"zh": {}, "en": {}}
    annotations = placed.annotations
    for annotation_id, sides in placed.where.items():
        colour = annotations[annotation_id].colour
        for side, placement in sides.items():
            marks[side][placement.index] = colour
    annotated = [(side, index) for side in ("zh", "en") for index in sorted(marks[side])]
    return marks, annotated


class NotesSession:
    """What the reader has noted on the open document, and the history of deletions.

    Methods that write raise StorageError (and leave the session as it was) when the database refuses; the
    caller says so to the user. The database is opened on first need when none was given (ensure_store)."""

    def __init__(self, database: Database | Callable[[], Database] | None = None) -> None:
        # A database, or how to open one (default: the user's) when first needed: opened by ensure_store, on
        # the thread that calls it, which then owns it (close() closes it there).
        self._open_database: Callable[[], Database] = Database
        if database is not None and not isinstance(database, Database):
            self._open_database, database = database, None
        self.database: Database | None = database
        self._owned = False
        self.store: AnnotationStore | None = AnnotationStore(database) if database is not None else None
        self.document: Document | None = None
        self.versions: list[str] = []  # content ids of the open document's known versions, its own first
        self.placed = Placed()
        self.palette: list[Colour] = []
        # Deleted notes, the last on top; undo saves them again, redo deletes them again.
        self.undo_stack: list[Annotation] = []
        self.redo_stack: list[Annotation] = []
        # The open document's alignment edits that the last load or save could not place (see alignment edits).
        self._alignment_orphans: tuple[StoredEdit, ...] = ()

    @property
    def read_only(self) -> bool:
        return self.database is not None and self.database.read_only

    def ensure_store(self) -> str:
        """Open the user's notes database if none is open; returns its notice (recovery, read-only) when it was
        opened now, else "". StorageError when it cannot be opened."""
        if self.store is not None:
            return ""
        self.database = self._open_database()
        self._owned = True
        self.store = AnnotationStore(self.database)
        return self.database.notice

    def close(self) -> None:
        """Close the database if ensure_store opened it (one given is its giver's to close)."""
        if self._owned and self.database is not None:
            self.database.close()
            self.store = None

    # -- the open document -------------------------------------------------------------------------

    def open_document(self, document: Document) -> bool:
        """Make `document` the open one; True when it has the same text as the one open before (another
        load of it), which keeps the history. Its notes are read by load()."""
        same = self.document is not None and self.document.content_id == document.content_id
        self.document = document
        if not same:
            # Undo belongs to the document it was made on.
            self.undo_stack.clear()
            self.redo_stack.clear()
            self._alignment_orphans = ()
        return same

    def load(self) -> list[Annotation]:
        """Read the notes of the open document and of its earlier versions, and place them on its text."""
        assert self.document is not None and self.store is not None
        try:
            loaded = self.read(self.document)
        except StorageError:
            self.placed = place(self.document, [])
            raise
        self.apply_loaded(loaded)
        return loaded.annotations

    def read(self, document: Document, alignment: Alignment | None = None) -> Loaded:
        """The storage half of load(): register `document`, read its notes, place them and put them in reading
        order (placing and sorting thousands of notes takes a while, so it is done here too). Touches nothing
        of the session but the store."""
        assert self.store is not None
        versions = self.store.register_document(document)
        annotations = self.store.for_documents(versions)
        palette = self.store.palette()
        placed = place(document, annotations)
        marks, annotated = paragraph_marks(placed)
        return Loaded(document, versions, annotations, placed, palette,
                      in_reading_order(document, placed, alignment), marks, annotated)

    def apply_loaded(self, loaded: Loaded) -> None:
        self.versions = loaded.versions
        self.palette = loaded.palette
        self.placed = loaded.placed

    def clear_notes(self) -> None:
        """Place no notes (the database could not be opened)."""
        self.placed = Placed()

    # -- reading -----------------------------------------------------------------------------------

    def in_reading_order(self, alignment: Alignment | None) -> list[Annotation]:
        """Placed notes in reading order (see annotations.in_reading_order)."""
        return in_reading_order(self.document, self.placed, alignment)

    def notes(self, alignment: Alignment | None) -> list[Annotation]:
        """Placed notes in reading order, then orphans."""
        return self.in_reading_order(alignment) + list(self.placed.orphans)

    def tags(self) -> list[str]:
        """Every tag of the placed notes and orphans, sorted without regard to case."""
        return sorted({t for a in self.placed.annotations.values() for t in a.tags}, key=str.casefold)

    def where(self, annotation_id: str) -> tuple[str, int] | None:
        """(side, paragraph) a placed note is shown at (its own side when placed there); None for orphans."""
        sides = self.placed.where.get(annotation_id)
        if not sides:
            return None
        annotation = self.placed.annotations[annotation_id]
        side = annotation.side if annotation.side in sides else next(iter(sides))
        return side, sides[side].index

    # -- writing -----------------------------------------------------------------------------------

    def new_note(self, language: str, index: int, target: str = "paragraph", start: int | None = None,
                 end: int | None = None, *, counterpart: Counterpart, note: str = "",
                 colour: str | None = None) -> Annotation | None:
        """An unsaved note on a paragraph, its link (both sides, the other found by `counterpart`) or a
        selection [start, end) of it; None when there is no such paragraph."""
        if self.document is None:
            return None
        paragraphs = self.document.side(language).paragraphs
        if not 0 <= index < len(paragraphs):
            return None
        if start is not None and end is not None and end > start:
            anchor = anchor_selection(paragraphs, index, start, end)
            target = "selection"
        else:
            anchor = anchor_paragraph(paragraphs, index)
        partner = None
        if target == "link":
            other, indices = counterpart(language, index)
            if indices:
                partner = anchor_paragraph(self.document.side(other).paragraphs, indices[0])
        colour = colour or (self.palette[0].key if self.palette else FALLBACK_COLOUR)
        return Annotation.create(self.document.content_id, target, anchor, partner, note=note, colour=colour)

    def save(self, annotation: Annotation) -> bool:
        """Save a new or edited note and place it; False when no database is open."""
        if self.store is None:
            return False
        self.store_save(annotation)
        self.apply_saved(annotation)
        return True

    def store_save(self, annotation: Annotation) -> None:
        """The storage half of save(): durable when this returns, StorageError otherwise."""
        if self.store is None:
            raise StorageError("Could not save the note: the notes database is not open.")
        self.store.save(annotation)

    def placement(self, document: Document, annotation: Annotation) -> Placed | None:
        """Where a note not placed yet goes (re-anchoring reads every paragraph, so the UI does it on the
        storage thread); None for a note placed already."""
        return None if annotation.id in self.placed.where else place(document, [annotation])

    def apply_saved(self, annotation: Annotation, one: Placed | None = None) -> None:
        """Place a saved note (at `one`, its placement, when found already), or show its new text where it is
        placed."""
        placed = self.placed
        placed.annotations[annotation.id] = annotation
        if self.document is not None and annotation.id not in placed.where:
            if one is None or annotation.id not in one.annotations:
                one = place(self.document, [annotation])
            placed.where.update(one.where)
            if one.orphans and all(a.id != annotation.id for a in placed.orphans):
                placed.orphans.append(annotation)
        placed.orphans = [annotation if a.id == annotation.id else a for a in placed.orphans]

    def delete(self, annotation_id: str) -> bool:
        """Delete a placed note (or orphan); undo() brings it back. False when there is no such note."""
        if self.store is None or annotation_id not in self.placed.annotations:
            return False
        self.apply_deleted(annotation_id, self.store_delete(annotation_id))
        return True

    def store_delete(self, annotation_id: str) -> Annotation | None:
        """The storage half of delete(): the note as it was stored, or None when there was none."""
        if self.store is None:
            raise StorageError("Could not delete the note: the notes database is not open.")
        return self.store.delete(annotation_id)

    def apply_deleted(self, annotation_id: str, removed: Annotation | None) -> None:
        self.unplace(annotation_id)
        if removed is not None:
            self.undo_stack.append(removed)
            self.redo_stack.clear()

    def last_deleted(self) -> Annotation | None:
        """The note undo() would bring back."""
        return self.undo_stack[-1] if self.undo_stack and self.store is not None else None

    def undo(self) -> Annotation | None:
        """Save the last deleted note again; None when nothing is deleted. On StorageError it stays deleted."""
        annotation = self.last_deleted()
        if annotation is None:
            return None
        self.store_save(annotation)
        self.apply_undone(annotation)
        return annotation

    def apply_undone(self, annotation: Annotation) -> None:
        """The last deleted note, `annotation`, was saved again."""
        self.apply_saved(annotation)
        if self.undo_stack and self.undo_stack[-1].id == annotation.id:
            self.undo_stack.pop()
        self.redo_stack.append(annotation)

    def redo(self) -> Annotation | None:
        """Delete again the note undo() brought back last; None when there is none."""
        if not self.redo_stack or self.store is None:
            return None
        annotation = self.redo_stack[-1]
        removed = self.store_delete(annotation.id)
        self.unplace(annotation.id)
        self.redo_stack.pop()
        self.undo_stack.append(removed or annotation)
        return annotation

    def unplace(self, annotation_id: str) -> None:
        self.placed.annotations.pop(annotation_id, None)
        self.placed.where.pop(annotation_id, None)
        self.placed.orphans = [a for a in self.placed.orphans if a.id != annotation_id]

    def name_colour(self, key: str, meaning: str) -> bool:
        """Give a palette colour the user's meaning; KeyError for a colour not in the palette."""
        if self.store is None:
            return False
        self.palette = self.store_name_colour(key, meaning)
        return True

    def store_name_colour(self, key: str, meaning: str) -> list[Colour]:
        """The storage half of name_colour(): the palette after the change."""
        if self.store is None:
            raise StorageError("Could not name the colour: the notes database is not open.")
        self.store.name_colour(key, meaning)
        return self.store.palette()

    # -- alignment edits (issue 13) ------------------------------------------------------------------------
    # The reader's pinned links, stored by the units' ids (alignment_edits), keyed like notes by the open
    # document's content id and shared by all its versions. These run on the storage thread; of the session they
    # touch only the orphans' tuple (replaced whole, so the GUI thread reads one or the other).

    def _edits_document(self, shown: Document, document: Document | None) -> Document:
        # The document whose content id keys the edits: the one given (UnitView.document: the storage thread may
        # run this after the GUI opened the next document), else the open one, else `shown` (itself by paragraph).
        return document or self.document or shown

    def read_alignment_edits(self, document: Document, shown: Document, unit: str) -> ResolvedEdits:
        """The storage half of load_alignment_edits(): the edits of `document` and its versions made in `unit`,
        matched to the units of `shown`. Touches nothing of the session but the store."""
        if self.store is None:
            raise StorageError("Could not read the alignment edits: the notes database is not open.")
        versions = self.store.register_document(document)
        return resolve(read_rows(self.store.database, versions, unit), shown)

    def apply_alignment_edits(self, resolved: ResolvedEdits) -> None:
        self._alignment_orphans = resolved.orphans

    def load_alignment_edits(self, shown: Document, unit: str, *, document: Document | None = None) -> ResolvedEdits:
        """The pins stored for the open document (or `document`) in `unit` (UnitView.unit), on the units of `shown`
        (UnitView.shown), and the orphans (also kept for orphaned_alignment_edits())."""
        resolved = self.read_alignment_edits(self._edits_document(shown, document), shown, unit)
        self.apply_alignment_edits(resolved)
        return resolved

    def save_alignment_edits(self, shown: Document, unit: str, pins: Sequence[Pin], *,
                             document: Document | None = None) -> bool:
        """Make `pins` (on the units of `shown`) the stored edits of the open document (or `document`) in `unit`,
        in one transaction: durable (journalled) when this returns True, as a saved note is; False with nothing written
        when no database is open or it is read-only; StorageError when the database refuses. Orphans stay stored
        (only discard_orphaned_alignment_edit deletes one), unless a pin is made on their units again."""
        if self.store is None or self.read_only:
            return False
        document = self._edits_document(shown, document)
        versions = self.store.register_document(document)
        with self.store.database.transaction("save the alignment edits") as conn:
            stored = read_rows(conn, versions, unit)
            resolved = resolve(stored, shown)
            edits = to_stored(pins, shown, document.content_id, unit,
                              previous=[*placed_where_resolved(resolved), *resolved.orphans])
            claimed = {e.id for e in edits}
            orphans = tuple(e for e in resolved.orphans if e.id not in claimed)
            replace_rows(conn, stored, [*edits, *orphans])
        self._alignment_orphans = orphans
        return True

    def orphaned_alignment_edits(self) -> tuple[StoredEdit, ...]:
        """The open document's edits that the last load (or save) could not place: listed, never applied."""
        return self._alignment_orphans

    def discard_orphaned_alignment_edit(self, edit_id: str) -> bool:
        """Delete an orphaned edit (the reader's explicit choice); False when it is not one of the orphans or the
        database is read-only; StorageError when the database refuses."""
        if self.store is None or self.read_only or all(e.id != edit_id for e in self._alignment_orphans):
            return False
        with self.store.database.transaction("discard the alignment edit") as conn:
            deleted = delete_row(conn, edit_id)
        self._alignment_orphans = tuple(e for e in self._alignment_orphans if e.id != edit_id)
        return deleted

    # -- files -------------------------------------------------------------------------------------

    def export_file(self, path: str, fmt: str, alignment: Alignment | None) -> int | None:
        """Write the notes of the open document (all its versions) to `path` as md, json or csv; returns how
        many, or None when no document or database is open. OSError when the file cannot be written."""
        if self.document is None or self.store is None:
            return None
        return self.write_export(path, fmt, self.document, list(self.versions), list(self.palette), alignment)

    def write_export(self, path: str, fmt: str, document: Document, versions: list[str], palette: list[Colour],
                     alignment: Alignment | None) -> int:
        """The storage half of export_file(), given what it reads of the session (taken where it is shown)."""
        if self.store is None:
            raise StorageError("Could not export the notes: the notes database is not open.")
        annotations = self.store.for_documents(versions)
        text = (stored_json(self.store, document, versions) if fmt == "json"
                else export(document, annotations, palette, fmt, alignment))
        # A byte-order mark lets spreadsheet programs read a CSV file as UTF-8.
        with open(path, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as f:
            f.write(text)
        return len(annotations)

    def import_file(self, path: str) -> MergeResult:
        """Merge the notes of an exported JSON file into the open document (importing twice adds nothing); load()
        places them. Notes of another document become copies on this one, as `notes import --into` does: the
        reader imports them to see them here. OSError, UnicodeDecodeError or NotesFormatError when the file cannot
        be read as one."""
        assert self.store is not None
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        result = import_json(self.store, text, into=self.document)
        import_vocabulary(VocabularyStore(self.store.database), text, into=self.document)
        return result
