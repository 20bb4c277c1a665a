"""Bilingual exports of a document, its paragraph alignment and its notes: HTML, EPUB 3, DOCX, TMX, TSV, Markdown
and an Anki deck. Qt-free and storage-free: the caller places the notes (storage) and passes them as LinkNotes.

`write_export(fmt, book, out, layout)` writes one format to `out`: a text stream for the text formats, a binary
file for epub and docx (BINARY_FORMATS); each writer writes as it goes, row by row."""

from __future__ import annotations

import importlib
from typing import IO, TYPE_CHECKING, Any

from reader_app.core.exports.colours import OMISSION_HEX, OMISSION_HEX_DARK

if TYPE_CHECKING:
    from reader_app.core.exports.book import (
        BilingualBook,
        LinkNote,
        Row,
        chinese_script_tag,
        link_notes_from_placements,
    )

# Imported on first use (PEP 562): the book model imports core.editing, whose aligner and numpy the window's
# start-up would pay for by importing the omission colour (0.17 s).
_LAZY = {name: "reader_app.core.exports.book"
         for name in ("BilingualBook", "LinkNote", "Row", "chinese_script_tag", "link_notes_from_placements")}
LAYOUTS = ("side-by-side", "interleaved")
FORMATS = ("html", "epub", "docx", "tmx", "tsv", "md", "anki")
BINARY_FORMATS = frozenset({"epub", "docx"})
# The layout each format takes when none is asked for: a page and a table side by side; an e-book a block after
# a block (a two-column table on a 6-inch screen leaves a few words a line).
DEFAULT_LAYOUTS = {"html": "side-by-side", "epub": "interleaved", "md": "side-by-side"}
SUFFIXES = {"html": ".html", "epub": ".epub", "docx": ".docx", "tmx": ".tmx", "tsv": ".tsv", "md": ".md",
            "anki": ".anki.txt"}

__all__ = ["BINARY_FORMATS", "DEFAULT_LAYOUTS", "FORMATS", "LAYOUTS", "OMISSION_HEX", "OMISSION_HEX_DARK",
           "SUFFIXES", "BilingualBook", "LinkNote", "Row", "chinese_script_tag", "link_notes_from_placements",
           "write_export"]


def write_export(fmt: str, book: BilingualBook, out: IO[Any], layout: str | None = None) -> None:
    """Write `book` as `fmt` to `out` (IO[bytes] for BINARY_FORMATS, else IO[str]); `layout` (side-by-side or
    interleaved) matters to html, epub and md, None taking DEFAULT_LAYOUTS. ValueError for an unknown format or
    layout."""
    layout = layout or DEFAULT_LAYOUTS.get(fmt, "side-by-side")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if fmt == "html":
        from reader_app.core.exports.html import write_html

        write_html(book, out, layout)
    elif fmt == "epub":
        from reader_app.core.exports.epub import write_epub

        write_epub(book, out, layout)
    elif fmt == "docx":
        from reader_app.core.exports.word import write_docx

        write_docx(book, out)
    elif fmt == "tmx":
        from reader_app.core.exports.tmx import units_of_book, write_tmx

        write_tmx(units_of_book(book), out, book.zh_tag)
    elif fmt == "tsv":
        from reader_app.core.exports.tables import write_tsv

        write_tsv(book, out)
    elif fmt == "md":
        from reader_app.core.exports.tables import write_markdown

        write_markdown(book, out, layout)
    elif fmt == "anki":
        from reader_app.core.exports.anki import cards_of_book, write_deck

        write_deck(cards_of_book(book), out)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
