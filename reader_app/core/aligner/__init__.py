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
    "estimate_tier2_bytes",
    "sentence_units",
]


def __getattr__(name: str):
    # estimate_tier2_bytes on first use: its package imports tier 2's scorer and embeddings (20 ms of every tier-1
    # CLI run, which never refines).
    if name == "estimate_tier2_bytes":
        from reader_app.core.aligner.tier2.memory import estimate_tier2_bytes

        globals()[name] = estimate_tier2_bytes
        return estimate_tier2_bytes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
