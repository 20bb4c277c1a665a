"""Readers that turn one file of each supported format into Pieces: paragraphs before language sides exist."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader_app.core.model import Language, ParagraphKind

# Entity declarations are refused before any XML parser sees them (billion laughs, external entities).
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FormatError(Exception):
    """A file is damaged, unsafe or unsupported; documents.py turns it into a DocumentError naming the file."""

    def __init__(self, reason: str, *, unsafe: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unsafe = unsafe


@dataclass(frozen=True, slots=True)
class Piece:
    """One paragraph as a format reader found it.

    `original` is the file's text for it (markup included where the format has inline markup, such as
    Markdown); `text` the same without markup, before display cleanup. `first`/`last` are 1-based line
    numbers in text formats and the block's ordinal in the others (HTML, EPUB, DOCX, TMX, XLIFF).
    `structured` says the kind came from markup, so no heading is guessed.
    """

    original: str
    text: str
    kind: ParagraphKind = ParagraphKind.PARAGRAPH
    first: int = 0
    last: int = 0
    keep_lines: bool = False
    language: Language | None = None
    structured: bool = False


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a reader found: the pieces and, for already aligned formats, links between piece indices."""

    pieces: list[Piece]
    encoding: str = ""
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None
