"""Reader view on a 10,000-paragraph bitext, offscreen: open time, scroll-sync cost, event-loop blocking, memory.

The bitext repeats the bundled sample's paragraphs (as two files, Chinese and English) to --paragraphs per side.
- open_s: from File ▸ Open to the first paint of the window showing the document (the tier-1 alignment follows
  in the background; tier 2 refinement is switched off here: it has its own benchmark).
- sync_median_ms / sync_p99_ms: the linked-scrolling handler (ScrollLinker.sync_from) over 1,000 scroll events at
  random positions of either pane.
- max_block_ms: the longest the event loop was blocked while the document loaded, aligned and was laid out in
  full (a 5 ms timer measures the gaps between its ticks).
- rss_mb: peak resident memory: the reader's process, plus the peak of the child process that aligns long
  documents. The two count as concurrent over the child's whole life: the reader's peak up to the moment the
  alignment arrives (the child's last work) plus the child's peak, or the reader's overall peak if larger.
Last line: RESULT open_s=… sync_median_ms=… sync_p99_ms=… max_block_ms=… rss_mb=…
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_bitext(folder: Path, paragraphs: int) -> list[str]:
    from reader_app.core.documents import load_document
    from reader_app.paths import sample_path

    sample = load_document(sample_path())
    paths = []
    for side in (sample.zh, sample.en):
        texts = [p.text for p in side.paragraphs]
        body = [texts[i % len(texts)] for i in range(paragraphs)]
        path = folder / f"bitext-{side.language.value}.txt"
        path.write_text("\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer

    from bench.offscreen_window import bench_application

    app, data = bench_application("ui-bench-")

    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    paths = write_bitext(data, args.paragraphs)
    window = MainWindow(refine=False)
    window.resize(1280, 820)
    window.show()
    app.processEvents()

    # Event-loop latency while loading: the largest gap between ticks of a 5 ms timer, minus the period.
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)

    stage = {"name": "start"}
    long_blocks: list[tuple[float, str]] = []

    def tick() -> None:
        gap = clock.restart()
        gaps.append(gap)
        if gap > 105:
            long_blocks.append((gap, stage["name"]))

    ticker.timeout.connect(tick)

    opened: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and window.document is not None and "paint" not in opened:
                opened["paint"] = time.perf_counter()
            return False

    watcher = FirstPaint()
    window.view.zh_pane.viewport().installEventFilter(watcher)
    done = {"finished": False}
    window.documentOpened.connect(lambda _d: opened.setdefault("aligned", time.perf_counter()))
    start = time.perf_counter()
    clock.start()
    ticker.start()
    window.open_paths(paths)
    job = window.job
    assert job is not None
    job.progress.connect(lambda name, done, total: stage.update(name=f"{name} {done}/{total}"))
    job.documentLoaded.connect(lambda _d: stage.update(name="text shown, aligning"))
    window.documentOpened.connect(lambda _d: stage.update(name="aligned"))
    job.finished.connect(lambda: done.update(finished=True))
    # The reader's peak while the aligner's process lived (measured once the alignment is shown).
    job.aligned.connect(lambda _d, _a: opened.setdefault(
        "gui_kib_while_aligning", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    deadline = time.perf_counter() + 120
    while not (done["finished"] and "paint" in opened) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    # Then let the panes finish laying out their whole documents in idle time (still measured: it must not block
    # either), and a second more.
    panes = (window.view.zh_pane, window.view.en_pane)
    settle = time.perf_counter() + 60
    while not all(pane.layout_done for pane in panes) and time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    settle = time.perf_counter() + 1
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    ticker.stop()
    if "paint" not in opened:
        print("ui_bench: the document did not open:", window.message_bar.text(), file=sys.stderr)
        return 1
    open_s = opened["paint"] - start
    max_block_ms = max(0.0, max(gaps) - 5.0) if gaps else float("nan")

    # Scroll-sync handler cost at random positions of either pane.
    linker = window.view.linker
    original = linker.sync_from
    costs: list[float] = []

    def timed(pane) -> None:
        if linker._busy:  # the other pane's echo, dropped by the guard: not a scroll event
            original(pane)
            return
        t = time.perf_counter()
        original(pane)
        costs.append((time.perf_counter() - t) * 1000)

    linker.sync_from = timed  # type: ignore[method-assign]
    for pane in (window.view.zh_pane, window.view.en_pane):
        pane.verticalScrollBar().valueChanged.disconnect()
        pane.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: linker.sync_from(p))
    rng = random.Random(7)
    for _ in range(args.events):
        pane = rng.choice(panes)
        bar = pane.verticalScrollBar()
        bar.setValue(rng.randint(0, bar.maximum()))
        app.processEvents()
    costs.sort()
    # Only the handler calls that did work (echoes dropped by the guard return at once and are cheap).
    median = statistics.median(costs)
    p99 = costs[min(len(costs) - 1, int(len(costs) * 0.99))]
    gui_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = job.worker_peak_rss_kib / 1024
    gui_while_aligning_mb = opened.get("gui_kib_while_aligning", gui_mb * 1024) / 1024
    rss_mb = max(gui_while_aligning_mb + worker_mb, gui_mb)
    print(f"paragraphs per side: {args.paragraphs}; alignment links: {len(window.view.alignment.links)}")
    print(f"open to first paint: {open_s:.3f} s (tier-1 alignment shown at {opened['aligned'] - start:.3f} s)")
    print(f"event loop: {len(gaps)} ticks, longest block {max_block_ms:.1f} ms")
    for gap, where in long_blocks:
        print(f"  blocked {gap:.0f} ms during: {where}")
    print(f"peak memory: reader {gui_mb:.0f} MB ({gui_while_aligning_mb:.0f} MB until the alignment arrived), "
          f"aligner process {worker_mb:.0f} MB")
    print(f"sync handler: {len(costs)} calls, median {median:.3f} ms, p99 {p99:.3f} ms")
    print(f"RESULT open_s={open_s:.3f} sync_median_ms={median:.3f} sync_p99_ms={p99:.3f} "
          f"max_block_ms={max_block_ms:.1f} rss_mb={rss_mb:.0f}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
