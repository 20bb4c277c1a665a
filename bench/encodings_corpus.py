"""Encoding detection on real Chinese: windows of ../shared/corpus text (read in place, never copied) saved in
nine encodings, decoded with reader_app.core.documents.encodings.decode; counts files, wrong decodes and refusals.

Usage: .venv/bin/python bench/encodings_corpus.py [--samples N]
Last line: RESULT files=… wrong=… refused=… (plus per-encoding counts)
"""

from __future__ import annotations

import argparse
import codecs
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from reader_app.core.documents.encodings import EncodingProblem, decode  # noqa: E402
from reader_app.core.text.convert import to_simplified, to_traditional  # noqa: E402

ENCODINGS = {
    "utf8": ("utf-8", b"", "UTF-8"),
    "utf8bom": ("utf-8", codecs.BOM_UTF8, "UTF-8"),
    "utf16le_bom": ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16LE"),
    "utf16be_bom": ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16BE"),
    "utf16le": ("utf-16-le", b"", "UTF-16LE"),
    "utf16be": ("utf-16-be", b"", "UTF-16BE"),
    "gb18030": ("gb18030", b"", "GB18030"),
    "gbk": ("gbk", b"", "GB18030"),
    "big5": ("cp950", b"", "Big5"),  # Big5 as Windows writes it
}


def han(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3000)
    args = parser.parse_args()
    sources = sorted(CORPUS.glob("*/zh/*"))
    if not sources:
        print(f"corpus not found at {CORPUS}: skipped")
        print("RESULT skipped=1")
        return 0
    texts = [p.read_text(encoding="utf-8") for p in sources]
    english = [
        line
        for p in sorted(CORPUS.glob("*/en/*"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if 40 < len(line) < 300
    ]
    rng = random.Random(7)
    tested = dict.fromkeys(ENCODINGS, 0)
    wrong = dict.fromkeys(ENCODINGS, 0)
    refused = dict.fromkeys(ENCODINGS, 0)
    examples: list[str] = []
    started = time.perf_counter()
    made = 0
    while made < args.samples:
        source = rng.choice(texts)
        length = rng.choice([16, 20, 32, 64, 128, 512, 2048])
        start = rng.randrange(0, max(1, len(source) - 2 * length))
        text = source[start : start + 2 * length]
        if han(text) < 16:
            continue
        made += 1
        variant = rng.random()
        text = to_traditional(text) if variant < 0.4 else to_simplified(text) if variant < 0.6 else text
        if rng.random() < 0.3 and english:
            text += "\n\n" + rng.choice(english)
        for name, (codec, bom, shown) in ENCODINGS.items():
            # Characters an encoding lacks (simplified ones in Big5, emoji in GBK) are dropped, as an editor
            # saving in that encoding would; the file still needs its 16 Han characters.
            body = text.encode(codec, errors="ignore")
            expected = body.decode(codec)
            if han(expected) < 16:
                continue
            data = bom + body
            tested[name] += 1
            try:
                decoded, used = decode(data)
            except EncodingProblem:
                refused[name] += 1
                continue
            if decoded != expected or used != shown:
                wrong[name] += 1
                if len(examples) < 5:
                    examples.append(f"{name} read as {used}: {text[:30]!r}")
    elapsed = time.perf_counter() - started
    for name in ENCODINGS:
        print(f"{name:12} files={tested[name]:6} wrong={wrong[name]} refused={refused[name]}")
    for example in examples:
        print("WRONG", example)
    print(f"{sum(tested.values())} decodes in {elapsed:.1f} s")
    per = " ".join(f"{n}={tested[n]}/{wrong[n]}/{refused[n]}" for n in ENCODINGS)
    print(f"RESULT files={sum(tested.values())} wrong={sum(wrong.values())} refused={sum(refused.values())} {per}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
