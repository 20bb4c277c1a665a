"""Loading and aligning a document off the GUI thread, reporting back through Qt signals."""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import Cancelled
from reader_app.core.model import Document
from reader_app.ui.background import ThreadJob, background_work

if TYPE_CHECKING:  # imported when a large document needs it: multiprocessing is not for start-up
    from reader_app.core.aligner.process import AlignmentProcess

# Files at least this large (both sides together; 10,000 paragraphs are ~7 MB) are aligned in a child process.
# In a thread, the aligner's long C calls (numpy, pickling, garbage collection) hold the GIL for hundreds of
# milliseconds and the window freezes meanwhile; a child costs ~0.5 s to start, so small files stay here.
LARGE_DOCUMENT_BYTES = 1_000_000
# At start-up, files up to this size (both together) whose load is in the document cache are shown in the
# window's first frame, read on the GUI thread (about a millisecond for the sample); larger or uncached
# ones, and every later open, load in the background.
SYNCHRONOUS_OPEN_BYTES = 1 << 20


def _total_size(paths: list[str]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # the loader reports unreadable files
            total += os.path.getsize(path)
    return total


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Build a long document without Python's cycle collector, then move what is alive (the new document's
    million objects) out of its reach. Each full collection walks every tracked object holding the GIL: while
    10,000 paragraphs were parsed, collections of 40-70 ms froze the window, and later ones on the GUI thread
    walked the document again. The document has no reference cycles: freezing it hides no garbage.

    Nests across threads (the document job's and the notes' storage thread may pause it at once): the collector
    runs again when the last pause ends, not the first."""
    global _pauses, _enabled_before
    with _pause_lock:
        if _pauses == 0:
            _enabled_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        gc.freeze()
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _enabled_before:
                gc.enable()


_pause_lock = threading.Lock()
_pauses = 0  # collector_paused blocks running now, on any thread
_enabled_before = False  # whether the collector ran before the first of them


def settle_long_lived() -> None:
    """Move what is alive now (a book's notes just placed, the lists showing them) out of the cycle collector's
    reach, as `collector_paused` does for a document: with 10,000 notes each full collection walked them again,
    90-130 ms with the GIL held, the window's longest freezes while notes were added, exported or imported.
    Notes are dataclasses and tuples without reference cycles; when replaced they are freed by reference count."""
    gc.freeze()


def cached_small_document(paths: list[str], encoding: str | None) -> Document | None:
    """The document of `paths` from the document cache, read here, if it is small and there."""
    try:
        if sum(os.stat(p).st_size for p in paths) > SYNCHRONOUS_OPEN_BYTES:
            return None
    except OSError:
        return None  # the job reports it
    from reader_app.core.cache import cached_document

    return cached_document(paths[0], paths[1] if len(paths) > 1 else None, encoding=encoding)


def given_alignment(document: Document) -> Alignment | None:
    """The alignment a TMX/XLIFF/SRT file brought with it (tier 0), if any."""
    if document.given_links is None:
        return None
    return Alignment(tuple(Link(tuple(zh), tuple(en), 1.0) for zh, en in document.given_links), tier=0)


class DocumentJob(ThreadJob):
    """Loads files, aligns them instantly (tier 1), then refines (tier 2), each in a worker thread, by `unit`
    (reader_app.core.units: the alignments are of `unit_view(document, unit).shown`'s units).

    Signals (delivered on the GUI thread): documentLoaded(Document) as soon as the text is read, so the reader
    can show it while aligning; aligned(Document, Alignment) after tier 1; refined(Alignment) when
    tier 2 is ready; failed(Exception); progress(str stage, int done, int total); refineDeclined(needed bytes,
    free bytes or None) when tier 2 would not fit in the memory the machine has free (tier 1 stays, see
    reader_app.core.machine); finished() at the end, whatever happened. Large documents are aligned in a
    child process (reader_app.core.aligner.process);
    `worker_peak_rss_kib` is then that process's peak memory (0 when no child ran).
    """

    documentLoaded = Signal(object)
    aligned = Signal(object, object)
    refined = Signal(object)
    failed = Signal(object)
    progress = Signal(str, int, int)
    refineDeclined = Signal(object, object)  # Python ints: a book's figures overflow a C int
    finished = Signal()

    def __init__(self, paths: list[str], *, encoding: str | None = None, refine: bool = True,
                 unit: str | Callable[[Document], str] = "paragraph", document: Document | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__("document-job", parent)
        self.paths = list(paths)
        self.encoding = encoding
        self.refine = refine
        # The unit, or how to find it from the document read (the reader's choice is remembered per document).
        self.unit = unit
        self.document = document  # the document of `paths` when it is read already (aligning it by another unit)
        self.worker_peak_rss_kib = 0

    def _reporter(self, stage: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if self._cancel.is_set():
                raise Cancelled
            self._emit(self.progress, stage, done, total)

        return report

    def _run(self) -> None:
        from reader_app.core.cache import cached_alignment, load_document_cached, store_alignment
        from reader_app.core.units import unit_view

        child: AlignmentProcess | None = None
        # The overview ruler places its ticks with numpy, on the GUI thread: imported here, off that thread, so a
        # document whose alignment comes from the cache (nothing else imports numpy then) does not cost it ~90 ms.
        import numpy  # noqa: F401
        try:
            self._emit(self.progress, "load", 0, 1)
            en_path = self.paths[1] if len(self.paths) > 1 else None
            large = _total_size(self.paths) >= LARGE_DOCUMENT_BYTES
            if large:
                # Started first, so the child's start-up (Python, numpy, the aligner's tables) overlaps the
                # parsing here rather than the window's building of its panes.
                from reader_app.core.aligner.process import AlignmentProcess

                child = AlignmentProcess()
                child.start()
                # Not through the document cache: (un)pickling 10,000 paragraphs is one C call holding the GIL
                # for 200 ms, while parsing is Python code that lets the window run.
                from reader_app.core.documents import load_document

                if self.document is None:
                    # As background work (reader_app.ui.background): the GIL comes back to the window sooner.
                    with collector_paused(), background_work:
                        document = load_document(self.paths[0], en_path, encoding=self.encoding)
            if self.document is not None:
                document = self.document  # the text is shown already: aligned again by another unit
                if not len(document.zh) or not len(document.en):
                    # As its first opening found: a one-language text stays unaligned, whatever its units.
                    from reader_app.core.documents import OneLanguageError
                    from reader_app.core.model import Language

                    raise OneLanguageError(self.paths[0], document, Language.ZH if not len(document.zh) else
                                           Language.EN)
            elif not large:
                document = load_document_cached(self.paths[0], en_path, encoding=self.encoding)
            document.content_id  # noqa: B018 - computed here (and fingerprints cached), not on the GUI thread
            # The units the window shows and aligns (reader_app.core.units), cut here: the window's ask for the
            # same cut is then a look-up. The file's own links are between its paragraphs.
            unit = self.unit(document) if callable(self.unit) else self.unit
            with collector_paused() if large else contextlib.nullcontext(), background_work:
                units = unit_view(document, unit)
            shown, level = units.shown, units.level
            given = given_alignment(document)
            if given is not None and not units.identity:
                given = units.within(given)  # the file's own pairs hold; only the units inside them are aligned
            zh, en = shown.zh.texts(), shown.en.texts()
            refined = cached_alignment(shown, 2, level) if given is None and self.refine else None
            alignment = given or refined or cached_alignment(shown, 1, level)
            refine = self.refine and given is None and refined is None and bool(zh) and bool(en)
            if refine:
                refine = self._refinement_fits(len(zh), len(en), level)
            if child is not None and (alignment is None or refine):
                # Sent before the text is shown: from then on this thread only waits on a pipe. Python work
                # here while the window builds its panes would take the GIL from it at every Qt call.
                child.align(zh, en, ([1] if alignment is None else []) + ([2] if refine else []), level)
            elif child is not None:
                child.stop()
                child = None
            if self._cancel.is_set():
                raise Cancelled
            self._emit(self.documentLoaded, document)
            if child is not None:
                self._await_child(child, document, shown, level, alignment)
                return
            from reader_app.core.aligner import align_paragraphs, align_sentences

            aligner = align_sentences if level == "sentence" else align_paragraphs
            if alignment is None:
                alignment = aligner(zh, en, tier=1, progress=self._reporter("align"), cancel=self._cancel.is_set)
                store_alignment(shown, alignment, level)
            self._emit(self.aligned, document, alignment)
            if refine and not self._cancel.is_set():
                refined = aligner(zh, en, tier=2, progress=self._reporter("refine"), cancel=self._cancel.is_set)
                store_alignment(shown, refined, level)
                if not self._cancel.is_set():
                    self._emit(self.refined, refined)
        except Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - every failure goes to the window as a message
            one_language = getattr(exc, "document", None)
            if isinstance(one_language, Document):
                # A one-language text is shown all the same: cut here into its units, not on the GUI thread.
                self._cut(one_language)
            self._emit(self.failed, exc)
        finally:
            if child is not None:
                child.stop()  # a failure or cancellation before it was waited for
            self._emit(self.finished)

    def _cut(self, document: Document) -> None:
        from reader_app.core.units import unit_view

        with contextlib.suppress(Exception):  # only a head start for the window, which cuts it anyway
            unit_view(document, self.unit(document) if callable(self.unit) else self.unit)

    def _refinement_fits(self, n_zh: int, n_en: int, level: str) -> bool:
        """Whether tier 2 fits in what the machine has free; if not, say so (refineDeclined) and stay on tier 1:
        degrade, never drown (a laptop swapping itself to a halt, or the reader killed, loses the reader's work)."""
        from reader_app.core.aligner import estimate_tier2_bytes
        from reader_app.core.machine import available_memory_bytes, fits_comfortably

        needed = estimate_tier2_bytes(n_zh, n_en, level)
        available = available_memory_bytes()
        if fits_comfortably(needed, available):
            return True
        self._emit(self.refineDeclined, needed, available)
        return False

    def _await_child(self, child: AlignmentProcess, document: Document, shown: Document, level: str,
                     alignment: Alignment | None) -> None:
        """Tier 1 (unless known) and tier 2 (if wanted) of `shown`'s units from the child process; same signals as
        in the thread."""
        from reader_app.core.cache import store_alignment

        if alignment is not None:
            self._emit(self.aligned, document, alignment)

        def received(result: Alignment) -> None:
            store_alignment(shown, result, level)
            if self._cancel.is_set():
                return
            if result.tier == 1:
                self._emit(self.aligned, document, result)
            else:
                self._emit(self.refined, result)

        def progress(tier: int, done: int, total: int) -> None:
            self._emit(self.progress, "align" if tier == 1 else "refine", done, total)

        try:
            child.wait(received, progress, self._cancel.is_set)
        finally:
            self.worker_peak_rss_kib = child.peak_rss_kib



class DocumentOpening(QObject):
    """One opening of a document in a window: owns its DocumentJob and passes the job's reports on while it is the
    window's current opening. `supersede()` (a newer opening, Cancel) cancels the job and silences this object
    for good, so a superseded job's reports never reach the window. It deletes itself when its job has ended.

    With `preload` (at start-up), a small cached document is read at once, as `preloaded`, for the window to
    show before its job starts; the job's copy of it is then passed on as that same object, so that nothing
    is laid out twice.

    Signals (the job's, on the GUI thread, only until superseded): documentLoaded(Document),
    aligned(Document, Alignment), refined(Alignment), failed(Exception), progress(str, int, int),
    refineDeclined(int, int | None), finished().
    """

    documentLoaded = Signal(object)
    aligned = Signal(object, object)
    refined = Signal(object)
    failed = Signal(object)
    progress = Signal(str, int, int)
    refineDeclined = Signal(object, object)
    finished = Signal()

    def __init__(self, paths: list[str], *, encoding: str | None = None, refine: bool = True, preload: bool = False,
                 unit: str | Callable[[Document], str] = "paragraph", document: Document | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preloaded = cached_small_document(paths, encoding) if preload and document is None else None
        self.job = DocumentJob(paths, encoding=encoding, refine=refine, unit=unit, document=document, parent=self)
        self._current = True
        # A flag, not only disconnecting: Qt still delivers a queued report posted before a disconnect (seen with
        # PySide6 6.11), and the job's reports are queued from its thread.
        self.job.documentLoaded.connect(self._on_job_document_loaded)
        self.job.aligned.connect(self._on_job_aligned)
        self.job.refined.connect(self._on_job_refined)
        self.job.failed.connect(self._on_job_failed)
        self.job.progress.connect(self._on_job_progress)
        self.job.refineDeclined.connect(self._on_job_refine_declined)
        self.job.finished.connect(self._on_job_finished)

    @property
    def current(self) -> bool:
        return self._current

    def start(self) -> None:
        self.job.start()

    def cancel(self) -> None:
        """Stop the job at its next progress report; what it reports until then still comes through."""
        self.job.cancel()

    def supersede(self) -> None:
        """Cancel the job and pass nothing more on, whatever it still reports."""
        self._current = False
        self.job.cancel()

    def _as_preloaded(self, document: Document) -> Document:
        preloaded = self.preloaded
        return preloaded if preloaded is not None and preloaded.content_id == document.content_id else document

    def _on_job_document_loaded(self, document: Document) -> None:
        if self._current:
            self.documentLoaded.emit(self._as_preloaded(document))

    def _on_job_aligned(self, document: Document, alignment: Alignment) -> None:
        if self._current:
            self.aligned.emit(self._as_preloaded(document), alignment)

    def _on_job_refined(self, alignment: Alignment) -> None:
        if self._current:
            self.refined.emit(alignment)

    def _on_job_failed(self, exc: Exception) -> None:
        if self._current:
            self.failed.emit(exc)

    def _on_job_progress(self, stage: str, done: int, total: int) -> None:
        if self._current:
            self.progress.emit(stage, done, total)

    def _on_job_refine_declined(self, needed: int, available: int | None) -> None:
        if self._current:
            self.refineDeclined.emit(needed, available)

    def _on_job_finished(self) -> None:
        if self._current:
            self._current = False  # nothing follows a job's end
            self.finished.emit()
        self.deleteLater()
