"""Tier 2, refined alignment: multilingual sentence embeddings (USE v3) scored for the shared banded DP.

Public entry point (aligner.py calls it for tier=2):

    align_tier2(zh: Sequence[str], en: Sequence[str], *, level: str = "paragraph", progress=None, cancel=None,
                cache: EmbeddingCache | None = None, params: Tier2Params | None = None,
                zh_kinds: Sequence[str] | None = None, en_kinds: Sequence[str] | None = None) -> Alignment

`level` is "paragraph" (links up to 2 x 2) or "sentence" (up to 3 x 5); `progress(done, total)` and `cancel()`
as in aligner.dp (cancel raises core.cancellation.Cancelled); `cache` defaults to the on-disk cache under
paths.cache_dir(); `zh_kinds` / `en_kinds` (ParagraphKind values, e.g. "heading") reach tier 1's structure
evidence. The result has tier=2 and is deterministic for given texts (vectors are rounded to float16
before use, so a cold and a warm cache give the same links).

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
from dataclasses import dataclass

import numpy as np

from reader_app.core.aligner import embeddings
from reader_app.core.aligner.dp import align_dp, diagonal_path, path_of
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import CancelCallback, Cancelled, ProgressCallback

LEVELS = ("paragraph", "sentence")


@dataclass(frozen=True, slots=True)
class Tier2Params:
    """Weights of the tier-2 score; the defaults per level come from bench/tier2_probe.py on mac-dev."""

    max_zh: int
    max_en: int
    skip: float  # score of leaving one unit without counterpart
    length_weight: float  # additive penalty per unit of |log length ratio|
    wide_bonus: float  # added per extra unit of a link wider than 1-1
    knn: int  # a vector's margin is its mean cosine with its `knn` nearest units of the other side ...
    window: int  # ... among those within `window` units of its place (as mapped by the first pass)
    band: int  # DP band half-width around the first pass
    tier1_weight: float = 0.0  # weight of tier 1's link score (lexicon, identical tokens, length, structure)
    short_skip: float = 0.0  # extra cost of leaving a short unit alone, fading out at short_length Chinese characters
    short_length: float = 60.0
    confidence_shift: float = 0.15  # a link's confidence is 1/2 this far below the skip score (calibrated on mac-dev)
    gap_floor: float = 0.15  # a gap's confidence is 1/2 when its unit's best match in the band scores this
    reencode_spans: bool = False  # encode concatenations from their text instead of their units' pooling records
    size_power: float = 0.0  # similarity of an a x b link weighs ((a + b) / 2) ** size_power
    weak_floor: float = 0.0  # a link whose similarity is below this ...
    weak_weight: float = 0.0  # ... loses this much per unit below it (unrelated neighbours are two gaps, not a link)
    # Edge repair: a gap beside a 1-1 link is compared with the sentences at the adjacent end of the link's other
    # side (best prefix or suffix, minus part_whole x its cosine with the whole); a piece of a split translation
    # matches such a part, an unrelated neighbour does not. Above merge_above the gap joins the link.
    merge_above: float = float("inf")
    merge_short: float = 0.0  # added to a unit's fit as it is short (as short_skip: pieces are often short)
    part_whole: float = 0.6

    @classmethod
    def for_level(cls, level: str) -> Tier2Params:
        if level == "sentence":
            # Sentences: margins against the mean over 100 neighbours (a short sentence has few near-duplicates
            # for the k-nearest form to exploit), and wide links weighted up (a zh sentence is often two en ones).
            return cls(
                max_zh=3,
                max_en=5,
                skip=-0.3,
                length_weight=0.05,
                wide_bonus=0.0,
                knn=100,
                window=100,
                band=10,
                tier1_weight=0.02,
                size_power=0.4,
            )
        if level == "paragraph":
            return cls(
                max_zh=2,
                max_en=2,
                skip=-0.005,
                length_weight=0.1,
                wide_bonus=-0.04,
                knn=12,
                window=24,
                band=8,
                tier1_weight=0.02,
                short_skip=0.08,
                short_length=80.0,
                weak_floor=0.05,
                weak_weight=0.5,
                merge_above=0.4,
                merge_short=0.25,
            )
        raise ValueError(f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")


def _joiner(side: str) -> str:
    return "" if side == "zh" else " "


def _text_length(text: str) -> int:
    return len("".join(text.split()))


class _Spans:
    """Vectors of the spans of one width on one side (width 1: the units), filled on demand, with their margins."""

    def __init__(self, count: int) -> None:
        self.vectors = np.zeros((max(count, 0), embeddings.DIM), dtype=np.float32)
        self.filled = np.zeros(max(count, 0), dtype=bool)
        self.margin = np.full(max(count, 0), np.nan)


class Tier2Scorer:
    """Link scores for reader_app.core.aligner.dp: margin-normalised cosine of real concatenations, plus length."""

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
        self.zh_lengths = np.array([_text_length(t) for t in zh], dtype=np.float64)
        self.en_lengths = np.array([_text_length(t) for t in en], dtype=np.float64)
        self._cum = {
            "zh": np.concatenate([[0.0], np.cumsum(self.zh_lengths)]),
            "en": np.concatenate([[0.0], np.cumsum(self.en_lengths)]),
        }
        # English characters per Chinese character in this document (about 3 for literary prose).
        self.ratio = max(self._cum["en"][-1], 1.0) / max(self._cum["zh"][-1], 1.0)
        self._spans: dict[tuple[str, int], _Spans] = {}
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

    def _phase(self, lo: float, hi: float):
        if self.progress is None:
            return None
        report = self.progress

        def progress(done: int, total: int) -> None:
            report(int(1000 * (lo + (hi - lo) * (done / total if total else 1.0))), 1000)

        return progress

    # -- vectors ------------------------------------------------------------------------------------------------
    def _table(self, side: str, width: int) -> _Spans:
        spans = self._spans.get((side, width))
        if spans is None:
            spans = self._spans[(side, width)] = _Spans(self.n[side] - width + 1)
        return spans

    def _span_vectors(self, side: str, width: int, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectors and margins of the spans [s, s + width) for s in `starts`, encoding the missing ones."""
        spans = self._table(side, width)
        need = np.unique(starts)
        missing = need[~spans.filled[need]]
        if len(missing):
            spans.vectors[missing] = self._encode_spans(side, width, missing)
            spans.filled[missing] = True
        unknown = need[np.isnan(spans.margin[need])]
        if len(unknown):
            spans.margin[unknown] = self._margins(side, width, unknown, spans.vectors[unknown])
        return spans.vectors[starts], spans.margin[starts]

    def _span_margins(self, side: str, width: int, starts: np.ndarray) -> np.ndarray:
        spans = self._table(side, width)
        need = np.unique(starts)
        if np.isnan(spans.margin[need]).any():
            self._span_vectors(side, width, need)
        return spans.margin[starts]

    def _cosines(self, a: int, b: int, zs: np.ndarray, js: np.ndarray) -> np.ndarray:
        """Cosines of span pairs. The DP asks for whole band rows (one Chinese span, consecutive English spans):
        one small matrix product per row instead of gathering two vectors per cell."""
        out = np.empty(len(zs), dtype=np.float64)
        if not len(zs):
            return out
        self._span_vectors("zh", a, np.unique(zs))
        self._span_vectors("en", b, np.unique(js))
        zv = self._table("zh", a).vectors
        ev = self._table("en", b).vectors
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
        cols = first[:, None] + np.arange(w)[None, :]
        others = self._table(other, 1).vectors
        cos = np.einsum("id,iwd->iw", vectors, others[cols])
        top = np.partition(cos, w - k, axis=1)[:, w - k :]
        return top.mean(axis=1)

    # -- dp.LinkScorer ------------------------------------------------------------------------------------------
    def _encode_spans(self, side: str, width: int, starts: np.ndarray, progress=None) -> np.ndarray:
        texts = self.texts[side]
        if self.params.reencode_spans:
            joined = [_joiner(side).join(texts[s : s + width]) for s in starts.tolist()]
            return embeddings.embed(joined, cache=self.cache, cancel=self.cancel, progress=progress)
        return embeddings.span_vectors(texts, width, starts.tolist(), joiner=_joiner(side), cache=self.cache)

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
        widths = last - first
        zi = np.repeat(np.arange(n), widths)
        ej = np.arange(int(widths.sum())) - np.repeat(np.cumsum(widths) - widths, widths) + np.repeat(first, widths)
        zv, zm = self._span_vectors("zh", 1, zi)
        ev, em = self._span_vectors("en", 1, ej)
        sims = np.einsum("ij,ij->i", zv, ev) - 0.5 * (zm + em)
        self._best = {"zh": np.full(n, -1.0), "en": np.full(m, -1.0)}
        np.maximum.at(self._best["zh"], zi, sims)
        np.maximum.at(self._best["en"], ej, sims)

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
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

    def part_fits(self, queries: Sequence[tuple[str, int, Sequence[int], bool]]) -> list[float]:
        """For each (side, unit, other, unit_first): how well `unit` matches the sentences at one end of the other
        side's units `other` (the start when `unit` comes first), beyond its match with the whole; nan when the
        other side has a single sentence. Part vectors come from the sentences' pooling records, one cache query
        per part width for all queries together."""
        from reader_app.core.model import Language
        from reader_app.core.text.segment import sentences

        # Every query's sentences in one list per side, and its parts as (width, start) inside that list.
        pools: dict[str, list[str]] = {"zh": [], "en": []}
        parts_of: list[list[tuple[int, int]]] = []
        for side, _unit, other, unit_first in queries:
            oside = "en" if side == "zh" else "zh"
            text = _joiner(oside).join(self.texts[oside][o] for o in other)
            found = [sentence.text for sentence in sentences(text, Language(oside))]
            base = len(pools[oside])
            pools[oside].extend(found)
            count = len(found)
            cuts = range(1, count) if count > 1 else range(0)
            parts_of.append([(c, base) if unit_first else (count - c, base + c) for c in cuts])
        vectors: dict[tuple[str, int, int], np.ndarray] = {}
        for oside in ("zh", "en"):
            by_width: dict[int, set[int]] = {}
            for (side, *_rest), parts in zip(queries, parts_of, strict=True):
                if side != oside:
                    for width, start in parts:
                        by_width.setdefault(width, set()).add(start)
            for width, starts in by_width.items():
                ordered = sorted(starts)
                found = embeddings.span_vectors(pools[oside], width, ordered, joiner=_joiner(oside), cache=self.cache)
                vectors.update({(oside, width, start): found[n] for n, start in enumerate(ordered)})
        fits = []
        for (side, unit, other, _first), parts in zip(queries, parts_of, strict=True):
            if not parts:
                fits.append(float("nan"))
                continue
            oside = "en" if side == "zh" else "zh"
            unit_vector = self._table(side, 1).vectors[unit]
            whole, _ = self._span_vectors(oside, len(other), np.array([other[0]]))
            best = max(float(vectors[(oside, width, start)] @ unit_vector) for width, start in parts)
            fits.append(best - self.params.part_whole * float(whole[0] @ unit_vector))
        return fits

    def _shortness(self, side: str, unit: int) -> float:
        size = self.zh_lengths[unit] if side == "zh" else self.en_lengths[unit] / self.ratio
        return float(np.clip(1.0 - size / self.params.short_length, 0.0, 1.0))

    def repair_edges(self, links: Sequence[Link]) -> list[Link]:
        """A gap beside a 1-1 link joins it when it matches the sentences at that end of the link's other side
        (part_fits, plus merge_short for a short unit, above merge_above): the DP sees a short piece of a split
        translation only through the small change it makes to a whole paragraph's vector, and leaves it alone
        too often."""
        p = self.params
        links = list(links)
        # Fits of every gap with each 1-1 neighbour, computed together (one cache query per part width).
        queries: list[tuple[str, int, tuple[int, ...], bool]] = []
        query_of: dict[tuple[int, int], int] = {}
        for k, link in enumerate(links):
            if link.is_gap and len(link.zh) + len(link.en) == 1:
                side = "zh" if link.zh else "en"
                for n in (k - 1, k + 1):
                    if 0 <= n < len(links) and len(links[n].zh) == 1 and len(links[n].en) == 1:
                        query_of[(k, n)] = len(queries)
                        other = links[n].en if side == "zh" else links[n].zh
                        queries.append((side, (link.zh or link.en)[0], other, n == k + 1))
        fits = self.part_fits(queries) if queries else []
        out: list[Link] = []
        k = 0
        while k < len(links):
            link = links[k]
            if link.is_gap and len(link.zh) + len(link.en) == 1:
                side = "zh" if link.zh else "en"
                unit = (link.zh or link.en)[0]
                best: tuple[float, int] | None = None
                # The link before (if this pass left it as it was) or the one after; the gap comes first in the
                # latter, so it matches the start of the other side.
                for n in (k - 1, k + 1):
                    if (k, n) not in query_of or (n == k - 1 and (not out or out[-1] is not links[n])):
                        continue
                    fit = fits[query_of[(k, n)]] + p.merge_short * self._shortness(side, unit)
                    if fit > p.merge_above and (best is None or fit > best[0]):
                        best = (fit, n)
                if best is not None:
                    fit, n = best
                    near = links[n]
                    confidence = float(1.0 / (1.0 + np.exp(-(fit - p.merge_above) / 0.05)))
                    if side == "zh":
                        merged = Link(tuple(sorted((unit, near.zh[0]))), near.en, confidence)
                    else:
                        merged = Link(near.zh, tuple(sorted((unit, near.en[0]))), confidence)
                    if n == k - 1:
                        out[-1] = merged
                        k += 1
                    else:
                        out.append(merged)
                        k += 2
                    continue
            out.append(link)
            k += 1
        return out

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
    first = align_dp(len(zh), len(en), scorer, max_zh=1, max_en=1, band=max(32, 3 * p.band), cancel=cancel)
    scorer.set_first_pass(first)
    links = align_dp(
        len(zh),
        len(en),
        scorer,
        max_zh=p.max_zh,
        max_en=p.max_en,
        band=p.band,
        progress=scorer._phase(0.9, 1.0),
        cancel=cancel,
    )
    if p.merge_above < float("inf"):
        links = scorer.repair_edges(links)
    return Alignment(tuple(links), tier=2)


class _NoScorer:
    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        return np.zeros(i_end.shape)


__all__ = ["LEVELS", "Tier2Params", "Tier2Scorer", "align_tier2"]
