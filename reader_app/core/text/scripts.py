"""Which characters count as Han: the one definition the loaders, the cleanup and the aligner share."""

from __future__ import annotations

import re

# For regex character classes: CJK Unified Ideographs, Extension A, Compatibility Ideographs. Extension B and
# beyond (astral) are left out on purpose: text scores and rubies are about the characters running prose uses.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHARACTER = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")


def is_han(ch: str) -> bool:
    """One character in HAN; comparisons rather than a regex, for the per-character loops of encoding scores."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
