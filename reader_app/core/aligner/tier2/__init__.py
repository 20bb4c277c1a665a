"""Tier 2, refined alignment: multilingual sentence embeddings (USE v3) scored for the shared banded DP."""

from reader_app.core.aligner.tier2.memory import estimate_tier2_bytes
from reader_app.core.aligner.tier2.params import Tier2Params
from reader_app.core.aligner.tier2.scorer import Tier2Scorer, align_tier2

__all__ = ["Tier2Params", "Tier2Scorer", "align_tier2", "estimate_tier2_bytes"]
