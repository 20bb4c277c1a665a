"""Tier 1's whole-text fast paths give what their one-unit-at-a-time definitions give, exactly."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from reader_app.core.aligner.dp import band_around, link_kinds
from reader_app.core.aligner.lexicon import load_lexicon
from reader_app.core.aligner.tier1 import NameFinder, Tier1Scorer, en_features
from reader_app.core.aligner.tier1.english import english_space
from reader_app.core.aligner.tier1.terms import _ACRONYM_RE, _CAPITALISED_RE, is_pinyin
from reader_app.core.documents import load_document
from tests.conftest import SAMPLE


def test_capitalised_words_as_with_word_boundaries() -> None:
    reference = re.compile(r"\b[A-Z][a-z]+\b")
    rng = random.Random(1)
    alphabet = list("aAbBzZ09 _-'éÉǅ中.") + ["May", "McD", "Ab2", "x"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _CAPITALISED_RE.findall(text) == reference.findall(text), text


def test_acronyms_and_numbers_found_whatever_the_prefilter_skips() -> None:
    marks, _stems, _names = en_features("at COP 29, CO2 and G20: NDCs, MRV and McDonald in 2035 (1,000.50)")
    assert {"=cop29", "=co2", "=g20", "=ndc", "=mrv", "=mcdonald", "#2035", "#1000.5"} <= marks
    assert _ACRONYM_RE.findall("Z٣ and Ab") == ["Z٣"]  # a capital before any digit, Arabic-Indic too
    assert en_features("Z٣")[0] == {"=z٣", "#٣"}


def _one_by_one(texts: list[str], syllables: frozenset[str]) -> tuple[dict[str, int], set[tuple[int, int]]]:
    """The English term space as the loop over units built it: each unit's sorted marks, stems, names in turn."""
    raw = [en_features(t) for t in texts]
    names = {n for _m, _s, caps in raw for n in caps if is_pinyin(n, syllables)}
    space: dict[str, int] = {}
    pairs = set()
    for j, (marks, stems, caps) in enumerate(raw):
        for term in sorted(marks) + sorted(stems) + sorted("@" + c for c in caps if c in names):
            pairs.add((j, space.setdefault(term, len(space))))
    return space, pairs


def test_english_space_as_the_unit_by_unit_pass() -> None:
    syllables = load_lexicon().syllables
    rng = random.Random(3)
    pieces = ["COP 29", "Qingyang", "Beijing", "NDCs", "the", "climates", "May", "1,000", " ", ". ", "é", "K", "İ"]
    for trial in range(200):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 10))]
        if trial % 3 == 0:
            texts[0] += "\x1f"  # the joining character in a text: the per-unit way
        space, unit, term, names = english_space(texts, syllables)
        expected_space, expected_pairs = _one_by_one(texts, syllables)
        assert space == expected_space
        assert set(zip(unit.tolist(), term.tolist(), strict=True)) == expected_pairs
        assert all(is_pinyin(n, syllables) for n in names)


def test_names_of_all_texts_at_once_as_one_by_one() -> None:
    lexicon = load_lexicon()
    by_reading: dict[str, list[str]] = {}
    for ch, reading in lexicon.readings.items():
        by_reading.setdefault(reading, []).append(ch)
    rng = random.Random(5)
    syllables = sorted(s for s in lexicon.syllables if s in by_reading)
    for _ in range(20):
        pool = rng.sample(syllables, 8)
        names = {"".join(rng.choice(pool) for _ in range(rng.randint(2, 3))) for _ in range(rng.randint(1, 20))}
        finder = NameFinder({n for n in names if is_pinyin(n, lexicon.syllables)}, lexicon)
        chars = [rng.choice(by_reading[p]) for p in pool] + list("ab:| 。\nT")
        texts = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 12))) for _ in range(200)]
        assert finder.find_all(texts) == [finder.find(t) for t in texts]
    assert NameFinder({"qingyang"}, lexicon).find_all(["陈清扬", "清扬a", ""]) == [{"@qingyang"}, {"@qingyang"}, set()]


@pytest.mark.parametrize(("level", "limits"), [("paragraph", (2, 2)), ("sentence", (3, 5))])
def test_chunk_scores_are_link_scores_bit_for_bit(level: str, limits: tuple[int, int]) -> None:
    document = load_document(SAMPLE)
    zh, en = document.zh.texts(), document.en.texts()
    scorer = Tier1Scorer(zh, en, level=level)
    lo, hi = band_around(scorer.first_pass(), len(zh), len(en), scorer.band)
    scorer.prepare(lo, hi, *limits)
    i_end = np.repeat(np.arange(len(zh) + 1), hi - lo)
    j_end = np.concatenate([np.arange(a, b) for a, b in zip(lo.tolist(), hi.tolist(), strict=True)])
    kinds = link_kinds(*limits)
    many = scorer.chunk_scores(kinds, i_end, j_end)
    for row, (a, b) in enumerate(kinds):
        ok = (i_end >= a) & (j_end >= b)
        one = scorer.link_scores(a, b, i_end[ok], j_end[ok])
        assert np.array_equal(many[row, ok].view(np.int64), one.view(np.int64))
        assert np.all(np.isneginf(many[row, ~ok]))


def test_paragraphs_of_one_sentence_are_aligned_with_the_sentence_costs() -> None:
    from reader_app.core.aligner.api import scoring_level

    one_each = ["他笑了。", "“你来了？”她问。", "外面下着雨", "我们走吧！", "好。", "他点点头。", "第二天", "天晴了。"]
    assert scoring_level(one_each, "paragraph") == "sentence"
    assert scoring_level(one_each[:7], "paragraph") == "paragraph"  # too few to tell
    longer = [t + "他又说了一句。" for t in one_each]
    assert scoring_level(longer, "paragraph") == "paragraph"
    assert scoring_level(one_each, "sentence") == "sentence"
