"""Words of a Chinese text by longest dictionary match (as Zhongwen finds them under the pointer)."""

from __future__ import annotations

from dataclasses import dataclass

from reader_app.core.dictionary.entries import Dictionary
from reader_app.core.text import cedict
from reader_app.core.text.scripts import is_han


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text, [start, end), with its dictionary entries ([] for a Han character the dictionary lacks)."""

    text: str
    start: int
    end: int
    entries: tuple[cedict.Entry, ...]


@dataclass(frozen=True, slots=True)
class Lookup:
    """What the reader sees for a point of a text: the longest word there, and the shorter words inside it."""

    word: Word
    inside: tuple[Word, ...]


def word_at(text: str, start: int, dictionary: Dictionary) -> Word | None:
    """The longest dictionary word beginning at `start`; a Han character the dictionary lacks is a word alone;
    None where `text` has no Han character at `start`."""
    # Only from a Han character: CC-CEDICT also has headwords such as P, AA制 and USB, but the reader looks Chinese up.
    if not (0 <= start < len(text) and is_han(text[start])):
        return None
    found = dictionary.longest_at(text, start) or text[start]
    return Word(found, start, start + len(found), tuple(dictionary.entries(found)))


def segment(text: str, dictionary: Dictionary) -> list[Word]:
    """The words of `text` from left to right, each the longest dictionary word where the one before ended;
    text that is neither Han nor a dictionary word (punctuation, Latin, numbers) is skipped."""
    words: list[Word] = []
    k = 0
    while k < len(text):
        word = word_at(text, k, dictionary)
        if word is None:
            k += 1
            continue
        words.append(word)
        k = word.end
    return words


def look_up(text: str, position: int, dictionary: Dictionary) -> Lookup | None:
    """The longest word beginning at `position`, with every shorter dictionary word inside it (by position, longest
    first); None where there is no Chinese word."""
    word = word_at(text, position, dictionary)
    if word is None:
        return None
    inside: list[Word] = []
    for start in range(word.start, word.end):
        for end in range(word.end, start, -1):
            piece = text[start:end]
            if end - start < len(word.text) and piece in dictionary:
                inside.append(Word(piece, start, end, tuple(dictionary.entries(piece))))
    return Lookup(word, tuple(inside))


def next_word(text: str, position: int, dictionary: Dictionary) -> Word | None:
    """The first word after the one at `position` (arrow key right): the longest match from its end on."""
    here = word_at(text, position, dictionary)
    k = here.end if here is not None else position + 1
    while k < len(text):
        word = word_at(text, k, dictionary)
        if word is not None:
            return word
        k += 1
    return None


def previous_word(text: str, position: int, dictionary: Dictionary) -> Word | None:
    """The word before `position` (arrow key left), as segment() cuts the text up to there."""
    words = segment(text[:position], dictionary)
    if not words:
        return None
    last = words[-1]
    # Cut at `position`, the last word may be shorter than the text has it: look it up where it starts.
    return word_at(text, last.start, dictionary)
