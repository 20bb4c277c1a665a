"""`bilingual-reader align --pin / --pins`: every pin in the output exactly, the rest aligned around it; bad pins
exit 2 with a one-line reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader_app.cli import EXIT_USAGE, main
from tests.conftest import SAMPLE

# tier 1 on the sample: [0]:[0] [1]:[] [2]:[1] [3]:[2] [4]:[3] []:[4] [5]:[5] []:[6] []:[7]


def links(text: str) -> list[str]:
    return text.split()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["align", str(SAMPLE), "--tier", "1", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_pins_appear_exactly_and_the_rest_is_aligned_around_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--pin", "4:4", "--pin", "1:1")
    assert (code, err) == (0, "")
    assert out.split() == links("[0]:[0] [1]:[1] [2]:[] [3]:[2] []:[3] [4]:[4] [5]:[5] []:[6] []:[7]")


def test_one_sided_and_wide_pins(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--pin", "2,3:1", "--pin", ":5", "--pin", "5:")
    assert code == 0
    # (one-sided units between the same two links come in the DP's order: English ones first)
    assert out.split() == links("[0]:[0] [1]:[] [2,3]:[1] []:[2] [4]:[3] []:[4] []:[5] []:[6] []:[7] [5]:[]")


def test_pins_from_a_json_file_with_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    pins.write_text(json.dumps({"pins": [{"zh": [2, 3], "en": [1]}, {"zh": [4], "en": [3, 4], "status": "confirmed"}]}))
    code, out, _err = run(capsys, "--pins", str(pins), "--pin", "0:0", "--format", "json")
    links = [(k["zh"], k["en"], k["confidence"]) for k in json.loads(out)["links"]]
    assert code == 0
    assert links[:4] == [([0], [0], 1.0), ([1], [], links[1][2]), ([2, 3], [1], 1.0), ([], [2], links[3][2])]
    assert links[4] == ([4], [3, 4], 1.0)


def test_pins_at_the_sentence_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--unit", "sentence", "--pin", "3:", "--pin", "0:0,1")
    lines = out.split()
    assert code == 0 and lines[0] == "[0]:[0,1]" and "[3]:[]" in lines


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--pin", "9:1"], "pin 9:1: Chinese unit 9 is out of range (0-5)"),
        (["--pin", "1:8"], "pin 1:8: English unit 8 is out of range (0-7)"),
        (["--pin", "1:1", "--pin", "1:2"], "pins 1:1 and 1:2 overlap (Chinese unit 1 is in both)"),
        (["--pin", "3:1", "--pin", "2:2"], "pins 2:2 and 3:1 cross (out of order)"),
        (["--pin", "x:1"], "pin 'x:1': ids must be 0-based whole numbers separated by commas"),
        (["--pin", "3"], "pin '3' is not ZH_IDS:EN_IDS (e.g. 4,5:6 or 7:)"),
        (["--pin", "1,3:1"], "pin 1,3:1: the Chinese ids are not consecutive and in order"),
        (["--pin", ":"], "a pin names no unit on either side"),
    ],
)
def test_bad_pins_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], reason: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_USAGE, "")
    assert err == f"bilingual-reader align: {reason}\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "pins.json: cannot be read (No such file or directory)"),
        ('{"pins": [', "pins.json: not valid JSON (Expecting value: line 1 column 11 (char 10))"),
        ('[{"zh": [1], "en": [1]}]', 'pins.json: expected {"pins": [{"zh": [...], "en": [...]}, ...]}'),
        ('{"pins": [{"zh": [1]}]}', 'pins.json: pin 1 needs "zh" and "en" lists of 0-based ids'),
        ('{"pins": [{"zh": [true], "en": []}]}', 'pins.json: pin 1 needs "zh" and "en" lists of 0-based ids'),
        (
            '{"pins": [{"zh": [1], "en": [1], "status": "maybe"}]}',
            'pins.json: pin 1: "status" is "manual" or "confirmed", not \'maybe\'',
        ),
        ('{"pins": [{"zh": [1], "en": [10]}]}', "pin 1:10: English unit 10 is out of range (0-7)"),
    ],
)
def test_bad_pins_files_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, reason: str
) -> None:
    path = tmp_path / "pins.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "--pins", str(path))
    assert (code, out) == (EXIT_USAGE, "")
    assert err == f"bilingual-reader align: {reason}\n"


def test_help_documents_the_pins_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["align", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert '{"pins": [{"zh": [4, 5], "en": [6]}' in out and "--pin 7:" in out
