"""Plain-text tables of the bilingual text: TSV (a row per link, one-sided cells marked, a notes column) and
Markdown (a two-column table or interleaved blocks, notes as footnotes)."""

from __future__ import annotations

from typing import IO

from reader_app.core.exports.book import SIDE_NAMES, BilingualBook, Row

TSV_COLUMNS = ("link", "zh_paragraphs", "en_paragraphs", "confidence", "status", "zh", "en", "notes")


def absent_marker(side: str) -> str:
    """What a cell of the side a one-sided link lacks says (never an empty cell that reads as lost text)."""
    return f"[not in the {SIDE_NAMES[side]}]"


def _cell(text: str) -> str:
    return " ".join(text.split())  # tabs and line breaks would break the columns


def write_tsv(book: BilingualBook, out: IO[str]) -> None:
    """A header row, then one row per link; paragraph numbers are 1-based, as the window shows them."""
    out.write("\t".join(TSV_COLUMNS) + "\n")
    for row in book.rows():
        texts = [_cell(row.text(side)) if row.paragraphs(side) else absent_marker(side) for side in ("zh", "en")]
        notes = " | ".join(_cell(n.text) for n in row.notes if n.text.strip())
        ids = [",".join(str(i + 1) for i in indices) for indices in (row.link.zh, row.link.en)]
        out.write("\t".join([str(row.index + 1), *ids, f"{row.link.confidence:.4f}", row.status.value, *texts, notes])
                  + "\n")


def _md_inline(text: str) -> str:
    """Text safe in a Markdown table cell or paragraph: Markdown's punctuation escaped, line breaks as <br>."""
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>|" else ch for ch in text)
    if escaped.startswith(("#", "+", "-", ">")):  # a heading, list item or quote at the start of a block
        escaped = "\\" + escaped
    return escaped.replace("\u2028", "\n").replace("\n", "<br>")


def _md_side(row: Row, side: str, separator: str) -> str:
    indices = row.link.zh if side == "zh" else row.link.en
    if not indices:
        return f"*{absent_marker(side)}*"
    parts = []
    for i, paragraph in zip(indices, row.paragraphs(side), strict=True):
        refs = "".join(f"[^{n.number}]" for n in row.notes_on(side, i))
        parts.append(_md_inline(paragraph.text) + refs)
    return separator.join(parts)


def write_markdown(book: BilingualBook, out: IO[str], layout: str = "side-by-side") -> None:
    """GitHub-flavoured Markdown: a table (or interleaved blocks: headings as headings), one-sided links marked in
    italics, notes as footnotes ([^N]) listed at the end."""
    out.write(f"# {_md_inline(book.display_title)}\n\n")
    if layout == "side-by-side":
        out.write("| Chinese | English |\n| --- | --- |\n")
        for row in book.rows():
            out.write(f"| {_md_side(row, 'zh', '<br><br>')} | {_md_side(row, 'en', '<br><br>')} |\n")
    elif layout == "interleaved":
        for row in book.rows():
            for side in ("zh", "en"):
                text = _md_side(row, side, "\n\n")
                if row.is_heading and row.paragraphs(side):
                    text = "## " + text
                out.write(text + "\n\n")
            out.write("---\n\n")
    else:
        raise ValueError(f"unknown layout {layout!r}")
    if book.notes:
        out.write("\n")
        for note in book.notes:
            extra = [note.meaning] if note.meaning else []
            extra += ["#" + t for t in note.tags]
            quote = f"«{_md_inline(note.quote)}» " if note.quote else ""
            tail = f" ({_md_inline(' '.join(extra))})" if extra else ""
            out.write(f"[^{note.number}]: {quote}{_md_inline(note.text.strip()) or '(no text)'}{tail}\n")
