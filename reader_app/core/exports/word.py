"""A bilingual Word document (python-docx): a two-column table, a row per link, one-sided rows shaded in the
omission colour, notes as Word comments, East Asian fonts named on the Chinese runs.

Comments rather than footnotes: python-docx has a comments part (since 1.2) and no footnotes. Each row is
built as one small XML fragment and parsed by lxml (0.1 ms a row) instead of python-docx's `add_row` and
`cell()` calls, which re-compute the table grid on every call (minutes for 10k rows). The document is one XML
tree until it is saved: a .docx cannot be streamed, its body is a single part of the zip."""

from __future__ import annotations

import re
from typing import IO, Any
from xml.sax.saxutils import escape

from reader_app.core.exports.book import SIDE_NAMES, BilingualBook, LinkNote, Row
from reader_app.core.exports.colours import OMISSION_HEX
from reader_app.core.model import ParagraphKind

# Word's East Asian font per script, with the language it uses for line breaking and proofing.
EAST_ASIAN = {"zh-Hant": ("Microsoft JhengHei", "zh-TW"), "zh-Hans": ("Microsoft YaHei", "zh-CN")}
COMMENT_AUTHOR = "Bilingual Reader"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run(text: str, side: str, zh_tag: str, *, bold: bool = False, italic: bool = False, size: int = 0) -> str:
    props = []
    if side == "zh":
        font, lang = EAST_ASIAN[zh_tag]
        props.append(f'<w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/>')
    if bold:
        props.append("<w:b/>")
    if italic:
        props.append("<w:i/>")
        props.append('<w:color w:val="777777"/>')
    if size:
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    props.append(f'<w:lang w:val="en-US" w:eastAsia="{EAST_ASIAN[zh_tag][1]}"/>' if side == "zh"
                 else '<w:lang w:val="en-US"/>')
    lines = _NOT_XML.sub("", text).replace("\u2028", "\n").split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r><w:rPr>{''.join(props)}</w:rPr>{body}</w:r>"


def _cell(row: Row, side: str, zh_tag: str) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{OMISSION_HEX.lstrip("#").upper()}"/>' \
        if row.one_sided else ""
    props = f'<w:tcPr><w:tcW w:w="2500" w:type="pct"/>{shading}</w:tcPr>'
    paragraphs = row.paragraphs(side)
    if not paragraphs:
        return f"<w:tc>{props}<w:p>{_run(f'(not in the {SIDE_NAMES[side]})', 'en', zh_tag, italic=True)}</w:p></w:tc>"
    indices = row.link.zh if side == "zh" else row.link.en
    body = []
    for i, p in zip(indices, paragraphs, strict=True):
        run = _run(p.text, side, zh_tag, bold=p.kind is ParagraphKind.HEADING)
        for note in row.notes_on(side, i):
            # The comment's range covers the paragraph's text; its reference mark follows it (as Word writes it).
            run = (f'<w:commentRangeStart w:id="{note.number}"/>{run}<w:commentRangeEnd w:id="{note.number}"/>'
                   f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                   f'<w:commentReference w:id="{note.number}"/></w:r>')
        body.append(f"<w:p>{run}</w:p>")
    return f"<w:tc>{props}{''.join(body)}</w:tc>"


def _comment(note: LinkNote, namespaces: str) -> str:
    """A note as a w:comment: the shape python-docx's add_comment makes, with the note's text in it."""
    extra = ([note.meaning] if note.meaning else []) + ["#" + t for t in note.tags]
    text = note.text.strip() or "(no text)"
    if note.quote:
        text = f"«{note.quote}» {text}"
    if extra:
        text += f" ({' '.join(extra)})"
    paragraphs = _NOT_XML.sub("", text).replace("\u2028", "\n").split("\n")
    runs = "".join(
        '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        + ('<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>' if k == 0 else "")
        + f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for k, line in enumerate(paragraphs))
    return (f'<w:comment {namespaces} w:id="{note.number}" w:author="{COMMENT_AUTHOR}" w:initials="BR">{runs}'
            "</w:comment>")


def write_docx(book: BilingualBook, out: IO[bytes]) -> None:
    """Write the document to `out` (a binary file)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    zh_tag = book.zh_tag
    document = docx.Document()
    document.core_properties.title = book.display_title
    document.core_properties.language = f"{zh_tag}, en"
    document.add_heading(book.display_title, level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    tbl = table._tbl
    tbl.tblPr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="5000" w:type="pct"/>'))
    header = "".join(f'<w:tc><w:tcPr><w:tcW w:w="2500" w:type="pct"/></w:tcPr><w:p>'
                     f"{_run(name, 'en', zh_tag, bold=True)}</w:p></w:tc>" for name in ("Chinese", "English"))
    # The header row repeats on every page (tblHeader).
    tbl.append(parse_xml(f'<w:tr {nsdecls("w")}><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>'))
    w = nsdecls("w")
    for row in book.rows():
        tbl.append(parse_xml(f"<w:tr {w}>{_cell(row, 'zh', zh_tag)}{_cell(row, 'en', zh_tag)}</w:tr>"))
    if book.notes:
        # The comments part python-docx makes (document.comments creates it); its add_comment looks for a free id
        # through every comment (quadratic: 1.3 s for 500 notes), so the notes' own numbers are the ids.
        comments: Any = document.part._comments_part.element
        for note in book.notes:
            comments.append(parse_xml(_comment(note, w)))
    document.save(out)
