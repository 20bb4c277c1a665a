"""A bilingual EPUB 3 (reflowable): one XHTML chapter per heading, a zh block then an en block per link (or a
two-cell table), notes as EPUB footnotes, nav.xhtml and toc.ncx from the headings. Passes epubcheck clean."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import IO

from reader_app.core.exports.book import BilingualBook, LinkNote, Row
from reader_app.core.exports.markup import lang_attributes, note_body, side_markup, stylesheet

# A chapter with no heading in it is cut after this many links anyway: a 10k-paragraph text without headings in
# one XHTML file is more than many e-readers open (they load a chapter whole).
MAX_ROWS_PER_CHAPTER = 300
# The identifier is derived from the text's content id, so exporting the same text again gives the same book
# (an e-reader updates it rather than adding a second copy).
IDENTIFIER_NAMESPACE = uuid.UUID("6c1b3b0e-8a3e-4c55-9d55-2b7f0e5a4a10")

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


@dataclass(frozen=True, slots=True)
class Chapter:
    file_name: str
    title: str
    in_contents: bool  # started at a heading (or is the first): listed in the table of contents


def book_identifier(book: BilingualBook) -> str:
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, book.document.content_id)}"


def _chapters(book: BilingualBook) -> Iterator[tuple[int, list[Row]]]:
    """The rows in chapters: a new one at each heading row, and after MAX_ROWS_PER_CHAPTER rows."""
    rows: list[Row] = []
    number = 0
    for row in book.rows():
        if rows and (row.is_heading or len(rows) >= MAX_ROWS_PER_CHAPTER):
            number += 1
            yield number, rows
            rows = []
        rows.append(row)
    if rows or number == 0:
        yield number + 1, rows


def _heading_title(row: Row) -> str:
    texts = [row.text(side).strip() for side in ("zh", "en") if row.paragraphs(side)]
    return " · ".join(t for t in texts if t)


def _ref(number: int) -> str:
    return (f'<sup><a class="noteref" epub:type="noteref" id="ref-{number}" href="#note-{number}">{number}</a>'
            "</sup>")


def _xhtml_head(title: str, css: bool = True) -> str:
    link = '<link rel="stylesheet" type="text/css" href="style.css"/>' if css else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="en" xml:lang="en">\n<head>\n<meta charset="utf-8"/>\n<title>{escape(title)}</title>\n{link}\n'
            "</head>\n")


def _write_chapter(out: IO[str], book: BilingualBook, rows: list[Row], title: str, layout: str) -> None:
    zh_tag = book.zh_tag
    langs = {"zh": lang_attributes(zh_tag, xml=True), "en": lang_attributes("en", xml=True)}
    out.write(_xhtml_head(title) + '<body>\n<section epub:type="chapter">\n')

    def css_class(row: Row, side: str) -> str:
        return f"{side} omission" if row.one_sided and row.paragraphs(side) else side

    if layout == "side-by-side":
        out.write('<table class="pairs">\n')
        for row in rows:
            cells = "".join(f'<td class="{css_class(row, s)}"{langs[s]}>{side_markup(row, s, _ref)}</td>'
                            for s in ("zh", "en"))
            out.write(f'<tr id="link-{row.index + 1}">{cells}</tr>\n')
        out.write("</table>\n")
    else:
        for row in rows:
            blocks = "".join(f'<div class="{css_class(row, s)}"{langs[s]}>{side_markup(row, s, _ref)}</div>'
                             for s in ("zh", "en") if row.paragraphs(s))
            out.write(f'<div class="pair" id="link-{row.index + 1}">{blocks}</div>\n')
    notes: list[LinkNote] = [note for row in rows for note in row.notes]
    for note in notes:
        # A footnote's own text is the reader's: in English or Chinese alike, so no language is claimed for it.
        out.write(f'<aside epub:type="footnote" id="note-{note.number}"><p>'
                  f'<a href="#ref-{note.number}">{note.number}.</a> '
                  f"{note_body(note.text, note.meaning, note.tags, note.quote)}</p></aside>\n")
    out.write("</section>\n</body>\n</html>\n")


def _nav(book: BilingualBook, chapters: list[Chapter]) -> str:
    items = "".join(f'<li><a href="{c.file_name}">{escape(c.title)}</a></li>\n' for c in chapters if c.in_contents)
    return (_xhtml_head(book.display_title, css=False)
            + f'<body>\n<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n{items}</ol>\n</nav>\n'
            "</body>\n</html>\n")


def _ncx(book: BilingualBook, chapters: list[Chapter], identifier: str) -> str:
    points = "".join(
        f'<navPoint id="nav-{n}" playOrder="{n}"><navLabel><text>{escape(c.title)}</text></navLabel>'
        f'<content src="{c.file_name}"/></navPoint>\n'
        for n, c in enumerate((c for c in chapters if c.in_contents), start=1))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
            f'<head><meta name="dtb:uid" content="{identifier}"/><meta name="dtb:depth" content="1"/>'
            '<meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>\n'
            f"<docTitle><text>{escape(book.display_title)}</text></docTitle>\n<navMap>\n{points}</navMap>\n</ncx>\n")


def _opf(book: BilingualBook, chapters: list[Chapter], identifier: str, modified: datetime) -> str:
    items = "".join(f'<item id="c{n}" href="{c.file_name}" media-type="application/xhtml+xml"/>\n'
                    for n, c in enumerate(chapters, start=1))
    spine = "".join(f'<itemref idref="c{n}"/>\n' for n in range(1, len(chapters) + 1))
    stamp = modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" '
            'xml:lang="en">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            f'<dc:identifier id="book-id">{identifier}</dc:identifier>\n'
            f"<dc:title>{escape(book.display_title)}</dc:title>\n"
            f"<dc:language>{book.zh_tag}</dc:language>\n<dc:language>en</dc:language>\n"
            '<dc:creator>Bilingual Reader</dc:creator>\n'
            f'<meta property="dcterms:modified">{stamp}</meta>\n</metadata>\n<manifest>\n'
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
            '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>\n'
            '<item id="css" href="style.css" media-type="text/css"/>\n'
            f'{items}</manifest>\n<spine toc="ncx">\n{spine}</spine>\n</package>\n')


def write_epub(book: BilingualBook, out: IO[bytes], layout: str = "interleaved",
               modified: datetime | None = None) -> None:
    """Write the EPUB to `out` (a binary file; seekable, so the zip needs no data descriptors), chapter by
    chapter. `modified` is dcterms:modified (default: now)."""
    if layout not in ("side-by-side", "interleaved"):
        raise ValueError(f"unknown layout {layout!r}")
    identifier = book_identifier(book)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # The OCF rule: `mimetype` first, stored uncompressed, so a reader can recognise the file by its bytes.
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/style.css", stylesheet(book.zh_tag, dark_theme=False))
        chapters: list[Chapter] = []
        section = book.display_title  # the title of the last heading, for the chapters cut without one
        for number, rows in _chapters(book):
            starts_at_heading = bool(rows) and rows[0].is_heading
            title = _heading_title(rows[0]) if starts_at_heading else ""
            if title:
                section = title
            else:
                title = section if number == 1 else f"{section} ({number})"
            chapter = Chapter(f"chapter-{number:04d}.xhtml", title, starts_at_heading or number == 1)
            with archive.open(f"OEBPS/{chapter.file_name}", "w") as raw, \
                    io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as text:
                _write_chapter(text, book, rows, title, layout)
            chapters.append(chapter)
        archive.writestr("OEBPS/nav.xhtml", _nav(book, chapters))
        archive.writestr("OEBPS/toc.ncx", _ncx(book, chapters, identifier))
        archive.writestr("OEBPS/content.opf", _opf(book, chapters, identifier, modified or datetime.now(UTC)))
