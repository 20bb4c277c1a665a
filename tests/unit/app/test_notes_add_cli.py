"""`bilingual-reader notes add`: a note saved as the window saves it, its id printed; bad input refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader_app.cli import main
from tests.conftest import SAMPLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's refusals (exit 2 with the one-line reason)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def exported(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    code, out, _err = run(capsys, "notes", "export", str(SAMPLE), "--format", "json")
    assert code == 0
    return json.loads(out)["annotations"]


def test_a_paragraph_note_is_saved_and_its_id_printed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "notes", "add", str(SAMPLE), "--side", "en", "--paragraph", "5", "--note",
                         "No Chinese counterpart: check the source", "--colour", "red", "--tag", "omission",
                         "--tag", "check")
    assert (code, err) == (0, "")
    note_id = out.strip()
    assert len(note_id) == 32 and out == note_id + "\n"
    [saved] = exported(capsys)
    assert saved["id"] == note_id
    assert (saved["target"], saved["anchor"]["side"], saved["placed"]) == ("paragraph", "en", {"en": 4})
    assert saved["anchor"]["quote"].startswith("Recalling the U.S. intent to achieve 100 percent clean power")
    assert (saved["note"], saved["colour"], saved["tags"]) == ("No Chinese counterpart: check the source", "red",
                                                              ["omission", "check"])
    assert saved["partner"] is None


def test_a_link_note_anchors_both_sides(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "notes", "add", str(SAMPLE), "--side", "zh", "--paragraph", "3", "--link",
                         "--note", "Podesta and Liu co-chair")
    assert (code, err) == (0, "")
    [saved] = exported(capsys)
    assert saved["id"] == out.strip() and saved["target"] == "link"
    assert saved["placed"] == {"zh": 2, "en": 1} and saved["colour"] == "yellow"
    assert saved["partner"]["quote"].startswith("On May 8-9")


def test_a_link_note_on_an_omission_notes_its_paragraph_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "notes", "add", str(SAMPLE), "--side", "en", "--paragraph", "8", "--link",
                          "--note", "n")
    assert code == 0
    assert err == ("bilingual-reader: English paragraph 8 has no counterpart; the link note is on that paragraph "
                   "alone\n")
    [saved] = exported(capsys)
    assert saved["partner"] is None and saved["placed"] == {"en": 7}


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--side", "zh", "--paragraph", "7"], 2,
     "bilingual-reader: --paragraph 7: the Chinese side has paragraphs 1 to 6"),
    (["--side", "en", "--paragraph", "0"], 2,
     "bilingual-reader: --paragraph 0: the English side has paragraphs 1 to 8"),
    (["--side", "zh", "--paragraph", "1", "--colour", "pink"], 2,
     "bilingual-reader: --colour pink: not in the palette (yellow, green, blue, red, purple)"),
    (["--side", "fr", "--paragraph", "1"], 2,
     "bilingual-reader notes add: argument --side: invalid choice: 'fr' (choose from 'zh', 'en')"),
])
def test_bad_arguments_are_refused_in_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
                                               message: str) -> None:
    result, out, err = run(capsys, "notes", "add", str(SAMPLE), *argv, "--note", "x")
    assert (result, out, err) == (code, "", message + "\n")
    assert exported(capsys) == []


def test_an_unreadable_file_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "notes", "add", str(tmp_path / "missing.txt"), "--side", "zh", "--paragraph", "1",
                         "--note", "x")
    assert (code, out) == (3, "")
    assert err == "bilingual-reader: missing.txt: no such file\n"
