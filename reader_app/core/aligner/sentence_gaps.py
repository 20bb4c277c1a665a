"""Sentences left without counterpart: a merged sentence link split into a link and a one-sided sentence.

The sentence aligner rarely leaves a sentence alone: an orphan costs a skip, while gluing it to a neighbour as a
2-1 / 1-2 link costs little (a translator's own merges are common). At the level of the link the orphan shows where
a paragraph dilutes it: for each link with two or more sentences on one side, the sentence at either end of that
side is a suspect, and the evidence is how the rest of the link fares without it (`suspects`, _FEATURES): the
cosine of the link's other side with the rest minus with the whole (an orphan drags the merged vector away), the
suspect's own cosine and the rest's, the length ratio's distance from the document's with and without the
suspect (Gale-Church's len(en) vs ratio x len(zh), here as logs), the share of the suspect's and of the rest's
words that the other side's dictionary translations cover, the suspect's share of the side's length, its log
length and the link's width. A logistic model over them (SPLIT_WEIGHTS, fitted with numpy; bench/README.md)
scores each suspect; `split_orphans` takes the best one of a link out when it scores above SPLIT_THRESHOLD and is
long enough to judge (`substantial`). Tier 2's align_sentences and, through it, the omission check use it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reader_app.core.aligner.dp import unit_length
from reader_app.core.aligner.lexicon import Lexicon, english_terms, load_lexicon
from reader_app.core.aligner.tier1 import zh_words
from reader_app.core.alignment import Link
from reader_app.core.text.scripts import HAN_CHARACTER

if TYPE_CHECKING:
    from reader_app.core.aligner.embeddings import EmbeddingCache

# A sentence shorter than this says too little to tell an omission from a rewording ("She got used to it after a
# while." for 待久了也觉得没有啥 inside a longer sentence): Han characters for Chinese, content words for English.
MIN_ZH_CHARACTERS = 8
MIN_EN_WORDS = 4

_JOINER = {"zh": "", "en": " "}  # as the tier-2 aligner joins a span's sentences (its cached span vectors)
_FEATURES = ("gain", "own", "rest", "length_gain", "coverage", "share", "wide", "rest_coverage", "log_length")


def zh_coverage(sentence: str, english: str, lexicon: Lexicon) -> float | None:
    """Share of the Chinese sentence's dictionary words with a translation among the English text's words
    (None: no dictionary word to judge by)."""
    terms = set(english_terms(english))
    words = [senses for senses in (lexicon.translations_of(k) for k in zh_words(sentence, lexicon)) if senses]
    if not words:
        return None
    return sum(1 for senses in words if terms.intersection(senses)) / len(words)


def en_coverage(sentence: str, chinese: str, lexicon: Lexicon) -> float | None:
    """Share of the English sentence's content words that a dictionary word of the Chinese text translates."""
    offered = {t for k in zh_words(chinese, lexicon) for t in lexicon.translations_of(k)}
    terms = english_terms(sentence)
    if not terms:
        return None
    return sum(1 for t in terms if t in offered) / len(terms)


def substantial(language: str, sentence: str) -> bool:
    """Whether a sentence is long enough to be judged as left out (MIN_ZH_CHARACTERS, MIN_EN_WORDS)."""
    if language == "zh":
        return len(HAN_CHARACTER.findall(sentence)) >= MIN_ZH_CHARACTERS
    return len(english_terms(sentence)) >= MIN_EN_WORDS


def _join(side: str, texts: Sequence[str]) -> str:
    return _JOINER[side].join(texts)


def usual_log_ratio(zh: Sequence[str], en: Sequence[str], links: Sequence[Link]) -> float:
    """The document's log length ratio (English over Chinese characters): the median over its 1-1 links."""
    ratios = [math.log(max(unit_length(en[link.en[0]]), 1) / max(unit_length(zh[link.zh[0]]), 1))
              for link in links if len(link.zh) == 1 and len(link.en) == 1]
    if not ratios:
        total_zh = sum(unit_length(t) for t in zh)
        total_en = sum(unit_length(t) for t in en)
        return math.log(max(total_en, 1) / max(total_zh, 1))
    return statistics.median(ratios)


@dataclass(frozen=True)
class Suspect:
    """A sentence at one end of a link's wider side, which may have no counterpart: `link` is its index in the
    links, `side` "zh" or "en", `unit` its sentence index, `features` in _FEATURES order."""

    link: int
    side: str
    unit: int
    features: tuple[float, ...]


def span_embeddings(
    texts: dict[str, list[str]], spans: Sequence[tuple[str, int, int]], cache: EmbeddingCache | None = None
) -> list[np.ndarray]:
    """Vectors of the spans (side, first unit, width): units as embedded, concatenations pooled from their units'
    records (embeddings.span_vectors) as the tier-2 aligner makes them, so that its cache already holds them."""
    from reader_app.core.aligner.embeddings import embed, span_vectors

    out: dict[tuple[str, int, int], np.ndarray] = {}
    for side, width in sorted({(side, width) for side, _start, width in spans}):
        starts = sorted({start for s, start, w in spans if (s, w) == (side, width)})
        if width == 1:
            found = embed([texts[side][u] for u in starts], cache=cache)
        else:
            found = span_vectors(texts[side], width, starts, joiner=_JOINER[side], cache=cache)
        out.update(((side, start, width), found[n]) for n, start in enumerate(starts))
    return [out[span] for span in spans]


def suspects(
    zh: Sequence[str],
    en: Sequence[str],
    links: Sequence[Link],
    *,
    log_ratio: float | None = None,
    lexicon: Lexicon | None = None,
    cache: EmbeddingCache | None = None,
) -> list[Suspect]:
    """The suspects of every link with two sentences or more on a side, with their features (module docstring)."""
    texts = {"zh": list(zh), "en": list(en)}
    plans: list[tuple[int, str, int]] = []
    spans: list[tuple[str, int, int]] = []
    for k, link in enumerate(links):
        for side, other in (("zh", "en"), ("en", "zh")):
            own_units, other_units = getattr(link, side), getattr(link, other)
            if len(own_units) < 2 or not other_units:
                continue
            for unit in sorted({own_units[0], own_units[-1]}):
                plans.append((k, side, unit))
                rest_start = own_units[0] + (unit == own_units[0])
                spans += [(side, own_units[0], len(own_units)), (side, rest_start, len(own_units) - 1),
                          (side, unit, 1), (other, other_units[0], len(other_units))]
    if not plans:
        return []
    vectors = span_embeddings(texts, spans, cache)
    if log_ratio is None:
        log_ratio = usual_log_ratio(zh, en, links)
    lexicon = lexicon or load_lexicon()
    out: list[Suspect] = []
    for n, (k, side, unit) in enumerate(plans):
        whole, rest_v, unit_v, other_v = vectors[4 * n : 4 * n + 4]
        link = links[k]
        other = "en" if side == "zh" else "zh"
        own_text = _join(side, [texts[side][u] for u in getattr(link, side)])
        other_text = _join(other, [texts[other][u] for u in getattr(link, other)])
        length_all = {side: unit_length(own_text), other: unit_length(other_text)}
        length_rest = dict(length_all)
        length_rest[side] = max(length_all[side] - unit_length(texts[side][unit]), 1)

        def distance(lengths: dict[str, int]) -> float:
            return abs(math.log(max(lengths["en"], 1) / max(lengths["zh"], 1)) - log_ratio)

        rest_text = _join(side, [texts[side][u] for u in getattr(link, side) if u != unit])
        coverage_of = zh_coverage if side == "zh" else en_coverage
        coverage = coverage_of(texts[side][unit], other_text, lexicon)
        rest_coverage = coverage_of(rest_text, other_text, lexicon)
        cos_whole = float(whole @ other_v)
        cos_rest = float(rest_v @ other_v)
        features = (
            cos_rest - cos_whole,
            float(unit_v @ other_v),
            cos_rest,
            distance(length_all) - distance(length_rest),
            0.5 if coverage is None else coverage,
            unit_length(texts[side][unit]) / max(length_all[side], 1),
            float(len(getattr(link, side)) - 1),
            0.5 if rest_coverage is None else rest_coverage,
            math.log(max(unit_length(texts[side][unit]), 1)),
        )
        out.append(Suspect(k, side, unit, features))
    return out


# Logistic model over _FEATURES (then the intercept), fitted by log loss on the tuning split (mac-dev chapters
# 001-003, seeds 1-4: the chapters with 5% of their sentences deleted, and bench/qa_checks.py's paragraph pairs with
# one sentence deleted, pooled: 5,952 suspects, 259 orphans). The rest's gain in cosine carries most of it.
SPLIT_WEIGHTS = (21.58, 0.479, 2.32, 1.049, -3.774, 4.039, 0.303, 0.557, -0.635)
SPLIT_INTERCEPT = -2.927
# The sentence aligner splits above this score (sentence gap F1 on the tuning chapters 0.56 at 25 false splits in
# 1,343 links, strict F1 0.846 -> 0.851; -1.0: 0.56 at 47 false, -1.5: 0.52). The omission check flags what it leaves.
SPLIT_THRESHOLD = -0.5


def split_score(features: Sequence[float]) -> float:
    return float(np.dot(SPLIT_WEIGHTS, features)) + SPLIT_INTERCEPT


def split_links(links: Sequence[Link], chosen: Sequence[Suspect], sure: dict[int, float] | None = None) -> list[Link]:
    """`links` with each chosen suspect (at most one a link) taken out of its link as a one-sided link, placed on
    the side of the link it was at (a first sentence before it, a last one after it); `sure` maps a link's index
    to the confidence of its one-sided sentence (default 0.5)."""
    by_link = {s.link: s for s in chosen}
    out: list[Link] = []
    for k, link in enumerate(links):
        suspect = by_link.get(k)
        if suspect is None:
            out.append(link)
            continue
        own = getattr(link, suspect.side)
        rest = tuple(u for u in own if u != suspect.unit)
        kept = Link(rest, link.en, link.confidence) if suspect.side == "zh" else Link(link.zh, rest, link.confidence)
        confidence = (sure or {}).get(k, 0.5)
        alone = Link((suspect.unit,), (), confidence) if suspect.side == "zh" else Link((), (suspect.unit,), confidence)
        out += [alone, kept] if suspect.unit == own[0] else [kept, alone]
    return out


def split_orphans(
    zh: Sequence[str],
    en: Sequence[str],
    links: Sequence[Link],
    *,
    log_ratio: float | None = None,
    threshold: float | None = None,
    cache: EmbeddingCache | None = None,
) -> list[Link]:
    """`links` with the sentences the model finds glued to a neighbour without counterpart of their own left
    alone (module docstring); the best suspect of a link only."""
    limit = SPLIT_THRESHOLD if threshold is None else threshold
    best: dict[int, tuple[float, Suspect]] = {}
    for suspect in suspects(zh, en, links, log_ratio=log_ratio, cache=cache):
        score = split_score(suspect.features)
        if score <= limit or not substantial(suspect.side, (zh if suspect.side == "zh" else en)[suspect.unit]):
            continue
        if suspect.link not in best or score > best[suspect.link][0]:
            best[suspect.link] = (score, suspect)
    if not best:
        return list(links)
    # A split sentence is as sure as the model says (its logistic); the link it leaves keeps its own confidence.
    sure = {s.link: 1.0 / (1.0 + math.exp(-score)) for score, s in best.values()}
    return split_links(links, [s for _score, s in best.values()], sure)
