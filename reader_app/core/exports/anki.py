"""A deck for Anki: a tab-separated file with the header lines Anki 2.1.55+ reads (`#separator:tab`,
`#html:true`, `#columns:`, `#tags column:`, `#guid column:`), one card a row.

A text file rather than genanki's .apkg: no dependency, and the reader chooses the note type and deck on import;
the guid column makes importing again update the cards instead of adding copies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import IO

try:  # the builtin module: hashlib would load OpenSSL first
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import blake2b

from reader_app.core.exports.book import BilingualBook

COLUMNS = ("Front", "Back", "Tags", "GUID")


@dataclass(frozen=True, slots=True)
class Card:
    """One card: `front` and `back` are plain text (escaped on writing); `back_note` is shown under the back,
    after a rule; `key` is what makes the card the same card on a later export (its guid)."""

    front: str
    back: str
    back_note: str = ""
    tags: tuple[str, ...] = ()
    key: str = ""


def _html(text: str) -> str:
    # Tabs would split the columns and a line break end the row; a leading quote would start CSV quoting.
    text = text.replace("\u2028", "\n").replace("\r", "").replace("\t", " ")
    return escape(text).replace("\n", "<br>")


def _tag(tag: str) -> str:
    return "_".join(tag.split())  # Anki separates tags with spaces


def write_deck(cards: Iterable[Card], out: IO[str], *, deck: str = "") -> int:
    """A deck from rows: any cards (annotated pairs here; saved words later) as Anki's importable text. Returns
    how many were written."""
    out.write("#separator:tab\n#html:true\n")
    out.write("#columns:" + "\t".join(COLUMNS) + "\n")
    out.write(f"#tags column:{COLUMNS.index('Tags') + 1}\n#guid column:{COLUMNS.index('GUID') + 1}\n")
    if deck:
        out.write(f"#deck:{' '.join(deck.split())}\n")
    count = 0
    for card in cards:
        back = _html(card.back)
        if card.back_note:
            back += "<hr>" + _html(card.back_note)
        guid = blake2b(card.key.encode("utf-8") or card.front.encode("utf-8"), digest_size=8).hexdigest()
        out.write("\t".join((_html(card.front), back, " ".join(_tag(t) for t in card.tags if t.strip()), guid))
                  + "\n")
        count += 1
    return count


def cards_of_book(book: BilingualBook) -> Iterator[Card]:
    """A card per annotated link that has Chinese: front the Chinese, back the English and the link's notes. A
    note on a paragraph with no Chinese counterpart has nothing to ask and makes no card."""
    for row in book.rows():
        if not row.notes or not row.zh:
            continue
        notes = "\n".join(n.text.strip() for n in row.notes if n.text.strip())
        tags = tuple(dict.fromkeys(t for n in row.notes for t in n.tags))
        key = book.document.content_id + ":" + ",".join(p.id for p in (*row.zh, *row.en))
        yield Card(row.text("zh"), row.text("en") or "(no English counterpart)", notes, ("bilingual-reader", *tags),
                   key)
