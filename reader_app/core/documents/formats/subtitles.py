"""SRT subtitles: each cue's Chinese lines and English lines become paragraphs, linked when a cue has both."""

from __future__ import annotations

import re

from reader_app.core.documents.formats import Extracted, FormatError, Piece
from reader_app.core.model import Language
from reader_app.core.text.segment import has_letters, language_of

_TIMING = re.compile(r"^\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}")
_TAGS = re.compile(r"<[^<>]{0,200}>|\{\\[^{}]{0,200}\}")  # <i>, <font ...>, {\an8}


def read_srt(text: str) -> Extracted:
    lines = text.splitlines()
    cues: list[tuple[int, list[tuple[int, str]]]] = []
    for number, line in enumerate(lines, start=1):
        if _TIMING.match(line):
            cues.append((number, []))
            if len(cues) > 1 and cues[-2][1] and cues[-2][1][-1][1].strip().isdigit():
                cues[-2][1].pop()  # the next cue's index number
        elif cues and line.strip():
            cues[-1][1].append((number, _TAGS.sub("", line).strip()))
    if not cues:
        raise FormatError("is not an SRT subtitle file (no cue timings such as 00:00:01,000 --> 00:00:02,000)")
    pieces: list[Piece] = []
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for _, cue_lines in cues:
        by_language: dict[Language, list[tuple[int, str]]] = {Language.ZH: [], Language.EN: []}
        previous = Language.ZH
        for number, line in cue_lines:
            if not line:
                continue
            previous = language_of(line) if has_letters(line) else previous
            by_language[previous].append((number, line))
        indices: dict[Language, tuple[int, ...]] = {}
        for language, found in by_language.items():
            if not found:
                indices[language] = ()
                continue
            joined = "\n".join(t for _, t in found)
            # Subtitle lines are wrapped for the screen: shown as one line.
            pieces.append(
                Piece(joined, joined, first=found[0][0], last=found[-1][0], language=language, structured=True)
            )
            indices[language] = (len(pieces) - 1,)
        if indices[Language.ZH] or indices[Language.EN]:
            links.append((indices[Language.ZH], indices[Language.EN]))
    bilingual = any(zh and en for zh, en in links)
    return Extracted(pieces, links=links if bilingual else None)
