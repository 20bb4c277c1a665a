"""The ruby readings kept for View ▸ Show Readings: exact offsets in the display text, from flattened pinyin and
from <ruby> markup; the display text itself unchanged."""

from __future__ import annotations

from pathlib import Path

from reader_app.core.documents import load_document
from reader_app.core.documents.cleanup import remove_ruby, strip_ruby
from reader_app.core.documents.readings import paragraph_readings, readings_in
from reader_app.paths import sample_path


def test_sample_title_readings() -> None:
    title = load_document(sample_path()).zh.paragraphs[0]
    assert title.original == "中美“21世紀20年代強化氣候行動(dòng)工作組”會(huì )議情況"
    assert title.text == "中美“21世紀20年代強化氣候行動工作組”會議情況"
    assert paragraph_readings(title) == {16: "dòng", 21: "huì"}
    assert title.text[16] + title.text[21] == "動會"


def test_sample_readings_across_a_kept_line_break() -> None:
    # The source line and the summary: two lines kept as one paragraph; offsets after the break still land.
    paragraph = load_document(sample_path()).zh.paragraphs[1]
    found = paragraph_readings(paragraph)
    assert [(k, paragraph.text[k], v) for k, v in sorted(found.items())] == [
        (0, "來", "lái"), (4, "態", "tài"), (5, "環", "huán"), (19, "發", "fā"), (21, "時", "shí"),
        (64, "動", "dòng"), (69, "會", "huì")]


def test_every_sample_reading_is_on_its_character() -> None:
    document = load_document(sample_path())
    total = 0
    for paragraph in document.zh.paragraphs:
        stripped, found = strip_ruby(paragraph.original)
        shown = paragraph_readings(paragraph)
        assert len(shown) == len(found) == remove_ruby(paragraph.original)[1]
        assert [paragraph.text[k] for k in sorted(shown)] == [stripped[k] for k, _ in found]
        total += len(shown)
    assert total == 58
    assert all(not paragraph_readings(p) for p in document.en.paragraphs)


def test_not_a_reading_is_not_kept() -> None:
    # (COP29) follows a Han character but is no reading of it: it stays in the text and has no reading.
    assert readings_in("大會(COP29)在", "大會(COP29)在") == {}
    assert readings_in("行動(dòng)  與\n會(huì)", "行動 與會") == {1: "dòng", 4: "huì"}


def test_ruby_markup_of_html(tmp_path: Path) -> None:
    page = tmp_path / "ruby.html"
    page.write_text(
        '<html><head><meta charset="utf-8"></head><body>'
        "<p>氣候<ruby>行<rp>(</rp><rt>xíng</rt><rp>)</rp>動<rt>dòng</rt></ruby>與<ruby>會議<rt>huì yì</rt></ruby>。"
        "<ruby>漢<rt>ㄏㄢˋ</rt></ruby></p><p>Climate action and meetings.</p></body></html>", encoding="utf-8")
    paragraph = load_document(page).zh.paragraphs[0]
    assert paragraph.text == "氣候行動與會議。漢"  # zhuyin (not pinyin) is dropped, as before
    assert paragraph_readings(paragraph) == {2: "xíng", 3: "dòng", 5: "huì", 6: "yì"}
