"""Alignment model: monotone links between Chinese and English units, each with a confidence in [0, 1]."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# A link whose confidence is below this is uncertain: shaded in the panes and the link map, and visited by
# Go to Next Uncertain Link. Confidences are calibrated (aligner/calibration.py): this is "wrong about one time in
# four or more". On the tuning chapters it shades ~4% of tier-1 paragraph links, which hold ~40% of its errors.
UNCERTAIN = 0.75


@dataclass(frozen=True, slots=True)
class Link:
    """Consecutive Chinese units `zh` matched to consecutive English units `en`. One side empty = a gap:
    those units have no counterpart."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float = 1.0

    @property
    def is_gap(self) -> bool:
        return not self.zh or not self.en

    def as_align_line(self) -> str:
        """The `[zh ids]:[en ids]` notation of the aligner literature (and of mac-dev's gold files)."""
        return "[{}]:[{}]".format(",".join(map(str, self.zh)), ",".join(map(str, self.en)))


@dataclass(frozen=True)
class Alignment:
    """Links in reading order; every unit of both sides appears in exactly one link.

    `tier` says which aligner produced it (0: given by the file, 1: instant, 2: refined)."""

    links: tuple[Link, ...]
    tier: int = 1

    @cached_property
    def zh_link(self) -> dict[int, int]:
        """Chinese unit index -> index of its link."""
        return {i: k for k, link in enumerate(self.links) for i in link.zh}

    @cached_property
    def en_link(self) -> dict[int, int]:
        """English unit index -> index of its link."""
        return {i: k for k, link in enumerate(self.links) for i in link.en}

    def link_of(self, language: str, index: int) -> int | None:
        return (self.zh_link if language == "zh" else self.en_link).get(index)

    def gaps(self, language: str) -> list[int]:
        """Indices of the units of one side that have no counterpart on the other."""
        return list(self._gaps[language])

    @cached_property
    def _gaps(self) -> dict[str, tuple[int, ...]]:
        # Computed once: the window asks again on every note added (the ruler's marks), 16,000 links each time.
        zh = tuple(i for link in self.links if link.zh and not link.en for i in link.zh)
        en = tuple(i for link in self.links if link.en and not link.zh for i in link.en)
        return {"zh": zh, "en": en}

    def validate(self, n_zh: int, n_en: int) -> None:
        """Raise ValueError unless every unit appears in exactly one link, in order (monotone)."""
        next_zh = next_en = 0
        for link in self.links:
            for side, expected in ((link.zh, next_zh), (link.en, next_en)):
                if side and list(side) != list(range(expected, expected + len(side))):
                    raise ValueError(f"link {link.as_align_line()} is not contiguous and in order")
            next_zh += len(link.zh)
            next_en += len(link.en)
            if not link.zh and not link.en:
                raise ValueError("empty link")
            if not 0.0 <= link.confidence <= 1.0:
                raise ValueError(f"confidence {link.confidence} outside [0, 1]")
        if (next_zh, next_en) != (n_zh, n_en):
            raise ValueError(f"links cover {next_zh}x{next_en} units, expected {n_zh}x{n_en}")

    def to_align_text(self) -> str:
        return "".join(link.as_align_line() + "\n" for link in self.links)
