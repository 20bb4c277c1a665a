"""Pathologically nested markup is refused by a linear pre-scan before any parser sees it; real documents are not.

The timing (< 2 s on 200,000 nested <div>s, where the HTML parser alone takes 75 s) is bench/hostile_documents.py's.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from reader_app.core.documents import UnsafeDocumentError, load_document
from reader_app.core.documents.formats.nesting import MAX_DEPTH, html_depth, xml_depth
from tests.unit.core.documents.test_formats import TMX, epub_bytes, to_docx, xhtml

ZH = "中国和美国同意加强气候合作。"
EN = "China and the United States agreed to strengthen climate cooperation."
DEEP = 5000


def _nested(depth: int, tag: str = "div") -> str:
    return f"<{tag}>" * depth + f"<p>{ZH}</p><p>{EN}</p>" + f"</{tag}>" * depth


def _html(body: str) -> str:
    return f"<!DOCTYPE html>\n<html><head><title>t</title></head><body>{body}</body></html>\n"


def _docx_with(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(to_docx(f"{ZH}\n\n{EN}\n"))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, document_xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def _docx_document_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(to_docx(f"{ZH}\n\n{EN}\n"))) as archive:
        return archive.read("word/document.xml")


# -- the scanner's depth, exactly -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "depth"),
    [
        ("<div><div><p>a</p></div></div>", 3),
        ("<p>a<p>b<p>c", 1),  # a <p> closes the open one
        ("<ul><li>a<li>b<li>c</ul>", 2),
        ("<table><tr><td>a<td>b<tr><td>c</table>", 4),  # with the <tbody> the parser inserts
        ("<p>a<br>b<img src=x><hr><input>", 2),  # void elements are leaves; <hr> closes the <p>
        ("<div><!-- <div><div><div> --><![CDATA[<div><div>]]></div>", 1),
        ("<script>if (a<b) document.write('<div><div><div>')</script><style>p>a{}</style>", 1),
        ("<svg><g><rect/><rect/><rect/></g></svg>", 3),
        ("<div><span>unclosed</div><div>", 2),  # an end tag closes what it skips
        ("<DIV><Div><div>", 3),  # tag names are case-insensitive
        ("<a href=1>one<a href=2>two<a href=3>three", 1),  # a new link closes the open one
        ("<dl><dt>a<dd>b<dt>c<dd>d</dl>", 2),
        ("<select><option>a<option>b<option>c</select>", 2),
        ("<h1>a<h2>b<h3>c", 1),
        ("<p>a <b>b</b> < c and 1<2 text", 2),
    ],
)
def test_html_depth_follows_the_html_parser(markup, depth):
    assert html_depth(markup) == depth


@pytest.mark.parametrize(
    ("markup", "depth"),
    [
        (b'<?xml version="1.0"?><a><b><c/><c/><c/></b></a>', 3),
        (b"<a><!-- <b><b><b> --><![CDATA[<b><b>]]><b>x</b></a>", 2),
        (b'<a x="1" y="2"><b/><b z="3"/></a>', 2),
        (b"<w:a><w:b><w:c><w:d>", 4),
    ],
)
def test_xml_depth_counts_open_elements(markup, depth):
    assert xml_depth(markup) == depth


def test_the_limit_is_a_thousand():
    assert MAX_DEPTH == 1000


# -- refused, with a one-line reason naming the depth -----------------------------------------------------

def test_deeply_nested_html_is_refused_naming_the_depth(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(_html(_nested(DEEP)), encoding="utf-8")
    with pytest.raises(UnsafeDocumentError) as caught:
        load_document(path)
    # html, body, 5,000 divs: the paragraphs at the bottom sit 5,002 elements deep.
    assert str(caught.value) == f"deep.html: nests elements {DEEP + 3:,} deep, more than the 1,000 allowed (refused)"


def test_deeply_nested_html_without_closing_tags_is_refused(tmp_path):
    path = tmp_path / "deep.htm"
    path.write_text("<html><body>" + "<span>" * DEEP + ZH, encoding="utf-8")
    with pytest.raises(UnsafeDocumentError, match=rf"^deep\.htm: nests elements {DEEP + 2:,} deep, "):
        load_document(path)


def test_deeply_nested_epub_chapter_is_refused(tmp_path):
    path = tmp_path / "deep.epub"
    path.write_bytes(epub_bytes({"c.xhtml": xhtml(_nested(DEEP))}))
    with pytest.raises(UnsafeDocumentError) as caught:
        load_document(path)
    assert str(caught.value) == (
        f"deep.epub: nests elements {DEEP + 3:,} deep in OEBPS/c.xhtml, more than the 1,000 allowed (refused)"
    )


def test_deeply_nested_epub_package_is_refused(tmp_path):
    opf = '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf">' + "<x>" * DEEP + "</x>" * DEEP
    opf += "</package>"
    path = tmp_path / "deep-opf.epub"
    path.write_bytes(epub_bytes({"c.xhtml": xhtml(f"<p>{ZH}</p><p>{EN}</p>")}, opf=opf))
    with pytest.raises(UnsafeDocumentError) as caught:
        load_document(path)
    assert str(caught.value) == (
        f"deep-opf.epub: nests elements {DEEP + 1:,} deep in OEBPS/content.opf, more than the 1,000 allowed (refused)"
    )


def test_deeply_nested_docx_is_refused(tmp_path):
    head, rest = _docx_document_xml().split(b"<w:body>", 1)
    body, tail = rest.split(b"</w:body>", 1)
    deep = head + b"<w:body>" + b"<w:sdt><w:sdtContent>" * (DEEP // 2) + body
    deep += b"</w:sdtContent></w:sdt>" * (DEEP // 2) + b"</w:body>" + tail
    path = tmp_path / "deep.docx"
    path.write_bytes(_docx_with(deep))
    with pytest.raises(UnsafeDocumentError) as caught:
        load_document(path)
    # w:document, w:body, 5,000 levels of content controls, then w:p, w:r, w:t.
    assert str(caught.value) == (
        f"deep.docx: nests elements {DEEP + 5:,} deep in word/document.xml, more than the 1,000 allowed (refused)"
    )


def test_deeply_nested_tmx_is_refused(tmp_path):
    path = tmp_path / "deep.tmx"
    path.write_text(TMX.replace("<body>", "<body>" + "<prop>" * DEEP, 1).replace("</body>", "</prop>" * DEEP +
                                                                                     "</body>", 1), encoding="utf-8")
    with pytest.raises(UnsafeDocumentError, match=r"^deep\.tmx: nests elements [0-9,]+ deep, more than the 1,000"):
        load_document(path)


# -- legitimate documents past the limit in element count, not in depth -----------------------------------

MANY = 1500


def _pairs(n: int, template: str) -> str:
    return "".join(template.format(zh=f"{ZH}{i}", en=f"{EN} {i}") for i in range(n))


@pytest.mark.parametrize(
    "body",
    [
        _pairs(MANY // 2, "<p>{zh}<p>{en}"),  # unclosed paragraphs
        "<ul>" + _pairs(MANY // 2, "<li>{zh}<li>{en}") + "</ul>",
        "<table>" + _pairs(MANY // 2, "<tr><td>{zh}<td>{en}") + "</table>",
        "<dl>" + _pairs(MANY // 2, "<dt>{zh}<dd>{en}") + "</dl>",
        _pairs(MANY // 2, "<p>{zh}<br><img src=x.png alt=''><wbr><hr><p>{en}<br><input>"),
        "<!--" + "<div>" * MANY + "-->" + _pairs(2, "<p>{zh}</p><p>{en}</p>"),
        "<script>" + "document.write('<div>');" * MANY + "</script>" + _pairs(2, "<p>{zh}</p><p>{en}</p>"),
        "<style>" + "div > p { }" * MANY + "</style>" + _pairs(2, "<p>{zh}</p><p>{en}</p>"),
        "<p>" + "<a name=x>anchor " * MANY + _pairs(2, "<p>{zh}</p><p>{en}</p>"),  # each new link ends the last
    ],
    ids=["p", "li", "td", "dd", "void", "comment", "script", "style", "a"],
)
def test_many_elements_in_a_shallow_html_page_load(body, tmp_path):
    path = tmp_path / "shallow.html"
    path.write_text(_html(body), encoding="utf-8")
    document = load_document(path)
    assert len(document.zh) >= 2 and len(document.en) >= 2


def test_many_self_closed_xhtml_elements_in_an_epub_load(tmp_path):
    # EPUB page-break markers: <span .../> self-closed thousands of times within one paragraph.
    chapter = xhtml(f"<p>{ZH}" + "".join(f'<span id="p{i}"/>x' for i in range(MANY)) + f"</p><p>{EN}</p>")
    path = tmp_path / "markers.epub"
    path.write_bytes(epub_bytes({"c.xhtml": chapter}))
    document = load_document(path)
    assert document.zh.paragraphs[0].text.startswith(ZH)
    assert [p.text for p in document.en.paragraphs] == [EN]


def test_docx_of_many_paragraphs_loads(tmp_path):
    text = "\n\n".join(f"{ZH}{i}\n\n{EN} {i}" for i in range(MANY // 2))
    path = tmp_path / "long.docx"
    path.write_bytes(to_docx(text))
    document = load_document(path)
    assert len(document.zh) == MANY // 2 and len(document.en) == MANY // 2


# -- the scan itself stays linear on tag soup (a hang here is what pytest-timeout reports) ----------------

SOUP = 200_000


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("markup", "depth"),
    [
        ("<a" + "x" * SOUP, 0),  # a tag that never ends
        ("<a " + "y" * SOUP, 0),
        ("<p" * SOUP, 0),  # tags that never end, each cut short by the next
        ("<b>" + "<i" * SOUP + "</b>", 1),
    ],
    ids=["long-name", "long-attributes", "lt-only", "inside"],
)
def test_unterminated_tags_are_scanned_in_linear_time(markup, depth):
    assert html_depth(markup) == depth
    assert xml_depth(markup.encode()) == depth
