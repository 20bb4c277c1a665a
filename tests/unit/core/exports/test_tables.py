"""TSV and Markdown: exact rows, one-sided cells marked, the note."""

from __future__ import annotations

import io

from reader_app.core.exports import BilingualBook, write_export
from tests.unit.core.exports.conftest import NOTE_TEXT


def text_of(fmt: str, book: BilingualBook, layout: str | None = None) -> str:
    out = io.StringIO()
    write_export(fmt, book, out, layout)
    return out.getvalue()


def test_tsv_rows(sample_book: BilingualBook) -> None:
    rows = [line.split("\t") for line in text_of("tsv", sample_book).splitlines()]
    assert rows[0] == ["link", "zh_paragraphs", "en_paragraphs", "confidence", "status", "zh", "en", "notes"]
    assert len(rows) == 10 and all(len(r) == 8 for r in rows)
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("1", "1", "1"), ("2", "2", ""), ("3", "3", "2"),
                                                      ("4", "4", "3"), ("5", "5", "4"), ("6", "", "5"),
                                                      ("7", "6", "6"), ("8", "", "7"), ("9", "", "8")]
    assert rows[2][6] == "[not in the English]" and rows[2][5].startswith("來源:生態環境部")
    assert [r[5] for r in rows[1:] if r[5] == "[not in the Chinese]"] == ["[not in the Chinese]"] * 3
    assert rows[3][7] == NOTE_TEXT and [r[7] for r in rows[1:]].count("") == 8
    assert {r[4] for r in rows[1:]} == {"automatic"}


def test_markdown_table_and_footnote(sample_book: BilingualBook) -> None:
    lines = text_of("md", sample_book).splitlines()
    assert lines[0] == f"# {sample_book.display_title}"
    table = [line for line in lines if line.startswith("| ") and not line.startswith("| ---")]
    assert table[0] == "| Chinese | English |" and len(table) == 1 + 9
    assert table[2].startswith("| 來源:生態環境部") and table[2].endswith("| *[not in the English]* |")
    assert sum("*[not in the Chinese]*" in row for row in table) == 3
    assert "。[^1] | On May 8-9" in table[3]
    assert lines[-1] == "[^1]: 劉振民 = Liu Zhenmin \\<the envoy\\> & co-chair (Important #names)"
    assert NOTE_TEXT.replace("<", "\\<").replace(">", "\\>") in lines[-1]


def test_markdown_interleaved(sample_book: BilingualBook) -> None:
    text = text_of("md", sample_book, "interleaved")
    blocks = text.split("\n\n---\n\n")
    assert len(blocks) == 9 + 1  # the notes after the last rule
    assert blocks[0].splitlines()[2].startswith("## 中美") and blocks[0].splitlines()[4].startswith("## Readout")
    assert blocks[5].startswith("*[not in the Chinese]*\n\nRecalling the U.S. intent")
