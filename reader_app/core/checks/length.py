"""The `length` check (advisory): a pair whose length ratio is far outside the document's own.

The document's ratio is the median of its pairs' log(English characters / Chinese characters), its spread the
median absolute deviation (robust: the outliers being looked for do not move either). Short pairs are left out,
where a word more or less swings the ratio.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator

from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.pairs import Context, Pair

# Robust z-score above which a pair is flagged; and never for less than this factor off the usual ratio.
MAX_DEVIATIONS = 4.0
MIN_FACTOR = 2.0
MIN_ZH_CHARACTERS = 20
MIN_EN_CHARACTERS = 60
# Fewer pairs than this tell nothing about the document's usual ratio.
MIN_PAIRS = 8


def _size(text: str) -> int:
    return len("".join(text.split()))


def _log_ratio(pair: Pair) -> float:
    return math.log(_size(pair.en_text) / _size(pair.zh_text))


def check(context: Context) -> Iterator[Flag]:
    pairs = [
        p
        for p in context.pairs
        if not p.is_gap and _size(p.zh_text) >= MIN_ZH_CHARACTERS and _size(p.en_text) >= MIN_EN_CHARACTERS
    ]
    if len(pairs) < MIN_PAIRS:
        return
    ratios = [_log_ratio(p) for p in pairs]
    usual = statistics.median(ratios)
    spread = 1.4826 * statistics.median(abs(r - usual) for r in ratios)  # MAD scaled to a standard deviation
    limit = max(MAX_DEVIATIONS * spread, math.log(MIN_FACTOR))
    for pair, ratio in zip(pairs, ratios, strict=True):
        off = ratio - usual
        if abs(off) <= limit:
            continue
        factor = math.exp(abs(off))
        side = "English" if off > 0 else "Chinese"
        message = (
            f"The {side} is {factor:.1f}x longer than usual in this document "
            f"({math.exp(ratio):.1f} English characters per Chinese one, usually {math.exp(usual):.1f})"
        )
        yield pair.flag(Kind.LENGTH, Severity.ADVISORY, message, "", "")
