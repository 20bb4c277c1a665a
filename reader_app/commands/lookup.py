"""Look Chinese text up in the dictionary: each word by longest match, with its pinyin, both scripts and senses."""

from __future__ import annotations

import argparse
import json
import sys

from reader_app.cli import EXIT_INPUT, EXIT_OK

FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="TEXT", help="Chinese text, Simplified or Traditional")
    parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt", help="text (default) or json")
    parser.add_argument("--zhuyin", action="store_true", help="readings in zhuyin (bopomofo) instead of pinyin")


def render(fmt: str, words: list, zhuyin: bool = False) -> str:
    """The words of segment() as CC-CEDICT lines with tone marks (`氣候 气候 [qì hòu] /climate/`), one an entry,
    or as JSON."""
    from reader_app.core.dictionary import readings

    reading = readings.zhuyin if zhuyin else readings.marked
    if fmt == "json":
        rows = [{"word": w.text, "start": w.start, "end": w.end,
                 "entries": [{"traditional": e.traditional, "simplified": e.simplified,
                              "pinyin": readings.marked(e.pinyin), "zhuyin": readings.zhuyin(e.pinyin),
                              "numbered": e.pinyin, "senses": list(e.senses)} for e in w.entries]}
                for w in words]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for w in words:
        if not w.entries:
            lines.append(f"{w.text} {w.text} [?] (not in the dictionary)")
        lines += [f"{e.traditional} {e.simplified} [{reading(e.pinyin)}] /{'/'.join(e.senses)}/" for e in w.entries]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from reader_app.core.dictionary.entries import load_dictionary
    from reader_app.core.dictionary.words import segment
    from reader_app.core.text.scripts import HAN_CHARACTER

    if not HAN_CHARACTER.search(args.text):
        print(f"bilingual-reader lookup: no Chinese characters in {args.text[:40]!r}", file=sys.stderr)
        return EXIT_INPUT
    try:
        dictionary = load_dictionary()
    except (OSError, ValueError) as exc:
        print(f"bilingual-reader lookup: the dictionary cannot be read ({exc})", file=sys.stderr)
        return EXIT_INPUT
    sys.stdout.write(render(args.fmt, segment(args.text, dictionary), args.zhuyin))
    return EXIT_OK
