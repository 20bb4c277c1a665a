"""Tier 2's weights: Tier2Params, with the tuned defaults per level (paragraph, sentence)."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("paragraph", "sentence")


@dataclass(frozen=True, slots=True)
class Tier2Params:
    """Weights of the tier-2 score; the defaults per level come from bench/tier2_probe.py on mac-dev."""

    max_zh: int
    max_en: int
    skip: float  # score of leaving one unit without counterpart
    length_weight: float  # additive penalty per unit of |log length ratio|
    wide_bonus: float  # added per extra unit of a link wider than 1-1
    knn: int  # a vector's margin is its mean cosine with its `knn` nearest units of the other side ...
    window: int  # ... among those within `window` units of its place (as mapped by the first pass)
    band: int  # DP band half-width around the first pass
    max_units: int | None = None  # links of at most this many units (a + b); None: every a x b within the limits
    tier1_weight: float = 0.0  # weight of tier 1's link score (lexicon, identical tokens, length, structure)
    short_skip: float = 0.0  # extra cost of leaving a short unit alone, fading out at short_length Chinese characters
    short_length: float = 60.0
    confidence_shift: float = 0.15  # a link's confidence is 1/2 this far below the skip score (calibrated on mac-dev)
    gap_floor: float = 0.15  # a gap's confidence is 1/2 when its unit's best match in the band scores this
    reencode_spans: bool = False  # encode concatenations from their text instead of their units' pooling records
    size_power: float = 0.0  # similarity of an a x b link weighs ((a + b) / 2) ** size_power
    weak_floor: float = 0.0  # a link whose similarity is below this ...
    weak_weight: float = 0.0  # ... loses this much per unit below it (unrelated neighbours are two gaps, not a link)
    # Edge repair: a gap beside a 1-1 link is compared with the sentences at the adjacent end of the link's other
    # side (best prefix or suffix, minus part_whole x its cosine with the whole); a piece of a split translation
    # matches such a part, an unrelated neighbour does not. Above merge_above the gap joins the link.
    merge_above: float = float("inf")
    merge_short: float = 0.0  # added to a unit's fit as it is short (as short_skip: pieces are often short)
    part_whole: float = 0.6
    merge_one_to_one: bool = False  # only beside 1-1 links (as before links went beyond 2 x 2)
    # Memory, not weights: the band's vector computations run in blocks of about this many bytes (results do not
    # depend on it; tests shrink it to check that).
    block_bytes: int = 16 << 20

    @classmethod
    def for_level(cls, level: str) -> Tier2Params:
        if level == "sentence":
            # Sentences: margins against the mean over 100 neighbours (a short sentence has few near-duplicates
            # for the k-nearest form to exploit), and wide links weighted up (a zh sentence is often two en ones).
            return cls(
                max_zh=3,
                max_en=5,
                skip=-0.3,
                length_weight=0.05,
                wide_bonus=0.0,
                knn=100,
                window=100,
                band=10,
                tier1_weight=0.02,
                size_power=0.4,
            )
        if level == "paragraph":
            return cls(
                max_zh=4,
                max_en=4,
                max_units=5,  # up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2, as tier 1
                skip=-0.005,
                length_weight=0.1,
                wide_bonus=-0.04,
                knn=12,
                window=24,
                band=8,
                tier1_weight=0.02,
                short_skip=0.08,
                short_length=80.0,
                weak_floor=0.05,
                weak_weight=0.5,
                merge_above=0.4,
                merge_short=0.25,
            )
        raise ValueError(f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")
