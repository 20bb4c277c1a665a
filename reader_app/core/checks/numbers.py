"""The `number` check: the numbers of the two sides of a pair, as values, must match.

Chinese: Arabic and full-width digits (with 万/亿: 3.5万), Chinese numerals (二十九, 两千, 一亿三千万, 一点五),
digit-by-digit years (二〇二四年), 百分之十五 (= 15, as 15% is), N世纪M年代 (= the 2020s). English: digits
(35,000, 1.5, 21st, 2020s, 3.5 million), number words and ordinals (twenty-one, a hundred, second, twice),
month names (May 8 <-> 5月8日).

Precision before recall, because translators change numbers freely (三五个 -> "a few", 一眼 -> "a glance"):
each number found has a strength.
- strong (digits, numerals of two characters or more, number words of ten and up): flagged when the other side
  lacks it;
- weak (one character or one word below ten: 三, two): flagged only when the other side also has a number left
  over (three -> four), not when the translator just dropped or added one;
- approximate (三五个, 十几, 二十多, 八十年代, twenty or thirty, hundreds of): like weak, but only beside
  another number left over (两三个 -> "two or nine"), never because the translator said "a few";
- optional (digits inside codes CO2 / G20 / COP29, fractions, month names, 一 and "one", "first", "second"): never
  flagged, but they satisfy the other side.
A number inside a dictionary word that is not about a number (一样 "same", 统一 "unify", 十分 "very") is not one.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from reader_app.core.aligner.lexicon import Lexicon, load_lexicon, stem
from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.pairs import Context

# Whether a strong number on one side only (1949 in the Chinese, nothing left over in the English) is flagged.
ONE_SIDED = True


class Strength(IntEnum):
    OPTIONAL = 0
    APPROXIMATE = 1
    WEAK = 2
    STRONG = 3


@dataclass(frozen=True, slots=True)
class Number:
    """A number as the text writes it, its value, and how sure we are that a translation must keep it."""

    text: str
    value: float
    strength: Strength


# --- Chinese -------------------------------------------------------------------------------------------------

_ZH_DIGITS = "零〇一二三四五六七八九两兩壹贰貳叁參肆伍陆陸柒捌玖幺"
_ZH_UNITS = "十拾百佰千仟万萬亿億廿"
_ZH_NUMERAL = f"[{_ZH_DIGITS}{_ZH_UNITS}]+(?:[点點][{_ZH_DIGITS}]+)?"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A number opening a paragraph as its numbering (# stands for the number): 6.片厂, 三、, （二）, 第三章 stays.
_ZH_NUMBERING_RE = re.compile(r"^\s*[(（]?#\s*[、.．:：)）]")
_ZH_TWO_RE = re.compile("[俩倆]")  # "the two of them": liǎ, not a numeral character
_ZH_NUMBER_RE = re.compile(
    rf"(?P<century>(?:{_ARABIC}|{_ZH_NUMERAL})世纪|(?:{_ARABIC}|{_ZH_NUMERAL})世紀)?"
    rf"(?P<percent>百分之)?"
    rf"(?P<number>{_ARABIC}[万萬亿億]*|{_ZH_NUMERAL})"
    rf"(?P<fraction>分之(?:{_ARABIC}|{_ZH_NUMERAL}))?"
    rf"(?P<decade>年代)?"
)
# After a number: an approximation (二十多岁, 十几个, 三十来岁, 五十左右); before it: 几十, 数百.
_ZH_APPROX_AFTER = ("多", "余", "餘", "几", "幾", "来", "來", "左右", "上下", "出头", "出頭")
_ZH_APPROX_BEFORE = ("几", "幾", "数", "數", "好")
_ZH_DIGIT_VALUES = {ch: k for k, chars in enumerate(("零〇", "一壹幺", "二贰貳两兩", "三叁參", "四肆", "五伍",
                                                      "六陆陸", "七柒", "八捌", "九玖")) for ch in chars}
_CODE_BEFORE = re.compile(r"(?:[A-Za-z]|\b[A-Z][A-Za-z]*-|\b[A-Z]{2,} )$")  # Covid-19, not mid-2020
# Currencies written against the amount are not codes: RMB73 billion, US$5, HK$10.
_CURRENCY_BEFORE = re.compile(r"\b(?:RMB|CNY|USD|US\$|HK\$|HKD|EUR|GBP|JPY|Rs|S\$|A\$|C\$)\s?$")


def _in_code(text: str, start: int) -> bool:
    """Whether the digits at `start` belong to a code: CO2, G20, COP29, COP 28, COVID-19 (the name check compares
    those in Chinese; 新冠肺炎 is COVID-19 without the digits)."""
    before = text[max(0, start - 8) : start]
    return bool(_CODE_BEFORE.search(before)) and not _CURRENCY_BEFORE.search(before)


def _numbering(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether the number at [start, end) numbers its paragraph (a pair's paragraphs are its text's lines)."""
    line = text.rfind("\n", 0, start) + 1
    return bool(pattern.match(text[line:start] + "#" + text[end : end + 8]))


def _cn2an(text: str) -> float | None:
    """cn2an's reading of a numeral (mixed forms, 万/亿, 两, decimals, Traditional), None when it is not one."""
    import cn2an  # 0.2 s to import: only when numbers are checked

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns (in Chinese) about long decimals; the value is still right
        try:
            value = cn2an.cn2an(text, "smart")
        except (ValueError, KeyError, IndexError):
            return None
    return float(value)


def _zh_value(text: str) -> float | None:
    text = text.replace(",", "")
    if all(ch in _ZH_DIGIT_VALUES for ch in text) and len(text) >= 3:
        return float("".join(str(_ZH_DIGIT_VALUES[ch]) for ch in text))  # 二〇二四: a year read digit by digit
    try:
        return float(text)
    except ValueError:
        return _cn2an(text)


@lru_cache(maxsize=1)
def _number_stems() -> frozenset[str]:
    words = (*_EN_VALUES, *_EN_ORDINALS, *_EN_SCALES, "both", "twos", "number", "numeral", "digit", "percent")
    return frozenset(stem(word) for word in words)


def _spelled_stems(value: float) -> set[str]:
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


# Idioms with numbers run up to 7 characters (十万八千里, 三下五除二); CC-CEDICT's words up to 8.
_LONGEST_IDIOM = 7


def _idiomatic(text: str, start: int, end: int, value: float | None, lexicon: Lexicon) -> bool:
    """Whether the numeral at [start, end) is part of a dictionary word whose first sense is not about a number
    (一样 "same", 统一 "unify", 十分 "very", 一下 "give it a go", 十万八千里 "poles apart"), rather than 第一 / 五月
    / 两国 (or 三个, no word).
    The first sense only: 十分 also means "hundred percent", 一旦 "one day"."""
    numeric = _number_stems()
    for a in range(max(0, start - _LONGEST_IDIOM + 1), end):
        for b in range(max(a + 2, start + 1), min(len(text), a + _LONGEST_IDIOM) + 1):
            if not (a < end and b > start) or (start <= a and b <= end):
                continue  # must overlap the numeral and reach outside it
            k = lexicon.word_index.get(text[a:b])
            if k is not None:
                senses = lexicon.translations_of(k)
                if not senses:
                    continue
                if b - a > 4:
                    # A long word (a title, an idiom) keeps its number when its senses spell that number:
                    # 四十二章经 "Sutra in Forty-two Sections", not 十万八千里 "a million miles apart".
                    if value is None or not _spelled_stems(value) <= set(senses):
                        return True
                elif senses[0] not in numeric:
                    return True
    return False


# What follows a number that counts something: measure words, units, time. A numeral after a surname with none of
# these after it is a name (茅十八 "Whiskers Mao", 王二, 小四), not a number.
_MEASURES = set(
    "个個岁歲年月日号號天次人位名只隻条條件本张張块塊元圆圓角分秒点點钟鐘倍层層家口声聲回遍把匹头頭支根句首篇章节節部"
    "届屆期项項种種类類批座间間所辆輛架艘封份套双雙对對群队隊团團组組斤两兩里米尺寸丈亩畝吨噸克升度成步下趟顿頓场場"
    "周週星世代辈輩份样樣碗杯瓶盘盤桌床幅颗顆粒滴片段行列排门門道扇面棵株朵枝笔筆"
)
_NICKNAME_PREFIXES = "小老阿"
_ZH_ROUND = {"一百", "一千", "一万", "一萬", "千万", "千萬", "万万", "萬萬", "百万", "百萬"}
# Common surnames, Simplified and Traditional, without the ones that are also everyday words before a number
# (于 "at", 何 "what", 任 "any", 向 "towards", 方, 万): CC-CEDICT's "surname" senses cover those too, so they
# cannot decide alone.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋杜叶程魏苏吕丁沈姚卢姜崔钟谭陆"
    "汪范贾夏韦邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤茅"
    "張劉陳楊黃趙吳孫馬鄭羅謝韓馮鄧蕭蔡蔣葉蘇呂盧鍾譚陸賈韋鄒閻賀顧龔錢嚴湯"
)


def _in_name(text: str, start: int, end: int) -> bool:
    if not start or (end < len(text) and text[end] in _MEASURES):
        return False
    return text[start - 1] in _NICKNAME_PREFIXES or text[start - 1] in _SURNAMES


def zh_numbers(text: str, lexicon: Lexicon | None = None) -> list[Number]:
    """The numbers of a Chinese text, in order."""
    lexicon = lexicon or load_lexicon()
    text = unicodedata.normalize("NFKC", text)  # full-width digits and ％ as ASCII
    out: list[Number] = []
    for m in _ZH_NUMBER_RE.finditer(text):
        raw = m.group("number")
        start, end = m.start("number"), m.end("number")
        written = m.group(0)
        is_arabic = raw[0].isdigit()
        if is_arabic and _in_code(text, start):
            value = _zh_value(raw)
            if value is not None:  # COP29, CO2: part of a code
                out.append(Number(written, value, Strength.OPTIONAL))
            continue
        if m.group("century") and m.group("decade"):
            century = _zh_value(m.group("century")[:-2])
            decade = _zh_value(raw)
            if century is not None and decade is not None:  # 21世纪20年代: the 2020s
                out.append(Number(written, (century - 1) * 100 + decade, Strength.STRONG))
            continue
        if m.group("century"):
            century = _zh_value(m.group("century")[:-2])
            if century is not None:
                out.append(Number(m.group("century"), century, Strength.STRONG))
        if m.group("fraction"):
            whole, part = _zh_value(raw), _zh_value(m.group("fraction")[2:])
            if whole and part is not None:
                if m.group("percent") is None and whole == 100:
                    out.append(Number(written, part, Strength.STRONG))  # 一百分之五 as 百分之五
                else:
                    out.append(Number(written, part / whole, Strength.OPTIONAL))
            continue
        if not is_arabic and len(raw) > 1 and raw[-1] in "两兩" and raw[-2] in _ZH_DIGITS + _ZH_UNITS:
            raw, end = raw[:-1], end - 1  # 五十两: fifty taels (两 the measure word, not "two")
            written = text[m.start() : end]
        value = _zh_value(raw)
        if not is_arabic and (_idiomatic(text, start, end, value, lexicon) or _in_name(text, start, end)):
            continue
        if value is None:
            out.extend(_zh_range(raw))
            continue
        if m.group("decade"):  # 八十年代: the eighties or the 1980s
            out.append(Number(written, value, Strength.APPROXIMATE))
            if value < 100:
                out.append(Number(written, 1900 + value, Strength.APPROXIMATE))
            continue
        if len(raw) == 2 and all(ch in _ZH_DIGIT_VALUES for ch in raw):
            # 三五个, 七八天: two digits side by side are "three or five", not thirty-five
            out.extend(Number(ch, _ZH_DIGIT_VALUES[ch], Strength.APPROXIMATE) for ch in raw)
            continue
        before, after = text[max(0, start - 1) : start], text[end : end + 2]
        if _numbering(_ZH_NUMBERING_RE, text, m.start(), end):
            strength = Strength.OPTIONAL  # 6.片厂, 三、: a section number, which translations renumber or drop
        elif before in _ZH_APPROX_BEFORE or after.startswith(_ZH_APPROX_AFTER):
            strength = Strength.APPROXIMATE
        elif not is_arabic and raw in _ZH_ROUND:
            strength = Strength.WEAK  # 一万个不服 "not in a million years": a round figure is often a manner of speech
        elif is_arabic or len(raw) > 1 or m.group("percent"):
            strength = Strength.STRONG
        elif value == 1:
            strength = Strength.OPTIONAL  # 一 is also "a", "the whole", "once": 一眼 is "a glance"
        else:
            strength = Strength.WEAK
        out.append(Number(written, value, strength))
    out.extend(Number(m.group(0), 2, Strength.WEAK) for m in _ZH_TWO_RE.finditer(text))
    return out


def _zh_range(raw: str) -> list[Number]:
    """十四五 (fourteen or fifteen), 二十七八, 三四十 (thirty or forty), 三二十: both ends, as approximations."""
    m = re.fullmatch(rf"(.*?)([{_ZH_DIGITS}])([{_ZH_DIGITS}])([{_ZH_UNITS}]?)", raw)
    if not m or m.group(2) == m.group(3):
        return []
    prefix, first, second, unit = m.groups()
    out = []
    for digit in (first, second):
        value = _zh_value(prefix + digit + unit)
        if value is not None:
            out.append(Number(raw, value, Strength.APPROXIMATE))
    return out


# --- English -------------------------------------------------------------------------------------------------

_EN_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_EN_UNITS += "seventeen eighteen nineteen"
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_EN_VALUES: dict[str, int] = {w: k for k, w in enumerate(_EN_UNITS.split())}
_EN_VALUES.update({w: 20 + 10 * k for k, w in enumerate(_EN_TENS.split())})
_FRACTIONS = {"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths"}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 10**6,
}
# Words that are numbers only sometimes ("no one", "at first", "a second", "once upon a time"): they match the
# other side's number but are never flagged themselves.
_EN_LOOSE = {"one", "first", "second", "once", "dozen"}
_EN_OTHER = {"twice": 2, "thrice": 3, "once": 1, "dozen": 12}
# A number opening a paragraph as its numbering (# stands for the number): 6. The Studio, (2) (a chapter's
# number stays: Chapter 3 <-> 第三章 must agree).
_EN_NUMBERING_RE = re.compile(r"^\s*\(?#\s*[.:)]\s")
_EN_ROUND_RE = re.compile(r"(?:a|one|ten|a hundred)\s+(?:hundred|thousand|million|billion)", re.IGNORECASE)
_OR_BEFORE_RE = re.compile(r"\bor\s+$", re.IGNORECASE)
_OR_AFTER_RE = re.compile(r"^\s+or\b", re.IGNORECASE)
_MONTH_NAMES = "January February March April May June July August September October November December"
_MONTHS = {name: k for k, name in enumerate(_MONTH_NAMES.split(), start=1)}
_EN_TOKEN_RE = re.compile(
    r"(?P<digits>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
    r"(?P<suffix>st|nd|rd|th|s)?(?:\s?(?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"|(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*)"
)


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
    tokens = list(_EN_TOKEN_RE.finditer(text))
    out: list[Number] = []
    k = 0
    while k < len(tokens):
        m = tokens[k]
        if m.group("digits"):
            k += 1
            digits = m.group("digits")
            value = float(digits.replace(",", ""))
            start = m.start()
            if _in_code(text, start):
                out.append(Number(m.group(0), value, Strength.OPTIONAL))  # CO2, G20, COP29
                continue
            if m.group("scale"):
                value *= _EN_SCALES[m.group("scale")]
            elif k < len(tokens) and (tokens[k].group("word") or "").lower() in _EN_SCALES and (
                text[m.end() : tokens[k].start()].strip() == ""
            ):
                value *= _EN_SCALES[tokens[k].group("word").lower()]
                k += 1
            numbering = _numbering(_EN_NUMBERING_RE, text, m.start(), m.end())
            out.append(Number(m.group(0), value, Strength.OPTIONAL if numbering else Strength.STRONG))
            continue
        word = m.group("word")
        low = word.lower()
        if word in _MONTHS:
            out.append(Number(word, _MONTHS[word], Strength.OPTIONAL))
            k += 1
            continue
        if low in _EN_OTHER and not (low == "dozen" and k + 1 < len(tokens) and tokens[k + 1].group("word") == "or"):
            loose = low in _EN_LOOSE
            out.append(Number(word, _EN_OTHER[low], Strength.OPTIONAL if loose else Strength.WEAK))
            k += 1
            continue
        if low.rstrip("s") in _EN_SCALES and low.endswith("s") or low in ("dozens", "scores"):
            out.append(Number(word, _EN_SCALES.get(low[:-1], 12), Strength.APPROXIMATE))  # hundreds of, dozens
            k += 1
            continue
        number = _number_words(tokens, k, text)
        if number is None:
            k += 1
            continue
        written, value, ordinal, used = number
        # "twenty or thirty", "two or three": either number, an approximation ("a day or two" is just two).
        either = (_OR_BEFORE_RE.search(text[: tokens[k].start()]) and k >= 2 and _is_number_word(tokens[k - 2])) or (
            _OR_AFTER_RE.match(text[tokens[k + used - 1].end() :])
            and k + used + 1 < len(tokens)
            and _is_number_word(tokens[k + used + 1])
        )
        k += used
        if written.lower() in _EN_LOOSE:
            strength = Strength.OPTIONAL
        elif either:
            strength = Strength.APPROXIMATE
        elif _EN_ROUND_RE.fullmatch(written):
            strength = Strength.WEAK  # "a thousand times", "a million reasons": a manner of speech as often as not
        elif value >= 10 or used > 1:
            strength = Strength.STRONG
        else:
            strength = Strength.WEAK
        out.append(Number(written, value, strength))
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


# --- the check -----------------------------------------------------------------------------------------------


def unmatched(zh: list[Number], en: list[Number]) -> tuple[list[Number], list[Number]]:
    """The numbers of each side that the other side's numbers do not account for (same value, any form),
    optional ones left out. Where a value is short on one side, its weakest occurrences are the ones left over."""
    by_value: dict[float, tuple[list[Number], list[Number]]] = defaultdict(lambda: ([], []))
    for side, numbers in ((0, zh), (1, en)):
        for number in numbers:
            by_value[round(number.value, 6)][side].append(number)
    left: tuple[list[Number], list[Number]] = ([], [])
    for a, b in by_value.values():
        extra = len(a) - len(b)
        longer, side = (a, 0) if extra > 0 else (b, 1)
        if extra:
            spare = sorted(longer, key=lambda n: n.strength)[: abs(extra)]
            left[side].extend(n for n in spare if n.strength > Strength.OPTIONAL)
    # 2.7255 against 2.726: the same figure, rounded.
    for number in list(left[0]):
        close = next((other for other in left[1] if _rounded_alike(number, other)), None)
        if close is not None:
            left[0].remove(number)
            left[1].remove(close)
    order = {id(n): i for i, n in enumerate(zh + en)}
    return sorted(left[0], key=lambda n: order[id(n)]), sorted(left[1], key=lambda n: order[id(n)])


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


def mismatch(zh: list[Number], en: list[Number]) -> tuple[list[Number], list[Number]] | None:
    """The numbers to flag in a pair, or None: a strong number left over on either side, or numbers left over on
    both sides (three -> four); a weak or approximate one on one side alone is the translator's freedom."""
    left_zh, left_en = unmatched(zh, en)
    strong = ONE_SIDED and any(n.strength is Strength.STRONG for n in (*left_zh, *left_en))
    if strong or (left_zh and left_en):
        return left_zh, left_en
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
        left_zh, left_en = found
        parts = []
        if left_zh:
            parts.append("Chinese " + ", ".join(f"{n.text} ({_value(n)})" for n in left_zh))
        if left_en:
            parts.append("English " + ", ".join(f"{n.text} ({_value(n)})" for n in left_en))
        message = "Numbers differ: " + "; ".join(parts) + (" not in the other side" if len(parts) == 1 else "")
        yield pair.flag(Kind.NUMBER, Severity.ERROR, message, _shown(left_zh), _shown(left_en))
