"""Hand-made documents for the checks: paragraphs given as texts, links given or 1-1."""

from __future__ import annotations

from collections.abc import Sequence

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Document, Language, Paragraph, Side, assign_ids
from reader_app.core.text.segment import sentences


def side(language: Language, texts: Sequence[str]) -> Side:
    ids = assign_ids(list(texts))
    return Side(
        language,
        tuple(
            Paragraph(pid, text, text, language, sentences=sentences(text, language))
            for pid, text in zip(ids, texts, strict=True)
        ),
    )


def document(zh: Sequence[str], en: Sequence[str]) -> Document:
    return Document(side(Language.ZH, zh), side(Language.EN, en))


def alignment(*links: tuple[Sequence[int], Sequence[int]]) -> Alignment:
    return Alignment(tuple(Link(tuple(z), tuple(e)) for z, e in links))


def one_to_one(n: int) -> Alignment:
    return alignment(*(([k], [k]) for k in range(n)))


def pair(zh: str, en: str) -> tuple[Document, Alignment]:
    """One Chinese paragraph and its English, linked."""
    return document([zh], [en]), one_to_one(1)
