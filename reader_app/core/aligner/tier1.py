"""Tier-1 link scorer: length ratio, CC-CEDICT lexical evidence weighted by rarity, identical tokens, structure."""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import repeat

import numpy as np

from reader_app.core.aligner.lexicon import MAX_WORD_LENGTH, Lexicon, english_terms, load_lexicon
from reader_app.core.text.scripts import HAN_RUN

_QUERY_SLICE = 200_000
_WHOLE_LEXICON_ABOVE = 200_000  # word occurrences beyond which checking every dictionary word once is cheaper
_ASCII_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_ZH_NUMERAL_RE = re.compile(r"[零〇一二三四五六七八九十百千万两]{2,}|[十百千万]")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\s?\d+)?")
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
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
    """Numbering at the start of a Chinese paragraph as a level and a number: 一、 / 第一章 are the top level
    (English I. / Chapter 1), （一） / 1. the next (English 1. / (1))."""
    m = _ZH_NUMBERING_RE.match(text)
    if not m:
        return None
    chapter, bracketed, listed = m.groups()
    raw = chapter or bracketed or listed
    value = chinese_number(raw)
    level = "B" if bracketed or (listed and listed.isdigit()) else "A"
    return None if value is None else f"§{level}{value}"


def en_structure(text: str) -> str | None:
    """Numbering at the start of an English paragraph, on the scale of zh_structure."""
    m = _EN_NUMBERING_RE.match(text)
    if not m:
        return None
    chapter, bracketed, listed = m.groups()
    raw = chapter or bracketed or listed
    value = int(raw) if raw.isdigit() else roman_number(raw)
    level = "B" if bracketed or (listed and listed.isdigit()) else "A"
    return None if value is None else f"§{level}{value}"


def zh_marks(text: str) -> set[str]:
    """Identical-token and structure terms of a Chinese unit: numbers, Latin words and acronyms, numbering."""
    marks: set[str] = set()
    if _ASCII_ALNUM_RE.search(text):
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
    return marks


def zh_words(text: str, lexicon: Lexicon, *, covered_characters: bool = False) -> list[int]:
    """Indices of the dictionary words found in a Chinese text: every word of 2-4 characters at every position,
    and each character that no such word covers (看见 is "see", not also 见 "meet": a stray sense of a single
    character tied a deleted paragraph to its neighbour's translation); with `covered_characters`, every
    character (short sentences need them more than they suffer from them: bench/README.md)."""
    index = lexicon.word_index
    long_prefixes = lexicon.long_prefixes
    found: list[int] = []
    add = found.append
    for run in HAN_RUN.findall(text):
        n = len(run)
        covered_to = 0  # characters before this position are inside a word of two or more characters
        for start in range(n):
            two = run[start : start + 2]
            if len(two) == 2:
                k = index.get(two)
                if k is not None:
                    add(k)
                    covered_to = start + 2 if start + 2 > covered_to else covered_to
                if two in long_prefixes:
                    for length in range(3, min(MAX_WORD_LENGTH, n - start) + 1):
                        k = index.get(run[start : start + length])
                        if k is not None:
                            add(k)
                            covered_to = start + length if start + length > covered_to else covered_to
            if covered_characters or covered_to <= start:
                k = index.get(run[start])
                if k is not None:
                    add(k)
    return found


class NameFinder:
    """Finds transcribed names: 2-3 consecutive Han characters whose pinyin is one of the English side's
    capitalised words (Qingyang <- 清扬). One regular expression over the text's pinyin, not a loop per character."""

    def __init__(self, names: set[str], lexicon: Lexicon) -> None:
        self._table = _reading_table(lexicon)
        alternatives: set[str] = set()
        for name in names:
            for parts in _segmentations(name, lexicon.syllables):
                if 2 <= len(parts) <= 3:
                    alternatives.add(r"\|".join(parts))
        ordered = sorted(alternatives, key=len, reverse=True)
        self._re = re.compile(r"(?<![a-z:])(?:" + "|".join(ordered) + r")(?=\|)") if ordered else None

    def find(self, text: str) -> set[str]:
        if self._re is None:
            return set()
        return {"@" + m.replace("|", "") for m in self._re.findall(text.translate(self._table))}


_tables: dict[int, dict[int, str]] = {}


def _reading_table(lexicon: Lexicon) -> dict[int, str]:
    table = _tables.get(id(lexicon))
    if table is None:
        table = _tables[id(lexicon)] = {ord(ch): reading + "|" for ch, reading in lexicon.readings.items()}
    return table


def _segmentations(word: str, syllables: frozenset[str], limit: int = 3) -> list[list[str]]:
    """Ways to split `word` into at most `limit` pinyin syllables."""
    if not word:
        return [[]]
    if limit == 0:
        return []
    out = []
    for end in range(1, min(6, len(word)) + 1):
        if word[:end] in syllables:
            out.extend([word[:end], *rest] for rest in _segmentations(word[end:], syllables, limit - 1))
    return out


def zh_features(
    text: str, lexicon: Lexicon, names: set[str] | frozenset[str] = frozenset()
) -> tuple[set[str], set[str]]:
    """Identical-token, structure and name terms, and the English stems the dictionary offers, of a Chinese unit."""
    text = unicodedata.normalize("NFKC", text)
    marks = zh_marks(text)
    if names:
        marks |= NameFinder(set(names), lexicon).find(text)
    stems = {t for k in zh_words(text, lexicon) for t in lexicon.translations_of(k)}
    return marks, stems


# COP 29, COP29, CO2, G20, N2O; then words with two capitals (NDCs, MRV, UNEP).
_ACRONYM_RE = re.compile(
    r"\b[A-Z]{2,}[a-z]? ?\d+[A-Za-z0-9]*\b|\b[A-Z]\d+[A-Za-z0-9]*\b|\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b"
)
_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]+\b")


def en_features(text: str) -> tuple[set[str], set[str], set[str]]:
    """Identical-token and structure terms, English stems, and capitalised words (name candidates) of a unit."""
    text = unicodedata.normalize("NFKC", text)
    marks = {_number_term(raw) for raw in _NUMBER_RE.findall(text)}
    marks.update(_latin_term(raw) for raw in _ACRONYM_RE.findall(text))
    names: set[str] = set()
    for raw in _CAPITALISED_RE.findall(text):
        low = raw.lower()
        month = _MONTHS.get(low)
        if month:
            marks.add(f"#{month}")
        names.add(low)
    structure = en_structure(text)
    if structure:
        marks.add(structure)
    return marks, set(english_terms(text)), names


def _han_length(text: str) -> int:
    return len("".join(text.split()))


class Tier1Scorer:
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
        self.zh_lengths = np.array([_han_length(t) for t in zh], dtype=np.float64)
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

    # --- evidence -----------------------------------------------------------------------------------------
    def _build_terms(self, zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> None:
        """Term ids per unit, in one space shared by both sides, as flat arrays (CSR): `*_unit`, `*_term`."""
        space: dict[str, int] = {}
        names: set[str] = set()
        en_raw = [en_features(text) for text in en]
        for feats in en_raw:
            names |= feats[2]
        names = {n for n in names if _is_pinyin(n, lexicon.syllables)}
        en_unit: list[int] = []
        en_term: list[int] = []
        for j, (marks, stems, caps) in enumerate(en_raw):
            # Sorted, so that term ids (and float sums) do not depend on the process's string hashing.
            terms = sorted(marks) + sorted(stems) + sorted("@" + c for c in caps if c in names)
            ids = sorted({space.setdefault(t, len(space)) for t in terms})
            en_term.extend(ids)
            en_unit.extend([j] * len(ids))
        n_space = len(space)
        # Lexicon term id -> id in this document's space (-1: the English side never has it).
        vocab_map = np.full(len(lexicon.vocab), -1, dtype=np.int64)
        vocab_index = lexicon.vocab_index
        for term, t in space.items():
            k = vocab_index.get(term)
            if k is not None:
                vocab_map[k] = t
        # Chinese: dictionary words per unit (compact int arrays: a novel has millions of word occurrences).
        word_unit = array("q")
        word_idx = array("q")
        mark_unit: list[int] = []
        mark_term: list[int] = []
        finder = NameFinder(names, lexicon)
        for i, text in enumerate(zh):
            norm = unicodedata.normalize("NFKC", text)
            marks = zh_marks(norm) | finder.find(norm)
            words = zh_words(norm, lexicon, covered_characters=self.level == "sentence")
            mark_ids = sorted(space[m] for m in marks if m in space)
            word_idx.extend(words)
            word_unit.extend(repeat(i, len(words)))
            mark_term.extend(mark_ids)
            mark_unit.extend([i] * len(mark_ids))
        self.en_unit, self.en_term = _unique_pairs(
            np.array(en_unit, dtype=np.int64), np.array(en_term, dtype=np.int64), n_space
        )
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
        w_idx = np.frombuffer(word_idx, dtype=np.int64) if len(word_idx) else np.zeros(0, dtype=np.int64)
        w_unit = np.frombuffer(word_unit, dtype=np.int64) if len(word_unit) else np.zeros(0, dtype=np.int64)
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
            if total:
                starts = np.repeat(left - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
                hit_col = self._postings[starts + np.arange(total)] % (n_en + 1)
                hit_unit = np.repeat(q_unit, counts)
                # Queries come sorted by unit, so a slice fills one stretch of rows: counting into that stretch
                # only (not a whole-band array per slice) keeps this linear in the document's length.
                first_cell = int(offsets[q_unit.min()])
                stretch = int(offsets[q_unit.max() + 1]) - first_cell
                values[first_cell : first_cell + stretch] += np.bincount(
                    offsets[hit_unit] + hit_col - p_lo[hit_unit] - first_cell,
                    weights=np.repeat(self.weights[q_term], counts),
                    minlength=stretch,
                )
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
            dice = 2.0 * values / (self.zh_mass[row_of] + self.en_mass[cols] + self.smoothing)
            np.maximum.at(self._zh_best, row_of, dice)
            np.maximum.at(self._en_best, cols, dice)
            self.reference_overlap = float(max(0.05, np.median(self._zh_best)))
            # Chance overlap of each unit with its neighbours (hubs: long units full of common words).
            self._zh_mean = np.bincount(row_of, weights=dice, minlength=n_zh) / np.maximum(
                1, np.bincount(row_of, minlength=n_zh)
            )
            self._en_mean = np.bincount(cols, weights=dice, minlength=n_en) / np.maximum(
                1, np.bincount(cols, minlength=n_en)
            )
        else:
            self._zh_mean = np.zeros(n_zh)
            self._en_mean = np.zeros(n_en)

    def _row_sum(self, i: np.ndarray, j0: np.ndarray, j1: np.ndarray) -> np.ndarray:
        """Sum of M[i, j0:j1] (0 where outside what prepare() computed)."""
        lo_i = self._p_lo[i]
        hi_i = self._p_hi[i]
        a = np.clip(j0, lo_i, hi_i) - lo_i
        b = np.clip(j1, lo_i, hi_i) - lo_i
        base = self._prefix_offsets[i]
        return self._prefix[base + b] - self._prefix[base + a]

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
        name, a rare word), the longest chain of such anchors in order, and proportional lengths in between.
        A missing chapter then shifts the band where it happens instead of forcing wider and wider bands.
        When the chain pairs at least `anchor_ratio_share` of the units, it also sets the length ratio."""
        n_zh, n_en = self.n_zh, self.n_en
        n_terms = len(self.weights)
        zh_df = np.bincount(self.zh_term, minlength=n_terms)
        en_df = np.bincount(self.en_term, minlength=n_terms)
        unique = (zh_df == 1) & (en_df == 1) & (self.weights > 0)
        zh_of = np.full(n_terms, -1, dtype=np.int64)
        en_of = np.full(n_terms, -1, dtype=np.int64)
        zh_of[self.zh_term[unique[self.zh_term]]] = self.zh_unit[unique[self.zh_term]]
        en_of[self.en_term[unique[self.en_term]]] = self.en_unit[unique[self.en_term]]
        terms = np.flatnonzero(unique)
        pairs = np.unique(zh_of[terms] * (n_en + 1) + en_of[terms])
        anchor_zh, anchor_en = pairs // (n_en + 1), pairs % (n_en + 1)
        chain = _longest_chain(anchor_zh.tolist(), anchor_en.tolist())
        if len(chain) >= max(2, self.anchor_ratio_share * min(n_zh, n_en)):
            # Enough anchored pairs to take the length ratio from them: the ratio over whole sides counts the
            # paragraphs that have no counterpart, and in a short text one of them skews it enough to make a
            # 1-2 link of a pair and a missing paragraph look the right length.
            zh_len = float(self.zh_lengths[anchor_zh[chain]].sum())
            en_len = float(self.en_lengths[anchor_en[chain]].sum())
            if zh_len > 0 and en_len > 0:
                self.ratio = en_len / zh_len
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
