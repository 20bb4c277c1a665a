"""Tier 1's start-up short cuts give exactly what they replace: hints from character codes, the lexicon's ready copy,
the cached word table, the early stop of the sentence count."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import numpy as np

from reader_app.core.aligner import api
from reader_app.core.aligner.lexicon import _read_lexicon, load_lexicon
from reader_app.core.aligner.tier1 import terms
from reader_app.core.aligner.tier1.english import _SEPARATOR, _units_with, _units_with_hints
from reader_app.core.aligner.tier1.terms import _ACRONYM_HINT_RE, _DIGIT_RE


def _by_regex(texts: list[str]) -> tuple[set[int], set[int]]:
    joined = _SEPARATOR.join(texts)
    ends = np.cumsum([len(t) + 1 for t in texts])
    return _units_with(_DIGIT_RE, joined, ends), _units_with(_ACRONYM_HINT_RE, joined, ends)


def test_digit_and_acronym_hints_from_codes_as_by_regex() -> None:
    rng = random.Random(5)
    alphabet = list("aZbQ xé9 ＺİMc.AB0’—") + ["COP29", "McD", "NDCs", "G20"]
    told = 0
    for _ in range(3000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(rng.randint(1, 12))]
        texts = [unicodedata.normalize("NFKC", t) for t in texts]
        found = _units_with_hints(_SEPARATOR.join(texts), len(texts))
        assert found is not None
        assert found == _by_regex(texts), texts
        told += bool(found[0] or found[1])
    assert told > 1000


def test_hints_left_to_the_regex_where_codes_cannot_tell() -> None:
    # A digit outside ASCII (\d is Unicode's), or a unit holding the separator: the caller's regex scan decides.
    assert _units_with_hints(_SEPARATOR.join(["Z٣", "ab"]), 2) is None
    assert _units_with_hints(_SEPARATOR.join(["a\x1fB2", "c"]), 2) is None
    assert _units_with_hints(_SEPARATOR.join(["Ab9 x", "no", "3"]), 3) == ({0, 2}, {0})


def test_lexicon_read_through_its_ready_copy_is_the_same() -> None:
    path = Path(load_lexicon().source[0])
    first = _read_lexicon(path)  # from the .npz (writes the ready copy into this test's cache folder)
    again = _read_lexicon(path)  # from the ready copy
    for name in ("words_text", "vocab", "vocab_index", "readings", "syllables", "source"):
        assert getattr(again, name) == getattr(first, name), name
    for name in ("offsets", "terms", "word_lengths"):
        assert getattr(again, name).dtype == np.int64
        assert np.array_equal(getattr(again, name), getattr(first, name)), name


def test_cached_word_table_is_the_built_one() -> None:
    lexicon = load_lexicon()
    terms._word_tables.clear()
    built = terms._build_word_table(lexicon)
    cached = terms._word_table(lexicon)  # written to this test's cache folder, then read back
    terms._word_tables.clear()
    read = terms._word_table(lexicon)
    for table in (cached, read):
        assert np.array_equal(table.char_id, built["char_id"]) and table.base == int(built["base"])
        assert np.array_equal(table.single, built["single"])
        for length, arrays in table.lookup.items():
            for name, array in zip(("known", "word_of", "extends"), arrays, strict=True):
                assert np.array_equal(array, built[f"{name}{length}"]), (name, length)
    text = "气候变化是全球性挑战，中美两国同意加强合作。"
    assert terms.zh_words(text, lexicon) == terms.zh_word_occurrences([text], lexicon)[1].tolist()


def test_sentence_count_stops_early_as_findall_counts() -> None:
    for text in ("", "一句。", "一句。两句！", "一句。两句！三句？", "没有句号", "「引号。」后面", "……", "a. b? c!"):
        assert api._sentence_ends_at_most_one(text) == (len(api._ZH_SENTENCE_END.findall(text)) <= 1), text
