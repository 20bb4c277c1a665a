"""One run of the translation checks on a thread of its own, its outcome reported back through a Qt signal."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from reader_app.core.alignment import Alignment
from reader_app.core.cancellation import Cancelled
from reader_app.core.checks import ALL_KINDS, Flag
from reader_app.core.model import Document
from reader_app.ui.background import ThreadJob, background_work


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The flags of every kind on `document` by `alignment` (its paragraph alignment), in reading order, and for
    each flag the index of its link in `alignment` (what next / previous flag step through)."""

    document: Document
    alignment: Alignment
    flags: tuple[Flag, ...]
    links: tuple[int, ...]


def link_of_flag(alignment: Alignment, flag: Flag) -> int:
    side, paragraphs = ("zh", flag.zh) if flag.zh else ("en", flag.en)
    link = alignment.link_of(side, paragraphs[0]) if paragraphs else None
    return -1 if link is None else link


class ChecksRun(ThreadJob):
    """check_document with every kind (the panel filters them: switching a kind on needs no new run) on a daemon
    thread. On a book it is seconds of Python (22 s for 10,000 paragraphs), so the thread runs as background work
    (reader_app.ui.background): the window wins the GIL back sooner meanwhile.

    Signals (delivered on the GUI thread, queued): checked(CheckResult) once, with every flag: the panel builds
    its rows from one delivery, not a stream; failed(Exception) for a bug of the checks; finished() at the end,
    whatever happened (also when cancelled)."""

    checked = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, document: Document, alignment: Alignment | None, *, tier: int = 1,
                 parent: QObject | None = None) -> None:
        """`alignment` None: the document's own paragraph alignment, found here (the window shows sentences)."""
        super().__init__("translation-checks", parent)
        self.document, self.alignment, self.tier = document, alignment, tier

    def _paragraph_alignment(self) -> Alignment:
        """The document's paragraph links: its file's, else the aligner's from the cache (computed when it was
        read by paragraphs), else tier 1 now. Not the sentence links merged by paragraph: those merge what the
        paragraph aligner keeps apart (a metadata line with its neighbour), and a merged pair's numbers differ."""
        from reader_app.core.aligner import align_paragraphs
        from reader_app.core.cache import cached_alignment, store_alignment
        from reader_app.ui.loader import given_alignment

        document = self.document
        found = given_alignment(document) or cached_alignment(document, 2) or cached_alignment(document, 1)
        if found is None:
            found = align_paragraphs(document.zh.texts(), document.en.texts(), tier=1, cancel=self._cancel.is_set)
            store_alignment(document, found)
        return found

    def _run(self) -> None:
        try:
            with background_work:
                # Imported here, on this thread: the checks' tables are 150 ms of imports (see core.checks).
                from reader_app.core.checks import check_document

                alignment = self.alignment or self._paragraph_alignment()
                flags = check_document(self.document, alignment, ALL_KINDS, tier=self.tier,
                                       cancel=self._cancel.is_set)
                links = tuple(link_of_flag(alignment, flag) for flag in flags)
            if not self._cancel.is_set():
                self._emit(self.checked, CheckResult(self.document, alignment, tuple(flags), links))
        except Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - a bug of the checks: shown in the panel, not lost in a thread
            self._emit(self.failed, exc)
        finally:
            self._emit(self.finished)
