"""Paragraphs or sentences of two languages -> Alignment: the banded DP, tier 1 (instant), tier 2 (embeddings)."""

from reader_app.core.aligner.api import (
    align_document,
    align_paragraphs,
    align_sentences,
    align_sentences_within,
    best_tier,
    sentence_units,
)
from reader_app.core.aligner.tier2.memory import estimate_tier2_bytes

__all__ = [
    "align_document",
    "align_paragraphs",
    "align_sentences",
    "align_sentences_within",
    "best_tier",
    "estimate_tier2_bytes",
    "sentence_units",
]
