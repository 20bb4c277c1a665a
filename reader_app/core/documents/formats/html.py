"""HTML and XHTML reader (saved web pages, EPUB chapters) on selectolax's HTML5 parser; nothing is fetched."""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Final

from reader_app.core.documents.formats import Extracted, FormatError, Piece, nesting
from reader_app.core.model import ParagraphKind
from reader_app.core.text.segment import mostly_labels

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "td",
        "th",
        "caption",
        "figcaption",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "ul",
        "ol",
        "dl",
        "table",
        "tr",
        "tbody",
        "thead",
        "tfoot",
        "figure",
        "address",
        "hr",
        "body",
        "center",
        "details",
        "summary",
        "fieldset",
        "form",
        "legend",
    ]
)
SKIPPED_TAGS = frozenset(
    ["head", "script", "style", "noscript", "template", "rt", "rp", "svg", "math", "iframe", "object", "embed", "title"]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# XHTML's self-closed <title/> or <script/> would swallow the page in an HTML parser.
_SELF_CLOSED_RAW = re.compile(r"<(title|script|style|textarea)(\s[^<>]*)?/>", re.IGNORECASE)
# In XHTML (EPUB chapters, .xhtml pages) every element may be self-closed; an HTML parser would leave <span/> open
# around the rest of its paragraph, thousands deep with EPUB page-break markers.
_SELF_CLOSED = re.compile(r"<([A-Za-z][^\s/<>]*)(\s[^<>]*)?/>")
_XHTML = re.compile(r"^\s*<\?xml|xmlns\s*=\s*[\"']http://www\.w3\.org/1999/xhtml", re.IGNORECASE)
_COLLAPSIBLE = re.compile(r"[ \t\r\n\f]+")  # HTML white space; NBSP is content and stays


class _Collector:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.buffer: list[str] = []

    def flush(self, kind: ParagraphKind) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        lines = [_COLLAPSIBLE.sub(" ", line).strip() for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        text = "\n".join(lines)
        keep = len(lines) > 1
        if keep and kind is ParagraphKind.PARAGRAPH and mostly_labels(lines):
            kind = ParagraphKind.METADATA
        n = len(self.pieces) + 1
        self.pieces.append(Piece(text, text, kind, n, n, keep_lines=keep, structured=True))


def _inner_kind(tag: str, outer: ParagraphKind) -> ParagraphKind:
    if tag in HEADINGS:
        return ParagraphKind.HEADING
    if tag == "li":
        return ParagraphKind.LIST_ITEM
    # A paragraph inside a list item or heading belongs to it.
    return outer if outer in (ParagraphKind.HEADING, ParagraphKind.LIST_ITEM) else ParagraphKind.PARAGRAPH


class _Mark(Enum):
    """Where a block element's subtree ends, on _walk's stack (an Enum member: type checkers tell it from a node)."""

    END = 0


def _walk(root: LexborNode, out: _Collector) -> None:
    """Depth-first over the tree without recursion (hostile pages nest thousands of elements deep). Text
    gathers in a buffer that is flushed as a piece whenever a block element starts or ends."""
    end: Final = _Mark.END
    stack: list[tuple[LexborNode | _Mark | None, ParagraphKind]] = [(root.child, ParagraphKind.PARAGRAPH)]
    while stack:
        node, kind = stack.pop()
        if node is end:
            out.flush(kind)
            continue
        if node is None:
            continue
        stack.append((node.next, kind))  # the next sibling, after this subtree
        tag = node.tag or ""
        if tag == "-text":
            out.buffer.append(node.text_content or "")
        elif tag == "br":
            out.buffer.append("\n")
        elif tag == "rt":
            _keep_reading(out.buffer, node.text(deep=True))
        elif tag in SKIPPED_TAGS or tag.startswith(("-", "!")):
            pass
        elif tag in BLOCK_TAGS:
            out.flush(kind)
            inner = _inner_kind(tag, kind)
            stack.append((end, inner))
            stack.append((node.child, inner))
        else:
            stack.append((node.child, kind))


def _keep_reading(buffer: list[str], reading: str) -> None:
    """A <ruby>'s pinyin, written after its characters as flattened ruby ("行(xíng)動(dòng)"): the loader drops it
    for display as it does in a text file, and View ▸ Show Readings finds it there (core.documents.readings). One
    syllable a character (a group's "huì yì" over 會議); any other reading (zhuyin, a gloss) is dropped as before."""
    syllables = reading.split()
    text = "".join(buffer)
    base = text[len(text) - len(syllables):] if syllables else ""
    if not syllables or len(base) != len(syllables):
        return
    flattened = [f"{char}({syllable})" for char, syllable in zip(base, syllables, strict=True)]
    # The loader's own test, so that what is written here is what it removes again.
    if all(_is_reading(f) for f in flattened):
        buffer[:] = [text[: len(text) - len(base)], *flattened]


def _is_reading(flattened: str) -> bool:
    from reader_app.core.documents.cleanup import RUBY, is_reading

    match = RUBY.fullmatch(flattened)
    return match is not None and is_reading(match.group(1), match.group(2))


def _opened_and_closed(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.lower() in nesting.VOID:
        return match.group(0)
    return f"<{name}{match.group(2) or ''}></{name}>"


def read_html(text: str, where: str = "") -> Extracted:
    """`where` names the part of a container the page is (an EPUB chapter), for messages."""
    from selectolax.lexbor import LexborHTMLParser

    if _XHTML.search(text[:4096]):
        text = _SELF_CLOSED.sub(_opened_and_closed, text)
    else:
        text = _SELF_CLOSED_RAW.sub(lambda m: f"<{m.group(1)}{m.group(2) or ''}></{m.group(1)}>", text)
    nesting.check_html(text, where)  # before the parser, which is quadratic in the depth
    try:
        tree = LexborHTMLParser(text)
    except Exception as exc:
        raise FormatError(f"is not readable HTML ({type(exc).__name__})") from exc
    root = tree.body or tree.root
    out = _Collector()
    if root is not None:
        _walk(root, out)
        out.flush(ParagraphKind.PARAGRAPH)
    return Extracted(out.pieces)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB (<meta charset> or an XML declaration)."""
    head = data[:2048].decode("ascii", errors="replace")
    match = re.search(r"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", head, re.IGNORECASE) or re.search(
        r"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", head, re.IGNORECASE
    )
    return match.group(1) if match else None
