"""What every export writes: a document's links in reading order, each with its paragraphs, status and notes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from reader_app.core.alignment import Alignment, Link
from reader_app.core.editing.pins import LinkStatus
from reader_app.core.model import Document, Paragraph, ParagraphKind

SIDE_NAMES = {"zh": "Chinese", "en": "English"}
# Chinese text of this many characters tells the script apart (the first paragraphs: titles are short).
SCRIPT_SAMPLE_CHARS = 4000


@dataclass(frozen=True, slots=True)
class LinkNote:
    """A note as the exports show it: numbered in reading order (`number`, from 1), on paragraph `paragraph` of
    side `side`, which belongs to link `link` of the alignment."""

    number: int
    link: int
    side: str
    paragraph: int
    text: str
    colour: str = "yellow"
    meaning: str = ""
    tags: tuple[str, ...] = ()
    quote: str = ""  # the selected words, for a note on a selection


@dataclass(frozen=True, slots=True)
class Row:
    """One link of the book: its paragraphs on each side (one side empty: a one-sided link), and its notes."""

    index: int
    link: Link
    zh: tuple[Paragraph, ...]
    en: tuple[Paragraph, ...]
    notes: tuple[LinkNote, ...]
    status: LinkStatus = LinkStatus.AUTOMATIC

    @property
    def one_sided(self) -> bool:
        return not self.zh or not self.en

    @property
    def missing_side(self) -> str | None:
        """The side with no counterpart paragraphs ("zh" or "en"), None for a two-sided link."""
        return "zh" if not self.zh else "en" if not self.en else None

    @property
    def is_heading(self) -> bool:
        return any(p.kind is ParagraphKind.HEADING for p in (*self.zh, *self.en))

    def paragraphs(self, side: str) -> tuple[Paragraph, ...]:
        return self.zh if side == "zh" else self.en

    def text(self, side: str) -> str:
        """The side's paragraphs as one string (Chinese joined without space, English with one)."""
        return ("" if side == "zh" else " ").join(p.text for p in self.paragraphs(side))

    def notes_on(self, side: str, paragraph: int) -> list[LinkNote]:
        return [n for n in self.notes if n.side == side and n.paragraph == paragraph]


@dataclass(frozen=True)
class BilingualBook:
    """A document, its paragraph alignment, the notes placed on it (in reading order) and each link's status
    (AUTOMATIC unless `statuses` says otherwise). The exports iterate `rows()`: nothing is copied per row."""

    document: Document
    alignment: Alignment
    notes: tuple[LinkNote, ...] = ()
    statuses: Mapping[int, LinkStatus] = field(default_factory=dict)
    title: str = ""

    @cached_property
    def _notes_by_link(self) -> dict[int, tuple[LinkNote, ...]]:
        grouped: dict[int, list[LinkNote]] = {}
        for note in self.notes:
            grouped.setdefault(note.link, []).append(note)
        return {k: tuple(v) for k, v in grouped.items()}

    def rows(self) -> Iterator[Row]:
        zh, en = self.document.zh.paragraphs, self.document.en.paragraphs
        by_link = self._notes_by_link
        for k, link in enumerate(self.alignment.links):
            yield Row(k, link, tuple(zh[i] for i in link.zh), tuple(en[j] for j in link.en), by_link.get(k, ()),
                      self.statuses.get(k, LinkStatus.AUTOMATIC))

    @property
    def display_title(self) -> str:
        return self.title or self.document.title or "Bilingual text"

    @cached_property
    def zh_tag(self) -> str:
        """BCP 47 tag of the Chinese side: zh-Hant for Traditional, zh-Hans for Simplified."""
        return chinese_script_tag(p.text for p in self.document.zh.paragraphs)

    def lang(self, side: str) -> str:
        return self.zh_tag if side == "zh" else "en"


def chinese_script_tag(texts: Sequence[str] | Iterator[str]) -> str:
    """zh-Hant when the text is mostly Traditional, else zh-Hans: OpenCC's Traditional -> Simplified conversion
    changes many characters of a Traditional text and few of a Simplified one, and the reverse conversion the
    opposite (characters shared by both scripts change under neither)."""
    from reader_app.core.text.convert import to_simplified, to_traditional

    sample: list[str] = []
    size = 0
    for text in texts:
        sample.append(text)
        size += len(text)
        if size >= SCRIPT_SAMPLE_CHARS:
            break
    text = "".join(sample)
    if not text:
        return "zh-Hans"

    def changed(converted: str) -> int:
        return sum(a != b for a, b in zip(text, converted, strict=False))

    return "zh-Hant" if changed(to_simplified(text)) > changed(to_traditional(text)) else "zh-Hans"


def link_notes_from_placements(placements: Sequence[tuple[str, int, str, str, str, Sequence[str], str]],
                               alignment: Alignment) -> tuple[LinkNote, ...]:
    """LinkNotes numbered in the given (reading) order from (side, paragraph, text, colour, meaning, tags, quote)
    placements; a placement on a paragraph the alignment does not cover is left out."""
    notes: list[LinkNote] = []
    for side, paragraph, text, colour, meaning, tags, quote in placements:
        k = alignment.link_of(side, paragraph)
        if k is None:
            continue
        notes.append(LinkNote(len(notes) + 1, k, side, paragraph, text, colour, meaning, tuple(tags), quote))
    return tuple(notes)
