"""Format readers: the sample converted to HTML, Markdown, DOCX and EPUB loads to the same paragraphs; SRT, TMX
and XLIFF keep their own alignment."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pytest

from reader_app.core.documents import DocumentError, load_document
from reader_app.core.model import Language, ParagraphKind
from tests.conftest import SAMPLE

HAN = re.compile("[\u4e00-\u9fff]")


def sample_blocks(text: str | None = None) -> list[list[str]]:
    """The sample's blank-line blocks as lists of lines (how a converter would see its paragraphs)."""
    text = SAMPLE.read_text(encoding="utf-8") if text is None else text
    return [block.splitlines() for block in re.split(r"\n[ \t\u00a0]*\n+", text.strip()) if block.strip()]


def _titles(blocks: list[list[str]]) -> set[int]:
    first_zh = next(i for i, b in enumerate(blocks) if HAN.search(b[0]))
    first_en = next(i for i, b in enumerate(blocks) if not HAN.search(b[0]))
    return {first_zh, first_en}


def html_body(blocks: list[list[str]], titles: set[int] | None = None) -> str:
    titles = _titles(blocks) if titles is None else titles
    parts = []
    for i, lines in enumerate(blocks):
        inner = "<br/>".join(html.escape(line) for line in lines)
        parts.append(f"<h1>{inner}</h1>" if i in titles else f"<p>{inner}</p>")
    return "\n".join(parts)


def to_html(text: str | None = None, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>Readout</title>'
        "<style>p { color: red }</style><script>document.write('not text')</script></head>\n"
        f"<body>\n{html_body(sample_blocks(text))}\n</body></html>\n"
    )


def to_markdown(text: str | None = None) -> str:
    blocks = sample_blocks(text)
    titles = _titles(blocks)
    out = []
    for i, lines in enumerate(blocks):
        if i in titles:
            out.append("# " + lines[0])
        else:
            out.append("\\\n".join(lines))  # a backslash at the end of a line is a hard break
    return "\n\n".join(out) + "\n"


def to_docx(text: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    blocks = sample_blocks(text)
    titles = _titles(blocks)
    for i, lines in enumerate(blocks):
        if i in titles:
            document.add_heading(lines[0], level=1)
            continue
        paragraph = document.add_paragraph()
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            if n < len(lines) - 1:
                run.add_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CONTAINER_XML = (
    '<?xml version="1.0"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>'
)


def epub_bytes(
    chapters: dict[str, str],
    opf_path: str = "OEBPS/content.opf",
    spine: list[str] | None = None,
    extra: dict[str, bytes] | None = None,
    opf: str | None = None,
) -> bytes:
    """An EPUB 3 package with `chapters` (href relative to the OPF -> XHTML) in spine order."""
    manifest = "".join(
        f'<item id="c{i}" href="{href}" media-type="application/xhtml+xml"/>' for i, href in enumerate(chapters)
    )
    itemrefs = (
        "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
        if spine is None
        else "".join(f'<itemref idref="{s}"/>' for s in spine)
    )
    opf = opf or (
        '<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x'
        f"</dc:identifier><dc:title>t</dc:title></metadata><manifest>{manifest}</manifest>"
        f"<spine>{itemrefs}</spine></package>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", CONTAINER_XML.format(opf=opf_path))
        archive.writestr(opf_path, opf)
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        for href, body in chapters.items():
            if not href.startswith("/") and ":" not in href and "\\" not in href and ".." not in href.split("/"):
                archive.writestr(base + href, body)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def xhtml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title/></head><body>{body}</body></html>"
    )


def to_epub(text: str | None = None) -> bytes:
    blocks = sample_blocks(text)
    titles = _titles(blocks)
    split = max(titles)
    return epub_bytes(
        {
            "text/zh.xhtml": xhtml(html_body(blocks[:split], titles)),
            "text/en.xhtml": xhtml(html_body(blocks[split:], {t - split for t in titles if t >= split})),
        }
    )


def _shape(document) -> list[tuple[str, str, str]]:
    return [(p.language.value, p.kind.value, p.text) for side in (document.zh, document.en) for p in side.paragraphs]


@pytest.fixture(scope="module")
def from_text():
    return load_document(SAMPLE)


@pytest.mark.parametrize("kind", ["html", "xhtml", "docx", "epub", "md"])
def test_sample_converted_loads_to_the_same_paragraphs(kind, tmp_path, from_text):
    path = tmp_path / f"sample.{kind}"
    if kind in ("html", "xhtml"):
        path.write_text(to_html(), encoding="utf-8")
    elif kind == "md":
        path.write_text(to_markdown(), encoding="utf-8")
    else:
        path.write_bytes(to_docx() if kind == "docx" else to_epub())
    document = load_document(path)
    assert _shape(document) == _shape(from_text)
    assert len(document.zh) == 6 and len(document.en) == 8
    if kind != "md":  # Markdown's original keeps its '#' marks, so only its headings' ids differ
        assert [p.id for p in document.zh.paragraphs] == [p.id for p in from_text.zh.paragraphs]
        assert [p.id for p in document.en.paragraphs] == [p.id for p in from_text.en.paragraphs]


def test_html_drops_ruby_readings_scripts_and_keeps_structure(tmp_path):
    page = (
        "<html><head><title>ignored</title><script>var x = '不是正文';</script></head><body>"
        "<h2>行<ruby>動<rp>(</rp><rt>dòng</rt><rp>)</rp></ruby>計劃</h2>"
        "<ul><li>第一項內容很重要。</li><li><p>第二項內容也很重要。</p></li></ul>"
        "<p>Action <b>plan</b>&nbsp;&nbsp;here.</p><ul><li>First item.</li><li>Second item.</li></ul>"
        "<!-- a comment --><noscript>no</noscript></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    document = load_document(path)
    assert [(p.kind, p.text) for p in document.zh.paragraphs] == [
        (ParagraphKind.HEADING, "行動計劃"),
        (ParagraphKind.LIST_ITEM, "第一項內容很重要。"),
        (ParagraphKind.LIST_ITEM, "第二項內容也很重要。"),
    ]
    assert [(p.kind, p.text) for p in document.en.paragraphs] == [
        (ParagraphKind.PARAGRAPH, "Action plan here."),
        (ParagraphKind.LIST_ITEM, "First item."),
        (ParagraphKind.LIST_ITEM, "Second item."),
    ]


def test_html_declared_gbk_charset_is_honoured(tmp_path):
    chinese_only = to_html(charset="gbk").split("<h1>Readout on Meeting")[0]
    path = tmp_path / "zh.htm"
    path.write_bytes(chinese_only.replace("\u00a0", " ").encode("gbk", errors="strict") + b"</body></html>")
    en = tmp_path / "en.txt"
    en.write_text("Readout on Meeting of the Working Group\n\nOn May 8-9, a meeting.\n", encoding="utf-8")
    document = load_document(path, en)
    assert document.zh.encoding == "GB18030"
    assert document.zh.paragraphs[0].text == "中美“21世紀20年代強化氣候行動工作組”會議情況"


def test_xhtml_self_closed_title_does_not_swallow_the_page(tmp_path):
    path = tmp_path / "page.xhtml"
    path.write_text(xhtml("<p>中文段落一。</p><p>English paragraph one.</p>"), encoding="utf-8")
    document = load_document(path)
    assert document.zh.texts() == ["中文段落一。"]
    assert document.en.texts() == ["English paragraph one."]


def test_markdown_headings_lists_and_inline_markup(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "# 標題\n\n正文**第一**段，\n換行繼續。\n\n- 項目一\n- 項目二\n\n# Title\n\nBody *first* paragraph,\n"
        "wrapped here.\n\n```\ncode stays\n```\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert [(p.kind.value, p.text) for p in document.zh.paragraphs] == [
        ("heading", "標題"),
        ("paragraph", "正文第一段，換行繼續。"),
        ("list_item", "項目一"),
        ("list_item", "項目二"),
    ]
    assert [(p.kind.value, p.text) for p in document.en.paragraphs] == [
        ("heading", "Title"),
        ("paragraph", "Body first paragraph, wrapped here."),
        ("paragraph", "code stays"),
    ]
    assert document.zh.paragraphs[1].source.first_line == 3 and document.zh.paragraphs[1].source.last_line == 4


def mixed_docx() -> bytes:
    """A DOCX with a heading, a list, a table, ruby and a deleted revision (also a seed of bench/fuzz_documents)."""
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("會議情況", level=1)
    document.add_paragraph("第一項。", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格裡的中文。"
    table.cell(0, 1).text = "English in a table."
    ruby = document.add_paragraph()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ruby._p.append(
        parse_xml(
            f"<w:r {ns}><w:ruby><w:rubyPr/><w:rt><w:r><w:t>dòng</w:t></w:r></w:rt>"
            f"<w:rubyBase><w:r><w:t>行動</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        )
    )
    ruby._p.append(parse_xml(f'<w:del {ns} w:id="1" w:author="a"><w:r><w:delText>刪掉</w:delText></w:r></w:del>'))
    ruby._p.append(parse_xml(f"<w:r {ns}><w:t>計劃。</w:t></w:r>"))
    document.add_heading("Meeting", level=1)
    document.add_paragraph("Action plan.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_tables_lists_ruby_and_deleted_text(tmp_path):
    path = tmp_path / "mixed.docx"
    path.write_bytes(mixed_docx())
    loaded = load_document(path)
    assert [(p.kind.value, p.text) for p in loaded.zh.paragraphs] == [
        ("heading", "會議情況"),
        ("list_item", "第一項。"),
        ("paragraph", "表格裡的中文。"),
        ("paragraph", "行動計劃。"),
    ]
    assert [(p.kind.value, p.text) for p in loaded.en.paragraphs] == [
        ("paragraph", "English in a table."),
        ("heading", "Meeting"),
        ("paragraph", "Action plan."),
    ]


def test_epub_reads_chapters_in_spine_order_not_zip_order(tmp_path):
    data = epub_bytes(
        {"b.xhtml": xhtml("<p>English second chapter.</p>"), "a.xhtml": xhtml("<p>中文第一章。</p>")},
        spine=["c1", "c0"],
    )
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    document = load_document(path)
    assert document.zh.texts() == ["中文第一章。"]
    assert document.en.texts() == ["English second chapter."]
    assert document.zh.paragraphs[0].source.first_line == 1
    assert document.en.paragraphs[0].source.first_line == 2


SRT = """1
00:00:01,000 --> 00:00:03,500
會議在華盛頓召開。
The meeting was held in Washington.

2
00:00:04,000 --> 00:00:06,000
<i>雙方討論了甲烷問題。</i>
Both sides discussed methane.

3
00:00:06,500 --> 00:00:08,000
（掌聲）

4
00:00:08,500 --> 00:00:09,000
Thank you.
"""


def test_srt_with_bilingual_cues_gives_its_own_links(tmp_path):
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    document = load_document(path)
    assert document.zh.texts() == ["會議在華盛頓召開。", "雙方討論了甲烷問題。", "（掌聲）"]
    assert document.en.texts() == ["The meeting was held in Washington.", "Both sides discussed methane.", "Thank you."]
    assert document.given_links == (((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)))
    assert document.zh.paragraphs[1].source.first_line == 8


def test_srt_without_timings_is_refused(tmp_path):
    path = tmp_path / "broken.srt"
    path.write_text("1\n不是字幕\nnot a subtitle\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"^broken\.srt: is not an SRT subtitle file"):
        load_document(path)


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="paragraph" o-tmf="x"
 adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>The two sides met.</seg></tuv><tuv xml:lang="zh-TW"><seg>雙方舉行了會晤。</seg></tuv></tu>
<tu><tuv xml:lang="zh-TW"><seg>中文沒有譯文。</seg></tuv><tuv xml:lang="en"><seg></seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>They agreed on <bpt i="1">&lt;b&gt;</bpt>methane<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="zh-TW"><seg>雙方就甲烷達成一致。</seg></tuv></tu>
</body></tmx>
"""

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="readout" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>会议在华盛顿召开。</source><target>The meeting was held in Washington.</target></trans-unit>
<trans-unit id="2"><source>双方讨论了甲烷。</source></trans-unit>
<trans-unit id="3"><source>共同主持。</source><target>Co-chaired.</target></trans-unit>
</body></file></xliff>
"""


def test_tmx_keeps_its_alignment_by_language_codes(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    document = load_document(path)
    assert document.zh.texts() == ["雙方舉行了會晤。", "中文沒有譯文。", "雙方就甲烷達成一致。"]
    assert document.en.texts() == ["The two sides met.", "They agreed on methane."]
    assert document.given_links == (((0,), (0,)), ((1,), ()), ((2,), (1,)))


def test_xliff_keeps_its_alignment(tmp_path):
    path = tmp_path / "readout.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    document = load_document(path)
    assert document.zh.texts() == ["会议在华盛顿召开。", "双方讨论了甲烷。", "共同主持。"]
    assert document.en.texts() == ["The meeting was held in Washington.", "Co-chaired."]
    assert document.given_links == (((0,), (0,)), ((1,), ()), ((2,), (1,)))


def test_unsupported_and_unknown_containers_are_refused_with_one_line(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(DocumentError, match=r"^old\.doc: Word 97-2003 \.doc files are not supported"):
        load_document(doc)
    archive = tmp_path / "photos.zip"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.jpg", b"\xff\xd8")
    archive.write_bytes(out.getvalue())
    with pytest.raises(DocumentError, match="neither an EPUB nor a Word document"):
        load_document(archive)


def test_two_files_given_english_first_are_swapped(tmp_path):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("標題\n\n第一段。\n", encoding="utf-8")
    en.write_text("Title\n\nFirst paragraph.\n", encoding="utf-8")
    document = load_document(en, zh)
    assert document.zh.texts() == ["標題", "第一段。"]
    assert document.en.texts() == ["Title", "First paragraph."]
    assert document.zh.paragraphs[0].source.file_index == 1
    assert Path(document.sources[0]).name == "zh.txt"
    assert document.zh.paragraphs[0].language is Language.ZH


def test_html_that_lies_about_its_charset_is_judged(tmp_path):
    path = tmp_path / "liar.html"
    page = (
        '<html><head><meta charset="utf-8"></head><body>'
        "<p>雙方計劃在期間舉辦第二屆峰會，推動開展雙邊合作。</p><p>English.</p>"
    )
    path.write_bytes(page.encode("gb18030"))
    document = load_document(path)
    assert document.zh.encoding == "GB18030"
    assert document.zh.texts() == ["雙方計劃在期間舉辦第二屆峰會，推動開展雙邊合作。"]
    path.write_bytes(page.encode())
    assert load_document(path).zh.encoding == "UTF-8"


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
<file id="f1">
<unit id="1"><segment><source>会议在华盛顿召开。</source>
<target>The meeting was held in Washington.</target></segment></unit>
<unit id="2"><segment><source>双方讨论了甲烷。</source></segment></unit>
</file></xliff>
"""


def test_xliff_2_keeps_its_alignment(tmp_path):
    path = tmp_path / "readout2.xliff"
    path.write_text(XLIFF2, encoding="utf-8")
    document = load_document(path)
    assert document.zh.texts() == ["会议在华盛顿召开。", "双方讨论了甲烷。"]
    assert document.en.texts() == ["The meeting was held in Washington."]
    assert document.given_links == (((0,), (0,)), ((1,), ()))
