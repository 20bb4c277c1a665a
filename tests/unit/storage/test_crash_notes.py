"""kill -9 during continuous saves (20 runs of bench/crash_notes.py): nothing acknowledged lost, integrity ok."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_kill_9_during_saves_loses_no_acknowledged_note() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "crash_notes.py"), "--runs", "20", "--seed", "7"],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    figures = dict(item.split("=") for item in last.removeprefix("RESULT ").split())
    assert figures["runs"] == "20"
    assert int(figures["acknowledged"]) >= 20  # the kills did land during saves
    assert (figures["lost"], figures["integrity_failures"], figures["recoveries"]) == ("0", "0", "0")
