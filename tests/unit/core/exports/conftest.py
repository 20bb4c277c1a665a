"""The bundled sample aligned by tier 1, with one note, as every export test starts from."""

from __future__ import annotations

import pytest

from reader_app.core.exports import BilingualBook, link_notes_from_placements
from tests.conftest import SAMPLE

NOTE_TEXT = "劉振民 = Liu Zhenmin <the envoy> & co-chair"
# Tier 1 on the sample, as the gold file has it: 5 two-sided links and 4 one-sided (the source line; clean power,
# circular economy and the Berkeley event).
SAMPLE_LINKS = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((4,), (3,)), ((), (4,)), ((5,), (5,)),
                ((), (6,)), ((), (7,))]
ONE_SIDED = [1, 5, 7, 8]  # link indices


@pytest.fixture(scope="session")
def sample_book() -> BilingualBook:
    from reader_app.core.aligner import align_document
    from reader_app.core.documents import load_document

    document = load_document(str(SAMPLE))
    alignment = align_document(document, tier=1)
    assert [(link.zh, link.en) for link in alignment.links] == SAMPLE_LINKS
    # The note is on the Chinese paragraph of link 3 (the meeting of May 8-9).
    notes = link_notes_from_placements([("zh", 2, NOTE_TEXT, "yellow", "Important", ("names",), "")], alignment)
    return BilingualBook(document, alignment, notes)
