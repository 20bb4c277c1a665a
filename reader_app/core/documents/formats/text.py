"""Plain text and Markdown readers."""

from __future__ import annotations

from reader_app.core.documents.formats import Extracted, FormatError, Piece
from reader_app.core.model import ParagraphKind
from reader_app.core.text.segment import plain_text_blocks


def read_plain(text: str) -> Extracted:
    pieces = [
        Piece(b.original, b.original, b.kind, b.first_line, b.last_line, keep_lines=b.keep_lines)
        for b in plain_text_blocks(text)
    ]
    return Extracted(pieces)


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak" or child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def read_markdown(text: str) -> Extracted:
    """CommonMark via markdown-it-py: headings, paragraphs, list items, quotes and code blocks become pieces."""
    from markdown_it import MarkdownIt

    try:
        tokens = MarkdownIt("commonmark", {"html": False}).parse(text)
    except Exception as exc:  # the parser is robust; a failure here is a bug in it, reported as damage
        raise FormatError(f"is not readable Markdown ({type(exc).__name__})") from exc
    lines = text.splitlines()
    pieces: list[Piece] = []
    kind_stack: list[ParagraphKind] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            kind_stack.append(ParagraphKind.HEADING)
        elif token.type == "list_item_open":
            kind_stack.append(ParagraphKind.LIST_ITEM)
        elif token.type in ("heading_close", "list_item_close"):
            if kind_stack:
                kind_stack.pop()
        elif token.type == "inline" or token.type in ("fence", "code_block"):
            body = _inline_text(token) if token.type == "inline" else token.content
            if not body.strip():
                continue
            parent = tokens[i - 1] if i else token
            first, last = (parent.map or token.map or [0, 0])[:2]
            original = "\n".join(lines[first:last]) or body
            kind = kind_stack[-1] if kind_stack else ParagraphKind.PARAGRAPH
            if kind is ParagraphKind.LIST_ITEM and any(p.first == first + 1 for p in pieces):
                continue  # a loose list item's second paragraph: already in the item's text
            # Explicit hard breaks mean the author wants the lines kept (an address, metadata lines).
            keep = any(c.type == "hardbreak" for c in token.children or ())
            pieces.append(
                Piece(
                    original,
                    body,
                    kind,
                    first + 1,
                    max(first + 1, last),
                    keep_lines=keep,
                    structured=kind is not ParagraphKind.PARAGRAPH,
                )
            )
    return Extracted(pieces)


def require_pieces(extracted: Extracted, what: str) -> Extracted:
    if not any(p.text.strip() for p in extracted.pieces):
        raise FormatError(f"has no text ({what} with no paragraphs)")
    return extracted
