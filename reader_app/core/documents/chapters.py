"""A document's chapters, from its headings, paired across the two sides by the alignment; and reading progress."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

from reader_app.core.alignment import Alignment
from reader_app.core.model import Document, ParagraphKind

TITLE_LIMIT = 80  # characters of a heading shown as a chapter's title


@dataclass(frozen=True, slots=True)
class Chapter:
    """A heading, with its counterpart heading when the alignment links one: `zh`/`en` are the headings'
    paragraph indices (None where that side has none), `link` the link they are in (None without alignment)."""

    zh_title: str
    en_title: str
    zh: int | None
    en: int | None
    link: int | None

    def title(self, language: str) -> str:
        """The title in one language, else the other's (a heading the translation left out still names a chapter)."""
        first, second = (self.zh_title, self.en_title) if language == "zh" else (self.en_title, self.zh_title)
        return first or second


def _title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def chapters(document: Document, alignment: Alignment | None) -> list[Chapter]:
    """The document's headings in reading order. With an alignment, a link holding headings on both sides is one
    chapter with both titles; a heading whose counterpart is not a heading keeps that side's title empty."""
    zh_heads = [i for i, p in enumerate(document.zh.paragraphs) if p.kind is ParagraphKind.HEADING]
    en_heads = [i for i, p in enumerate(document.en.paragraphs) if p.kind is ParagraphKind.HEADING]
    zh_text = document.zh.paragraphs
    en_text = document.en.paragraphs
    if alignment is None:
        out = [Chapter(_title(zh_text[i].text), "", i, None, None) for i in zh_heads]
        out += [Chapter("", _title(en_text[i].text), None, i, None) for i in en_heads]
        return out
    by_link: dict[int, tuple[int | None, int | None]] = {}
    for language, heads in (("zh", zh_heads), ("en", en_heads)):
        for index in heads:
            link = alignment.link_of(language, index)
            if link is None:
                continue
            zh, en = by_link.get(link, (None, None))
            # The first heading of a side in a link names it (a link of a chapter and a section title: the chapter).
            if language == "zh" and zh is None:
                zh = index
            elif language == "en" and en is None:
                en = index
            by_link[link] = (zh, en)
    return [Chapter(_title(zh_text[zh].text) if zh is not None else "",
                    _title(en_text[en].text) if en is not None else "", zh, en, link)
            for link, (zh, en) in sorted(by_link.items())]


class Progress:
    """Where a reader is in one side: the share of its characters before a paragraph, and the chapter it is in."""

    def __init__(self, document: Document, language: str, found: list[Chapter]) -> None:
        lengths = [len(p.text) for p in document.side(language).paragraphs]
        self._before = [0, *accumulate(lengths)]
        self.language = language
        self._chapters = [c for c in found if (c.zh if language == "zh" else c.en) is not None]
        self._starts: list[int] = [index for c in self._chapters
                                   if (index := c.zh if language == "zh" else c.en) is not None]

    def percent(self, paragraph: int, fraction: float = 1.0) -> int:
        """0-100: the characters up to `fraction` (0..1) of `paragraph`, over all. The window passes the
        paragraph at the bottom of the pane, so the end of the book reads 100."""
        total = self._before[-1]
        if total <= 0 or paragraph < 0:
            return 0
        paragraph = min(paragraph, len(self._before) - 2)
        length = self._before[paragraph + 1] - self._before[paragraph]
        done = self._before[paragraph] + min(max(fraction, 0.0), 1.0) * length
        return min(100, int(100 * done / total))

    def chapter(self, paragraph: int) -> Chapter | None:
        """The chapter whose heading is the last at or before `paragraph` on this side (None before the first)."""
        k = bisect.bisect_right(self._starts, paragraph) - 1
        return self._chapters[k] if k >= 0 else None
