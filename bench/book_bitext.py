"""Book-length bitexts shaped like real translations, built from ../shared/corpus/mac-dev (read in place).

A book is a run of chapters, each one mac-dev chapter whose gold links are regrouped into paragraphs (1-3 links,
a new random grouping on every pass, so repeated sentences rarely make identical paragraphs), headed 第N章 /
Chapter N. What real translations have, and a perfectly parallel bitext lacks:
- about 8% of paragraphs present on one side only (either side, at random);
- about 8% split in two on one side (1-2 / 2-1 links) and about 2% with the boundary between two paragraphs moved
  by a sentence (2-2 links): the two sides' paragraphing differs;
- a chapter in the middle missing from the English (an abridged translation), heading included;
- an untranslated appendix of 120 Chinese paragraphs at the end.
`--lines`: one sentence a line instead (the gold links as they are, ~8% dropped from one side, the same missing
chapter and appendix): about 10k x 13k lines for `--paragraphs 10000`, for `--unit line`.

The size counts the Chinese side's units (paragraphs, or lines with `--lines`), appendix included; the English
side is shorter by the missing chapter and the appendix. Deterministic for a seed. The corpus is for evaluation
only: write the files to a temporary folder, never into the project.

Usage: .venv/bin/python bench/book_bitext.py --paragraphs 10000 --seed 1 --out DIR [--lines]
writes DIR/zh.txt, DIR/en.txt (paragraphs separated by blank lines; with --lines one sentence a line) and
DIR/gold.align (the links between them, `[zh ids]:[en ids]`, 0-based).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_tasks import GoldLink, chapters, corpus_available

APPENDIX = 120
DROP = 0.08
SPLIT = 0.08
SHIFT = 0.02
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 305 -> 三百零五: chapter numbers as a Chinese book writes them (1-9999)."""
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += ("" if digit == 1 and unit == "十" and not out else _DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


@dataclass
class Book:
    """The two sides' units in order and the gold links between them (indices into zh / en)."""

    zh: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    gold: list[GoldLink] = field(default_factory=list)

    def add(self, zh: list[str], en: list[str]) -> None:
        """One link of these units; a one-sided group is one gap link per unit (how the aligner reports gaps)."""
        if zh and en:
            self.gold.append(
                (tuple(range(len(self.zh), len(self.zh) + len(zh))), tuple(range(len(self.en), len(self.en) + len(en))))
            )
        else:
            self.gold += [((len(self.zh) + k,), ()) for k in range(len(zh))]
            self.gold += [((), (len(self.en) + k,)) for k in range(len(en))]
        self.zh += zh
        self.en += en


# A chapter as groups of (zh units, en units), each group one gold link (or gaps) once placed in the book.
Group = tuple[list[str], list[str]]


def _paragraph_groups(zh: list[str], en: list[str], gold: list[GoldLink], rng: random.Random) -> list[Group]:
    def texts(links: list[GoldLink]) -> tuple[str, str]:
        return ("".join(zh[i] for link in links for i in link[0]), " ".join(en[j] for link in links for j in link[1]))

    groups: list[Group] = []
    k = 0
    while k < len(gold):
        r = rng.random()
        # The event first, then a group size it can apply to (a split needs two links, a shift three).
        kind = "drop" if r < DROP else "split" if r < DROP + SPLIT else "shift" if r < DROP + SPLIT + SHIFT else ""
        size = {"split": rng.randint(2, 4), "shift": rng.randint(3, 5)}.get(kind) or rng.choice((1, 1, 2, 2, 3))
        links = list(gold[k : k + size])
        k += size
        z, e = texts(links)
        if not z or not e:
            groups.append(([z] if z else [], [e] if e else []))
        elif kind == "drop":
            groups.append(([z], []) if rng.random() < 0.5 else ([], [e]))
        elif kind in ("split", "shift") and len(links) >= 2:
            cuts = rng.sample(range(1, len(links)), 2) if kind == "shift" and len(links) >= 3 else []
            cut = cuts[0] if cuts else rng.randint(1, len(links) - 1)
            halves = [texts(links[:cut]), texts(links[cut:])]
            if cuts:  # the English moves the boundary: 2-2
                other = [texts(links[: cuts[1]]), texts(links[cuts[1] :])]
                zh_parts, en_parts = [h[0] for h in halves], [h[1] for h in other]
            elif rng.random() < 0.5:
                zh_parts, en_parts = [h[0] for h in halves], [e]
            else:
                zh_parts, en_parts = [z], [h[1] for h in halves]
            if all(zh_parts) and all(en_parts):
                groups.append((zh_parts, en_parts))
            else:  # a half without text on the split side (an untranslated sentence): leave the pair whole
                groups.append(([z], [e]))
        else:
            groups.append(([z], [e]))
    return groups


def _line_groups(zh: list[str], en: list[str], gold: list[GoldLink], rng: random.Random) -> list[Group]:
    groups: list[Group] = []
    for link in gold:
        z, e = [zh[i] for i in link[0]], [en[j] for j in link[1]]
        if z and e and rng.random() < DROP:
            z, e = (z, []) if rng.random() < 0.5 else ([], e)
        groups.append((z, e))
    return groups


def build_book(units: int, seed: int = 1, lines: bool = False, appendix: int = APPENDIX) -> Book:
    """About `units` Chinese units (paragraphs, or sentences with `lines`) with the English translation's."""
    if not corpus_available():
        raise FileNotFoundError("../shared/corpus/mac-dev is absent")
    rng = random.Random(seed)
    source = chapters()
    regroup = _line_groups if lines else _paragraph_groups
    body = max(units - appendix, 1)
    book_chapters: list[list[Group]] = []
    count = 0
    while count < body:
        for _name, zh, en, gold in source:
            number = len(book_chapters) + 1
            groups = [([f"第{chinese_number(number)}章"], [f"Chapter {number}"]), *regroup(zh, en, gold, rng)]
            kept = []
            for group in groups:
                if count >= body:
                    break
                kept.append(group)
                count += len(group[0])
            book_chapters.append(kept)
            if count >= body:
                break
    # Only a book of three chapters or more loses one: a shorter one would lose half its English or all of it.
    missing = len(book_chapters) // 2 if len(book_chapters) >= 3 else -1
    book = Book()
    for c, groups in enumerate(book_chapters):
        for z, e in groups:
            book.add(z, [] if c == missing else e)
    # The appendix: more of the corpus, Chinese only, under its own heading.
    extra = [unit for _name, zh, en, gold in source for z, _e in regroup(zh, en, gold, rng) for unit in z]
    book.add(["附录", *extra][: max(appendix, 0)], [])
    return book


def write_book(book: Book, out: Path, lines: bool = False) -> tuple[Path, Path]:
    """DIR/zh.txt, DIR/en.txt (blank lines between paragraphs, or one unit a line) and DIR/gold.align."""
    out.mkdir(parents=True, exist_ok=True)
    sep = "\n" if lines else "\n\n"
    paths = []
    for name, units in (("zh", book.zh), ("en", book.en)):
        path = out / f"{name}.txt"
        path.write_text(sep.join(units) + "\n", encoding="utf-8")
        paths.append(path)
    gold = "".join(f"[{','.join(map(str, z))}]:[{','.join(map(str, e))}]\n" for z, e in book.gold)
    (out / "gold.align").write_text(gold, encoding="utf-8")
    return paths[0], paths[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10_000, help="Chinese units (lines with --lines)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lines", action="store_true", help="one sentence a line (for --unit line)")
    parser.add_argument("--appendix", type=int, default=APPENDIX, help="untranslated Chinese paragraphs at the end")
    parser.add_argument("--out", type=Path, required=True, help="a folder outside the project (e.g. under /tmp)")
    args = parser.parse_args()
    if not corpus_available():
        print("SKIP: ../shared/corpus/mac-dev is absent", file=sys.stderr)
        return 0
    book = build_book(args.paragraphs, args.seed, args.lines, args.appendix)
    zh, en = write_book(book, args.out, args.lines)
    gaps = sum(1 for z, e in book.gold if not z or not e)
    wide = sum(1 for z, e in book.gold if z and e and len(z) + len(e) > 2)
    size = (zh.stat().st_size + en.stat().st_size) / 1e6
    print(
        f"{zh}, {en}: {len(book.zh)} x {len(book.en)} {'lines' if args.lines else 'paragraphs'}, "
        f"{size:.1f} MB; gold: {len(book.gold)} links, {gaps} one-sided units, {wide} wider than 1-1"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
