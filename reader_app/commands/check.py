"""Check a translation: numbers, names, omitted sentences, untranslated text (and length, punctuation on request)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reader_app.cli import EXIT_INPUT, EXIT_USAGE, unreadable, write_result
from reader_app.core.checks import ALL_KINDS, DEFAULT_KINDS, Flag, parse_kinds
from reader_app.core.documents import DocumentError

FORMATS = ("json", "tsv")
COLUMNS = ("kind", "severity", "zh", "en", "message", "zh_evidence", "en_evidence")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a bilingual file, or the Chinese file when EN_FILE is given")
    parser.add_argument("en_file", metavar="EN_FILE", nargs="?", help="the English file")
    parser.add_argument(
        "--kinds",
        default=",".join(k.value for k in DEFAULT_KINDS),
        help=f"comma-separated checks, or all (default: {','.join(k.value for k in DEFAULT_KINDS)}; "
        f"all: {','.join(k.value for k in ALL_KINDS)})",
    )
    parser.add_argument(
        "--tier",
        type=int,
        choices=(1, 2),
        default=None,
        help="1: instant alignment, dictionary checks only; 2: refined alignment, and sentence embeddings find "
        "omitted sentences; default: the best available",
    )
    parser.add_argument("--format", choices=FORMATS, default="json", dest="fmt", help="json (default) or tsv")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")


def _fail(code: int, message: str) -> int:
    print(f"bilingual-reader check: {message}", file=sys.stderr)
    return code


def _cell(text: str) -> str:
    return " ".join(text.split())  # tabs and line breaks would break the columns


def render(fmt: str, flags: Sequence[Flag]) -> str:
    rows = [
        {
            "kind": flag.kind.value,
            "severity": flag.severity.value,
            "zh": list(flag.zh),
            "en": list(flag.en),
            "message": flag.message,
            "zh_evidence": flag.zh_evidence,
            "en_evidence": flag.en_evidence,
        }
        for flag in flags
    ]
    if fmt == "json":
        return json.dumps({"flags": rows}, ensure_ascii=False, indent=1) + "\n"
    lines = ["\t".join(COLUMNS)]
    for row in rows:
        cells = [",".join(map(str, row[c])) if isinstance(row[c], list) else _cell(str(row[c])) for c in COLUMNS]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from reader_app.core.aligner import align_document, best_tier
    from reader_app.core.checks import check_document
    from reader_app.core.documents import load_document

    try:
        kinds = parse_kinds(args.kinds)
    except ValueError as exc:
        return _fail(EXIT_USAGE, str(exc))
    if not kinds:
        return _fail(EXIT_USAGE, "--kinds names no check")
    tier = args.tier if args.tier is not None else best_tier()
    try:
        document = load_document(args.file, args.en_file)
    except (DocumentError, OSError) as exc:
        return _fail(EXIT_INPUT, unreadable(exc, args.file))
    try:
        alignment = align_document(document, tier=tier)
        flags = check_document(document, alignment, kinds, tier=tier)
    except ImportError as exc:
        return _fail(EXIT_USAGE, f"tier {tier} is not available in this installation ({exc.name})")
    text = render(args.fmt, flags)
    return write_result("check", text, args.output)
