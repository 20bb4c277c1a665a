"""Global options of the headless commands (`--data-dir`) before or after the subcommand, and `info`'s encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader_app import app, cli, paths
from tests.conftest import SAMPLE

COMMANDS = {
    "info": ["info", str(SAMPLE)],
    "align": ["align", str(SAMPLE), "--tier", "1"],
    "notes export": ["notes", "export", str(SAMPLE), "--format", "json"],
}


def _positions(command: list[str], folder: Path) -> dict[str, list[str]]:
    return {
        "before": ["--data-dir", str(folder), *command],
        "before=": [f"--data-dir={folder}", *command],
        "after": [*command, "--data-dir", str(folder)],
        "after=": [*command, f"--data-dir={folder}"],
        "inside": [*command[:2], "--data-dir", str(folder), *command[2:]],
    }


@pytest.mark.parametrize("position", ["before", "before=", "after", "after=", "inside"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_data_dir_is_accepted_before_and_after_the_subcommand(name, position, tmp_path, capsys):
    folder = tmp_path / "chosen"
    code = cli.main(_positions(COMMANDS[name], folder)[position])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert paths.data_dir() == folder
    assert out


@pytest.mark.parametrize("position", ["before", "after", "inside"])
def test_notes_import_accepts_data_dir_anywhere(position, tmp_path, capsys):
    exported = tmp_path / "notes.json"
    assert cli.main(["notes", "export", str(SAMPLE), "--format", "json", "-o", str(exported)]) == 0
    capsys.readouterr()
    folder = tmp_path / "chosen"
    command = ["notes", "import", str(exported), "--into", str(SAMPLE)]
    argv = _positions(command, folder)[position]
    if position == "after":  # --into takes one or more files: the option after them ends the list
        argv = [*command, "--data-dir", str(folder)]
    code = cli.main(argv)
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert paths.data_dir() == folder


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["info", "a.txt"], True),
        (["--data-dir", "D", "notes", "export", "a.txt"], True),
        (["--data-dir=D", "align", "a.txt"], True),
        (["--data-dir", "D", "--data-dir=E", "info", "a.txt"], True),
        (["notes.txt"], False),
        (["--data-dir", "info"], False),  # "info" is the folder: the GUI, with no document
        (["--data-dir", "D", "a.txt", "info"], False),  # a GUI opening files named a.txt and info
        (["--screenshot", "x.png", "info"], False),
        ([], False),
    ],
)
def test_a_command_line_is_told_from_the_guis(argv, command):
    assert cli.is_command_line(argv) is command


def test_data_dir_given_twice_the_last_one_counts(tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    assert cli.main(["--data-dir", str(first), "info", str(SAMPLE), "--data-dir", str(second)]) == 0
    capsys.readouterr()
    assert paths.data_dir() == second


@pytest.mark.parametrize("position", ["before", "after", "inside"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_programs_entry_point_runs_the_command_with_data_dir_anywhere(name, position, tmp_path, capsys):
    folder = tmp_path / "chosen"
    code = app.main(_positions(COMMANDS[name], folder)[position])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert paths.data_dir() == folder


def test_a_subcommand_without_a_value_for_data_dir_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["info", str(SAMPLE), "--data-dir"])
    assert caught.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err == "bilingual-reader info: argument --data-dir: expected one argument\n"


# -- info names the encoding it read each file with -------------------------------------------------------


def test_info_names_the_encoding_of_a_single_file(capsys):
    assert cli.main(["info", str(SAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "encoding: UTF-8"
    assert lines[1] == "zh: 6 paragraphs"


def test_info_names_the_encoding_of_each_file(tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    zh_path, en_path = tmp_path / "中文.txt", tmp_path / "english.txt"
    zh_path.write_bytes("\n\n".join(b for b in blocks if any("\u4e00" <= c <= "\u9fff" for c in b)).encode("gb18030"))
    en_path.write_text("\n\n".join(b for b in blocks if not any("\u4e00" <= c <= "\u9fff" for c in b)),
                       encoding="utf-16")
    assert cli.main(["info", str(en_path), str(zh_path)]) == 0  # given English first: swapped
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["zh encoding: GB18030 (中文.txt)", "en encoding: UTF-16LE (english.txt)"]
    assert lines[2] == "zh: 6 paragraphs"


def test_info_of_a_container_says_its_parts_name_their_own(tmp_path, capsys):
    from tests.unit.core.documents.test_formats import to_docx

    path = tmp_path / "sample.docx"
    path.write_bytes(to_docx())
    assert cli.main(["info", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "encoding: declared by the file (docx)"


def test_notes_export_json_is_unchanged_by_where_data_dir_is(tmp_path, capsys):
    outputs = []
    for position in ("before", "after"):
        cli.main(_positions(COMMANDS["notes export"], tmp_path / "d")[position])
        exported = json.loads(capsys.readouterr().out)
        exported.pop("exported")  # a time stamp
        outputs.append(exported)
    assert outputs[0] == outputs[1]
