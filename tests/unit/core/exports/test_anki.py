"""The Anki deck: Anki's header lines, a card per noted pair, exact fields."""

from __future__ import annotations

import io

from reader_app.core.exports import BilingualBook, write_export
from reader_app.core.exports.anki import Card, write_deck


def test_a_card_per_noted_pair(sample_book: BilingualBook) -> None:
    out = io.StringIO()
    write_export("anki", sample_book, out)
    lines = out.getvalue().splitlines()
    assert lines[:5] == ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags\tGUID", "#tags column:3",
                         "#guid column:4"]
    cards = [line.split("\t") for line in lines[5:]]
    assert len(cards) == 1 and len(cards[0]) == 4
    front, back, tags, guid = cards[0]
    row = list(sample_book.rows())[2]
    assert front == row.zh[0].text
    assert back == row.en[0].text + "<hr>劉振民 = Liu Zhenmin &lt;the envoy&gt; &amp; co-chair"
    assert tags == "bilingual-reader names"
    assert len(guid) == 16
    again = io.StringIO()
    write_export("anki", sample_book, again)
    assert again.getvalue() == out.getvalue()  # the same guid: importing again updates the card


def test_deck_from_rows_escapes_what_would_break_a_row() -> None:
    out = io.StringIO()
    count = write_deck([Card("词\t语", 'a "word"\nsecond line', "", ("saved word", "HSK 3"), "k1"),
                        Card("二", "two")], out, deck="Reader words")
    lines = out.getvalue().splitlines()
    assert count == 2 and lines[5] == "#deck:Reader words"
    assert lines[6].split("\t")[:3] == ["词 语", "a &quot;word&quot;<br>second line", "saved_word HSK_3"]
    assert lines[7].split("\t")[:3] == ["二", "two", ""]
