"""Document and alignment caches: hits on the same file state, misses after a change, never stale or torn."""

from __future__ import annotations

import os
from pathlib import Path

from reader_app.core import cache
from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from tests.conftest import SAMPLE


def test_document_cache_hits_until_the_file_changes(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(SAMPLE.read_bytes())
    first = cache.load_document_cached(str(path))
    assert first == load_document(path)
    calls = []
    import reader_app.core.documents as documents

    real = documents.load_document
    monkeypatch.setattr(documents, "load_document", lambda *a, **k: calls.append(a) or real(*a, **k))
    again = cache.load_document_cached(str(path))
    assert again == first and calls == []  # served from the cache
    path.write_text(path.read_text(encoding="utf-8").replace("Berkeley", "Oakland"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    changed = cache.load_document_cached(str(path))
    assert len(calls) == 1
    assert changed.en.paragraphs[-1].text.endswith("in Oakland, CA.")


def test_errors_are_not_cached(tmp_path: Path) -> None:
    import pytest

    from reader_app.core.documents import DocumentError

    path = tmp_path / "late.txt"
    with pytest.raises(DocumentError):
        cache.load_document_cached(str(path))
    path.write_bytes(SAMPLE.read_bytes())
    assert len(cache.load_document_cached(str(path)).en) == 8


def test_alignment_cache_round_trip_and_torn_file(tmp_path: Path) -> None:
    document = load_document(SAMPLE)
    assert cache.cached_alignment(document, 1) is None
    alignment = Alignment((Link((0,), (0,), 0.9), Link((1, 2, 3, 4, 5), tuple(range(1, 8)), 0.5)), tier=1)
    cache.store_alignment(document, alignment)
    assert cache.cached_alignment(document, 1) == alignment
    assert cache.cached_alignment(document, 2) is None
    # The same units aligned as sentences are another alignment (a file of one sentence a line, View ▸ Align By).
    assert cache.cached_alignment(document, 1, "sentence") is None
    sentences = Alignment((Link((0,), (0,), 0.8),), tier=1)
    cache.store_alignment(document, sentences, "sentence")
    assert cache.cached_alignment(document, 1, "sentence") == sentences
    assert cache.cached_alignment(document, 1) == alignment
    path = cache._alignment_path(document, 1)
    path.write_bytes(path.read_bytes()[:10])  # torn: treated as absent, not an error
    assert cache.cached_alignment(document, 1) is None
