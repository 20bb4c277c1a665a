"""Where a word went: the exact words of the counterpart paragraph the dictionary and name evidence ties to it."""

from __future__ import annotations

import pytest

from reader_app.core.aligner import align_document
from reader_app.core.aligner.lexicon import Lexicon, load_lexicon
from reader_app.core.dictionary.counterpart import chinese_spans, english_spans
from reader_app.core.documents import load_document
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def sample_pair() -> tuple[str, str]:
    """The sample's third Chinese paragraph and its English counterpart, by the aligner."""
    document = load_document(SAMPLE)
    alignment = align_document(document, tier=1)
    link = alignment.links[alignment.link_of("zh", 2)]
    assert (link.zh, link.en) == ((2,), (1,))
    return document.zh.paragraphs[2].text, document.en.paragraphs[1].text


def test_climate_in_the_title(lexicon: Lexicon) -> None:
    zh = "中美“21世紀20年代強化氣候行動工作組”會議情況"
    en = "Readout on Meeting of the U.S.-China Working Group on Enhancing Climate Action in the 2020s"
    assert english_spans("氣候", en, lexicon) == [(64, 71)]
    assert english_spans("气候", en, lexicon) == [(64, 71)]
    assert chinese_spans("Climate", zh, lexicon) == [(13, 15)]
    # 年代 is "decade": its 代 ("to act") does not stand for Action.
    assert [zh[a:b] for a, b in chinese_spans("Action", zh, lexicon)] == ["行動"]
    assert [zh[a:b] for a, b in chinese_spans("Working", zh, lexicon)] == ["工作組"]


def test_in_the_samples_aligned_pair(lexicon: Lexicon, sample_pair: tuple[str, str]) -> None:
    zh, en = sample_pair
    spans = english_spans("氣候", en, lexicon)
    assert [en[a:b] for a, b in spans] == ["Climate", "Climate", "Climate"]
    assert spans[0] == (en.index("Climate Action"), en.index("Climate Action") + 7)
    assert [en[a:b] for a, b in english_spans("劉振民", en, lexicon)] == ["Liu Zhenmin"]
    assert [zh[a:b] for a, b in chinese_spans("Zhenmin", zh, lexicon)] == ["振民"]


def test_names(lexicon: Lexicon) -> None:
    text = "陈清扬说。Chen Qingyang said."
    assert [text[a:b] for a, b in english_spans("陈清扬", text, lexicon)] == ["Chen Qingyang"]
    assert [text[a:b] for a, b in english_spans("清扬", text, lexicon)] == ["Qingyang"]
    assert [text[a:b] for a, b in chinese_spans("Qingyang", text, lexicon)] == ["清扬"]
    assert [text[a:b] for a, b in chinese_spans("Chen", text, lexicon)] == ["陈"]


def test_no_evidence_no_highlight(lexicon: Lexicon) -> None:
    en = "Readout on Meeting of the U.S.-China Working Group"
    assert english_spans("危機", en, lexicon) == []
    assert chinese_spans("the", "中美氣候", lexicon) == []
    assert chinese_spans("Readout", "中美氣候", lexicon) == []


def test_a_word_longer_than_the_lexicons_goes_by_its_parts(lexicon: Lexicon) -> None:
    en = "the United Nations Framework Convention on Climate Change (UNFCCC)"
    found = [en[a:b] for a, b in english_spans("聯合國氣候變化框架公約", en, lexicon)]
    assert found == ["United", "Nations", "Framework", "Convention", "Climate", "Change"]
