"""check_document on the bundled sample (flags pinned), the order of flags, the Ignore key, kind parsing."""

from __future__ import annotations

import pytest

from reader_app.core.aligner import align_document
from reader_app.core.checks import ALL_KINDS, DEFAULT_KINDS, Kind, Severity, check_document, flag_key, parse_kinds
from reader_app.core.documents import load_document
from tests.conftest import SAMPLE
from tests.unit.core.checks.pairs import alignment, document


def test_the_samples_flags() -> None:
    sample = load_document(SAMPLE)
    found = check_document(sample, align_document(sample, tier=1), ALL_KINDS)
    assert [(f.kind, f.severity, f.zh, f.en, f.message) for f in found] == [
        (Kind.OMISSION, Severity.WARNING, (1,), (), "Chinese paragraph with no English counterpart: 來源:生態環境部 "
         "編輯:澤宇 人氣: 發布時間:2024-05-16 10:44:07 摘要: 中美“21世紀20年代…"),
        (Kind.OMISSION, Severity.WARNING, (), (4,), "English paragraph with no Chinese counterpart: Recalling the U.S. "
         "intent to achieve 100 percent clean powe…"),
        (Kind.OMISSION, Severity.WARNING, (), (6,), "English paragraph with no Chinese counterpart: Recognizing the "
         "importance of developing circular economy a…"),
        (Kind.OMISSION, Severity.WARNING, (), (7,), "English paragraph with no Chinese counterpart: Both sides look "
         "forward to the U.S.-China High-Level Event …"),
    ]
    assert found[3].en_evidence == sample.en.paragraphs[7].text
    assert found[3].key == flag_key(Kind.OMISSION, [], [sample.en.paragraphs[7].fingerprint], "", found[3].en_evidence)


def test_flags_come_in_link_order_then_kind_order() -> None:
    zh = ["会议在2024年举行。", "双方讨论了MRV体系，共有35人参加。"]
    en = ["The meeting was held in 2024.", "They discussed it; 36 people took part.", "An English paragraph alone."]
    found = check_document(document(zh, en), alignment(([0], [0]), ([1], [1]), ([], [2])))
    assert [(f.kind, f.zh, f.en) for f in found] == [
        (Kind.NUMBER, (1,), (1,)),
        (Kind.NAME, (1,), (1,)),
        (Kind.OMISSION, (), (2,)),
    ]


def test_the_key_follows_the_text_not_the_position() -> None:
    pair_zh, pair_en = "共有35人参加。", "36 people took part."
    alone = check_document(document([pair_zh], [pair_en]), alignment(([0], [0])), [Kind.NUMBER])
    moved = check_document(
        document(["会议在北京举行。", pair_zh], ["The meeting was held in Beijing.", pair_en]),
        alignment(([0], [0]), ([1], [1])),
        [Kind.NUMBER],
    )
    assert [f.zh for f in moved] == [(1,)]
    assert [f.key for f in moved] == [f.key for f in alone]
    edited = check_document(document([pair_zh], ["37 people took part."]), alignment(([0], [0])), [Kind.NUMBER])
    assert edited[0].key != alone[0].key


def test_parse_kinds() -> None:
    assert parse_kinds("omission,number") == (Kind.NUMBER, Kind.OMISSION)
    assert parse_kinds("all") == ALL_KINDS
    assert parse_kinds("default, length") == (*DEFAULT_KINDS, Kind.LENGTH)
    with pytest.raises(ValueError, match="unknown check 'numbers' \\(checks: number, name, omission, untranslated, "
                       "length, punctuation\\)"):
        parse_kinds("numbers")


def test_default_kinds_are_the_ones_usually_errors() -> None:
    assert DEFAULT_KINDS == (Kind.NUMBER, Kind.NAME, Kind.OMISSION, Kind.UNTRANSLATED)


def test_cancel_stops_the_checks() -> None:
    from reader_app.core.cancellation import Cancelled

    sample = load_document(SAMPLE)
    with pytest.raises(Cancelled):
        check_document(sample, align_document(sample, tier=1), cancel=lambda: True)
