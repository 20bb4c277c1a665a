"""The `punctuation` check (advisory): brackets and quotes opened and not closed on one side, and a question
asked on one side only."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.pairs import Context

# Opening and closing marks whose counts should agree within a paragraph. English straight quotes are left out:
# the same mark opens and closes, and apostrophes look like them.
PAIRS = (("《", "》"), ("「", "」"), ("『", "』"), ("“", "”"), ("(", ")"), ("（", "）"), ("[", "]"), ("【", "】"))
QUOTES = "“”「」『』"
QUESTION_MARKS = ("?", "？")
# A list marker closes what was never opened, on purpose: 1) / a) / 一）.
_LIST_MARKER_RE = re.compile(r"^\s*(?:\w{1,3})[)）]")


def unpaired(text: str) -> list[str]:
    """The marks of PAIRS whose opening and closing counts differ in `text`, as "《" or "》"."""
    out: list[str] = []
    for opening, closing in PAIRS:
        opened, closed = text.count(opening), text.count(closing)
        if opened != closed:
            out.append(opening if opened > closed else closing)
    return out


def _asks(text: str) -> bool:
    return any(mark in text for mark in QUESTION_MARKS)


def _unpaired_in(text: str) -> list[str]:
    if _LIST_MARKER_RE.match(text):
        text = _LIST_MARKER_RE.sub("", text, count=1)
    return unpaired(text)


def check(context: Context) -> Iterator[Flag]:
    for pair in context.pairs:
        for paragraphs, name, other in ((pair.zh, "Chinese", pair.en), (pair.en, "English", pair.zh)):
            # A quotation running over several paragraphs leaves its quotes open in each, on both sides: a quote
            # mark counts only when the other side's are all paired.
            others_open = any(m in QUOTES for p in other for m in _unpaired_in(p.text))
            for paragraph in paragraphs:
                marks = [m for m in _unpaired_in(paragraph.text) if not (others_open and m in QUOTES)]
                if marks:
                    shown = " ".join(marks)
                    evidence = (shown, "") if name == "Chinese" else ("", shown)
                    yield pair.flag(Kind.PUNCTUATION, Severity.ADVISORY, f"Unpaired {shown} in the {name}", *evidence)
        if pair.is_gap:
            continue
        zh_asks, en_asks = _asks(pair.zh_text), _asks(pair.en_text)
        if zh_asks != en_asks:
            side = "Chinese" if zh_asks else "English"
            yield pair.flag(Kind.PUNCTUATION, Severity.ADVISORY, f"A question in the {side} only", "", "")
