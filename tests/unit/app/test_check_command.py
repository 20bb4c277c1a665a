"""`bilingual-reader check`: json and tsv output, kinds, output file, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader_app.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from tests.conftest import SAMPLE

SAMPLE_FLAGS = [("omission", "warning", [1], []), ("omission", "warning", [], [4]), ("omission", "warning", [], [6]),
                ("omission", "warning", [], [7])]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_the_samples_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(SAMPLE), "--tier", "1")
    assert (code, err) == (EXIT_OK, "")
    flags = json.loads(out)["flags"]
    assert [(f["kind"], f["severity"], f["zh"], f["en"]) for f in flags] == SAMPLE_FLAGS
    assert set(flags[0]) == {"kind", "severity", "zh", "en", "message", "zh_evidence", "en_evidence"}
    assert flags[3]["en_evidence"] == "Both sides look forward to the U.S.-China High-Level Event on Subnational " \
        "Climate Action, to be held May 29-30, in Berkeley, CA."


def test_tsv_and_kinds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("会议于2024年举行，共有35人参加。\n\n双方讨论了MRV体系。\n", encoding="utf-8")
    en.write_text("The meeting was held in 2024 with 36 participants.\n\nThey discussed\tthe system.\n",
                  encoding="utf-8")
    code, out, _err = run(capsys, str(zh), str(en), "--tier", "1", "--format", "tsv")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "kind\tseverity\tzh\ten\tmessage\tzh_evidence\ten_evidence",
        "number\terror\t0\t0\tNumbers differ: Chinese 35 (35); English 36 (36)\t35\t36",
        "name\terror\t1\t1\tMRV in the Chinese, not in the English\tMRV\t",
    ]
    code, out, _err = run(capsys, str(zh), str(en), "--tier", "1", "--format", "tsv", "--kinds", "name")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["kind", "name"]


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "flags.json"
    code, out, _err = run(capsys, str(SAMPLE), "--tier", "1", "-o", str(target))
    assert (code, out) == (EXIT_OK, "")
    assert len(json.loads(target.read_text(encoding="utf-8"))["flags"]) == 4


@pytest.mark.parametrize(
    ("argv", "code", "reason"),
    [
        (["--kinds", "number,spelling"], EXIT_USAGE, "unknown check 'spelling'"),
        (["--kinds", ","], EXIT_USAGE, "--kinds names no check"),
    ],
)
def test_bad_kinds_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
                                        reason: str) -> None:
    result, out, err = run(capsys, str(SAMPLE), "--tier", "1", *argv)
    assert (result, out) == (code, "")
    assert err.count("\n") == 1 and err.startswith("bilingual-reader check: ") and reason in err


def test_bad_format_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(SAMPLE), "--format", "xml"])
    assert raised.value.code == EXIT_USAGE
    assert capsys.readouterr().err.count("\n") == 1


def test_unreadable_and_one_language_input_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, str(tmp_path / "missing.txt"))
    assert (code, out, err) == (EXIT_INPUT, "", "bilingual-reader check: missing.txt: no such file\n")
    english = tmp_path / "english.txt"
    english.write_text("Only English here.\n\nAnd more English.\n", encoding="utf-8")
    code, out, err = run(capsys, str(english))
    assert (code, out) == (EXIT_INPUT, "")
    assert err == ("bilingual-reader check: english.txt: has no Chinese paragraphs; open the translation as a "
                   "second file\n")


def test_unwritable_output_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, str(SAMPLE), "--tier", "1", "-o", str(tmp_path / "no" / "such" / "out.json"))
    assert code == EXIT_INPUT and err.count("\n") == 1 and "out.json: cannot be written" in err
