"""Test set-up shared by all suites: Qt offscreen unless a real platform is asked for, user data in tmp."""

from __future__ import annotations

import os
from pathlib import Path

# Before anything imports Qt: offscreen by default; scripts/test.sh's second run sets xcb under Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep Qt's own settings (recent files, window state) out of the user's real configuration.
os.environ.setdefault("XDG_CONFIG_HOME", str(Path(os.environ.get("TMPDIR", "/tmp")) / "bilingual-reader-tests-xdg"))

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = ROOT / "test-artifacts"
SAMPLE = DATA / "us-china-climate-readout-2024-05.txt"
GOLD = DATA / "us-china-climate-readout-2024-05.gold.json"
GUI_TESTS = Path(__file__).resolve().parent / "gui"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/gui gets the `gui` marker, so `-m "not gui"` runs the suite without a QApplication.

    (A `pytestmark` in tests/gui/conftest.py would not do it: pytest reads `pytestmark` from test modules only.)"""
    for item in items:
        if item.path.is_relative_to(GUI_TESTS):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches real user data: the data dir and Qt's settings live under tmp_path."""
    from reader_app import paths

    data = tmp_path / "user-data"
    monkeypatch.setenv("BILINGUAL_READER_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    paths.set_data_dir(data)
    yield data
    paths.set_data_dir(None)


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
