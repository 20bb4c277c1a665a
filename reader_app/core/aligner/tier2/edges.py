"""Tier 2's edge repair: a gap beside a link joins it when it is a piece of that link's split translation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner import embeddings
from reader_app.core.aligner.dp import join_gap
from reader_app.core.aligner.tier2.spans import SpanVectors, joiner
from reader_app.core.alignment import Link

# A part-fit query: (side of the one-sided unit, that unit, the link's units of the other side, unit comes first).
_Query = tuple[str, int, tuple[int, ...], bool]


class EdgeRepair(SpanVectors):
    """Part fits and the repair of the DP's links (Tier2Scorer.repair_edges); Tier2Scorer's __init__ provides the
    lengths and ratio declared here."""

    zh_lengths: np.ndarray
    en_lengths: np.ndarray
    ratio: float

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
            text = joiner(oside).join(self.texts[oside][o] for o in other)
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
                spans = embeddings.span_vectors(pools[oside], width, ordered, joiner=joiner(oside), cache=self.cache)
                vectors.update({(oside, width, start): spans[n] for n, start in enumerate(ordered)})
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
        """A gap beside a link joins it when it matches the sentences at that end of the link's other side
        (part_fits, plus merge_short for a short unit, above merge_above): the DP sees a short piece of a split
        translation only through the small change it makes to a whole paragraph's vector, and leaves it alone
        too often. Links up to the DP's widths; rounds until none joins (a paragraph cut in four: three pieces)."""
        links = list(links)
        known: dict[_Query, float] = {}  # fits met in an earlier round
        for _round in range(3):
            joined = self._repair_round(links, known)
            if len(joined) == len(links):
                break
            links = joined
        return links

    def _fits(self, link: Link, side: str) -> bool:
        """Whether `link` with one more unit of `side` stays within the DP's link widths."""
        p = self.params
        if link.is_gap or (p.merge_one_to_one and (len(link.zh), len(link.en)) != (1, 1)):
            return False
        a, b = len(link.zh) + (side == "zh"), len(link.en) + (side == "en")
        return a <= p.max_zh and b <= p.max_en and (p.max_units is None or a + b <= p.max_units)

    def _repair_round(self, links: list[Link], known: dict[_Query, float]) -> list[Link]:
        p = self.params
        # Fits of every gap with each neighbour, computed together (one cache query per part width).
        queries: list[tuple[str, int, tuple[int, ...], bool]] = []
        query_of: dict[tuple[int, int], int] = {}
        for k, link in enumerate(links):
            if link.is_gap and len(link.zh) + len(link.en) == 1:
                side = "zh" if link.zh else "en"
                for n in (k - 1, k + 1):
                    if 0 <= n < len(links) and self._fits(links[n], side):
                        query_of[(k, n)] = len(queries)
                        other = links[n].en if side == "zh" else links[n].zh
                        queries.append((side, (link.zh or link.en)[0], other, n == k + 1))
        new = [q for q in dict.fromkeys(queries) if q not in known]
        known.update(zip(new, self.part_fits(new) if new else [], strict=True))
        fits = [known[q] for q in queries]
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
                    k = join_gap(out, k, n, side, unit, near, confidence)
                    continue
            out.append(link)
            k += 1
        return out
