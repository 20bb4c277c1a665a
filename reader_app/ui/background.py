"""Work of the window's own threads beside the GUI thread (the notes' storage thread), and what the GUI thread
does about it: the interpreter hands the GIL over sooner, and the panes' background layout waits."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject

# The interpreter's switch interval while a background thread works (see BackgroundWork).
WORKING_SWITCH_INTERVAL_S = 0.0005


class BackgroundWork:
    """Counts the background threads at work (`with background_work:` around each piece of work), lowers the
    interpreter's switch interval (sys.setswitchinterval) meanwhile and puts back the one before when the last
    one is done.

    The GUI thread lets go of the GIL in nearly every Qt call (PySide releases it around the C++ call) and must
    win it back afterwards. While a background thread computes in Python (reading and placing a book's 10,000
    notes: half a second), winning it back waits out the whole switch interval, 5 ms by default, at every such
    call: a layout step or a paint of a few hundred Qt calls then held the window 50-130 ms. At 0.5 ms the wait
    is a tenth. The interval only matters while two threads want the GIL: it costs nothing when the thread is
    idle, and about a percent of its speed while both run. Work the GUI thread may put off (the panes' layout
    of the whole document, ParagraphPane._layout_step) waits while busy() is true: in those few hundred
    milliseconds it would hold the window the longest, and it delays the background work in turn."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._working = 0
        self._before = sys.getswitchinterval()

    def busy(self) -> bool:
        return self._working > 0

    def __enter__(self) -> None:
        with self._lock:
            if self._working == 0:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(self._before, WORKING_SWITCH_INTERVAL_S))
            self._working += 1

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            self._working -= 1
            if self._working == 0:
                sys.setswitchinterval(self._before)


background_work = BackgroundWork()


class ThreadJob(QObject):
    """Work on a daemon thread of its own (`_run`, given by the subclass) that reports through the subclass's Qt
    signals, delivered on the GUI thread; cancel() sets the flag `_run` polls."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread has ended (at most `timeout` seconds); True when it has, or never started."""
        if self._thread.ident is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _emit(self, signal, *args) -> None:
        # The window may close (and delete this object) while the thread finishes: nobody is left to tell.
        try:
            signal.emit(*args)
        except RuntimeError:
            self._cancel.set()
