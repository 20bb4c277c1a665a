"""The bundle's size budgets (packaging/build.sh) and the build workflow that enforces them on every OS."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BUILD_SH = ROOT / "packaging" / "build.sh"
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"


def _bundle_steps() -> list[dict]:
    """The bundle job's steps: each one's top-level keys, `run` dedented (no YAML library in the dev tools;
    the workflow's steps are plain `key: value` lines and `run: |` blocks)."""
    text = WORKFLOW.read_text(encoding="utf-8")
    job = text[text.index("\n  bundle:\n"):]
    steps_at = job.index("\n    steps:\n")
    steps: list[dict] = []
    block: list[str] | None = None
    for line in job[steps_at:].splitlines()[2:]:
        if line.startswith("      - "):
            steps.append({})
            line = "        " + line[8:]
            block = None
        elif line and not line.startswith("      "):
            break  # the next job
        if block is not None and (not line.strip() or line.startswith("          ")):
            block.append(line)
            continue
        match = re.match(r"^        ([A-Za-z-]+):\s*(.*)$", line)
        if match and steps:
            key, value = match.groups()
            if value == "|":
                block = []
                steps[-1][key] = block
            else:
                block = None
                steps[-1][key] = value.strip('"')
    for step in steps:
        for key, value in step.items():
            if isinstance(value, list):
                step[key] = textwrap.dedent("\n".join(value))
    return steps


def _budget_step() -> dict:
    return next(step for step in _bundle_steps() if str(step.get("name", "")).startswith("Size budget"))


def test_budgets_are_200_mb_unpacked_and_100_mb_archived():
    text = BUILD_SH.read_text(encoding="utf-8")
    assert re.search(r"^BUNDLE_BUDGET_MB=200$", text, re.MULTILINE)
    assert re.search(r"^ARCHIVE_BUDGET_MB=100$", text, re.MULTILINE)


def test_no_bundle_step_may_fail_quietly():
    assert [step.get("name") for step in _bundle_steps() if step.get("continue-on-error")] == []
    assert any(str(step.get("name", "")).startswith("Screenshot of the frozen window (Windows") for step in
               _bundle_steps())


def test_the_budget_step_runs_on_every_os():
    assert "if" not in _budget_step()


@pytest.fixture
def budget_check(tmp_path):
    """Runs the workflow's budget step in a folder holding build.sh, a build output and an archive."""
    shutil.copytree(ROOT / "packaging", tmp_path / "packaging", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "build").mkdir()
    (tmp_path / "dist").mkdir()

    def check(bundle_mb: str, archive_bytes: int, archive: str = "bilingual-reader-0.1.0-windows-amd64.zip"):
        (tmp_path / "build" / "build-output.txt").write_text(f"RESULT bundle_mb={bundle_mb} startup_ratio=skipped\n")
        with (tmp_path / "dist" / archive).open("wb") as file:
            file.truncate(archive_bytes)
        return subprocess.run(["bash", "-eo", "pipefail", "-c", _budget_step()["run"]], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    if shutil.which("python") is None:
        pytest.skip("the step calls `python`, as on the runners")
    return check


def test_the_budget_step_passes_within_both_budgets(budget_check):
    result = budget_check("193.0", 98_000_000)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bundle: 193.0 MB (budget 200 MB); archive dist/bilingual-reader-0.1.0-windows-amd64.zip: 98.0 MB" \
        in result.stdout


def test_the_budget_step_fails_over_the_bundle_budget(budget_check):
    result = budget_check("201.4", 98_000_000)
    assert result.returncode == 1
    assert "::error::the unpacked bundle is 201.4 MB, over its 200 MB budget" in result.stdout


def test_the_budget_step_fails_over_the_archive_budget(budget_check):
    result = budget_check("150.0", 100_100_000, archive="bilingual-reader-0.1.0-linux-x86_64.tar.gz")
    assert result.returncode == 1
    assert ("::error::the archive dist/bilingual-reader-0.1.0-linux-x86_64.tar.gz is 100.1 MB, over its 100 MB "
            "budget") in result.stdout
