"""The numbers of a Chinese text: digits, numerals (cn2an), their approximations, units, era years."""

from __future__ import annotations

import itertools
import re
import unicodedata
import warnings

from reader_app.core.aligner.lexicon import Lexicon, load_lexicon
from reader_app.core.checks.numbers.english import number_stems, spelled_stems
from reader_app.core.checks.numbers.number import YEAR, Number, Strength, in_code, numbering
from reader_app.core.checks.numbers.units import zh_unit

_ZH_DIGITS = "零〇一二三四五六七八九两兩壹贰貳叁參肆伍陆陸柒捌玖幺"
_ZH_UNITS = "十拾百佰千仟万萬亿億廿"
_ZH_NUMERAL = f"[{_ZH_DIGITS}{_ZH_UNITS}]+(?:[点點][{_ZH_DIGITS}]+)?"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A number opening a paragraph as its numbering (# stands for the number): 6.片厂, 三、, （二）, 第三章 stays.
_ZH_NUMBERING_RE = re.compile(r"^\s*[(（]?#\s*[、.．:：)）]")
# "The two of them" (liǎ, not a numeral character), "the two sides" (双方, "both sides" as often).
_ZH_TWO_RE = re.compile("[俩倆]|[双雙]方")
# One digit against a capital letter is a name (5G, 3D, 3K眼镜) more than a count.
_CODE_AFTER_RE = re.compile(r"\d[A-Z](?![A-Za-z])")
_ZH_NUMBER_RE = re.compile(
    rf"(?P<century>(?:{_ARABIC}|{_ZH_NUMERAL})世纪|(?:{_ARABIC}|{_ZH_NUMERAL})世紀)?"
    rf"(?P<percent>百分之)?"
    rf"(?P<number>{_ARABIC}[万萬亿億]*|{_ZH_NUMERAL})"
    rf"(?P<fraction>分之(?:{_ARABIC}|{_ZH_NUMERAL}))?"
    rf"(?P<decade>年代)?"
)
# After a number: an approximation (二十多岁, 十几个, 三十来岁, 五十左右); before it: 几十, 数百, 近千, 上万.
_ZH_APPROX_AFTER = ("多", "余", "餘", "几", "幾", "来", "來", "左右", "上下", "出头", "出頭")
_ZH_APPROX_BEFORE = ("几", "幾", "数", "數", "好")
# Before a unit alone (百, 千, 万, 亿: cn2an reads none of them alone): 几百步 "a few hundred paces", 近千座
# "nearly a thousand", 上万人 "tens of thousands", 成千上万.
_ZH_BARE_UNIT_BEFORE = (*_ZH_APPROX_BEFORE, "近", "上", "成")
_ZH_BARE_UNITS = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZH_DIGIT_VALUES = {ch: k for k, chars in enumerate(("零〇", "一壹幺", "二贰貳两兩", "三叁參", "四肆", "五伍",
                                                      "六陆陸", "七柒", "八捌", "九玖")) for ch in chars}
# 一米六零, 一米七五: a height in metres and centimetres (1.60 m).
_HEIGHT_RE = re.compile(f"([一两二兩])米([{_ZH_DIGITS}])([{_ZH_DIGITS}])?(?![{_ZH_UNITS}])")
# Years of the Republic (民国元年 = 1912, 民国三十八年 = 1949), which English gives as the Western year.
_REPUBLIC = ("民国", "民國")
_REPUBLIC_FIRST_RE = re.compile("民[国國]元年")


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


# Idioms with numbers run up to 7 characters (十万八千里, 三下五除二); CC-CEDICT's words up to 8.
_LONGEST_IDIOM = 7


def _idiomatic(text: str, start: int, end: int, value: float | None, lexicon: Lexicon) -> bool:
    """Whether the numeral at [start, end) is part of a dictionary word whose first sense is not about a number
    (一样 "same", 统一 "unify", 十分 "very", 一下 "give it a go", 十万八千里 "poles apart"), rather than 第一 / 五月
    / 两国 (or 三个, no word).
    The first sense only: 十分 also means "hundred percent", 一旦 "one day". Not a word that ends inside a measure
    word after the numeral: 十分钟 is 十 分钟 "ten minutes"."""
    numeric = number_stems()
    measure = _measure_word(text, end, lexicon)
    for a in range(max(0, start - _LONGEST_IDIOM + 1), end):
        for b in range(max(a + 2, start + 1), min(len(text), a + _LONGEST_IDIOM) + 1):
            if not (a < end and b > start) or (start <= a and b <= end):
                continue  # must overlap the numeral and reach outside it
            if end < b < end + measure:
                continue
            k = lexicon.word_index.get(text[a:b])
            if k is not None:
                senses = lexicon.translations_of(k)
                if not senses:
                    continue
                if b - a > 4:
                    # A long word (a title, an idiom) keeps its number when its senses spell that number:
                    # 四十二章经 "Sutra in Forty-two Sections", not 十万八千里 "a million miles apart".
                    if value is None or not spelled_stems(value) <= set(senses):
                        return True
                elif senses[0] not in numeric:
                    return True
    return False


def _measure_word(text: str, end: int, lexicon: Lexicon) -> int:
    """The length of the longest dictionary word of two characters or more at `end` that starts with a measure
    word (分钟, 点钟, 年级), 0 for none."""
    if end >= len(text) or text[end] not in _MEASURES:
        return 0
    return max((n for n in range(2, 5) if text[end : end + n] in lexicon.word_index), default=0)


# What follows a number that counts something: measure words, units, time. A numeral after a surname with none of
# these after it is a name (茅十八 "Whiskers Mao", 王二, 小四), not a number.
_MEASURES = set(
    "个個岁歲年月日号號天次人位名只隻条條件本张張块塊元圆圓角分秒点點钟鐘倍层層家口声聲回遍把匹头頭支根句首篇章节節部"
    "届屆期项項种種类類批座间間所辆輛架艘封份套双雙对對群队隊团團组組斤两兩里米尺寸丈亩畝吨噸克升度成步下趟顿頓场場"
    "周週星世代辈輩份样樣碗杯瓶盘盤桌床幅颗顆粒滴片段行列排门門道扇面棵株朵枝笔筆"
)
_NICKNAME_PREFIXES = "小老阿"
# Round figures that are as often a manner of speech (一万个不服 "not in a million years"): weak, flagged only
# beside another number left over.
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
    """The numbers of a Chinese text, in order (era years and heights after the others)."""
    lexicon = lexicon or load_lexicon()
    text = unicodedata.normalize("NFKC", text)  # full-width digits and ％ as ASCII
    groups = itertools.count()
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    special: list[Number] = []
    for m in _HEIGHT_RE.finditer(text):
        metres, tenths, hundredths = (_ZH_DIGIT_VALUES[ch] if ch else 0 for ch in m.groups(""))
        special.append(Number(m.group(0), metres + tenths / 10 + hundredths / 100, Strength.STRONG, unit="米"))
        taken.append(m.span())
    # A year: not flagged alone ("the first year of the Republic" has none).
    special += [Number(m.group(0), 1912, Strength.STRONG, unit=YEAR) for m in _REPUBLIC_FIRST_RE.finditer(text)]
    for m in _ZH_NUMBER_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        out.extend(_reading(text, m, lexicon, groups))
    out.extend(Number(m.group(0), 2, Strength.WEAK) for m in _ZH_TWO_RE.finditer(text))
    return out + special


def _reading(text: str, m: re.Match[str], lexicon: Lexicon, groups: itertools.count[int]) -> list[Number]:
    """The numbers one match of _ZH_NUMBER_RE stands for (none, one, or the readings of a range)."""
    raw = m.group("number")
    start, end = m.start("number"), m.end("number")
    written = m.group(0)
    is_arabic = raw[0].isdigit()
    if is_arabic and in_code(text, start):
        value = _zh_value(raw)
        return [] if value is None else [Number(written, value, Strength.OPTIONAL)]  # COP29, CO2: part of a code
    out: list[Number] = []
    if m.group("century") and m.group("decade"):
        century, decade = _zh_value(m.group("century")[:-2]), _zh_value(raw)
        if century is not None and decade is not None:  # 21世纪20年代: the 2020s
            out.append(Number(written, (century - 1) * 100 + decade, Strength.STRONG))
        return out
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
        return out
    before, after = text[max(0, start - 1) : start], text[end : end + 2]
    if raw in _ZH_BARE_UNITS:
        if before in _ZH_BARE_UNIT_BEFORE:
            out.append(Number(before + raw, _ZH_BARE_UNITS[raw], Strength.APPROXIMATE))
        return out
    if raw in "两兩" and before and before in _ZH_APPROX_AFTER:
        return out  # 二十几两: some twenty taels
    if not is_arabic and len(raw) > 1 and raw[-1] in "两兩" and raw[-2] in _ZH_DIGITS + _ZH_UNITS:
        if len(raw) == 2 and raw[0] in _ZH_DIGITS and after[:1] in _MEASURES:  # 三两个: two or three
            return [Number(raw, _ZH_DIGIT_VALUES[ch], Strength.APPROXIMATE) for ch in raw]
        raw, end = raw[:-1], end - 1  # 五十两: fifty taels (两 the measure word, not "two")
        written = text[m.start() : end]
        before, after = text[max(0, start - 1) : start], text[end : end + 2]
    value = _zh_value(raw)
    if not is_arabic and (_idiomatic(text, start, end, value, lexicon) or _in_name(text, start, end)):
        return out
    if value is None:
        return out + _zh_range(raw)
    unit = zh_unit(text, end)
    if text[max(0, start - 2) : start] in _REPUBLIC and text[end : end + 1] == "年":
        group = next(groups)  # 民国三十八年: the 38th year of the Republic, 1949
        strength = Strength.STRONG if len(raw) > 1 else Strength.WEAK
        return [*out, Number(written, value, strength, group),
                Number(text[start - 2 : end + 1], 1911 + value, Strength.STRONG, group, YEAR)]
    if text[end : end + 1] == "年" and value.is_integer() and 1000 <= value <= 2100 and (is_arabic or len(raw) == 4):
        unit = YEAR  # 2024年, 二〇二四年
    if m.group("decade"):  # 八十年代: the eighties or the 1980s
        group = next(groups)
        out.append(Number(written, value, Strength.APPROXIMATE, group))
        if value < 100:
            out.append(Number(written, 1900 + value, Strength.APPROXIMATE, group))
        return out
    if len(raw) == 2 and all(ch in _ZH_DIGIT_VALUES for ch in raw):
        # 三五个, 七八天: two digits side by side are "three or five", not thirty-five
        return out + [Number(ch, _ZH_DIGIT_VALUES[ch], Strength.APPROXIMATE, unit=unit) for ch in raw]
    if after[:1] in _ZH_APPROX_AFTER and text[end + 1 : end + 2] in _ZH_BARE_UNITS:
        # 一百多亿 "more than ten billion", 三千多万
        return out + [Number(text[m.start() : end + 2], value * _ZH_BARE_UNITS[text[end + 1]], Strength.APPROXIMATE)]
    if len(raw) == 3 and all(ch in _ZH_DIGIT_VALUES for ch in raw) and after[:1] in "几幾":
        group = next(groups)  # 一九六几年: the sixties, in the 1960s
        return out + [Number(written, value * 10, Strength.APPROXIMATE, group),
                      Number(written, value * 10 % 100, Strength.APPROXIMATE, group)]
    if is_arabic and _CODE_AFTER_RE.fullmatch(text, start, end + 1):
        strength = Strength.WEAK  # 3K眼镜: flagged only beside another number left over (3K -> 5K)
    elif numbering(_ZH_NUMBERING_RE, text, m.start(), end):
        strength = Strength.OPTIONAL  # 6.片厂, 三、: a section number, which translations renumber or drop
    elif before in _ZH_APPROX_BEFORE or after.startswith(_ZH_APPROX_AFTER):
        strength = Strength.APPROXIMATE
    elif not is_arabic and raw in _ZH_ROUND:
        strength = Strength.WEAK
    elif is_arabic or len(raw) > 1 or m.group("percent"):
        strength = Strength.STRONG
    elif value == 1:
        strength = Strength.OPTIONAL  # 一 is also "a", "the whole", "once": 一眼 is "a glance"
    else:
        strength = Strength.WEAK
    return [*out, Number(written, value, strength, unit=unit)]


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
