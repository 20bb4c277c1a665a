"""Invariants of the aligner on generated bitexts (hypothesis): coverage, order, determinism, gaps."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader_app.core.aligner import align_paragraphs, align_sentences
from reader_app.core.alignment import Link
from tests.unit.core.aligner.alignment_texts import bitexts

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_text = st.text(alphabet=st.sampled_from("气候会议山河 abcXYZ0123。.,\n"), max_size=30)


@FAST
@given(st.lists(any_text, max_size=12), st.lists(any_text, max_size=12))
def test_every_unit_in_exactly_one_link_in_order(zh: list[str], en: list[str]) -> None:
    from reader_app.core.aligner.api import PARAGRAPH_LIMITS, SENTENCE_LIMITS, scoring_level

    alignment = align_paragraphs(zh, en)
    alignment.validate(len(zh), len(en))  # raises unless each unit is in one link, links monotone, conf in [0, 1]
    # Paragraphs of one sentence each are linked as sentences are (up to 3 x 5), others up to 2 x 2.
    max_zh, max_en = SENTENCE_LIMITS if scoring_level(zh, "paragraph") == "sentence" else PARAGRAPH_LIMITS
    assert all(len(link.zh) <= max_zh and len(link.en) <= max_en for link in alignment.links)
    assert all(not link.is_gap or len(link.zh) + len(link.en) == 1 for link in alignment.links)


@FAST
@given(st.lists(any_text, max_size=10), st.lists(any_text, max_size=14))
def test_sentence_links_stay_within_3_by_5(zh: list[str], en: list[str]) -> None:
    alignment = align_sentences(zh, en)
    alignment.validate(len(zh), len(en))
    assert all(len(link.zh) <= 3 and len(link.en) <= 5 for link in alignment.links)


@FAST
@given(bitexts())
def test_deterministic(pairs: list[tuple[str, str]]) -> None:
    zh = [z for z, _e in pairs]
    en = [e for _z, e in pairs]
    assert align_paragraphs(zh, en).links == align_paragraphs(list(zh), list(en)).links


@FAST
@given(st.lists(any_text, min_size=1, max_size=10), st.booleans())
def test_one_side_empty_gives_only_gaps(units: list[str], chinese: bool) -> None:
    zh, en = (units, []) if chinese else ([], units)
    alignment = align_paragraphs(zh, en)
    expected = [Link((i,), (), 1.0) if chinese else Link((), (i,), 1.0) for i in range(len(units))]
    assert list(alignment.links) == expected


@FAST
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("气候会议山河甲乙丙丁 abcXYZ0123"), min_size=1, max_size=30),
        min_size=1,
        max_size=10,
        unique_by=lambda t: "".join(t.split()),
    ).filter(lambda ts: all("".join(t.split()) for t in ts))
)
def test_identical_texts_align_one_to_one(texts: list[str]) -> None:
    alignment = align_paragraphs(texts, texts)
    assert [(link.zh, link.en) for link in alignment.links] == [((i,), (i,)) for i in range(len(texts))]


@FAST
@given(bitexts(min_size=2, max_size=8))
def test_translations_align_one_to_one(pairs: list[tuple[str, str]]) -> None:
    alignment = align_paragraphs([z for z, _e in pairs], [e for _z, e in pairs])
    assert [(link.zh, link.en) for link in alignment.links] == [((i,), (i,)) for i in range(len(pairs))]


@FAST
@given(bitexts(min_size=6, max_size=16), st.data())
def test_deleted_paragraph_yields_exactly_one_gap_there(pairs: list[tuple[str, str]], data: st.DataObject) -> None:
    # Paragraphs of two different sentences: paragraphs of one sentence each are aligned as sentences (the next
    # test), and a paragraph repeating its sentence looks like a split translation to the gap repair (its sentences
    # count a repeated word once each).
    pairs = [(pairs[n][0] + pairs[n + 1][0], pairs[n][1] + " " + pairs[n + 1][1]) for n in range(0, len(pairs) - 1, 2)]
    assume(len(pairs) >= 3)
    k = data.draw(st.integers(0, len(pairs) - 1), label="deleted")
    from_chinese = data.draw(st.booleans(), label="from Chinese side")
    zh = [z for i, (z, _e) in enumerate(pairs) if not (from_chinese and i == k)]
    en = [e for i, (_z, e) in enumerate(pairs) if not (not from_chinese and i == k)]
    alignment = align_paragraphs(zh, en)
    expected = []
    for i in range(len(pairs)):
        zi = i if not from_chinese or i < k else i - 1
        ei = i if from_chinese or i < k else i - 1
        if i == k:
            expected.append(((), (ei,)) if from_chinese else ((zi,), ()))
        else:
            expected.append(((zi,), (ei,)))
    assert [(link.zh, link.en) for link in alignment.links] == expected


@FAST
@given(bitexts(min_size=8, max_size=12), st.data())
def test_a_deleted_one_sentence_paragraph_moves_no_other_link(pairs: list[tuple[str, str]],
                                                               data: st.DataObject) -> None:
    """One sentence a paragraph is aligned with the sentence costs, where a sentence left out may be taken into a
    neighbour's link rather than shown alone (a real text's false omissions cost more than a synthetic one's
    missed one): either way no other paragraph's link changes."""
    k = data.draw(st.integers(0, len(pairs) - 1), label="deleted")
    zh = [z for z, _e in pairs]
    en = [e for i, (_z, e) in enumerate(pairs) if i != k]
    links = [(link.zh, link.en) for link in align_paragraphs(zh, en).links]
    touched = [link for link in links if k in link[0]]
    assert len(touched) == 1 and len(touched[0][0]) <= 2
    for z, e in links:
        if k not in z and not (k - 1 in z or k + 1 in z):
            assert len(z) == len(e) == 1 and e[0] == (z[0] if z[0] < k else z[0] - 1)
