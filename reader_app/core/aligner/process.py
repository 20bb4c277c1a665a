"""Aligning a long document in a child process, so its long C calls never hold the reader window's GIL."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection

from reader_app.core.alignment import Alignment
from reader_app.core.cancellation import Cancelled

# Progress messages from the child at most this often: the parent only moves a progress bar with them.
PROGRESS_INTERVAL_SECONDS = 0.05


class _Reporter:
    """A progress callback sending at most one message per PROGRESS_INTERVAL_SECONDS (and the last one)."""

    def __init__(self, conn: Connection, tier: int) -> None:
        self.conn, self.tier, self.last = conn, tier, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_INTERVAL_SECONDS or done >= total:
            self.last = now
            self.conn.send(("progress", self.tier, done, total))


def _peak_rss_kib() -> int:
    """This process's own peak resident memory. Not ru_maxrss on Linux: a spawned child inherits there the
    parent's resident size at fork time; VmHWM belongs to the child's own address space."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:  # Unix only: on Windows the figure is unknown (0), and nothing but benchmarks read it
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _serve(conn: Connection) -> None:
    """The child's side: import the aligner, receive (zh texts, en texts, tiers, level), align at each tier in turn,
    sending ("progress", tier, done, total), ("aligned", Alignment), and at the end ("done", peak RSS in KiB)
    or ("failed", exception)."""
    with contextlib.suppress(OSError, AttributeError):  # (no nice() on Windows)
        # Background work: when cores are scarce, the reader's window goes first.
        os.nice(10)
    try:
        from reader_app.core.aligner import align_paragraphs, align_sentences

        try:
            zh, en, tiers, level = conn.recv()
        except EOFError:
            return  # not needed after all (the parent found the alignment in its cache, or was cancelled)
        aligner = align_sentences if level == "sentence" else align_paragraphs
        for tier in tiers:
            conn.send(("aligned", aligner(zh, en, tier=tier, progress=_Reporter(conn, tier))))
        conn.send(("done", _peak_rss_kib()))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent
        try:
            conn.send(("failed", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle still ends the job
            conn.send(("failed", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


class AlignmentProcess:
    """Aligns paragraph (or sentence) texts in a spawned child process (no Qt, no shared state with the parent).

    start() launches the child, which loads the aligner meanwhile; align() sends it the texts; wait() blocks
    the calling (worker) thread, not the GIL: it waits on a pipe. Each finished alignment goes to
    `on_aligned`, progress to `on_progress(tier, done, total)`. `cancelled()` is polled; when it turns true
    the child is terminated and Cancelled raised. After wait(), `peak_rss_kib` is the child's peak
    resident memory (so callers measuring memory can count it)."""

    def __init__(self) -> None:
        self.peak_rss_kib = 0
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")  # fork would copy the parent's Qt and threads
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), name="bilingual-reader-aligner", daemon=True)
        # Held before the child starts, so that stop() releases the pipe even when starting fails.
        self._conn = parent
        try:
            self._process.start()
        finally:
            child.close()  # the child's end: the child has its own copy (or never came to be)

    def align(self, zh: Sequence[str], en: Sequence[str], tiers: Sequence[int], level: str = "paragraph") -> None:
        assert self._conn is not None, "start() first"
        self._conn.send((list(zh), list(en), tuple(tiers), level))

    def wait(
        self,
        on_aligned: Callable[[Alignment], None],
        on_progress: Callable[[int, int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        process, conn = self._process, self._conn
        assert process is not None and conn is not None, "start() first"
        try:
            while True:
                if cancelled():
                    raise Cancelled
                if not conn.poll(0.05):
                    if not process.is_alive() and not conn.poll(0):
                        raise RuntimeError(f"the aligner process ended unexpectedly (exit code {process.exitcode})")
                    continue
                try:
                    message = conn.recv()
                except EOFError:
                    raise RuntimeError(
                        f"the aligner process ended unexpectedly (exit code {process.exitcode})"
                    ) from None
                kind = message[0]
                if kind == "progress" and on_progress is not None:
                    on_progress(*message[1:])
                elif kind == "aligned":
                    on_aligned(message[1])
                elif kind == "failed":
                    raise message[1]
                elif kind == "done":
                    self.peak_rss_kib = int(message[1])
                    break
        finally:
            self.stop()

    def stop(self) -> None:
        """End the child (at once if it is still working) and release the pipe."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            # A Process whose start() failed was never started: there is nothing to end or join.
            if self._process.pid is not None:
                if self._process.is_alive():
                    self._process.terminate()
                self._process.join(5)
            self._process = None
