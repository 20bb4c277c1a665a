"""The DOCX: re-read with python-docx — the table's rows, the omission shading, East Asian fonts, the comment."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from reader_app.core.exports import OMISSION_HEX, BilingualBook, write_export
from tests.unit.core.exports.conftest import NOTE_TEXT, ONE_SIDED


def word_document(book: BilingualBook):
    out = io.BytesIO()
    write_export("docx", book, out)
    out.seek(0)
    return docx.Document(out)


def _fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd"))
    return None if shading is None else shading.get(qn("w:fill"))


def test_a_row_per_link_one_sided_rows_shaded(sample_book: BilingualBook) -> None:
    document = word_document(sample_book)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert len(table.rows) == 1 + 9 and len(table.columns) == 2
    assert [c.text for c in table.rows[0].cells] == ["Chinese", "English"]
    body = table.rows[1:]
    shaded = [k for k, row in enumerate(body) if _fill(row.cells[0]) == OMISSION_HEX.lstrip("#").upper()]
    assert shaded == ONE_SIDED
    assert all(_fill(row.cells[1]) == _fill(row.cells[0]) for row in body)
    assert body[2].cells[0].text.startswith("5月8日至9日") and body[2].cells[1].text.startswith("On May 8-9")
    assert body[1].cells[1].text == "(not in the English)" and body[5].cells[0].text == "(not in the Chinese)"
    assert document.core_properties.title == sample_book.display_title


def test_chinese_runs_name_an_east_asian_font(sample_book: BilingualBook) -> None:
    table = word_document(sample_book).tables[0]
    zh_run = table.rows[3].cells[0].paragraphs[0].runs[0]
    fonts = zh_run._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Microsoft JhengHei"  # Traditional text
    assert zh_run._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-TW"
    en_run = table.rows[3].cells[1].paragraphs[0].runs[0]
    assert en_run._r.rPr.find(qn("w:rFonts")) is None
    heading_run = table.rows[1].cells[0].paragraphs[0].runs[0]
    assert heading_run.bold


def test_the_note_is_a_comment_on_its_paragraph(sample_book: BilingualBook) -> None:
    document = word_document(sample_book)
    comments = list(document.comments)
    assert len(comments) == 1
    assert comments[0].text == f"{NOTE_TEXT} (Important #names)"
    assert comments[0].author == "Bilingual Reader"
    noted = document.tables[0].rows[3].cells[0].paragraphs[0]._p
    assert noted.find(qn("w:commentRangeStart")) is not None
    assert [int(e.get(qn("w:id"))) for e in noted.iter(qn("w:commentReference"))] == [comments[0].comment_id]
