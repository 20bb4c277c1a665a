"""Export a document's notes (Markdown, JSON, CSV) or import notes from an exported JSON file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader_app.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from reader_app.core.documents import DocumentError, load_document

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
        return _import(args)
    except DocumentError as exc:
        return _fail(str(exc), EXIT_INPUT)
    except NotesFormatError as exc:
        return _fail(f"{Path(args.json_file).name}: {exc}", EXIT_INPUT)
    except StorageError as exc:
        return _fail(str(exc), EXIT_STORAGE)


def _export(args: argparse.Namespace) -> int:
    from reader_app.storage.notes_export import export

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
        fmt = {"md": "md", "markdown": "md", "json": "json", "csv": "csv"}.get(suffix, "md")
    document = load_document(args.file, args.en_file)
    database, store = _open_store()
    with database:
        versions = store.register_document(document)
        annotations = store.for_documents(versions)
        palette = store.palette()
    alignment = _alignment(document) if fmt != "json" else None
    text = export(document, annotations, palette, fmt, alignment)
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
    from reader_app.storage.notes_export import import_json

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
        result = import_json(store, text, into=into)
    print(f"imported {path.name}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged")
    return EXIT_OK
