"""Export a bilingual text with its alignment and notes: html, epub, docx, tmx, tsv, md or an Anki deck."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reader_app.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, unreadable
from reader_app.core.alignment import Alignment
from reader_app.core.documents import DocumentError
from reader_app.core.editing.pins import LinkStatus
from reader_app.core.exports import BINARY_FORMATS, FORMATS, LAYOUTS, SUFFIXES, BilingualBook, LinkNote
from reader_app.core.model import Document

if TYPE_CHECKING:
    from reader_app.storage.annotations import AnnotationStore
    from reader_app.storage.database import Database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a bilingual file, or the Chinese file when EN_FILE is given")
    parser.add_argument("en_file", metavar="EN_FILE", nargs="?", help="the English file")
    parser.add_argument("--format", choices=(*FORMATS, "project"), required=True, dest="fmt",
                        help="html: one self-contained page; epub: an EPUB 3 e-book; docx: a Word table; tmx, tsv: "
                             "translation memory and table; md: Markdown; anki: an Anki deck (text) of the noted "
                             "pairs; project: a NAME.bireader file holding the texts, the alignment with your edits, "
                             "the notes and saved words (the window's Save Project also keeps the reading position "
                             "and the ignored checks)")
    parser.add_argument("--layout", choices=LAYOUTS, default=None,
                        help="html, epub and md: the two texts side by side (html and md default) or a Chinese "
                             "block then its English (epub default)")
    parser.add_argument("--tier", type=int, choices=(1, 2), default=1,
                        help="1: instant alignment (default); 2: refined (sentence embeddings)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="file to write; without it, standard output (epub and docx only when it is piped)")


def _fail(code: int, message: str) -> int:
    print(f"bilingual-reader export: {message}", file=sys.stderr)
    return code


def alignment_for_export(document: Document, alignment: Alignment, database: Database) -> tuple[
        Alignment, dict[int, LinkStatus], int]:
    """The alignment the reader sees: `alignment` with the reader's stored manual edits of the paragraph alignment
    applied (Realigner.apply, as `align --pin` and the window do), each pinned link's status (MANUAL, CONFIRMED;
    absent: AUTOMATIC), and how many stored edits no longer fit the text (left out, as the window leaves them)."""
    from reader_app.core.editing import PinError, Realigner
    from reader_app.core.units import PARAGRAPH
    from reader_app.storage.notes_session import NotesSession

    resolved = NotesSession(database).read_alignment_edits(document, document, PARAGRAPH)
    if not resolved.pins:
        return alignment, {}, len(resolved.orphans)
    zh, en = document.zh.paragraphs, document.en.paragraphs
    realigner = Realigner([p.text for p in zh], [p.text for p in en], level=PARAGRAPH,
                          zh_kinds=[p.kind.value for p in zh], en_kinds=[p.kind.value for p in en])
    try:
        pinned = realigner.apply(alignment, resolved.pins)
    except PinError as exc:
        print(f"bilingual-reader export: the manual alignment edits are left out ({exc})", file=sys.stderr)
        return alignment, {}, len(resolved.orphans) + len(resolved.pins)
    statuses: dict[int, LinkStatus] = {k: status for k, status in enumerate(pinned.statuses)
                                       if status is not LinkStatus.AUTOMATIC}
    return pinned.alignment, statuses, len(resolved.orphans)


def book_notes(document: Document, alignment: Alignment, store: AnnotationStore) -> tuple[tuple[LinkNote, ...], int]:
    """The document's notes (all its versions') placed on its text and numbered in reading order, and how many
    could not be placed (orphans: their text is gone)."""
    from reader_app.core.exports import link_notes_from_placements
    from reader_app.storage.annotations import in_reading_order, place

    annotations = store.for_documents(store.register_document(document))
    meanings = {c.key: c.meaning for c in store.palette()}
    placed = place(document, annotations)
    placements = []
    for annotation in in_reading_order(document, placed, alignment):
        sides = placed.where[annotation.id]
        # Shown on its own side when that side is placed, else where its link's other anchor is (as the window).
        side = annotation.side if annotation.side in sides else next(iter(sides))
        quote = annotation.anchor.quote if annotation.target.value == "selection" else ""
        placements.append((side, sides[side].index, annotation.note, annotation.colour,
                           meanings.get(annotation.colour, ""), annotation.tags, quote))
    return link_notes_from_placements(placements, alignment), len(placed.orphans)


def _reader_work(document: Document, alignment: Alignment) -> BilingualBook:
    """The book with what the reader stored: manual alignment edits and notes. A notes database that cannot be read
    leaves both out with a line on stderr: the text and its alignment are the export."""
    from reader_app.commands.notes import _open_store
    from reader_app.storage.database import StorageError

    statuses: dict[int, LinkStatus] = {}
    notes: tuple[LinkNote, ...] = ()
    try:
        database, store = _open_store()
        with database:
            alignment, statuses, stale_edits = alignment_for_export(document, alignment, database)
            notes, orphans = book_notes(document, alignment, store)
    except StorageError as exc:
        print(f"bilingual-reader export: the notes and alignment edits are left out: {exc}", file=sys.stderr)
        return BilingualBook(document, alignment)
    if stale_edits:
        print(f"bilingual-reader export: {stale_edits} alignment edits that no longer fit the text are left out",
              file=sys.stderr)
    if orphans:
        print(f"bilingual-reader export: {orphans} notes whose text is no longer in the document are left out "
              "(`notes export` lists them)", file=sys.stderr)
    return BilingualBook(document, alignment, notes, statuses)


@contextlib.contextmanager
def _output(path: str | None, binary: bool) -> Iterator[IO[Any]]:
    """Where the export is written. A file is written beside OUT and renamed over it when complete (a failed
    export leaves OUT as it was); standard output directly for text, through a temporary file for a zip (its
    writer seeks back to each member's header)."""
    if path is None and not binary:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path) if path is not None else None
    folder = target.resolve().parent if target is not None else None
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".part", dir=folder)
    try:
        out: IO[Any] = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="")
        with out:
            yield out
        if target is not None:
            os.replace(temporary, target)
        else:
            with open(temporary, "rb") as done:
                shutil.copyfileobj(done, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def run(args: argparse.Namespace) -> int:
    from reader_app.core.aligner import align_document
    from reader_app.core.documents import load_document
    from reader_app.core.documents.project import SUFFIX, sources_of
    from reader_app.core.exports import write_export

    if args.fmt == "project" and not (args.output or "").lower().endswith(SUFFIX):
        return _fail(EXIT_USAGE, f"a project is a file: give -o NAME{SUFFIX}")
    binary = args.fmt in BINARY_FORMATS
    if binary and args.output is None and sys.stdout.isatty():
        return _fail(EXIT_USAGE, f"{args.fmt} is a binary format: give -o FILE{SUFFIXES[args.fmt]} (or pipe the "
                                 "output)")
    if args.layout is not None and args.fmt not in ("html", "epub", "md"):
        return _fail(EXIT_USAGE, f"--layout is for html, epub and md, not {args.fmt}")
    try:
        document = load_document(args.file, args.en_file)
        sources = sources_of(document) if args.fmt == "project" else ()  # the bytes as loaded, read now
    except (DocumentError, OSError) as exc:
        return _fail(EXIT_INPUT, unreadable(exc, args.file))
    try:
        alignment = align_document(document, tier=args.tier)
    except ImportError as exc:
        return _fail(EXIT_USAGE, f"tier {args.tier} is not available in this installation ({exc.name})")
    if args.fmt == "project":
        return _export_project(args.output, document, sources, alignment)
    book = _reader_work(document, alignment)
    try:
        with _output(args.output, binary) as out:
            write_export(args.fmt, book, out, args.layout)
    except OSError as exc:
        name = Path(args.output).name if args.output else "standard output"
        return _fail(EXIT_INPUT, f"{name}: cannot be written ({exc.strerror or exc})")
    if args.output:
        print(f"bilingual-reader export: wrote {args.output} ({len(book.alignment.links)} links, "
              f"{len(book.notes)} notes)", file=sys.stderr)
    return EXIT_OK


def _export_project(output: str, document: Document, sources: tuple, alignment: Alignment) -> int:
    """`--format project`: the texts as loaded, the alignment with the stored edits applied, and the notes, edits and
    saved words of the notes database, in one project file (docs/project-format.md)."""
    from reader_app.core.documents.project import Project, ProjectError, write_project
    from reader_app.storage.database import StorageError

    try:
        alignment, notes_json = _project_work(document, alignment)
    except StorageError as exc:
        print(f"bilingual-reader export: the notes and alignment edits are left out: {exc}", file=sys.stderr)
        notes_json = "{}"
    project = Project(title=document.title, content_id=document.content_id, unit="paragraph", sources=sources,
                      alignment=alignment, alignment_level="paragraph", notes_json=notes_json)
    try:
        write_project(output, project)
    except ProjectError as exc:
        return _fail(EXIT_INPUT, str(exc))
    print(f"bilingual-reader export: wrote {output} ({len(alignment.links)} links)", file=sys.stderr)
    return EXIT_OK


def _project_work(document: Document, alignment: Alignment) -> tuple[Alignment, str]:
    """The alignment with the reader's edits, and the notes file (`notes export --format json`, words included)."""
    from reader_app.commands.notes import _open_store
    from reader_app.storage.notes_export import stored_json

    database, store = _open_store()
    with database:
        alignment, _statuses, _stale = alignment_for_export(document, alignment, database)
        text = stored_json(store, document, store.register_document(document))
    return alignment, text
