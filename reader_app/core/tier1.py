"""Tier-1 link scorer: length ratio, CC-CEDICT lexical evidence weighted by rarity, identical tokens, structure."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reader_app.core.lexicon import MAX_WORD_LENGTH, Lexicon, english_terms, load_lexicon, stem

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ZH_NUMERAL_RE = re.compile(r"[零〇一二三四五六七八九十百千万两]{2,}|[十百千万]")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\s?\d+)?")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# Structure: a numbering at the start of a paragraph (一、 / （二） / 第三章 / 2. / II. / (3) / Chapter 4).
_ZH_NUMBERING_RE = re.compile(
    r"^\s*(?:第([零〇一二三四五六七八九十百两\d]+)[章节部分条篇回]|[（(]([零〇一二三四五六七八九十\d]+)[)）]|"
    r"([零〇一二三四五六七八九十]+|\d+)\s*[、.．])"
)
_EN_NUMBERING_RE = re.compile(
    r"^\s*(?:(?:chapter|part|section|article)\s+([ivxlc]+|\d+)\b|\((\d+|[ivx]+)\)|"
    r"(\d+|[ivxlc]+)\s*[.)]\s)",
    re.IGNORECASE,
)


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral such as 二十九 or 一九四九 (None when it is not one)."""
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total = section = 0
    digit = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def roman_number(text: str) -> int | None:
    text = text.lower()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    value = 0
    for k, ch in enumerate(text):
        v = _ROMAN[ch]
        value += -v if k + 1 < len(text) and _ROMAN[text[k + 1]] > v else v
    return value


def _number_term(raw: str) -> str:
    value = raw.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return "#" + value


def _latin_term(raw: str) -> str:
    token = raw.replace(" ", "").lower()
    if len(token) > 2 and token.endswith("s") and raw[:2].isupper():
        token = token[:-1]  # NDCs -> ndc
    return "=" + token


def zh_structure(text: str) -> str | None:
    m = _ZH_NUMBERING_RE.match(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    value = chinese_number(raw)
    return None if value is None else f"§{value}"


def en_structure(text: str) -> str | None:
    m = _EN_NUMBERING_RE.match(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    value = int(raw) if raw.isdigit() else roman_number(raw)
    return None if value is None else f"§{value}"


def zh_features(
    text: str, lexicon: Lexicon, names: set[str] | frozenset[str] = frozenset()
) -> tuple[set[str], set[int]]:
    """Identical-token and structure terms (strings), and dictionary term ids, of one Chinese unit."""
    text = unicodedata.normalize("NFKC", text)
    marks: set[str] = set()
    for raw in _NUMBER_RE.findall(text):
        marks.add(_number_term(raw))
    for raw in _LATIN_RE.findall(text):
        if not raw[0].isdigit():
            marks.add(_latin_term(raw))
    for raw in _ZH_NUMERAL_RE.findall(text):
        value = chinese_number(raw)
        if value is not None and value >= 2:
            marks.add(f"#{value}")
    structure = zh_structure(text)
    if structure:
        marks.add(structure)
    ids: set[int] = set()
    index = lexicon.word_index
    offsets = lexicon.offsets
    terms = lexicon.terms
    readings = lexicon.readings
    for run in _HAN_RE.findall(text):
        n = len(run)
        for start in range(n):
            for length in range(min(MAX_WORD_LENGTH, n - start), 0, -1):
                k = index.get(run[start : start + length])
                if k is not None:
                    lo, hi = offsets[k], offsets[k + 1]
                    # Single characters are ambiguous: only their first senses count.
                    ids.update(terms[lo : hi if length > 1 else min(hi, lo + 3)].tolist())
        if names:
            syllables = [readings.get(ch, "") for ch in run]
            for start in range(n - 1):
                two = syllables[start] + syllables[start + 1]
                if two in names:
                    marks.add("@" + two)
                if start + 2 < n:
                    three = two + syllables[start + 2]
                    if three in names:
                        marks.add("@" + three)
    return marks, ids


def en_features(text: str) -> tuple[set[str], set[str], set[str]]:
    """Identical-token and structure terms, English stems, and capitalised words (name candidates) of a unit."""
    text = unicodedata.normalize("NFKC", text)
    marks: set[str] = set()
    for raw in _NUMBER_RE.findall(text):
        marks.add(_number_term(raw))
    names: set[str] = set()
    for raw in _LATIN_RE.findall(text):
        if any(ch.isdigit() for ch in raw) or sum(ch.isupper() for ch in raw) >= 2:
            marks.add(_latin_term(raw))
        elif raw[0].isupper():
            low = raw.lower()
            month = _MONTHS.get(low)
            if month:
                marks.add(f"#{month}")
            names.add(low)
    structure = en_structure(text)
    if structure:
        marks.add(structure)
    return marks, set(english_terms(text)), names


@dataclass
class UnitEvidence:
    """Per-unit term ids in a document-wide space (shared by both sides), and the term weights."""

    zh_terms: list[np.ndarray]
    en_terms: list[np.ndarray]
    weights: np.ndarray


def _han_length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


class Tier1Scorer:
    """LinkScorer over two unit sequences (see reader_app.core.dp): length + lexical + identical + structure."""

    # Tuned on mac-dev paragraph tasks (bench/align_accuracy.py); see bench/README.md.
    lexical_weight = 5.0
    length_sigma = 0.35
    skip_score = -2.7
    mark_boost = 2.0
    pen12 = 2.0
    pen22 = 6.0
    wide_penalty = 1.0  # per unit beyond 2 on a side (sentence links up to 3 x 5)
    heading_bonus = 1.0

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
        self.band = 24 if level == "paragraph" else 16
        self.n_zh = len(zh)
        self.n_en = len(en)
        lexicon = lexicon or load_lexicon()
        self.zh_lengths = np.array([_han_length(t) for t in zh], dtype=np.float64)
        self.en_lengths = np.array([len(t) for t in en], dtype=np.float64)
        total_zh = float(self.zh_lengths.sum())
        total_en = float(self.en_lengths.sum())
        self.ratio = total_en / total_zh if total_zh and total_en else 3.0
        self._zh_cum = np.concatenate([[0.0], np.cumsum(self.zh_lengths)])
        self._en_cum = np.concatenate([[0.0], np.cumsum(self.en_lengths)])
        self._build_terms(zh, en, lexicon)
        self._zh_heading = np.array([k == "heading" for k in zh_kinds] if zh_kinds else [False] * self.n_zh)
        self._en_heading = np.array([k == "heading" for k in en_kinds] if en_kinds else [False] * self.n_en)

    # --- evidence -----------------------------------------------------------------------------------------
    def _build_terms(self, zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> None:
        space: dict[str, int] = {}
        en_sets: list[list[int]] = []
        names: set[str] = set()
        en_cache: dict[str, tuple[set[str], set[str], set[str]]] = {}
        en_raw = []
        for text in en:
            feats = en_cache.get(text)
            if feats is None:
                feats = en_cache[text] = en_features(text)
            en_raw.append(feats)
            names |= feats[2]
        readable = set(lexicon.readings.values())
        names = {n for n in names if _is_pinyin(n, readable)}
        for marks, stems, caps in en_raw:
            ids = [space.setdefault(m, len(space)) for m in marks]
            ids += [space.setdefault(s, len(space)) for s in stems]
            ids += [space.setdefault("@" + c, len(space)) for c in caps if c in names]
            en_sets.append(sorted(set(ids)))
        n_en_space = len(space)
        vocab_map = np.full(len(lexicon.vocab), -1, dtype=np.int64)
        for k, word in enumerate(lexicon.vocab):
            t = space.get(word)
            if t is not None:
                vocab_map[k] = t
        zh_sets: list[list[int]] = []
        zh_cache: dict[str, list[int]] = {}
        for text in zh:
            ids = zh_cache.get(text)
            if ids is None:
                marks, lex_ids = zh_features(text, lexicon, names)
                mapped = vocab_map[np.fromiter(lex_ids, dtype=np.int64, count=len(lex_ids))] if lex_ids else []
                found = {int(t) for t in mapped if t >= 0}
                found.update(space[m] for m in marks if m in space and space[m] < n_en_space)
                ids = zh_cache[text] = sorted(found)
            zh_sets.append(ids)
        # Rarity weights over the English side (document frequency); marks count more.
        df = np.zeros(max(1, n_en_space), dtype=np.float64)
        for ids in en_sets:
            df[ids] += 1.0
        n = max(1, self.n_en)
        weights = np.log((n + 1.0) / (df + 0.5))
        weights = np.clip(weights, 0.0, None)
        # Terms in more than a fifth of the units say little and cost much: drop them.
        weights[df > max(3.0, 0.2 * n)] = 0.0
        for term, t in space.items():
            if term[0] in "#=§@" and t < n_en_space:
                weights[t] *= self.mark_boost
        self.weights = weights
        self.zh_terms = [np.array(ids, dtype=np.int64) for ids in zh_sets]
        self.en_terms = [np.array(ids, dtype=np.int64) for ids in en_sets]
        self.en_mass = np.array([weights[t].sum() for t in self.en_terms], dtype=np.float64)
        self.zh_mass = np.array([weights[t].sum() for t in self.zh_terms], dtype=np.float64)
        # Postings: key term * (n_en + 1) + unit, sorted, for band look-ups.
        keys = [t * (self.n_en + 1) + j for j, ts in enumerate(self.en_terms) for t in ts.tolist()]
        self._postings = np.sort(np.array(keys, dtype=np.int64))

    def prepare(self, lo: np.ndarray, hi: np.ndarray, max_zh: int, max_en: int) -> None:
        """Pairwise lexical evidence M[i, j] for every pair a link inside the band can contain."""
        n_zh, n_en = self.n_zh, self.n_en
        rows = np.arange(n_zh)
        # Pair (i, j) is read by links ending in rows i+1 .. i+max_zh at columns j+1 .. j+max_en.
        p_lo = np.clip(lo[np.clip(rows + 1, 0, n_zh)] - max_en, 0, n_en)
        p_hi = np.clip(hi[np.clip(rows + max_zh, 0, n_zh)], 0, n_en)
        p_hi = np.maximum(p_hi, p_lo)
        widths = p_hi - p_lo
        offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
        values = np.zeros(int(offsets[-1]), dtype=np.float64)
        # Queries: (zh unit, term) with the term's postings range inside the unit's columns.
        q_unit = np.repeat(rows, [len(t) for t in self.zh_terms]) if n_zh else np.zeros(0, dtype=np.int64)
        q_term = np.concatenate(self.zh_terms) if n_zh else np.zeros(0, dtype=np.int64)
        if len(q_term):
            keep = self.weights[q_term] > 0
            q_unit, q_term = q_unit[keep], q_term[keep]
            base = q_term * (n_en + 1)
            left = np.searchsorted(self._postings, base + p_lo[q_unit], side="left")
            right = np.searchsorted(self._postings, base + p_hi[q_unit], side="left")
            counts = right - left
            total = int(counts.sum())
            if total:
                starts = np.repeat(left - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
                hit = self._postings[starts + np.arange(total)]
                hit_unit = np.repeat(q_unit, counts)
                hit_col = hit % (n_en + 1)
                hit_w = np.repeat(self.weights[q_term], counts)
                np.add.at(values, offsets[hit_unit] + hit_col - p_lo[hit_unit], hit_w)
        # Row-wise prefix sums, so a block's evidence is a few subtractions.
        cum = np.zeros(len(values) + n_zh, dtype=np.float64)
        prefix_offsets = offsets + np.arange(n_zh + 1)
        if n_zh:
            # Per row: [0, v0, v0+v1, ...] laid out at prefix_offsets[i].
            row_of = np.repeat(rows, widths)
            csum = np.cumsum(values)
            row_start_sum = np.concatenate([[0.0], csum])[offsets[:-1]]
            cum[prefix_offsets[row_of] + 1 + (np.arange(len(values)) - offsets[row_of])] = csum - row_start_sum[row_of]
        self._p_lo, self._p_hi, self._prefix, self._prefix_offsets = p_lo, p_hi, cum, prefix_offsets
        # What a correct 1-1 pair's lexical overlap looks like in this document (dictionary coverage varies with
        # genre): the median over Chinese units of their best pair in the band.
        self.reference_overlap = 0.3
        self._zh_best = np.zeros(n_zh)
        self._en_best = np.zeros(n_en)
        if len(values) and n_zh:
            row_of = np.repeat(rows, widths)
            cols = np.arange(len(values)) - offsets[row_of] + p_lo[row_of]
            dice = 2.0 * values / (self.zh_mass[row_of] + self.en_mass[cols] + 1.0)
            np.maximum.at(self._zh_best, row_of, dice)
            np.maximum.at(self._en_best, cols, dice)
            self.reference_overlap = float(max(0.05, np.median(self._zh_best)))

    def _row_sum(self, i: np.ndarray, j0: np.ndarray, j1: np.ndarray) -> np.ndarray:
        """Sum of M[i, j0:j1] (0 where outside what prepare() computed)."""
        lo_i = self._p_lo[i]
        hi_i = self._p_hi[i]
        a = np.clip(j0, lo_i, hi_i) - lo_i
        b = np.clip(j1, lo_i, hi_i) - lo_i
        base = self._prefix_offsets[i]
        return self._prefix[base + b] - self._prefix[base + a]

    # --- LinkScorer -----------------------------------------------------------------------------------------
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
        match = np.zeros(i_end.shape, dtype=np.float64)
        zm = np.zeros(i_end.shape, dtype=np.float64)
        em = np.zeros(i_end.shape, dtype=np.float64)
        for k in range(a):
            match += self._row_sum(i_end - a + k, j_end - b, j_end)
            zm += self.zh_mass[i_end - a + k]
        for k in range(b):
            em += self.en_mass[j_end - b + k]
        match = np.minimum(match, np.minimum(zm, em))
        lexical = np.tanh(2.0 * match / (zm + em + 1.0) / self.reference_overlap)
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

    def confidence(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Logistic of the margin between the link's score per unit and the skip score it beat; for a gap, of
        the margin between skipping and the unit's best lexical partner in the band."""
        if a == 0 or b == 0:
            best = self._zh_best[i_end - 1] if a else self._en_best[j_end - 1]
            partner_cost = self.lexical_weight * (1.0 - np.tanh(best / self.reference_overlap))
            margin = partner_cost + self.skip_score
        else:
            margin = scores / ((a + b) / 2.0) - self.skip_score
        return 1.0 / (1.0 + np.exp(-2.0 * margin))


def _is_pinyin(word: str, syllables: set[str]) -> bool:
    """Whether `word` splits into pinyin syllables (a transcribed Chinese name such as Qingyang)."""
    n = len(word)
    if n < 2 or n > 12:
        return False
    ok = [True] + [False] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - 6), end):
            if ok[start] and word[start:end] in syllables:
                ok[end] = True
                break
    return ok[n]


def length_ratio(zh: Sequence[str], en: Sequence[str]) -> float:
    """English characters per Chinese character over the whole document."""
    z = sum(_han_length(t) for t in zh)
    e = sum(len(t) for t in en)
    return e / z if z and e else math.nan


__all__ = ["Tier1Scorer", "chinese_number", "roman_number", "zh_features", "en_features", "length_ratio", "stem"]
