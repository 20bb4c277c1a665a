"""Manual alignment (issue 13): the re-alignment around one edit as the window runs it, and what pinning the gold
link at the first error gives back.

Part 1, speed: the realistic 10k-paragraph book of bench/book_bitext.py (gaps, splits, a missing chapter, an
untranslated appendix; what bench/align_speed.py times), aligned by tier 1. The window's way: one Realigner per
document, made in a process whose tier-1 lexicon is not loaded yet (the window aligns in a child process; the
Realigner loads it, in the window's worker), its construction timed; its tier-1 result as a Pinned, then edits,
each on the state the previous one left. The first edit pins a link in the middle of the book (a LinkThese that
moves one link: a 1-1 link's Chinese linked with the English after its own; relink_first_ms), then 20 more such
edits at random places (relink_ms: their median). Realigner.apply with 50 gold links spread over the book as
pins, on the tier-1 alignment (as at open, with stored pins): its time, and how many pins come out as links.
Part 2, accuracy: mac-dev paragraph tasks (bench/align_tasks.py; skipped with a message where the corpus is
absent): tier 1, then the gold link at the first wrong link of each task pinned with the edit the reader would
make (LinkThese, or NoCounterpart for a one-sided gold link), scored again (strict F1 pooled). Tuned (FIRST_REACH,
MARGIN, CONTEXT: --param) on chapters 001-003 seeds 1-4 (--set tune), reported on 004-006 seeds 5-8 (report).

Usage: .venv/bin/python bench/manual_alignment.py [--paragraphs 10000] [--edits 20] [--set tune|report|both]
       [--skip-speed] [--param realign.MARGIN=3 ...]
Last line: RESULT relink_ms=<median> relink_first_ms=… relink_max_ms=… apply50_ms=… pins_kept=<k>/<n>
f1_before=… f1_after=… (pins_kept counts every pin made in both parts that is a link of the result)
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align_tasks import Score, corpus_available, paragraph_tasks
from book_bitext import build_book

SETS = {"tune": (("001", "002", "003"), (1, 2, 3, 4)), "report": (("004", "005", "006"), (5, 6, 7, 8))}


def moved_link(pinned, k: int):
    """A LinkThese that moves one link: the first 1-1 link from k on, its Chinese with the next English unit."""
    from reader_app.core.editing import LinkStatus, LinkThese

    links = pinned.alignment.links
    n_en = sum(len(link.en) for link in links)
    while True:
        link = links[k]
        if len(link.zh) == len(link.en) == 1 and link.en[0] + 1 < n_en and pinned.status(k) is LinkStatus.AUTOMATIC:
            return LinkThese(link.zh, (link.en[0] + 1,))
        k += 1


def kept(pinned) -> tuple[int, int]:
    links = {(link.zh, link.en) for link in pinned.alignment.links}
    return sum((pin.zh, pin.en) in links for pin in pinned.pins), len(pinned.pins)


def speed(paragraphs: int, edits: int) -> dict[str, float | tuple[int, int]]:
    from reader_app.core.aligner import align_paragraphs, lexicon
    from reader_app.core.editing import Pin, Realigner

    book = build_book(paragraphs)
    print(f"book: {len(book.zh)} x {len(book.en)} paragraphs")
    t0 = time.perf_counter()
    alignment = align_paragraphs(book.zh, book.en)
    print(f"tier 1: {time.perf_counter() - t0:.2f} s, {len(alignment.links)} links")
    lexicon._loaded = None  # the window's process: tier 1 ran in a child, the lexicon is not loaded here yet
    t0 = time.perf_counter()
    realigner = Realigner(book.zh, book.en)
    pinned = realigner.apply(alignment, [])
    print(f"Realigner (lexicon loaded by it) + apply(no pins): {(time.perf_counter() - t0) * 1000:.1f} ms")
    times: list[float] = []
    spans: list[int] = []
    rng = random.Random(13)
    places = [len(alignment.links) // 2] + [rng.randrange(len(alignment.links) - 50) for _ in range(edits)]
    for k in places:
        edit = moved_link(pinned, k)
        t0 = time.perf_counter()
        result = realigner.edit(pinned, edit)
        times.append((time.perf_counter() - t0) * 1000)
        spans.append(result.changed[1] - result.changed[0])
        pinned = result.pinned
    print(f"first edit (middle): {times[0]:.1f} ms")
    later = times[1:]
    print(
        f"{len(later)} edits: median {statistics.median(later):.1f} ms, max {max(later):.1f} ms; "
        f"links changed per edit: median {statistics.median(spans)}, max {max(spans)}"
    )
    edit_kept = kept(pinned)
    print(f"pins kept after the edits: {edit_kept[0]}/{edit_kept[1]}")
    # 50 gold links spread over the book, as stored pins applied at open.
    gold = [g for g in book.gold if g[0] and g[1]]
    pins = [Pin(*gold[(n * len(gold)) // 50 + 3]) for n in range(50)]
    t0 = time.perf_counter()
    applied = realigner.apply(alignment, pins)
    apply_ms = (time.perf_counter() - t0) * 1000
    apply_kept = kept(applied)
    moved = sum(1 for a, b in zip(alignment.links, applied.alignment.links, strict=False) if a != b)
    print(f"apply with 50 pins: {apply_ms:.1f} ms, pins kept {apply_kept[0]}/{apply_kept[1]}")
    print(
        f"  ({sum((p.zh, p.en) in {(x.zh, x.en) for x in alignment.links} for p in pins)} were tier-1 links "
        f"already; links of the result differing at the same index: {moved})"
    )
    return {
        "relink_ms": statistics.median(later),
        "relink_first_ms": times[0],
        "relink_max_ms": max(later),
        "apply50_ms": apply_ms,
        "kept": (edit_kept[0] + apply_kept[0], edit_kept[1] + apply_kept[1]),
    }


def first_error_edit(links, gold):
    """The edit that pins the gold link at the first link not in the gold (None: no error)."""
    from reader_app.core.editing import LinkThese, NoCounterpart

    gold_set = set(gold)
    for link in links:
        if (link.zh, link.en) in gold_set:
            continue
        language, unit = ("zh", link.zh[0]) if link.zh else ("en", link.en[0])
        for zh, en in gold:
            if unit in (zh if language == "zh" else en):
                if zh and en:
                    return LinkThese(zh, en)
                return NoCounterpart("zh", zh) if zh else NoCounterpart("en", en)
    return None


def accuracy(which: str) -> tuple[float, float, tuple[int, int]]:
    from reader_app.core.aligner import align_paragraphs
    from reader_app.core.editing import Realigner

    chapters, seeds = SETS[which]
    before, after = Score(), Score()
    made = held = 0
    t_edit: list[float] = []
    for name, zh, en, gold in paragraph_tasks(seeds):
        if name.split("/")[0] not in chapters:
            continue
        alignment = align_paragraphs(zh, en)
        realigner = Realigner(zh, en)
        pinned = realigner.apply(alignment, [])
        before.add([(link.zh, link.en) for link in alignment.links], gold)
        edit = first_error_edit(alignment.links, gold)
        if edit is not None:
            t0 = time.perf_counter()
            pinned = realigner.edit(pinned, edit).pinned
            t_edit.append((time.perf_counter() - t0) * 1000)
            k, n = kept(pinned)
            held += k
            made += n
        after.add([(link.zh, link.en) for link in pinned.alignment.links], gold)
    print(f"{which} ({' '.join(chapters)} x seeds {seeds[0]}-{seeds[-1]}): before {before.summary()}")
    print(f"{which}: after one pin: {after.summary()}; edit median {statistics.median(t_edit):.1f} ms")
    return before.strict_f1, after.strict_f1, (held, made)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--set", choices=("tune", "report", "both"), default="both", dest="which")
    parser.add_argument("--skip-speed", action="store_true", help="part 2 only (its figures; part 1's print nan)")
    parser.add_argument("--param", action="append", default=[], help="module.NAME=value, e.g. realign.MARGIN=4")
    args = parser.parse_args()
    import importlib

    for item in args.param:
        target, value = item.split("=")
        module, name = target.rsplit(".", 1)
        setattr(
            importlib.import_module(f"reader_app.core.editing.{module}"),
            name,
            type(getattr(importlib.import_module(f"reader_app.core.editing.{module}"), name))(value),
        )
    nan = math.nan
    if not corpus_available():
        print("SKIP: ../shared/corpus/mac-dev is absent (the book and the tasks are built from it): figures nan")
        print(
            "RESULT relink_ms=nan relink_first_ms=nan relink_max_ms=nan apply50_ms=nan pins_kept=0/0 "
            "f1_before=nan f1_after=nan"
        )
        return 0
    figures = (
        {"relink_ms": nan, "relink_first_ms": nan, "relink_max_ms": nan, "apply50_ms": nan, "kept": (0, 0)}
        if args.skip_speed
        else speed(args.paragraphs, args.edits)
    )
    kept_before = figures["kept"]
    assert isinstance(kept_before, tuple)
    held: int = kept_before[0]
    made: int = kept_before[1]
    f1 = (nan, nan)
    for which in ("tune", "report") if args.which == "both" else (args.which,):
        b, a, (k, n) = accuracy(which)
        held, made = held + k, made + n
        if which == "report" or args.which == which:
            f1 = (b, a)
    print(
        f"RESULT relink_ms={figures['relink_ms']:.1f} relink_first_ms={figures['relink_first_ms']:.1f} "
        f"relink_max_ms={figures['relink_max_ms']:.1f} apply50_ms={figures['apply50_ms']:.1f} "
        f"pins_kept={held}/{made} f1_before={f1[0]:.4f} f1_after={f1[1]:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
