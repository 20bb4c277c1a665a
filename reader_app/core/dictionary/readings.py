"""Readings for people: CC-CEDICT's numbered pinyin (lu:4 mao4 zi5) as tone-marked pinyin (lǜ mào zi) or zhuyin."""

from __future__ import annotations

import re

_MARKS = {
    "a": "āáǎàa",
    "e": "ēéěèe",
    "i": "īíǐìi",
    "o": "ōóǒòo",
    "u": "ūúǔùu",
    "ü": "ǖǘǚǜü",
}
_SYLLABLE_RE = re.compile(r"^([A-Za-z:üÜ]+?)([1-5])$")
_VOWELS = "aeiouü"


def _plain(letters: str) -> str:
    """CC-CEDICT writes ü as u: (and some sources as v)."""
    return letters.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")


def marked_syllable(syllable: str) -> str:
    """One numbered syllable with its tone mark: the mark goes on a or e, on the o of ou, else on the last vowel;
    tone 5 (neutral) has none. A syllable without a tone number (a Latin letter, "·") is left as it is."""
    m = _SYLLABLE_RE.match(syllable)
    if not m:
        return _plain(syllable) if ":" in syllable else syllable
    letters, tone = _plain(m.group(1)), int(m.group(2))
    if letters.lower() == "r" and tone == 5:
        return letters  # the erhua suffix 兒 [r5]
    low = letters.lower()
    if "a" in low:
        at = low.index("a")
    elif "e" in low:
        at = low.index("e")
    elif "ou" in low:
        at = low.index("o")
    else:
        vowels = [k for k, ch in enumerate(low) if ch in _VOWELS]
        if not vowels:
            return letters  # m2, ng2, hm5: a syllabic consonant carries no mark here
        at = vowels[-1]
    vowel = low[at]
    mark = _MARKS[vowel][tone - 1]
    if letters[at].isupper():
        mark = mark.upper()
    return letters[:at] + mark + letters[at + 1 :]


def marked(pinyin: str) -> str:
    """Numbered pinyin as written in CC-CEDICT ("qi4 hou4") with tone marks ("qì hòu")."""
    return " ".join(marked_syllable(s) for s in pinyin.split())


_INITIALS = {
    "b": "ㄅ", "p": "ㄆ", "m": "ㄇ", "f": "ㄈ", "d": "ㄉ", "t": "ㄊ", "n": "ㄋ", "l": "ㄌ", "g": "ㄍ", "k": "ㄎ",
    "h": "ㄏ", "j": "ㄐ", "q": "ㄑ", "x": "ㄒ", "zh": "ㄓ", "ch": "ㄔ", "sh": "ㄕ", "r": "ㄖ", "z": "ㄗ", "c": "ㄘ",
    "s": "ㄙ",
}  # fmt: skip
_FINALS = {
    "a": "ㄚ", "o": "ㄛ", "e": "ㄜ", "ê": "ㄝ", "ai": "ㄞ", "ei": "ㄟ", "ao": "ㄠ", "ou": "ㄡ", "an": "ㄢ", "en": "ㄣ",
    "ang": "ㄤ", "eng": "ㄥ", "ong": "ㄨㄥ", "er": "ㄦ", "i": "ㄧ", "ia": "ㄧㄚ", "ie": "ㄧㄝ", "iao": "ㄧㄠ",
    "iu": "ㄧㄡ", "ian": "ㄧㄢ", "in": "ㄧㄣ", "iang": "ㄧㄤ", "ing": "ㄧㄥ", "iong": "ㄩㄥ", "io": "ㄧㄛ",
    "u": "ㄨ", "ua": "ㄨㄚ", "uo": "ㄨㄛ", "uai": "ㄨㄞ", "ui": "ㄨㄟ", "uan": "ㄨㄢ", "un": "ㄨㄣ",
    "uang": "ㄨㄤ", "ueng": "ㄨㄥ", "ü": "ㄩ", "üe": "ㄩㄝ", "üan": "ㄩㄢ", "ün": "ㄩㄣ",
}  # fmt: skip
# Syllables with no initial, as pinyin spells them (y-, w-), by their final.
_ZERO_INITIAL = {
    "yi": "i", "ya": "ia", "ye": "ie", "yao": "iao", "you": "iu", "yan": "ian", "yin": "in", "yang": "iang",
    "ying": "ing", "yong": "iong", "yo": "io", "wu": "u", "wa": "ua", "wo": "uo", "wai": "uai", "wei": "ui",
    "wan": "uan", "wen": "un", "wang": "uang", "weng": "ueng", "yu": "ü", "yue": "üe", "yuan": "üan", "yun": "ün",
}  # fmt: skip
_ZHUYIN_TONES = {1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ"}


def zhuyin_syllable(syllable: str) -> str:
    """One numbered syllable in zhuyin (bopomofo) with its tone: 女 nu:3 -> ㄋㄩˇ, 的 de5 -> ˙ㄉㄜ. A syllable that
    is not pinyin (a Latin letter) is left as it is."""
    m = _SYLLABLE_RE.match(syllable)
    if not m:
        return syllable
    letters, tone = _plain(m.group(1)).lower(), int(m.group(2))
    if letters == "r":
        return "ㄦ"  # the erhua suffix: written small after its syllable, with no tone of its own
    if letters in ("zhi", "chi", "shi", "ri", "zi", "ci", "si"):
        body = _INITIALS[letters[:-1]]
    elif letters in _ZERO_INITIAL:
        body = _FINALS[_ZERO_INITIAL[letters]]
    else:
        initial = next((i for i in ("zh", "ch", "sh") if letters.startswith(i)), letters[:1])
        final = letters[len(initial) :]
        if initial in ("j", "q", "x") and final.startswith("u"):
            final = "ü" + final[1:]  # ju, que, xuan: the ü is written u after j, q, x
        if initial not in _INITIALS or final not in _FINALS:
            if letters in _FINALS:  # a, e, er, ai, ou ...: no initial
                return (_FINALS[letters] + _ZHUYIN_TONES[tone]) if tone < 5 else "˙" + _FINALS[letters]
            return syllable
        body = _INITIALS[initial] + _FINALS[final]
    return "˙" + body if tone == 5 else body + _ZHUYIN_TONES[tone]


def zhuyin(pinyin: str) -> str:
    """Numbered pinyin ("qi4 hou4") in zhuyin ("ㄑㄧˋ ㄏㄡˋ")."""
    return " ".join(zhuyin_syllable(s) for s in pinyin.split())


def toneless(pinyin: str) -> str:
    """The letters of a reading, lower case, no tones or spaces: 清扬 "Qing1 yang2" -> "qingyang" (name matching)."""
    return "".join(ch for ch in _plain(pinyin).lower().replace("ü", "u") if "a" <= ch <= "z")
