"""Units of measure after a number, and a figure converted between units (六十公斤 <-> 130 pounds, 二十英尺 <->
six-meter): translators convert, and a converted figure is the same figure.

Each unit maps to (dimension, size in the dimension's base unit). Only lengths, masses and areas: a temperature's
conversion has an offset, and money changes with its date."""

from __future__ import annotations

import re
from collections.abc import Callable

from reader_app.core.checks.numbers.number import Number

_FOOT, _INCH, _MILE, _POUND, _ACRE = 0.3048, 0.0254, 1609.344, 0.45359237, 4046.856

# Chinese units, the longest spelling first where one starts another (平方公里 before 公里). 里 and 尺 are left
# out: 三年里 is "in three years", and 尺 is translated as feet as often as it is converted.
ZH_UNITS: dict[str, tuple[str, float]] = {
    "平方公里": ("area", 1e6), "平方千米": ("area", 1e6), "平方米": ("area", 1.0), "公顷": ("area", 1e4),
    "亩": ("area", 666.667), "英亩": ("area", _ACRE),
    "公里": ("length", 1000.0), "千米": ("length", 1000.0), "厘米": ("length", 0.01), "毫米": ("length", 0.001),
    "英尺": ("length", _FOOT), "英寸": ("length", _INCH), "英里": ("length", _MILE), "米": ("length", 1.0),
    "公斤": ("mass", 1.0), "千克": ("mass", 1.0), "斤": ("mass", 0.5), "磅": ("mass", _POUND), "吨": ("mass", 1000.0),
    "克": ("mass", 0.001),
}
_ZH_UNIT_RE = re.compile("|".join(sorted(ZH_UNITS, key=len, reverse=True)))

EN_UNITS: dict[str, tuple[str, float]] = {
    "meter": ("length", 1.0), "metre": ("length", 1.0), "kilometer": ("length", 1000.0),
    "kilometre": ("length", 1000.0), "km": ("length", 1000.0), "centimeter": ("length", 0.01),
    "centimetre": ("length", 0.01), "cm": ("length", 0.01), "millimeter": ("length", 0.001), "mm": ("length", 0.001),
    "foot": ("length", _FOOT), "feet": ("length", _FOOT), "ft": ("length", _FOOT), "inch": ("length", _INCH),
    "inches": ("length", _INCH), "mile": ("length", _MILE), "yard": ("length", 0.9144),
    "kilogram": ("mass", 1.0), "kilo": ("mass", 1.0), "kg": ("mass", 1.0), "gram": ("mass", 0.001),
    "pound": ("mass", _POUND), "lb": ("mass", _POUND), "ounce": ("mass", 0.0283495), "ton": ("mass", 1000.0),
    "tonne": ("mass", 1000.0), "catty": ("mass", 0.5), "catties": ("mass", 0.5), "jin": ("mass", 0.5),
    "hectare": ("area", 1e4), "acre": ("area", _ACRE), "mu": ("area", 666.667),
}
# No bare "m": $5m is five million.
_EN_UNIT_RE = re.compile(r"[\s-]*(?:square\s+)?([A-Za-z]+)")
# A share of the larger figure that a conversion may be off by: 60 kg is 132.3 lb, written "130 pounds"
# (1.7%); 135 pounds is another weight (2.1%).
TOLERANCE = 0.02


def zh_unit(text: str, end: int) -> str:
    """The unit right after a Chinese number ending at `end` (二十英尺, 60公斤), "" for none."""
    m = _ZH_UNIT_RE.match(text, end)
    return m.group(0) if m else ""


def en_unit(text: str, end: int) -> str:
    """The unit right after an English number ending at `end` (130 pounds, six-meter, 2 km), as EN_UNITS spells
    it, "" for none."""
    m = _EN_UNIT_RE.match(text, end)
    if not m:
        return ""
    word = m.group(1).lower()
    if "square" in m.group(0).lower():
        return {"meter": "m2", "metre": "m2", "kilometer": "km2", "kilometre": "km2", "mile": "mi2"}.get(
            word.rstrip("s"), ""
        )
    for candidate in (word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word):
        if candidate in EN_UNITS:
            return candidate
    return ""


_SQUARE = {"m2": ("area", 1.0), "km2": ("area", 1e6), "mi2": ("area", _MILE**2)}


def _unit(number: Number) -> tuple[str, float] | None:
    """The number's dimension and the size of its unit in that dimension's base unit, None without a unit."""
    return ZH_UNITS.get(number.unit) or EN_UNITS.get(number.unit) or _SQUARE.get(number.unit)


def converted(
    left_zh: list[Number], left_en: list[Number], precision: Callable[[Number], float]
) -> tuple[list[Number], list[Number]]:
    """The leftovers less the figures that are one figure in two units (one English figure, or feet and inches
    together: 一米六零 <-> five feet four inches). `precision(number)` is the place of its last digit: a figure
    may be off by half of it, or by TOLERANCE, whichever is more."""
    left_zh, left_en = list(left_zh), list(left_en)
    for x in list(left_zh):
        unit = _unit(x)
        if unit is None:
            continue
        dimension, size = unit
        singles = [(y,) for y in left_en if (u := _unit(y)) is not None and u[0] == dimension and y.unit != x.unit]
        feet = [y for y in left_en if y.unit in ("foot", "feet", "ft")]
        inches = [y for y in left_en if y.unit in ("inch", "inches")]
        best: tuple[float, tuple[Number, ...]] | None = None
        for choice in [*singles, *((f, i) for f in feet for i in inches)]:
            sizes = [(y.value * u[1], precision(y) * u[1]) for y in choice if (u := _unit(y)) is not None]
            total = sum(value for value, _place in sizes)
            slack = 0.5 * max(place for _value, place in sizes)
            off = abs(x.value * size - total)
            if off <= max(TOLERANCE * max(x.value * size, total), slack) and (best is None or off < best[0]):
                best = (off, choice)
        if best is not None:  # the closest: 一米六零 is five feet four inches, not five feet
            left_zh.remove(x)
            for y in best[1]:
                left_en.remove(y)
    return left_zh, left_en
