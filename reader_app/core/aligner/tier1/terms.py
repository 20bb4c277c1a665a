"""What one unit offers tier 1 as evidence: numbers and numbering, identical tokens, dictionary words, pinyin names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reader_app.core.aligner.lexicon import MAX_WORD_LENGTH, Lexicon, derived_arrays, english_term_set
from reader_app.core.text.scripts import HAN

_ASCII_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_ZH_NUMERAL_RE = re.compile(r"[零〇一二三四五六七八九十百千万两]{2,}|[十百千万]")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\s?\d+)?")
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# HAN (the regex class) as code point ranges, for the array look-ups of zh_word_occurrences.
_HAN_RANGES = [(ord(HAN[k]), ord(HAN[k + 2])) for k in range(0, len(HAN), 3)]
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
    return zh_word_occurrences([text], lexicon, covered_characters=covered_characters)[1].tolist()


def zh_word_occurrences(
    texts: Sequence[str], lexicon: Lexicon, *, covered_characters: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """zh_words of many texts at once, as (text index, word index) arrays in text order, each text's words in
    zh_words' order (by position, then length, the character alone last). Array arithmetic over all the texts'
    characters instead of a dictionary look-up per position: a novel has millions of them."""
    table = _word_table(lexicon)
    n_texts = len(texts)
    joined = "\n".join(texts)  # a separator that is no Han character: no word spans two texts
    code = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n_texts)
    text_start = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]) if n_texts else np.zeros(0, dtype=np.int64)
    ids = np.zeros(len(code) + MAX_WORD_LENGTH, dtype=np.int64)  # 0: no Han character of the lexicon (and padding)
    ids[: len(code)] = np.where(code < len(table.char_id), table.char_id[np.minimum(code, len(table.char_id) - 1)], 0)
    n = len(code)
    positions: list[np.ndarray] = []
    ranks: list[np.ndarray] = []
    words: list[np.ndarray] = []
    cover = np.zeros(n + MAX_WORD_LENGTH + 1, dtype=np.int64)
    # Positions whose next `length` characters are all in the lexicon and begin some word of that length or
    # longer, and those characters as a key: each longer length looks only where a shorter one said a word goes on.
    where = np.flatnonzero((ids[:n] > 0) & (ids[1 : n + 1] > 0))
    key = ids[where] * table.base + ids[where + 1]
    for length in range(2, MAX_WORD_LENGTH + 1):
        if length > 2:
            nxt = ids[where + length - 1]
            keep = nxt > 0
            where, key = where[keep], key[keep] * table.base + nxt[keep]
        known, word_of, extends = table.lookup[length]
        if not len(known):
            break
        at = np.searchsorted(known, key).clip(0, len(known) - 1)
        same = known[at] == key
        word = np.where(same, word_of[at], -1)
        found = word >= 0
        hit = where[found]
        positions.append(hit)
        ranks.append(np.full(len(hit), length, dtype=np.int64))
        words.append(word[found])
        # One word of each length at most starts at a position: plain indexed adds are exact here.
        cover[hit] += 1
        cover[hit + length] -= 1
        go_on = same & extends[at]
        where, key = where[go_on], key[go_on]
    single = table.single[ids[:n]]
    alone = single >= 0
    if not covered_characters:
        alone &= np.cumsum(cover[:n]) == 0
    hit = np.flatnonzero(alone)
    positions.append(hit)
    ranks.append(np.full(len(hit), MAX_WORD_LENGTH + 1, dtype=np.int64))
    words.append(single[hit])
    position = np.concatenate(positions)
    order = np.argsort(position * (MAX_WORD_LENGTH + 2) + np.concatenate(ranks), kind="stable")
    position = position[order]
    unit = np.searchsorted(text_start, position, side="right") - 1
    return unit.astype(np.int64), np.concatenate(words)[order].astype(np.int64)


@dataclass(frozen=True)
class _WordTable:
    """The lexicon's words of 1-MAX_WORD_LENGTH Han characters as numbers, for zh_word_occurrences: per character
    code a dense id (0: not a Han character of the lexicon); per id the word index of the character alone (-1:
    none); per length the look-up of words as keys (their characters' ids in base `base`)."""

    char_id: np.ndarray
    base: int
    single: np.ndarray
    # Per length: the sorted keys that are a word or begin a longer one, the word index of each (-1: none), and
    # whether a longer word begins with it.
    lookup: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]


# Keyed by id, holding the lexicon too: while it is held its id cannot be reused by another lexicon (tests build
# their own), whose word indices would differ.
_word_tables: dict[int, tuple[Lexicon, _WordTable]] = {}


def _word_table(lexicon: Lexicon) -> _WordTable:
    cached = _word_tables.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    # Kept in the cache beside the lexicon: building it sorts every dictionary word (0.1 s of every CLI run).
    arrays = derived_arrays(lexicon, f"words{_WORD_TABLE_VERSION}", lambda: _build_word_table(lexicon))
    lookup = {length: (arrays[f"known{length}"], arrays[f"word_of{length}"], arrays[f"extends{length}"])
              for length in range(2, MAX_WORD_LENGTH + 1)}
    table = _WordTable(arrays["char_id"], int(arrays["base"]), arrays["single"], lookup)
    _word_tables[id(lexicon)] = (lexicon, table)
    return table


_WORD_TABLE_VERSION = 1  # bump when _build_word_table's arrays change


def _build_word_table(lexicon: Lexicon) -> dict[str, np.ndarray]:
    """_WordTable's arrays by name (known2 .. known4 and so on for the per-length look-ups)."""
    code = np.frombuffer(lexicon.words_text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    code = code[code != 10]  # the words one after another, as "".join(lexicon.words)
    lengths = lexicon.word_lengths
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    han = np.zeros(0x10000, dtype=bool)
    for first, last in _HAN_RANGES:
        han[first : last + 1] = True
    is_han = (code < 0x10000) & han[np.minimum(code, 0xFFFF)]
    used = np.unique(code[is_han])
    char_id = np.zeros(0x10000, dtype=np.int64)
    char_id[used] = np.arange(1, len(used) + 1)
    base = len(used) + 1
    if base**MAX_WORD_LENGTH >= 2**63:
        raise ValueError("too many distinct characters in the lexicon for int64 word keys")
    code_id = np.where(is_han, char_id[np.minimum(code, 0xFFFF)], 0)
    keys: dict[int, np.ndarray] = {}
    words: dict[int, np.ndarray] = {}
    single = np.full(base, -1, dtype=np.int64)
    for length in range(1, MAX_WORD_LENGTH + 1):
        k = np.flatnonzero(lengths == length)
        chars = code_id[starts[k][:, None] + np.arange(length)]
        ok = np.all(chars > 0, axis=1)
        k, chars = k[ok], chars[ok]
        if length == 1:
            single[chars[:, 0]] = k
            continue
        key = np.zeros(len(k), dtype=np.int64)
        for c in range(length):
            key = key * base + chars[:, c]
        order = np.argsort(key)
        keys[length], words[length] = key[order], k[order]
    lookup: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for length in range(2, MAX_WORD_LENGTH + 1):
        # (Sorted keys stay sorted when cut short: sorting merges runs, de-duplicating compares neighbours.)
        longer = [keys[m] // base ** (m - length) for m in range(length + 1, MAX_WORD_LENGTH + 1) if m in keys]
        prefixes = _distinct(np.sort(np.concatenate(longer), kind="stable")) if longer else np.zeros(0, np.int64)
        own = keys.get(length, np.zeros(0, dtype=np.int64))
        known = _distinct(np.sort(np.concatenate([own, prefixes]), kind="stable"))
        word_of = np.full(len(known), -1, dtype=np.int64)
        word_of[np.searchsorted(known, own)] = words.get(length, np.zeros(0, dtype=np.int64))
        extends = np.zeros(len(known), dtype=bool)
        if len(prefixes):
            extends = prefixes[np.searchsorted(prefixes, known).clip(0, len(prefixes) - 1)] == known
        lookup[length] = (known, word_of, extends)
    arrays = {"char_id": char_id, "base": np.array(base, dtype=np.int64), "single": single}
    for length, (known, word_of, extends) in lookup.items():
        arrays.update({f"known{length}": known, f"word_of{length}": word_of, f"extends{length}": extends})
    return arrays


def _distinct(sorted_keys: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return sorted_keys
    return sorted_keys[np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]])]


class NameFinder:
    """Finds transcribed names: 2-3 consecutive Han characters whose pinyin is one of the English side's
    capitalised words (Qingyang <- 清扬). One regular expression over the text's pinyin, not a loop per character."""

    def __init__(self, names: set[str], lexicon: Lexicon) -> None:
        self._table = _reading_table(lexicon)
        alternatives: set[str] = set()
        for name in names:
            for parts in _segmentations(name, lexicon.syllables):
                if 2 <= len(parts) <= 3:
                    alternatives.add("|".join(parts))
        self._alternatives = alternatives
        self._compiled: re.Pattern[str] | None = None  # compiled when find() is first asked (find_all: rarely)
        self._lexicon = lexicon

    def find(self, text: str) -> set[str]:
        if not self._alternatives:
            return set()
        if self._compiled is None:
            # The alternatives as a trie (qing(?:\|yang|\|ming)...): at a position the text allows at most one path
            # through it, and the greedy path backs off from the longest, so each match is the one that the
            # longest-first alternation (the finder before) found, at less than half the scanning cost.
            self._compiled = re.compile(r"(?<![a-z:])(?:" + _trie_pattern(self._alternatives) + r")(?=\|)")
        return {"@" + m.replace("|", "") for m in self._compiled.findall(text.translate(self._table))}

    def find_all(self, texts: Sequence[str]) -> list[set[str]]:
        """[find(text) for text in texts], by array look-ups over all the texts' characters.

        In the translated text, a character with a reading is its reading and "|", and any other character stands
        for itself. Where no character is an ASCII lower-case letter or "|" (all but a few Chinese texts), the
        pattern's letters and bars come only from readings, so a match is 2-3 consecutive characters whose readings
        are an alternative's syllables, not right after a ":" (the look-behind); at each start the longest wins,
        and the scan goes on after the match. The other texts are left to find()."""
        if not self._alternatives:
            return [set() for _ in texts]
        syllable_id, reading_of = _reading_ids(self._lexicon)
        n = len(syllable_id) + 1
        keys: dict[int, set[int]] = {2: set(), 3: set()}
        for alternative in self._alternatives:
            parts = alternative.split("|")
            if all(p in syllable_id for p in parts):
                key = 0
                for p in parts:
                    key = key * n + syllable_id[p] + 1
                keys[len(parts)].add(key)
        joined = "\n".join(texts)  # a separator with no reading: no match spans two texts
        code = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        # Reading id + 1 per character (0: none), and 0 padding so that the 3-character keys need no bounds.
        r = np.zeros(len(code) + 2, dtype=np.int64)
        r[: len(code)] = np.where(code < len(reading_of), reading_of[np.minimum(code, len(reading_of) - 1)], 0)
        starts = np.flatnonzero(r[: len(code)] > 0)
        if not (len(reading_of) > _COLON and reading_of[_COLON]):
            # A ":" left as it is (NFKC makes one of every "："): no match starts right after it.
            starts = starts[(starts == 0) | (code[starts - 1] != _COLON)]
        two = r[starts] * n + r[starts + 1]
        ok2 = (r[starts + 1] > 0) & np.isin(two, np.fromiter(keys[2], dtype=np.int64, count=len(keys[2])))
        ok3 = (r[starts + 1] > 0) & (r[starts + 2] > 0)
        ok3 &= np.isin(two * n + r[starts + 2], np.fromiter(keys[3], dtype=np.int64, count=len(keys[3])))
        found: list[set[str]] = [set() for _ in texts]
        text_start = np.cumsum([0] + [len(t) + 1 for t in texts])
        hit = ok2 | ok3
        positions = starts[hit].tolist()
        longs = ok3[hit].tolist()
        units = (np.searchsorted(text_start, starts[hit], side="right") - 1).tolist()
        readings = self._lexicon.readings
        free = 0
        for p, long, unit in zip(positions, longs, units, strict=True):
            if p < free:
                continue
            width = 3 if long else 2
            found[unit].add("@" + "".join(readings[c] for c in joined[p : p + width]))
            free = p + width
        for k, text in enumerate(texts):
            if _LOWER_OR_BAR.search(text):
                found[k] = self.find(text)
        return found


def _trie_pattern(words: set[str]) -> str:
    """A regular expression matching exactly `words`, preferring the longest, as nested groups of shared prefixes."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


_tables: dict[int, dict[int, str]] = {}
_LOWER_OR_BAR = re.compile(r"[a-z|]")
_COLON = ord(":")
_reading_arrays: dict[int, tuple[Lexicon, dict[str, int], np.ndarray]] = {}


def _reading_ids(lexicon: Lexicon) -> tuple[dict[str, int], np.ndarray]:
    """Reading -> id, and per character code its reading's id + 1 (0: no reading)."""
    cached = _reading_arrays.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1], cached[2]
    ids: dict[str, int] = {}
    codes = [ord(ch) for ch in lexicon.readings]
    of = np.zeros(max(codes, default=0) + 1, dtype=np.int64)
    of[codes] = [ids.setdefault(reading, len(ids)) + 1 for reading in lexicon.readings.values()]
    _reading_arrays[id(lexicon)] = (lexicon, ids, of)
    return ids, of


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
    out: list[list[str]] = []
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
# What every _ACRONYM_RE match contains (two capitals with lower-case letters between, or a capital and a digit):
# a cheap search that rules most paragraphs out, the full pattern (its \b alternatives are slow) only for the rest.
_ACRONYM_HINT_RE = re.compile(r"[A-Z][a-z]*[A-Z\d]")
_DIGIT_RE = re.compile(r"\d")
# \b[A-Z][a-z]+\b, written to start with the capital: sre then skips to capitals instead of trying a word boundary
# at every position (2x faster). The look-behind, past the capital, asks for no word character before it.
_CAPITALISED_RE = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?!\w)")


def en_features(text: str) -> tuple[set[str], set[str], set[str]]:
    """Identical-token and structure terms, English stems, and capitalised words (name candidates) of a unit."""
    text = unicodedata.normalize("NFKC", text)
    marks, names = en_marks_and_names(text)
    return marks, english_term_set(text), names


def en_marks_and_names(
    text: str, digits: bool | None = None, acronyms: bool | None = None
) -> tuple[set[str], set[str]]:
    """en_features' identical-token and structure terms and name candidates of an NFKC-normalised unit. `digits` /
    `acronyms`: whether the text has a digit / an _ACRONYM_HINT_RE match, when the caller knows (None: looked for)."""
    if digits if digits is not None else _DIGIT_RE.search(text):
        marks = {_number_term(raw) for raw in _NUMBER_RE.findall(text)}
    else:
        marks = set()
    if acronyms if acronyms is not None else _ACRONYM_HINT_RE.search(text):
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
    return marks, names


def is_pinyin(word: str, syllables: frozenset[str]) -> bool:
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
