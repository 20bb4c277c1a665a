"""Tier 1's English side as arrays: every unit's terms (numbers, acronyms, stems, pinyin names) in one id space."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.lexicon import english_term_set, stem, stop_words
from reader_app.core.aligner.tier1.terms import _ACRONYM_HINT_RE, _DIGIT_RE, en_marks_and_names, is_pinyin

_SEPARATOR = "\x1f"  # joins the units for one scan: a control character that no English text has (else: per unit)


def english_space(
    texts: Sequence[str], syllables: frozenset[str]
) -> tuple[dict[str, int], np.ndarray, np.ndarray, set[str]]:
    """The English units' terms: (term -> id, unit of each (unit, term) pair, term id of each pair, the names).

    Each unit has en_features' marks, stems and those capitalised words that are pinyin (the names, as "@name").
    Ids are given in the order of a unit-by-unit pass over each unit's sorted marks, then sorted stems, then
    sorted names (term ids, and so float sums, then do not depend on string hashing), as the loop over units did
    that this replaces; the stems of all units come from one scan of the joined text instead of one per unit."""
    norms = [unicodedata.normalize("NFKC", text) for text in texts]
    # Which units have a digit or an acronym's hint (both are rare; a search per unit cost more than looking at the
    # joined text once).
    joined = _SEPARATOR.join(norms)
    hints = _units_with_hints(joined, len(norms))
    if hints is None:
        ends = np.cumsum([len(t) + 1 for t in norms])
        hints = _units_with(_DIGIT_RE, joined, ends), _units_with(_ACRONYM_HINT_RE, joined, ends)
    digits, acronyms = hints
    marks_names = [en_marks_and_names(text, k in digits, k in acronyms) for k, text in enumerate(norms)]
    names = {name for _marks, candidates in marks_names for name in candidates}
    names = {name for name in names if is_pinyin(name, syllables)}
    stem_unit, stem_of_pair, stems = _stem_pairs(norms)
    # Every term's rank in (marks, stems, names; each sorted) order: a unit's terms in that order are its terms in
    # the old pass's order.
    mark_terms = sorted({m for marks, _names in marks_names for m in marks})
    name_terms = sorted({"@" + c for _marks, caps in marks_names for c in caps if c in names})
    stem_order = sorted(range(len(stems)), key=stems.__getitem__)
    ranked = mark_terms + [stems[k] for k in stem_order] + name_terms
    rank = {term: r for r, term in enumerate(ranked)}
    stem_rank = np.empty(len(stems), dtype=np.int64)
    stem_rank[stem_order] = len(mark_terms) + np.arange(len(stems), dtype=np.int64)
    units: list[int] = []
    ranks: list[int] = []
    for j, (marks, caps) in enumerate(marks_names):
        for term in list(marks) + ["@" + c for c in caps if c in names]:
            units.append(j)
            ranks.append(rank[term])
    unit = np.concatenate([np.array(units, dtype=np.int64), stem_unit])
    term_rank = np.concatenate([np.array(ranks, dtype=np.int64), stem_rank[stem_of_pair]])
    # Ids in the order of first appearance: by the first unit that has the term, then by rank.
    first_unit = np.full(len(ranked), len(texts), dtype=np.int64)
    np.minimum.at(first_unit, term_rank, unit)
    order = np.lexsort((np.arange(len(ranked)), first_unit))
    space_id = np.empty(len(ranked), dtype=np.int64)
    space_id[order] = np.arange(len(ranked), dtype=np.int64)
    space = {ranked[r]: k for k, r in enumerate(order.tolist())}
    return space, unit, space_id[term_rank], names


def _units_with(pattern: re.Pattern[str], joined: str, ends: np.ndarray) -> set[int]:
    """The units (ending before `ends`, separated by one character) in which `pattern` matches; its matches never
    span the separator (no pattern here matches it)."""
    starts = [m.start() for m in pattern.finditer(joined)]
    return set(np.searchsorted(ends, starts, side="right").tolist())


def _units_with_hints(joined: str, n_units: int) -> tuple[set[int], set[int]] | None:
    """_units_with(_DIGIT_RE, ...) and _units_with(_ACRONYM_HINT_RE, ...) of `n_units` units joined by separators,
    by array tests of the characters' codes instead of two scans by regular expressions (Unicode's \\d looks up
    every character's category: 0.05 s of a 10k-paragraph book). None where they cannot tell: a unit holds the
    separator, or the text a digit outside ASCII (\\d's are Unicode's; [A-Z] and [a-z] are ASCII)."""
    code = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    separators = np.flatnonzero(code == 0x1F)
    if len(separators) != n_units - 1:
        return None
    if any(_DIGIT_RE.match(chr(c)) for c in set(code[code >= 0x80].tolist())):
        return None
    digit = (code >= 0x30) & (code <= 0x39)
    upper = (code >= 0x41) & (code <= 0x5A)
    # [A-Z][a-z]*[A-Z\d]: a capital, and the first character after it that is no lower-case letter is a capital or
    # a digit (backing off the [a-z]* run never helps: its letters match neither); the separator ends every run.
    not_lower = np.flatnonzero((code < 0x61) | (code > 0x7A))
    capitals = np.flatnonzero(upper)
    after = np.searchsorted(not_lower, capitals + 1)
    inside = after < len(not_lower)
    follow = not_lower[after[inside]]
    hinted = capitals[inside][upper[follow] | digit[follow]]
    return (
        set(np.searchsorted(separators, np.flatnonzero(digit)).tolist()),
        set(np.searchsorted(separators, hinted).tolist()),
    )


def _stem_pairs(texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(unit, stem index) pairs, one per distinct stem of a unit, and the stems: english_term_set of each text."""
    if any(_SEPARATOR in text for text in texts):
        sets = [english_term_set(text) for text in texts]
        distinct = sorted({t for terms in sets for t in terms})
        index = {t: k for k, t in enumerate(distinct)}
        pairs = [(j, index[t]) for j, terms in enumerate(sets) for t in terms]
        pair_array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return pair_array[:, 0], pair_array[:, 1], distinct
    # Lower-cased as a whole, then read as UTF-8 bytes: ASCII letters are the same bytes there, and no other
    # character's bytes are ASCII, so the runs of a-z bytes are the words english_terms finds unit by unit. Each run
    # becomes a number (bijective base 27: letters are the digits 1-26) by array arithmetic, so that only distinct
    # words, not the hundreds of thousands of occurrences, are Python strings.
    data = np.frombuffer(_SEPARATOR.join(texts).lower().encode("utf-8"), dtype=np.uint8)
    letter = (data >= 97) & (data <= 122)
    edges = np.diff(letter.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    lengths = ends - starts
    unit = np.searchsorted(np.flatnonzero(data == 0x1F), starts)  # separators before the word
    at = np.flatnonzero(letter)
    run = np.repeat(np.arange(len(starts)), lengths)
    power = 27 ** np.arange(_MAX_PACKED, dtype=np.int64)
    digits = (data[at].astype(np.int64) - 96) * power[np.minimum(ends[run] - at - 1, _MAX_PACKED - 1)]
    key = np.add.reduceat(digits, _starts_in(lengths)) if len(at) else np.zeros(0, dtype=np.int64)
    # Longer words (rare) are numbered apart, below zero.
    long_words: dict[str, int] = {}
    for k in np.flatnonzero(lengths > _MAX_PACKED).tolist():
        word = bytes(data[starts[k] : ends[k]]).decode("ascii")
        key[k] = -1 - long_words.setdefault(word, len(long_words))
    # Distinct words by sorting (vectorised; np.unique's inverse costs an argsort of every occurrence) and finding.
    packed = np.sort(key)
    packed = packed[np.concatenate([[True], packed[1:] != packed[:-1]])] if len(packed) else packed
    inverse = np.searchsorted(packed, key)
    spelled = {v: w for w, v in ((w, -1 - i) for w, i in long_words.items())}
    stop = stop_words()
    stems: list[str] = []
    stem_index: dict[str, int] = {}
    stem_of = np.full(len(packed), -1, dtype=np.int64)
    for k, value in enumerate(packed.tolist()):
        word = spelled[value] if value < 0 else _unpack(value)
        if word in stop or len(word) < 2:
            continue
        stemmed = stem(word)
        found = stem_index.get(stemmed)
        if found is None:
            found = stem_index[stemmed] = len(stems)
            stems.append(stemmed)
        stem_of[k] = found
    token_stem = stem_of[inverse]
    keep = token_stem >= 0
    width = max(1, len(stems))
    pair = np.sort(unit[keep].astype(np.int64) * width + token_stem[keep])
    pair = pair[np.concatenate([[True], pair[1:] != pair[:-1]])] if len(pair) else pair  # (np.unique: 3x slower)
    return pair // width, pair % width, stems


_MAX_PACKED = 13  # letters a word may have to be packed: 27 ** 13 < 2 ** 63


def _starts_in(lengths: np.ndarray) -> np.ndarray:
    """Offsets of consecutive runs of the given lengths."""
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)


def _unpack(value: int) -> str:
    letters = []
    while value:
        value, digit = divmod(value - 1, 27)
        letters.append(chr(97 + digit))
    return "".join(reversed(letters))
