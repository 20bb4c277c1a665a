"""The `untranslated` check: Chinese characters left in the English, or a pair whose two sides are the same text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.pairs import Context
from reader_app.core.model import normalise_for_fingerprint
from reader_app.core.text.scripts import HAN

_HAN_RUN_RE = re.compile(f"[{HAN}]+")
# A gloss: Han characters in brackets right after a word ("qi (气)", "the Tao [道]"), which translators add on
# purpose; a Han run left in running English text is what a translator forgot.
_GLOSS_RE = re.compile(rf"[(（\[]\s*[{HAN}][{HAN}\s,，、;；]*[)）\]]")
# Same text on both sides counts when it says something: a shared heading "COP29" or a date does not.
MIN_IDENTICAL_CHARACTERS = 20


def han_left_in(english: str) -> list[str]:
    """The runs of Han characters in an English text, outside bracketed glosses, each once, in order."""
    runs: list[str] = []
    for run in _HAN_RUN_RE.findall(_GLOSS_RE.sub(" ", english)):
        if run not in runs:
            runs.append(run)
    return runs


def check(context: Context) -> Iterator[Flag]:
    for pair in context.pairs:
        if not pair.en:
            continue
        runs = han_left_in(pair.en_text)
        if runs:
            shown = ", ".join(runs)
            yield pair.flag(Kind.UNTRANSLATED, Severity.ERROR, f"Chinese left in the English: {shown}", "", shown)
        if pair.zh:
            zh = normalise_for_fingerprint(pair.zh_text)
            if zh == normalise_for_fingerprint(pair.en_text) and len(zh) >= MIN_IDENTICAL_CHARACTERS:
                yield pair.flag(
                    Kind.UNTRANSLATED, Severity.WARNING, "The same text on both sides", pair.zh_text, pair.en_text
                )
