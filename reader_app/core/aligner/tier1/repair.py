"""Tier 1's gap repair: a paragraph the DP left one-sided joins a neighbouring link when its counterpart is a run of
sentences at that end of the link's other side (a paragraph the translator split, or merged into a neighbour)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reader_app.core.aligner.dp import join_gap
from reader_app.core.aligner.lexicon import Lexicon
from reader_app.core.aligner.tier1.scoring import Tier1Scorer
from reader_app.core.aligner.tier1.terms import en_structure
from reader_app.core.alignment import Link

# Tuned on the tuning chapters' paragraph tasks (bench/align_accuracy.py, bench/README.md): the split must beat the
# link and the one-sided paragraph by this much (in the DP's score units). A piece of a split paragraph: median
# +0.5; a paragraph that really has no counterpart, beside a link: median -8.5, 1% above -0.9. 0.25, the middle of
# the plateau 0.1-0.3 (tuning strict F1 0.9765-0.9775; 0.5: 0.9753), with the short bonus below.
JOIN_ABOVE = 0.25
# A short unit is far more often a piece than a paragraph with no counterpart (tuning chapters: median 30 vs 206
# characters) and has few words to show it: its gain gets up to SHORT_BONUS, fading out at SHORT_LENGTH Chinese
# characters (English ones over the length ratio).
SHORT_BONUS = 3.0
SHORT_LENGTH = 80.0
# A link's other side is split at most this many sentences from its end (a piece is rarely more of it).
MAX_SENTENCES = 12
ROUNDS = 3  # a paragraph cut in four leaves at most three pieces
# The widest links the repair makes: up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2, whatever the DP's own kinds.
MAX_SIDE = 4
MAX_UNITS = 5


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A one-sided unit `unit` of `side` beside the link `link` (`first`: the unit comes before it)."""

    side: str
    unit: int
    link: Link
    first: bool


def repair_gaps(
    scorer: Tier1Scorer, zh: Sequence[str], en: Sequence[str], links: Sequence[Link], lexicon: Lexicon | None = None
) -> list[Link]:
    """`links` with each one-sided paragraph that fits the sentences at the adjacent end of a neighbouring link's
    other side joined to that link (the better neighbour when both fit), within the scorer's link widths.

    The DP weighs a paragraph only whole, where a short piece of a split translation changes its neighbour's overlap
    and length little and looks like a paragraph with no counterpart. Cut into sentences, the other side shows it:
    the piece explains the sentences at one end, the neighbour the rest, better than the neighbour explains all
    of them with the piece left alone. All candidates are scored by one scorer over their sentences (the rarity
    weights of their own texts, the document's length ratio and typical overlap). A paragraph cut in three or four
    joins piece by piece: rounds until none joins (at most ROUNDS)."""
    links = list(links)
    gains: dict[_Candidate, float] = {}  # a candidate met again in a later round keeps its gain
    for _round in range(ROUNDS):
        joined = _join_round(scorer, zh, en, links, lexicon, gains)
        if len(joined) == len(links):
            break
        links = joined
    return links


def _join_round(
    scorer: Tier1Scorer,
    zh: Sequence[str],
    en: Sequence[str],
    links: list[Link],
    lexicon: Lexicon | None,
    gains: dict[_Candidate, float],
) -> list[Link]:
    """One pass of repair_gaps: each one-sided unit beside a link that this pass left as it was (`gains`: of the
    candidates scored so far, completed with this pass's)."""
    candidates: list[_Candidate] = []
    for k, link in enumerate(links):
        if link.is_gap:
            side = "zh" if link.zh else "en"
            for n in (k - 1, k + 1):
                if 0 <= n < len(links) and not links[n].is_gap and _fits_width(links[n], side):
                    candidates.append(_Candidate(side, (link.zh or link.en)[0], links[n], n == k + 1))
    candidates = [c for c in candidates if c not in gains]
    if candidates:
        gains.update(zip(candidates, _split_gains(scorer, zh, en, candidates, lexicon), strict=True))
    out: list[Link] = []
    k = 0
    while k < len(links):
        link = links[k]
        if link.is_gap:
            side = "zh" if link.zh else "en"
            unit = (link.zh or link.en)[0]
            best: tuple[float, int] | None = None
            for n in (k - 1, k + 1):
                # The link before only if this pass left it as it was (it may have taken the gap before it).
                if n == k - 1 and (not out or out[-1] is not links[n]):
                    continue
                if 0 <= n < len(links):
                    gain = gains.get(_Candidate(side, unit, links[n], n == k + 1))
                    if gain is not None:
                        gain += SHORT_BONUS * _shortness(scorer, (zh if side == "zh" else en)[unit], side, unit)
                    if gain is not None and gain > JOIN_ABOVE and (best is None or gain > best[0]):
                        best = (gain, n)
            if best is not None:
                gain, n = best
                near = links[n]
                # Confidence as the DP's: a logistic of the margin by which joining won (calibrated as a wide link).
                confidence = float(1.0 / (1.0 + np.exp(-scorer.confidence_slope * (gain - JOIN_ABOVE))))
                k = join_gap(out, k, n, side, unit, near, round(confidence, 4))
                continue
        out.append(link)
        k += 1
    return out


def _shortness(scorer: Tier1Scorer, text: str, side: str, unit: int) -> float:
    """1 for an empty unit, fading to 0 at SHORT_LENGTH; 0 for a unit of two sentences or more (a piece has one: a
    short paragraph of its own sentences is a paragraph, and a split that fits it by length alone proves little)."""
    from reader_app.core.model import Language
    from reader_app.core.text.segment import sentences

    size = scorer.zh_lengths[unit] if side == "zh" else scorer.en_lengths[unit] / scorer.ratio
    if size >= SHORT_LENGTH or len(sentences(text, Language(side))) > 1:
        return 0.0
    return float(1.0 - size / SHORT_LENGTH)


def _fits_width(link: Link, side: str) -> bool:
    a, b = len(link.zh) + (side == "zh"), len(link.en) + (side == "en")
    return max(a, b) <= MAX_SIDE and a + b <= MAX_UNITS


def _split_gains(
    scorer: Tier1Scorer, zh: Sequence[str], en: Sequence[str], candidates: Sequence[_Candidate], lexicon: Lexicon | None
) -> list[float]:
    """Per candidate: the best score of (unit + the sentences at its end of the link's other side) and (the link's
    own side + the rest of them), less the score of the link's own side with all of them and the unit's skip."""
    from reader_app.core.model import Language
    from reader_app.core.text.segment import sentences

    texts = {"zh": zh, "en": en}
    joiner = {"zh": "", "en": " "}
    # One small bitext for all candidates: each a block of rows and a block of columns, the other side of its link
    # cut into sentences on one axis, [unit, link's own side] (in text order) on the other.
    rows: list[str] = []
    cols: list[str] = []
    blocks: list[tuple[int, int, int]] = []  # (first row, first column, sentences)
    scored: list[_Candidate] = []  # those with a block: the other side has two sentences or more
    for c in candidates:
        other = "en" if c.side == "zh" else "zh"
        other_text = joiner[other].join(texts[other][u] for u in (c.link.en if other == "en" else c.link.zh))
        cut = _whole_sentences([s.text for s in sentences(other_text, Language(other))])
        if len(cut) < 2:  # nothing to split: the DP has weighed it all
            continue
        scored.append(c)
        if len(cut) > MAX_SENTENCES:  # the far sentences as one: a piece is at the near end
            keep = MAX_SENTENCES - 1
            far = joiner[other].join(cut[keep:] if c.first else cut[: len(cut) - keep])
            cut = [*cut[:keep], far] if c.first else [far, *cut[len(cut) - keep :]]
        own = joiner[c.side].join(texts[c.side][u] for u in (c.link.zh if c.side == "zh" else c.link.en))
        pair = [texts[c.side][c.unit], own] if c.first else [own, texts[c.side][c.unit]]
        # (The whole is scored as its sentences too, a term that several of them repeat counting once per sentence:
        # scored as one text, joins fell from 0.9753 to 0.9702 strict F1 on the tuning chapters.)
        zh_part, en_part = (pair, cut) if c.side == "zh" else (cut, pair)
        blocks.append((len(rows), len(cols), len(cut)))
        rows.extend(zh_part)
        cols.extend(en_part)
    if not scored:
        return [-np.inf] * len(candidates)
    parts = Tier1Scorer(rows, cols, lexicon=lexicon, level="paragraph")
    # Links are scored on their evidence alone: no kind penalties (the kinds here are pieces of one link), no member
    # check, no hubness (a block's neighbours are other candidates' texts); the document's length ratio.
    for name in ("pen12", "pen13", "pen22", "wide_penalty", "dilution_weight", "hub_weight"):
        setattr(parts, name, 0.0)
    parts.max_units = None
    parts.ratio = scorer.ratio
    # Evidence for the pairs inside each block only (row i's columns lo[i + 1] <= j < hi[i + 1]).
    lo = np.zeros(len(rows) + 1, dtype=np.int64)
    hi = np.ones(len(rows) + 1, dtype=np.int64)
    for c, (r0, c0, m) in zip(scored, blocks, strict=True):
        height, width = (2, m) if c.side == "zh" else (m, 2)
        lo[r0 + 1 : r0 + height + 1] = c0
        hi[r0 + 1 : r0 + height + 1] = c0 + width
    parts.prepare(lo, hi, 1, 0)
    parts.reference_overlap = getattr(scorer, "reference_overlap", parts.reference_overlap)
    # Every link asked for, grouped by kind: (a, b) -> [(candidate, split (-1: the whole), i_end, j_end)].
    asked: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    for q, (c, (r0, c0, m)) in enumerate(zip(scored, blocks, strict=True)):
        unit_at, own_at = (0, 1) if c.first else (1, 0)  # their places in the candidate's pair
        pieces = [(-1, own_at, 0, m)]  # the link's own side with every sentence
        for split in range(1, m):
            first, second = (unit_at, own_at) if c.first else (own_at, unit_at)
            pieces += [(split, first, 0, split), (split, second, split, m)]
        for split, place, x, y in pieces:
            if c.side == "zh":
                kind, end = (1, y - x), (r0 + place + 1, c0 + y)
            else:
                kind, end = (y - x, 1), (r0 + y, c0 + place + 1)
            asked.setdefault(kind, []).append((q, split, *end))
    whole = np.zeros(len(scored))
    best = np.full(len(scored), -np.inf)
    by_split: dict[tuple[int, int], float] = {}
    for (a, b), items in asked.items():
        arr = np.array(items, dtype=np.int64)
        scores = parts.link_scores(a, b, arr[:, 2], arr[:, 3])
        for (q, split, _i, _j), s in zip(items, scores.tolist(), strict=True):
            if split < 0:
                whole[q] = s
            else:
                by_split[(q, split)] = by_split.get((q, split), 0.0) + s
    for (q, _split), s in by_split.items():
        best[q] = max(best[q], s)
    gain = dict(zip(scored, (best - whole - scorer.skip_score).tolist(), strict=True))
    return [gain.get(c, -np.inf) for c in candidates]


def _whole_sentences(cut: list[str]) -> list[str]:
    """`cut` with a numbering the sentence splitter took for a sentence ("III." of "III. Final provisions") joined
    to the sentence it numbers: alone it is no piece of a translation, and a short paragraph with no counterpart
    (the heading of a section the other side lacks) fitted such a piece by length alone."""
    out: list[str] = []
    for text in cut:
        if out and len(out[-1].split()) == 1 and en_structure(out[-1] + " ") is not None:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out
