"""What a check reports: a Flag on a pair of paragraphs, its kind, severity, evidence and the key an Ignore keeps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from reader_app.core.model import fingerprint


class Kind(StrEnum):
    """The checks, in the order their flags are listed within a pair."""

    NUMBER = "number"
    NAME = "name"
    OMISSION = "omission"
    UNTRANSLATED = "untranslated"
    LENGTH = "length"
    PUNCTUATION = "punctuation"


class Severity(StrEnum):
    ERROR = "error"  # almost always a mistake: a number or a code changed, Chinese left in the English
    WARNING = "warning"  # often a mistake, sometimes the translator's choice: a sentence or a name left out
    ADVISORY = "advisory"  # worth a look: a pair much longer than the document's usual, an unpaired bracket


# Kinds that are usually an error; length and punctuation are advisory and off unless asked for.
DEFAULT_KINDS: tuple[Kind, ...] = (Kind.NUMBER, Kind.NAME, Kind.OMISSION, Kind.UNTRANSLATED)
ALL_KINDS: tuple[Kind, ...] = tuple(Kind)


@dataclass(frozen=True, slots=True)
class Flag:
    """One finding on a pair. `zh` / `en` are the paragraph indices of the pair (0-based, as `info` numbers
    them; one side empty for a paragraph without counterpart). `key` stays the same for the same finding on the
    same paragraphs' text, whatever the alignment around them: it is what an Ignore stores."""

    kind: Kind
    severity: Severity
    zh: tuple[int, ...]
    en: tuple[int, ...]
    message: str
    zh_evidence: str
    en_evidence: str
    key: str


def flag_key(
    kind: Kind, zh_fingerprints: Sequence[str], en_fingerprints: Sequence[str], zh_evidence: str, en_evidence: str
) -> str:
    """`kind:zh fingerprints:en fingerprints:evidence digest`. Paragraph fingerprints, not indices, so the key
    survives paragraphs moving and re-alignment; the evidence digest tells two findings on one pair apart."""
    digest = fingerprint(f"{zh_evidence}\x00{en_evidence}")[:8]
    return f"{kind.value}:{'+'.join(zh_fingerprints)}:{'+'.join(en_fingerprints)}:{digest}"
