"""What the reader aligns a document by: its paragraphs, its sentences, or its lines as the file has them.

The panes, the link map, the ruler and the omission keys show *units*: a UnitView is the document re-cut into
them (a Document whose "paragraphs" are the units, so every view works on it unchanged) and the map between the
two. Notes stay anchored to the document's own paragraphs, so that changing the unit never moves or loses one:
the notes layer translates through the map, units to paragraphs when a note is made and back when it is shown.

- `paragraph`: the document itself, aligned as paragraphs (the map is the identity and costs nothing).
- `sentence`: each paragraph cut into its sentences (`Paragraph.sentences`), aligned as sentences.
- `line`: for text files, each line of the file one unit (corpora and translations of one sentence a line, whose
  lines the loader joins into paragraphs between blank lines), aligned as paragraphs or as sentences as
  `core.text.line_level` decides from the lines, as `align --unit line` does.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Document, Paragraph, Sentence, Side

PARAGRAPH = "paragraph"
SENTENCE = "sentence"
LINE = "line"
UNITS = (PARAGRAPH, SENTENCE, LINE)


@dataclass(frozen=True, slots=True)
class SideUnits:
    """One side's map: unit u is paragraph `paragraph_of[u]` from character `offset_of[u]` on;
    `first_unit[p]` is paragraph p's first unit (and `first_unit[-1]` the number of units)."""

    paragraph_of: tuple[int, ...]
    offset_of: tuple[int, ...]
    first_unit: tuple[int, ...]

    def unit_at(self, paragraph: int, offset: int = 0) -> int:
        """The unit holding character `offset` of `paragraph` (its first unit for offsets before the first)."""
        first, end = self.first_unit[paragraph], self.first_unit[paragraph + 1]
        if end - first <= 1:
            return first
        k = bisect.bisect_right(self.offset_of, offset, first, end) - 1
        return max(first, k)

    def units_of(self, paragraph: int) -> range:
        return range(self.first_unit[paragraph], self.first_unit[paragraph + 1])

    def paragraph_at(self, unit: int) -> tuple[int, int]:
        """(paragraph, character offset in it) where `unit` starts."""
        return self.paragraph_of[unit], self.offset_of[unit]


@dataclass(frozen=True, repr=False)
class UnitView:
    """`document` cut into `unit`s: `shown` is what the panes show (the document itself for paragraphs),
    `level` the aligner's level for them ("paragraph" or "sentence"); `zh`/`en` the maps (None: identity)."""

    document: Document
    shown: Document
    unit: str
    level: str
    zh: SideUnits | None = None
    en: SideUnits | None = None
    # The last alignment projected and its projection: asked for on every note shown, and compared by identity.
    _projected: list = field(default_factory=list, compare=False)

    def __repr__(self) -> str:
        return f"UnitView({self.document.title!r}, {self.unit}, level={self.level})"

    @property
    def identity(self) -> bool:
        return self.zh is None

    def side(self, language: str) -> SideUnits | None:
        return self.zh if language == "zh" else self.en

    def to_unit(self, language: str, paragraph: int, offset: int = 0) -> int:
        units = self.side(language)
        return paragraph if units is None else units.unit_at(paragraph, max(0, offset))

    def to_paragraph(self, language: str, unit: int) -> tuple[int, int]:
        """(paragraph, offset of the unit's first character in that paragraph's text)."""
        units = self.side(language)
        return (unit, 0) if units is None else units.paragraph_at(unit)

    def paragraph_position(self, language: str, unit: int, fraction: float) -> tuple[int, float]:
        """A reading position (a unit and how far into it) as the paragraph and how far into that, by
        characters: a book read by sentences reopens by paragraphs where it was left, and back."""
        if self.identity:
            return unit, fraction
        paragraph, offset = self.to_paragraph(language, unit)
        length = len(self.document.side(language).paragraphs[paragraph].text)
        unit_length = len(self.shown.side(language).paragraphs[unit].text)
        return paragraph, min(1.0, (offset + fraction * unit_length) / length) if length else 0.0

    def unit_position(self, language: str, paragraph: int, fraction: float) -> tuple[int, float]:
        """The inverse of paragraph_position."""
        if self.identity:
            return paragraph, fraction
        char = fraction * len(self.document.side(language).paragraphs[paragraph].text)
        unit = self.to_unit(language, paragraph, int(char))
        offset = self.to_paragraph(language, unit)[1]
        unit_length = len(self.shown.side(language).paragraphs[unit].text)
        return unit, max(0.0, min(1.0, (char - offset) / unit_length)) if unit_length else 0.0

    def units_of(self, language: str, paragraph: int) -> range:
        units = self.side(language)
        return range(paragraph, paragraph + 1) if units is None else units.units_of(paragraph)

    def paragraph_alignment(self, alignment: Alignment | None) -> Alignment | None:
        """The units' alignment seen by paragraphs (for the notes' reading order and a pair note's partner):
        links whose units share a paragraph merged, so every paragraph is in exactly one link, in order."""
        if alignment is None or self.identity:
            return alignment
        if self._projected and self._projected[0] is alignment:
            return self._projected[1]
        projected = _project(alignment, self.zh, self.en)  # type: ignore[arg-type]
        self._projected[:] = [alignment, projected]
        return projected

    def within(self, alignment: Alignment) -> Alignment:
        """A paragraph alignment the reader cannot second-guess (the links a TMX, XLIFF or SRT file came with)
        cut into these units: the units of each of its links aligned among themselves only (tier 1), so no unit
        link crosses a link of the file. Same tier as `alignment`."""
        if self.identity:
            return alignment
        from reader_app.core.aligner import align_paragraphs, align_sentences

        aligner = align_sentences if self.level == SENTENCE else align_paragraphs
        zh_texts, en_texts = self.shown.zh.texts(), self.shown.en.texts()
        links: list[Link] = []
        for link in alignment.links:
            zh = [u for p in link.zh for u in self.units_of("zh", p)]
            en = [u for p in link.en for u in self.units_of("en", p)]
            if len(zh) <= 1 or len(en) <= 1:
                links.append(Link(tuple(zh), tuple(en), link.confidence))
                continue
            inner = aligner([zh_texts[u] for u in zh], [en_texts[u] for u in en], tier=1)
            links.extend(Link(tuple(zh[i] for i in part.zh), tuple(en[j] for j in part.en), part.confidence)
                         for part in inner.links)
        return Alignment(tuple(links), tier=alignment.tier)

    def counterpart(self, alignment: Alignment | None, language: str, paragraph: int) -> tuple[str, tuple[int, ...]]:
        """The paragraphs of the other side linked to `paragraph` (by the units' links seen by paragraph)."""
        other = "en" if language == "zh" else "zh"
        projected = self.paragraph_alignment(alignment)
        k = projected.link_of(language, paragraph) if projected is not None else None
        if k is None:
            return other, ()
        link = projected.links[k]  # type: ignore[union-attr]
        return other, (link.en if language == "zh" else link.zh)


def available_units(document: Document) -> tuple[str, ...]:
    """The units this document can be aligned by: lines only for a file that has lines (plain text, Markdown)."""
    return UNITS if has_lines(document) else (PARAGRAPH, SENTENCE)


# Files whose lines are the text's own: in the other formats a paragraph's "lines" are its markup's.
LINE_FORMATS = frozenset({".txt", ".text", ".md", ".markdown", ""})


def has_lines(document: Document) -> bool:
    """Whether the document came from text files (plain text, Markdown), whose lines mean something."""
    return bool(document.sources) and all(PurePath(source).suffix.lower() in LINE_FORMATS
                                          for source in document.sources)


_views: dict[tuple[str, str], UnitView] = {}
_views_lock = threading.Lock()


def unit_view(document: Document, unit: str) -> UnitView:
    """The document cut into `unit`s (remembered for the last two: the document job builds it on its
    thread, the window asks again for the same one on the GUI thread and gets it at once)."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    if unit == LINE and not has_lines(document):
        unit = PARAGRAPH  # a choice remembered for an earlier version of the file
    key = (document.content_id, unit)
    with _views_lock:
        view = _views.get(key)
    if view is not None:
        if view.document is document:
            return view
        # The same content read twice (the window's preloaded copy and its job's) shares one cut; an identity
        # view shows the document itself, so it shows this copy.
        return replace(view, document=document, shown=document if view.identity else view.shown)
    view = _build(document, unit)
    with _views_lock:
        if len(_views) >= 2:  # each holds a document alive: a book's cut is as large as the book
            _views.pop(next(iter(_views)))
        _views[key] = view
    return view


def _build(document: Document, unit: str) -> UnitView:
    if unit == PARAGRAPH:
        return UnitView(document, document, PARAGRAPH, PARAGRAPH)
    spans = _line_spans if unit == LINE else _sentence_spans
    zh, zh_units = _cut_side(document.zh, spans)
    en, en_units = _cut_side(document.en, spans)
    if unit == SENTENCE:
        shown = Document(zh, en, title=document.title, sources=document.sources)
        return UnitView(document, shown, SENTENCE, SENTENCE, zh_units, en_units)
    from reader_app.core.text.line_level import detect_line_level

    if len(zh.paragraphs) == len(document.zh) and len(en.paragraphs) == len(document.en):
        # Every paragraph is one line already: the lines are the paragraphs, only the level may differ.
        level = detect_line_level(document.zh.texts(), document.en.texts()).level
        return UnitView(document, document, LINE, level)
    level = detect_line_level(zh.texts(), en.texts()).level
    shown = Document(zh, en, title=document.title, sources=document.sources)
    return UnitView(document, shown, LINE, level, zh_units, en_units)


def _sentence_spans(paragraph: Paragraph) -> tuple[Sentence, ...]:
    return paragraph.sentence_spans


def _line_spans(paragraph: Paragraph) -> tuple[Sentence, ...]:
    """The non-blank lines of a paragraph's display text (the loader keeps its line breaks), spaces trimmed."""
    text, out, start = paragraph.text, [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            first = start + line.index(stripped)
            out.append(Sentence(stripped, first, first + len(stripped)))
        start += len(line) + 1
    return tuple(out) or (Sentence(text, 0, len(text)),)


def _cut_side(side: Side, spans: Callable[[Paragraph], tuple[Sentence, ...]]) -> tuple[Side, SideUnits]:
    paragraphs: list[Paragraph] = []
    paragraph_of: list[int] = []
    offset_of: list[int] = []
    first_unit: list[int] = []
    for p, paragraph in enumerate(side.paragraphs):
        first_unit.append(len(paragraphs))
        for k, sentence in enumerate(spans(paragraph)):
            paragraphs.append(Paragraph(
                id=f"{paragraph.id}.{k}", text=sentence.text, original=sentence.text, language=paragraph.language,
                kind=paragraph.kind, source=paragraph.source,
                sentences=(Sentence(sentence.text, 0, len(sentence.text)),)))
            paragraph_of.append(p)
            offset_of.append(sentence.start)
    first_unit.append(len(paragraphs))
    shown = Side(side.language, tuple(paragraphs), source_name=side.source_name, encoding=side.encoding)
    return shown, SideUnits(tuple(paragraph_of), tuple(offset_of), tuple(first_unit))


def _project(alignment: Alignment, zh: SideUnits, en: SideUnits) -> Alignment:
    """Unit links -> paragraph links: consecutive unit links are merged while a paragraph of either side runs
    on from one to the next (a Chinese paragraph whose sentences span links 3-5 merges 3, 4 and 5, whatever the
    English sides of those links), so every paragraph is in exactly one link, in order."""
    last_link: dict[tuple[int, int], int] = {}  # (side, paragraph) -> the last unit link it has a unit in
    touched: list[list[tuple[int, int]]] = []
    for k, link in enumerate(alignment.links):
        mine = [(0, zh.paragraph_of[u]) for u in link.zh] + [(1, en.paragraph_of[u]) for u in link.en]
        touched.append(mine)
        for key in mine:
            last_link[key] = k
    links: list[Link] = []
    k, n = 0, len(alignment.links)
    while k < n:
        end = k
        group_zh: dict[int, None] = {}
        group_en: dict[int, None] = {}
        confidence = 1.0
        while k <= end:
            for side, paragraph in touched[k]:
                (group_zh if side == 0 else group_en)[paragraph] = None
                end = max(end, last_link[(side, paragraph)])
            confidence = min(confidence, alignment.links[k].confidence)
            k += 1
        links.append(Link(tuple(group_zh), tuple(group_en), confidence))
    return Alignment(tuple(links), tier=alignment.tier)
