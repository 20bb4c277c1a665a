"""The banded monotone DP (reader_app.core.aligner.dp) with simple scorers whose best path is known."""

from __future__ import annotations

import numpy as np
import pytest

from reader_app.core.aligner.dp import align_dp, band_around, diagonal_path, link_kinds
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import Cancelled


class LabelScorer:
    """Units carry labels; a 1-1 link of equal labels scores +3, anything else is worse; skips cost 1."""

    def __init__(self, zh: list[int], en: list[int], wide: dict[tuple[int, int], float] | None = None) -> None:
        self.zh = np.array(zh)
        self.en = np.array(en)
        self.wide = wide or {}
        self.calls: list[tuple[int, int]] = []

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        self.calls.append((a, b))
        if a == 0 or b == 0:
            return np.full(i_end.shape, -1.0)
        if (a, b) != (1, 1):
            return np.full(i_end.shape, self.wide.get((a, b), -50.0))
        return np.where(self.zh[i_end - 1] == self.en[j_end - 1], 3.0, -5.0)


def pairs(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.zh, link.en) for link in links]


def test_link_kinds_are_gaps_and_every_block_within_limits() -> None:
    assert link_kinds(2, 2) == [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2)]
    assert len(link_kinds(3, 5)) == 2 + 15


def test_link_kinds_within_a_number_of_units() -> None:
    # Paragraphs: up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2, none of 3 x 3 .. 4 x 4.
    assert link_kinds(4, 4, 5) == [
        (1, 0), (0, 1), (1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (4, 1)
    ]


class PlacedScorer(LabelScorer):
    """LabelScorer whose wide links score only where `placed` says: (a, b, i_end, j_end) -> score."""

    def __init__(self, zh: list[int], en: list[int], placed: dict[tuple[int, int, int, int], float]) -> None:
        super().__init__(zh, en)
        self.placed = placed

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        scores = super().link_scores(a, b, i_end, j_end)
        for (pa, pb, pi, pj), value in self.placed.items():
            if (pa, pb) == (a, b):
                scores = np.where((i_end == pi) & (j_end == pj), value, scores)
        return scores


def test_wide_links_up_to_the_number_of_units() -> None:
    # zh 1 is the translation of en 1-4 (1 x 4) and zh 2-3 of en 5-7 (2 x 3): taken when they score best ...
    placed = {(1, 4, 2, 5): 20.0, (2, 3, 4, 8): 20.0}
    zh, en = [0, 7, 8, 9, 3], [0, 1, 2, 4, 5, 6, 10, 11, 3]
    scorer = PlacedScorer(zh, en, placed)
    links = align_dp(5, 9, scorer, max_zh=4, max_en=4, max_units=5)
    assert pairs(links) == [((0,), (0,)), ((1,), (1, 2, 3, 4)), ((2, 3), (5, 6, 7)), ((4,), (8,))]
    Alignment(tuple(links)).validate(5, 9)
    assert (3, 3) not in scorer.calls and (4, 4) not in scorer.calls
    # ... and never asked for beyond the number of units.
    scorer = PlacedScorer(zh, en, placed)
    assert ((1,), (1, 2, 3, 4)) not in pairs(align_dp(5, 9, scorer, max_zh=4, max_en=4, max_units=4))
    assert (1, 4) not in scorer.calls


def test_matching_labels_with_one_gap_each_side() -> None:
    links = align_dp(6, 6, LabelScorer([0, 1, 2, 3, 4, 5], [0, 1, 9, 2, 3, 5]))
    assert pairs(links) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((), (2,)),
        ((2,), (3,)),
        ((3,), (4,)),
        ((4,), ()),
        ((5,), (5,)),
    ]
    Alignment(tuple(links)).validate(6, 6)


def test_wide_link_taken_when_it_scores_more_than_its_parts() -> None:
    # zh 1 matches nothing 1-1, but the scorer rates the 1-2 link over en 1-2 highly.
    scorer = LabelScorer([0, 7, 3], [0, 1, 2, 3], wide={(1, 2): 4.0})
    assert pairs(align_dp(3, 4, scorer)) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_scorer_is_never_asked_for_links_reaching_before_the_start() -> None:
    seen: list[tuple[int, int, int, int]] = []

    class Checking(LabelScorer):
        def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
            seen.append((a, b, int(i_end.min()), int(j_end.min())))
            return super().link_scores(a, b, i_end, j_end)

    align_dp(5, 7, Checking([0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5, 6]), max_zh=3, max_en=5)
    assert seen and all(i >= a and j >= b for a, b, i, j in seen)


def test_one_side_empty_needs_no_scorer() -> None:
    assert pairs(align_dp(0, 2, None)) == [((), (0,)), ((), (1,))]  # type: ignore[arg-type]
    assert pairs(align_dp(2, 0, None)) == [((0,), ()), ((1,), ())]  # type: ignore[arg-type]


def test_long_drift_is_followed_by_widening_the_band() -> None:
    # 300 English units inserted at the start: the diagonal first pass is far off; the band must widen.
    n = 400
    zh = list(range(n))
    en = [-1] * 300 + list(range(n))
    seen: list[float] = []
    links = align_dp(n, len(en), LabelScorer(zh, en), band=8, progress=lambda d, t: seen.append(d / t))
    assert pairs(links) == [((), (j,)) for j in range(300)] + [((i,), (300 + i,)) for i in range(n)]
    assert seen == sorted(seen) and seen[-1] == 1.0  # the wider passes do not send progress backwards


def test_confidences_in_unit_interval_and_custom_confidence_used() -> None:
    class Confident(LabelScorer):
        def confidence(self, a, b, i_end, j_end, scores):
            return np.full(scores.shape, 0.25 if a and b else 2.0)  # out of range: clipped

    links = align_dp(3, 4, Confident([0, 1, 2], [0, 9, 1, 2]))
    assert [link.confidence for link in links] == [0.25, 1.0, 0.25, 0.25]


def test_progress_reported_and_cancel_raises() -> None:
    seen: list[tuple[int, int]] = []
    align_dp(20, 20, LabelScorer(list(range(20)), list(range(20))), progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(Cancelled):
        align_dp(20, 20, LabelScorer(list(range(20)), list(range(20))), cancel=lambda: True)


def test_band_is_monotone_and_contains_the_path() -> None:
    path = diagonal_path(np.array([1.0, 5, 1, 1]), np.array([2.0, 2, 8, 2, 2, 2]), 4, 6)
    lo, hi = band_around(path, 4, 6, 1)
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
    for i, j in path:
        assert lo[i] <= j < hi[i]
    assert (lo[0], hi[-1]) == (0, 7)


def test_prepare_hook_sees_the_band() -> None:
    bands: list[tuple[int, int]] = []

    class Preparing(LabelScorer):
        def prepare(self, lo, hi, max_zh, max_en) -> None:
            bands.append((len(lo), max_en))

    align_dp(5, 5, Preparing(list(range(5)), list(range(5))), max_zh=2, max_en=3)
    assert bands == [(6, 3)]


def test_links_without_confidences_are_the_same_links() -> None:
    from reader_app.core.aligner import align_paragraphs
    from reader_app.core.documents import load_document
    from tests.conftest import SAMPLE

    scorer = LabelScorer([0, 1, 2, 5, 6], [0, 9, 1, 2, 5, 7, 6])
    with_conf = align_dp(5, 7, scorer)
    without = align_dp(5, 7, scorer, with_confidence=False)
    assert [(k.zh, k.en) for k in without] == [(k.zh, k.en) for k in with_conf]
    assert {k.confidence for k in without} == {0.0}
    document = load_document(SAMPLE)
    full = align_paragraphs(document.zh.texts(), document.en.texts(), tier=1)
    bare = align_paragraphs(document.zh.texts(), document.en.texts(), tier=1, confidences=False)
    assert [(k.zh, k.en) for k in bare.links] == [(k.zh, k.en) for k in full.links]
