"""Tier 2, refined alignment: multilingual sentence embeddings (USE v3) scored for the shared banded DP.

Public entry point (api.py calls it for tier=2):

    align_tier2(zh: Sequence[str], en: Sequence[str], *, level: str = "paragraph", progress=None, cancel=None,
                cache: EmbeddingCache | None = None, params: Tier2Params | None = None,
                zh_kinds: Sequence[str] | None = None, en_kinds: Sequence[str] | None = None) -> Alignment

`level` is "paragraph" (links up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2) or "sentence" (up to 3 x 5); `progress(done,
total)` and `cancel()` as in aligner.dp (cancel raises core.cancellation.Cancelled); `cache` defaults to the on-disk
cache under paths.cache_dir(); `zh_kinds` / `en_kinds` (ParagraphKind values, e.g. "heading") reach tier 1's structure
evidence. The result has tier=2 and is deterministic for given texts (vectors are rounded to float16 before use, so a
cold and a warm cache give the same links).

Design: every unit is embedded once (cached by fingerprint); concatenations of consecutive units come from the
units' pooling records (reader_app.core.aligner.embeddings.span_vectors), not from re-encoding. A first DP pass with 1-1
links and gaps only fixes the band and the document's length ratio (from its 1-1 links, so that untranslated
paragraphs do not skew it); the refined pass scores an a x b link as cosine minus half the two vectors' margins
(mean cosine with the `knn` nearest other-side units near the mapped place), times ((a + b) / 2) ** size_power,
minus length_weight * |log length ratio|, plus wide_bonus per extra unit, plus tier1_weight * tier 1's score,
minus weak_weight per unit of similarity below weak_floor; a unit without counterpart scores `skip` (more for a
short unit: short_skip). Paragraphs then get an edge repair (Tier2Scorer.repair_edges): a gap beside a 1-1 link
joins it when it matches the sentences at that end of the link's other side. Weights per level:
Tier2Params.for_level; figures: bench/tier2_probe.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner import embeddings
from reader_app.core.aligner.dp import align_dp, diagonal_path, path_of, unit_length
from reader_app.core.aligner.tier2.edges import EdgeRepair
from reader_app.core.aligner.tier2.params import Tier2Params
from reader_app.core.aligner.tier2.spans import _Spans
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import CancelCallback, ProgressCallback


class Tier2Scorer(EdgeRepair):
    """Link scores for reader_app.core.aligner.dp: margin-normalised cosine of real concatenations, plus length.

    Span vectors and margins come from spans.SpanVectors, the edge repair from edges.EdgeRepair."""

    def __init__(
        self,
        zh: Sequence[str],
        en: Sequence[str],
        params: Tier2Params,
        *,
        level: str = "paragraph",
        cache: embeddings.EmbeddingCache,
        zh_kinds: Sequence[str] | None = None,
        en_kinds: Sequence[str] | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> None:
        self.texts = {"zh": list(zh), "en": list(en)}
        self.n = {"zh": len(zh), "en": len(en)}
        self.params = params
        self.cache = cache
        self.cancel = cancel
        self.progress = progress
        self.zh_lengths = np.array([unit_length(t) for t in zh], dtype=np.float64)
        self.en_lengths = np.array([unit_length(t) for t in en], dtype=np.float64)
        self._cum = {
            "zh": np.concatenate([[0.0], np.cumsum(self.zh_lengths)]),
            "en": np.concatenate([[0.0], np.cumsum(self.en_lengths)]),
        }
        # English characters per Chinese character in this document (about 3 for literary prose).
        self.ratio = max(self._cum["en"][-1], 1.0) / max(self._cum["zh"][-1], 1.0)
        self._spans = {}
        for side, lo, hi in (("zh", 0.0, 0.2), ("en", 0.2, 0.4)):
            units = self._table(side, 1)
            units.vectors[:] = embeddings.embed(
                self.texts[side], cache=cache, cancel=cancel, progress=self._phase(lo, hi)
            )
            units.filled[:] = True
        self._best = {"zh": np.zeros(self.n["zh"]), "en": np.zeros(self.n["en"])}
        self.tier1 = None
        if params.tier1_weight:
            from reader_app.core.aligner.tier1 import Tier1Scorer

            self.tier1 = Tier1Scorer(zh, en, zh_kinds=zh_kinds, en_kinds=en_kinds, level=level)
        self.set_path(diagonal_path(self.zh_lengths, self.en_lengths, self.n["zh"], self.n["en"]))

    def set_first_pass(self, links: Sequence[Link]) -> None:
        """Centre margins on the first pass, and take the length ratio from its 1-1 links: the ratio over whole
        sides counts the paragraphs that have no counterpart, which are what the refined pass must find."""
        self.set_path(path_of(links))
        pairs = [(link.zh[0], link.en[0]) for link in links if len(link.zh) == 1 and len(link.en) == 1]
        if pairs:
            zh_total = float(self.zh_lengths[[i for i, _ in pairs]].sum())
            en_total = float(self.en_lengths[[j for _, j in pairs]].sum())
            if zh_total > 0 and en_total > 0:
                self.ratio = en_total / zh_total
                if self.tier1 is not None:
                    self.tier1.ratio = self.ratio

    def first_pass(self) -> np.ndarray:
        """dp's hook: the band's centre (the length diagonal until set_first_pass)."""
        return self._path.astype(np.int64)

    def set_path(self, path: np.ndarray) -> None:
        """Where each side's positions fall on the other (a monotone path); margins are taken around it."""
        path = np.asarray(path, dtype=np.float64)
        self._path = path
        for spans in self._spans.values():
            spans.margin[:] = np.nan

    # -- dp.LinkScorer ------------------------------------------------------------------------------------------
    def prepare(self, lo: np.ndarray, hi: np.ndarray, max_zh: int, max_en: int) -> None:
        if max_zh > 1 or max_en > 1:
            self.encode_spans(max_zh, max_en)
        if self.tier1 is not None:
            self.tier1.prepare(lo, hi, max_zh, max_en)
        # Each unit's best margin-normalised cosine with a unit of the other side inside the band: how sure a gap is.
        n, m = self.n["zh"], self.n["en"]
        # Chinese unit u ends in row u + 1; it can meet the English units of that row's band.
        first = np.clip(lo[1:] - 1, 0, m - 1)
        last = np.clip(hi[1:], first + 1, m)
        self._best = best_in_band(
            self._fill("zh", 1, np.arange(n)), self._fill("en", 1, np.arange(m)), first.tolist(), last.tolist()
        )

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        if self.params.max_units is not None and a + b > self.params.max_units:
            return np.full(i_end.shape, -np.inf)
        score = self._embedding_scores(a, b, i_end, j_end)
        if self.tier1 is not None:
            score = score + self.params.tier1_weight * self.tier1.link_scores(a, b, i_end, j_end)
        return score

    def _embedding_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        p = self.params
        if a == 0 or b == 0:
            if not p.short_skip:
                return np.full(i_end.shape, p.skip, dtype=np.float64)
            # A fragment of a few words is far more often a piece of a split translation than a whole untranslated
            # paragraph, and its embedding says little either way.
            size = self.zh_lengths[i_end - 1] if a else self.en_lengths[j_end - 1] / self.ratio
            return p.skip - p.short_skip * np.clip(1.0 - size / p.short_length, 0.0, 1.0)
        zs = i_end - a
        js = j_end - b
        score = self._cosines(a, b, zs, js)
        score -= 0.5 * (self._span_margins("zh", a, zs) + self._span_margins("en", b, js))
        if p.weak_weight:
            score -= p.weak_weight * np.maximum(0.0, p.weak_floor - score)
        if p.size_power and a + b > 2:
            score *= ((a + b) / 2.0) ** p.size_power
        zl = self._cum["zh"][i_end] - self._cum["zh"][zs]
        el = self._cum["en"][j_end] - self._cum["en"][js]
        score -= p.length_weight * np.abs(np.log((zl * self.ratio + 20.0) / (el + 20.0)))
        score += p.wide_bonus * (a + b - 2)
        return score

    def confidence(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray, scores: np.ndarray) -> np.ndarray:
        p = self.params
        if a == 0 or b == 0:
            # A gap is as sure as the unit is unlike every unit the band let it meet.
            best = self._best["zh"][i_end - 1] if a else self._best["en"][j_end - 1]
            return 1.0 / (1.0 + np.exp((best - p.gap_floor) / 0.03))
        # Centred below the skip score: on mac-dev tasks even links that barely beat skipping are mostly right.
        return 1.0 / (1.0 + np.exp(-(scores - p.skip * (a + b) / 2.0 + p.confidence_shift) / 0.05))


def align_tier2(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    level: str = "paragraph",
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    cache: embeddings.EmbeddingCache | None = None,
    params: Tier2Params | None = None,
    zh_kinds: Sequence[str] | None = None,
    en_kinds: Sequence[str] | None = None,
) -> Alignment:
    """Refined alignment of two unit sequences (see the module docstring)."""
    p = params or Tier2Params.for_level(level)
    if cache is None:
        cache = embeddings.default_cache()
    if not zh or not en:
        links = align_dp(len(zh), len(en), _NoScorer(), progress=progress, cancel=cancel)
        return Alignment(tuple(links), tier=2)
    scorer = Tier2Scorer(
        zh, en, p, level=level, cache=cache, progress=progress, cancel=cancel, zh_kinds=zh_kinds, en_kinds=en_kinds
    )
    # First pass: 1-1 links and gaps only, in a wide band around the length diagonal (the DP widens it further
    # if the path runs along its edge); the refined pass then needs only a narrow band around it.
    first = align_dp(
        len(zh), len(en), scorer, max_zh=1, max_en=1, band=max(32, 3 * p.band), cancel=cancel, with_confidence=False
    )
    scorer.set_first_pass(first)
    links = align_dp(
        len(zh),
        len(en),
        scorer,
        max_zh=p.max_zh,
        max_en=p.max_en,
        max_units=p.max_units,
        band=p.band,
        progress=scorer._phase(0.9, 1.0),
        cancel=cancel,
    )
    if p.merge_above < float("inf"):
        links = scorer.repair_edges(links)
    return Alignment(tuple(links), tier=2)


def best_in_band(zh: _Spans, en: _Spans, first: Sequence[int], last: Sequence[int]) -> dict[str, np.ndarray]:
    """Per unit, its best margin-normalised cosine with a unit of the other side it can meet: Chinese unit u
    meets the English units first[u] <= j < last[u]. One matrix-vector product per Chinese unit: gathering the
    two vectors of every band cell took 2 x cells x 2 KB (4.2 GB at 2k paragraphs, 20 GB at 10k)."""
    best_zh = np.full(len(first), -1.0)
    best_en = np.full(len(en.margin), -1.0)
    zv, zm, ev, em = zh.vectors, zh.margin, en.vectors, en.margin
    for u, (f, t) in enumerate(zip(first, last, strict=True)):
        sims = (ev[f:t] @ zv[u]).astype(np.float64) - 0.5 * (zm[u] + em[f:t])
        best_zh[u] = sims.max()
        np.maximum(best_en[f:t], sims, out=best_en[f:t])
    return {"zh": best_zh, "en": best_en}


class _NoScorer:
    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        return np.zeros(i_end.shape)
