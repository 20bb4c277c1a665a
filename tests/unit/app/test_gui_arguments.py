"""The GUI's command line read without argparse gives what argparse gives, and leaves everything else to it."""

from __future__ import annotations

import pytest

from reader_app.app import build_gui_parser, parse_gui_args


def outcome(parse, argv: list[str], capsys) -> tuple:
    try:
        result = ("parsed", vars(parse(argv)))
    except SystemExit as exc:
        result = ("exit", exc.code)
    return (*result, capsys.readouterr())


@pytest.mark.parametrize("argv", [
    [],
    ["a.txt"],
    ["zh.txt", "en.txt"],
    ["--quit-after-first-paint"],
    ["--report-first-paint", "a.txt"],
    ["a.txt", "b.txt", "--self-test"],
    ["--quit-after-first-paint", "a.txt", "--report-first-paint"],
    ["x", "y", "z"],
    [""],
    # Left to argparse: its messages, its abbreviations, its refusal of paths after a switch after paths.
    ["--version"],
    ["--bogus"],
    ["--quit"],
    ["a.txt", "--report-first-paint", "b.txt"],
    ["-"],
    ["--", "-odd-name.txt"],
    ["--data-dir", "notes", "--screenshot", "shot.png", "a.txt"],
])
def test_command_lines_read_as_argparse_reads_them(argv: list[str], capsys) -> None:
    assert outcome(parse_gui_args, argv, capsys) == outcome(lambda a: build_gui_parser().parse_args(a), argv, capsys)
