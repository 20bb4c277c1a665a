"""The name check: Latin script kept in the Chinese, addresses, transcribed Chinese names."""

from __future__ import annotations

from reader_app.core.checks import Kind, Severity, check_document
from reader_app.core.checks.names import addresses_missing, latin_missing
from tests.unit.core.checks.pairs import alignment, document, one_to_one, pair


def flags(zh: list[str], en: list[str]) -> list[tuple[Severity, tuple[int, ...], str, str, str]]:
    found = check_document(document(zh, en), one_to_one(len(zh)), [Kind.NAME])
    return [(f.severity, f.zh, f.message, f.zh_evidence, f.en_evidence) for f in found]


def test_latin_tokens_match_across_spacing_case_and_plural() -> None:
    zh = "雙方計劃在COP29期間，按時提交國家自主貢獻(NDCs)，完善MRV體系，對照COP 28。"
    en = "At COP 29 the two sides will submit NDCs, improve MRV systems, as agreed at cop28."
    assert latin_missing(zh, en) == []


def test_latin_tokens_missing_from_the_english() -> None:
    zh = "双方在COP29期间完善MRV体系，详见 https://example.org/mrv 。"
    en = "During the conference the two sides will improve their systems."
    assert latin_missing(zh, en) == ["COP29", "MRV", "https://example.org/mrv"]


def test_english_acronyms_may_be_translated_but_addresses_must_stay() -> None:
    en = "UNEP's observatory (see www.unep.org or write to info@unep.org) monitors CO2."
    assert addresses_missing(en, "联合国环境规划署的观测站监测二氧化碳。") == ["www.unep.org", "info@unep.org"]
    assert addresses_missing(en, "联合国环境规划署（www.unep.org，info@unep.org）监测二氧化碳。") == []


def test_a_code_missing_is_an_error_on_its_pair() -> None:
    zh, en = ["会议在北京举行。", "双方讨论了MRV体系。"], ["The meeting was held in Beijing.", "They discussed it."]
    assert flags(zh, en) == [
        (Severity.ERROR, (1,), "MRV in the Chinese, not in the English", "MRV", "")
    ]


def test_a_transcribed_name_replaced_by_another_is_a_warning() -> None:
    zh = ["陈清扬说她是医生。", "后来陈清扬去了山里。", "罗小四来了。", "罗小四走了。", "陈清扬笑了起来。",
          "陈清扬哭了。"]
    en = ["Chen Qingyang said she was a doctor.", "Later Chen Qingyang went to the mountains.", "Luo Xiaosi came.",
          "Luo Xiaosi left.", "Luo Xiaosi laughed.", "She cried."]
    assert flags(zh, en) == [
        (Severity.WARNING, (4,), "清扬 (Qingyang elsewhere) in the Chinese; the English has Xiaosi instead",
         "清扬", "Xiaosi"),
        # (5,): "She" for 陈清扬 is how English refers to a person, not an error
    ]


def test_a_name_seen_once_or_translated_is_not_flagged() -> None:
    # 清扬 beside Qingyang once only: not confirmed; 韦小宝 is "Trinket" all along: no pinyin to match.
    zh = ["陈清扬说她是医生。", "陈清扬笑了。", "韦小宝道：“我叫小桂子。”", "韦小宝笑了。"]
    en = ["Chen Qingyang said she was a doctor.", "She laughed.", "'My name's Laurel,' said Trinket.", "He laughed."]
    assert flags(zh, en) == []


def test_gaps_are_not_checked_for_names() -> None:
    document_, _alignment = pair("MRV体系", "The system")
    assert check_document(document_, alignment(([0], []), ([], [0])), [Kind.NAME]) == []
