"""Alignment speed and memory as a user meets them: the CLI and the window on book-length realistic bitexts.

Every run is a whole process, loading included: `bilingual-reader align ZH EN --tier N [--unit line] -o OUT`, timed
from start to exit. Inputs are bench/book_bitext.py's books (gaps, splits, moved paragraph boundaries, a missing
chapter, a 120-paragraph untranslated appendix), written to a temporary folder:
- tier 1 on --sizes (10k and 20k paragraphs: p10k_s, p10k_rss_mb, scale_ratio = t(20k) / t(10k)), best of
  --repeats fresh processes per size, the sizes interleaved (a busy spell on the shared machine hits both);
- tier 2 on 10k paragraphs (t2_p10k_*) and on the ~10k x 13k sentence-a-line book with `--unit line`
  (t2_s10k_*), each with a cold embedding cache (a fresh data folder holding only the lexicon's cache: it is
  built once, as on a user's first run);
- the window (gui_*): the 10k-paragraph book opened in a real MainWindow (offscreen Qt) in a child process, tier 1
  shown then tier 2's refinement finished; gui_peak_mb is the highest process-tree sample, gui_max_block_ms the
  longest gap between ticks of a 10 ms GUI-thread timer (minus the period) from the open to a second after the
  refinement arrived (gui_refined=1), or after the job ended on tier 1 where the window declined to refine (0);
  each block over 100 ms is listed with the GUI thread's own CPU time in it (the rest was waiting: for a core on a
  busy machine, or for the GIL);
- the perfectly parallel bitext of before (mac-dev's links one or two to a paragraph, no gaps) as a second figure,
  tier 1 at the same sizes (par_p10k_s, par_p10k_rss_mb, par_scale_ratio).

Peak RSS is the process tree's (the CLI and the window may spawn an aligner child): /proc/<pid>/status VmRSS summed
over the tree every 0.2 s (0.5 s for the window), and at least the largest single process's peak that wait4()
reports for the tree (ru_maxrss covers waited-for descendants). Where /proc is absent only the latter is known.

Safety: each measured process tree runs under --cap-mb (6000 MB): RLIMIT_AS at twice the cap (address space is
not memory: thread stacks and mapped files count), and the sampler kills the tree once its summed RSS passes the
cap. Such a run is reported `over_cap`, its figures `nan`.

Usage: .venv/bin/python bench/align_speed.py [--sizes 10000,20000] [--repeats 3] [--skip-tier2] [--skip-gui]
       [--skip-parallel] [--t2-paragraphs 10000] [--t2-lines 10000] [--gui-paragraphs 10000] [--cap-mb 6000]
The last line: RESULT p10k_s=… p10k_rss_mb=… scale_ratio=… t2_p10k_s=… t2_p10k_rss_mb=… t2_s10k_s=… t2_s10k_rss_mb=…
gui_peak_mb=… gui_max_block_ms=… then the parallel figures and the sizes used (so a smaller run says so).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align_tasks import chapters, corpus_available
from book_bitext import build_book, write_book

try:
    import resource
except ImportError:  # Windows: no rlimits, no wait4
    resource = None  # type: ignore[assignment]

NAN = math.nan
TICK_MS = 10
PROC = Path("/proc")
# The RESULT line's keys, in order: issue 11's figures, then the parallel bitext's.
RESULT_KEYS = (
    *("p10k_s", "p10k_rss_mb", "scale_ratio", "t2_p10k_s", "t2_p10k_rss_mb", "t2_s10k_s", "t2_s10k_rss_mb"),
    *("gui_peak_mb", "gui_max_block_ms", "par_p10k_s", "par_p10k_rss_mb", "par_scale_ratio"),
)


def build_parallel(n: int) -> tuple[list[str], list[str]]:
    """n x n perfectly parallel paragraphs (one or two gold links each, regrouped per repetition so that repeated
    text rarely makes identical paragraphs): the bench's bitext before the realistic one, kept for comparison."""
    zh: list[str] = []
    en: list[str] = []
    rng = random.Random(7)
    chs = chapters()
    while len(zh) < n:
        for _name, z, e, gold in chs:
            k = 0
            while k < len(gold):
                size = rng.choice((1, 1, 2))
                links = gold[k : k + size]
                k += size
                zt = "".join(z[i] for link in links for i in link[0])
                et = " ".join(e[j] for link in links for j in link[1])
                if zt and et:
                    zh.append(zt)
                    en.append(et)
    return zh[:n], en[:n]


# -- measuring a process tree --------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return []
    out: list[int] = []
    for task in tasks:
        with contextlib.suppress(OSError, ValueError):
            out += [int(x) for x in (task / "children").read_text().split()]
    return out


def _tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += _children(p)
    return tree


def _rss_kib(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    return sum(_rss_kib(p) for p in _tree(pid)) / 1024


@dataclass
class Run:
    seconds: float = NAN
    cpu_s: float = NAN
    peak_mb: float = NAN
    over_cap: bool = False
    failed: str = ""
    stdout: str = ""
    stderr: str = ""

    def ok(self) -> bool:
        return not self.over_cap and not self.failed

    def figure(self, value: float) -> float:
        return value if self.ok() else NAN

    def describe(self) -> str:
        if self.over_cap:
            return f"over_cap (killed at {self.peak_mb:.0f} MB after {self.seconds:.1f} s)"
        if self.failed:
            return f"failed: {self.failed}"
        return f"{self.seconds:.2f} s, peak {self.peak_mb:.0f} MB"


def _address_space_limit(cap_mb: float):
    if resource is None or not hasattr(resource, "RLIMIT_AS"):
        return None
    limit = int(cap_mb * 2 * 1024 * 1024)

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _maxrss_mb(usage) -> float:
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere


MEMORY_ERRORS = ("MemoryError", "Cannot allocate memory", "bad_alloc", "Unable to allocate", "out of memory")


def measure(cmd: list[str], env: dict[str, str], cap_mb: float, interval: float, timeout: float) -> Run:
    """Run cmd as its own process group under the cap, sampling the tree's RSS; the whole tree's figures."""
    run = Run()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=err, preexec_fn=_address_space_limit(cap_mb), start_new_session=True
        )
        peak = 0.0
        usage = None
        status = None
        while True:
            if hasattr(os, "wait4"):
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                done = pid == proc.pid
            else:
                done = proc.poll() is not None
            if done:
                break
            peak = max(peak, tree_rss_mb(proc.pid))
            elapsed = time.perf_counter() - start
            if peak > cap_mb or elapsed > timeout:
                run.over_cap = peak > cap_mb
                run.failed = "" if run.over_cap else f"timeout after {timeout:.0f} s"
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(interval)
        run.seconds = time.perf_counter() - start
        if status is not None:
            proc.returncode = os.waitstatus_to_exitcode(status)
        if usage is not None:
            peak = max(peak, _maxrss_mb(usage))
            run.cpu_s = usage.ru_utime + usage.ru_stime
        run.peak_mb = peak
        out.seek(0)
        err.seek(0)
        run.stdout, run.stderr = out.read(), err.read()
    if proc.returncode and not run.over_cap and not run.failed:
        # The address-space limit ends a run by a failed allocation rather than by the sampler.
        if any(m in run.stderr for m in MEMORY_ERRORS) or peak > cap_mb:
            run.over_cap = True
        else:
            run.failed = f"exit {proc.returncode}: {run.stderr.strip().splitlines()[-1:]}"
    return run


# -- the runs ------------------------------------------------------------------------------------------------


def cli() -> list[str]:
    script = Path(sys.executable).with_name("bilingual-reader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reader_app"]


class Bench:
    def __init__(self, tmp: Path, cap_mb: float) -> None:
        self.tmp = tmp
        self.cap_mb = cap_mb
        # The user's environment: no thread counts set here (the reader chooses its own, as for a user).
        self.env = dict(os.environ)
        self.lexicon = tmp / "lexicon-data"
        self.runs = 0

    def data_dir(self) -> Path:
        """A fresh data folder holding only the lexicon's cache: no cached alignment, a cold embedding cache."""
        self.runs += 1
        folder = self.tmp / f"data-{self.runs}"
        shutil.copytree(self.lexicon, folder)
        return folder

    def book(self, units: int, lines: bool = False) -> tuple[Path, Path]:
        folder = self.tmp / f"book-{units}{'-lines' if lines else ''}"
        if not (folder / "zh.txt").exists():
            book = build_book(units, seed=1, lines=lines)
            write_book(book, folder, lines)
            print(f"book {folder.name}: {len(book.zh)} x {len(book.en)} {'lines' if lines else 'paragraphs'}")
        return folder / "zh.txt", folder / "en.txt"

    def parallel(self, n: int) -> tuple[Path, Path]:
        folder = self.tmp / f"parallel-{n}"
        if not folder.exists():
            folder.mkdir()
            for name, side in zip(("zh", "en"), build_parallel(n), strict=True):
                (folder / f"{name}.txt").write_text("\n\n".join(side) + "\n", encoding="utf-8")
        return folder / "zh.txt", folder / "en.txt"

    def align(self, zh: Path, en: Path, tier: int, unit: str = "paragraph", timeout: float = 1800) -> Run:
        data = self.data_dir()
        cmd = [*cli(), "align", str(zh), str(en), "--tier", str(tier), "-o", str(data / "out.align")]
        if unit != "paragraph":
            cmd += ["--unit", unit]
        env = dict(self.env, BILINGUAL_READER_DATA_DIR=str(data))
        run = measure(cmd, env, self.cap_mb, 0.2, timeout)
        if run.ok() and not (data / "out.align").stat().st_size:
            run.failed = "no links written"
        shutil.rmtree(data, ignore_errors=True)
        return run

    def warm_lexicon(self) -> None:
        """The lexicon's cache is built on a user's first run only: built here once, copied into every run's."""
        zh, en = self.book(300)
        env = dict(self.env, BILINGUAL_READER_DATA_DIR=str(self.lexicon))
        subprocess.run([*cli(), "align", str(zh), str(en), "--tier", "1"], env=env, capture_output=True, check=False)
        (self.lexicon / "cache").mkdir(parents=True, exist_ok=True)
        for path in (self.lexicon / "cache").iterdir():
            if not path.name.startswith("cedict"):  # only the lexicon's: nothing about the texts
                shutil.rmtree(path) if path.is_dir() else path.unlink()

    def tier1(self, inputs: dict[int, tuple[Path, Path]], repeats: int, label: str) -> dict[int, Run]:
        """Best of `repeats` per size, sizes interleaved; the peak is the highest of the repeats."""
        runs: dict[int, list[Run]] = {n: [] for n in inputs}
        for _ in range(repeats):
            for n, (zh, en) in inputs.items():
                runs[n].append(self.align(zh, en, 1))
        best = {}
        for n, rs in runs.items():
            good = [r for r in rs if r.ok()]
            pick = min(good, key=lambda r: r.seconds) if good else rs[0]
            if good:
                pick.peak_mb = max(r.peak_mb for r in good)
            best[n] = pick
            walls = " ".join(f"{r.seconds:.2f}" if r.ok() else "x" for r in rs)
            cpu = min((r.cpu_s for r in good), default=NAN)
            print(f"{label} tier 1, {n} paragraphs: {pick.describe()} (wall {walls}; CPU {cpu:.2f} s)", flush=True)
        return best

    def gui(self, zh: Path, en: Path, timeout: float) -> tuple[Run, dict]:
        cmd = [sys.executable, __file__, "--gui-child", str(zh), str(en), str(self.lexicon), str(timeout)]
        env = dict(self.env, QT_QPA_PLATFORM="offscreen")
        run = measure(cmd, env, self.cap_mb, 0.5, timeout + 60)
        report: dict = {}
        for line in reversed(run.stdout.splitlines()):
            if line.startswith("{"):
                report = json.loads(line)
                break
        if run.ok() and (report.get("error") or not report.get("tier1_s")):
            run.failed = report.get("error") or "no alignment shown"
        return run, report


# -- the window, in its own process --------------------------------------------------------------------------


def gui_child(zh: str, en: str, lexicon: str, timeout: float) -> dict:
    """Open the book in the window, let tier 1 then tier 2 arrive; the longest event-loop block meanwhile."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer

    from bench.offscreen_window import bench_application

    app, _data = bench_application("align-speed-gui-")
    shutil.copytree(Path(lexicon) / "cache", Path(os.environ["BILINGUAL_READER_DATA_DIR"]) / "cache")

    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    window = MainWindow(refine=True)
    window.resize(1280, 820)
    window.show()
    app.processEvents()

    stage = {"name": "open"}
    blocks: list[tuple[float, str]] = []
    worst = {"ms": 0.0}
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(TICK_MS)

    # The GUI thread's own CPU time in each gap too: on a busy machine a gap can be mostly waiting (for a core, or
    # for the GIL held by a loader thread), which the figure counts, as the reader would feel it, but a fix does not
    # shorten; the stage names say what the thread itself spent.
    cpu = {"last": time.thread_time()}

    def tick() -> None:
        gap = clock.restart() - TICK_MS
        now = time.thread_time()
        spent, cpu["last"] = (now - cpu["last"]) * 1000, now
        worst["ms"] = max(worst["ms"], gap)
        if gap > 100:
            blocks.append((gap, f"{stage['name']} (GUI thread CPU {spent:.0f} ms)"))

    ticker.timeout.connect(tick)
    report: dict = {}
    start = time.perf_counter()

    def mark(key: str, name: str) -> None:
        report.setdefault(key, time.perf_counter() - start)
        stage["name"] = name

    window.documentOpened.connect(lambda _d: mark("tier1_s", "tier 1 shown, refining"))
    window.alignmentRefined.connect(lambda _a: mark("refined_s", "refined"))
    window.loadFailed.connect(lambda message: report.setdefault("error", message))
    window.statusBar().messageChanged.connect(lambda text: text and report.setdefault("status", []).append(text))
    clock.start()
    ticker.start()
    window.open_paths([zh, en])
    # The job ends after tier 2, or after tier 1 where the window declines to refine (too little memory free).
    job = window.job
    if job is not None:
        job.finished.connect(lambda: mark("finished_s", stage["name"]))
        job.progress.connect(lambda name, done, total: stage.update(name=f"{name} {done}/{total}"))
    deadline = start + timeout
    last_note = start
    while not report.keys() & {"refined_s", "error", "finished_s"} and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - last_note > 5:  # so far, for a run the cap ends
            last_note = time.perf_counter()
            print(f"  {last_note - start:.0f} s: {stage['name']}, longest block {worst['ms']:.0f} ms", flush=True)
    settle = time.perf_counter() + 1
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    ticker.stop()
    report["max_block_ms"] = worst["ms"]
    report["blocks"] = sorted(blocks, reverse=True)[:8]
    window.close()
    return report


# -- main ----------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,20000", help="tier-1 paragraphs a side; ratio = last / first")
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per tier-1 size (best taken)")
    parser.add_argument("--t2-paragraphs", type=int, default=10_000)
    parser.add_argument("--t2-lines", type=int, default=10_000, help="Chinese lines of the sentence-a-line book")
    parser.add_argument("--gui-paragraphs", type=int, default=10_000)
    parser.add_argument("--skip-tier2", action="store_true")
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--skip-parallel", action="store_true")
    parser.add_argument("--cap-mb", type=float, default=6000, help="memory cap of each measured process tree")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is abandoned")
    parser.add_argument("--gui-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.gui_child:
        zh, en, lexicon, timeout = args.gui_child
        print(json.dumps(gui_child(zh, en, lexicon, float(timeout))), flush=True)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    figures = dict.fromkeys(RESULT_KEYS, NAN)
    notes: list[str] = []
    gui_refined = 0  # 0 where the window stayed on tier 1 (or did not run): its figures are then tier 1's
    if not corpus_available():
        print("SKIP: ../shared/corpus/mac-dev is absent")
    else:
        with tempfile.TemporaryDirectory(prefix="align-speed-") as name:
            tmp = Path(name)
            bench = Bench(tmp, args.cap_mb)
            bench.warm_lexicon()
            first, last = sizes[0], sizes[-1]
            t1 = bench.tier1({n: bench.book(n) for n in sizes}, args.repeats, "realistic")
            figures["p10k_s"] = t1[first].figure(t1[first].seconds)
            figures["p10k_rss_mb"] = t1[first].figure(t1[first].peak_mb)
            figures["scale_ratio"] = t1[last].figure(t1[last].seconds) / figures["p10k_s"]
            notes += [f"t1_{n}" for n, r in t1.items() if r.over_cap]
            if not args.skip_parallel:
                par = bench.tier1({n: bench.parallel(n) for n in sizes}, 1, "parallel")
                figures["par_p10k_s"] = par[first].figure(par[first].seconds)
                figures["par_p10k_rss_mb"] = par[first].figure(par[first].peak_mb)
                figures["par_scale_ratio"] = par[last].figure(par[last].seconds) / figures["par_p10k_s"]
            if not args.skip_tier2:
                for key, unit, (zh, en) in (
                    ("t2_p10k", "paragraph", bench.book(args.t2_paragraphs)),
                    ("t2_s10k", "line", bench.book(args.t2_lines, lines=True)),
                ):
                    run = bench.align(zh, en, 2, unit, args.timeout)
                    level = [ln for ln in run.stderr.splitlines() if "level" in ln.lower()][:1]
                    print(f"tier 2, {zh.parent.name} (--unit {unit}): {run.describe()} {' '.join(level)}", flush=True)
                    figures[f"{key}_s"] = run.figure(run.seconds)
                    figures[f"{key}_rss_mb"] = run.figure(run.peak_mb)
                    notes += [key] if run.over_cap else []
            if not args.skip_gui:
                run, report = bench.gui(*bench.book(args.gui_paragraphs), args.timeout)
                print(
                    f"window, {args.gui_paragraphs} paragraphs: {run.describe()}; tier 1 shown at "
                    f"{report.get('tier1_s', NAN):.1f} s, refined at {report.get('refined_s', NAN):.1f} s"
                    f"{'' if report.get('refined_s') or not run.ok() else ' (not refined: see the status)'}, "
                    f"longest block {report.get('max_block_ms', NAN):.0f} ms"
                )
                gui_refined = int(bool(report.get("refined_s")))
                for gap, where in report.get("blocks", []):
                    print(f"  blocked {gap:.0f} ms: {where}")
                for text in report.get("status", [])[-5:]:
                    print(f"  status: {text}")
                if not report:
                    print("  " + "\n  ".join(run.stdout.strip().splitlines()[-3:]))
                figures["gui_peak_mb"] = run.figure(run.peak_mb)
                figures["gui_max_block_ms"] = run.figure(report.get("max_block_ms", NAN))
                notes += ["gui"] if run.over_cap else []
    sized = (
        f"sizes={'/'.join(map(str, sizes))} t2_paragraphs={args.t2_paragraphs} t2_lines={args.t2_lines} "
        f"gui_paragraphs={args.gui_paragraphs} gui_refined={gui_refined} cap_mb={args.cap_mb:.0f}"
    )
    line = " ".join(f"{k}={v:.3f}" if k.endswith(("_s", "ratio")) else f"{k}={v:.0f}" for k, v in figures.items())
    capped = f" over_cap={','.join(notes)}" if notes else ""
    print(f"RESULT {line} {sized}{capped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
