"""Tier-1 link scorer: length ratio, CC-CEDICT lexical evidence weighted by rarity, identical tokens, structure."""

from reader_app.core.aligner.tier1.scoring import Tier1Scorer
from reader_app.core.aligner.tier1.terms import (
    NameFinder,
    chinese_number,
    en_features,
    en_structure,
    roman_number,
    zh_features,
    zh_marks,
    zh_structure,
    zh_words,
)

__all__ = [
    "NameFinder",
    "Tier1Scorer",
    "chinese_number",
    "en_features",
    "en_structure",
    "roman_number",
    "zh_features",
    "zh_marks",
    "zh_structure",
    "zh_words",
]
