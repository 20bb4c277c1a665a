"""Whether a one-unit-a-line bitext holds a paragraph or a sentence on each line (`align --unit line`).

The rule: count the sentences of each line with the reader's own splitter, and take, on each side, the share of
lines that hold more than one. The lines are paragraphs when that share is above `PARAGRAPH_SHARE` on *both*
sides (on the one side there is, when the other is empty), sentences otherwise.

Why this statistic and not another (measured on the MAC-Dev chapters, one sentence a line and regrouped into
paragraphs, and on two real paragraph-a-line white papers):
- The share of multi-sentence lines separates the two kinds widely: 0-7% on a side of sentence-a-line files,
  47-98% on a side of paragraph-a-line ones, 25% on the sparser side of a press release whose paragraphs are
  mostly single sentences. A mean of sentences per line would let one long unsplit block decide the whole file;
  a median is 1 on a white paper's Chinese side, where most paragraphs are headings or single sentences.
- The sparser side decides, because the splitter over-counts in one direction only: a Chinese line of dialogue,
  “你去哪儿？”他问。, splits in two where its English `"Where?" he asked.` does not. A dialogue-heavy
  sentence-a-line file can thus show many "multi-sentence" Chinese lines, never both sides at once, while a real
  paragraph-a-line file has them on both sides.
- Line length is not used: it does not separate the kinds (English sentences of a novel run to a median of 99
  characters a line, the Chinese paragraphs of a white paper to 101).
The threshold sits between the two groups with room on each side; a file of mostly single-sentence paragraphs
(under 15% of lines with two sentences or more) is aligned as sentences, where the sentence aligner's link widths
suit it as well.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from reader_app.core.model import Language
from reader_app.core.text.segment import sentences

PARAGRAPH = "paragraph"
SENTENCE = "sentence"
PARAGRAPH_SHARE = 0.15


@dataclass(frozen=True)
class SideCounts:
    """Sentences per non-empty line of one side."""

    counts: tuple[int, ...]

    @property
    def lines(self) -> int:
        return len(self.counts)

    @property
    def multi_share(self) -> float:
        """Share of lines holding more than one sentence (0.0 for no lines)."""
        return sum(1 for n in self.counts if n > 1) / len(self.counts) if self.counts else 0.0


@dataclass(frozen=True)
class LineLevel:
    """The decision and the evidence it was made on, for saying why."""

    level: str
    zh: SideCounts
    en: SideCounts

    @property
    def median_sentences(self) -> float:
        """Median sentences a line over both sides (0.0 for no lines)."""
        both = self.zh.counts + self.en.counts
        return float(statistics.median(both)) if both else 0.0

    @property
    def deciding_share(self) -> float:
        """The share the rule compared with PARAGRAPH_SHARE: the sparser non-empty side's."""
        shares = [side.multi_share for side in (self.zh, self.en) if side.lines]
        return min(shares) if shares else 0.0


def _counts(lines: Sequence[str], language: Language) -> SideCounts:
    return SideCounts(tuple(len(sentences(line, language)) for line in lines if line.strip()))


def detect_line_level(zh_lines: Sequence[str], en_lines: Sequence[str]) -> LineLevel:
    """The level of one-unit-a-line texts with its evidence (see the module's docstring for the rule)."""
    zh = _counts(zh_lines, Language.ZH)
    en = _counts(en_lines, Language.EN)
    evidence = LineLevel(SENTENCE, zh, en)
    # No lines at all leaves the share at 0.0: sentences, what `--unit line` has always meant.
    if evidence.deciding_share > PARAGRAPH_SHARE:
        return LineLevel(PARAGRAPH, zh, en)
    return evidence


def line_level(zh_lines: Sequence[str], en_lines: Sequence[str]) -> str:
    """ "paragraph" when the lines of both sides are mostly paragraphs of several sentences, else "sentence"."""
    return detect_line_level(zh_lines, en_lines).level
