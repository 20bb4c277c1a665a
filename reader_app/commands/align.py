"""Align a bilingual text by paragraph, sentence or line and print the links (json, tsv, tmx or align)."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from reader_app.cli import EXIT_INPUT, EXIT_USAGE, unreadable, write_result
from reader_app.core.alignment import Alignment
from reader_app.core.documents import DocumentError

UNITS = ("paragraph", "sentence", "line")
LEVELS = ("auto", "paragraph", "sentence")
FORMATS = ("json", "tsv", "tmx", "align")
LANGUAGES = ("zh", "en")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a bilingual file, or the Chinese file when EN_FILE is given")
    parser.add_argument("en_file", metavar="EN_FILE", nargs="?", help="the English file")
    parser.add_argument(
        "--unit",
        choices=UNITS,
        default="paragraph",
        help="what to align: paragraphs (default), sentences, or every non-empty line as-is (see --level)",
    )
    parser.add_argument(
        "--level",
        choices=LEVELS,
        default=None,
        help="with --unit line: align the lines as paragraphs or as sentences; auto (default): decide from how "
        "many lines hold several sentences",
    )
    parser.add_argument(
        "--tier",
        type=int,
        choices=(1, 2),
        default=None,
        help="1: instant (lexical), 2: refined (sentence embeddings); default: the best available",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="align",
        dest="fmt",
        help="align: one link a line, [zh ids]:[en ids] (default); json; tsv; tmx",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    parser.add_argument(
        "--pin",
        metavar="ZH_IDS:EN_IDS",
        action="append",
        default=[],
        dest="pins",
        help="a link that must appear as given (repeatable): 0-based ids of --unit units, comma-separated and "
        "consecutive, e.g. --pin 3:5 or --pin 4,5:6; an empty side marks units without counterpart (--pin 7:); "
        "the rest is aligned around the pins",
    )
    parser.add_argument(
        "--pins",
        metavar="FILE.json",
        dest="pins_file",
        help='pins from a JSON file: {"pins": [{"zh": [4, 5], "en": [6]}, {"zh": [7], "en": []}, ...]} (ids as '
        'for --pin; a pin may add "status": "confirmed"); combined with any --pin',
    )


def _fail(code: int, message: str) -> int:
    print(f"bilingual-reader align: {message}", file=sys.stderr)
    return code


def line_units(path: str, en_path: str | None) -> tuple[list[str], list[str]]:
    """`--unit line`: every non-empty line is one unit, taken as-is; one file is split by each line's language."""
    from reader_app.core.documents import read_text
    from reader_app.core.model import Language
    from reader_app.core.text.segment import language_of

    def lines(p: str) -> list[str]:
        return [line.strip() for line in read_text(Path(p)).splitlines() if line.strip()]

    if en_path is not None:
        return lines(path), lines(en_path)
    zh: list[str] = []
    en: list[str] = []
    for line in lines(path):
        (zh if language_of(line) is Language.ZH else en).append(line)
    return zh, en


def line_level_note(requested: str, zh: Sequence[str], en: Sequence[str]) -> tuple[str, str]:
    """The level to align `--unit line` units at, and the stderr line that says which and why."""
    from reader_app.core.text.line_level import PARAGRAPH, PARAGRAPH_SHARE, detect_line_level

    if requested != "auto":
        return requested, f"aligning lines as {requested}s (--level {requested})"
    found = detect_line_level(zh, en)
    other = "sentence" if found.level == PARAGRAPH else "paragraph"
    sides = [(name, side) for name, side in (("Chinese", found.zh), ("English", found.en)) if side.lines]
    if not sides:
        why = "no lines to tell from"
    else:
        why = f"median {found.median_sentences:.1f} sentences a line; lines holding several sentences: " + ", ".join(
            f"{side.multi_share:.0%} {name}" for name, side in sides
        )
        if found.level == PARAGRAPH:
            why += f", over {PARAGRAPH_SHARE:.0%}" + (" on each side" if len(sides) == 2 else "")
        else:
            # The sparser side decides: name it, it is the one that keeps the lines sentences.
            sparser = min(sides, key=lambda named: named[1].multi_share)[0]
            why += f", {PARAGRAPH_SHARE:.0%} or fewer on the {sparser} side"
    return found.level, (f"aligning lines as {found.level}s ({why}); --level {other} to override")


def sentence_texts(document, language: str) -> list[str]:
    """The sentences the window shows by View ▸ Align By ▸ Sentences (reader_app.core.units), in order."""
    side = document.zh if language == "zh" else document.en
    return [sentence.text for paragraph in side.paragraphs for sentence in paragraph.sentence_spans]


def render(fmt: str, zh: Sequence[str], en: Sequence[str], alignment: Alignment) -> str:
    if fmt == "align":
        return alignment.to_align_text()
    if fmt == "json":
        payload = {
            "zh": list(zh),
            "en": list(en),
            "links": [
                {"zh": list(link.zh), "en": list(link.en), "confidence": round(link.confidence, 4)}
                for link in alignment.links
            ],
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    zh_texts = ["".join(zh[i] for i in link.zh) for link in alignment.links]
    en_texts = [" ".join(en[j] for j in link.en) for link in alignment.links]
    if fmt == "tsv":

        def cell(text: str) -> str:
            return " ".join(text.split())  # tabs and line breaks would break the columns

        rows = ["zh_ids\ten_ids\tconfidence\tzh\ten"]
        for link, z, e in zip(alignment.links, zh_texts, en_texts, strict=True):
            ids = (",".join(map(str, link.zh)), ",".join(map(str, link.en)))
            rows.append(f"{ids[0]}\t{ids[1]}\t{link.confidence:.4f}\t{cell(z)}\t{cell(e)}")
        return "\n".join(rows) + "\n"
    import io

    from reader_app.core.exports.tmx import units_of_texts, write_tmx

    # A unit without counterpart is marked (x-one-sided) with its one <tuv>, never written as an empty segment.
    out = io.StringIO()
    write_tmx(units_of_texts(zh, en, alignment), out, "zh")
    return out.getvalue()


def read_pins(texts: Sequence[str], path: str | None) -> list:
    """The pins of `--pin` and `--pins` (reader_app.core.editing.Pin), unchecked against the text: PinError with a
    one-line reason for one that cannot be read."""
    from reader_app.core.editing import LinkStatus, Pin, PinError, parse_pin

    pins = [parse_pin(text) for text in texts]
    if path is None:
        return pins
    name = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise PinError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PinError(f"{name}: not valid JSON ({exc})") from None
    entries = data.get("pins") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PinError(f'{name}: expected {{"pins": [{{"zh": [...], "en": [...]}}, ...]}}')
    for n, entry in enumerate(entries):
        sides: list[list[int]] = []
        for side in LANGUAGES:
            ids = entry.get(side) if isinstance(entry, dict) else None
            # (bool is an int to Python, not an id to the reader)
            if not isinstance(ids, list) or not all(type(i) is int and i >= 0 for i in ids):
                raise PinError(f'{name}: pin {n + 1} needs "zh" and "en" lists of 0-based ids')
            sides.append(ids)
        status = entry.get("status", "manual")
        if status not in ("manual", "confirmed"):
            raise PinError(f'{name}: pin {n + 1}: "status" is "manual" or "confirmed", not {status!r}')
        pins.append(Pin(tuple(sides[0]), tuple(sides[1]), LinkStatus(status)))
    return pins


def run(args: argparse.Namespace) -> int:
    from reader_app.core.aligner import best_tier

    if args.level is not None and args.unit != "line":
        return _fail(EXIT_USAGE, f"--level is for --unit line, not --unit {args.unit}")
    tier = args.tier if args.tier is not None else best_tier()
    if tier != 1:
        return _align(args, tier)
    # A book loads as hundreds of thousands of objects that all live until the output is written, and tier 1 makes
    # no reference cycles worth collecting: cyclic garbage collection would only rescan them (0.4 s, a sixth of a
    # 10k-paragraph run; the peak memory is the same without it). Paused for the command, as the window's start-up.
    gc.disable()
    try:
        return _align(args, tier)
    finally:
        gc.enable()


def _align(args: argparse.Namespace, tier: int) -> int:
    from reader_app.core.aligner import align_document, align_paragraphs, align_sentences

    pins: list = []
    if args.pins or args.pins_file:
        from reader_app.core.editing import PinError

        try:
            pins = read_pins(args.pins, args.pins_file)
        except PinError as exc:
            return _fail(EXIT_USAGE, str(exc))
    level = "paragraph"
    try:
        if args.unit == "line":
            zh, en = line_units(args.file, args.en_file)
        else:
            from reader_app.core.documents import load_document

            document = load_document(args.file, args.en_file)
    except (DocumentError, OSError) as exc:
        return _fail(EXIT_INPUT, unreadable(exc, args.file))
    # The align format shows no confidences: tier 1 then skips computing them (the links are the same).
    try:
        if args.unit == "line":
            # A paragraph a line wants the paragraph aligner's link widths (up to 2 x 2) and skip costs, a sentence
            # a line the sentence aligner's (up to 3 x 5): paragraphs aligned as sentences leave their gaps unseen.
            level, note = line_level_note(args.level or "auto", zh, en)
            print(f"bilingual-reader align: {note}", file=sys.stderr)
            aligner = align_paragraphs if level == "paragraph" else align_sentences
            alignment = aligner(zh, en, tier=tier, confidences=args.fmt != "align")
        elif args.unit == "sentence":
            zh, en = sentence_texts(document, "zh"), sentence_texts(document, "en")
            level = "sentence"
            alignment = align_sentences(zh, en, tier=tier, confidences=args.fmt != "align")
        else:
            zh, en = document.zh.texts(), document.en.texts()
            alignment = align_document(document, tier=tier, confidences=args.fmt != "align")
    except ImportError as exc:
        return _fail(EXIT_USAGE, f"tier {tier} is not available in this installation ({exc.name})")
    if pins:
        from reader_app.core.editing import PinError, Realigner

        kinds: dict = {}
        if args.unit == "paragraph":
            kinds = {f"{side}_kinds": [p.kind.value for p in getattr(document, side).paragraphs] for side in LANGUAGES}
        try:
            alignment = Realigner(zh, en, level=level, **kinds).apply(alignment, pins).alignment
        except PinError as exc:
            return _fail(EXIT_USAGE, str(exc))
    alignment.validate(len(zh), len(en))
    text = render(args.fmt, zh, en, alignment)
    return write_result("align", text, args.output)
