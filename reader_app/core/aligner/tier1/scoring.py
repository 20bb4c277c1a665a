"""Tier 1's link scores for the banded DP: length ratio (from anchored pairs when there are enough), first pass."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.lexicon import Lexicon, load_lexicon
from reader_app.core.aligner.tier1.evidence import CellEvidence, LexicalEvidence


class Tier1Scorer(LexicalEvidence):
    """LinkScorer over two unit sequences (see reader_app.core.aligner.dp): length + lexical + identical + structure."""

    # Tuned on mac-dev paragraph tasks (bench/align_accuracy.py); bench/README.md says what each did.
    lexical_weight = 4.5  # cost per unit of a link with no lexical overlap (a perfect one costs 0)
    length_sigma = 0.35  # spread of log(English length / expected length) for a correct link
    skip_score = -3.2  # a unit without counterpart
    mark_boost = 2.0  # identical tokens, numbering and names weigh twice a dictionary word of the same rarity
    pen12 = 2.5  # extra cost of a 1-2 / 2-1 link (2.0 before the gap repair took over the split pieces)
    pen22 = 6.0  # of a 2-2 link (rare between paragraphs)
    pen13 = 5.0  # of a 1-3 / 3-1 link (a paragraph translated as three)
    wide_penalty = 1.0  # per unit beyond 2 + 2 (1-4, 2-3; sentence links up to 3 x 5)
    max_units: int | None = 5  # links of at most this many units: up to 1 x 4 and 2 x 3 (None: every kind asked)
    heading_bonus = 1.0  # cost of pairing a heading with a non-heading
    untranslated_weight = 0.0  # Chinese words with no translation in the English, in the link overlap (hurt)
    hub_weight = 1.0  # how much of a unit's mean overlap with its neighbours is discounted
    smoothing = 0.1  # added to the masses in the dice overlap
    saturation = 0.8  # overlap = tanh(saturation * dice / typical dice of a correct pair)
    member_floor = 0.05  # a wide link's member with an overlap below this share is taken for a gap ...
    dilution_weight = 3.0  # ... at this cost
    anchor_ratio_share = 0.5  # the length ratio comes from anchored pairs when they are this share of the units
    confidence_slope = 2.0  # confidence = logistic(slope * (DP margin - shift)), calibrated on the tasks
    confidence_shift = 0.5
    anchor_rounds = 3  # rounds of first_pass's anchor search (the first over the whole text)
    # Sentences: gaps are rarer and links wider (up to 3 x 5) than between paragraphs; tuned on mac-dev's gold.
    sentence_overrides: dict[str, float | None] = {
        "skip_score": -5.0, "pen12": 1.5, "pen22": 4.0, "pen13": 4.0, "wide_penalty": 4.0, "dilution_weight": 0.0,
        "max_units": None}

    def __init__(
        self,
        zh: Sequence[str],
        en: Sequence[str],
        *,
        zh_kinds: Sequence[str] | None = None,
        en_kinds: Sequence[str] | None = None,
        lexicon: Lexicon | None = None,
        level: str = "paragraph",
    ) -> None:
        self.level = level
        if level == "sentence":
            for name, value in self.sentence_overrides.items():
                setattr(self, name, value)
        self.band = 24 if level == "paragraph" else 12
        self.n_zh = len(zh)
        self.n_en = len(en)
        lexicon = lexicon or load_lexicon()
        # Texts without whitespace: their length is dp.unit_length, and they are the identical-text key below.
        zh_compact = ["".join(t.split()) for t in zh]
        self.zh_lengths = np.array([len(t) for t in zh_compact], dtype=np.float64)
        self.en_lengths = np.array([len(t) for t in en], dtype=np.float64)
        total_zh = float(self.zh_lengths.sum())
        total_en = float(self.en_lengths.sum())
        self.ratio = total_en / total_zh if total_zh and total_en else 3.0
        self._zh_cum = np.concatenate([[0.0], np.cumsum(self.zh_lengths)])
        self._en_cum = np.concatenate([[0.0], np.cumsum(self.en_lengths)])
        self._build_terms(zh, en, lexicon)
        # The same text on both sides (a name, a number, an untranslated line) is the strongest evidence.
        texts: dict[str, int] = {}
        self._zh_text_id = np.array([texts.setdefault(t, len(texts)) for t in zh_compact], dtype=np.int64)
        self._en_text_id = np.array([texts.setdefault("".join(t.split()), len(texts)) for t in en], dtype=np.int64)
        self._zh_heading = np.array([k == "heading" for k in zh_kinds] if zh_kinds else [False] * self.n_zh)
        self._en_heading = np.array([k == "heading" for k in en_kinds] if en_kinds else [False] * self.n_en)
        self._any_heading = bool(self._zh_heading.any() or self._en_heading.any())

    # --- LinkScorer -----------------------------------------------------------------------------------------
    def _overlap(self, match: np.ndarray, zm: np.ndarray, em: np.ndarray) -> np.ndarray:
        """Dice overlap relative to this document's typical correct pair, saturating (about 1 for a good pair)."""
        # In place, in the order that k * 2.0 * match / (zm + em + smoothing) / reference_overlap evaluates: the same
        # bits without four temporaries of a chunk's cells (this runs a dozen times per chunk).
        out = match * (self.saturation * 2.0)
        mass = zm + em
        mass += self.smoothing
        out /= mass
        out /= self.reference_overlap
        return np.tanh(out, out=out)

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            return np.full(i_end.shape, self.skip_score, dtype=np.float64)
        if self.max_units is not None and a + b > self.max_units:
            return np.full(i_end.shape, -np.inf, dtype=np.float64)
        self._ensure_evidence()
        return self._scores(a, b, CellEvidence(self, i_end, j_end))

    def chunk_scores(self, kinds: Sequence[tuple[int, int]], i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        """link_scores of each kind at every cell (i_end, j_end), one row per kind, -inf where a kind cannot end
        (i_end < a or j_end < b): the same numbers, with the look-ups that kinds share (a unit's evidence row, its
        mass, cumulative lengths) made once for all of them."""
        out = np.full((len(kinds), len(i_end)), -np.inf, dtype=np.float64)
        if not len(i_end):
            return out
        self._ensure_evidence()
        # Cells where a kind cannot end read units before the first: clipped to it, computed and then dropped.
        cells = CellEvidence(self, i_end, j_end, clip=True)
        for r, (a, b) in enumerate(kinds):
            ok = (i_end >= a) & (j_end >= b)
            every = bool(ok.all())
            if (not every and not ok.any()) or (self.max_units is not None and a + b > self.max_units):
                continue
            if a == 0 or b == 0:
                out[r, ok] = self.skip_score
                continue
            scores = self._scores(a, b, cells)
            if every:
                out[r] = scores
            else:
                out[r, ok] = scores[ok]
        return out

    def _ensure_evidence(self) -> None:
        if not hasattr(self, "_prefix"):  # used outside align_dp: evidence for every pair
            n = np.arange(self.n_zh + 1)
            self.prepare(np.zeros_like(n), np.full_like(n, self.n_en + 1), 5, 5)

    def _scores(self, a: int, b: int, c: CellEvidence) -> np.ndarray:
        """Scores of links (a, b) ending at c's cells; unit i_end - r is c's row r, English unit j_end - s its
        column s (link_scores' formulas, element for element)."""
        zl = c.zh_cum(0) - c.zh_cum(a)
        el = c.en_cum(0) - c.en_cum(b)
        d = np.log((el + 20.0) / (self.ratio * zl + 20.0))
        length = -(d * d) / (2 * self.length_sigma**2)
        zh_rows = [c.row_sum(a - k, b, 0) for k in range(a)]
        match = _total(zh_rows)
        zm = _total([c.zh_mass(a - k) for k in range(a)])
        em = _total([c.en_mass(b - k) for k in range(b)])
        lexical = self._overlap(np.minimum(match, np.minimum(zm, em)), zm, em)
        if self.hub_weight:
            chance = (
                _total([c.zh_mean(a - k) for k in range(a)]) / a + _total([c.en_mean(b - k) for k in range(b)]) / b
            ) / 2.0
            lexical = lexical - self.hub_weight * np.tanh(self.saturation * chance / self.reference_overlap)
        if (a > 1 or b > 1) and self.dilution_weight:
            # A member unit that the other side does not explain should be a gap, not part of a wide link:
            # the link's overall overlap hardly shows one untranslated member, so each member is checked.
            dilution = np.zeros(zl.shape, dtype=np.float64)
            if a > 1:
                for k in range(a):
                    own = c.zh_mass(a - k) + c.zh_untranslated(a - k)
                    member = self._overlap(zh_rows[k], own, em)
                    dilution += np.maximum(0.0, 1.0 - member / self.member_floor)
            if b > 1:
                for k in range(b):
                    col = _total([c.row_sum(a - r, b - k, b - k - 1) for r in range(a)])
                    member = self._overlap(col, zm, c.en_mass(b - k))
                    dilution += np.maximum(0.0, 1.0 - member / self.member_floor)
            length = length - self.dilution_weight * dilution
        if a == 1 and b == 1:
            lexical = np.where(c.zh_text_id(1) == c.en_text_id(1), 1.0, lexical)
        quality = self.lexical_weight * lexical + length
        if a > 0 and b > 0 and self._any_heading:
            quality = quality + np.where(c.zh_heading(1) == c.en_heading(1), 0.0, -self.heading_bonus)
        if (a, b) == (1, 1):
            penalty = 0.0
        elif min(a, b) == 1 and max(a, b) == 2:
            penalty = self.pen12
        elif min(a, b) == 1 and max(a, b) == 3:
            penalty = self.pen13
        else:
            penalty = self.pen22 + self.wide_penalty * (a + b - 4)
        # Per unit the score is at most 0 (a perfect link), so merging two good links into one wide link gains
        # nothing unless the wide link really explains its units better.
        return (a + b) / 2.0 * (quality - self.lexical_weight) - penalty

    def first_pass(self) -> np.ndarray:
        """A path for the DP's band: anchored where a term occurs in exactly one unit on each side (a number, a
        name, a rare word) of the whole text, or of the stretch between two anchors found so far; the longest
        chain of such anchors in order, and proportional lengths in between. A missing chapter then shifts the
        band where it happens instead of forcing wider and wider bands (on a 10k-paragraph book the terms unique
        in the whole text left the missing chapter and the appendix to a band twice as wide, a second DP pass).
        When the chain of terms unique in the whole text pairs at least `anchor_ratio_share` of the units, it also
        sets the length ratio."""
        n_zh, n_en = self.n_zh, self.n_en
        anchor_zh = np.zeros(0, dtype=np.int64)
        anchor_en = np.zeros(0, dtype=np.int64)
        chain: list[int] = []
        # Round 0: terms in one unit on each side of the whole text. A long text repeats itself, so such terms are
        # few and far between; each further round looks between consecutive anchors of the chain so far for terms
        # in one unit on each side of that stretch (a missing chapter then gets anchors at both of its ends).
        for _round in range(self.anchor_rounds):
            found_zh, found_en = self._window_anchors(anchor_zh[chain], anchor_en[chain])
            old = anchor_zh[chain] * (n_en + 1) + anchor_en[chain]
            pairs = np.unique(np.concatenate([old, found_zh * (n_en + 1) + found_en]))
            grown = len(pairs) > len(chain)
            anchor_zh, anchor_en = pairs // (n_en + 1), pairs % (n_en + 1)
            chain = _longest_chain(anchor_zh.tolist(), anchor_en.tolist())
            if _round == 0:
                self._ratio_from_anchors(anchor_zh[chain], anchor_en[chain])
            if not grown:
                break
        # Cells after each anchored link, plus both ends; lengths interpolated between them.
        rows = np.array([0] + [anchor_zh[k] + 1 for k in chain] + [n_zh], dtype=np.float64)
        cols = np.array([0] + [anchor_en[k] + 1 for k in chain] + [n_en], dtype=np.float64)
        zh_at = self._zh_cum[rows.astype(np.int64)] + rows  # +1 per unit, so empty units still move the path
        en_at = self._en_cum[cols.astype(np.int64)] + cols
        zh_all = self._zh_cum + np.arange(n_zh + 1)
        en_all = self._en_cum + np.arange(n_en + 1)
        target = np.interp(zh_all, zh_at, en_at)
        j = np.searchsorted(en_all, target, side="left").clip(0, n_en)
        j = np.maximum.accumulate(j)
        j[-1] = n_en
        return np.stack([np.arange(n_zh + 1), j], axis=1).astype(np.int64)

    def _ratio_from_anchors(self, zh_units: np.ndarray, en_units: np.ndarray) -> None:
        """Enough anchored pairs (those of terms unique in the whole text) set the length ratio: the ratio over
        whole sides counts the paragraphs that have no counterpart, and in a short text one of them skews it
        enough to make a 1-2 link of a pair and a missing paragraph look the right length."""
        if len(zh_units) >= max(2, self.anchor_ratio_share * min(self.n_zh, self.n_en)):
            zh_len = float(self.zh_lengths[zh_units].sum())
            en_len = float(self.en_lengths[en_units].sum())
            if zh_len > 0 and en_len > 0:
                self.ratio = en_len / zh_len

    def _window_anchors(self, chain_zh: np.ndarray, chain_en: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(zh unit, en unit) pairs sharing a term found in no other unit of the stretch between the same two
        consecutive anchors (chain_zh / chain_en, increasing; none: the whole text is one stretch), in the order of
        (stretch, term)."""
        n_terms = len(self.weights)
        if not hasattr(self, "_anchor_terms"):
            # Once for all rounds: (unit, term) pairs of terms that can score, sorted by term then unit. A term's
            # occurrences in one stretch are then one run whatever the chain, so that each round only finds the
            # runs (instead of sorting every pair again), and pairs of weightless terms, which never anchor (their
            # counts concern no one else), are left out.
            self._anchor_terms = [
                _by_term(unit, term, self.weights)
                for unit, term in ((self.zh_unit, self.zh_term), (self.en_unit, self.en_term))
            ]
        (zh_unit, zh_term), (en_unit, en_term) = self._anchor_terms
        zh_keys, zh_units = _single_occurrences(zh_unit, zh_term, chain_zh, n_terms)
        en_keys, en_units = _single_occurrences(en_unit, en_term, chain_en, n_terms)
        _common, zi, ei = np.intersect1d(zh_keys, en_keys, assume_unique=True, return_indices=True)
        return zh_units[zi], en_units[ei]

    def linked_ratio(self, links: Sequence) -> float | None:
        """English characters per Chinese character over the units that links pair (gaps left out)."""
        zh_ids = [i for link in links if not link.is_gap for i in link.zh]
        en_ids = [j for link in links if not link.is_gap for j in link.en]
        z = float(self.zh_lengths[zh_ids].sum()) if zh_ids else 0.0
        e = float(self.en_lengths[en_ids].sum()) if en_ids else 0.0
        return e / z if z and e else None

    def confidence(
        self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray, scores: np.ndarray, margins: np.ndarray
    ) -> np.ndarray:
        """Logistic of the DP margin: how much better this link was than the runner-up way into its end cell
        (calibrated on mac-dev paragraph tasks, see bench/README.md)."""
        return 1.0 / (1.0 + np.exp(-self.confidence_slope * (margins - self.confidence_shift)))


def _total(parts: Sequence[np.ndarray]) -> np.ndarray:
    """np.sum(parts, axis=0) (the same additions in the same order, so the same bits), without stacking the parts
    into a new array first: a few arrays of a chunk's cells, summed for every link kind of every chunk."""
    out = parts[0]
    for part in parts[1:]:
        out = out + part
    return out


def _by_term(unit: np.ndarray, term: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (unit, term) pairs (unique, sorted by unit) of terms with a weight, sorted by term, then unit."""
    keep = weights[term] > 0
    unit, term = unit[keep], term[keep]
    # A stable sort by term keeps each term's units in order; on 16-bit keys numpy's stable sort is a radix sort.
    order = np.argsort(term.astype(np.uint16) if len(weights) <= 1 << 16 else term, kind="stable")
    return unit[order], term[order]


def _single_occurrences(
    unit: np.ndarray, term: np.ndarray, chain: np.ndarray, n_terms: int
) -> tuple[np.ndarray, np.ndarray]:
    """Keys (stretch x n_terms + term) of the terms that occur in one unit only of a stretch between consecutive
    anchors of `chain`, and that unit; `unit` / `term` sorted by term, then unit (_by_term)."""
    if not len(unit):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    stretch = np.searchsorted(chain, unit, side="right")
    starts = np.empty(len(unit), dtype=bool)
    starts[0] = True
    starts[1:] = (term[1:] != term[:-1]) | (stretch[1:] != stretch[:-1])
    first = np.flatnonzero(starts)
    once = first[np.diff(np.append(first, len(unit))) == 1]
    return stretch[once] * n_terms + term[once], unit[once]


def _longest_chain(zh: list[int], en: list[int]) -> list[int]:
    """Indices of the longest subsequence of anchors increasing on both sides (anchors sorted by zh, then en)."""
    order = sorted(range(len(zh)), key=lambda k: (zh[k], -en[k]))
    tails: list[int] = []  # en value ending the best chain of each length
    tail_index: list[int] = []
    previous = [-1] * len(zh)
    last_zh = [-1] * len(zh)
    for k in order:
        pos = bisect_left(tails, en[k])
        # Strictly increasing on the Chinese side too: one unit anchors at most one link.
        if pos > 0 and last_zh[tail_index[pos - 1]] == zh[k]:
            continue
        previous[k] = tail_index[pos - 1] if pos > 0 else -1
        last_zh[k] = zh[k]
        if pos == len(tails):
            tails.append(en[k])
            tail_index.append(k)
        else:
            tails[pos] = en[k]
            tail_index[pos] = k
    chain: list[int] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(k)
        k = previous[k]
    return chain[::-1]
