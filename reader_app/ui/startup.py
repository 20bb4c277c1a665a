"""The start-up scheduler: what the window's first frame does without waits for that frame, then runs in steps."""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A shown window that has not painted by then (obscured, minimised) starts its deferred work anyway.
START_UP_DEFERRAL_MS = 300


def import_meanwhile(modules: Sequence[str]) -> threading.Event:
    """Import modules the window needs after its first frame on a thread now, while the window builds and paints:
    the notes' modules (SQLite, rapidfuzz, the panel's widgets) took 90-150 ms to import, a freeze of that
    length when the notes were made after the first frame. An import holds the interpreter only in short turns,
    so the window's thread runs meanwhile. The event is set when they are imported: until then, the window's
    thread importing them too would wait for that thread (a freeze again), so it waits in the event loop."""
    done = threading.Event()
    missing = [name for name in modules if name not in sys.modules]

    def run() -> None:
        try:
            for name in missing:
                importlib.import_module(name)
        finally:
            done.set()

    if missing:
        threading.Thread(target=run, name="start-up-imports", daemon=True).start()
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
