"""TMX 1.4 of an alignment: one <tu> per link, a one-sided link marked by `x-one-sided` with its one <tuv>
(never an empty <seg>), confidence and status as <prop>, notes as <note>.

Written with the standard library, element by element to the file: translate-toolkit's tmxfile builds the
whole tree in memory and writes every unit with two <tuv>s (the empty segments this replaces), and has no
place for a unit's <prop>s; what is written here is read back by it (tests/unit/core/exports)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from reader_app.core.alignment import Alignment
from reader_app.core.editing.pins import LinkStatus
from reader_app.core.exports.book import BilingualBook


@dataclass(frozen=True, slots=True)
class TranslationUnit:
    """One link as TMX sees it: each side's text ("" for the side a one-sided link lacks)."""

    zh: str
    en: str
    confidence: float
    status: LinkStatus = LinkStatus.AUTOMATIC
    notes: tuple[str, ...] = ()
    link: int = 0


def units_of_book(book: BilingualBook) -> Iterator[TranslationUnit]:
    for row in book.rows():
        notes = tuple(n.text.strip() for n in row.notes if n.text.strip())
        yield TranslationUnit(row.text("zh"), row.text("en"), row.link.confidence, row.status, notes, row.index)


def units_of_texts(zh: Sequence[str], en: Sequence[str], alignment: Alignment) -> Iterator[TranslationUnit]:
    """Units of any aligned texts (paragraphs, sentences or lines: `align --format tmx`)."""
    for k, link in enumerate(alignment.links):
        yield TranslationUnit("".join(zh[i] for i in link.zh), " ".join(en[j] for j in link.en), link.confidence,
                              link=k)


def _text(text: str) -> str:
    # Control characters other than tab and newline are not XML 1.0 characters: a stray one would make the file
    # unreadable to every TMX tool.
    return escape("".join(ch for ch in text if ch >= " " or ch in "\t\n"))


def write_tmx(units: Iterable[TranslationUnit], out: IO[str], zh_tag: str = "zh", *,
              tool_version: str = "") -> None:
    """Write the units as TMX 1.4 (srclang = the Chinese tag) to `out`, one <tu> at a time."""
    from reader_app import __version__

    out.write('<?xml version="1.0" encoding="utf-8"?>\n<tmx version="1.4">\n'
              f'<header creationtool="Bilingual Reader" creationtoolversion={quoteattr(tool_version or __version__)} '
              f'datatype="plaintext" segtype="paragraph" adminlang="en" srclang={quoteattr(zh_tag)} '
              'o-tmf="bilingual-reader"/>\n<body>\n')
    for unit in units:
        parts = [f'<tu tuid="{unit.link + 1}">']
        parts += [f"<note>{_text(note)}</note>" for note in unit.notes]
        parts.append(f'<prop type="x-confidence">{unit.confidence:.4f}</prop>')
        parts.append(f'<prop type="x-status">{unit.status.value}</prop>')
        if not unit.zh or not unit.en:
            parts.append(f'<prop type="x-one-sided">{"zh" if unit.zh else "en"}</prop>')
        for lang, text in ((zh_tag, unit.zh), ("en", unit.en)):
            if text:
                parts.append(f"<tuv xml:lang={quoteattr(lang)}><seg>{_text(text)}</seg></tuv>")
        out.write("".join(parts) + "</tu>\n")
    out.write("</body>\n</tmx>\n")
