"""Longest-match words of a text, both scripts alike; the shorter words inside; moving word by word."""

from __future__ import annotations

import pytest

from reader_app.core.dictionary.entries import Dictionary
from reader_app.core.dictionary.readings import marked
from reader_app.core.dictionary.words import look_up, next_word, previous_word, segment, word_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("中美兩國應對氣候危機", ["中美", "兩國", "應對", "氣候", "危機"]),
        ("中美两国应对气候危机", ["中美", "两国", "应对", "气候", "危机"]),
        ("我看见了长城。", ["我", "看见", "了", "长城"]),  # punctuation is no word
        ("中华人民共和国成立", ["中华人民共和国", "成立"]),
        ("COP29在巴库举行", ["在", "巴库", "举行"]),  # Latin letters and digits are skipped
    ],
)
def test_segment_by_longest_match(dictionary: Dictionary, text: str, words: list[str]) -> None:
    assert [w.text for w in segment(text, dictionary)] == words


def test_words_keep_their_place(dictionary: Dictionary) -> None:
    assert [(w.start, w.end) for w in segment("中美兩國應對", dictionary)] == [(0, 2), (2, 4), (4, 6)]


def test_both_scripts_give_the_same_entries(dictionary: Dictionary) -> None:
    traditional, simplified = dictionary.entries("氣候"), dictionary.entries("气候")
    assert traditional == simplified
    assert [(e.traditional, e.simplified, marked(e.pinyin)) for e in traditional] == [("氣候", "气候", "qì hòu")]
    assert traditional[0].senses[0] == "(meteorology) climate"


def test_both_readings_of_a_polyphone(dictionary: Dictionary) -> None:
    entries = dictionary.entries("長")
    assert [marked(e.pinyin) for e in entries] == ["cháng", "zhǎng"]
    assert entries[0].senses[:2] == ("length", "long")
    assert entries[1].senses[:2] == ("chief", "head")
    assert dictionary.entries("长") == entries


def test_look_up_gives_the_longest_word_and_the_words_inside(dictionary: Dictionary) -> None:
    found = look_up("应对气候危机", 2, dictionary)
    assert found is not None
    assert (found.word.text, found.word.start, found.word.end) == ("气候", 2, 4)
    assert [w.text for w in found.inside] == ["气", "候"]
    nested = look_up("中华人民共和国", 0, dictionary)
    assert nested is not None and nested.word.text == "中华人民共和国"
    assert [w.text for w in nested.inside][:4] == ["中华", "中", "华人", "华"]


def test_no_word_where_there_is_no_chinese(dictionary: Dictionary) -> None:
    assert look_up("COP29在", 0, dictionary) is None
    assert word_at("在", 5, dictionary) is None


def test_moving_word_by_word(dictionary: Dictionary) -> None:
    text = "中美兩國應對氣候危機"
    after = next_word(text, 4, dictionary)
    assert after is not None and after.text == "氣候"
    before = previous_word(text, 6, dictionary)
    assert before is not None and before.text == "應對"
    assert next_word(text, 8, dictionary) is None
    assert previous_word(text, 0, dictionary) is None
