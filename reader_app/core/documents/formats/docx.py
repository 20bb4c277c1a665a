"""Word .docx reader on python-docx: paragraphs and table cells in order, headings and lists from styles."""

from __future__ import annotations

import re

from reader_app.core.documents.formats import Extracted, FormatError, Piece, nesting
from reader_app.core.documents.formats.archive import MAX_UNPACKED_BYTES, open_zip, read_member
from reader_app.core.model import ParagraphKind

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ENTITY = re.compile(rb"<!ENTITY|<!DOCTYPE", re.IGNORECASE)
# Text that is not the paragraph's reading text: ruby readings, deleted revisions, field codes.
_SKIP_UNDER = {W + "rt", W + "del", W + "instrText", W + "delText"}


def _paragraph_text(p) -> str:
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP_UNDER:
            continue
        if tag == W + "t":
            parts.append(element.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "p":
            continue  # a text box's paragraphs: read where they are anchored would duplicate them
        else:
            stack.append(iter(element))
    return "".join(parts)


def _kind(paragraph) -> ParagraphKind:
    try:
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - python-docx raises several types for a style reference to a missing style part: plain text
        style = ""
    if style == "Title" or style.startswith("Heading"):
        return ParagraphKind.HEADING
    ppr = paragraph._p.pPr
    if style.startswith("List") or (ppr is not None and ppr.find(W + "numPr") is not None):
        return ParagraphKind.LIST_ITEM
    return ParagraphKind.PARAGRAPH


def read_docx(data: bytes) -> Extracted:
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    archive = open_zip(data)
    budget = [MAX_UNPACKED_BYTES]
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        part = read_member(archive, info.filename, budget)
        if _ENTITY.search(part):
            raise FormatError(f"declares a DTD or XML entities in {info.filename[:60]} (refused)", unsafe=True)
        nesting.check_xml(part, info.filename)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... for damaged packages
        raise FormatError(f"is not a readable Word document ({type(exc).__name__})") from exc
    pieces: list[Piece] = []

    def add(paragraph) -> None:
        text = _paragraph_text(paragraph._p)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            return
        n = len(pieces) + 1
        joined = "\n".join(lines)
        pieces.append(Piece(joined, joined, _kind(paragraph), n, n, keep_lines=len(lines) > 1, structured=True))

    def walk(container) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, DocxParagraph):
                add(child)
            elif isinstance(child, Table):
                seen = set()
                for row in child.rows:
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell is listed once per grid column it spans
                            seen.add(id(cell._tc))
                            walk(cell)

    try:
        walk(document)
    except FormatError:
        raise
    except Exception as exc:
        raise FormatError(f"is not a readable Word document ({type(exc).__name__})") from exc
    return Extracted(pieces)
