"""The omission check: paragraphs without counterpart, and sentences a pair's other side lacks (tier 2)."""

from __future__ import annotations

from reader_app.core.checks import Kind, Severity, check_document
from tests.unit.core.checks.pairs import alignment, document, one_to_one

MEETING_ZH = "会议在华盛顿举行。双方讨论了能源转型和甲烷减排。"
MEETING_EN = "The meeting was held in Washington. The two sides discussed the energy transition and methane reduction."


def flags(zh: list[str], en: list[str], links=None, tier: int = 2) -> list[tuple[tuple, tuple, str, str, str]]:
    found = check_document(document(zh, en), links or one_to_one(len(zh)), [Kind.OMISSION], tier=tier)
    assert all(f.kind is Kind.OMISSION and f.severity is Severity.WARNING for f in found)
    return [(f.zh, f.en, f.message, f.zh_evidence, f.en_evidence) for f in found]


def test_paragraphs_without_counterpart_are_flagged_with_their_text() -> None:
    zh = ["会议在华盛顿举行。", "来源：生态环境部", "——"]
    en = ["The meeting was held in Washington.", "Both sides look forward to the event in Berkeley."]
    links = alignment(([0], [0]), ([1], []), ([2], []), ([], [1]))
    assert flags(zh, en, links, tier=1) == [
        ((1,), (), "Chinese paragraph with no English counterpart: 来源：生态环境部", "来源：生态环境部", ""),
        # ((2,), ()) has no letters: nothing to translate, not flagged
        ((), (1,), "English paragraph with no Chinese counterpart: Both sides look forward to the event in Berkeley.",
         "", "Both sides look forward to the event in Berkeley."),
    ]


def test_a_chinese_sentence_left_out_of_the_english() -> None:
    left_out = "双方还同意明年在北京再次会面，并邀请更多城市参加。"
    assert flags([MEETING_ZH + left_out], [MEETING_EN]) == [
        ((0,), (0,), f"Chinese sentence with no English counterpart: {left_out}", left_out, "")
    ]


def test_an_english_sentence_without_chinese() -> None:
    extra = "Both sides also agreed to meet again in Beijing next year and to invite more cities."
    assert flags([MEETING_ZH], [MEETING_EN + " " + extra]) == [
        ((0,), (0,), "English sentence with no Chinese counterpart: Both sides also agreed to meet again in "
         "Beijing next year a…", "", extra)
    ]


def test_a_sentence_split_in_translation_is_not_an_omission() -> None:
    zh = ["会议在华盛顿举行，双方讨论了能源转型和甲烷减排，并同意明年在北京再次会面。"]
    en = [MEETING_EN + " They agreed to meet again in Beijing next year."]
    assert flags(zh, en) == []


def test_tier_1_flags_only_what_the_dictionary_finds_nothing_of() -> None:
    # Without embeddings the sentence test is too weak to be trusted on shared words: nothing flagged here.
    left_out = "双方还同意明年在北京再次会面，并邀请更多城市参加。"
    assert flags([MEETING_ZH + left_out], [MEETING_EN], tier=1) == []


# Made-up sentences: the English leaves the third Chinese sentence out, or joins the second and third into one.
TRIP_ZH = (
    "会议在华盛顿举行，持续了两天。双方讨论了能源转型和甲烷减排的具体措施。"
    "双方还同意明年在北京再次会面，并邀请更多城市参加。会后，代表团参观了一座新建的太阳能电站。"
)
TRIP_EN = (
    "The meeting was held in Washington and lasted two days. The two sides discussed concrete measures for the "
    "energy transition and methane reduction. After the meeting, the delegation visited a newly built solar power "
    "station."
)
TRIP_EN_MERGED = (
    "The meeting was held in Washington and lasted two days. The two sides discussed concrete measures for the "
    "energy transition and methane reduction, and agreed to meet again in Beijing next year with more cities "
    "invited. After the meeting, the delegation visited a newly built solar power station."
)


def test_a_sentence_left_out_in_the_middle_of_a_pair_is_flagged() -> None:
    # The sentence aligner glues it to the next sentence; its gap repair (aligner.sentence_gaps) takes it out.
    left_out = "双方还同意明年在北京再次会面，并邀请更多城市参加。"
    assert flags([TRIP_ZH], [TRIP_EN]) == [
        ((0,), (0,), f"Chinese sentence with no English counterpart: {left_out}", left_out, "")
    ]


def test_a_translator_joining_two_sentences_is_not_flagged() -> None:
    assert flags([TRIP_ZH], [TRIP_EN_MERGED]) == []


def test_the_flag_names_the_sentence_the_chinese_lacks() -> None:
    # The Chinese leaves out the English's second sentence: that sentence is the flag's message and evidence.
    zh = TRIP_ZH.replace("双方还同意明年在北京再次会面，并邀请更多城市参加。", "")
    added = "They also agreed to meet again in Beijing next year and to invite more cities to take part."
    en = TRIP_EN.replace("methane reduction. ", f"methane reduction. {added} ")
    assert flags([zh], [en]) == [
        ((0,), (0,), "English sentence with no Chinese counterpart: They also agreed to meet again in Beijing next "
         "year and to …", "", added)
    ]
