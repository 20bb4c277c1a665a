"""bench/book_bitext.py: the realistic bitext has what it promises (gold complete, gaps, splits, the missing chapter,
the appendix) and the reader's loader reads its files as the same units. Skips where ../shared/corpus is absent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import book_bitext
from align_tasks import corpus_available

pytestmark = pytest.mark.skipif(not corpus_available(), reason="../shared/corpus/mac-dev is absent")


def _runs_of_gaps(gold):
    """Lengths of the runs of consecutive Chinese-only links, in order."""
    runs, current = [], 0
    for zh, en in gold:
        if zh and not en:
            current += 1
        elif current:
            runs.append(current)
            current = 0
    return [*runs, current] if current else runs


@pytest.mark.parametrize("lines", [False, True])
def test_book_shape_and_gold(lines):
    book = book_bitext.build_book(1500, seed=3, lines=lines)
    assert book_bitext.build_book(1500, seed=3, lines=lines) == book  # deterministic for a seed
    assert abs(len(book.zh) - 1500) <= 2
    # Every unit of both sides in exactly one link, in order.
    assert [i for z, _e in book.gold for i in z] == list(range(len(book.zh)))
    assert [j for _z, e in book.gold for j in e] == list(range(len(book.en)))
    runs = _runs_of_gaps(book.gold)
    assert runs[-1] >= 100  # the untranslated appendix
    assert max(runs[:-1]) >= 50  # the missing chapter, before it
    one_sided = sum(len(z) + len(e) for z, e in book.gold if not z or not e) - runs[-1] - max(runs[:-1])
    assert 0.04 < one_sided / len(book.zh) < 0.2
    if not lines:
        wide = sum(1 for z, e in book.gold if z and e and len(z) + len(e) > 2)
        assert 0.05 < wide / len(book.gold) < 0.15  # splits and moved boundaries
    else:
        assert len(book.en) > 1.05 * len(book.zh)  # English sentences are shorter and more


def test_files_load_as_the_same_paragraphs(tmp_path):
    from reader_app.core.documents import load_document

    book = book_bitext.build_book(800, seed=1)
    zh, en = book_bitext.write_book(book, tmp_path)
    document = load_document(zh, en)
    assert [p.text for p in document.zh.paragraphs] == book.zh
    assert [p.text for p in document.en.paragraphs] == book.en


def test_chinese_numbers():
    assert [book_bitext.chinese_number(n) for n in (1, 10, 12, 20, 105, 110, 1001)] == [
        "一",
        "十",
        "十二",
        "二十",
        "一百零五",
        "一百一十",
        "一千零一",
    ]
