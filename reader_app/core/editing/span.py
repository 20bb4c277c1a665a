"""The tier-1 aligner on one stretch of a document: between two fixed cells, with some units forced one-sided.

A stretch is aligned with a Tier1Scorer built on its own texts and a few units of context on each side (the
scorer's statistics, such as the overlap a correct pair has in this text, need more than the two or three units
that lie between two pins), and with the document-wide length ratio: a handful of units would estimate it badly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.api import SENTENCE_LIMITS, TIER1_PARAGRAPH_DP_LIMITS, tier1_costs
from reader_app.core.aligner.calibration import calibrate
from reader_app.core.aligner.dp import align_dp
from reader_app.core.aligner.lexicon import load_lexicon
from reader_app.core.aligner.tier1 import Tier1Scorer
from reader_app.core.alignment import Link
from reader_app.core.cancellation import CancelCallback

# Units of context on each side of a short stretch, for the scorer's statistics only (never aligned). 8, 16 and 32
# gave the same links on bench/manual_alignment.py's tuning tasks; 8 costs least.
CONTEXT = 8
# A stretch with more units than this (both sides) gets a scorer of its own texts and the DP's usual band: its
# statistics need no context, and evidence for every pair of units would cost n x m.
LONG_STRETCH = 400


class _Window:
    """A LinkScorer over units [z0, z0 + n_zh) x [e0, e0 + n_en) of a scorer built on a wider slice (see
    reader_app.core.aligner.dp's contract), with links that pair a unit of `one_sided` forbidden."""

    def __init__(
        self,
        base: Tier1Scorer,
        z0: int,
        e0: int,
        n_zh: int,
        n_en: int,
        zh_alone: np.ndarray,
        en_alone: np.ndarray,
        banded: bool = False,
    ) -> None:
        self.base = base
        self.banded = banded  # the base covers exactly the window and builds its evidence for the DP's band
        self.z0, self.e0 = z0, e0
        self.n_zh, self.n_en = n_zh, n_en
        # Prefix counts of the units forced one-sided (in the window's numbering): a link covering zh[i - a:i] pairs
        # one of them when the count grows over that range.
        self._zh_alone = np.concatenate([[0], np.cumsum(zh_alone)]).astype(np.int64)
        self._en_alone = np.concatenate([[0], np.cumsum(en_alone)]).astype(np.int64)
        self._any_alone = bool(zh_alone.any() or en_alone.any())

    def _allowed(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        ok = (i_end >= a) & (j_end >= b)
        if self._any_alone and a and b:
            i0 = np.clip(i_end - a, 0, None)
            j0 = np.clip(j_end - b, 0, None)
            ok &= self._zh_alone[i_end] == self._zh_alone[i0]
            ok &= self._en_alone[j_end] == self._en_alone[j0]
        return ok

    def prepare(self, lo: np.ndarray, hi: np.ndarray, max_zh: int, max_en: int) -> None:
        # Unbanded, the base builds evidence for every pair of its slice when first asked for scores.
        if self.banded:
            self.base.prepare(lo, hi, max_zh, max_en)

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        scores = np.asarray(self.base.link_scores(a, b, i_end + self.z0, j_end + self.e0), dtype=np.float64)
        return np.where(self._allowed(a, b, i_end, j_end), scores, -np.inf)

    def chunk_scores(self, kinds: Sequence[tuple[int, int]], i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        # The base scorer sees the context before the window: a kind that cannot end here in the window's numbering
        # could there, so the window's own limits are applied again.
        out = self.base.chunk_scores(kinds, i_end + self.z0, j_end + self.e0)
        for r, (a, b) in enumerate(kinds):
            out[r, ~self._allowed(a, b, i_end, j_end)] = -np.inf
        return out

    def confidence(
        self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray, scores: np.ndarray, margins: np.ndarray
    ) -> np.ndarray:
        return self.base.confidence(a, b, i_end + self.z0, j_end + self.e0, scores, margins=margins)


class StretchAligner:
    """Aligns stretches of one document's units with tier 1 (see the module docstring)."""

    def __init__(
        self,
        zh: Sequence[str],
        en: Sequence[str],
        *,
        level: str,
        zh_kinds: Sequence[str] | None,
        en_kinds: Sequence[str] | None,
    ) -> None:
        self.zh = list(zh)
        self.en = list(en)
        # Scored as the aligner that made the links scored this text (paragraphs of one sentence each as sentences).
        level, self.skip = tier1_costs(self.zh, level)
        self.level = level
        self.zh_kinds = list(zh_kinds) if zh_kinds is not None else None
        self.en_kinds = list(en_kinds) if en_kinds is not None else None
        # The shapes tier 1's own DP links (its gap repair makes wider ones; an edit's span is re-aligned by the DP).
        self.limits = TIER1_PARAGRAPH_DP_LIMITS if level == "paragraph" else SENTENCE_LIMITS
        # Loaded here, where the Realigner is made (the window's worker), rather than by the first edit.
        self.lexicon = load_lexicon()

    def scorer(self, z0: int, z1: int, e0: int, e1: int, ratio: float | None) -> Tier1Scorer:
        """A tier-1 scorer on zh[z0:z1] and en[e0:e1] (its unit 0 is z0, e0), with the document's length ratio."""
        scorer = Tier1Scorer(
            self.zh[z0:z1],
            self.en[e0:e1],
            zh_kinds=self.zh_kinds[z0:z1] if self.zh_kinds is not None else None,
            en_kinds=self.en_kinds[e0:e1] if self.en_kinds is not None else None,
            lexicon=self.lexicon,
            level=self.level,
        )
        if ratio:
            scorer.ratio = ratio
        if self.skip is not None:
            scorer.skip_score = self.skip
        return scorer

    def context_scorer(self, z0: int, z1: int, e0: int, e1: int, ratio: float | None) -> tuple[Tier1Scorer, int, int]:
        """A scorer on the stretch with CONTEXT units either side, and where the stretch starts in it."""
        cz0, ce0 = max(0, z0 - CONTEXT), max(0, e0 - CONTEXT)
        cz1, ce1 = min(len(self.zh), z1 + CONTEXT), min(len(self.en), e1 + CONTEXT)
        return self.scorer(cz0, cz1, ce0, ce1, ratio), z0 - cz0, e0 - ce0

    def align(
        self,
        start: tuple[int, int],
        end: tuple[int, int],
        ratio: float | None,
        *,
        zh_alone: Sequence[int] = (),
        en_alone: Sequence[int] = (),
        cancel: CancelCallback | None = None,
    ) -> list[Link]:
        """The best links from cell `start` to cell `end` (document numbering), the units of `zh_alone` / `en_alone`
        (document numbering, inside the stretch) one-sided."""
        (z0, e0), (z1, e1) = start, end
        n_zh, n_en = z1 - z0, e1 - e0
        if n_zh == 0 or n_en == 0:  # nothing to pair: every unit is one-sided, certainly
            return [Link((i,), (), 1.0) for i in range(z0, z1)] + [Link((), (j,), 1.0) for j in range(e0, e1)]
        zh_mask = np.zeros(n_zh, dtype=bool)
        en_mask = np.zeros(n_en, dtype=bool)
        zh_mask[[i - z0 for i in zh_alone]] = True
        en_mask[[j - e0 for j in en_alone]] = True
        max_zh, max_en = self.limits
        if n_zh + n_en > LONG_STRETCH:
            base = self.scorer(z0, z1, e0, e1, ratio)
            window = _Window(base, 0, 0, n_zh, n_en, zh_mask, en_mask, banded=True)
            # The band follows the base's first pass (anchors, proportional lengths), as for a whole document; the
            # first pass may estimate a length ratio from its anchors: the document's is kept.
            kept_ratio = base.ratio
            path = np.asarray(base.first_pass(), dtype=np.int64)
            base.ratio = kept_ratio
            raw = align_dp(n_zh, n_en, window, max_zh=max_zh, max_en=max_en, band=base.band, path=path, cancel=cancel)
        else:
            base, oz, oe = self.context_scorer(z0, z1, e0, e1, ratio)
            window = _Window(base, oz, oe, n_zh, n_en, zh_mask, en_mask)
            # Evidence for every pair of the (short) slice, and a band as wide as the stretch: one DP pass.
            raw = align_dp(n_zh, n_en, window, max_zh=max_zh, max_en=max_en, band=max(n_zh, n_en) + 1, cancel=cancel)
        # Calibrated as the aligner's own links are (a span's links sit among them).
        return [Link(tuple(i + z0 for i in link.zh), tuple(j + e0 for j in link.en), link.confidence)
                for link in calibrate(raw, self.level, 1)]

    def link_score(self, zh: Sequence[int], en: Sequence[int], ratio: float | None) -> float:
        """Tier 1's score of one link (any widths; higher is better), as the DP scores it among its neighbours."""
        if not zh or not en:
            raise ValueError("a one-sided link has no link score")
        z0, z1, e0, e1 = zh[0], zh[-1] + 1, en[0], en[-1] + 1
        base, oz, oe = self.context_scorer(z0, z1, e0, e1, ratio)
        ends = (np.array([oz + len(zh)], dtype=np.int64), np.array([oe + len(en)], dtype=np.int64))
        return float(base.link_scores(len(zh), len(en), *ends)[0])
