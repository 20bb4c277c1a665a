"""Tier 1's lexical evidence over one document: term ids weighted by rarity, their overlap inside the DP's band."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.lexicon import Lexicon
from reader_app.core.aligner.tier1.english import english_space
from reader_app.core.aligner.tier1.terms import NameFinder, zh_marks, zh_word_occurrences

_QUERY_SLICE = 200_000
_WHOLE_LEXICON_ABOVE = 200_000  # word occurrences beyond which checking every dictionary word once is cheaper


class LexicalEvidence:
    """Term ids per unit on both sides, their rarity weights, and the pairwise evidence M[i, j] inside the band:
    the base of Tier1Scorer, whose __init__ and tuned weights provide the attributes declared here."""

    level: str
    n_zh: int
    n_en: int
    mark_boost: float
    untranslated_weight: float
    smoothing: float
    # Memory, not weights (results do not depend on them): band cells per block of prepare()'s per-cell work, and
    # query hits per block of its evidence counting.
    block_cells = 1 << 18
    block_hits = 1 << 20

    def _build_terms(self, zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> None:
        """Term ids per unit, in one space shared by both sides, as flat arrays (CSR): `*_unit`, `*_term`."""
        space, en_unit, en_term, names = english_space(en, lexicon.syllables)
        n_space = len(space)
        # Lexicon term id -> id in this document's space (-1: the English side never has it).
        vocab_map = np.full(len(lexicon.vocab), -1, dtype=np.int64)
        vocab_index = lexicon.vocab_index
        for term, t in space.items():
            k = vocab_index.get(term)
            if k is not None:
                vocab_map[k] = t
        mark_unit: list[int] = []
        mark_term: list[int] = []
        finder = NameFinder(names, lexicon)
        norms = [unicodedata.normalize("NFKC", text) for text in zh]
        for i, (norm, names_found) in enumerate(zip(norms, finder.find_all(norms), strict=True)):
            marks = zh_marks(norm) | names_found
            mark_ids = sorted(space[m] for m in marks if m in space)
            mark_term.extend(mark_ids)
            mark_unit.extend([i] * len(mark_ids))
        # Chinese: dictionary words per unit (a novel has millions of word occurrences).
        w_unit, w_idx = zh_word_occurrences(norms, lexicon, covered_characters=self.level == "sentence")
        self.en_unit, self.en_term = _unique_pairs(en_unit, en_term, n_space)
        # Rarity weights over the English side (document frequency); marks count more.
        df = np.bincount(self.en_term, minlength=n_space).astype(np.float64)
        n = max(1, self.n_en)
        weights = np.clip(np.log((n + 1.0) / (df + 0.5)), 0.0, None)
        # Terms in more than a fifth of the units say little and cost much: drop them.
        weights[df > max(3.0, 0.2 * n)] = 0.0
        marked = np.array([t for term, t in space.items() if term[0] in "#=§@"], dtype=np.int64)
        weights[marked] *= self.mark_boost
        self.weights = weights
        # Chinese terms that cannot score (absent from the English side, or too common there) are dropped early.
        vocab_map[vocab_map >= 0] = np.where(weights[vocab_map[vocab_map >= 0]] > 0, vocab_map[vocab_map >= 0], -1)
        # Which dictionary words can score at all in this document (one pass over the lexicon, not per occurrence):
        # the others are dropped before expansion, and counted as untranslated content.
        if len(w_idx) > _WHOLE_LEXICON_ABOVE:
            candidates = np.arange(len(lexicon.word_lengths))
            useful = _words_with_terms(lexicon, vocab_map, candidates)[w_idx]
        else:  # a short text: only its own words are checked
            candidates, back = np.unique(w_idx, return_inverse=True)
            useful = _words_with_terms(lexicon, vocab_map, candidates)[back]
        # Words with no translation anywhere on the English side still are content: without counting them, a
        # paragraph whose translation is missing would look empty and be absorbed into a neighbour's link.
        unmatched = (~useful) & (lexicon.word_lengths[w_idx] >= 2)
        untranslated = np.bincount(w_unit[unmatched], minlength=self.n_zh).astype(np.float64)
        w_idx, w_unit = w_idx[useful], w_unit[useful]
        starts = lexicon.offsets[w_idx]
        counts = lexicon.offsets[w_idx + 1] - starts
        total = int(counts.sum())
        first = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        zh_term = vocab_map[lexicon.terms[first + np.arange(total)]] if total else np.zeros(0, dtype=np.int64)
        zh_unit = np.repeat(w_unit, counts)
        del first
        keep = zh_term >= 0
        zh_term = np.concatenate([zh_term[keep], np.array(mark_term, dtype=np.int64)])
        zh_unit = np.concatenate([zh_unit[keep], np.array(mark_unit, dtype=np.int64)])
        self.zh_unit, self.zh_term = _unique_pairs(zh_unit, zh_term, n_space)
        self.en_mass = np.bincount(self.en_unit, weights=weights[self.en_term], minlength=self.n_en).astype(float)
        self.zh_mass = np.bincount(self.zh_unit, weights=weights[self.zh_term], minlength=self.n_zh).astype(float)
        positive = weights[weights > 0]
        # Words with no translation in the English text: content that no link can explain (used by the member check).
        self.zh_untranslated = untranslated * (float(positive.mean()) if len(positive) else 1.0)
        self.zh_mass += self.untranslated_weight * self.zh_untranslated
        # Postings: key term * (n_en + 1) + unit, sorted, for band look-ups.
        self._postings = np.sort(self.en_term * (self.n_en + 1) + self.en_unit)

    def prepare(self, lo: np.ndarray, hi: np.ndarray, max_zh: int, max_en: int) -> None:
        """Pairwise lexical evidence M[i, j] for every pair a link inside the band can contain."""
        n_zh, n_en = self.n_zh, self.n_en
        self._prefix = np.zeros(0)  # the previous pass's evidence, no longer needed: freed before building anew
        rows = np.arange(n_zh)
        # Pair (i, j) is read by links ending in rows i+1 .. i+max_zh at columns j+1 .. j+max_en.
        p_lo = np.clip(lo[np.clip(rows + 1, 0, n_zh)] - max_en, 0, n_en)
        p_hi = np.clip(hi[np.clip(rows + max_zh, 0, n_zh)], 0, n_en)
        p_hi = np.maximum(p_hi, p_lo)
        widths = p_hi - p_lo
        offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
        values = np.zeros(int(offsets[-1]), dtype=np.float64)
        # Queries: (zh unit, term) with the term's postings range inside the unit's columns.
        keep = self.weights[self.zh_term] > 0
        q_unit_all, q_term_all = self.zh_unit[keep], self.zh_term[keep]
        # In slices of queries, so that the hits of a long document never sit in memory all at once.
        for q0 in range(0, len(q_term_all), _QUERY_SLICE):
            q_unit = q_unit_all[q0 : q0 + _QUERY_SLICE]
            q_term = q_term_all[q0 : q0 + _QUERY_SLICE]
            base = q_term * (n_en + 1)
            # Sorted queries make the binary searches cache-friendly (3x faster on large documents).
            key_lo = base + p_lo[q_unit]
            order = np.argsort(key_lo, kind="stable")
            left = np.empty_like(key_lo)
            right = np.empty_like(key_lo)
            left[order] = np.searchsorted(self._postings, key_lo[order], side="left")
            right[order] = np.searchsorted(self._postings, (base + p_hi[q_unit])[order], side="left")
            counts = right - left
            total = int(counts.sum())
            if not total:
                continue
            # Queries come sorted by unit, so a slice fills one stretch of rows: counting into that stretch only
            # (not a whole-band array per slice) keeps this linear in the document's length.
            first_cell = int(offsets[q_unit.min()])
            stretch = int(offsets[q_unit.max() + 1]) - first_cell
            if total <= self.block_hits:
                idx, hit_weights = self._hits(q_unit, q_term, left, counts, offsets, p_lo, first_cell)
                values[first_cell : first_cell + stretch] += np.bincount(idx, weights=hit_weights, minlength=stretch)
                continue
            # Many hits (a wide band): their index arrays (five of 8 bytes a hit) are built for a few queries at a
            # time and added in the same order as bincount would, so the sums are the same to the last bit.
            acc = np.zeros(stretch)
            ends = np.cumsum(counts)
            q = 0
            while q < len(q_unit):
                q_end = int(np.searchsorted(ends, (ends[q - 1] if q else 0) + self.block_hits, side="right"))
                q_end = max(q + 1, q_end)
                part = slice(q, q_end)
                idx, hit_weights = self._hits(
                    q_unit[part], q_term[part], left[part], counts[part], offsets, p_lo, first_cell
                )
                np.add.at(acc, idx, hit_weights)
                q = q_end
            values[first_cell : first_cell + stretch] += acc
        # Per-cell work below runs in blocks of rows (about block_cells cells): done for the whole band at once, its
        # index temporaries were most of tier 1's peak memory (five int64/float64 arrays per band cell, 490 MB at
        # 10k paragraphs). The arithmetic is the same element by element and sums run in the same order, so the
        # results do not depend on the block.
        self.reference_overlap = 0.3
        self._zh_best = np.zeros(n_zh)
        self._en_best = np.zeros(n_en)
        zh_sum = np.zeros(n_zh)
        en_sum = np.zeros(n_en)
        en_count = np.zeros(n_en, dtype=np.int64)
        blocks = self._row_blocks(offsets)
        for r0, r1 in blocks:
            row_of, within = self._block_cells(rows, widths, offsets, r0, r1)
            cols = within + p_lo[row_of]
            # What a correct 1-1 pair's lexical overlap looks like in this document (dictionary coverage varies with
            # genre): the median over Chinese units of their best pair in the band; and the chance overlap of each
            # unit with its neighbours (hubs: long units full of common words).
            c0, c1 = int(offsets[r0]), int(offsets[r1])
            dice = 2.0 * values[c0:c1] / (self.zh_mass[row_of] + self.en_mass[cols] + self.smoothing)
            np.maximum.at(self._zh_best, row_of, dice)
            np.maximum.at(self._en_best, cols, dice)
            np.add.at(zh_sum, row_of, dice)
            np.add.at(en_sum, cols, dice)
            np.add.at(en_count, cols, 1)
        if len(values) and n_zh:
            self.reference_overlap = float(max(0.05, np.median(self._zh_best)))
            self._zh_mean = zh_sum / np.maximum(1, widths)
            self._en_mean = en_sum / np.maximum(1, en_count)
        else:
            self._zh_mean = np.zeros(n_zh)
            self._en_mean = np.zeros(n_en)
        # Row-wise prefix sums, so a block's evidence is a few subtractions: per row [0, v0, v0+v1, ...] laid out at
        # prefix_offsets[i] (from the running sum over the whole band, computed in place).
        np.cumsum(values, out=values)
        row_start_sum = np.concatenate([[0.0], values])[offsets[:-1]]
        prefix_offsets = offsets + np.arange(n_zh + 1)
        cum = np.zeros(len(values) + n_zh, dtype=np.float64)
        for r0, r1 in blocks:
            row_of, within = self._block_cells(rows, widths, offsets, r0, r1)
            c0, c1 = int(offsets[r0]), int(offsets[r1])
            cum[prefix_offsets[row_of] + 1 + within] = values[c0:c1] - row_start_sum[row_of]
        self._p_lo, self._p_hi, self._prefix, self._prefix_offsets = p_lo, p_hi, cum, prefix_offsets

    def _hits(
        self,
        q_unit: np.ndarray,
        q_term: np.ndarray,
        left: np.ndarray,
        counts: np.ndarray,
        offsets: np.ndarray,
        p_lo: np.ndarray,
        first_cell: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The band cells (from first_cell) that queries hit, in query order, and the weights they add."""
        total = int(counts.sum())
        starts = np.repeat(left - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        hit_col = self._postings[starts + np.arange(total)] % (self.n_en + 1)
        hit_unit = np.repeat(q_unit, counts)
        return offsets[hit_unit] + hit_col - p_lo[hit_unit] - first_cell, np.repeat(self.weights[q_term], counts)

    def _row_blocks(self, offsets: np.ndarray) -> list[tuple[int, int]]:
        """Rows in blocks [r0, r1) of about block_cells band cells (at least one row, none empty of rows)."""
        blocks = []
        n_rows = len(offsets) - 1
        r0 = 0
        while r0 < n_rows:
            r1 = int(np.searchsorted(offsets, offsets[r0] + self.block_cells, side="right")) - 1
            r1 = min(n_rows, max(r0 + 1, r1))
            blocks.append((r0, r1))
            r0 = r1
        return blocks

    @staticmethod
    def _block_cells(
        rows: np.ndarray, widths: np.ndarray, offsets: np.ndarray, r0: int, r1: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Row and position within the row of each band cell of rows r0..r1-1."""
        row_of = np.repeat(rows[r0:r1], widths[r0:r1])
        return row_of, np.arange(int(offsets[r0]), int(offsets[r1])) - offsets[row_of]

    def _row_sum(self, i: np.ndarray, j0: np.ndarray, j1: np.ndarray) -> np.ndarray:
        """Sum of M[i, j0:j1] (0 where outside what prepare() computed)."""
        lo_i = self._p_lo[i]
        hi_i = self._p_hi[i]
        a = np.clip(j0, lo_i, hi_i) - lo_i
        b = np.clip(j1, lo_i, hi_i) - lo_i
        base = self._prefix_offsets[i]
        return self._prefix[base + b] - self._prefix[base + a]


class CellEvidence:
    """Look-ups at DP cells (i_end, j_end) that link scores of several kinds share, each made once: row r is Chinese
    unit i_end - r, column s English unit j_end - s. `row_sum(r, s0, s1)` is M[i_end - r, j_end - s0 : j_end - s1]
    exactly as LexicalEvidence._row_sum computes it. With `clip`, rows and columns before the first are read as
    the first (for cells where a kind cannot end, whose scores are dropped)."""

    def __init__(self, evidence: LexicalEvidence, i_end: np.ndarray, j_end: np.ndarray, clip: bool = False) -> None:
        self.e = evidence
        self.i_end = i_end
        self.j_end = j_end
        self._i_min = int(i_end.min()) if clip and len(i_end) else None
        self._j_min = int(j_end.min()) if clip and len(j_end) else None
        self._memo: dict[tuple, np.ndarray] = {}

    def zh_index(self, r: int) -> np.ndarray:
        key = ("i", r)
        got = self._memo.get(key)
        if got is None:
            got = self.i_end - r if r else self.i_end
            if self._i_min is not None and self._i_min < r:
                got = np.maximum(got, 0)
            self._memo[key] = got
        return got

    def en_index(self, s: int) -> np.ndarray:
        key = ("j", s)
        got = self._memo.get(key)
        if got is None:
            got = self.j_end - s if s else self.j_end
            if self._j_min is not None and self._j_min < s:
                got = np.maximum(got, 0)
            self._memo[key] = got
        return got

    def _zh(self, name: str, r: int) -> np.ndarray:
        key = (name, r)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = getattr(self.e, name)[self.zh_index(r)]
        return got

    def _en(self, name: str, s: int) -> np.ndarray:
        key = (name, s)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = getattr(self.e, name)[self.en_index(s)]
        return got

    def zh_cum(self, r: int) -> np.ndarray:
        return self._zh("_zh_cum", r)

    def en_cum(self, s: int) -> np.ndarray:
        return self._en("_en_cum", s)

    def zh_mass(self, r: int) -> np.ndarray:
        return self._zh("zh_mass", r)

    def en_mass(self, s: int) -> np.ndarray:
        return self._en("en_mass", s)

    def zh_untranslated(self, r: int) -> np.ndarray:
        return self._zh("zh_untranslated", r)

    def zh_mean(self, r: int) -> np.ndarray:
        return self._zh("_zh_mean", r)

    def en_mean(self, s: int) -> np.ndarray:
        return self._en("_en_mean", s)

    def zh_text_id(self, r: int) -> np.ndarray:
        return self._zh("_zh_text_id", r)

    def en_text_id(self, s: int) -> np.ndarray:
        return self._en("_en_text_id", s)

    def zh_heading(self, r: int) -> np.ndarray:
        return self._zh("_zh_heading", r)

    def en_heading(self, s: int) -> np.ndarray:
        return self._en("_en_heading", s)

    def _prefix_at(self, r: int, s: int) -> np.ndarray:
        """The band's row prefix sum of unit i_end - r at column j_end - s (clipped into the row's band)."""
        key = ("p", r, s)
        got = self._memo.get(key)
        if got is None:
            lo = self._zh("_p_lo", r)
            position = np.clip(self.en_index(s), lo, self._zh("_p_hi", r)) - lo
            got = self._memo[key] = self.e._prefix[self._zh("_prefix_offsets", r) + position]
        return got

    def row_sum(self, r: int, s0: int, s1: int) -> np.ndarray:
        return self._prefix_at(r, s1) - self._prefix_at(r, s0)


def _words_with_terms(lexicon: Lexicon, vocab_map: np.ndarray, words: np.ndarray) -> np.ndarray:
    """For each of `words` (lexicon indices), whether any of its translations occurs in the document."""
    starts = lexicon.offsets[words]
    counts = lexicon.offsets[words + 1] - starts
    total = int(counts.sum())
    ok = np.zeros(len(words), dtype=bool)
    if not total:
        return ok
    first = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    term_ok = (vocab_map[lexicon.terms[first + np.arange(total)]] >= 0).astype(np.int64)
    nonempty = counts > 0
    ok[nonempty] = np.add.reduceat(term_ok, (np.cumsum(counts) - counts)[nonempty]) > 0
    return ok


def _unique_pairs(unit: np.ndarray, term: np.ndarray, n_terms: int) -> tuple[np.ndarray, np.ndarray]:
    """(unit, term) pairs without repeats, sorted by unit."""
    key = np.sort(unit * (n_terms + 1) + term)
    if len(key):
        key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    return key // (n_terms + 1), key % (n_terms + 1)
