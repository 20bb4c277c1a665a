"""The start-up scheduler: what the window's first frame does without waits for that frame, then runs in steps."""

from __future__ import annotations

import gc
import importlib
import sys
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A shown window that has not painted by then (obscured, minimised) starts its deferred work anyway.
START_UP_DEFERRAL_MS = 300


# The cyclic collector is off while start-up imports run on their thread: a collection on the window's thread
# while that thread was building the notes' Qt classes crashed the process (tests/gui/test_i18n.py, 1 run in 5).
_gc_lock = threading.Lock()
_importing = 0
_gc_wanted = False  # whether the collector is to run once no imports do


def enable_gc() -> None:
    """Turn the cyclic collector on (after the first frame), or once the start-up imports have ended."""
    global _gc_wanted
    with _gc_lock:
        if _importing:
            _gc_wanted = True
        else:
            gc.enable()


def import_meanwhile(modules: Sequence[str]) -> threading.Event:
    """Import modules the window needs after its first frame on a thread now, while the window builds and paints:
    the notes' modules (SQLite, rapidfuzz, the panel's widgets) took 90-150 ms to import, a freeze of that
    length when the notes were made after the first frame. An import holds the interpreter only in short turns,
    so the window's thread runs meanwhile. The event is set when they are imported: until then, the window's
    thread importing them too would wait for that thread (a freeze again), so it waits in the event loop."""
    global _importing, _gc_wanted
    done = threading.Event()
    missing = [name for name in modules if name not in sys.modules]

    def run() -> None:
        global _importing, _gc_wanted
        try:
            for name in missing:
                importlib.import_module(name)
        finally:
            with _gc_lock:
                _importing -= 1
                if not _importing and _gc_wanted:
                    _gc_wanted = False
                    gc.enable()
            done.set()

    if missing:
        with _gc_lock:
            if not _importing:
                _gc_wanted = gc.isenabled()
            _importing += 1
            gc.disable()
        # Not a daemon: the interpreter waits for it at exit (it always ends, in a second or two). A daemon thread
        # still importing Qt modules while the interpreter finalised crashed the process.
        threading.Thread(target=run, name="start-up-imports").start()
    else:
        done.set()
    return done


class StartUp(QObject):
    """Holds a window's start-up work that its first frame does not need (the menus' actions, the notes, the
    loading job, writing the settings file) until `painted` first paints, and runs it after that paint and its
    flush to the screen: one step per event-loop turn, so the window keeps answering between them.

    `steps` wait whether the window is shown yet or not (a window never shown never runs them); work given
    later to a hidden window runs at once."""

    def __init__(self, window: QWidget, painted: QWidget, steps: list[Callable[[], None]]) -> None:
        super().__init__(window)
        self._window = window
        self._painted = painted
        self._steps: list[Callable[[], None]] | None = list(steps)
        window.installEventFilter(self)  # for its Show event
        painted.installEventFilter(self)

    @property
    def pending(self) -> bool:
        """True until the first frame is past."""
        return self._steps is not None

    def after_first_frame(self, work: Callable[[], None], *, first: bool = False) -> None:
        """Run `work` once the window has painted its first frame (at most START_UP_DEFERRAL_MS after it was
        shown, painted or not), or now when that frame is past or the window is hidden; `first` puts it
        before the work already waiting."""
        if self._steps is None or not self._window.isVisible():
            work()
        else:
            self._steps.insert(0 if first else len(self._steps), work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is self._painted:
            watched.removeEventFilter(self)
            # After this paint and its flush to the screen, not inside it.
            QTimer.singleShot(0, self, self._finish)
        elif kind == QEvent.Type.Show and watched is self._window and self._steps is not None:
            QTimer.singleShot(START_UP_DEFERRAL_MS, self, self._finish)
        return False

    def _finish(self) -> None:
        steps, self._steps = self._steps, None
        if steps is not None:
            self._window.removeEventFilter(self)
        self._run(list(steps or ()))

    def _run(self, steps: list[Callable[[], None]]) -> None:
        if steps:
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, self, lambda: self._run(steps))
