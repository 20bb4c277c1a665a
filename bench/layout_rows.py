"""View ▸ Layout ▸ Paired Rows on a 10k-paragraph book, offscreen: how long the window is blocked, and how long
until every row is set.

A real MainWindow (offscreen platform, temporary settings) opens a bench/book_bitext.py book of --paragraphs
Chinese paragraphs (gaps, splits, a missing chapter, a one-sided appendix: a realistic bitext), aligned by tier 1
as the window aligns it, and waits until both panes are laid out. Then, in order: switch to Paired rows, resize
the window twice (narrower, then wider), zoom in once; each step waits until the rows are complete again.
For comparison, the same resize in Linked first (what the panes' own layout costs, rows or not).
- max_block_ms: the longest gap between ticks of a 10 ms GUI-thread timer (minus the period), per step;
  max_block_cpu_ms: the GUI thread's CPU time in its costliest gap (what the work itself costs, on a busy machine);
- complete_s: from the step to PairedRows.rowsCompleted;
- unequal_rows: after each step, the two-sided links whose two tops differ by more than a pixel, in the whole book
  (must be 0; the book's middle is near the chapter missing from the English: with --paragraphs 4000 the screen
  shows no pair at all, and the whole book is what the check can rely on);
- rows_slice_max_ms: the rows' own longest slice (the rest of a step's block is the panes' own re-layout, as in
  Linked: linked_resize_block_ms, linked_zoom_block_ms), and its CPU time;
- interleaved_block_ms: the longest block while switching to Interleaved (the column filled and laid out).
Last line: RESULT rows_max_block_ms=… rows_max_block_cpu_ms=… rows_complete_s=… (the worst over the rows' steps)
unequal_rows=… rows_slice_max_ms=… rows_slice_max_cpu_ms=… linked_resize_block_ms=… linked_zoom_block_ms=…
interleaved_block_ms=…
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TICK_MS = 10


class Heartbeat:
    """The GUI thread's heartbeat: a 10 ms timer whose longest gap (less the period) is the longest the event
    loop was blocked, per named stage; and the GUI thread's own CPU time in its costliest gap. On a busy machine
    a gap can be mostly waiting for a core, which the first counts, as the reader would feel it, but a fix does not
    shorten (as in align_speed.py)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.stage = "start"
        self.worst: dict[str, float] = {}
        self.worst_cpu: dict[str, float] = {}
        self._cpu = time.thread_time()
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self, stage: str) -> None:
        self.stage = stage
        self.worst.setdefault(stage, 0.0)
        self.worst_cpu.setdefault(stage, 0.0)
        if not self._timer.isActive():
            self._timer.start()
        self._clock.start()
        self._cpu = time.thread_time()

    def _on_timer_timeout(self) -> None:
        gap = self._clock.restart() - TICK_MS
        now = time.thread_time()
        spent, self._cpu = (now - self._cpu) * 1000, now
        self.worst[self.stage] = max(self.worst.get(self.stage, 0.0), float(gap))
        self.worst_cpu[self.stage] = max(self.worst_cpu.get(self.stage, 0.0), spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10_000)
    args = parser.parse_args()

    from align_tasks import corpus_available
    from book_bitext import build_book, write_book

    if not corpus_available():
        print("layout_rows: ../shared/corpus/mac-dev is absent", file=sys.stderr)
        return 3

    from bench.offscreen_window import bench_application

    app, data = bench_application("layout-rows-")

    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    zh_path, en_path = write_book(build_book(args.paragraphs, seed=1), Path(tempfile.mkdtemp(dir=data)))
    window = MainWindow(refine=False)
    window.resize(1280, 820)
    window.show()
    app.processEvents()

    def wait(condition: Callable[[], bool], timeout: float = 600.0) -> float:
        start = time.perf_counter()
        while not condition():
            if time.perf_counter() - start > timeout:
                raise TimeoutError(beat.stage)
            app.processEvents()
            time.sleep(0.0005)
        return time.perf_counter() - start

    def spin(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    beat = Heartbeat()
    opened: list[object] = []
    window.documentOpened.connect(opened.append)
    t = time.perf_counter()
    window.open_paths([str(zh_path), str(en_path)])
    view = window.view
    wait(lambda: bool(opened) and view.zh_pane.layout_done and view.en_pane.layout_done)
    alignment = view.alignment
    assert alignment is not None
    gaps = sum(1 for link in alignment.links if link.is_gap)
    print(f"book: {len(view.zh_pane.paragraphs)} x {len(view.en_pane.paragraphs)} paragraphs, "
          f"{len(alignment.links)} links ({gaps} one-sided), opened and laid out in {time.perf_counter() - t:.1f} s")
    view.go_to_link(len(alignment.links) // 2)  # in the middle: rows above and below the screen
    spin(0.5)

    # Linked: the panes' own re-layout after a resize, for comparison.
    beat.start("linked: resize")
    window.resize(1100, 820)
    wait(lambda: view.zh_pane.layout_done and view.en_pane.layout_done)
    spin(0.3)
    window.resize(1280, 820)
    wait(lambda: view.zh_pane.layout_done and view.en_pane.layout_done)
    spin(0.3)

    def unequal_tops() -> tuple[int, int, int]:
        """(two-sided links whose two tops differ by more than a pixel: in the whole book, on screen; two-sided
        links on screen): the bench checks what it measured, and that the screen shows pairs to check."""
        left = view.left
        top, bottom = left.scroll_value(), left.scroll_value() + left.viewport().height()
        unequal, on_screen, pairs = 0, 0, 0
        for link in alignment.links:
            if link.zh and link.en:
                zh, en = view.zh_pane.paragraph_top(link.zh[0]), view.en_pane.paragraph_top(link.en[0])
                seen = top <= zh <= bottom
                pairs += seen
                if abs(zh - en) > 1:
                    unequal += 1
                    on_screen += seen
        return unequal, on_screen, pairs

    rows = window.choices.rows
    # The rows' own share of a block: their longest single slice (the rest is the panes' own layout, Qt's).
    own: dict[str, float] = {}
    own_cpu: dict[str, float] = {}
    slice_of_rows = rows._on_timer_timeout

    def timed_slice() -> None:
        begin, begin_cpu = time.perf_counter(), time.thread_time()
        try:
            slice_of_rows()
        finally:
            own[beat.stage] = max(own.get(beat.stage, 0.0), (time.perf_counter() - begin) * 1000)
            own_cpu[beat.stage] = max(own_cpu.get(beat.stage, 0.0), (time.thread_time() - begin_cpu) * 1000)

    rows._timer.timeout.disconnect()
    rows._timer.timeout.connect(timed_slice)
    completed: list[float] = []
    rows.rowsCompleted.connect(lambda: completed.append(time.perf_counter()))
    figures: list[tuple[str, float, float, float, tuple[int, int, int]]] = []

    def step(name: str, action: Callable[[], None]) -> None:
        completed.clear()
        beat.start(f"rows: {name}")
        start = time.perf_counter()
        action()
        wait(lambda: bool(completed) and rows.complete)
        spin(0.3)  # any late work (the panes' layout, the ruler) still counts against this step
        figures.append((name, beat.worst[beat.stage], beat.worst_cpu[beat.stage], completed[-1] - start,
                        unequal_tops()))
        print(f"  {name}: the rows' longest slice {own.get(beat.stage, 0.0):.0f} ms "
              f"(CPU {own_cpu.get(beat.stage, 0.0):.0f} ms)", flush=True)

    step("switch to rows", lambda: window.menu_actions.layouts["rows"].trigger())
    step("resize narrower", lambda: window.resize(1000, 820))
    step("resize wider", lambda: window.resize(1280, 820))
    step("zoom in", lambda: view.set_point_size(view.point_size + 1))
    beat.start("end")
    window.menu_actions.layouts["linked"].trigger()
    beat.start("linked: zoom")
    view.set_point_size(view.point_size - 1)
    wait(lambda: view.zh_pane.layout_done and view.en_pane.layout_done)
    spin(0.3)
    beat.start("end")
    print(f"linked zoom (the panes' own layout): longest block {beat.worst['linked: zoom']:.0f} ms "
          f"(CPU {beat.worst_cpu['linked: zoom']:.0f} ms)")
    # Interleaved: the column filled from both panes (20k paragraphs), laid out in the background.
    beat.start("interleaved")
    start = time.perf_counter()
    window.menu_actions.layouts["interleaved"].trigger()
    column = window.choices.interleaved.pane
    filled_s = time.perf_counter() - start
    wait(lambda: column.layout_done)
    spin(0.3)
    beat.start("end")
    print(f"interleaved: {len(column.entries)} paragraphs filled in {filled_s * 1000:.0f} ms, laid out after "
          f"{time.perf_counter() - start:.2f} s, longest block {beat.worst['interleaved']:.0f} ms")

    print(f"linked resize (the panes' own layout): longest block {beat.worst['linked: resize']:.0f} ms "
          f"(CPU {beat.worst_cpu['linked: resize']:.0f} ms)")
    for name, block, cpu, seconds, (unequal, on_screen, pairs) in figures:
        print(f"{name:>16}: longest block {block:.0f} ms (CPU {cpu:.0f} ms), rows complete after {seconds:.2f} s; "
              f"links with unequal tops {unequal} ({on_screen} of the {pairs} two-sided on screen)")
    window.close()
    print(f"RESULT rows_max_block_ms={max(figure[1] for figure in figures):.0f} "
          f"rows_max_block_cpu_ms={max(figure[2] for figure in figures):.0f} "
          f"rows_complete_s={max(figure[3] for figure in figures):.2f} "
          f"unequal_rows={sum(figure[4][0] for figure in figures)} rows_slice_max_ms={max(own.values()):.0f} "
          f"rows_slice_max_cpu_ms={max(own_cpu.values()):.0f} "
          f"linked_resize_block_ms={beat.worst['linked: resize']:.0f} "
          f"linked_zoom_block_ms={beat.worst['linked: zoom']:.0f} interleaved_block_ms={beat.worst['interleaved']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
