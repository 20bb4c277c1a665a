"""Tier 1's gap repair (reader_app.core.aligner.tier1.repair): a one-sided piece of a split translation joins its
neighbour's link, a paragraph with no counterpart stays one-sided."""

from __future__ import annotations

import numpy as np

from reader_app.core.aligner import align_paragraphs
from reader_app.core.aligner.tier1 import Tier1Scorer
from reader_app.core.aligner.tier1.repair import _whole_sentences, repair_gaps
from reader_app.core.alignment import Link
from tests.unit.core.aligner.alignment_texts import paragraph_pair


def _bitext() -> tuple[list[str], list[str]]:
    """Four paragraph pairs; the second Chinese paragraph is two sentences, its translation two paragraphs (the
    second a short piece); and one English paragraph with no counterpart after the third pair."""
    pairs = [paragraph_pair(words) for words in ([0, 1, 2], [3, 4, 5], [6, 7], [8, 9, 10], [11, 12, 13], [14, 15])]
    zh = [pairs[0][0], pairs[1][0] + pairs[2][0], pairs[3][0], pairs[5][0]]
    en = [pairs[0][1], pairs[1][1], pairs[2][1], pairs[3][1], pairs[4][1], pairs[5][1]]
    return zh, en


def _scorer(zh: list[str], en: list[str]) -> Tier1Scorer:
    scorer = Tier1Scorer(zh, en)
    n = np.arange(len(zh) + 1)
    scorer.prepare(np.zeros_like(n), np.full_like(n, len(en) + 1), 4, 4)
    return scorer


def test_a_piece_left_one_sided_joins_the_link_whose_other_side_has_its_sentences() -> None:
    zh, en = _bitext()
    left = [Link((0,), (0,), 1.0), Link((1,), (1,), 1.0), Link((), (2,), 1.0), Link((2,), (3,), 1.0),
            Link((), (4,), 1.0), Link((3,), (5,), 1.0)]
    repaired = repair_gaps(_scorer(zh, en), zh, en, left)
    assert [(link.zh, link.en) for link in repaired] == [
        ((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((), (4,)), ((3,), (5,))
    ]
    assert all(0.0 <= link.confidence <= 1.0 for link in repaired)


def test_the_piece_before_a_link_joins_it_too() -> None:
    zh, en = _bitext()
    # The translation's first piece as a gap before the link of its second piece.
    left = [Link((0,), (0,), 1.0), Link((), (1,), 1.0), Link((1,), (2,), 1.0), Link((2,), (3,), 1.0),
            Link((), (4,), 1.0), Link((3,), (5,), 1.0)]
    repaired = repair_gaps(_scorer(zh, en), zh, en, left)
    assert [(link.zh, link.en) for link in repaired][:2] == [((0,), (0,)), ((1,), (1, 2))]


def test_a_paragraph_cut_in_three_joins_piece_by_piece() -> None:
    pairs = [paragraph_pair(words) for words in ([0, 1, 2], [3, 4], [5, 6], [7, 8], [9, 10, 11])]
    zh = [pairs[0][0], pairs[1][0] + pairs[2][0] + pairs[3][0], pairs[4][0]]
    en = [p[1] for p in pairs]
    left = [Link((0,), (0,), 1.0), Link((), (1,), 1.0), Link((1,), (2,), 1.0), Link((), (3,), 1.0),
            Link((2,), (4,), 1.0)]
    repaired = repair_gaps(_scorer(zh, en), zh, en, left)
    assert [(link.zh, link.en) for link in repaired] == [((0,), (0,)), ((1,), (1, 2, 3)), ((2,), (4,))]


def test_the_aligner_links_a_split_translation_and_keeps_the_missing_paragraph_one_sided() -> None:
    zh, en = _bitext()
    links = [(link.zh, link.en) for link in align_paragraphs(zh, en).links]
    assert links == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((), (4,)), ((3,), (5,))]


def test_a_numbering_the_splitter_cut_off_is_no_piece_for_a_missing_section() -> None:
    # The English lacks section 二; its heading is short (the repair's short bonus) and "III." alone, cut off by the
    # sentence splitter, once fitted it by length: the two paragraphs of the missing section stay one-sided.
    zh = ["一、总则", "本规定适用于所有会议和活动。", "二、组织", "委员会负责日常工作。", "三、附则"]
    zh.append("本规定自发布之日起施行。")
    en = [
        "I. General provisions",
        "These rules apply to all meetings and events.",
        "III. Final provisions",
        "These rules take effect on the day of publication.",
    ]
    got = [(link.zh, link.en) for link in align_paragraphs(zh, en).links]
    assert got == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,)), ((5,), (3,))]
    assert _whole_sentences(["III.", "Final provisions"]) == ["III. Final provisions"]
    assert _whole_sentences(["He left.", "Then it rained."]) == ["He left.", "Then it rained."]
