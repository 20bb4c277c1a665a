"""Dictionary look-up on a 10,000-paragraph bitext, offscreen: from the pointer stopping to the popup shown.

The bitext is bench/book_bitext.py's book of --paragraphs Chinese paragraphs (gaps, splits, one-sided runs).
Hover mode on, the pointer is put on a random Han character of a random paragraph (the pane scrolled there
first), and one mouse move is sent: the controller waits HOVER_DELAY_MS for the pointer to stop, then looks the
word up, marks where it went in the English pane and shows the popup.
- stop_to_popup_median_ms / _p99_ms: from the move to the popup visible with its text (the wait included), over
  --samples positions; lookup_p99_ms: the look-up alone (longest match, counterpart, popup), after the wait;
  lookup_cpu_p99_ms: its CPU time on the GUI thread (what a loaded machine's waits for a core do not inflate).
- dictionary_load_s: loading the dictionary and the lexicon on their thread while the book opens (the GUI thread
  goes on meanwhile), cold: in a fresh data folder, the dictionary's cache is built first (1.5 s of it).
Last line: RESULT stop_to_popup_median_ms=… stop_to_popup_p99_ms=… lookup_p99_ms=… lookup_cpu_p99_ms=…
dictionary_load_s=…
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()

    from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent, QTextCursor

    from bench.book_bitext import build_book, corpus_available, write_book
    from bench.offscreen_window import bench_application

    app, data = bench_application("lookup-bench-")

    from reader_app.core.text.scripts import is_han
    from reader_app.ui.dictionary.controller import HOVER_DELAY_MS
    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    if not corpus_available():
        print("SKIP: ../shared/corpus/mac-dev is absent (the book is built from it)")
        return 0
    # A book as users open it (bench/book_bitext.py, the one align_speed.py reads): chapters of literary text with
    # gaps, split paragraphs, a missing chapter and an untranslated appendix, not a repeated sample.
    paths = [str(p) for p in write_book(build_book(args.paragraphs, seed=1), Path(data) / "book")]
    window = MainWindow(refine=False)
    window.resize(1280, 820)
    window.show()
    window.open_paths(paths)

    def spin(until, seconds: float) -> bool:
        deadline = time.perf_counter() + seconds
        while not until() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)
        return until()

    if not spin(lambda: window.view.alignment is not None and window.dictionary is not None, 300):
        print("the book was not aligned in time", file=sys.stderr)
        return 1
    # The panes lay the whole book out in idle time after opening: measured once they are done (a look-up
    # during that first minute waits for the layout step under way, up to one step's length).
    spin(lambda: all(p.layout_done for p in (window.view.zh_pane, window.view.en_pane)), 120)
    controller = window.dictionary
    started = time.perf_counter()
    if not spin(lambda: controller.ready, 120):
        print("the dictionary did not load", file=sys.stderr)
        return 1
    load_s = controller.loading.seconds
    controller.hover_action.setChecked(True)
    pane = window.view.zh_pane
    rng = random.Random(1)
    shown: list[float] = []
    alone: list[float] = []
    controller.lookedUp.connect(lambda _lookup: shown.append(time.perf_counter()))
    original = controller.look_up_at

    cpu: list[float] = []

    def timed(pane_, pos):
        t, c = time.perf_counter(), time.thread_time()
        found = original(pane_, pos)
        alone.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        return found

    controller.look_up_at = timed
    totals: list[float] = []
    while len(totals) < args.samples:
        index = rng.randrange(args.paragraphs)
        text = pane.paragraph_text(index)
        han = [k for k, ch in enumerate(text) if is_han(ch)]
        if not han:
            continue
        pane.scroll_to_paragraph(index)
        app.processEvents()
        block = pane.document().findBlockByNumber(index)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + rng.choice(han[:40]))  # near its start: on screen after the scroll
        rect = pane.cursorRect(cursor)
        if not pane.viewport().rect().contains(rect.center()):
            continue
        pos = QPointF(rect.left() + 3, rect.center().y())
        before = len(shown)
        event = QMouseEvent(QEvent.Type.MouseMove, pos, pane.viewport().mapToGlobal(pos), Qt.MouseButton.NoButton,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        moved = time.perf_counter()
        QCoreApplication.sendEvent(pane.viewport(), event)
        if spin(lambda before=before: len(shown) > before and controller.popup.isVisible(), 2):
            totals.append(shown[-1] - moved)
        controller.hide_popup()

    def p99(values: list[float]) -> float:
        return sorted(values)[min(len(values) - 1, int(0.99 * len(values)))] * 1000

    median = statistics.median(totals) * 1000
    print(f"paragraphs per side: {args.paragraphs}; samples: {len(totals)}; hover delay: {HOVER_DELAY_MS} ms")
    print(f"pointer stopped -> popup: median {median:.1f} ms, p99 {p99(totals):.1f} ms")
    print(f"look-up alone (after the delay): median {statistics.median(alone) * 1000:.2f} ms, "
          f"p99 {p99(alone):.2f} ms; its CPU time on the GUI thread: median {statistics.median(cpu) * 1000:.2f} ms, "
          f"p99 {p99(cpu):.2f} ms (wall minus CPU: waiting for a core, on a loaded machine)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    waited = time.perf_counter() - started
    print(f"dictionary + lexicon loaded in {load_s:.2f} s on their own thread (waited {waited:.2f} s after the book "
          "was aligned)")
    slowest = sorted(range(len(alone)), key=alone.__getitem__)[-5:]
    print("slowest look-ups (sample: ms):", ", ".join(f"{k}: {alone[k] * 1000:.1f}" for k in slowest))
    window.close()
    print(f"RESULT stop_to_popup_median_ms={median:.1f} stop_to_popup_p99_ms={p99(totals):.1f} "
          f"lookup_p99_ms={p99(alone):.2f} lookup_cpu_p99_ms={p99(cpu):.2f} dictionary_load_s={load_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
