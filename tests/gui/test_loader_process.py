"""DocumentJob on a large document: the alignment comes from a child process, with the same signals and result."""

from __future__ import annotations

from reader_app.core.aligner import align_paragraphs
from reader_app.paths import sample_path
from reader_app.ui import loader
from reader_app.ui.loader import DocumentJob


def _run(qtbot, job: DocumentJob) -> dict[str, list]:
    seen: dict[str, list] = {"documentLoaded": [], "aligned": [], "refined": [], "failed": [], "progress": []}
    job.documentLoaded.connect(lambda d: seen["documentLoaded"].append(d))
    job.aligned.connect(lambda d, a: seen["aligned"].append((d, a)))
    job.refined.connect(lambda a: seen["refined"].append(a))
    job.failed.connect(lambda e: seen["failed"].append(e))
    job.progress.connect(lambda stage, done, total: seen["progress"].append(stage))
    with qtbot.waitSignal(job.finished, timeout=60_000):
        job.start()
    assert job.wait(10)
    return seen


def test_large_document_is_aligned_in_a_child_process(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(loader, "LARGE_DOCUMENT_BYTES", 0)
    job = DocumentJob([str(sample_path())], refine=False)
    seen = _run(qtbot, job)
    assert seen["failed"] == []
    [document] = seen["documentLoaded"]
    [(same, alignment)] = seen["aligned"]
    assert same is document
    assert alignment == align_paragraphs(document.zh.texts(), document.en.texts(), tier=1)
    assert "align" in seen["progress"]
    assert job.worker_peak_rss_kib > 0  # the child ran and said how much memory it took


def test_second_open_takes_the_cached_alignment_without_a_child(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(loader, "LARGE_DOCUMENT_BYTES", 0)
    first = _run(qtbot, DocumentJob([str(sample_path())], refine=False))
    job = DocumentJob([str(sample_path())], refine=False)
    second = _run(qtbot, job)
    assert second["aligned"][0][1] == first["aligned"][0][1]
    assert job.worker_peak_rss_kib == 0


def test_cancelling_a_large_document_ends_the_child(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(loader, "LARGE_DOCUMENT_BYTES", 0)
    from reader_app.core.aligner.process import AlignmentProcess

    started = []
    original = AlignmentProcess.start

    def start(self) -> None:
        original(self)
        started.append(self._process)

    monkeypatch.setattr(AlignmentProcess, "start", start)
    job = DocumentJob([str(sample_path())], refine=True)
    job.documentLoaded.connect(lambda _d: job.cancel())
    seen = _run(qtbot, job)
    assert seen["failed"] == [] and seen["refined"] == []
    [process] = started
    assert not process.is_alive()


def test_a_document_aligned_by_sentences_in_the_child_as_in_the_thread(qtbot, monkeypatch) -> None:
    from reader_app.core.aligner import align_sentences
    from reader_app.core.cache import cached_alignment
    from reader_app.core.units import unit_view

    results = []
    for large in (True, False):
        monkeypatch.setattr(loader, "LARGE_DOCUMENT_BYTES", 0 if large else 1 << 40)
        from reader_app.core import cache

        # Each run computes: the first run's alignment is not taken from the cache by the second.
        monkeypatch.setattr(cache, "cached_alignment", lambda *_args, **_kwargs: None)
        job = DocumentJob([str(sample_path())], refine=False, unit=lambda _document: "sentence")
        seen = _run(qtbot, job)
        assert seen["failed"] == []
        [document] = seen["documentLoaded"]
        [(_same, alignment)] = seen["aligned"]
        assert (job.worker_peak_rss_kib > 0) is large
        results.append(alignment)
        monkeypatch.undo()
    units = unit_view(document, "sentence")
    expected = align_sentences(units.shown.zh.texts(), units.shown.en.texts(), tier=1)
    assert results == [expected, expected]
    # Kept by level: the same document aligned by paragraphs is another entry.
    assert cached_alignment(units.shown, 1, "sentence") == expected
    assert cached_alignment(document, 1) is None
