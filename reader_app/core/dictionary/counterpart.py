"""Where a word went in the translation: the words of the counterpart paragraph that the aligner's own evidence
(CC-CEDICT's English stems, transcribed names) ties to it. No evidence, no highlight: nothing here guesses."""

from __future__ import annotations

import re

from reader_app.core.aligner.lexicon import MAX_WORD_LENGTH, Lexicon, stem, stop_words
from reader_app.core.text.scripts import is_han

_ENGLISH_WORD_RE = re.compile(r"[A-Za-z]+")
_LONGEST_NAME = 3  # syllables / characters of a transcribed name, as the aligner's NameFinder takes them
Span = tuple[int, int]


def _reading(word: str, lexicon: Lexicon) -> str:
    """The toneless pinyin of a word of Han characters ("" when a character has none)."""
    parts = [lexicon.readings.get(ch, "") for ch in word]
    return "".join(parts) if all(parts) else ""


def english_spans(word: str, english: str, lexicon: Lexicon) -> list[Span]:
    """The words of `english` that translate the Chinese `word`: those whose stem is one of the word's dictionary
    translations, and the run of 1-3 capitalised words spelling its pinyin (清扬 -> Qingyang, 陈清扬 -> Chen
    Qingyang) or its surname reading (陈 -> Chen)."""
    terms = set(lexicon.translations(word))
    surnames = {t[1:] for t in terms if t.startswith("@")}
    reading = _reading(word, lexicon) if 2 <= len(word) <= _LONGEST_NAME else ""
    stops = stop_words()
    tokens = list(_ENGLISH_WORD_RE.finditer(english))
    spans: list[Span] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        low = token.group().lower()
        if token.group()[0].isupper():
            run = ""
            matched = 0
            for n in range(k, min(len(tokens), k + _LONGEST_NAME)):
                if not tokens[n].group()[0].isupper() or (n > k and english[tokens[n - 1].end() : tokens[n].start()]
                                                          not in (" ", "-")):
                    break
                run += tokens[n].group().lower()
                if reading and run == reading:
                    matched = n - k + 1
            if matched:
                spans.append((token.start(), tokens[k + matched - 1].end()))
                k += matched
                continue
            if low in surnames:
                spans.append((token.start(), token.end()))
                k += 1
                continue
        if low not in stops and len(low) > 1 and stem(low) in terms:
            spans.append((token.start(), token.end()))
        k += 1
    if not terms and len(word) > 2:
        # A word longer than the aligner's (聯合國氣候變化框架公約): the evidence of its longest lexicon words too.
        parts = {span for part in _lexicon_parts(word, lexicon) for span in english_spans(part, english, lexicon)}
        spans = sorted(parts | set(spans))
    return spans


def _lexicon_parts(word: str, lexicon: Lexicon) -> list[str]:
    """`word` cut into the aligner's dictionary words of 2+ characters, longest first from the left (characters
    that begin none are skipped: alone they would be weak evidence)."""
    parts: list[str] = []
    k = 0
    while k < len(word):
        for length in range(min(MAX_WORD_LENGTH, len(word) - k), 1, -1):
            if word[k : k + length] in lexicon.word_index:
                parts.append(word[k : k + length])
                k += length
                break
        else:
            k += 1
    return parts


def chinese_spans(word: str, chinese: str, lexicon: Lexicon) -> list[Span]:
    """The words of `chinese` that the English `word` translates: at each position the longest dictionary word
    (up to the aligner's longest) with the word's stem among its translations, and the 2-3 characters whose
    pinyin spells a capitalised word (Qingyang -> 清扬), or the surname it reads (Chen -> 陈). A character counts
    alone only where no longer word covers it, as in the aligner (年代 is "decade", not also 代 "to act")."""
    low = word.lower()
    if not _ENGLISH_WORD_RE.fullmatch(word) or low in stop_words() or len(low) < 2:
        return []
    wanted = stem(low)
    name = word[0].isupper()
    index = lexicon.word_index
    covered = {n for k in range(len(chinese)) for length in range(2, MAX_WORD_LENGTH + 1)
               if chinese[k : k + length] in index for n in range(k, k + length)}
    spans: list[Span] = []
    k = 0
    while k < len(chinese):
        if not is_han(chinese[k]):
            k += 1
            continue
        found = 0
        for length in range(min(MAX_WORD_LENGTH, len(chinese) - k), 0, -1):
            piece = chinese[k : k + length]
            if not all(map(is_han, piece)):
                continue
            if piece in index and (length > 1 or k not in covered):
                terms = lexicon.translations(piece)
                if wanted in terms or (name and length == 1 and "@" + low in terms):
                    found = length
                    break
            if name and 2 <= length <= _LONGEST_NAME and _reading(piece, lexicon) == low:
                found = length
                break
        if found:
            spans.append((k, k + found))
            k += found
        else:
            k += 1
    return spans
