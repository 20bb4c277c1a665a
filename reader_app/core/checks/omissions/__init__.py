"""The `omission` check: paragraphs without counterpart, and sentences inside a pair that the other side lacks.

A paragraph without counterpart is the alignment's gap. A sentence inside a pair is harder: literary translators
split, merge and reorder sentences, so "no sentence matches it" says little. With the sentence embeddings (tier 2)
every sentence of a pair is scored from the pair's and its own evidence (evidence.py: length against the
document's ratio, sentence counts, leave-one-out cosine, the sentence alignment inside the pair, the dictionary)
and the best one of a pair is flagged above a threshold set on the tuning split of bench/qa_checks.py. Without
embeddings (tier 1) only what the sentence aligner leaves without counterpart and the dictionary does not
translate at all is flagged (dictionary.py). A flag's message and evidence are the sentence that has no
counterpart: the one the other side seems to be missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader_app.core.aligner.lexicon import load_lexicon
from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.omissions import evidence
from reader_app.core.checks.omissions.dictionary import left_out_by_dictionary
from reader_app.core.checks.pairs import Context
from reader_app.core.text.segment import has_letters

_SIDE_NAMES = {"zh": ("Chinese", "English"), "en": ("English", "Chinese")}


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check(context: Context) -> Iterator[Flag]:
    lexicon = load_lexicon()
    by_embeddings = evidence.left_out(context, lexicon) if context.tier >= 2 else None
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
            paragraph = (text, "") if language == "zh" else ("", text)
            yield pair.flag(Kind.OMISSION, Severity.WARNING, message, *paragraph)
            continue
        if by_embeddings is not None:
            left_out = by_embeddings.get(pair.link, [])
        else:
            left_out = left_out_by_dictionary(context, pair, lexicon)
        # Chinese first, then in reading order.
        left_out = sorted(left_out, key=lambda item: (item[0] != "zh", (pair.zh_text if item[0] == "zh" else
                                                                          pair.en_text).find(item[1])))
        for language, sentence in left_out:
            own, other = _SIDE_NAMES[language]
            message = f"{own} sentence with no {other} counterpart: {_excerpt(sentence)}"
            sentence_evidence = (sentence, "") if language == "zh" else ("", sentence)
            yield pair.flag(Kind.OMISSION, Severity.WARNING, message, *sentence_evidence)
