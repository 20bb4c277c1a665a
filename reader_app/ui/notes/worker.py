"""The notes' storage thread: database work runs there in order, its outcome comes back on the GUI thread."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from reader_app.storage.database import StorageError
from reader_app.ui.background import background_work

log = logging.getLogger(__name__)

FLUSH_TIMEOUT_S = 10.0  # how long closing (or a crash) waits for queued saves: a checkpoint and a backup fit


@dataclass(slots=True)
class Operation:
    """One piece of storage work (Anki's CollectionOp): `work` runs on the storage thread; `on_success(result)`
    or `on_failure(exc)` on the GUI thread. Exceptions of the `expected` kinds (the environment's: disk,
    permissions, a bad file) go to `on_failure`; any other is a bug of ours and is raised on the GUI thread."""

    work: Callable[[], Any]
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    expected: tuple[type[BaseException], ...] = (StorageError,)


class StorageThread(QObject):
    """One thread per window that does every read and write of the notes database, one operation after the
    other in the order they were submitted (so a save queued before a delete lands first). The database is
    opened on this thread (sqlite3 connections belong to the thread that made them).

    Signals: operationDone() (emitted on the storage thread; delivered queued, it wakes the GUI thread)."""

    operationDone = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[Operation | None] = queue.SimpleQueue()
        self._done: deque[tuple[Operation, Any, BaseException | None]] = deque()
        self._idle = threading.Condition()
        self._outstanding = 0  # submitted, not yet finished by the storage thread
        self._stopped = False
        self.operationDone.connect(self._on_operation_done)
        self._thread = threading.Thread(target=self._run, name="notes-storage", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], Any], on_success: Callable[[Any], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               expected: tuple[type[BaseException], ...] = (StorageError,)) -> None:
        """Queue `work` behind the operations already queued (GUI thread only)."""
        if self._stopped:
            raise StorageError("The notes database is closed.")
        with self._idle:
            self._outstanding += 1
        self._queue.put(Operation(work, on_success, on_failure, expected))

    @property
    def stopped(self) -> bool:
        return self._stopped

    def busy(self) -> bool:
        """Whether operations are queued, running, or finished but not reported yet."""
        with self._idle:
            return self._outstanding > 0 or bool(self._done)

    def wait(self, timeout: float = FLUSH_TIMEOUT_S) -> bool:
        """Block until every queued operation (and those its outcome queued) has run and been reported; True
        when none is left, False when `timeout` seconds passed first. For closing and flushing only."""
        deadline = time.monotonic() + timeout
        while True:
            with self._idle:
                while self._outstanding > 0:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._idle.wait(remaining)
            self.deliver()
            if not self.busy():
                return True
            if time.monotonic() >= deadline:
                return False

    def stop(self, timeout: float = FLUSH_TIMEOUT_S) -> bool:
        """Finish the queued operations, then end the thread; True when it ended in time."""
        if self._stopped:
            return True
        finished = self.wait(timeout)
        self._stopped = True
        self._queue.put(None)
        self._thread.join(max(0.0, timeout))
        return finished and not self._thread.is_alive()

    def deliver(self) -> None:
        """Report the finished operations, in order (GUI thread)."""
        bug: BaseException | None = None
        while True:
            with self._idle:
                if not self._done:
                    break
                operation, result, error = self._done.popleft()
            if error is None:
                if operation.on_success is not None:
                    operation.on_success(result)
            elif isinstance(error, operation.expected) and operation.on_failure is not None:
                operation.on_failure(error)
            elif bug is None:
                bug = error
            else:
                log.error("Another storage operation failed", exc_info=error)
        if bug is not None:
            raise bug

    def _run(self) -> None:
        while True:
            operation = self._queue.get()
            if operation is None:
                return
            result: Any = None
            error: BaseException | None = None
            try:
                with background_work:
                    result = operation.work()
            except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread, bugs raised there
                error = exc
            with self._idle:
                self._done.append((operation, result, error))
                self._outstanding -= 1
                self._idle.notify_all()
            # The window may be gone at exit; its outcome was recorded above all the same.
            with contextlib.suppress(RuntimeError):
                self.operationDone.emit()

    def _on_operation_done(self) -> None:
        self.deliver()
