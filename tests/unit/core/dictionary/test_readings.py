"""Numbered pinyin as tone marks and zhuyin: where the mark goes, ü, erhua, the neutral tone."""

from __future__ import annotations

import pytest

from reader_app.core.dictionary.readings import marked, toneless, zhuyin


@pytest.mark.parametrize(
    ("numbered", "tone_marked"),
    [
        ("chang2", "cháng"),
        ("zhang3", "zhǎng"),
        ("qi4 hou4", "qì hòu"),
        ("lu:4", "lǜ"),  # CC-CEDICT's u: is ü
        ("nu:3", "nǚ"),
        ("lu:e4", "lüè"),  # the mark on e, not on ü
        ("Lu:3 Xun4", "Lǚ Xùn"),  # capitals kept
        ("er2", "ér"),
        ("hua4 r5", "huà r"),  # erhua: no syllable, no mark
        ("de5", "de"),  # neutral tone: no mark
        ("ma5", "ma"),
        ("gou3", "gǒu"),  # ou: on the o
        ("gui4", "guì"),  # ui: on the last vowel
        ("liu2", "liú"),  # iu: on the last vowel
        ("Zhong1 guo2", "Zhōng guó"),
        ("T xu4", "T xù"),  # a Latin letter stays
        ("m2", "m"),
    ],
)
def test_tone_marks(numbered: str, tone_marked: str) -> None:
    assert marked(numbered) == tone_marked


@pytest.mark.parametrize(
    ("numbered", "bopomofo"),
    [
        ("chang2", "ㄔㄤˊ"),
        ("zhang3", "ㄓㄤˇ"),
        ("qi4 hou4", "ㄑㄧˋ ㄏㄡˋ"),
        ("nu:3", "ㄋㄩˇ"),
        ("jue2", "ㄐㄩㄝˊ"),  # u after j is ü
        ("xiong2", "ㄒㄩㄥˊ"),
        ("zhi1", "ㄓ"),  # the empty rime
        ("si4", "ㄙˋ"),
        ("yu3", "ㄩˇ"),
        ("wei4", "ㄨㄟˋ"),
        ("er2", "ㄦˊ"),
        ("hua4 r5", "ㄏㄨㄚˋ ㄦ"),
        ("de5", "˙ㄉㄜ"),  # the neutral tone's dot goes first
        ("Zhong1 guo2", "ㄓㄨㄥ ㄍㄨㄛˊ"),
    ],
)
def test_zhuyin(numbered: str, bopomofo: str) -> None:
    assert zhuyin(numbered) == bopomofo


def test_toneless() -> None:
    assert toneless("Qing1 yang2") == "qingyang"
    assert toneless("Lu:3") == "lu"
