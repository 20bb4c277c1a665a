"""The rows every export writes, the Chinese script tag, the notes' numbering."""

from __future__ import annotations

import json

from reader_app.core.alignment import Alignment, Link
from reader_app.core.exports import BilingualBook, chinese_script_tag, link_notes_from_placements
from reader_app.core.model import ParagraphKind
from tests.conftest import GOLD
from tests.unit.core.exports.conftest import NOTE_TEXT, ONE_SIDED


def test_rows_are_the_links_with_their_paragraphs_and_notes(sample_book: BilingualBook) -> None:
    rows = list(sample_book.rows())
    assert len(rows) == 9
    assert [r.index for r in rows if r.one_sided] == ONE_SIDED
    assert [r.missing_side for r in rows if r.one_sided] == ["en", "zh", "zh", "zh"]
    assert [r.index for r in rows if r.is_heading] == [0]
    assert rows[2].zh[0].text.startswith("5月8日至9日") and rows[2].en[0].text.startswith("On May 8-9")
    assert [(n.number, n.link, n.side, n.paragraph, n.text) for r in rows for n in r.notes] == [
        (1, 2, "zh", 2, NOTE_TEXT)]
    assert rows[1].zh[0].kind is ParagraphKind.METADATA


def test_one_sided_links_are_the_gold_omissions(sample_book: BilingualBook) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["links"]
    assert sum(1 for g in gold if g["zh"] and g["en"]) == 5
    assert sum(1 for g in gold if not g["zh"] or not g["en"]) == 4
    rows = list(sample_book.rows())
    for row, link in zip(rows, gold, strict=True):
        assert bool(row.zh) == bool(link["zh"]) and bool(row.en) == bool(link["en"])
        for side in ("zh", "en"):
            if link[side]:
                assert row.paragraphs(side)[0].text.startswith(link[side][0])


def test_script_tag_tells_traditional_from_simplified(sample_book: BilingualBook) -> None:
    assert sample_book.zh_tag == "zh-Hant"
    assert sample_book.lang("en") == "en"
    assert chinese_script_tag(["双方计划在会议期间举办第二届峰会，并发布联合声明。"]) == "zh-Hans"
    assert chinese_script_tag(["雙方計劃在會議期間舉辦第二屆峰會，並發佈聯合聲明。"]) == "zh-Hant"
    assert chinese_script_tag([]) == "zh-Hans"


def test_notes_are_numbered_in_the_order_given_and_unplaceable_ones_left_out() -> None:
    alignment = Alignment((Link((0,), (0,)), Link((1,), ()), Link((), (1,))))
    notes = link_notes_from_placements([("en", 1, "b", "red", "", (), ""), ("zh", 7, "lost", "red", "", (), ""),
                                        ("zh", 1, "c", "blue", "Question", ("t",), "word")], alignment)
    assert [(n.number, n.link, n.text, n.quote) for n in notes] == [(1, 2, "b", ""), (2, 1, "c", "word")]
