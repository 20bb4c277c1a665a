"""The TMX: re-read by translate-toolkit — a unit per link, one-sided ones marked, props, the note, no empty seg."""

from __future__ import annotations

import io

from translate.storage.tmx import tmxfile

from reader_app.core.alignment import Alignment, Link
from reader_app.core.editing.pins import LinkStatus
from reader_app.core.exports import BilingualBook, write_export
from reader_app.core.exports.tmx import units_of_texts, write_tmx
from tests.unit.core.exports.conftest import NOTE_TEXT, ONE_SIDED

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx_of(book: BilingualBook) -> str:
    out = io.StringIO()
    write_export("tmx", book, out)
    return out.getvalue()


def props(unit) -> dict[str, str]:
    return {p.get("type"): p.text for p in unit.xmlelement.iter("{*}prop")}


def test_units_props_and_note(sample_book: BilingualBook) -> None:
    text = tmx_of(sample_book)
    store = tmxfile(text.encode("utf-8"))
    units = store.units
    assert len(units) == 9
    languages = [[tuv.get(XML_LANG) for tuv in u.xmlelement.iter("{*}tuv")] for u in units]
    assert [k for k, langs in enumerate(languages) if langs == ["zh-Hant", "en"]] == [0, 2, 3, 4, 6]
    assert [k for k, u in enumerate(units) if "x-one-sided" in props(u)] == ONE_SIDED
    assert [props(units[k])["x-one-sided"] for k in ONE_SIDED] == ["zh", "en", "en", "en"]
    assert [languages[k] for k in ONE_SIDED] == [["zh-Hant"], ["en"], ["en"], ["en"]]
    assert units[2].source.startswith("5月8日至9日") and units[2].target.startswith("On May 8-9")
    assert units[2].getnotes() == NOTE_TEXT
    assert [k for k, u in enumerate(units) if u.getnotes()] == [2]
    assert all(props(u)["x-status"] == "automatic" for u in units)
    assert props(units[0])["x-confidence"] == f"{sample_book.alignment.links[0].confidence:.4f}"
    assert "<seg></seg>" not in text and "<seg/>" not in text
    header = store.document.getroot().find("{*}header")
    assert header is not None and header.get("srclang") == "zh-Hant"


def test_statuses_and_control_characters() -> None:
    alignment = Alignment((Link((0,), (0,), 0.5), Link((1,), ())))
    out = io.StringIO()
    units = list(units_of_texts(["甲\x0c乙", "丙"], ["A & B"], alignment))
    units[0] = type(units[0])(units[0].zh, units[0].en, 0.5, LinkStatus.CONFIRMED, ("a <note>",), 0)
    write_tmx(units, out, "zh")
    store = tmxfile(out.getvalue().encode("utf-8"))
    assert [(u.source, u.target) for u in store.units] == [("甲乙", "A & B"), ("丙", None)]
    assert props(store.units[0]) == {"x-confidence": "0.5000", "x-status": "confirmed"}
    assert store.units[0].getnotes() == "a <note>"
