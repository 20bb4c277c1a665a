"""Tier 2, refined alignment: multilingual sentence embeddings (USE v3) scored for the shared banded DP.

Public entry point (aligner.py calls it for tier=2):

    align_tier2(zh: Sequence[str], en: Sequence[str], *, level: str = "paragraph", progress=None, cancel=None,
                cache: EmbeddingCache | None = None, params: Tier2Params | None = None) -> Alignment

`level` is "paragraph" (links up to 2 x 2) or "sentence" (up to 3 x 5); `progress(done, total)` and `cancel()`
as in reader_app.core.dp (cancel raises dp.AlignmentCancelled); `cache` defaults to the on-disk cache under
paths.cache_dir(). The result has tier=2 and is deterministic for given texts (vectors are rounded to float16
before use, so a cold and a warm cache give the same links).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from reader_app.core import embeddings
from reader_app.core.alignment import Alignment
from reader_app.core.dp import CancelCallback, ProgressCallback, align_dp

LEVELS = ("paragraph", "sentence")


@dataclass(frozen=True, slots=True)
class Tier2Params:
    """Weights of the tier-2 score; the defaults per level come from bench/tier2_probe.py on mac-dev."""

    max_zh: int
    max_en: int
    skip: float  # score of leaving one unit without counterpart
    length_weight: float  # additive penalty per unit of |log length ratio|
    wide_bonus: float  # added per extra unit of a link wider than 1-1
    margin_window: int  # units on the other side whose mean cosine is subtracted (0: the whole side)
    band: int  # DP band half-width around the first pass
    prune: float  # wide links whose sum-of-parts score is below this are not encoded (-inf); None-like: -9

    @classmethod
    def for_level(cls, level: str) -> Tier2Params:
        if level == "sentence":
            return cls(max_zh=3, max_en=5, skip=-0.10, length_weight=0.10, wide_bonus=0.0, margin_window=0,
                       band=10, prune=-9.0)
        if level == "paragraph":
            return cls(max_zh=2, max_en=2, skip=-0.15, length_weight=0.15, wide_bonus=0.0, margin_window=0,
                       band=8, prune=-9.0)
        raise ValueError(f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")


def _joiner(language: str) -> str:
    return "" if language == "zh" else " "


def _text_length(text: str) -> int:
    return len("".join(text.split()))


class Tier2Scorer:
    """Link scores for reader_app.core.dp: margin-normalised cosine of real concatenations, plus length."""

    def __init__(
        self,
        zh: Sequence[str],
        en: Sequence[str],
        params: Tier2Params,
        *,
        cache: embeddings.EmbeddingCache,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        self.zh = list(zh)
        self.en = list(en)
        self.params = params
        self.cache = cache
        self.cancel = cancel
        self.progress = progress
        self.zh_lengths = np.array([_text_length(t) for t in self.zh], dtype=np.float64)
        self.en_lengths = np.array([_text_length(t) for t in self.en], dtype=np.float64)
        self._zh_cum = np.concatenate([[0.0], np.cumsum(self.zh_lengths)])
        self._en_cum = np.concatenate([[0.0], np.cumsum(self.en_lengths)])
        # English characters per Chinese character in this document (about 3 for literary prose).
        self.ratio = max(self._en_cum[-1], 1.0) / max(self._zh_cum[-1], 1.0)
        self._units = {
            "zh": embeddings.embed(self.zh, cache=cache, cancel=cancel, progress=self._phase(0.0, 0.4)),
            "en": embeddings.embed(self.en, cache=cache, cancel=cancel, progress=self._phase(0.4, 0.8)),
        }
        self._centroid = {side: self._units[side].mean(axis=0) if len(self._units[side]) else np.zeros(embeddings.DIM)
                          for side in ("zh", "en")}
        # span vectors of width >= 2: side -> width -> {start: row vector}
        self._spans: dict[str, dict[int, dict[int, np.ndarray]]] = {"zh": {}, "en": {}}

    def _phase(self, lo: float, hi: float):
        if self.progress is None:
            return None
        report = self.progress

        def progress(done: int, total: int) -> None:
            report(int(1000 * (lo + (hi - lo) * (done / total if total else 1.0))), 1000)

        return progress

    # -- vectors ------------------------------------------------------------------------------------------------
    def _span_vectors(self, side: str, width: int, starts: np.ndarray) -> np.ndarray:
        units = self._units[side]
        if width == 1:
            return units[starts]
        table = self._spans[side].setdefault(width, {})
        missing = sorted({int(s) for s in np.unique(starts)} - table.keys())
        if missing:
            texts = self.zh if side == "zh" else self.en
            joined = [_joiner(side).join(texts[s : s + width]) for s in missing]
            vectors = embeddings.embed(joined, cache=self.cache, cancel=self.cancel)
            for s, v in zip(missing, vectors, strict=True):
                table[s] = v
        return np.stack([table[int(s)] for s in starts]) if len(starts) else np.zeros((0, embeddings.DIM))

    def _mean_other(self, side: str, vectors: np.ndarray) -> np.ndarray:
        """Each vector's mean cosine with the units of the other side (a hub sits close to everything)."""
        other = "en" if side == "zh" else "zh"
        return vectors @ self._centroid[other]

    # -- dp.LinkScorer ------------------------------------------------------------------------------------------
    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        p = self.params
        if a == 0 or b == 0:
            return np.full(i_end.shape, p.skip * (a + b), dtype=np.float64)
        zs = i_end - a
        js = j_end - b
        zv = self._span_vectors("zh", a, zs)
        ev = self._span_vectors("en", b, js)
        cos = np.einsum("ij,ij->i", zv, ev)
        score = cos - 0.5 * (self._mean_other("zh", zv) + self._mean_other("en", ev))
        zl = self._zh_cum[i_end] - self._zh_cum[zs]
        el = self._en_cum[j_end] - self._en_cum[js]
        score -= p.length_weight * np.abs(np.log((zl * self.ratio + 20.0) / (el + 20.0)))
        score += p.wide_bonus * (a + b - 2)
        return score.astype(np.float64)

    def confidence(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            # A gap is as sure as the unit is unlike everything the DP could have paired it with.
            return np.full(scores.shape, 0.8)
        return 1.0 / (1.0 + np.exp(-(scores - 0.1) / 0.06))


def align_tier2(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    level: str = "paragraph",
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    cache: embeddings.EmbeddingCache | None = None,
    params: Tier2Params | None = None,
) -> Alignment:
    """Refined alignment of two unit sequences (see the module docstring)."""
    p = params or Tier2Params.for_level(level)
    if cache is None:
        cache = embeddings.default_cache()
    if not zh or not en:
        links = align_dp(len(zh), len(en), _NoScorer(), progress=progress, cancel=cancel)
        return Alignment(tuple(links), tier=2)
    scorer = Tier2Scorer(zh, en, p, cache=cache, progress=progress, cancel=cancel)
    # First pass: 1-1 links and gaps only, in a wide band around the length diagonal (the DP widens it further
    # if the path runs along its edge); the refined pass then needs only a narrow band around it.
    first = align_dp(len(zh), len(en), scorer, max_zh=1, max_en=1, band=max(32, 3 * p.band), cancel=cancel)
    path = _path_of(first)
    refined = _FirstPass(scorer, path)
    links = align_dp(len(zh), len(en), refined, max_zh=p.max_zh, max_en=p.max_en, band=p.band,
                     progress=scorer._phase(0.8, 1.0), cancel=cancel)
    return Alignment(tuple(links), tier=2)


class _NoScorer:
    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        return np.zeros(i_end.shape)


class _FirstPass:
    """The scorer with a known first-pass path (dp asks `first_pass()` for the band's centre)."""

    def __init__(self, scorer: Tier2Scorer, path: np.ndarray) -> None:
        self._scorer = scorer
        self._path = path
        self.link_scores = scorer.link_scores
        self.confidence = scorer.confidence

    def first_pass(self) -> np.ndarray:
        return self._path


def _path_of(links) -> np.ndarray:
    points = [(0, 0)]
    i = j = 0
    for link in links:
        i += len(link.zh)
        j += len(link.en)
        points.append((i, j))
    return np.array(points, dtype=np.int64)


__all__ = ["LEVELS", "Tier2Params", "Tier2Scorer", "align_tier2", "replace"]
