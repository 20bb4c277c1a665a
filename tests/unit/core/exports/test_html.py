"""The HTML page: rows, omission colour, language tags, footnotes both ways, nothing external."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest

from reader_app.core.exports import OMISSION_HEX, BilingualBook, write_export
from tests.unit.core.exports.conftest import NOTE_TEXT, ONE_SIDED


class Page(HTMLParser):
    """Every start tag with its attributes, the text inside each element id'd, the style sheet."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.style = ""
        self.text = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        self.text += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]


def page_of(book: BilingualBook, layout: str | None = None) -> tuple[str, Page]:
    out = io.StringIO()
    write_export("html", book, out, layout)
    page = Page()
    page.feed(out.getvalue())
    return out.getvalue(), page


def test_side_by_side_rows_cells_and_languages(sample_book: BilingualBook) -> None:
    _html, page = page_of(sample_book)
    rows = page.all("tr")
    assert [r["id"] for r in rows] == [f"link-{k}" for k in range(1, 10)]
    cells = page.all("td")
    assert len(cells) == 18
    assert [c["lang"] for c in cells] == ["zh-Hant", "en"] * 9
    omitted = [(k // 2, c["class"]) for k, c in enumerate(cells) if "omission" in c["class"].split()]
    assert omitted == [(1, "zh omission"), (5, "en omission"), (7, "en omission"), (8, "en omission")]
    assert [k for k in range(9) if k in {o[0] for o in omitted}] == ONE_SIDED
    assert [c["title"] for c in cells if "title" in c] == ["No English counterpart"] + ["No Chinese counterpart"] * 3
    assert f".omission {{ background: {OMISSION_HEX}; }}" in page.style
    assert page.text.count("(not in the English)") == 1 and page.text.count("(not in the Chinese)") == 3


def test_phone_layout_fonts_and_viewport(sample_book: BilingualBook) -> None:
    _html, page = page_of(sample_book)
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.all("meta")
    assert "@media (max-width: 600px)" in page.style and "display: block" in page.style
    assert ':lang(zh-Hant) { font-family: "Noto Sans CJK TC"' in page.style
    assert page.all("html") == [{"lang": "en"}]


def test_note_is_a_footnote_linked_both_ways(sample_book: BilingualBook) -> None:
    html, page = page_of(sample_book)
    refs = [a for a in page.all("a") if a.get("id", "").startswith("ref-")]
    assert refs == [{"id": "ref-1", "href": "#note-1"}]
    assert [li["id"] for li in page.all("li")] == ["note-1"]
    assert {"class": "back", "href": "#ref-1", "title": "Back to the text"} in page.all("a")
    assert NOTE_TEXT in page.text and "&lt;the envoy&gt; &amp; co-chair" in html
    # The reference follows the noted paragraph, in the Chinese cell of link 3.
    row3 = html.split('<tr id="link-3">')[1].split("</tr>")[0]
    assert row3.split('<td class="en"')[0].endswith('<a id="ref-1" href="#note-1">1</a></sup></p></td>')


def test_nothing_external(sample_book: BilingualBook) -> None:
    html, page = page_of(sample_book)
    for _tag, attrs in page.tags:
        assert "src" not in attrs
        for name, value in attrs.items():
            if name == "href":
                assert value.startswith("#"), value
            assert "http" not in value and "//" not in value, (name, value)
    assert "url(" not in page.style and "@import" not in page.style and "//" not in page.style
    assert not page.all("link") and not page.all("script") and not page.all("img")
    assert "http" not in html


def test_interleaved_blocks(sample_book: BilingualBook) -> None:
    _html, page = page_of(sample_book, "interleaved")
    assert [s["id"] for s in page.all("section") if s.get("class") == "pair"] == [f"link-{k}" for k in range(1, 10)]
    blocks = page.all("div")
    assert len(blocks) == 5 * 2 + 4
    assert sum("omission" in b["class"] for b in blocks) == 4
    assert not page.all("table")


def test_unknown_layout_is_refused(sample_book: BilingualBook) -> None:
    with pytest.raises(ValueError, match="unknown layout 'diagonal'"):
        write_export("html", sample_book, io.StringIO(), "diagonal")
