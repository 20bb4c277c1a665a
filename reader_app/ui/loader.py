"""Loading and aligning a document off the GUI thread, reporting back through Qt signals."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Document


class Cancelled(Exception):
    """The user pressed Cancel; the job stops at the next progress report."""


def given_alignment(document: Document) -> Alignment | None:
    """The alignment a TMX/XLIFF/SRT file brought with it (tier 0), if any."""
    if document.given_links is None:
        return None
    return Alignment(tuple(Link(tuple(zh), tuple(en), 1.0) for zh, en in document.given_links), tier=0)


class DocumentJob(QObject):
    """Loads files, aligns them instantly (tier 1), then refines (tier 2), each in a worker thread.

    Signals (delivered on the GUI thread): documentLoaded(Document) as soon as the text is read, so the reader
    can show it while aligning; loaded(Document, Alignment) after tier 1; refined(Alignment) when
    tier 2 is ready; failed(Exception); progress(str stage, int done, int total); finished() at the end,
    whatever happened.
    """

    documentLoaded = Signal(object)
    loaded = Signal(object, object)
    refined = Signal(object)
    failed = Signal(object)
    progress = Signal(str, int, int)
    finished = Signal()

    def __init__(self, paths: list[str], *, encoding: str | None = None, refine: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = list(paths)
        self.encoding = encoding
        self.refine = refine
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="document-job", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _reporter(self, stage: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if self._cancel.is_set():
                raise Cancelled
            self._emit(self.progress, stage, done, total)

        return report

    def _emit(self, signal, *args) -> None:
        # The window may close (and delete this object) while the thread finishes: nobody is left to tell.
        try:
            signal.emit(*args)
        except RuntimeError:
            self._cancel.set()

    def _run(self) -> None:
        from reader_app.core.cache import cached_alignment, load_document_cached, store_alignment

        try:
            self._emit(self.progress, "load", 0, 1)
            document = load_document_cached(self.paths[0], self.paths[1] if len(self.paths) > 1 else None,
                                            encoding=self.encoding)
            document.content_id  # noqa: B018 - computed here (and fingerprints cached), not on the GUI thread
            if self._cancel.is_set():
                raise Cancelled
            self._emit(self.documentLoaded, document)
            given = given_alignment(document)
            zh, en = document.zh.texts(), document.en.texts()
            refined = cached_alignment(document, 2) if given is None and self.refine else None
            alignment = given or refined or cached_alignment(document, 1)
            if alignment is None:
                from reader_app.core.aligner import align_paragraphs

                alignment = align_paragraphs(zh, en, tier=1, progress=self._reporter("align"),
                                             cancel=self._cancel.is_set)
                store_alignment(document, alignment)
            self._emit(self.loaded, document, alignment)
            if self.refine and given is None and refined is None and zh and en and not self._cancel.is_set():
                from reader_app.core.aligner import align_paragraphs

                refined = align_paragraphs(zh, en, tier=2, progress=self._reporter("refine"),
                                           cancel=self._cancel.is_set)
                store_alignment(document, refined)
                if not self._cancel.is_set():
                    self._emit(self.refined, refined)
        except Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - every failure goes to the window as a message
            if not self._cancel.is_set() or not _is_cancellation(exc):
                self._emit(self.failed, exc)
        finally:
            self._emit(self.finished)


def _is_cancellation(exc: Exception) -> bool:
    return "cancel" in type(exc).__name__.lower()
