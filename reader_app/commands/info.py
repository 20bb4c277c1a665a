"""Print what a document holds: the encoding it was read in, paragraphs per language, headings, the first words."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader_app.cli import EXIT_INPUT, EXIT_OK
from reader_app.core.documents import DocumentError, load_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a bilingual file, or the Chinese file when EN_FILE is given")
    parser.add_argument("en_file", nargs="?", help="the English file")


def run(args: argparse.Namespace) -> int:
    try:
        document = load_document(args.file, args.en_file)
    except DocumentError as exc:
        print(f"bilingual-reader: {exc}", file=sys.stderr)
        return EXIT_INPUT
    sides = (document.zh, document.en)
    if len(document.sources) == 1:
        print(f"encoding: {_encoding(document.zh.encoding, document.sources[0])}")
    else:
        for side, source in zip(sides, document.sources, strict=True):  # sources are in (zh, en) order
            print(f"{side.language.value} encoding: {_encoding(side.encoding, source)} ({Path(source).name})")
    for side in sides:
        print(f"{side.language.value}: {len(side)} paragraphs")
        for i, paragraph in enumerate(side.paragraphs):
            print(f"  {i:4d} {paragraph.kind.value:9s} {paragraph.text[:60]}")
    return EXIT_OK


def _encoding(name: str, source: str) -> str:
    # EPUB, DOCX, TMX and XLIFF are XML: each part declares its own encoding, and no single one was "used".
    return name or f"declared by the file ({Path(source).suffix.lstrip('.').lower() or 'XML'})"
