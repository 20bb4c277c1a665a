"""The re-alignment after an edit, off the GUI thread: one job per edit, one Realigner per shown document."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from reader_app.core.cancellation import Cancelled
from reader_app.core.editing import EditError, Realigner
from reader_app.ui.background import ThreadJob, background_work

if TYPE_CHECKING:
    from reader_app.core.model import Document


class ShownRealigner:
    """The Realigner of the units shown, made on first use in the worker (its scorer's tables take a while for a
    book) and kept for the document's later edits."""

    def __init__(self, shown: Document, level: str) -> None:
        self.shown = shown
        self.level = level
        self._lock = threading.Lock()
        self._realigner: Realigner | None = None

    def get(self) -> Realigner:
        with self._lock:
            if self._realigner is None:
                zh, en = self.shown.zh.paragraphs, self.shown.en.paragraphs
                self._realigner = Realigner([p.text for p in zh], [p.text for p in en], level=self.level,
                                            zh_kinds=[p.kind for p in zh], en_kinds=[p.kind for p in en])
            return self._realigner


class RealignJob(ThreadJob):
    """`work(realigner, cancel)` on a thread of its own. Signals (each with the job first): realigned(job, result)
    with what it returned; refused(job, str) with the one-line reason of an EditError; failed(job, exception)
    with any other exception."""

    realigned = Signal(object, object)
    refused = Signal(object, str)
    failed = Signal(object, object)

    def __init__(self, realigner: ShownRealigner, work: Callable[[Realigner, Callable[[], bool]], Any],
                 parent: QObject | None = None) -> None:
        super().__init__("alignment-edit", parent)
        self.realigner = realigner
        self.work = work

    def _run(self) -> None:
        try:
            with background_work:
                result = self.work(self.realigner.get(), lambda: self.cancelled)
        except Cancelled:
            return  # superseded: another document is shown
        except EditError as exc:
            self._emit(self.refused, self, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug of ours: reported on the GUI thread, with its traceback
            self._emit(self.failed, self, exc)
        else:
            if not self.cancelled:
                self._emit(self.realigned, self, result)
