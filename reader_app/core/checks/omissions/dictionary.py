"""Tier 1's omitted sentences: left alone by the sentence aligner, and nothing of them in the dictionary."""

from __future__ import annotations

from collections.abc import Sequence

from reader_app.core.aligner import align_sentences, sentence_units
from reader_app.core.aligner.lexicon import Lexicon, english_terms
from reader_app.core.aligner.sentence_gaps import substantial, zh_coverage
from reader_app.core.aligner.tier1 import zh_words
from reader_app.core.checks.pairs import Context, Pair

# The dictionary translates at most this share of a sentence the sentence aligner left alone.
MAX_COVERAGE = 0.0


def pair_sentences(context: Context, pair: Pair) -> tuple[list[str], list[str]]:
    """The sentences of each side of a pair, in reading order."""
    zh = [text for _p, _s, text in sentence_units(context.document, "zh", pair.zh_indices)]
    en = [text for _p, _s, text in sentence_units(context.document, "en", pair.en_indices)]
    return zh, en


def join(language: str, sentences: Sequence[str]) -> str:
    """Sentences of a side as one text, as the tier-2 aligner joins a span's sentences (its cached vectors)."""
    return ("" if language == "zh" else " ").join(sentences)


def left_out_by_dictionary(context: Context, pair: Pair, lexicon: Lexicon) -> list[tuple[str, str]]:
    """(language, sentence) for each sentence the dictionary finds nothing of in the other side and the sentence
    aligner leaves without counterpart. The dictionary first: it is cheap and rarely finds nothing, so the sentence
    aligner (a few ms a pair) runs only on the few pairs it leaves in doubt."""
    zh, en = pair_sentences(context, pair)
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
