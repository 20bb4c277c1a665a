"""Tier 2's vectors of spans (one unit or a concatenation of consecutive units) and their margins."""

from __future__ import annotations

import numpy as np

from reader_app.core.aligner import embeddings
from reader_app.core.aligner.tier2.params import Tier2Params
from reader_app.core.cancellation import CancelCallback, Cancelled, ProgressCallback


def joiner(side: str) -> str:
    return "" if side == "zh" else " "


class _Spans:
    """Vectors of the spans of one width on one side (width 1: the units), filled on demand, with their margins."""

    def __init__(self, count: int) -> None:
        self.vectors = np.zeros((max(count, 0), embeddings.DIM), dtype=np.float32)
        self.filled = np.zeros(max(count, 0), dtype=bool)
        self.margin = np.full(max(count, 0), np.nan)


class SpanVectors:
    """Span vectors filled on demand, with margins around the first pass's path: the base of Tier2Scorer, whose
    __init__ provides the attributes declared here."""

    texts: dict[str, list[str]]
    n: dict[str, int]
    params: Tier2Params
    cache: embeddings.EmbeddingCache
    cancel: CancelCallback | None
    progress: ProgressCallback | None
    _spans: dict[tuple[str, int], _Spans]
    _path: np.ndarray

    def _phase(self, lo: float, hi: float):
        if self.progress is None:
            return None
        report = self.progress

        def progress(done: int, total: int) -> None:
            report(int(1000 * (lo + (hi - lo) * (done / total if total else 1.0))), 1000)

        return progress

    def _table(self, side: str, width: int) -> _Spans:
        spans = self._spans.get((side, width))
        if spans is None:
            spans = self._spans[(side, width)] = _Spans(self.n[side] - width + 1)
        return spans

    def _fill(self, side: str, width: int, starts: np.ndarray) -> _Spans:
        """The table of spans of `width`, with the vectors and margins of the spans [s, s + width) for s in
        `starts` present (the missing ones encoded, the unknown margins computed)."""
        spans = self._table(side, width)
        need = np.unique(starts)
        missing = need[~spans.filled[need]]
        if len(missing):
            spans.vectors[missing] = self._encode_spans(side, width, missing)
            spans.filled[missing] = True
        unknown = need[np.isnan(spans.margin[need])]
        if len(unknown):
            spans.margin[unknown] = self._margins(side, width, unknown, spans.vectors[unknown])
        return spans

    def _span_vectors(self, side: str, width: int, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectors and margins of the spans [s, s + width) for s in `starts` (a copy: for a few spans only)."""
        spans = self._fill(side, width, starts)
        return spans.vectors[starts], spans.margin[starts]

    def _span_margins(self, side: str, width: int, starts: np.ndarray) -> np.ndarray:
        return self._fill(side, width, starts).margin[starts]

    def _cosines(self, a: int, b: int, zs: np.ndarray, js: np.ndarray) -> np.ndarray:
        """Cosines of span pairs. The DP asks for whole band rows (one Chinese span, consecutive English spans):
        one small matrix product per row instead of gathering two vectors per cell."""
        out = np.empty(len(zs), dtype=np.float64)
        if not len(zs):
            return out
        zv = self._fill("zh", a, zs).vectors
        ev = self._fill("en", b, js).vectors
        breaks = np.flatnonzero((np.diff(zs) != 0) | (np.diff(js) != 1)) + 1
        starts = np.concatenate([[0], breaks]).tolist()
        ends = np.concatenate([breaks, [len(zs)]]).tolist()
        zs_l = zs.tolist()
        js_l = js.tolist()
        for lo, hi in zip(starts, ends, strict=True):
            out[lo:hi] = ev[js_l[lo] : js_l[lo] + hi - lo] @ zv[zs_l[lo]]
        return out

    def _margins(self, side: str, width: int, starts: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """Each vector's mean cosine with its `knn` nearest units of the other side near its mapped place: a
        vector close to everything (a hub, a short generic line) gains nothing from being close to its pair."""
        p = self.params
        other = "en" if side == "zh" else "zh"
        n_other = self.n[other]
        k = min(p.knn, n_other)
        if k == 0:
            return np.zeros(len(starts))
        src, dst = (0, 1) if side == "zh" else (1, 0)
        centre = starts + width / 2.0
        mapped = np.interp(centre, self._path[:, src], self._path[:, dst])
        w = min(max(p.window, k), n_other)
        first = np.clip(np.round(mapped - w / 2.0).astype(np.int64), 0, n_other - w)
        others = self._table(other, 1).vectors
        out = np.empty(len(starts), dtype=np.float64)
        # The neighbours' vectors are gathered per block of spans, (block, w, DIM) float32 within block_bytes:
        # gathered for all spans at once they took n x w x 2 KB (2.6 GB for 13k sentences, window 100). Each
        # margin is computed the same way whatever the block, so the results do not depend on its size.
        step = max(1, self.params.block_bytes // (w * embeddings.DIM * 4))
        offsets = np.arange(w)[None, :]
        for b0 in range(0, len(starts), step):
            cols = first[b0 : b0 + step, None] + offsets
            cos = np.einsum("id,iwd->iw", vectors[b0 : b0 + step], others[cols])
            out[b0 : b0 + step] = np.partition(cos, w - k, axis=1)[:, w - k :].mean(axis=1)
        return out

    def _encode_spans(self, side: str, width: int, starts: np.ndarray, progress=None) -> np.ndarray:
        texts = self.texts[side]
        if self.params.reencode_spans:
            joined = [joiner(side).join(texts[s : s + width]) for s in starts.tolist()]
            return embeddings.embed(joined, cache=self.cache, cancel=self.cancel, progress=progress)
        return embeddings.span_vectors(texts, width, starts.tolist(), joiner=joiner(side), cache=self.cache)

    def encode_spans(self, max_zh: int, max_en: int) -> None:
        """Every concatenation of up to max_zh / max_en consecutive units, before the DP asks (with progress)."""
        todo = [(side, width) for side, top in (("zh", max_zh), ("en", max_en)) for width in range(2, top + 1)]
        for k, (side, width) in enumerate(todo):
            if self.cancel is not None and self.cancel():
                raise Cancelled
            spans = self._table(side, width)
            missing = np.flatnonzero(~spans.filled)
            if len(missing):
                lo = 0.4 + 0.5 * k / len(todo)
                spans.vectors[missing] = self._encode_spans(side, width, missing, self._phase(lo, lo + 0.5 / len(todo)))
                spans.filled[missing] = True
            if self.progress is not None:
                self.progress(int(1000 * (0.4 + 0.5 * (k + 1) / len(todo))), 1000)
