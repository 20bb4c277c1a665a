"""`line_level`: whether one-unit-a-line texts hold paragraphs or sentences, from the sentences of their lines."""

from __future__ import annotations

import pytest

from reader_app.core.text.line_level import PARAGRAPH_SHARE, detect_line_level, line_level

ZH_SENTENCES = ["我们看见了气候。", "我们看见了会议。", "我们看见了河流。", "我们看见了山。"]
EN_SENTENCES = ["We saw the climate.", "We saw the meeting.", "We saw the river.", "We saw the mountain."]
ZH_PARAGRAPHS = ["他来了。她走了。", "天下雨了。我们回家。孩子睡了。", "山很高。河很长。"]
EN_PARAGRAPHS = [
    "He came. She left.",
    "It rained. We went home. The child slept.",
    "The hill is high. The river is long.",
]


def test_one_sentence_a_line_is_sentences() -> None:
    assert line_level(ZH_SENTENCES, EN_SENTENCES) == "sentence"


def test_one_paragraph_a_line_is_paragraphs() -> None:
    assert line_level(ZH_PARAGRAPHS, EN_PARAGRAPHS) == "paragraph"


def test_evidence_counts_sentences_per_line() -> None:
    found = detect_line_level(ZH_PARAGRAPHS, EN_PARAGRAPHS + ["The end."])
    assert found.zh.counts == (2, 3, 2) and found.en.counts == (2, 3, 2, 1)
    assert (found.zh.multi_share, found.en.multi_share) == (1.0, 0.75)
    assert found.deciding_share == 0.75 and found.median_sentences == 2.0


def test_chinese_dialogue_split_by_the_splitter_stays_sentences() -> None:
    # The splitter cuts “……？”他问。 in two, its English not: one side alone never makes paragraphs.
    zh = ["“你去哪儿？”他问。", "“回家。”她说。", "“为什么？”他问。"]
    en = ['"Where are you going?" he asked.', '"Home," she said.', '"Why?" he asked.']
    found = detect_line_level(zh, en)
    assert (found.zh.multi_share, found.en.multi_share) == (1.0, 0.0)
    assert found.level == "sentence"


@pytest.mark.parametrize(
    ("zh", "en", "level"),
    [
        ([], [], "sentence"),
        ([], EN_PARAGRAPHS, "paragraph"),
        (ZH_PARAGRAPHS, [], "paragraph"),
        ([], EN_SENTENCES, "sentence"),
        (["", "   "], ["\t"], "sentence"),
        (["他来了。她走了。"], ["He came. She left."], "paragraph"),
        (["他来了。"], ["He came."], "sentence"),
        (["他来了。她走了。"], ["He came."], "sentence"),
    ],
    ids=[
        "both-empty",
        "zh-empty",
        "en-empty",
        "zh-empty-sentences",
        "blank-lines",
        "one-line-2",
        "one-line-1",
        "one-line-mixed",
    ],
)
def test_edge_cases(zh: list[str], en: list[str], level: str) -> None:
    assert line_level(zh, en) == level


def test_blank_lines_are_not_counted() -> None:
    found = detect_line_level(["", *ZH_PARAGRAPHS, "  "], EN_PARAGRAPHS)
    assert found.zh.lines == 3 and found.level == "paragraph"


@pytest.mark.parametrize(("multi", "level"), [(3, "sentence"), (4, "paragraph"), (10, "paragraph")])
def test_mixed_files_turn_at_the_threshold(multi: int, level: str) -> None:
    # 20 lines a side, `multi` of them paragraphs of two sentences: 3/20 = 15% is not above the threshold.
    assert PARAGRAPH_SHARE == 0.15
    zh = ["他来了。她走了。"] * multi + ["他来了。"] * (20 - multi)
    en = ["He came. She left."] * multi + ["He came."] * (20 - multi)
    assert line_level(zh, en) == level
