"""The number check: Chinese numeral forms, English number words, what is flagged and what is the translator's."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader_app.core.checks import Kind, Severity, check_document
from reader_app.core.checks.numbers import Strength, en_numbers, zh_numbers
from tests.unit.core.checks.pairs import pair

S, W, A, OPT = Strength.STRONG, Strength.WEAK, Strength.APPROXIMATE, Strength.OPTIONAL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5月8日至9日", [("5", 5, S), ("8", 8, S), ("9", 9, S)]),
        ("３.５万人", [("3.5万", 35000, S)]),
        ("二〇二四年", [("二〇二四", 2024, S)]),
        ("百分之十五", [("百分之十五", 15, S)]),
        ("一亿三千万元", [("一亿三千万", 130_000_000, S)]),
        ("两千人", [("两千", 2000, S)]),
        ("兩國", [("兩", 2, W)]),
        ("第二十九次締約方大會(COP29)", [("二十九", 29, S), ("29", 29, OPT)]),
        ("21世紀20年代", [("21世紀20年代", 2020, S)]),
        ("一点五", [("一点五", 1.5, S)]),
        ("三分之一", [("三分之一", 1 / 3, OPT)]),
        # approximations: flagged only beside another number left over
        ("三五个人", [("三", 3, A), ("五", 5, A)]),
        ("十四五岁", [("十四五", 14, A), ("十四五", 15, A)]),
        ("二十多岁", [("二十", 20, A)]),
        ("八十年代", [("八十年代", 80, A), ("八十年代", 1980, A)]),
        # not numbers: words with a numeral inside, names, a measure word
        ("一样，统一，十分好，一些人，万一", []),
        ("茅十八在酒馆中，罗小四", []),
        ("五十两银子", [("五十", 50, S)]),
        ("他看了一眼", []),
        ("一万个不服", [("一万", 10000, W)]),
        ("差了十万八千里，《四十二章经》", [("四十二", 42, S)]),
        ("6.片厂", [("6", 6, OPT)]),
    ],
)
def test_chinese_numbers(text: str, expected: list[tuple[str, float, Strength]]) -> None:
    assert [(n.text, pytest.approx(n.value), n.strength) for n in zh_numbers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On May 8-9, the two countries", [("May", 5, OPT), ("8", 8, S), ("9", 9, S), ("two", 2, W)]),
        ("the 2020s and the 15th plan", [("2020s", 2020, S), ("15th", 15, S)]),
        ("35,000 people and 3.5 million more", [("35,000", 35000, S), ("3.5 million", 3_500_000, S)]),
        ("twenty-one, a hundred and twenty", [("twenty-one", 21, S), ("a hundred and twenty", 120, S)]),
        ("two thousand, twenty-ninth", [("two thousand", 2000, S), ("twenty-ninth", 29, S)]),
        ("CO2, N2O and COP 29", [("2", 2, OPT), ("2", 2, OPT), ("29", 29, OPT)]),
        ("no one came at first", [("one", 1, OPT), ("first", 1, OPT)]),
        ("twenty or thirty children, a day or two", [("twenty", 20, A), ("thirty", 30, A), ("two", 2, W)]),
        ("hundreds of people, twice", [("hundreds", 100, A), ("twice", 2, W)]),
        ("an eighty-year-old, a five-petal knot, two-thirds", [("eighty-year-old", 80, S), ("five-petal", 5, W)]),
        ("COVID-19, a thousand times", [("19", 19, OPT), ("a thousand", 1000, W)]),
        ("6. The Studio", [("6", 6, OPT)]),
    ],
)
def test_english_numbers(text: str, expected: list[tuple[str, float, Strength]]) -> None:
    assert [(n.text, pytest.approx(n.value), n.strength) for n in en_numbers(text)] == expected


def flags(zh: str, en: str) -> list[tuple[Severity, str, str, str]]:
    document, alignment = pair(zh, en)
    found = check_document(document, alignment, [Kind.NUMBER])
    assert all(f.kind is Kind.NUMBER and (f.zh, f.en) == ((0,), (0,)) for f in found)
    return [(f.severity, f.message, f.zh_evidence, f.en_evidence) for f in found]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("5月8日至9日，两国官员在华盛顿会面。", "On May 8-9, officials of the two countries met in Washington."),
        ("约有3.5万人参加。", "About 35,000 people took part."),
        ("二〇二四年，百分之十五的企业达标。", "In 2024, 15% of the companies met the standard."),
        ("投资一亿三千万元。", "An investment of 130 million yuan."),
        ("第二十九次缔约方大会", "the twenty-ninth Conference of the Parties"),
        ("中美“21世紀20年代強化氣候行動工作組”", "the U.S.-China Working Group on Climate Action in the 2020s"),
        # a translator's rewording: approximations, numerals inside words, a number dropped or added in passing
        ("他带着三五个朋友一起来了。", "He came with a few friends."),
        ("他看了她一眼，一样东西也没拿。", "He glanced at her and took nothing."),
        ("他们三个人走了。", "They left."),
        ("那时他二十多岁。", "He was in his twenties then."),
        ("二人对视良久。", "The two of them looked at each other for a long time."),
        # the same figure rounded, a code whose digits Chinese leaves out
        ("温度为2.726K，共276.3万人。", "A temperature of 2.7255 K; 2.76 million people."),
        ("新冠肺炎疫情", "the COVID-19 pandemic"),
    ],
)
def test_same_numbers_or_a_rewording_are_not_flagged(zh: str, en: str) -> None:
    assert flags(zh, en) == []


def test_a_changed_number_is_flagged_with_both_sides_evidence() -> None:
    assert flags("会议于2024年举行，共有35人参加。", "The meeting was held in 2024 with 36 participants.") == [
        (Severity.ERROR, "Numbers differ: Chinese 35 (35); English 36 (36)", "35", "36")
    ]


def test_a_changed_chinese_numeral_form_is_flagged() -> None:
    assert flags("约有3.5万人参加。", "About 3,500 people took part.") == [
        (Severity.ERROR, "Numbers differ: Chinese 3.5万 (35000); English 3,500 (3500)", "3.5万", "3,500")
    ]
    assert flags("百分之十五的企业", "50% of the companies") == [
        (Severity.ERROR, "Numbers differ: Chinese 百分之十五 (15); English 50 (50)", "百分之十五", "50")
    ]


def test_small_numbers_flagged_only_when_both_sides_disagree() -> None:
    assert flags("他有三个孩子。", "He has four children.") == [
        (Severity.ERROR, "Numbers differ: Chinese 三 (3); English four (4)", "三", "four")
    ]
    assert flags("来了两三个女人。", "Two or nine women came.") == [
        (Severity.ERROR, "Numbers differ: Chinese 三 (3); English nine (9)", "三", "nine")
    ]


def test_a_large_number_missing_on_one_side_is_flagged() -> None:
    assert flags("全国共有1200所学校。", "There are many schools in the country.") == [
        (Severity.ERROR, "Numbers differ: Chinese 1200 (1200) not in the other side", "1200", "")
    ]


_NUMERAL_TEXT = st.text(alphabet="零〇一二三四五六七八九十百千万亿两兩点分之第几多年代世纪个人0123456789.,% -月日",
                        max_size=40)
_ENGLISH_TEXT = st.lists(
    st.sampled_from([*"0123456789.,-% ", "one ", "two ", "twenty", "hundred ", "thousand ", "million ", "and ", "or ",
                     "a ", "first ", "May ", "CO", "th ", "s "]),
    max_size=30,
).map("".join)


@given(_NUMERAL_TEXT)
@settings(max_examples=300, deadline=None)
def test_chinese_numbers_never_fail_and_stay_finite(text: str) -> None:
    for number in zh_numbers(text):
        assert math.isfinite(number.value) and number.text


@given(_ENGLISH_TEXT)
@settings(max_examples=300, deadline=None)
def test_english_numbers_never_fail_and_stay_finite(text: str) -> None:
    for number in en_numbers(text):
        assert math.isfinite(number.value) and number.text
