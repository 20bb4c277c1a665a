"""The aligner's child process gives exactly the in-process alignment, reports progress and can be stopped."""

from __future__ import annotations

import pytest

from reader_app.core.aligner import align_paragraphs
from reader_app.core.aligner.process import AlignmentProcess
from reader_app.core.cancellation import Cancelled
from reader_app.core.documents import load_document
from reader_app.paths import sample_path


@pytest.fixture(scope="module")
def texts() -> tuple[list[str], list[str]]:
    document = load_document(sample_path())
    return document.zh.texts(), document.en.texts()


def test_child_alignment_equals_the_in_process_one(texts) -> None:
    zh, en = texts
    received, progress = [], []
    process = AlignmentProcess()
    process.start()
    process.align(zh, en, [1])
    process.wait(received.append, lambda tier, done, total: progress.append((tier, done, total)))
    assert received == [align_paragraphs(zh, en, tier=1)]
    assert progress and progress[-1][0] == 1 and progress[-1][1] == progress[-1][2]
    assert process.peak_rss_kib > 0


def test_cancelling_terminates_the_child(texts) -> None:
    zh, en = texts
    process = AlignmentProcess()
    process.start()
    child = process._process
    process.align(zh, en, [1, 2])
    with pytest.raises(Cancelled):
        process.wait(lambda _a: None, cancelled=lambda: True)
    assert child is not None and not child.is_alive()


def test_a_child_not_given_work_ends_quietly() -> None:
    process = AlignmentProcess()
    process.start()
    child = process._process
    process.stop()
    assert child is not None and not child.is_alive()
    assert process._process is None


def test_a_failure_in_the_child_reaches_the_parent() -> None:
    process = AlignmentProcess()
    process.start()
    process.align(["一"], ["one"], [7])  # no such tier
    with pytest.raises(ValueError, match="tier must be 1 or 2, not 7"):
        process.wait(lambda _a: None)


def test_stop_after_a_failed_start_releases_the_pipe(monkeypatch) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")

    def fail(self) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(context.Process, "start", fail)
    process = AlignmentProcess()
    with pytest.raises(OSError, match="no more processes"):
        process.start()
    conn = process._conn
    assert conn is not None
    process.stop()  # the Process exists but never started: no join, just the pipe
    assert conn.closed and process._conn is None and process._process is None
