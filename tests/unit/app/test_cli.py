"""The command line: version, headless commands, and one-line reasons with non-zero exits on bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader_app import __version__
from tests.conftest import SAMPLE


def run_app(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "reader_app", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_version() -> None:
    result = run_app("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bilingual-reader {__version__}"


def test_info_on_sample() -> None:
    result = run_app("info", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "en: 8 paragraphs" in result.stdout


def test_bad_inputs_exit_non_zero_with_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    cases = {
        str(tmp_path / "missing.txt"): "missing.txt: no such file",
        str(tmp_path): "is a folder",
        str(binary): "blob.bin: is a binary file",
    }
    for path, reason in cases.items():
        result = run_app("info", path)
        assert result.returncode == 3, (path, result)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0], result.stderr
        assert "Traceback" not in result.stderr


def test_usage_errors_exit_2_with_one_line() -> None:
    result = run_app("info")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_gui_without_display_says_how_to_run(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "reader_app"], capture_output=True, text=True, timeout=60,
                            env=env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "xvfb-run" in result.stderr


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path: Path) -> None:
    """`bilingual-reader info FILE | head -1`: the closed pipe must not print a traceback."""
    long = tmp_path / "long.txt"  # far more output than a pipe buffers, so the writer meets the closed pipe
    long.write_text("".join(f"第{i}段。\n\nParagraph {i}.\n\n" for i in range(4000)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "reader_app", "info", str(long)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert process.returncode == 0
