"""Print what a document holds: paragraphs per language, headings, and the first words of each."""

from __future__ import annotations

import argparse
import sys

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
    for side in (document.zh, document.en):
        print(f"{side.language.value}: {len(side)} paragraphs")
        for i, paragraph in enumerate(side.paragraphs):
            print(f"  {i:4d} {paragraph.kind.value:9s} {paragraph.text[:60]}")
    return EXIT_OK
