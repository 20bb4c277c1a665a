"""`bilingual-reader align`: formats, units, output file, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader_app.cli import main
from tests.conftest import SAMPLE

SAMPLE_LINKS = ["[0]:[0]", "[1]:[]", "[2]:[1]", "[3]:[2]", "[4]:[3]", "[]:[4]", "[5]:[5]", "[]:[6]", "[]:[7]"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["align", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_align_format_is_one_link_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(SAMPLE), "--tier", "1")
    assert (code, err) == (0, "")
    assert out.splitlines() == SAMPLE_LINKS


def test_json_lists_units_as_displayed_and_links_with_confidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(SAMPLE), "--tier", "1", "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"zh", "en", "links"}
    assert (len(data["zh"]), len(data["en"])) == (6, 8)
    assert data["zh"][0].startswith("中美“21世紀20年代強化氣候行動工作組”") and "(dòng)" not in data["zh"][0]
    assert [f"[{','.join(map(str, k['zh']))}]:[{','.join(map(str, k['en']))}]" for k in data["links"]] == SAMPLE_LINKS
    assert all(0.0 <= k["confidence"] <= 1.0 for k in data["links"])


def test_tsv_has_a_header_and_one_row_per_link(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, str(SAMPLE), "--tier", "1", "--format", "tsv")
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["zh_ids", "en_ids", "confidence", "zh", "en"]
    assert len(rows) == 10 and all(len(r) == 5 for r in rows)
    assert rows[6][:2] == ["", "4"] and rows[6][3] == "" and rows[6][4].startswith("Recalling the U.S. intent")


def test_tmx_through_translate_toolkit(capsys: pytest.CaptureFixture[str]) -> None:
    from translate.storage.tmx import tmxfile

    _code, out, _err = run(capsys, str(SAMPLE), "--tier", "1", "--format", "tmx")
    units = tmxfile(out.encode("utf-8")).units
    assert len(units) == 9
    assert units[2].source.startswith("5月8日至9日") and units[2].target.startswith("On May 8-9")
    assert units[1].target is None  # a one-sided unit: its Chinese only, marked x-one-sided, never an empty segment
    assert 'type="x-one-sided"' in out


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.align"
    code, out, _err = run(capsys, str(SAMPLE), "--tier", "1", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").splitlines() == SAMPLE_LINKS


def test_line_units_are_non_empty_lines_as_is(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("气候变化会议\n\n双方讨论了甲烷排放。\n下次会议在北京举行。\n", encoding="utf-8")
    en.write_text(
        "Climate change meeting\nThe two sides discussed methane emissions.\n\n\nNext: Beijing.\n", encoding="utf-8"
    )
    code, out, _err = run(capsys, str(zh), str(en), "--unit", "line", "--tier", "1", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["zh"] == ["气候变化会议", "双方讨论了甲烷排放。", "下次会议在北京举行。"]
    assert data["en"] == ["Climate change meeting", "The two sides discussed methane emissions.", "Next: Beijing."]
    assert [(k["zh"], k["en"]) for k in data["links"]] == [([0], [0]), ([1], [1]), ([2], [2])]


def test_line_units_of_one_file_split_by_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    both = tmp_path / "both.txt"
    both.write_text("气候变化会议\nClimate change meeting\n双方讨论了甲烷。\nThey discussed methane.\n", "utf-8")
    _code, out, _err = run(capsys, str(both), "--unit", "line", "--tier", "1")
    assert out.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_sentence_units_cover_every_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(SAMPLE), "--tier", "1", "--unit", "sentence", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert sorted(i for k in data["links"] for i in k["zh"]) == list(range(len(data["zh"])))
    assert sorted(j for k in data["links"] for j in k["en"]) == list(range(len(data["en"])))
    assert len(data["zh"]) > 6 and len(data["en"]) > 8


def test_missing_input_exits_3_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "/no/such/file.txt", "--tier", "1")
    assert (code, out) == (3, "")
    assert err == "bilingual-reader align: file.txt: no such file\n"


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        ([str(SAMPLE), "--unit", "word"], "invalid choice: 'word'"),
        ([str(SAMPLE), "--tier", "3"], "invalid choice: 3"),
        ([str(SAMPLE), "--format", "xml"], "invalid choice: 'xml'"),
        ([], "the following arguments are required: FILE"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], reason: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["align", *argv])
    _out, err = capsys.readouterr()
    assert raised.value.code == 2
    assert len(err.strip().splitlines()) == 1 and reason in err


def test_unwritable_output_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, str(SAMPLE), "--tier", "1", "-o", str(tmp_path / "missing" / "out.json"))
    assert code == 3 and err.count("\n") == 1 and "out.json: cannot be written" in err
