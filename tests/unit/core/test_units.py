"""Units a document is aligned by (View ▸ Align By): the cut, the map both ways, and the links seen by paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.core.units import available_units, unit_view

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "us-china-climate-readout-2024-05.txt"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_sentence_cut_of_the_sample_maps_every_unit_back_to_its_paragraph_and_offset() -> None:
    document = load_document(str(SAMPLE))
    units = unit_view(document, "sentence")
    assert (units.unit, units.level, units.identity) == ("sentence", "sentence", False)
    assert (len(units.shown.zh), len(units.shown.en)) == (12, 12)
    for language in ("zh", "en"):
        paragraphs = document.side(language).paragraphs
        shown = units.shown.side(language).paragraphs
        for u, unit in enumerate(shown):
            p, offset = units.to_paragraph(language, u)
            # The unit is its paragraph's text from `offset` on, character for character.
            assert paragraphs[p].text[offset:offset + len(unit.text)] == unit.text
            assert units.to_unit(language, p, offset) == u
            assert u in units.units_of(language, p)
        assert sum(len(units.units_of(language, p)) for p in range(len(paragraphs))) == len(shown)
    # The last Chinese paragraph holds four sentences: its second starts at character 34.
    assert list(units.units_of("zh", 5)) == [8, 9, 10, 11]
    assert units.to_paragraph("zh", 9) == (5, 34)
    assert units.to_unit("zh", 5, 40) == 9  # a selection inside the second sentence
    assert units.shown.zh.paragraphs[9].id == document.zh.paragraphs[5].id + ".1"


def test_paragraph_view_is_the_document_itself() -> None:
    document = load_document(str(SAMPLE))
    units = unit_view(document, "paragraph")
    assert units.shown is document and units.identity
    assert units.to_unit("en", 5, 99) == 5 and units.to_paragraph("en", 5) == (5, 0)
    alignment = Alignment((Link((0,), (0,)),), tier=1)
    assert units.paragraph_alignment(alignment) is alignment


def test_the_same_content_read_twice_shares_the_cut_but_shows_its_own_document() -> None:
    first, second = load_document(str(SAMPLE)), load_document(str(SAMPLE))
    assert first is not second
    cut = unit_view(first, "sentence")
    again = unit_view(second, "sentence")
    assert again.document is second and again.shown is cut.shown
    assert unit_view(second, "paragraph").shown is second


def test_lines_of_a_text_file_of_one_sentence_a_line(tmp_path: Path) -> None:
    zh = _write(tmp_path, "zh.txt", "他来了。\n我们走吧。\n  天很冷。\n\n第二章\n")
    en = _write(tmp_path, "en.txt", "He came.\nLet us go.\nIt is cold.\n\nChapter 2\n")
    document = load_document(zh, en)
    assert len(document.zh) == 2  # the loader joins lines between blank lines into paragraphs
    assert available_units(document) == ("paragraph", "sentence", "line")
    units = unit_view(document, "line")
    # One sentence a line: aligned with the sentence aligner's link widths, over the lines themselves.
    assert (units.unit, units.level) == ("line", "sentence")
    assert units.shown.zh.texts() == ["他来了。", "我们走吧。", "天很冷。", "第二章"]
    assert units.to_paragraph("zh", 2) == (0, document.zh.paragraphs[0].text.index("天"))
    assert units.to_paragraph("zh", 3) == (1, 0)


def test_lines_of_a_file_of_one_paragraph_a_line_are_its_paragraphs(tmp_path: Path) -> None:
    text = ("他来了。我们走吧。天很冷。\n\n她笑了。风停了。\n\n"
            "He came. Let us go. It is cold.\n\nShe smiled. The wind dropped.\n")
    document = load_document(_write(tmp_path, "doc.txt", text))
    units = unit_view(document, "line")
    assert (units.unit, units.level, units.shown is document, units.identity) == ("line", "paragraph", True, True)


def test_no_lines_where_the_file_has_none(tmp_path: Path) -> None:
    html = "<html><body><p>他来了。</p><p>He came.</p></body></html>"
    document = load_document(_write(tmp_path, "doc.html", html))
    assert available_units(document) == ("paragraph", "sentence")
    assert unit_view(document, "line").unit == "paragraph"  # remembered for an earlier version of the file


def test_a_paragraph_with_no_sentence_found_is_one_unit() -> None:
    from reader_app.core.model import Document, Language, Paragraph, Side

    def side(language: Language, texts: list[str]) -> Side:
        from reader_app.core.text.segment import sentences

        return Side(language, tuple(Paragraph(f"p{i}", t, t, language, sentences=sentences(t, language))
                                    for i, t in enumerate(texts)))

    document = Document(side(Language.ZH, ["他来了。他走了。", "……"]), side(Language.EN, ["He came. He left."]))
    # As a loader leaves a paragraph the splitter finds nothing in (`sentences` empty):
    document = Document(Side(Language.ZH, (document.zh.paragraphs[0], Paragraph("p1", "……", "……", Language.ZH))),
                        document.en)
    units = unit_view(document, "sentence")
    assert units.shown.zh.texts() == ["他来了。", "他走了。", "……"]
    assert units.to_paragraph("zh", 2) == (1, 0)


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unit must be one of"):
        unit_view(load_document(str(SAMPLE)), "chapter")


class _Map:
    """A side map from a list of the paragraph of each unit (offsets do not matter to the projection)."""

    def __init__(self, paragraph_of: list[int]) -> None:
        self.paragraph_of = paragraph_of


@pytest.mark.parametrize(
    ("zh_of", "en_of", "links", "expected"),
    [
        # 1-1 sentences of 1-1 paragraphs: the paragraphs' link.
        ([0, 0, 1], [0, 0, 1], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))], [((0,), (0,)), ((1,), (1,))]),
        # A Chinese sentence without counterpart inside a paragraph stays inside its paragraph's link.
        ([0, 0, 1], [0, 1], [((0,), (0,)), ((1,), ()), ((2,), (1,))], [((0,), (0,)), ((1,), (1,))]),
        # A one-sided paragraph stays a gap.
        ([0, 1, 2], [0, 1], [((0,), (0,)), ((1,), ()), ((2,), (1,))], [((0,), (0,)), ((1,), ()), ((2,), (1,))]),
        # A paragraph whose sentences span links 0-2, the middle one an English-only sentence of another paragraph:
        # one link, every paragraph once.
        ([0, 0], [0, 1, 2], [((0,), (0,)), ((), (1,)), ((1,), (2,))], [((0,), (0, 1, 2))]),
        # Sentences crossing paragraph boundaries (2 Chinese paragraphs = 1 English paragraph).
        ([0, 1], [0, 0], [((0,), (0,)), ((1,), (1,))], [((0, 1), (0,))]),
    ],
)
def test_unit_links_seen_by_paragraph(zh_of, en_of, links, expected) -> None:
    from reader_app.core.units import _project

    alignment = Alignment(tuple(Link(z, e, 0.5 + 0.1 * k) for k, (z, e) in enumerate(links)), tier=2)
    projected = _project(alignment, _Map(zh_of), _Map(en_of))  # type: ignore[arg-type]
    assert [(link.zh, link.en) for link in projected.links] == expected
    assert projected.tier == 2
    projected.validate(max(zh_of) + 1, max(en_of) + 1)
    # A merged link is as sure as its least sure part.
    assert projected.links[-1].confidence == pytest.approx(
        min(link.confidence for link in alignment.links[len(alignment.links) - len(links):]
            if any(zh_of[u] in projected.links[-1].zh for u in link.zh)
            or any(en_of[u] in projected.links[-1].en for u in link.en)))


def test_reading_positions_go_between_units_and_paragraphs_by_characters() -> None:
    document = load_document(str(SAMPLE))
    units = unit_view(document, "sentence")
    # Chinese paragraph 3: sentences at characters 0-150 and 150-186 (units 5 and 6).
    assert units.paragraph_position("zh", 6, 0.0) == (3, 150 / 186)
    assert units.unit_position("zh", 3, 150 / 186) == (6, 0.0)
    assert units.unit_position("zh", 3, 0.0) == (5, 0.0)
    unit, fraction = units.unit_position("zh", 3, 75 / 186)
    assert unit == 5 and fraction == pytest.approx(0.5)
    assert unit_view(document, "paragraph").paragraph_position("zh", 3, 0.25) == (3, 0.25)
