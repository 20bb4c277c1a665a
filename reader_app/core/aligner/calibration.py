"""Link confidences that mean what they say: the aligner's raw confidence mapped to the share of such links that
are right, per level, tier and kind of link (one-to-one, wider, one-sided).

The raw confidence is a logistic of the DP's margin over the runner-up path; how often a link with a given margin
is right depends on the tier, the level and the link's kind (a 2x1 link with the same margin is wrong more often
than a 1x1). Each (level, tier, kind) has a Platt scaling, p = 1 / (1 + exp(-(a * logit(raw) + b))), fitted on the
tuning chapters of ../shared/corpus/mac-dev (001-003) and checked on the others (004-006):
`bench/align_accuracy.py` prints the reliability table and the expected calibration error (ECE), and
`bench/README.md` keeps them. Two parameters per kind: enough to fix a scale, too few to learn one chapter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from reader_app.core.alignment import Link

# (level, tier, kind) -> (a, b). Fitted by log loss on the tuning chapters (paragraph tasks: 16 seeds at tier 1,
# 8 at tier 2; sentences: the chapters' own sentences). Held-out ECE (004-006) after / before:
# tier 1 paragraphs 0.011 / 0.038, sentences 0.050 / 0.088; tier 2 paragraphs 0.012 / 0.013, sentences 0.038 / 0.076.
PLATT: dict[tuple[str, int, str], tuple[float, float]] = {
    ("paragraph", 1, "one"): (0.45, 1.8),
    ("paragraph", 1, "wide"): (1.0, 0.9),
    ("paragraph", 1, "gap"): (0.15, 1.3),
    ("sentence", 1, "one"): (0.3, 0.8),
    ("sentence", 1, "wide"): (0.35, -0.5),
    ("paragraph", 2, "one"): (0.2, 3.5),
    ("paragraph", 2, "wide"): (0.2, 1.7),
    ("paragraph", 2, "gap"): (0.05, 2.3),
    ("sentence", 2, "one"): (1.5, -11.1),
    ("sentence", 2, "wide"): (0.05, 0.9),
}
# The raw confidence is clipped to this before its logit (the DP rounds to 1.0 when the runner-up is far).
_CLIP = 1e-4


def kind_of(link: Link) -> str:
    if link.is_gap:
        return "gap"
    return "one" if len(link.zh) == 1 and len(link.en) == 1 else "wide"


def calibrated(raw: float, level: str, tier: int, kind: str) -> float:
    """The share of links like this one that are right (the raw value where no scaling was fitted: too few
    links of the kind in the tuning data, e.g. one-sided sentences)."""
    params = PLATT.get((level, tier, kind))
    if params is None:
        return raw
    a, b = params
    p = min(max(raw, _CLIP), 1.0 - _CLIP)
    z = a * math.log(p / (1.0 - p)) + b
    return 1.0 / (1.0 + math.exp(-z))


def calibrate(links: Iterable[Link], level: str, tier: int) -> tuple[Link, ...]:
    """`links` with calibrated confidences (rounded to 4 places: they are estimates, and the cache stays small)."""
    return tuple(Link(link.zh, link.en, round(calibrated(link.confidence, level, tier, kind_of(link)), 4))
                 for link in links)
