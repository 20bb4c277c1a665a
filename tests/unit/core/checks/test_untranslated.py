"""The untranslated check: Han characters left in the English, and the same text on both sides."""

from __future__ import annotations

from reader_app.core.checks import Kind, Severity, check_document
from reader_app.core.checks.untranslated import han_left_in
from tests.unit.core.checks.pairs import document, one_to_one


def flags(zh: list[str], en: list[str]) -> list[tuple[Severity, str, str, str]]:
    found = check_document(document(zh, en), one_to_one(len(zh)), [Kind.UNTRANSLATED])
    return [(f.severity, f.message, f.zh_evidence, f.en_evidence) for f in found]


def test_han_left_in_running_english_but_not_in_a_gloss() -> None:
    assert han_left_in("The 气候 crisis and the 气候 goal") == ["气候"]
    assert han_left_in("The flow of qi (气) and the Tao [道]") == []
    assert han_left_in("All translated.") == []


def test_flags() -> None:
    same = "The Working Group will meet again in Beijing."
    assert flags(["气候危机。", same, "中国"], ["The 气候 crisis.", same, "中国"]) == [
        (Severity.ERROR, "Chinese left in the English: 气候", "", "气候"),
        (Severity.WARNING, "The same text on both sides", same, same),
        # a short shared text (a name, a code) is not "the same text"; its Han characters in the English are
        (Severity.ERROR, "Chinese left in the English: 中国", "", "中国"),
    ]
