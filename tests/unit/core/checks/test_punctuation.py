"""The punctuation check (advisory): unpaired brackets and quotes, a question on one side only."""

from __future__ import annotations

from reader_app.core.checks import Kind, Severity, check_document
from reader_app.core.checks.punctuation import unpaired
from tests.unit.core.checks.pairs import document, one_to_one


def test_unpaired_marks() -> None:
    assert unpaired("《巴黎协定》和「声明」（COP29）") == []
    assert unpaired("《巴黎协定和“声明”") == ["《"]
    assert unpaired("the Paris Agreement (COP 21 and “the statement") == ["“", "("]


def test_flags() -> None:
    zh = ["《巴黎协定的温控目标。", "你去过北京吗？", "1) 第一项"]
    en = ["The Paris Agreement’s temperature goal.", "You have been to Beijing.", "1) The first item"]
    found = check_document(document(zh, en), one_to_one(3), [Kind.PUNCTUATION])
    assert [(f.zh, f.severity, f.message, f.zh_evidence) for f in found] == [
        ((0,), Severity.ADVISORY, "Unpaired 《 in the Chinese", "《"),
        ((1,), Severity.ADVISORY, "A question in the Chinese only", ""),
    ]
