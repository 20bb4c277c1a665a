"""A number as a text writes it (its value, its unit, how sure we are that a translation must keep it), and what
both languages' readers share: codes (CO2, COP29) and numbered headings, whose digits are not the prose's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

YEAR = "year"  # the unit of a calendar year (2024年, in 1949)


class Strength(IntEnum):
    OPTIONAL = 0
    APPROXIMATE = 1
    WEAK = 2
    STRONG = 3


@dataclass(frozen=True, slots=True)
class Number:
    """`group`: numbers of one group (>= 0) are the readings of one written number (八十年代 "the eighties" or "the
    1980s", 3 p.m. 3 or 15): one of them matched accounts for all (a range, 三五个, is two numbers).
    `unit`: the measure after it as a unit table spells it (units.py: 米, feet, kg), YEAR for a calendar year, ""
    for none."""

    text: str
    value: float
    strength: Strength
    group: int = -1
    unit: str = ""


_CODE_BEFORE = re.compile(r"(?:[A-Za-z]|\b[A-Z][A-Za-z]*-|\b[A-Z]{2,} )$")  # Covid-19, not mid-2020
# Currencies written against the amount are not codes: RMB73 billion, US$5, HK$10.
_CURRENCY_BEFORE = re.compile(r"\b(?:RMB|CNY|USD|US\$|HK\$|HKD|EUR|GBP|JPY|Rs|S\$|A\$|C\$)\s?$")


def in_code(text: str, start: int) -> bool:
    """Whether the digits at `start` belong to a code: CO2, G20, COP29, COP 28, COVID-19 (the name check compares
    those in Chinese; 新冠肺炎 is COVID-19 without the digits)."""
    before = text[max(0, start - 8) : start]
    return bool(_CODE_BEFORE.search(before)) and not _CURRENCY_BEFORE.search(before)


# Where a heading joined to the paragraph before it starts: 。7.开麦拉 ("7. Camera" is a section of its own).
_SENTENCE_END = re.compile(r".*[。！？!?；;」』”]\s*", re.DOTALL)


def numbering(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether the number at [start, end) numbers its paragraph or a heading (a pair's paragraphs are its text's
    lines; a heading may also follow a sentence's end on the same line)."""
    line = text.rfind("\n", 0, start) + 1
    before = text[line:start]
    after = "#" + text[end : end + 8]
    if pattern.match(before + after):
        return True
    head = _SENTENCE_END.match(before)
    return head is not None and head.end() == len(before) and bool(pattern.match(after))
