"""`bilingual-reader lookup`: exact output for a phrase in both formats, exit codes 0, 2, 3 with one-line reasons."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader_app.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["lookup", *argv])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "中美兩國應對氣候危機")
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines() == [
        "中美 中美 [Zhōng Měi] /China-USA/",
        "兩國 两国 [liǎng guó] /both countries; two countries/",
        "應對 应对 [yìng duì] /to answer; to reply/to handle; to deal with/response/",
        "氣候 气候 [qì hòu] /(meteorology) climate/(fig.) climate; prevailing conditions (in human affairs)/"
        "CL:種|种[zhong3]/",
        "危機 危机 [wēi jī] /crisis/CL:個|个[ge4]/",
    ]


def test_both_readings_and_zhuyin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "长", "--zhuyin")
    assert code == EXIT_OK
    assert out.splitlines() == ["長 长 [ㄔㄤˊ] /length/long/forever/always/constantly/",
                                "長 长 [ㄓㄤˇ] /chief/head/elder/to grow/to develop/to increase/to enhance/"]


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "气候!", "--format", "json")
    assert code == EXIT_OK
    assert json.loads(out) == [{
        "word": "气候", "start": 0, "end": 2,
        "entries": [{"traditional": "氣候", "simplified": "气候", "pinyin": "qì hòu", "zhuyin": "ㄑㄧˋ ㄏㄡˋ",
                     "numbered": "qi4 hou4",
                     "senses": ["(meteorology) climate", "(fig.) climate; prevailing conditions (in human affairs)",
                                "CL:種|种[zhong3]"]}],
    }]


def test_no_chinese_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "climate crisis")
    assert (code, out) == (EXIT_INPUT, "")
    assert err == "bilingual-reader lookup: no Chinese characters in 'climate crisis'\n"


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys)
    assert code == EXIT_USAGE
    assert len(err.splitlines()) == 1 and "TEXT" in err
    code, _out, err = run(capsys, "气候", "--format", "xml")
    assert code == EXIT_USAGE and len(err.splitlines()) == 1


def test_user_entries_are_looked_up(capsys: pytest.CaptureFixture[str]) -> None:
    from reader_app.core.dictionary.entries import forget_dictionary
    from reader_app.core.dictionary.user import user_dictionary_path

    user_dictionary_path().write_text("氣候危機 气候危机 [qi4 hou4 wei1 ji1] /climate crisis/\n",
                                                            encoding="utf-8")
    forget_dictionary()
    try:
        code, out, _err = run(capsys, "气候危机")
    finally:
        forget_dictionary()
    assert (code, out) == (EXIT_OK, "氣候危機 气候危机 [qì hòu wēi jī] /climate crisis/\n")


def test_the_installed_command(tmp_path: Path) -> None:
    """The program itself, as a shell runs it: exit codes and output through the real entry point."""
    env = {**os.environ, "BILINGUAL_READER_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "reader_app", "lookup"]
    ok = subprocess.run([*command, "危机"], capture_output=True, text=True, env=env, timeout=120)
    assert (ok.returncode, ok.stdout, ok.stderr) == (EXIT_OK, "危機 危机 [wēi jī] /crisis/CL:個|个[ge4]/\n", "")
    bad = subprocess.run([*command, "123"], capture_output=True, text=True, env=env, timeout=120)
    assert (bad.returncode, bad.stderr) == (EXIT_INPUT, "bilingual-reader lookup: no Chinese characters in '123'\n")
