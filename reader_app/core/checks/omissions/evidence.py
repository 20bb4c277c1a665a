"""Tier 2's omitted sentences: every sentence of a pair scored as having no counterpart, by a logistic model.

A sentence deleted from a translation leaves its original without counterpart inside a pair that still has one.
No one test shows it on literary text (translators split, merge and reword), so the evidence is gathered per
sentence and per pair and weighed together (FEATURES, WEIGHTS; fitted by bench/qa_checks.py --fit on the tuning
split only):
- the pair's side is longer than the document's own English/Chinese length ratio says, and less so without it;
- it has more sentences than the other side;
- the rest of its side is closer to the other side without it (leave-one-out gain of the paragraph cosine), its
  best cosine with one sentence of the other side, and that best against its neighbours' (a margin within the pair:
  a pair's cosines go up and down together);
- the tier-2 sentence alignment inside the pair leaves it alone or glues it into a wider link (its gap repair,
  aligner.sentence_gaps, takes orphans out of merged links);
- the dictionary translates little of it into the other side, and less than the rest of its side.
Lengths and cosines are measured against the document's own (its median ratio), so the weights carry over to
texts of other lengths.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import numpy as np

from reader_app.core.aligner import align_sentences
from reader_app.core.aligner.dp import unit_length
from reader_app.core.aligner.lexicon import Lexicon, load_lexicon
from reader_app.core.aligner.sentence_gaps import en_coverage, split_score, suspects, zh_coverage
from reader_app.core.checks.omissions.dictionary import join, pair_sentences
from reader_app.core.checks.pairs import Context, Pair

FEATURES = (
    "loo_gain", "own_best", "best_margin", "pair_excess", "length_gain", "share", "count_excess", "alone", "wide",
    "coverage", "coverage_margin", "log_length", "pair_cosine", "needed", "support", "unique_support",
    "split", "fragment",
)
# Logistic model over FEATURES (then the intercept); see bench/README.md for the fit and its figures.
WEIGHTS = (
    6.217, -6.385, 1.833, -0.07922, 4.791, 6.131, -0.29, 1.449, -0.6945,
    -0.3529, -0.3992, 0.01524, 3.545, -6.823, -0.611, -2.582, 0.5096, -1.278,
)
INTERCEPT = -1.786
# The best sentence of a pair is flagged above this score (the logistic's log odds).
THRESHOLD = -0.5
# A sentence of fewer characters (less whitespace) is not judged: a stray 。 or 嗯 says nothing.
MIN_LENGTH = 2


# log(English characters / Chinese characters), whitespace left out: the median pair of mac-dev's chapters (1.04 to
# 1.42 by chapter), counted as PRIOR_PAIRS pairs beside a document's own.
USUAL_LOG_RATIO = 1.15
PRIOR_PAIRS = 4
# The "split" feature of a sentence the gap repair did not judge: linked alone to a counterpart, or left alone.
NOT_SUSPECT = -4.0
ALONE = 1.0
# Not ‘ ’: English typesetting uses ’ as the apostrophe.
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"))


def _unbalanced(sentence: str) -> bool:
    return any(sentence.count(a) != sentence.count(b) for a, b in _QUOTES) or sentence.count('"') % 2 == 1


@dataclass(frozen=True)
class Candidate:
    """A sentence of a pair that may have no counterpart: the pair's link, its language and index among the
    pair's sentences of that side, its text and its features (FEATURES order)."""

    link: int
    language: str
    index: int
    sentence: str
    features: tuple[float, ...]

    @property
    def score(self) -> float:
        return float(np.dot(WEIGHTS, self.features)) + INTERCEPT


def _log_ratio(zh: str, en: str) -> float:
    return math.log(max(unit_length(en), 1) / max(unit_length(zh), 1))


def support(zh: list[str], en: list[str], lexicon: Lexicon) -> dict[str, list[set]]:
    """Per sentence of each side, what of the other side's words the dictionary ties to it: for a Chinese sentence
    the English terms its words translate to, for an English one the Chinese words whose translations it has."""
    from reader_app.core.aligner.lexicon import english_term_set
    from reader_app.core.aligner.tier1 import zh_words

    words = [set(zh_words(s, lexicon)) for s in zh]
    terms = [english_term_set(s) for s in en]
    all_terms = set().union(*terms)
    senses = {k: set(lexicon.translations_of(k)) for k in set().union(*words)}
    return {"zh": [{t for k in w for t in senses[k]} & all_terms for w in words],
            "en": [{k for w in words for k in w if senses[k] & t} for t in terms]}


def candidates(context: Context, lexicon: Lexicon | None = None) -> list[Candidate]:
    """Every sentence of a side with two sentences or more of every linked pair, with its features. All the texts
    are embedded in one call (cached by the aligner's embedding store)."""
    from reader_app.core.aligner.embeddings import embed

    lexicon = lexicon or load_lexicon()
    pairs = [pair for pair in context.pairs if not pair.is_gap]
    sentences = {pair.link: pair_sentences(context, pair) for pair in pairs}
    ratios = [_log_ratio(pair.zh_text, pair.en_text) for pair in pairs]
    # The document's own ratio, drawn towards the usual one while its pairs are few (a note of one pair has none).
    usual = (len(ratios) * statistics.median(ratios) + PRIOR_PAIRS * USUAL_LOG_RATIO) / (len(ratios) + PRIOR_PAIRS) \
        if ratios else USUAL_LOG_RATIO
    texts: list[str] = []
    plans: list[tuple[Pair, int]] = []
    for pair in pairs:
        zh, en = sentences[pair.link]
        if len(zh) < 2 and len(en) < 2:
            continue
        plans.append((pair, len(texts)))
        texts += [join("zh", zh), join("en", en), *zh, *en]
        texts += [join("zh", zh[:i] + zh[i + 1 :]) for i in range(len(zh))] if len(zh) > 1 else []
        texts += [join("en", en[:j] + en[j + 1 :]) for j in range(len(en))] if len(en) > 1 else []
    if not texts:
        return []
    vectors = embed(texts, cancel=context.cancel)
    out: list[Candidate] = []
    for n, (pair, at) in enumerate(plans):
        if n % 64 == 0:
            context.check_cancelled()
        units = dict(zip(("zh", "en"), sentences[pair.link], strict=True))
        count = {"zh": len(units["zh"]), "en": len(units["en"])}
        whole = {"zh": vectors[at], "en": vectors[at + 1]}
        single = {"zh": vectors[at + 2 : at + 2 + count["zh"]],
                  "en": vectors[at + 2 + count["zh"] : at + 2 + count["zh"] + count["en"]]}
        at += 2 + count["zh"] + count["en"]
        without: dict[str, np.ndarray] = {}
        for language in ("zh", "en"):
            if count[language] > 1:
                without[language] = vectors[at : at + count[language]]
                at += count[language]
        base = float(whole["zh"] @ whole["en"])
        links = align_sentences(units["zh"], units["en"], tier=2, cancel=context.cancel).links
        split = {(suspect.side, suspect.unit): split_score(suspect.features)
                 for suspect in suspects(units["zh"], units["en"], links, lexicon=lexicon)}
        text = {"zh": join("zh", units["zh"]), "en": join("en", units["en"])}
        length = {language: unit_length(text[language]) for language in ("zh", "en")}
        tied = support(units["zh"], units["en"], lexicon)
        for language in without:
            other = "en" if language == "zh" else "zh"
            similar = single[language] @ single[other].T
            offered = set().union(*tied[language])
            sign = 1.0 if language == "en" else -1.0
            excess = sign * (_log_ratio(text["zh"], text["en"]) - usual)
            best = (single[language] @ single[other].T).max(axis=1)
            link_of = {i: link for link in links for i in getattr(link, language)}
            coverage_of = zh_coverage if language == "zh" else en_coverage
            for i, sentence in enumerate(units[language]):
                if unit_length(sentence) < MIN_LENGTH:
                    continue
                shorter = dict(length)
                shorter[language] = max(length[language] - unit_length(sentence), 1)
                after = sign * (math.log(max(shorter["en"], 1) / max(shorter["zh"], 1)) - usual)
                link = link_of.get(i)
                own_width = len(getattr(link, language)) if link else 1
                other_width = len(getattr(link, other)) if link else 0
                rest = join(language, units[language][:i] + units[language][i + 1 :])
                coverage = coverage_of(sentence, text[other], lexicon)
                rest_coverage = coverage_of(rest, text[other], lexicon)
                coverage = 0.5 if coverage is None else coverage
                features = (
                    float(without[language][i] @ whole[other]) - base,
                    float(best[i]),
                    float(best[i]) - statistics.median(float(b) for k, b in enumerate(best) if k != i),
                    excess,
                    abs(excess) - abs(after),
                    unit_length(sentence) / max(length[language], 1),
                    float(count[language] - count[other]),
                    1.0 if other_width == 0 else 0.0,
                    float(own_width > other_width),
                    coverage,
                    coverage - (0.5 if rest_coverage is None else rest_coverage),
                    math.log(unit_length(sentence)),
                    base,
                    # How much the other side's sentences lose when it is gone: an orphan is nobody's best match.
                    float((similar.max(axis=0) - np.delete(similar, i, axis=0).max(axis=0)).max()),
                    len(tied[language][i]) / max(len(offered), 1),
                    len(tied[language][i] - set().union(*(t for k, t in enumerate(tied[language]) if k != i)))
                    / max(len(offered), 1),
                    # The gap repair's own score where it judged the sentence (an end of a merged link), one above
                    # its threshold where it was left alone, a low floor where it is linked on its own.
                    split.get((language, i), NOT_SUSPECT if other_width else ALONE),
                    # A piece of a quotation cut at a question or exclamation inside it: translators join those.
                    float(_unbalanced(sentence)),
                )
                out.append(Candidate(pair.link, language, i, sentence, features))
    return out


def left_out(context: Context, lexicon: Lexicon | None = None) -> dict[int, list[tuple[str, str]]]:
    """Per link, the (language, sentence) of its best candidate when it scores above THRESHOLD: one a pair, as a
    second sentence left out of the same pair is rare and a pair's evidence is shared by its sentences."""
    best: dict[int, Candidate] = {}
    for candidate in candidates(context, lexicon):
        if candidate.score > THRESHOLD and (candidate.link not in best or candidate.score > best[candidate.link].score):
            best[candidate.link] = candidate
    return {link: [(c.language, c.sentence)] for link, c in best.items()}
