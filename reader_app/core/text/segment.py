"""Paragraph and sentence segmentation of plain text, and the language of a piece of text by its script.

Paragraph rules (plain text; Markdown, HTML, EPUB, DOCX, SRT and TMX bring their own paragraphs):

1. A blank line (spaces, tabs, NBSP and ideographic spaces count as blank) ends a block.
2. Inside a block, a change of language between lines ends a paragraph: Chinese line / English line pairs
   become separate paragraphs (lines with no letters, such as a date, stay with the line before them).
3. List items (``-``, ``*``, ``•``, ``1.``, ``1)``, ``(1)``, ``一、``, ``（一）`` at the start of a line) are one
   paragraph each, kind LIST_ITEM; a line that follows without a marker continues the item. A Chinese section
   number (``一、``, ``（一）``) on a line of its own that looks like a heading (rule 8) is not a list item.
4. A block whose lines are mostly ``label: value`` lines (``來源:``, ``Source:``, at most 12 characters before the
   colon) and none longer than 100 columns is ONE paragraph of kind METADATA whose lines stay lines.
5. A block of lines filled to about the same width (all but the last at least 3/4 of the widest, the widest at
   least 40 columns, Han characters counting two) that mostly do not end a sentence is one hard-wrapped
   paragraph: its lines are joined (with a space in English, without one between Han characters).
6. A block whose lines mostly end a sentence (。！？.!?…, optionally followed by closing quotes) and average at
   least 40 columns is one paragraph per line (files that put each paragraph on its own line).
7. Any other block of several lines (an address, a verse, short separate lines) stays one paragraph whose lines
   stay lines.
8. A one-line paragraph of at most 120 columns that does not end in punctuation (sentence end, comma, colon,
   semicolon) is a HEADING when it is the first of its language or is followed by another paragraph.

Sentence rules:

- Chinese: a sentence ends after 。！？!? or an ellipsis (…… or ...), together with any closing quotes and
  brackets that follow (」』”’）》); a line break inside a paragraph also ends a sentence.
- English: a sentence ends after . ! ? (and closing quotes/brackets) followed by whitespace and then an
  upper-case letter, a digit or an opening quote. A full stop does not end a sentence after a known
  abbreviation (Mr., Dr., St., No., Jan., e.g., ...), after a single capital initial (John F. Kennedy), or after
  a dotted acronym (U.S., D.C.) unless the next word is a typical sentence opener (The, This, It, ...).
  Numbers such as 1.5 never split because no space follows the dot.

Language: a text's Han share counts each Han character once and each Latin word (a run of letters or digits)
as 1.5 characters, the average length of a Chinese word; >= 0.5 is Chinese. So "COP29", "NDCs" and "MRV"
inside Chinese weigh little, a Chinese name inside English too, and an evenly mixed text goes by majority.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader_app.core.model import Language, ParagraphKind, Sentence
from reader_app.core.text.scripts import HAN, HAN_CHARACTER

_LATIN_WORD = re.compile(
    rf"[^\W\d_{HAN}](?:[^\W_{HAN}])*"
)
_BLANK = re.compile(r"^[\s\u00a0\u3000\ufeff\u200b]*$")

CLOSERS = "\"'”’」』）)》〉】]"
_SENTENCE_END = re.compile(rf"(?:[。！？!?]+|……|\.\.\.|…|\.)[{re.escape(CLOSERS)}]*$")
_ENDS_IN_PUNCTUATION = re.compile(rf"[。！？!?…\.,，;；:：、][{re.escape(CLOSERS)}]*$")
_LIST_MARKER = re.compile(
    r"^\s*(?:[-*•·▪◦●]\s+|\d{1,3}[.)、]\s*|[(（]\d{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
)
_SECTION_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
_LABEL = re.compile(rf"^\s*(?:[{HAN}]{{1,6}}|[A-Za-z][A-Za-z .'-]{{0,11}})\s*[:：]")


def han_share(text: str) -> float:
    """Share of Han script in `text` (0.0 when it has no letters); see the module docstring."""
    han = len(HAN_CHARACTER.findall(text))
    words = len(_LATIN_WORD.findall(text))
    total = han + 1.5 * words
    return han / total if total else 0.0


def has_letters(text: str) -> bool:
    return bool(HAN_CHARACTER.search(text) or _LATIN_WORD.search(text))


def language_of(text: str) -> Language:
    return Language.ZH if han_share(text) >= 0.5 else Language.EN


def mostly_labels(lines: list[str]) -> bool:
    """At least half of `lines` are ``label: value`` lines (rule 4; HTML and kept-line pieces use it too)."""
    return sum(bool(_LABEL.match(line)) for line in lines) * 2 >= len(lines)


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def width(text: str) -> int:
    """Display columns: wide (East Asian) characters count two."""
    stripped = text.strip()
    return len(stripped) + len(_WIDE.findall(stripped))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph found in plain text: its lines as in the file and where they are (1-based)."""

    lines: tuple[str, ...]
    first_line: int
    kind: ParagraphKind = ParagraphKind.PARAGRAPH
    keep_lines: bool = False  # show the lines as lines (metadata, verse) instead of joining them

    @property
    def original(self) -> str:
        return "\n".join(self.lines)

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1


def _line_runs(text: str) -> list[list[tuple[int, str]]]:
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _BLANK.match(line):
            if current:
                runs.append(current)
                current = []
        else:
            current.append((number, line))
    if current:
        runs.append(current)
    return runs


def _split_by_language(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    if len(lines) == 1:  # most blocks: nothing to split, and no need to measure the script
        return [lines]
    groups: list[list[tuple[int, str]]] = []
    previous: Language | None = None
    for item in lines:
        lang = language_of(item[1]) if has_letters(item[1]) else previous
        if groups and lang == previous:
            groups[-1].append(item)
        else:
            groups.append([item])
        previous = lang
    return groups


def _blocks_of(lines: list[tuple[int, str]]) -> list[Block]:
    texts = [line for _, line in lines]
    first = lines[0][0]
    if len(lines) == 1:
        line = texts[0]
        # 一、 and （一） standing alone without final punctuation number sections, not list items (rule 3).
        listed = _LIST_MARKER.match(line) and not (_SECTION_NUMBER.match(line) and looks_like_heading(line))
        return [Block((line,), first, ParagraphKind.LIST_ITEM if listed else ParagraphKind.PARAGRAPH)]
    if any(_LIST_MARKER.match(t) for t in texts):
        return _list_blocks(lines)
    widths = [width(t) for t in texts]
    endings = [ends_sentence(t) for t in texts]
    if mostly_labels(texts) and max(widths) <= 100:
        return [Block(tuple(texts), first, ParagraphKind.METADATA, keep_lines=True)]
    body = widths[:-1]
    filled = max(widths) >= 40 and min(body) * 4 >= max(widths) * 3
    if filled and sum(endings[:-1]) * 2 < len(body):
        return [Block(tuple(texts), first)]
    if sum(endings) * 2 >= len(texts) and sum(widths) / len(widths) >= 40:
        return [Block((t,), n) for n, t in lines]
    return [Block(tuple(texts), first, keep_lines=True)]


def _list_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    blocks: list[list[tuple[int, str]]] = []
    for number, line in lines:
        if _LIST_MARKER.match(line) or not blocks:
            blocks.append([(number, line)])
        else:
            blocks[-1].append((number, line))
    return [
        Block(
            tuple(t for _, t in group),
            group[0][0],
            ParagraphKind.LIST_ITEM if _LIST_MARKER.match(group[0][1]) else ParagraphKind.PARAGRAPH,
        )
        for group in blocks
    ]


def looks_like_heading(text: str) -> bool:
    """Short, one line, not ending in punctuation."""
    stripped = text.strip()
    if len(stripped) > 120:  # wider than 120 columns whatever its script: skip measuring long paragraphs
        return False
    # The ending first: most paragraphs end in punctuation, and measuring the width lists every wide character.
    return (
        bool(stripped) and "\n" not in stripped and not _ENDS_IN_PUNCTUATION.search(stripped) and width(stripped) <= 120
    )


def plain_text_blocks(text: str) -> list[Block]:
    """Paragraphs of plain text by the rules in the module docstring (headings are marked by the caller,
    which knows the language sides)."""
    blocks: list[Block] = []
    for run in _line_runs(text):
        for group in _split_by_language(run):
            blocks.extend(_blocks_of(group))
    return blocks


# -- sentences -----------------------------------------------------------------------------------------------

_ZH_BOUNDARY = re.compile(rf"(?:[。！？!?]+|……|…|\.\.\.)[{re.escape(CLOSERS)}]*|\n")
_EN_CANDIDATE = re.compile(rf"[.!?]+[{re.escape(CLOSERS)}]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "capt",
        "sgt",
        "rev",
        "hon",
        "pres",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "p",
        "pp",
        "ch",
        "sec",
        "art",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "est",
        "approx",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "al",
        "ave",
        "blvd",
        "mt",
        "ft",
    ]
)
SENTENCE_OPENERS = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "They",
        "It",
        "He",
        "She",
        "We",
        "I",
        "In",
        "On",
        "At",
        "But",
        "And",
        "Also",
        "However",
        "Both",
        "A",
        "An",
    ]
)


_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)")


def _zh_ends(text: str) -> list[int]:
    return [match.end() for match in _ZH_BOUNDARY.finditer(text)]


def _en_breaks_here(text: str, dot: int, end: int) -> bool:
    if text[dot] != ".":
        return True
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“‘":
        word_start -= 1
    word = text[word_start:dot]
    if word.lower() in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: John F. Kennedy
        return False
    if _DOTTED_ACRONYM.fullmatch(word):  # U.S, D.C, e.g -> a dotted acronym
        following = _NEXT_WORD.match(text, end)
        return bool(following and following.group(1) in SENTENCE_OPENERS)
    return True


def _en_ends(text: str) -> list[int]:
    return [m.end() for m in _EN_CANDIDATE.finditer(text) if _en_breaks_here(text, m.start(), m.end())]


def sentences(text: str, language: Language) -> tuple[Sentence, ...]:
    """Sentences of a paragraph's display text as character ranges, leading/trailing spaces excluded."""
    ends = _zh_ends(text) if language is Language.ZH else _en_ends(text)
    ends.append(len(text))
    out = []
    start = 0
    for end in ends:
        # str.strip() drops what str.isspace() calls space: the characters the range leaves out.
        piece = text[start:end]
        body = piece.strip()
        if body:
            first = start + len(piece) - len(piece.lstrip())
            out.append(Sentence(body, first, first + len(body)))
        start = end
    return tuple(out)
