"""Export speed and memory on a book-length bitext: every format of `reader_app.core.exports`, one after another.

The book is bench/book_bitext.py's (the builder bench/align_speed.py uses): --paragraphs Chinese paragraphs in
chapters headed 第N章 / Chapter N, with gaps, splits, a missing chapter and an untranslated appendix, written to a
temporary folder, loaded with `load_document` and aligned by tier 1 (load and align are timed apart: they are not
the export's). --notes notes are spread over the paragraphs. Each format is then written to a file in the
temporary folder, timed from the call to the file closed, best of --repeats. The budget is 5 s a format.

Memory: the process's peak RSS (ru_maxrss) after loading and aligning, and after each format; a format that builds
the whole book in memory shows as a rise (`peak_mb` is the highest, `export_rise_mb` what the exports added on top
of the loaded, aligned document). With --epubcheck, the book's EPUB is validated too (a minute for 10k paragraphs).

Usage: .venv/bin/python bench/export_speed.py [--paragraphs 10000] [--notes 500] [--repeats 2] [--epubcheck]
The last line: RESULT html_s=… epub_s=… docx_s=… tmx_s=… tsv_s=… md_s=… anki_s=… peak_mb=… export_rise_mb=…
paragraphs=… links=… notes=…
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align_tasks import corpus_available
from book_bitext import build_book, write_book

try:
    import resource
except ImportError:  # Windows: no rusage
    resource = None  # type: ignore[assignment]

BUDGET_S = 5.0


def peak_mb() -> float:
    if resource is None:
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10000)
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--epubcheck", action="store_true", help="validate the book's EPUB with epubcheck too")
    args = parser.parse_args()
    if not corpus_available():
        print("export_speed: ../shared/corpus/mac-dev is absent; skipping")
        print("RESULT skipped=1")
        return 0

    from reader_app.core.aligner import align_document
    from reader_app.core.documents import load_document
    from reader_app.core.exports import BINARY_FORMATS, FORMATS, SUFFIXES, BilingualBook, link_notes_from_placements

    with tempfile.TemporaryDirectory(prefix="export-speed-") as folder:
        root = Path(folder)
        zh_path, en_path = write_book(build_book(args.paragraphs, seed=1), root / "book")
        started = time.perf_counter()
        document = load_document(str(zh_path), str(en_path))
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        alignment = align_document(document, tier=1)
        align_s = time.perf_counter() - started
        rng = random.Random(7)
        spots = sorted({(rng.choice(("zh", "en")), rng.randrange(len(document.zh))) for _ in range(args.notes)})
        placements = [(side, min(i, len(document.side(side)) - 1), f"Note {n} on this paragraph", "yellow",
                       "Important", ("bench",), "") for n, (side, i) in enumerate(spots)]
        notes = link_notes_from_placements(placements, alignment)
        book = BilingualBook(document, alignment, notes)
        book.zh_tag  # noqa: B018 - the script is detected once, before the timings (every format asks)
        base_mb = peak_mb()
        print(f"book: {len(document.zh)} zh x {len(document.en)} en paragraphs, {len(alignment.links)} links, "
              f"{len(notes)} notes; load {load_s:.2f} s, tier-1 align {align_s:.2f} s, peak {base_mb:.0f} MB")

        from reader_app.core.exports import write_export

        times: dict[str, float] = {}
        for fmt in FORMATS:
            target = root / f"book{SUFFIXES[fmt]}"
            best = float("inf")
            for _ in range(args.repeats):
                started = time.perf_counter()
                if fmt in BINARY_FORMATS:
                    with open(target, "wb") as out:
                        write_export(fmt, book, out)
                else:
                    with open(target, "w", encoding="utf-8", newline="") as out:
                        write_export(fmt, book, out)
                best = min(best, time.perf_counter() - started)
            times[fmt] = best
            verdict = "ok" if best <= BUDGET_S else f"OVER the {BUDGET_S:.0f} s budget"
            print(f"{fmt:5s} {best:6.2f} s  {target.stat().st_size / 1e6:7.1f} MB  peak {peak_mb():.0f} MB  {verdict}")
        if args.epubcheck:
            found = shutil.which("epubcheck")
            jar = Path(found).resolve() if found else None
            if jar is None:
                print("epubcheck: not installed")
            else:
                command = ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [str(jar)]
                done = subprocess.run([*command, str(root / "book.epub")], capture_output=True, text=True,
                                      check=False)
                print("epubcheck:", " / ".join((done.stdout + done.stderr).strip().splitlines()[-3:]))
    top = peak_mb()
    figures = " ".join(f"{fmt}_s={times[fmt]:.2f}" for fmt in FORMATS)
    print(f"RESULT {figures} peak_mb={top:.0f} export_rise_mb={top - base_mb:.0f} paragraphs={len(document.zh)} "
          f"links={len(alignment.links)} notes={len(notes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
