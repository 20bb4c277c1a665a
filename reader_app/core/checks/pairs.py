"""The pairs a check reads: each link of an alignment with its paragraphs' texts and fingerprints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reader_app.core.alignment import Alignment
from reader_app.core.cancellation import CancelCallback, Cancelled
from reader_app.core.checks.flags import Flag, Kind, Severity, flag_key
from reader_app.core.model import Document, Paragraph


@dataclass(frozen=True)
class Pair:
    """One link: the paragraphs on each side (one side empty for a paragraph without counterpart)."""

    link: int
    zh: tuple[Paragraph, ...]
    en: tuple[Paragraph, ...]
    zh_indices: tuple[int, ...]
    en_indices: tuple[int, ...]
    zh_text: str = field(init=False)
    en_text: str = field(init=False)

    def __post_init__(self) -> None:
        # Paragraphs of one side joined by a line break: no number, name or sentence runs across the seam.
        object.__setattr__(self, "zh_text", "\n".join(p.text for p in self.zh))
        object.__setattr__(self, "en_text", "\n".join(p.text for p in self.en))

    @property
    def is_gap(self) -> bool:
        return not self.zh or not self.en

    def flag(
        self,
        kind: Kind,
        severity: Severity,
        message: str,
        zh_evidence: str = "",
        en_evidence: str = "",
    ) -> Flag:
        return Flag(
            kind=kind,
            severity=severity,
            zh=self.zh_indices,
            en=self.en_indices,
            message=message,
            zh_evidence=zh_evidence,
            en_evidence=en_evidence,
            key=flag_key(
                kind,
                [p.fingerprint for p in self.zh],
                [p.fingerprint for p in self.en],
                zh_evidence,
                en_evidence,
            ),
        )


def pairs_of(document: Document, alignment: Alignment) -> list[Pair]:
    """Every link of a paragraph alignment of `document` as a Pair, in reading order."""
    zh, en = document.zh.paragraphs, document.en.paragraphs
    return [
        Pair(k, tuple(zh[i] for i in link.zh), tuple(en[j] for j in link.en), tuple(link.zh), tuple(link.en))
        for k, link in enumerate(alignment.links)
    ]


@dataclass(frozen=True)
class Context:
    """What every check is given: the document, its pairs, the tier to align sentences inside a pair at, and
    the caller's cancel() (polled between steps; Cancelled is raised when it returns True)."""

    document: Document
    pairs: Sequence[Pair]
    tier: int = 1
    cancel: CancelCallback | None = None

    def check_cancelled(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
