"""Export a document's notes (Markdown, JSON, CSV) or import notes from an exported JSON file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader_app.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from reader_app.core.documents import DocumentError, load_document
from reader_app.core.documents.project import is_project

EXIT_STORAGE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="notes_command", required=True, parser_class=type(parser))
    export = sub.add_parser("export", help="write the notes of a document (placed on its current text)")
    export.add_argument("file", help="a bilingual file, or the Chinese file when EN_FILE is given")
    export.add_argument("en_file", nargs="?", help="the English file")
    export.add_argument("--format", choices=("md", "json", "csv"),
                        help="md (both texts of each note's link quoted), json (for import) or csv; "
                             "default: from the -o file name, else md")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    imp = sub.add_parser("import", help="merge notes from an exported JSON file (importing twice adds nothing)")
    imp.add_argument("json_file", metavar="JSON", help="a file written by `notes export --format json`")
    imp.add_argument("--into", nargs="+", metavar="FILE",
                     help="attach the notes to this document (FILE [EN_FILE]), e.g. another version of the text")
    add = sub.add_parser("add", help="add a note on a paragraph (or its link) and print its id")
    add.add_argument("file", help="a bilingual file, or the Chinese file when EN_FILE is given")
    add.add_argument("en_file", nargs="?", help="the English file")
    add.add_argument("--side", choices=("zh", "en"), required=True, help="the side of the paragraph")
    add.add_argument("--paragraph", type=int, required=True, metavar="N",
                     help="the paragraph's number on that side, from 1 (as `info` and the exports count)")
    add.add_argument("--link", action="store_true",
                     help="a note on the paragraph's link: both sides (its counterpart by the tier-1 alignment)")
    add.add_argument("--note", required=True, metavar="TEXT", help="the note's text")
    add.add_argument("--colour", metavar="NAME", help="a palette colour (yellow, green, blue, red, purple, or one "
                                                      "added); default: the palette's first")
    add.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeat for more)")


def _fail(message: str, code: int) -> int:
    print(f"bilingual-reader: {message}", file=sys.stderr)
    return code


def _open_store():
    from reader_app.storage.annotations import AnnotationStore
    from reader_app.storage.database import Database

    database = Database()
    if database.notice:
        print(f"bilingual-reader: {database.notice}", file=sys.stderr)
    return database, AnnotationStore(database)


def run(args: argparse.Namespace) -> int:
    from reader_app.storage.database import StorageError
    from reader_app.storage.notes_export import NotesFormatError

    try:
        if args.notes_command == "export":
            return _export(args)
        if args.notes_command == "add":
            return _add(args)
        return _import(args)
    except DocumentError as exc:
        return _fail(str(exc), EXIT_INPUT)
    except NotesFormatError as exc:
        return _fail(f"{Path(args.json_file).name}: {exc}", EXIT_INPUT)
    except StorageError as exc:
        return _fail(str(exc), EXIT_STORAGE)


def _export(args: argparse.Namespace) -> int:
    from reader_app.storage.notes_export import export, stored_json

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
        fmt = {"md": "md", "markdown": "md", "json": "json", "csv": "csv"}.get(suffix, "md")
    document = load_document(args.file, args.en_file)
    if args.en_file is None and is_project(args.file):
        annotations, text = _project_notes(args.file, document, fmt)
    else:
        database, store = _open_store()
        with database:
            versions = store.register_document(document)
            annotations = store.for_documents(versions)
            palette = store.palette()
            # JSON, the file for import, carries the reader's pinned links and saved words too.
            json_text = stored_json(store, document, versions) if fmt == "json" else ""
        text = json_text or export(document, annotations, palette, fmt, _alignment(document))
    if args.output:
        out = Path(args.output)
        try:
            # A BOM lets spreadsheet programs read Chinese in CSV correctly.
            out.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        except OSError as exc:
            return _fail(f"{out.name}: cannot be written ({exc.strerror or exc})", EXIT_INPUT)
        print(f"bilingual-reader: exported {len(annotations)} notes to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _project_notes(path: str, document, fmt: str):
    """(notes, exported text) of the notes a project file holds: no notes database is read or written, so this
    works on any machine, with a fresh data folder (the project was checked whole when its document was loaded)."""
    import json

    from reader_app.core.documents.project import read_project
    from reader_app.storage.annotations import DEFAULT_PALETTE
    from reader_app.storage.notes_export import export, parse_export, with_vocabulary
    from reader_app.storage.vocabulary import words_from_json

    project = read_project(path)
    if project.notes_json.strip() in ("", "{}"):
        annotations, palette, edits, words = [], list(DEFAULT_PALETTE), [], []
    else:
        annotations, palette, edits = parse_export(project.notes_json)
        words = words_from_json(json.loads(project.notes_json).get("vocabulary", []))
    alignment = project.alignment if project.alignment_level == "paragraph" else None
    try:
        if alignment is not None:
            alignment.validate(len(document.zh), len(document.en))
    except ValueError:
        alignment = None  # links of other units, or of another text: aligned again below
    if alignment is None and fmt != "json":
        alignment = _alignment(document)
    text = export(document, annotations, palette or list(DEFAULT_PALETTE), fmt, alignment,
                  edits if fmt == "json" else [])
    return annotations, with_vocabulary(text, words) if fmt == "json" and words else text


def _alignment(document):
    """The paragraph alignment whose links the notes quote; None (each note quotes its own paragraph) when the
    aligner is missing or fails: the notes matter more than the pairing."""
    try:
        from reader_app.core.aligner import align_document

        return align_document(document, tier=1)
    except Exception as exc:  # noqa: BLE001 - any aligner failure degrades the export, never loses it
        print(f"bilingual-reader: could not align the document ({type(exc).__name__}: {exc}); "
              "each note quotes its own paragraph", file=sys.stderr)
        return None


def _import(args: argparse.Namespace) -> int:
    from reader_app.storage.notes_export import import_export, import_vocabulary
    from reader_app.storage.vocabulary import VocabularyStore

    if args.into is not None and len(args.into) > 2:
        return _fail("--into takes one bilingual file, or a Chinese file and its English file", EXIT_USAGE)
    path = Path(args.json_file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return _fail(f"{path.name}: no such file", EXIT_INPUT)
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"{path.name}: cannot be read ({getattr(exc, 'strerror', None) or exc})", EXIT_INPUT)
    into = load_document(*args.into) if args.into else None
    database, store = _open_store()
    with database:
        if into is not None:
            store.register_document(into)
        result, edits = import_export(store, text, into=into)
        words = import_vocabulary(VocabularyStore(database), text, into=into)
    print(f"imported {path.name}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged"
          + (f"; alignment edits: {edits.added} added, {edits.updated} updated, {edits.unchanged} unchanged"
             if edits.added or edits.updated or edits.unchanged else "")
          + (f"; saved words: {words.added} added, {words.updated} updated, {words.unchanged} unchanged"
             if words.added or words.updated or words.unchanged else ""))
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    """`notes add`: a note made and saved as the window makes it (NotesSession.new_note, then save: durable when
    this returns 0); its id on standard output."""
    from dataclasses import replace

    from reader_app.storage.model import normalise_tags
    from reader_app.storage.notes_session import NotesSession

    document = load_document(args.file, args.en_file)
    side_name = "Chinese" if args.side == "zh" else "English"
    count = len(document.side(args.side))
    if not 1 <= args.paragraph <= count:
        return _fail(f"--paragraph {args.paragraph}: the {side_name} side has paragraphs 1 to {count}"
                     if count else f"--paragraph {args.paragraph}: the {side_name} side has no paragraphs", EXIT_USAGE)
    index = args.paragraph - 1
    alignment = _alignment(document) if args.link else None

    def counterpart(language: str, i: int) -> tuple[str, tuple[int, ...]]:
        other = "en" if language == "zh" else "zh"
        k = alignment.link_of(language, i) if alignment is not None else None
        if k is None or alignment is None:
            return other, ()
        link = alignment.links[k]
        return other, link.en if other == "en" else link.zh

    database, _store = _open_store()
    with database:
        session = NotesSession(database)
        session.open_document(document)
        session.load()
        keys = [c.key for c in session.palette]
        if args.colour is not None and args.colour not in keys:
            return _fail(f"--colour {args.colour}: not in the palette ({', '.join(keys)})", EXIT_USAGE)
        annotation = session.new_note(args.side, index, "link" if args.link else "paragraph",
                                      counterpart=counterpart, note=args.note, colour=args.colour)
        assert annotation is not None  # the paragraph exists: checked above
        if args.tag:
            annotation = replace(annotation, tags=normalise_tags(args.tag))
        if args.link and annotation.partner is None:
            print(f"bilingual-reader: {side_name} paragraph {args.paragraph} has no counterpart; the link note is "
                  "on that paragraph alone", file=sys.stderr)
        session.save(annotation)
    print(annotation.id)
    return EXIT_OK
