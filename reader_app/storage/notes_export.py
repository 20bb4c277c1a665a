"""Notes out of the app and back: Markdown (both texts of each link quoted), versioned JSON, CSV; JSON import."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import replace

from reader_app.core.alignment import Alignment
from reader_app.core.model import Document
from reader_app.storage.alignment_edits import EditFormatError, StoredEdit, edit_from_json, edit_to_json
from reader_app.storage.alignment_edits import merge_rows as merge_edit_rows
from reader_app.storage.annotations import (
    DEFAULT_PALETTE,
    Annotation,
    AnnotationStore,
    Colour,
    MergeResult,
    Placed,
    in_reading_order,
    now_iso,
    place,
)
from reader_app.storage.vocabulary import SavedWord, VocabularyFormatError, VocabularyStore, words_from_json

FORMAT_NAME = "bilingual-reader-notes"
# An optional key added later (alignment_edits, issue 13) leaves the version at 1: an older Bilingual Reader
# still imports the notes of a newer file (and skips the edits), and a file without the key imports here.
FORMAT_VERSION = 1
FORMATS = ("md", "json", "csv")
SIDE_NAMES = {"zh": "Chinese", "en": "English"}
CSV_COLUMNS = ("id", "document_id", "target", "side", "paragraph", "partner_side", "partner_paragraph", "colour",
               "meaning", "tags", "quote", "note", "created", "modified", "placed")


class NotesFormatError(ValueError):
    """A notes file that cannot be imported; the message is one line for the user."""


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.replace("\u2028", "\n").splitlines())


def _link_paragraphs(document: Document, annotation: Annotation, placed: Placed,
                     alignment: Alignment | None) -> dict[str, list[int]]:
    """The paragraphs of each side the note's link holds (the placed paragraph alone without an alignment)."""
    sides = placed.where[annotation.id]
    out: dict[str, list[int]] = {"zh": [], "en": []}
    for side, placement in sides.items():
        out[side] = [placement.index]
    if alignment is not None:
        side = annotation.side if annotation.side in sides else next(iter(sides))
        k = alignment.link_of(side, sides[side].index)
        if k is not None:
            link = alignment.links[k]
            out = {"zh": list(link.zh), "en": list(link.en)}
    return out


def to_markdown(document: Document, placed: Placed, palette: Sequence[Colour], alignment: Alignment | None) -> str:
    meanings = {c.key: c.meaning for c in palette}
    lines = [f"# Notes on {document.title or 'the document'}", "",
             f"{len(placed.annotations)} notes, exported {now_iso()[:16].replace('T', ' ')} UTC from Bilingual Reader."]
    if alignment is None:
        lines.append("Each note quotes its own paragraph (no alignment was given).")
    lines.append("")
    for annotation in in_reading_order(document, placed, alignment):
        sides = placed.where[annotation.id]
        where = ", ".join(f"{SIDE_NAMES[s]} paragraph {sides[s].index + 1}" for s in ("zh", "en") if s in sides)
        heading = f"## {annotation.target.value.capitalize()}: {where}"
        lines += [heading, "", f"*{meanings.get(annotation.colour, annotation.colour)}*"
                  + (" · " + " ".join(f"#{t}" for t in annotation.tags) if annotation.tags else ""), ""]
        if annotation.target.value == "selection":
            lines += [f"Selected: «{annotation.anchor.quote}»", ""]
        for side, indices in _link_paragraphs(document, annotation, placed, alignment).items():
            paragraphs = document.zh.paragraphs if side == "zh" else document.en.paragraphs
            for i in indices:
                lines += [_quote_block(paragraphs[i].text), ">", f"> — {SIDE_NAMES[side]} {i + 1}", ""]
        lines += [annotation.note.strip() or "(no text)", ""]
    if placed.orphans:
        lines += ["## Notes whose text is no longer in the document", ""]
        for annotation in placed.orphans:
            lines += [f"### Was {SIDE_NAMES[annotation.side]} paragraph {annotation.anchor.position + 1}", "",
                      _quote_block(annotation.anchor.quote), "", annotation.note.strip() or "(no text)", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(document: Document, placed: Placed, palette: Sequence[Colour], edits: Sequence[StoredEdit] = ()) -> str:
    def entry(annotation: Annotation) -> dict:
        data = annotation.to_json()
        data["placed"] = {side: p.index for side, p in placed.where.get(annotation.id, {}).items()}
        return data

    payload = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": now_iso(),
        "document": {"content_id": document.content_id, "title": document.title,
                     "sources": list(document.sources)},
        "palette": [{"key": c.key, "hex": c.hex, "meaning": c.meaning} for c in palette],
        "annotations": [entry(a) for a in placed.annotations.values()],
        # The reader's pinned links, by unit ids (see storage.alignment_edits): what import needs to restore them.
        "alignment_edits": [edit_to_json(e) for e in edits],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_csv(document: Document, placed: Placed, palette: Sequence[Colour], alignment: Alignment | None) -> str:
    meanings = {c.key: c.meaning for c in palette}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    ordered = in_reading_order(document, placed, alignment) + placed.orphans
    for a in ordered:
        sides = placed.where.get(a.id, {})
        partner = a.partner
        writer.writerow([
            a.id, a.document_id, a.target.value, a.side,
            sides[a.side].index + 1 if a.side in sides else "",
            partner.side if partner else "",
            sides[partner.side].index + 1 if partner and partner.side in sides else "",
            a.colour, meanings.get(a.colour, ""), "; ".join(a.tags), a.anchor.quote, a.note, a.created, a.modified,
            "yes" if sides else "no",
        ])
    return out.getvalue()


def export(document: Document, annotations: Sequence[Annotation], palette: Sequence[Colour], fmt: str,
           alignment: Alignment | None = None, edits: Sequence[StoredEdit] = ()) -> str:
    """The notes of one document in `fmt` (md, json or csv), placed on its current text; JSON (the format for
    import) carries the document's alignment edits too."""
    placed = place(document, annotations)
    if fmt == "md":
        return to_markdown(document, placed, palette, alignment)
    if fmt == "json":
        return to_json(document, placed, palette, edits)
    if fmt == "csv":
        return to_csv(document, placed, palette, alignment)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def stored_json(store: AnnotationStore, document: Document, versions: Sequence[str]) -> str:
    """The JSON notes file of a document as stored, for its versions' ids: the notes, the alignment edits and the
    saved words (`notes export --format json`, the window's JSON export, a project's notes)."""
    from reader_app.storage.alignment_edits import read_rows

    text = export(document, store.for_documents(versions), store.palette(), "json", None,
                  read_rows(store.database, versions))
    return with_vocabulary(text, VocabularyStore(store.database).for_documents(versions))


def parse_json(text: str) -> tuple[list[Annotation], list[Colour]]:
    """The annotations and palette of an exported JSON file; NotesFormatError if it is not one we can read."""
    annotations, palette, _ = parse_export(text)
    return annotations, palette


def parse_export(text: str) -> tuple[list[Annotation], list[Colour], list[StoredEdit]]:
    """The annotations, palette and alignment edits (none in a file from before them) of an exported JSON file;
    NotesFormatError if it is not one we can read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotesFormatError(f"not JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise NotesFormatError(f"not a Bilingual Reader notes file (no \"format\": \"{FORMAT_NAME}\")")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise NotesFormatError(f"unknown notes file version {version!r}")
    if version > FORMAT_VERSION:
        raise NotesFormatError(f"made by a newer version of Bilingual Reader (format {version}, this one reads "
                               f"{FORMAT_VERSION})")
    annotations = []
    for n, entry in enumerate(data.get("annotations", []), start=1):
        try:
            annotations.append(Annotation.from_json(entry))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise NotesFormatError(f"annotation {n} is malformed ({type(exc).__name__}: {exc})") from exc
    palette = []
    for entry in data.get("palette", []):
        try:
            palette.append(Colour(str(entry["key"]), str(entry["hex"]), str(entry["meaning"])))
        except (KeyError, TypeError) as exc:
            raise NotesFormatError(f"palette entry is malformed ({exc})") from exc
    edits = []
    for n, entry in enumerate(data.get("alignment_edits", []), start=1):
        try:
            edits.append(edit_from_json(entry))
        except EditFormatError as exc:
            raise NotesFormatError(f"alignment edit {n} is malformed ({exc})") from exc
    return annotations, palette, edits


def import_json(store: AnnotationStore, text: str, *, into: Document | None = None) -> MergeResult:
    """Merge an exported JSON file into the store: new notes added, newer copies update older ones, the rest
    unchanged (importing twice adds nothing). With `into`, notes of another document become copies on that
    document (new ids); the notes they were copied from are never moved or changed. Its alignment edits are
    merged by the same rule (import_export counts them)."""
    return import_export(store, text, into=into)[0]


def import_export(store: AnnotationStore, text: str, *,
                  into: Document | None = None) -> tuple[MergeResult, MergeResult]:
    """import_json, returning what it did to the notes and to the alignment edits. Edits keep their document:
    they are matched to a text by its units' content, and a version joined to theirs shares them; with `into`, the
    edits of any other document are attached to `into` (its own edits are not replaced: a newer one wins)."""
    annotations, palette, edits = parse_export(text)
    if into is not None:
        # "The same document" is the store's own identity: a content id, and the versions joined to it by shared
        # paragraph fingerprints or the same source files (register_document). Their notes are shown on `into`
        # already and keep their id and document; a note of any other document is copied onto `into`.
        same = set(store.register_document(into))
        annotations = [a if a.document_id in same else a.copied_to(into.content_id) for a in annotations]
        edits = [e if e.document_id in same else e.copied_to(into.content_id) for e in edits]
    result = store.merge(annotations)
    edits_result = MergeResult()
    if edits:
        with store.database.transaction("import the alignment edits") as conn:
            edits_result = merge_edit_rows(conn, edits)
    known = {c.key: c for c in store.palette()}
    for colour in palette:
        # Meanings the user gave elsewhere come along, unless this installation named the colour already.
        if colour.key in known and known[colour.key].meaning != colour.meaning and _is_default(known[colour.key]):
            store.name_colour(colour.key, colour.meaning)
    return result, edits_result


def _is_default(colour: Colour) -> bool:
    return any(c == colour for c in DEFAULT_PALETTE)


# -- the vocabulary (issue 17): saved words travel in the notes' JSON file, under "vocabulary" --------------------


def with_vocabulary(text: str, words: Sequence[SavedWord]) -> str:
    """An exported JSON notes file with the saved words of its document added (a reader of format 1 that does not
    know them ignores the key)."""
    payload = json.loads(text)
    payload["vocabulary"] = [w.to_json() for w in words]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def import_vocabulary(store: VocabularyStore, text: str, *, into: Document | None = None) -> MergeResult:
    """Merge the saved words of an exported JSON notes file (none: nothing changes); with `into`, words of another
    document are kept as words of that one. NotesFormatError when the file or its vocabulary cannot be read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotesFormatError(f"not JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict) or "vocabulary" not in data:
        return MergeResult()
    try:
        words = words_from_json(data["vocabulary"])
    except VocabularyFormatError as exc:
        raise NotesFormatError(str(exc)) from exc
    if into is not None:
        words = [w if w.document_id == into.content_id else replace(w, document_id=into.content_id) for w in words]
    return store.merge(words)
