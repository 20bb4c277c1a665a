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
        ("是我们生活的一部分。7.开麦拉", [("7", 7, OPT)]),  # a heading joined to the paragraph before it
        # approximate quantities: a unit after 几 / 数 / 近 / 上, 多 before a unit, 两 as a measure after 几
        ("几百步的路，近千座桥，数亿人，上万人",
         [("几百", 100, A), ("近千", 1000, A), ("数亿", 1e8, A), ("上万", 1e4, A)]),
        ("一百多亿年前，三千多万人", [("一百多亿", 1e10, A), ("三千多万", 3e7, A)]),
        ("他赢了二十几两", [("二十", 20, A)]),
        ("三两个妇人，三两银子", [("三两", 3, A), ("三两", 2, A), ("三", 3, W)]),
        ("一九六几年", [("一九六", 1960, A), ("一九六", 60, A)]),
        # 十分 "very", but 十 分钟 "ten minutes"; 双方 "the two sides"; 3K眼镜 a name more than a count
        ("差十分钟一点", [("十", 10, W), ("一", 1, OPT)]),
        ("双方同意", [("双方", 2, W)]),
        ("3K眼镜", [("3", 3, W)]),
        # years of the Republic, heights in metres and centimetres
        ("民国元年，民国三十八年", [("三十八", 38, S), ("民国三十八年", 1949, S), ("民国元年", 1912, S)]),
        ("身高一米六零，一米七五", [("一米六零", 1.6, S), ("一米七五", 1.75, S)]),
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
        ("twenty or thirty children, a day or two", [("twenty", 20, A), ("thirty", 30, A), ("two", 2, A)]),
        ("hundreds of people, twice", [("hundreds", 100, A), ("twice", 2, W)]),
        ("an eighty-year-old, a five-petal knot, two-thirds", [("eighty-year-old", 80, S), ("five-petal", 5, W)]),
        ("COVID-19, a thousand times", [("19", 19, OPT), ("a thousand", 1000, OPT)]),
        ("6. The Studio", [("6", 6, OPT)]),
        # decades, ages and centuries in words
        ("in his eighties, four decades", [("eighties", 80, A), ("eighties", 1980, A), ("four decades", 40, W)]),
        ("half a century ago, a decade", [("century", 50, A), ("decade", 10, A)]),
        # loose counts: a few hundred, hundreds of millions, a rate, a name, a figure of speech, a pair
        ("a few hundred steps, hundreds of millions", [("hundred", 100, A), ("hundreds of millions", 1e8, A)]),
        ("parts per million, to Two Dukes Street", [("million", 1e6, OPT), ("Two", 2, OPT)]),
        ("a million shards, a pair of shoes", [("a million", 1e6, OPT), ("pair", 2, OPT)]),
        ("at 3 p.m.", [("3", 3, S), ("3", 15, S)]),
        ("3K glasses, 12K glasses", [("3", 3, W), ("12", 12, S)]),
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


def test_a_large_number_missing_on_one_side_is_a_warning() -> None:
    assert flags("全国共有1200所学校。", "There are many schools in the country.") == [
        (Severity.WARNING, "Numbers differ: Chinese 1200 (1200) not in the other side", "1200", "")
    ]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # the translator's: an age or a span in words, converted units, the Western year, a range said otherwise
        ("那年他八十多岁。", "He was in his eighties that year."),
        ("片厂四十年的故事。", "The studio's story spans four decades."),
        ("经过20多年的发展。", "Over the past two decades."),
        ("奶奶身高一米六零，体重六十公斤。", "Grandma was five feet four inches tall and weighed about 130 pounds."),
        ("二十英尺的喇叭形天线", "the six-meter horn antenna"),
        ("民国元年，他来到北京。", "In 1912, the first year of the Republic, he came to Beijing."),
        ("民国三十八年，他去了台湾。", "In 1949 he went to Taiwan."),
        ("七八个数量级", "five orders of magnitude"),
        ("五六岁的孩子", "a little boy of four or five"),
        ("几百步的路", "a few hundred steps"),
        ("这红光来自于一百多亿年前。", "The red light had come from more than ten billion years ago."),
        ("好像是在一九六几年吧。", "I think it was back in the sixties."),
        ("直到差十分钟凌晨一点时。", "It was only at ten to one in the morning."),
        ("两个嘴角一个上翘，笑容被分裂成无数碎片。", "Her smile shattered into a million shards."),
        # a figure said twice on one side and once on the other; a year added for context; a name
        ("他借了二十两给他们，他们又将这二十两银子输了。", "He lent them twenty, and they lost it all."),
        ("十八大以来，中国坚持绿色发展。", "Since the 18th National Congress in 2012, China has gone green."),
        ("于是刘老老带了板儿，进城至宁荣街来。", "She set off and made her way to Two Dukes Street."),
        ("宇宙3K背景辐射", "the cosmic microwave background"),
        ("是我们生活的一部分。7.开麦拉", "part of our everyday lives. Camera"),
    ],
)
def test_a_legitimate_rewording_is_not_flagged(zh: str, en: str) -> None:
    assert flags(zh, en) == []


@pytest.mark.parametrize(
    ("zh", "en", "message"),
    [
        # a changed figure beside an approximation, a converted weight, a Western year, a code's digit
        ("这红光来自于一百多亿年前。", "The red light had come from more than twenty billion years ago.",
         "Chinese 一百多亿 (10,000,000,000); English twenty billion (20,000,000,000)"),
        ("援建了170多所学校。", "It built over 179 schools.", "Chinese 170 (170); English 179 (179)"),
        ("体重六十公斤。", "She weighed about 135 pounds.", "Chinese 六十 (60); English 135 (135)"),
        ("民国三年，他来到北京。", "In 1915 he came to Beijing.",
         "Chinese 三 (3), 民国三年 (1914); English 1915 (1915)"),
        ("3K眼镜", "the 5K glasses", "Chinese 3 (3); English 5 (5)"),
        ("他在四十多年前来过。", "He came here five years ago.", "Chinese 四十 (40); English five (5)"),
    ],
)
def test_a_changed_number_is_still_an_error(zh: str, en: str, message: str) -> None:
    found = [(severity, text) for severity, text, _zh, _en in flags(zh, en)]
    assert found == [(Severity.ERROR, "Numbers differ: " + message)]


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
