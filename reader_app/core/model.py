"""Immutable document model: a Document has a Chinese and an English Side, each a tuple of Paragraphs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache

try:  # the builtin module: hashlib would load OpenSSL first, a few ms of start-up for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import blake2b


class Language(StrEnum):
    ZH = "zh"
    EN = "en"

    @property
    def other(self) -> Language:
        return Language.EN if self is Language.ZH else Language.ZH


class ParagraphKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    METADATA = "metadata"


def normalise_for_fingerprint(text: str) -> str:
    """NFKC, whitespace removed: re-wrapping or re-encoding a file must not change a paragraph's identity."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# Cached: opening a document asks for every paragraph's fingerprint several times (ids, content id, notes'
# registry), and the loader's thread computes them first, so the GUI thread's asks are look-ups.
@lru_cache(maxsize=1 << 16)
def fingerprint(text: str) -> str:
    """Stable content hash of a paragraph (16 hex digits of BLAKE2b over its normalised text)."""
    return blake2b(normalise_for_fingerprint(text).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """Where a paragraph came from: which input file (0 or 1) and its line range there (1-based, inclusive)."""

    file_index: int = 0
    first_line: int = 0
    last_line: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph's display text, as the half-open character range [start, end)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of one language.

    `text` is what the reader shows (ruby annotations removed, whitespace normalised); `original` is the
    text as found in the file. `id` is stable across loads of the same content: the fingerprint of the
    original text plus, for repeated paragraphs, the occurrence number.
    """

    id: str
    text: str
    original: str
    language: Language
    kind: ParagraphKind = ParagraphKind.PARAGRAPH
    source: SourcePosition = field(default_factory=SourcePosition)
    sentences: tuple[Sentence, ...] = ()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.original)

    @property
    def sentence_spans(self) -> tuple[Sentence, ...]:
        """Its sentences; a paragraph the splitter found none in (punctuation alone) is one sentence, so that
        every character of a document belongs to a sentence."""
        return self.sentences or (Sentence(self.text, 0, len(self.text)),)


@dataclass(frozen=True, slots=True)
class Side:
    """All paragraphs of one language, in reading order."""

    language: Language
    paragraphs: tuple[Paragraph, ...]
    source_name: str = ""
    encoding: str = ""

    def __len__(self) -> int:
        return len(self.paragraphs)

    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]


@dataclass(frozen=True)
class Document:
    """A bilingual document. `given_links` holds an alignment that came with the file (TMX, XLIFF, SRT
    pairs), as (zh indices, en indices) pairs; None when the aligner must find it."""

    zh: Side
    en: Side
    title: str = ""
    sources: tuple[str, ...] = ()
    given_links: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] | None = None

    def side(self, language: Language | str) -> Side:
        return self.zh if Language(language) is Language.ZH else self.en

    @cached_property
    def content_id(self) -> str:
        """Identity of the document by the content of its texts, not its path (annotations key on this)."""
        h = blake2b(digest_size=12)
        for side in (self.zh, self.en):
            h.update(side.language.value.encode())
            for p in side.paragraphs:
                h.update(p.fingerprint.encode())
        return h.hexdigest()


def assign_ids(originals: list[str]) -> list[str]:
    """Stable paragraph ids: fingerprint, with `-N` appended for the N-th repeat of identical content."""
    seen: dict[str, int] = {}
    ids = []
    for text in originals:
        fp = fingerprint(text)
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        ids.append(fp if n == 0 else f"{fp}-{n}")
    return ids
