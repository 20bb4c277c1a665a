"""The length check (advisory): a pair far outside the document's own length ratio."""

from __future__ import annotations

from reader_app.core.checks import Kind, Severity, check_document
from tests.unit.core.checks.pairs import document, one_to_one

ZH = "双方讨论了能源转型、甲烷减排和循环经济等领域的合作问题。"  # 29 characters
EN = "The two sides discussed cooperation on the energy transition, methane and the circular economy."


def test_only_the_pair_far_outside_the_documents_ratio_is_flagged() -> None:
    zh = [ZH] * 9 + [ZH]
    en = [EN] * 9 + [EN + " " + EN + " " + EN]
    en[:9] = [e + " " * k for k, e in enumerate(en[:9])]  # distinct paragraphs, same length without spaces
    found = check_document(document(zh, en), one_to_one(10), [Kind.LENGTH])
    assert [(f.zh, f.severity, f.message) for f in found] == [
        ((9,), Severity.ADVISORY, "The English is 3.0x longer than usual in this document "
         "(8.8 English characters per Chinese one, usually 2.9)")
    ]


def test_a_short_document_says_nothing_about_its_ratio() -> None:
    found = check_document(document([ZH] * 3, [EN, EN + " ", EN * 3]), one_to_one(3), [Kind.LENGTH])
    assert found == []
