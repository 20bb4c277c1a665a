"""How much memory tier 2 needs for a document's size, so that a caller can decide whether to refine at all.

It computes from the sizes alone (no numpy, no model): the window asks before it starts anything."""

from __future__ import annotations

from reader_app.core.aligner.tier2.params import LEVELS

_MB = 1 << 20
# Measured (issue 11) as the peak RSS a process gained while running align_paragraphs / align_sentences with
# tier=2, model load included, on book bitexts built from mac-dev (gaps, splits, a one-sided run at the end, a
# missing chapter in the middle), cold and warm embedding caches; then rounded up (15-20% above the cold runs).
# What grows with the units: the span vectors (2 KB per span and width, float32), the band of the wide first
# pass (tier 1's pair evidence and the DP's back pointers, a few hundred cells a row) and tier 1's term arrays.
# Measured extra, paragraphs: 248 MB at 2k x 2.3k, 319 MB at 5k x 5.2k, 566 MB at 10k x 10.2k with a warm cache,
# about 790 MB at 10k x 10.2k cold; sentences, 10k x 13.4k: 438 MB warm, about 640 MB cold (the encoder's buffers
# and the cache's in-memory LRU fill while encoding).
_FIXED = 200 * _MB  # the model (~100 MB), CC-CEDICT (~55 MB), numpy and sqlite buffers, one block of each kind
_PER_UNIT = {"paragraph": 36 * 1024, "sentence": 24 * 1024}  # bytes per unit, both sides counted


def estimate_tier2_bytes(n_zh: int, n_en: int, level: str) -> int:
    """Peak extra memory (bytes) tier 2 takes to align n_zh Chinese and n_en English units at `level`
    ("paragraph" or "sentence"): linear in the units, on the high side of what was measured."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")
    units = max(0, n_zh) + max(0, n_en)
    return _FIXED + _PER_UNIT[level] * units
