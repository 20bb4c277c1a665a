"""Sentence gaps: an orphan glued to a neighbour's link is taken out of it; a translator's own merge is kept."""

from __future__ import annotations

from reader_app.core.aligner import align_sentences
from reader_app.core.aligner.sentence_gaps import Suspect, split_links, substantial
from reader_app.core.alignment import Alignment, Link

# Made-up sentences (not corpus text). The English leaves the third Chinese sentence out.
ZH = [
    "会议在华盛顿举行，持续了两天。",
    "双方讨论了能源转型和甲烷减排的具体措施。",
    "双方还同意明年在北京再次会面，并邀请更多城市参加。",
    "会后，代表团参观了一座新建的太阳能电站。",
]
EN_WITHOUT_THIRD = [
    "The meeting was held in Washington and lasted two days.",
    "The two sides discussed concrete measures for the energy transition and methane reduction.",
    "After the meeting, the delegation visited a newly built solar power station.",
]
# The translator joins the second and third sentences into one: a 2-1 link, nothing left out.
EN_MERGED = [
    EN_WITHOUT_THIRD[0],
    "The two sides discussed concrete measures for the energy transition and methane reduction, and agreed to meet "
    "again in Beijing next year with more cities invited.",
    EN_WITHOUT_THIRD[2],
]


def links_of(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.zh, link.en) for link in alignment.links]


def test_a_sentence_the_translation_leaves_out_is_left_alone() -> None:
    # Without the repair the DP glues it to the next sentence: [2, 3]:[2].
    alignment = align_sentences(ZH, EN_WITHOUT_THIRD, tier=2)
    assert links_of(alignment) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    alignment.validate(len(ZH), len(EN_WITHOUT_THIRD))
    assert alignment.links[2].confidence > 0.5


def test_a_translators_merge_of_two_sentences_stays_one_link() -> None:
    assert links_of(align_sentences(ZH, EN_MERGED, tier=2)) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_tier_1_is_left_as_the_dp_made_it() -> None:
    assert all(not link.is_gap for link in align_sentences(ZH, EN_MERGED, tier=1).links)


def test_a_split_sentence_goes_to_the_side_of_the_link_it_was_at() -> None:
    links = [Link((0, 1), (0,), 0.9), Link((2,), (1, 2), 0.8)]
    first = Suspect(0, "zh", 0, ())
    last = Suspect(1, "en", 2, ())
    assert split_links(links, [first, last], {0: 0.7}) == [
        Link((0,), (), 0.7), Link((1,), (0,), 0.9), Link((2,), (1,), 0.8), Link((), (2,), 0.5)
    ]


def test_short_sentences_are_not_judged() -> None:
    assert not substantial("zh", "他笑了。")
    assert substantial("zh", "双方还同意明年在北京再次会面。")
    assert not substantial("en", "She got used to it.")
    assert substantial("en", "The delegation visited a newly built solar power station.")
