"""Tier 1's link scores for the banded DP: length ratio (from anchored pairs when there are enough), first pass."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.dp import unit_length
from reader_app.core.aligner.lexicon import Lexicon, load_lexicon
from reader_app.core.aligner.tier1.evidence import LexicalEvidence


class Tier1Scorer(LexicalEvidence):
    """LinkScorer over two unit sequences (see reader_app.core.aligner.dp): length + lexical + identical + structure."""

    # Tuned on mac-dev paragraph tasks (bench/align_accuracy.py); bench/README.md says what each did.
    lexical_weight = 4.5  # cost per unit of a link with no lexical overlap (a perfect one costs 0)
    length_sigma = 0.35  # spread of log(English length / expected length) for a correct link
    skip_score = -3.2  # a unit without counterpart
    mark_boost = 2.0  # identical tokens, numbering and names weigh twice a dictionary word of the same rarity
    pen12 = 2.0  # extra cost of a 1-2 / 2-1 link
    pen22 = 6.0  # of a 2-2 link (rare between paragraphs)
    wide_penalty = 1.0  # per unit beyond 2 + 2 (sentence links up to 3 x 5)
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
    sentence_overrides = {"skip_score": -5.0, "pen12": 1.5, "pen22": 4.0, "wide_penalty": 4.0, "dilution_weight": 0.0}

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
        self.zh_lengths = np.array([unit_length(t) for t in zh], dtype=np.float64)
        self.en_lengths = np.array([len(t) for t in en], dtype=np.float64)
        total_zh = float(self.zh_lengths.sum())
        total_en = float(self.en_lengths.sum())
        self.ratio = total_en / total_zh if total_zh and total_en else 3.0
        self._zh_cum = np.concatenate([[0.0], np.cumsum(self.zh_lengths)])
        self._en_cum = np.concatenate([[0.0], np.cumsum(self.en_lengths)])
        self._build_terms(zh, en, lexicon)
        # The same text on both sides (a name, a number, an untranslated line) is the strongest evidence.
        texts: dict[str, int] = {}
        self._zh_text_id = np.array([texts.setdefault("".join(t.split()), len(texts)) for t in zh], dtype=np.int64)
        self._en_text_id = np.array([texts.setdefault("".join(t.split()), len(texts)) for t in en], dtype=np.int64)
        self._zh_heading = np.array([k == "heading" for k in zh_kinds] if zh_kinds else [False] * self.n_zh)
        self._en_heading = np.array([k == "heading" for k in en_kinds] if en_kinds else [False] * self.n_en)

    # --- LinkScorer -----------------------------------------------------------------------------------------
    def _overlap(self, match: np.ndarray, zm: np.ndarray, em: np.ndarray) -> np.ndarray:
        """Dice overlap relative to this document's typical correct pair, saturating (about 1 for a good pair)."""
        k = self.saturation
        return np.tanh(k * 2.0 * match / (zm + em + self.smoothing) / self.reference_overlap)

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray:
        if a == 0 or b == 0:
            return np.full(i_end.shape, self.skip_score, dtype=np.float64)
        if not hasattr(self, "_prefix"):  # used outside align_dp: evidence for every pair
            n = np.arange(self.n_zh + 1)
            self.prepare(np.zeros_like(n), np.full_like(n, self.n_en + 1), 5, 5)
        zl = self._zh_cum[i_end] - self._zh_cum[i_end - a]
        el = self._en_cum[j_end] - self._en_cum[j_end - b]
        d = np.log((el + 20.0) / (self.ratio * zl + 20.0))
        length = -(d * d) / (2 * self.length_sigma**2)
        zh_rows = [self._row_sum(i_end - a + k, j_end - b, j_end) for k in range(a)]
        match = np.sum(zh_rows, axis=0)
        zm = np.sum([self.zh_mass[i_end - a + k] for k in range(a)], axis=0)
        em = np.sum([self.en_mass[j_end - b + k] for k in range(b)], axis=0)
        lexical = self._overlap(np.minimum(match, np.minimum(zm, em)), zm, em)
        if self.hub_weight:
            chance = (
                np.mean([self._zh_mean[i_end - a + k] for k in range(a)], axis=0)
                + np.mean([self._en_mean[j_end - b + k] for k in range(b)], axis=0)
            ) / 2.0
            lexical = lexical - self.hub_weight * np.tanh(self.saturation * chance / self.reference_overlap)
        if (a > 1 or b > 1) and self.dilution_weight:
            # A member unit that the other side does not explain should be a gap, not part of a wide link:
            # the link's overall overlap hardly shows one untranslated member, so each member is checked.
            dilution = np.zeros(i_end.shape, dtype=np.float64)
            if a > 1:
                for k in range(a):
                    own = self.zh_mass[i_end - a + k] + self.zh_untranslated[i_end - a + k]
                    member = self._overlap(zh_rows[k], own, em)
                    dilution += np.maximum(0.0, 1.0 - member / self.member_floor)
            if b > 1:
                for k in range(b):
                    col = np.sum(
                        [self._row_sum(i_end - a + r, j_end - b + k, j_end - b + k + 1) for r in range(a)], axis=0
                    )
                    member = self._overlap(col, zm, self.en_mass[j_end - b + k])
                    dilution += np.maximum(0.0, 1.0 - member / self.member_floor)
            length = length - self.dilution_weight * dilution
        if a == 1 and b == 1:
            lexical = np.where(self._zh_text_id[i_end - 1] == self._en_text_id[j_end - 1], 1.0, lexical)
        quality = self.lexical_weight * lexical + length
        if a > 0 and b > 0 and (self._zh_heading.any() or self._en_heading.any()):
            zh_head = self._zh_heading[i_end - 1]
            en_head = self._en_heading[j_end - 1]
            quality = quality + np.where(zh_head == en_head, 0.0, -self.heading_bonus)
        if (a, b) == (1, 1):
            penalty = 0.0
        elif min(a, b) == 1 and max(a, b) == 2:
            penalty = self.pen12
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
        consecutive anchors (chain_zh / chain_en, increasing; none: the whole text is one stretch)."""
        n_terms = len(self.weights)
        zh_seg = np.searchsorted(chain_zh, self.zh_unit, side="right")
        en_seg = np.searchsorted(chain_en, self.en_unit, side="right")
        zh_key = zh_seg * n_terms + self.zh_term
        en_key = en_seg * n_terms + self.en_term
        zh_keys, zh_first, zh_count = np.unique(zh_key, return_index=True, return_counts=True)
        en_keys, en_first, en_count = np.unique(en_key, return_index=True, return_counts=True)
        zh_once = zh_count == 1
        en_once = en_count == 1
        zh_once &= self.weights[zh_keys % n_terms] > 0
        _common, zi, ei = np.intersect1d(zh_keys[zh_once], en_keys[en_once], assume_unique=True, return_indices=True)
        return self.zh_unit[zh_first[zh_once][zi]], self.en_unit[en_first[en_once][ei]]

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
