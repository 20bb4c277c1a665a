"""The `number` check: the numbers of the two sides of a pair, as values, must match.

Chinese (chinese.py): Arabic and full-width digits (with 万/亿: 3.5万), Chinese numerals (二十九, 两千, 一亿三千万,
一点五), digit-by-digit years (二〇二四年), 百分之十五 (= 15, as 15% is), N世纪M年代 (= the 2020s), years of the
Republic (民国元年 = 1912). English (english.py): digits (35,000, 1.5, 21st, 2020s, 3.5 million), number words and
ordinals (twenty-one, a hundred, second, twice), decades (four decades, in his eighties), month names
(May 8 <-> 5月8日). Units (units.py): a figure converted (六十公斤 <-> 130 pounds) is the same figure.

Precision before recall, because translators change numbers freely (三五个 -> "a few", 一眼 -> "a glance"):
each number found has a strength.
- strong (digits, numerals of two characters or more, number words of ten and up): flagged when the other side
  lacks it;
- weak (one character or one word below ten: 三, two): flagged only when the other side also has a number left
  over (three -> four), not when the translator just dropped or added one;
- approximate (三五个, 十几, 二十多, 几百, 八十年代, twenty or thirty, a few hundred, a day or two): like weak, but
  not beside a weak or approximate number within APPROXIMATION_RATIO of it (七八个 -> "five", 五六岁 -> "four or
  five"; 两三个 -> "two or nine" is flagged, and so is a strong figure: 170多 -> "over 179");
- optional (digits inside codes CO2 / G20 / COP29, fractions, month names, 一 and "one", "first", "second", round
  figures of speech "a thousand times" / "a million shards", names and titles: Two Dukes Street): never
  flagged, but they satisfy the other side.
A number inside a dictionary word that is not about a number (一样 "same", 统一 "unify", 十分 "very") is not one.

Severity: two numbers that differ (a number changed: 1949 -> 1953, three -> four) are an error; a strong number
on one side only is a warning, as translators add and drop some (a year given for context, a figure left out);
a calendar year (2024年, in 1949, not 1200 schools) or a figure the other side has elsewhere is not flagged alone
at all.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator

from reader_app.core.aligner.lexicon import load_lexicon
from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.numbers.chinese import zh_numbers
from reader_app.core.checks.numbers.english import en_numbers
from reader_app.core.checks.numbers.number import YEAR, Number, Strength
from reader_app.core.checks.numbers.units import converted
from reader_app.core.checks.pairs import Context

__all__ = ["ONE_SIDED", "Number", "Strength", "check", "en_numbers", "mismatch", "unmatched", "zh_numbers"]

# Whether a strong number on one side only (1200 in the Chinese, nothing left over in the English) is flagged.
ONE_SIDED = True
# An approximation and a number within this ratio of it are one figure said two ways (七八个 -> "five").
APPROXIMATION_RATIO = 1.5


def unmatched(zh: list[Number], en: list[Number]) -> tuple[list[Number], list[Number]]:
    """The numbers of each side that the other side's numbers do not account for (same value, any form; the same
    figure rounded or converted), optional ones left out. Where a value is short on one side, its weakest
    occurrences are the ones left over; one reading of a range matched accounts for the others."""
    by_value: dict[float, tuple[list[Number], list[Number]]] = defaultdict(lambda: ([], []))
    for side, numbers in ((0, zh), (1, en)):
        for number in numbers:
            by_value[round(number.value, 6)][side].append(number)
    spare: tuple[list[Number], list[Number]] = ([], [])
    for a, b in by_value.values():
        extra = len(a) - len(b)
        longer, side = (a, 0) if extra > 0 else (b, 1)
        if extra:
            spare[side].extend(sorted(longer, key=lambda n: n.strength)[: abs(extra)])
    left: tuple[list[Number], list[Number]] = ([], [])
    for side, numbers in ((0, zh), (1, en)):
        spared = {id(n) for n in spare[side]}
        matched_groups = {n.group for n in numbers if n.group >= 0 and id(n) not in spared}
        left[side].extend(n for n in spare[side] if n.strength > Strength.OPTIONAL and n.group not in matched_groups)
    # 2.7255 against 2.726: the same figure, rounded.
    for number in list(left[0]):
        close = next((other for other in left[1] if _rounded_alike(number, other)), None)
        if close is not None:
            left[0].remove(number)
            left[1].remove(close)
    left_zh, left_en = converted(left[0], left[1], _precision)
    order = {id(n): i for i, n in enumerate(zh + en)}
    return sorted(left_zh, key=lambda n: order[id(n)]), sorted(left_en, key=lambda n: order[id(n)])


def _precision(number: Number) -> float:
    """The place of the last digit written, in the number's own scale: 1 for 1949, 0.001 for 2.726, 10,000 for
    2.76 million, 1,000 for 276.3万."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", number.text)
    if not m:
        return 1.0
    literal = float(m.group(0).replace(",", ""))
    scale = number.value / literal if literal else 1.0
    return scale * 10.0 ** -len(m.group(1) or "")


def _rounded_alike(a: Number, b: Number) -> bool:
    """Whether two figures are one figure given to different precision (2.7255 and 2.726; 276.3万 and 2.76
    million; 44.65 and 45), at least one of them with a decimal point or a scale."""
    if not any("." in n.text or n.value != float(re.sub(r"\D", "", n.text) or 0) for n in (a, b)):
        return False
    return abs(a.value - b.value) <= 0.5 * max(_precision(a), _precision(b)) * (1 + 1e-9)


def _near(a: Number, b: Number) -> bool:
    """Whether an approximation and another loose number are one figure said loosely (七八 and five, 五六岁 and
    "four or five"); not a strong figure, which says exactly what the approximation was (170多 and 179)."""
    if Strength.APPROXIMATE not in (a.strength, b.strength) or Strength.STRONG in (a.strength, b.strength):
        return False
    if a.value <= 0 or b.value <= 0:
        return False
    return max(a.value, b.value) / min(a.value, b.value) <= APPROXIMATION_RATIO


def _alone_counts(number: Number, other_side: list[Number]) -> bool:
    """Whether a strong number left over on one side only is worth a flag: not a year, which translators add and
    drop for context (民国元年 "during 1912, the first year of the Republic"), nor a figure the other side has
    elsewhere (二十两 twice, "twenty" once)."""
    if number.strength is not Strength.STRONG:
        return False
    if number.unit == YEAR:
        return False
    return all(not math.isclose(number.value, other.value) for other in other_side)


def mismatch(zh: list[Number], en: list[Number]) -> tuple[list[Number], list[Number], Severity] | None:
    """The numbers to flag in a pair and the flag's severity, or None: numbers left over on both sides (three ->
    four) are an error, a strong number left over on one side only a warning; approximations beside a number
    near them, and weak or approximate numbers on one side alone, are the translator's freedom."""
    left_zh, left_en = unmatched(zh, en)
    pairs = sorted(
        ((x, y) for x in left_zh for y in left_en if _near(x, y)),
        key=lambda p: abs(math.log(p[0].value / p[1].value)),
    )
    for x, y in pairs:
        if x in left_zh and y in left_en:
            left_zh.remove(x)
            left_en.remove(y)
    if left_zh and left_en:
        return left_zh, left_en, Severity.ERROR
    alone = [n for n in left_zh if _alone_counts(n, en)] + [n for n in left_en if _alone_counts(n, zh)]
    if ONE_SIDED and alone:
        return left_zh, left_en, Severity.WARNING
    return None


def _shown(numbers: list[Number]) -> str:
    return ", ".join(n.text for n in numbers)


def _value(number: Number) -> str:
    return f"{number.value:g}" if number.value < 1e7 else f"{number.value:,.0f}"


def check(context: Context) -> Iterator[Flag]:
    lexicon = load_lexicon()
    for pair in context.pairs:
        if pair.is_gap:
            continue
        found = mismatch(zh_numbers(pair.zh_text, lexicon), en_numbers(pair.en_text))
        if found is None:
            continue
        left_zh, left_en, severity = found
        parts = []
        if left_zh:
            parts.append("Chinese " + ", ".join(f"{n.text} ({_value(n)})" for n in left_zh))
        if left_en:
            parts.append("English " + ", ".join(f"{n.text} ({_value(n)})" for n in left_en))
        message = "Numbers differ: " + "; ".join(parts) + (" not in the other side" if len(parts) == 1 else "")
        yield pair.flag(Kind.NUMBER, severity, message, _shown(left_zh), _shown(left_en))
