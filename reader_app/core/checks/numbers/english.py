"""The numbers of an English text: digits, number words and ordinals, decades, and the readings that make a
number loose (a few hundred, a day or two, Two Dukes Street)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from reader_app.core.aligner.lexicon import stem
from reader_app.core.checks.numbers.number import YEAR, Number, Strength, in_code, numbering
from reader_app.core.checks.numbers.units import en_unit

_EN_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_EN_UNITS += "seventeen eighteen nineteen"
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_EN_VALUES: dict[str, int] = {w: k for k, w in enumerate(_EN_UNITS.split())}
_EN_VALUES.update({w: 20 + 10 * k for k, w in enumerate(_EN_TENS.split())})
# The twenties ... the nineties: an age or a decade (in his eighties, the sixties: 八十多岁, 六十年代).
_EN_DECADES = {w[:-1] + "ies": v for w, v in _EN_VALUES.items() if w in _EN_TENS.split()}
_FRACTIONS = {"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths"}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 10**6,
}
# Words that are numbers only sometimes ("no one", "at first", "a second", "once upon a time", "a pair of
# shoes" for 一双鞋): they match the other side's number but are never flagged themselves.
_EN_LOOSE = {"one", "first", "second", "once", "dozen", "1st"}
_EN_OTHER = {"twice": 2, "thrice": 3, "once": 1, "dozen": 12, "pair": 2, "couple": 2}
# A number opening a paragraph as its numbering (# stands for the number): 6. The Studio, (2) (a chapter's
# number stays: Chapter 3 <-> 第三章 must agree).
_EN_NUMBERING_RE = re.compile(r"^\s*\(?#\s*[.:)]\s")
# Round figures that are as often a manner of speech ("a thousand times", "a million shards"): they match the
# other side's figure but are never flagged.
_EN_ROUND_RE = re.compile(
    r"(?:a|one)\s+hundred|(?:a|one|ten|a\s+hundred)\s+(?:thousand|million|billion)", re.IGNORECASE
)
_OR_BEFORE_RE = re.compile(r"\bor\s+$", re.IGNORECASE)
_OR_AFTER_RE = re.compile(r"^\s+or\b", re.IGNORECASE)
_A_NOUN_OR_RE = re.compile(r"\ban?\s+[a-z]+\s+or\s+$", re.IGNORECASE)  # a day or two, a word or two: a few
_FEW_BEFORE_RE = re.compile(r"\b(?:a\s+few|several|some|many|a\s+couple\s+of)\s+$", re.IGNORECASE)
_PER_BEFORE_RE = re.compile(r"\bper\s+$", re.IGNORECASE)  # parts per million: a rate, not a count
_SCALE_OF_RE = re.compile(r"\s+of\s+(hundreds|thousands|millions|billions)\b", re.IGNORECASE)
# A capitalised number word inside a sentence is a name or a title: Two Dukes Street, Three Body.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;—–]\s*|[\"“‘'(\[]\s*)$")
# One digit against a capital letter is a name (5G, 3D, 3K glasses) more than a count.
_CODE_AFTER_RE = re.compile(r"[A-Z](?![A-Za-z])")
# What follows a number that counts: a word in lower case other than a function word (1200 schools, not "in 2012
# the law").
_COUNTED_RE = re.compile(
    r"\s+(?!(?:the|a|an|and|or|to|in|on|at|by|for|of|with|as|when|it|its|was|were|is|are|had|has|have|that|this|"
    r"which|from|until|after|before|during|since|while|but|so|then|there|they|he|she|we|i|respectively|onwards?)\b)"
    r"[a-z]"
)
_PM_RE = re.compile(r"\s*(?:p\.m\.|pm\b)", re.IGNORECASE)
_MONTH_NAMES = "January February March April May June July August September October November December"
_MONTHS = {name: k for k, name in enumerate(_MONTH_NAMES.split(), start=1)}
_EN_TOKEN_RE = re.compile(
    r"(?P<digits>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
    r"(?P<suffix>st|nd|rd|th|s)?(?:\s?(?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"|(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*)"
)


@lru_cache(maxsize=1)
def number_stems() -> frozenset[str]:
    """The stems of the English words about numbers (a dictionary sense made of them is a number's)."""
    words = (*_EN_VALUES, *_EN_ORDINALS, *_EN_SCALES, "both", "twos", "number", "numeral", "digit", "percent")
    return frozenset(stem(word) for word in words)


def spelled_stems(value: float) -> set[str]:
    """The stems of the English words that spell a whole number below a million (42: forty, two)."""
    n = int(value)
    if n != value or not 0 < n < 10**6:
        return {"\x00"}  # nothing a gloss would spell
    words: list[str] = []
    if n >= 1000:
        words += [*_spelled_words(n // 1000), "thousand"]
        n %= 1000
    words += _spelled_words(n)
    return {stem(w) for w in words}


def _spelled_words(n: int) -> list[str]:
    words: list[str] = []
    names = {v: w for w, v in _EN_VALUES.items()}
    if n >= 100:
        words += [names[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(names[n // 10 * 10])
        n %= 10
    if n:
        words.append(names[n])
    return words


def _word_value(word: str) -> tuple[int | None, bool]:
    """A number word's value (twenty-one, twenty-first, and the number at the front of a compound:
    eighty-year-old, five-petal) and whether it is an ordinal."""
    parts = word.lower().split("-")
    if len(parts) >= 2 and parts[-1] in _FRACTIONS:
        return None, False  # two-thirds, one-half: a share, which Chinese words in many ways (三分之二, 大半)
    for size in (2, 1):
        if len(parts) >= size:
            value, ordinal = _plain_value(parts[:size])
            if value is not None:
                return value, ordinal
    return None, False


def _plain_value(parts: list[str]) -> tuple[int | None, bool]:
    """The value of one number word or of tens-unit (twenty-one), and whether it is an ordinal."""
    if len(parts) == 2:
        tens, unit = parts
        if tens not in _EN_TENS.split():
            return None, False
        unit_value = _EN_VALUES.get(unit) or _EN_ORDINALS.get(unit)
        if unit_value is None or not 1 <= unit_value <= 9:
            return None, False
        return _EN_VALUES[tens] + unit_value, unit in _EN_ORDINALS
    w = parts[0]
    if w in _EN_VALUES:
        return _EN_VALUES[w], False
    if w in _EN_ORDINALS:
        return _EN_ORDINALS[w], True
    return None, False


def en_numbers(text: str) -> list[Number]:
    """The numbers of an English text, in order."""
    text = unicodedata.normalize("NFKC", text)
    groups = itertools.count()
    out: list[Number] = []
    covered = 0  # where the last number read with the words after it ends (four decades, hundreds of millions)
    for number, start, end in _read(text, groups):
        if start < covered:
            continue
        before, after = _before(text, start), text[end : end + _CONTEXT]
        low = number.text.lower()
        if number.strength is Strength.OPTIONAL:
            out.append(number)
            continue
        if m := re.match(r"[\s-]+decades?\b", after, re.IGNORECASE):
            number = replace(number, text=number.text + m.group(0), value=number.value * 10)  # four decades
            covered = end + m.end()
        if _PER_BEFORE_RE.search(before) or (number.text[0].isupper() and not _SENTENCE_START_RE.search(before)
                                              and not number.text[0].isdigit()):
            number = replace(number, strength=Strength.OPTIONAL)  # parts per million; Two Dukes Street
        elif len(number.text) == 1 and _CODE_AFTER_RE.match(after):
            number = replace(number, strength=Strength.WEAK)  # 3K glasses: only beside another number left over
        elif low in _EN_SCALES and _FEW_BEFORE_RE.search(before):
            number = replace(number, strength=Strength.APPROXIMATE)  # a few hundred steps
        elif m := _SCALE_OF_RE.match(after):
            # hundreds of millions, tens of thousands: the two scales together
            scale = _EN_SCALES[m.group(1).lower()[:-1]]
            number = replace(number, text=number.text + m.group(0), value=number.value * scale)
            covered = end + m.end()
        elif low in ("two", "three") and _A_NOUN_OR_RE.search(before):
            number = replace(number, strength=Strength.APPROXIMATE)  # a moment or two
        if number.text[0].isdigit() and 1 <= number.value <= 12 and _PM_RE.match(after):
            group = next(groups)  # 3 p.m. is 下午三点 or 十五点
            out += [replace(number, group=group), replace(number, value=number.value + 12, group=group)]
            continue
        compound = number.text.rsplit("-", 1)[-1] if "-" in number.text else ""  # six-meter
        unit = en_unit(compound, 0) or en_unit(text, end)
        if re.fullmatch(r"1\d{3}|20\d{2}|2100", number.text) and not _COUNTED_RE.match(after):
            unit = YEAR  # in 1949, (2001), the 2018 Summit; not 1200 schools
        out.append(replace(number, unit=unit))
    return out


# How much of the text around a number its context is read in (what is before it: "a few", "per", a sentence's end).
_CONTEXT = 40


def _before(text: str, start: int) -> str:
    """The text just before `start`; cut short, it starts with a letter, so that ^ does not read as the text's start."""
    return text[:start] if start <= _CONTEXT else "x" + text[start - _CONTEXT : start]


def _read(text: str, groups: itertools.count[int]) -> list[tuple[Number, int, int]]:
    """The numbers of the text with where each is written (start, end), before their context is read."""
    tokens = list(_EN_TOKEN_RE.finditer(text))
    out: list[tuple[Number, int, int]] = []
    k = 0
    while k < len(tokens):
        m = tokens[k]
        if m.group("digits"):
            k += 1
            value = float(m.group("digits").replace(",", ""))
            start, end = m.start(), m.end()
            if in_code(text, start):
                out.append((Number(m.group(0), value, Strength.OPTIONAL), start, end))  # CO2, G20, COP29
                continue
            if m.group("scale"):
                value *= _EN_SCALES[m.group("scale")]
            elif k < len(tokens) and (tokens[k].group("word") or "").lower() in _EN_SCALES and (
                text[m.end() : tokens[k].start()].strip() == ""
            ):
                value *= _EN_SCALES[tokens[k].group("word").lower()]
                end = tokens[k].end()
                k += 1
            loose = numbering(_EN_NUMBERING_RE, text, m.start(), m.end()) or m.group(0) == "1st"
            out.append((Number(text[start:end], value, Strength.OPTIONAL if loose else Strength.STRONG), start, end))
            continue
        word = m.group("word")
        low = word.lower()
        k += 1
        if word in _MONTHS:
            out.append((Number(word, _MONTHS[word], Strength.OPTIONAL), m.start(), m.end()))
            continue
        if low in _EN_OTHER and not (low == "dozen" and k < len(tokens) and tokens[k].group("word") == "or"):
            if low in ("pair", "couple") and not re.search(r"\ban?\s+$", _before(text, m.start()), re.IGNORECASE):
                continue
            strength = Strength.OPTIONAL if low in _EN_LOOSE or low in ("pair", "couple") else Strength.WEAK
            out.append((Number(word, _EN_OTHER[low], strength), m.start(), m.end()))
            continue
        if low in _EN_DECADES:
            group = next(groups)
            out += [(Number(word, _EN_DECADES[low], Strength.APPROXIMATE, group), m.start(), m.end()),
                    (Number(word, 1900 + _EN_DECADES[low], Strength.APPROXIMATE, group), m.start(), m.end())]
            continue
        if low.rstrip("s") in _EN_SCALES and low.endswith("s") or low in ("dozens", "scores", "decades", "tens"):
            value = {"dozens": 12, "scores": 20, "decades": 10, "tens": 10}.get(low) or _EN_SCALES[low[:-1]]
            out.append((Number(word, value, Strength.APPROXIMATE), m.start(), m.end()))  # hundreds of, dozens
            continue
        if low == "decade" or (low == "century" and re.search(r"\bhalf\s+a\s+$", _before(text, m.start()), re.I)):
            value = 10 if low == "decade" else 50  # a decade ago; half a century
            out.append((Number(word, value, Strength.APPROXIMATE), m.start(), m.end()))
            continue
        found = _number_words(tokens, k - 1, text)
        if found is None:
            continue
        written, value, _ordinal, used = found
        first, last = tokens[k - 1], tokens[k - 2 + used]
        # "twenty or thirty", "two or three": either number, an approximation ("a day or two" is just two).
        either_before = _OR_BEFORE_RE.search(_before(text, first.start())) and k >= 3 and _is_number_word(tokens[k - 3])
        either_after = _OR_AFTER_RE.match(text[last.end() :]) and k - 1 + used + 1 < len(tokens) and _is_number_word(
            tokens[k - 1 + used + 1]
        )
        k += used - 1
        if written.lower() in _EN_LOOSE:
            strength = Strength.OPTIONAL
        elif either_before or either_after:
            strength = Strength.APPROXIMATE
        elif _EN_ROUND_RE.fullmatch(written):
            strength = Strength.OPTIONAL
        elif value >= 10 or used > 1:
            strength = Strength.STRONG
        else:
            strength = Strength.WEAK
        out.append((Number(written, value, strength), first.start(), last.end()))
    return out


def _is_number_word(token: re.Match[str]) -> bool:
    word = token.group("word")
    return bool(token.group("digits")) or (word is not None and _word_value(word)[0] is not None)


def _number_words(tokens: list[re.Match[str]], k: int, text: str) -> tuple[str, float, bool, int] | None:
    """The number spelled by the words from tokens[k] on (a hundred and twenty, three thousand): its text,
    value, whether it ends in an ordinal, and how many tokens it took."""
    total = current = 0
    ordinal = False
    used = 0
    start = tokens[k].start()
    end = start
    seen_number = False
    # "a hundred", "a thousand": the article is the one.
    if (tokens[k].group("word") or "").lower() == "a" and k + 1 < len(tokens):
        following = (tokens[k + 1].group("word") or "").lower()
        if following in _EN_SCALES or following == "hundredth":
            current = 1
            used = 1
    j = k + used
    while j < len(tokens):
        word = (tokens[j].group("word") or "").lower()
        if not word or ordinal or (seen_number and text[end : tokens[j].start()].strip()):
            break  # a comma or a full stop between two number words: two numbers
        if word == "and" and seen_number and j + 1 < len(tokens):
            nxt = (tokens[j + 1].group("word") or "").lower()
            if _word_value(nxt)[0] is not None and total + current >= 100:
                end = tokens[j].end()
                j += 1
                continue
            break
        if word in _EN_SCALES:
            scale = _EN_SCALES[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif word in ("hundredth", "thousandth", "millionth"):
            scale = _EN_ORDINALS[word]
            current = max(current, 1) * scale
            ordinal = True
        else:
            value, is_ordinal = _word_value(word)
            if value is None:
                break
            tens_then_unit = current % 100 and current % 10 == 0 and 1 <= value <= 9  # twenty one
            if (seen_number and current % 100 and not tens_then_unit) or value >= 100:
                break  # "one two" is two numbers
            current += value
            ordinal = is_ordinal
        seen_number = True
        end = tokens[j].end()
        j += 1
    if not seen_number:
        return None
    return text[start:end], float(total + current), ordinal, j - k
