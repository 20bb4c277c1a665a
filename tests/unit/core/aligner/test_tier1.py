"""Tier-1 evidence, one component at a time: numbers, structure, identical tokens, lexicon, names, scores."""

from __future__ import annotations

import time

import numpy as np
import pytest

from reader_app.core.aligner import align_paragraphs
from reader_app.core.aligner import lexicon as lexicon_module
from reader_app.core.aligner.lexicon import build_lexicon_cache, english_terms, lexicon_cache_path, load_lexicon, stem
from reader_app.core.aligner.tier1 import (
    NameFinder,
    Tier1Scorer,
    chinese_number,
    en_features,
    en_structure,
    roman_number,
    zh_features,
    zh_marks,
    zh_structure,
    zh_words,
)
from reader_app.core.aligner.tier1.terms import zh_word_occurrences


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十九", 29),
        ("十", 10),
        ("十五", 15),
        ("一九四九", 1949),
        ("两千零二十四", 2024),
        ("三万五千", 35000),
        ("29", 29),
        ("甲", None),
    ],
)
def test_chinese_numbers(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


def test_roman_numbers() -> None:
    assert [roman_number(t) for t in ("I", "iv", "IX", "XIV", "xl", "abc")] == [1, 4, 9, 14, 40, None]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("一、总则", "I. General provisions"),
        ("（二）适用范围", "(2) Scope"),
        ("第三章 合作", "Chapter 3 Cooperation"),
        ("4. 附则", "4. Final provisions"),
        ("十二、其他", "XII. Other matters"),
        ("（三）加强执法", "3. Law enforcement"),
    ],
)
def test_numbering_matches_across_languages(zh: str, en: str) -> None:
    assert zh_structure(zh) is not None
    assert zh_structure(zh) == en_structure(en)


def test_numbering_levels_differ() -> None:
    assert zh_structure("三、提升治理能力") == en_structure("III. Improving governance") != zh_structure("（三）加强")


def test_no_numbering_in_running_text() -> None:
    assert zh_structure("双方同意加强合作。") is None
    assert en_structure("In 2024, the two sides agreed.") is None


def test_identical_tokens_on_both_sides() -> None:
    zh = zh_marks("雙方計劃在COP29期間對標1.5攝氏度溫控目標的2035年國家自主貢獻(NDCs)，第二十九次")
    en, _stems, _names = en_features("at COP 29, 1.5C-aligned 2035 nationally determined contributions (NDCs)")
    for term in ("=cop29", "=ndc", "#1.5", "#2035"):
        assert term in zh and term in en
    assert "#29" in zh  # 二十九 as a number


def test_english_months_and_percentages_become_numbers() -> None:
    marks, _stems, _names = en_features("On May 8-9, 100 percent of 1,000 delegates")
    assert {"#5", "#8", "#9", "#100", "#1000"} <= marks


def test_english_terms_drop_stopwords_and_stem() -> None:
    assert english_terms("The meetings of the Working Group") == [stem("meetings"), stem("working"), stem("group")]
    for a, b in (("meetings", "meeting"), ("climates", "climate"), ("discussed", "discussion"), ("States", "state")):
        assert stem(a) == stem(b)
    assert stem("meeting") != stem("methane")


def test_lexicon_translates_both_scripts() -> None:
    lexicon = load_lexicon()
    assert stem("climate") in lexicon.translations("气候")
    assert lexicon.translations("氣候") == lexicon.translations("气候")
    assert stem("methane") in lexicon.translations("甲烷")
    assert lexicon.translations("不是一个词吧") == []


def test_a_character_inside_a_word_is_not_looked_up_alone() -> None:
    lexicon = load_lexicon()
    index = lexicon.word_index
    found = zh_words("我们看见山", lexicon)
    assert index["看见"] in found and index["我们"] in found and index["山"] in found  # 山: no word covers it
    assert index["见"] not in found and index["看"] not in found
    assert index["见"] in zh_words("我们看见山", lexicon, covered_characters=True)  # sentences keep them


def test_word_occurrences_of_many_texts_are_each_texts_words() -> None:
    lexicon = load_lexicon()
    texts = ["我们看见山", "", "abc看见x山。中华人民共和国", "𠀀看见", "長頸鹿在動物園", "山"]
    for covered in (False, True):
        unit, word = zh_word_occurrences(texts, lexicon, covered_characters=covered)
        for k, text in enumerate(texts):
            assert word[unit == k].tolist() == zh_words(text, lexicon, covered_characters=covered)


def test_chinese_features_offer_english_stems() -> None:
    marks, stems = zh_features("會議回顧了舊金山會晤", load_lexicon())
    assert {stem("meeting"), stem("review"), stem("francisco")} <= stems
    assert marks == set()


def test_pinyin_names_found_only_when_the_english_side_has_them() -> None:
    finder = NameFinder({"qingyang", "zhenmin"}, load_lexicon())
    assert finder.find("陈清扬把我拽住。刘振民说") == {"@qingyang", "@zhenmin"}
    assert NameFinder(set(), load_lexicon()).find("陈清扬") == set()


def test_lexicon_cache_built_once_then_loaded(tmp_path) -> None:
    target = tmp_path / "cedict.npz"
    build_lexicon_cache(target)
    t0 = time.perf_counter()
    lexicon = lexicon_module.load_lexicon(target)
    assert time.perf_counter() - t0 >= 0  # figures live in bench/align_speed.py; here: it loads and works
    assert stem("climate") in lexicon.translations("气候")
    assert lexicon_cache_path().name.startswith("cedict-v")


def _score(scorer: Tier1Scorer, a: int, b: int, i: int, j: int) -> float:
    return float(scorer.link_scores(a, b, np.array([i]), np.array([j]))[0])


def test_translation_outscores_a_neighbour() -> None:
    zh = ["气候变化会议在华盛顿举行。", "双方讨论了甲烷排放。"]
    en = ["The climate change meeting was held in Washington.", "The two sides discussed methane emissions."]
    scorer = Tier1Scorer(zh, en)
    assert _score(scorer, 1, 1, 1, 1) > _score(scorer, 1, 1, 1, 2)
    assert _score(scorer, 1, 1, 2, 2) > _score(scorer, 1, 1, 2, 1)
    assert _score(scorer, 1, 1, 1, 1) > 2 * scorer.skip_score  # better than leaving both out


def test_rare_words_weigh_more_than_common_ones() -> None:
    en = ["The river.", "The river and the methane.", "The river again.", "A forest.", "A garden.", "A city."]
    scorer = Tier1Scorer(["河流。"], en)
    # "river" is in three of six units, "methane" in one: compare their weights through unit 1, which has both.
    weights = {int(t): float(scorer.weights[t]) for t in scorer.en_term[scorer.en_unit == 1]}
    river_terms = set(scorer.en_term[scorer.en_unit == 0].tolist())
    river = max(w for t, w in weights.items() if t in river_terms)
    methane = max(w for t, w in weights.items() if t not in river_terms)
    assert methane > river > 0


def test_length_ratio_decides_when_words_say_nothing() -> None:
    zh = ["甲" * 10, "乙" * 40, "丙" * 10]
    en = ["x" * 30, "y" * 120, "z" * 30]
    assert [(link.zh, link.en) for link in align_paragraphs(zh, en).links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_headings_pair_with_headings() -> None:
    zh = ["总则", "本规定适用于所有会议。", "附则", "本规定自发布之日起施行。"]
    en = [
        "General provisions",
        "These rules apply to all meetings.",
        "Final provisions",
        "These rules take effect on the day of publication.",
    ]
    kinds = ["heading", "paragraph", "heading", "paragraph"]
    alignment = align_paragraphs(zh, en, zh_kinds=kinds, en_kinds=kinds)
    assert [(link.zh, link.en) for link in alignment.links] == [((i,), (i,)) for i in range(4)]


def test_numbered_headings_anchor_a_missing_section() -> None:
    zh = [
        "一、总则",
        "本规定适用于所有会议和活动。",
        "二、组织",
        "委员会负责日常工作。",
        "三、附则",
        "本规定自发布之日起施行。",
    ]
    en = [
        "I. General provisions",
        "These rules apply to all meetings and events.",
        "III. Final provisions",
        "These rules take effect on the day of publication.",
    ]
    got = [(link.zh, link.en) for link in align_paragraphs(zh, en).links]
    assert got == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,)), ((5,), (3,))]


def test_first_pass_finds_anchors_between_anchors_in_a_repetitive_text() -> None:
    # Each number occurs twice on each side (the text repeats), so in the whole text only 999 is in one unit of
    # each side; between it and the ends every number is in one unit again, and anchors there.
    en = [f"There were {k * 7 + 3} horses." for k in range(40)] * 2
    zh = [f"有{k * 7 + 3}匹马。" for k in range(40)] * 2
    en.insert(40, "The year 999.")
    zh.insert(40, "999年。")
    del en[60:75]  # a missing block in the second half: the length diagonal would be off by up to 15
    scorer = Tier1Scorer(zh, en)
    scorer.anchor_rounds = 1
    once = scorer.first_pass()
    scorer.anchor_rounds = 3
    path = scorer.first_pass()
    truth = {55: 55, 58: 58, 78: 63, 80: 65}  # zh row -> en row: the block shifts the rows after it by 15
    assert all(abs(int(path[i, 1]) - j) <= 1 for i, j in truth.items())
    assert max(abs(int(once[i, 1]) - j) for i, j in truth.items()) > 3  # unique terms alone could not tell


def test_first_pass_follows_anchors_across_a_missing_block() -> None:
    en = [f"In {1000 + k} the village had {k * 7 + 3} horses." for k in range(100)]
    zh = [f"{1000 + k}年，村里有{k * 7 + 3}匹马。" for k in range(100)]
    del zh[40:70]  # thirty paragraphs missing on the Chinese side
    path = Tier1Scorer(zh, en).first_pass()
    # After the block, zh row i corresponds to en row i + 30; the length diagonal would be off by ~15.
    for i in (45, 55, 65):
        assert abs(int(path[i, 1]) - (i + 30)) <= 2
    assert path[0].tolist() == [0, 0] and path[-1].tolist() == [70, 100]
    got = [(link.zh, link.en) for link in align_paragraphs(zh, en).links]
    assert got[40:70] == [((), (j,)) for j in range(40, 70)]
