"""Paragraphs or sentences of two languages -> Alignment: the banded DP, tier 1 (instant), tier 2 (embeddings)."""

from reader_app.core.aligner.api import (
    align_document,
    align_paragraphs,
    align_sentences,
    align_sentences_within,
    best_tier,
    sentence_units,
)

__all__ = [
    "align_document",
    "align_paragraphs",
    "align_sentences",
    "align_sentences_within",
    "best_tier",
    "sentence_units",
]
