"""A bilingual page: one self-contained HTML file (inline CSS, no external resource), notes as footnotes."""

from __future__ import annotations

from html import escape
from typing import IO

from reader_app.core.exports.book import SIDE_NAMES, BilingualBook, Row
from reader_app.core.exports.markup import note_body, side_markup, stylesheet


def _ref(number: int) -> str:
    return f'<sup class="noteref"><a id="ref-{number}" href="#note-{number}">{number}</a></sup>'


def _cell_attributes(row: Row, side: str) -> str:
    """A cell's class (and language): the paragraphs of a one-sided link carry the omission colour and the window's
    tooltip; the empty cell beside them does not."""
    if row.one_sided and row.paragraphs(side):
        other = SIDE_NAMES["en" if side == "zh" else "zh"]
        return f' class="{side} omission" title="No {other} counterpart"'
    return f' class="{side}"'


def write_html(book: BilingualBook, out: IO[str], layout: str = "side-by-side") -> None:
    """Write the page to `out` row by row (nothing of the book is held as one string)."""
    zh_tag = book.zh_tag
    title = escape(book.display_title)
    out.write(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
              f'<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
              f'<meta name="generator" content="Bilingual Reader"/>\n<title>{title}</title>\n'
              f"<style>{stylesheet(zh_tag)}</style>\n</head>\n<body>\n")
    langs = {"zh": f' lang="{zh_tag}"', "en": ' lang="en"'}
    if layout == "side-by-side":
        out.write('<table class="pairs">\n<colgroup><col/><col/></colgroup>\n<tbody>\n')
        for row in book.rows():
            cells = "".join(f'<td{_cell_attributes(row, side)}{langs[side]}>{side_markup(row, side, _ref)}</td>'
                            for side in ("zh", "en"))
            out.write(f'<tr id="link-{row.index + 1}">{cells}</tr>\n')
        out.write("</tbody>\n</table>\n")
    elif layout == "interleaved":
        for row in book.rows():
            blocks = "".join(f'<div{_cell_attributes(row, side)}{langs[side]}>{side_markup(row, side, _ref)}</div>'
                             for side in ("zh", "en") if row.paragraphs(side))
            out.write(f'<section class="pair" id="link-{row.index + 1}">{blocks}</section>\n')
    else:
        raise ValueError(f"unknown layout {layout!r}")
    if book.notes:
        out.write('<section class="notes">\n<h2>Notes</h2>\n<ol>\n')
        for note in book.notes:
            back = f' <a class="back" href="#ref-{note.number}" title="Back to the text">↩</a>'
            out.write(f'<li id="note-{note.number}">'
                      f"{note_body(note.text, note.meaning, note.tags, note.quote)}{back}</li>\n")
        out.write("</ol>\n</section>\n")
    out.write("</body>\n</html>\n")
