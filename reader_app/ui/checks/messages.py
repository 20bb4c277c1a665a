"""A flag's one-line message in the interface language, rebuilt from its kind, severity, sides and evidence.

The core writes each flag's `message` in English (the command line prints it as it is). The panel and the panes'
tooltips show this module's instead: one template per form of the core's message, translated in the context
"CheckMessages". What the evidence does not carry (a number's value, a name's pinyin, the length figures, the side
of a one-sided question) is read from the core's message, whose forms (reader_app/core/checks/*.py) the patterns
below follow; a message in no known form is shown as it is, in English. In English every template gives back the
core's message character for character (tests/gui/test_checks_i18n.py holds them to it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from reader_app.core.checks import Flag, Kind, Severity
from reader_app.ui.i18n import language_in_use

EXCERPT_CHARS = 60  # of an omitted paragraph or sentence in its message (the core's omissions._excerpt)
# Messages said already, per interface language: the panes' marks ask for every flag's after each filter change
# or Ignore: 0.1-0.2 s for 10,000 flags rebuilt, 0.02-0.04 s looked up. Forgotten past this many.
SAID_LIMIT = 50_000
_said: dict[tuple[str, str, str], str] = {}

_NUMBERS_BOTH_RE = re.compile(r"Numbers differ: Chinese (?P<zh>.+); English (?P<en>.+)", re.DOTALL)
_NUMBERS_ONE_RE = re.compile(r"Numbers differ: (?P<side>Chinese|English) (?P<numbers>.+) not in the other side",
                             re.DOTALL)
_LENGTH_RE = re.compile(r"The (?P<side>Chinese|English) is (?P<factor>[\d.]+)x longer than usual in this document "
                        r"\((?P<ratio>[\d.]+) English characters per Chinese one, usually (?P<usual>[\d.]+)\)")
_QUESTION_RE = re.compile(r"A question in the (?P<side>Chinese|English) only")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckMessages", text)


def clip(text: str, limit: int) -> str:
    """`text` on one line (runs of white space as one space), cut to `limit` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _numbers(flag: Flag) -> str | None:
    # The values beside the numbers ("3.5万 (35000)") are only in the core's message.
    if flag.zh_evidence and flag.en_evidence:
        if (both := _NUMBERS_BOTH_RE.fullmatch(flag.message)) is None:
            return None
        return _tr("Numbers differ: Chinese {0}; English {1}").format(both["zh"], both["en"])
    if (one := _NUMBERS_ONE_RE.fullmatch(flag.message)) is None or (one["side"] == "Chinese") != bool(flag.zh_evidence):
        return None
    if flag.zh_evidence:
        return _tr("Numbers differ: Chinese {0} not in the other side").format(one["numbers"])
    return _tr("Numbers differ: English {0} not in the other side").format(one["numbers"])


def _name(flag: Flag) -> str | None:
    if flag.severity is Severity.ERROR:
        if flag.zh_evidence:
            return _tr("{0} in the Chinese, not in the English").format(flag.zh_evidence)
        return _tr("{0} in the English, not in the Chinese").format(flag.en_evidence)
    # A name mixed up: the characters and the names the English has instead are the evidence; the name the
    # characters spell elsewhere in the document only the message says.
    mixed_up = re.fullmatch(rf"{re.escape(flag.zh_evidence)} \((?P<name>.+) elsewhere\) in the Chinese; "
                            rf"the English has {re.escape(flag.en_evidence)} instead", flag.message, re.DOTALL)
    if mixed_up is None:
        return None
    return _tr("{0} ({1} elsewhere) in the Chinese; the English has {2} instead").format(
        flag.zh_evidence, mixed_up["name"], flag.en_evidence)


def _omission(flag: Flag) -> str | None:
    paragraph = not flag.zh or not flag.en  # a paragraph without counterpart, else a sentence inside a pair
    if flag.zh_evidence:
        excerpt = clip(flag.zh_evidence, EXCERPT_CHARS)
        if paragraph:
            return _tr("Chinese paragraph with no English counterpart: {0}").format(excerpt)
        return _tr("Chinese sentence with no English counterpart: {0}").format(excerpt)
    excerpt = clip(flag.en_evidence, EXCERPT_CHARS)
    if paragraph:
        return _tr("English paragraph with no Chinese counterpart: {0}").format(excerpt)
    return _tr("English sentence with no Chinese counterpart: {0}").format(excerpt)


def _untranslated(flag: Flag) -> str | None:
    if flag.severity is Severity.ERROR:
        return _tr("Chinese left in the English: {0}").format(flag.en_evidence)
    return _tr("The same text on both sides")


def _length(flag: Flag) -> str | None:
    # No evidence: the figures are the document's, only in the message.
    if (found := _LENGTH_RE.fullmatch(flag.message)) is None:
        return None
    figures = found["factor"], found["ratio"], found["usual"]
    if found["side"] == "Chinese":
        return _tr("The Chinese is {0}x longer than usual in this document "
                   "({1} English characters per Chinese one, usually {2})").format(*figures)
    return _tr("The English is {0}x longer than usual in this document "
               "({1} English characters per Chinese one, usually {2})").format(*figures)


def _punctuation(flag: Flag) -> str | None:
    if flag.zh_evidence:
        return _tr("Unpaired {0} in the Chinese").format(flag.zh_evidence)
    if flag.en_evidence:
        return _tr("Unpaired {0} in the English").format(flag.en_evidence)
    if (question := _QUESTION_RE.fullmatch(flag.message)) is None:
        return None
    if question["side"] == "Chinese":
        return _tr("A question in the Chinese only")
    return _tr("A question in the English only")


_BY_KIND: dict[Kind, Callable[[Flag], str | None]] = {
    Kind.NUMBER: _numbers,
    Kind.NAME: _name,
    Kind.OMISSION: _omission,
    Kind.UNTRANSLATED: _untranslated,
    Kind.LENGTH: _length,
    Kind.PUNCTUATION: _punctuation,
}


def flag_message(flag: Flag) -> str:
    """The flag's one-line message in the interface language (asked for again after it changes); the core's
    English message when it is in no form known here."""
    app = QCoreApplication.instance()
    # The Ignore key and the core's message tell the rendering apart (strings: their hashes are kept, a Flag's
    # would be computed again over all its fields at each look-up).
    key = (language_in_use(app) if app is not None else "", flag.key, flag.message)
    said = _said.get(key)
    if said is None:
        text = _BY_KIND[flag.kind](flag)
        said = flag.message if text is None else text
        if len(_said) >= SAID_LIMIT:
            _said.clear()
        _said[key] = said
    return said
