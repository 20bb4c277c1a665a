"""Markup the HTML page and the EPUB chapters share: paragraphs with note references, the style sheet, fonts.

Everything written here is well-formed XML as well as HTML5 (`<br/>`, every attribute quoted, text escaped with
`&lt;`/`&amp;`/`&quot;`), so the EPUB's XHTML chapters take it as it is."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from reader_app.core.exports.book import SIDE_NAMES, Row
from reader_app.core.exports.colours import OMISSION_HEX, OMISSION_HEX_DARK
from reader_app.core.model import Paragraph, ParagraphKind

# Fonts a reader's system commonly has, named by family: nothing is downloaded and nothing embedded. The bundled
# WenQuanYi Micro Hei is 4.6 MB and a subset for one book is its Han characters (thousands: most of the font), so
# a page names the systems' fonts instead (Android's Noto, Apple's PingFang, Windows' YaHei / JhengHei).
FONTS = {
    "zh-Hans": ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
                '"Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif'),
    "zh-Hant": ('"Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "PingFang TC", "Hiragino Sans CNS", '
                '"Microsoft JhengHei", "WenQuanYi Micro Hei", "PMingLiU", sans-serif'),
    "en": '"Noto Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif',
}

Ref = Callable[[int], str]
"""Given a note's number, the markup of its reference in the text."""


# Control characters XML 1.0 forbids (a stray form feed in a text file would make an EPUB chapter unreadable).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_markup(text: str) -> str:
    """A paragraph's text escaped, its line breaks (a metadata block's lines, U+2028) kept as <br/>."""
    return _NOT_XML.sub("", escape(text)).replace("\u2028", "\n").replace("\n", "<br/>")


def lang_attributes(tag: str, xml: bool) -> str:
    return f' lang="{tag}" xml:lang="{tag}"' if xml else f' lang="{tag}"'


def paragraph_markup(row: Row, side: str, paragraph_index: int, paragraph: Paragraph, ref: Ref,
                     heading_level: int = 2) -> str:
    """One paragraph as <p> (<hN> for a heading), the references of its notes after its text."""
    refs = "".join(ref(note.number) for note in row.notes_on(side, paragraph_index))
    body = text_markup(paragraph.text) + refs
    if paragraph.kind is ParagraphKind.HEADING:
        return f"<h{heading_level}>{body}</h{heading_level}>"
    css = {ParagraphKind.METADATA: ' class="meta"', ParagraphKind.LIST_ITEM: ' class="item"'}.get(paragraph.kind, "")
    return f"<p{css}>{body}</p>"


def side_markup(row: Row, side: str, ref: Ref, heading_level: int = 2) -> str:
    """A link's paragraphs of one side, in order; for the side a one-sided link lacks, a muted line saying so."""
    indices = row.link.zh if side == "zh" else row.link.en
    if not indices:
        return f'<p class="absent">(not in the {SIDE_NAMES[side]})</p>'
    return "".join(paragraph_markup(row, side, i, p, ref, heading_level)
                   for i, p in zip(indices, row.paragraphs(side), strict=True))


def note_body(text: str, meaning: str, tags: tuple[str, ...], quote: str) -> str:
    """A note's text for the notes list: the selected words quoted first, its colour's meaning and tags after."""
    parts = []
    if quote:
        parts.append(f"<q>{text_markup(quote)}</q> ")
    parts.append(text_markup(text.strip()) or "(no text)")
    extra = [escape(meaning)] if meaning else []
    extra += [escape("#" + t) for t in tags]
    if extra:
        parts.append(f' <span class="meaning">({" ".join(extra)})</span>')
    return "".join(parts)


def stylesheet(zh_tag: str, *, dark_theme: bool = True) -> str:
    """The page's CSS: omissions in the window's omission colour, the two cells stacked under 600 px so both
    scripts stay readable on a phone; with `dark_theme`, the dark variant under a dark system theme (an e-reader
    applies its own themes: the EPUB leaves it out)."""
    css = f"""
body {{ font-family: {FONTS["en"]}; line-height: 1.6; margin: 0 auto; max-width: 72em; padding: 0 1em; }}
:lang({zh_tag}) {{ font-family: {FONTS[zh_tag]}; line-height: 1.8; }}
table.pairs {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.pairs td {{ vertical-align: top; width: 50%; padding: 0.3em 0.6em; border-top: 1px solid #dde2ea; }}
.omission {{ background: {OMISSION_HEX}; }}
.pair {{ border-top: 1px solid #dde2ea; padding: 0.3em 0; }}
.pair > div {{ padding: 0 0.6em; }}
p {{ margin: 0.4em 0; }}
p.meta {{ color: #555; font-size: 0.9em; }}
p.item {{ margin-left: 1.2em; }}
p.absent {{ color: #777; font-style: italic; font-size: 0.85em; }}
sup.noteref, a.noteref {{ font-size: 0.75em; vertical-align: super; line-height: 0; }}
.notes {{ border-top: 2px solid #a9b3c2; margin-top: 2em; }}
.notes li {{ margin: 0.4em 0; }}
.meaning {{ color: #555; font-size: 0.85em; }}
"""
    css += """
@media (max-width: 600px) {
  table.pairs, table.pairs tbody, table.pairs tr, table.pairs td { display: block; width: auto; }
  table.pairs td + td { border-top: 1px dashed #dde2ea; }
}
"""
    if dark_theme:
        css += f"""@media (prefers-color-scheme: dark) {{
  body {{ background: #1e1f22; color: #e6e6e6; }}
  .omission {{ background: {OMISSION_HEX_DARK}; }}
  p.meta, p.absent, .meaning {{ color: #aaa; }}
}}
"""
    return css
