"""The `omission` check: paragraphs without counterpart, and sentences inside a pair that the other side lacks.

A paragraph without counterpart is the alignment's gap. A sentence inside a pair is harder: literary translators
split, merge and reorder sentences, so "no sentence matches it" says little. With the sentence embeddings (tier 2)
two tests flag a sentence: the tier-2 sentence alignment inside the pair leaves it without counterpart (its gap
repair, aligner.sentence_gaps, takes an orphan out of the 2-1 / 1-2 link it was glued into when the rest of the link
fits the other side better without it), or the rest of its paragraph is closer to the other side without it than
with it (leave-one-out), the pair's length ratio comes back towards the document's own when it is left out, and no
single sentence of the other side is close to it. Without embeddings (tier 1) only what the sentence aligner leaves
without counterpart and the dictionary does not translate at all is flagged. Thresholds from bench/qa_checks.py,
where they were set for precision (about 2 false omission flags per 100 untouched literary pairs); the recall this
buys is modest (see bench/README.md).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence

from reader_app.core.aligner import align_sentences, sentence_units
from reader_app.core.aligner.dp import unit_length
from reader_app.core.aligner.lexicon import Lexicon, english_terms, load_lexicon
from reader_app.core.aligner.sentence_gaps import substantial, zh_coverage
from reader_app.core.aligner.tier1 import zh_words
from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.pairs import Context, Pair
from reader_app.core.text.segment import has_letters

# Tier 2: score = leave-one-out gain in cosine + LENGTH_WEIGHT x gain in |log length ratio - document's| -
# BEST_WEIGHT x best cosine with one sentence of the other side; flagged above THRESHOLD.
LENGTH_WEIGHT = 0.05
BEST_WEIGHT = 0.02
THRESHOLD = 0.095
# Tier 2: the gap repair inside a pair measures length against the document's ratio (not the pair's own links').
DOCUMENT_RATIO = False
# Tier 2: the leave-one-out score flags too, beside what the sentence alignment leaves alone.
LEAVE_ONE_OUT = True
# Tier 1: the dictionary translates at most this share of a sentence the sentence aligner left alone.
MAX_COVERAGE = 0.0

_SIDE_NAMES = {"zh": ("Chinese", "English"), "en": ("English", "Chinese")}


def _sentences(context: Context, pair: Pair) -> tuple[list[str], list[str]]:
    zh = [text for _p, _s, text in sentence_units(context.document, "zh", pair.zh_indices)]
    en = [text for _p, _s, text in sentence_units(context.document, "en", pair.en_indices)]
    return zh, en


def _join(language: str, sentences: Sequence[str]) -> str:
    return ("" if language == "zh" else " ").join(sentences)


def left_out_by_dictionary(context: Context, pair: Pair, lexicon: Lexicon) -> list[tuple[str, str]]:
    """Tier 1: (language, sentence) for each sentence the dictionary finds nothing of in the other side and the
    sentence aligner leaves without counterpart. The dictionary first: it is cheap and rarely finds nothing, so
    the sentence aligner (a few ms a pair) runs only on the few pairs it leaves in doubt."""
    zh, en = _sentences(context, pair)
    if len(zh) + len(en) <= 2:
        return []
    offered: set[str] | None = None
    doubtful: set[tuple[str, int]] = set()
    for language, units in (("zh", zh), ("en", en)):
        for i, sentence in enumerate(units):
            if not substantial(language, sentence):
                continue
            if language == "zh":
                coverage = zh_coverage(sentence, pair.en_text, lexicon)
            else:
                if offered is None:
                    offered = {t for k in zh_words(pair.zh_text, lexicon) for t in lexicon.translations_of(k)}
                terms = english_terms(sentence)
                coverage = sum(1 for t in terms if t in offered) / len(terms) if terms else None
            if coverage is not None and coverage <= MAX_COVERAGE:
                doubtful.add((language, i))
    if not doubtful:
        return []
    out: list[tuple[str, str]] = []
    for link in align_sentences(zh, en, tier=1).links:
        if link.zh and link.en:
            continue
        language = "zh" if link.zh else "en"
        for i in link.zh or link.en:
            if (language, i) in doubtful:
                out.append((language, zh[i] if language == "zh" else en[i]))
    return out


def left_out_by_embeddings(context: Context) -> dict[int, list[tuple[str, str]]]:
    """Tier 2: per link, (language, sentence) for each sentence scored as left out (module docstring). All the
    texts of the document are embedded in one call (cached by the aligner's embedding store)."""
    import numpy as np

    from reader_app.core.aligner.embeddings import embed

    pairs = [pair for pair in context.pairs if not pair.is_gap]
    sentences = {pair.link: _sentences(context, pair) for pair in pairs}
    ratios = [math.log(max(len(p.en_text), 1) / max(len(p.zh_text), 1)) for p in pairs]
    usual = statistics.median(ratios) if ratios else 0.0
    texts: list[str] = []
    plans: list[tuple[Pair, int]] = []
    for pair in pairs:
        zh, en = sentences[pair.link]
        if len(zh) < 2 and len(en) < 2:
            continue
        plans.append((pair, len(texts)))
        texts += [_join("zh", zh), _join("en", en), *zh, *en]
        texts += [_join("zh", zh[:i] + zh[i + 1 :]) for i in range(len(zh))] if len(zh) > 1 else []
        texts += [_join("en", en[:j] + en[j + 1 :]) for j in range(len(en))] if len(en) > 1 else []
    if not texts:
        return {}
    vectors = embed(texts, cancel=context.cancel)
    out: dict[int, list[tuple[str, str]]] = {}
    for pair, at in plans:
        zh, en = sentences[pair.link]
        nz, ne = len(zh), len(en)
        whole = {"zh": vectors[at], "en": vectors[at + 1]}
        single = {"zh": vectors[at + 2 : at + 2 + nz], "en": vectors[at + 2 + nz : at + 2 + nz + ne]}
        at += 2 + nz + ne
        without: dict[str, np.ndarray] = {}
        for language, n in (("zh", nz), ("en", ne)):
            if n > 1:
                without[language] = vectors[at : at + n]
                at += n
        base = float(whole["zh"] @ whole["en"])
        length = {"zh": len(_join("zh", zh)), "en": len(_join("en", en))}
        found: list[tuple[str, str]] = []
        for language, units in (("zh", zh), ("en", en)):
            if language not in without:
                continue
            other = "en" if language == "zh" else "zh"
            for i, sentence in enumerate(units):
                if not substantial(language, sentence):
                    continue
                gain = float(without[language][i] @ whole[other]) - base
                shorter = dict(length)
                shorter[language] = max(length[language] - len(sentence), 1)
                before = abs(math.log(max(length["en"], 1) / max(length["zh"], 1)) - usual)
                after = abs(math.log(shorter["en"] / shorter["zh"]) - usual)
                best = float((single[other] @ single[language][i]).max())
                if gain + LENGTH_WEIGHT * (before - after) - BEST_WEIGHT * best > THRESHOLD:
                    found.append((language, sentence))
        if found:
            order = {s: k for k, s in enumerate(zh + en)}
            out[pair.link] = sorted(found, key=lambda item: (item[0] != "zh", order[item[1]]))
    return out


def document_log_ratio(context: Context) -> float:
    """The document's log length ratio (English over Chinese characters): the median over its 1-1 pairs."""
    ratios = [math.log(max(unit_length(p.en_text), 1) / max(unit_length(p.zh_text), 1))
              for p in context.pairs if len(p.zh) == 1 and len(p.en) == 1]
    return statistics.median(ratios) if ratios else 0.0


def left_out_by_sentence_alignment(context: Context) -> dict[int, list[tuple[str, str]]]:
    """Tier 2: per link, (language, sentence) for each sentence the tier-2 sentence alignment inside the pair
    leaves without counterpart: the sentences its gap repair (aligner.sentence_gaps) takes out of merged links,
    and the rare ones the DP leaves alone."""
    out: dict[int, list[tuple[str, str]]] = {}
    ratio = document_log_ratio(context) if DOCUMENT_RATIO else None
    for n, pair in enumerate(context.pairs):
        if n % 64 == 0:
            context.check_cancelled()
        if pair.is_gap:
            continue
        zh, en = _sentences(context, pair)
        if len(zh) < 2 and len(en) < 2:
            continue
        found = [
            (language, sentence)
            for link in align_sentences(zh, en, tier=2, cancel=context.cancel, log_ratio=ratio).links
            if link.is_gap
            for language, units in (("zh", zh) if link.zh else ("en", en),)
            for sentence in (units[i] for i in link.zh or link.en)
            if substantial(language, sentence)
        ]
        if found:
            out[pair.link] = found
    return out


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check(context: Context) -> Iterator[Flag]:
    lexicon = load_lexicon()
    by_embeddings = None
    if context.tier >= 2:
        by_embeddings = left_out_by_sentence_alignment(context)
        if LEAVE_ONE_OUT:
            for link, found in left_out_by_embeddings(context).items():
                known = by_embeddings.setdefault(link, [])
                known += [item for item in found if item not in known]
    for n, pair in enumerate(context.pairs):
        if n % 256 == 0:
            context.check_cancelled()
        if pair.is_gap:
            language = "zh" if pair.zh else "en"
            text = pair.zh_text or pair.en_text
            if not has_letters(text):
                continue  # a rule or a page number has nothing to translate
            own, other = _SIDE_NAMES[language]
            message = f"{own} paragraph with no {other} counterpart: {_excerpt(text)}"
            evidence = (text, "") if language == "zh" else ("", text)
            yield pair.flag(Kind.OMISSION, Severity.WARNING, message, *evidence)
            continue
        if by_embeddings is not None:
            left_out = by_embeddings.get(pair.link, [])
        else:
            left_out = left_out_by_dictionary(context, pair, lexicon)
        # Chinese first, then in reading order, whichever test found them.
        left_out = sorted(left_out, key=lambda item: (item[0] != "zh", (pair.zh_text if item[0] == "zh" else
                                                                          pair.en_text).find(item[1])))
        for language, sentence in left_out:
            own, other = _SIDE_NAMES[language]
            message = f"{own} sentence with no {other} counterpart: {_excerpt(sentence)}"
            evidence = (sentence, "") if language == "zh" else ("", sentence)
            yield pair.flag(Kind.OMISSION, Severity.WARNING, message, *evidence)
