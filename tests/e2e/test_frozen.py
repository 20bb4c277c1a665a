"""The frozen one-folder app (packaging/build.sh) run from a path with Chinese characters and spaces, no system fonts.

The bundle is built once per source tree: build/frozen-source-key records the hash of everything that goes into
it, and a later session (the Xvfb run of scripts/test.sh, the next `make test`) reuses dist/bilingual-reader/
while that hash is unchanged. The self-test runs in the offscreen run, the window in the Xvfb run: each test
runs once per `make test`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

BUNDLE = ROOT / "dist" / "bilingual-reader"
EXECUTABLE = BUNDLE / "bilingual-reader"
KEY_FILE = ROOT / "build" / "frozen-source-key"
# Everything the bundle is made of, besides the build environment's packages (pinned by pyproject.toml).
SOURCES = ["reader_app/**/*.py", "resources/**/*", "packaging/*", "pyproject.toml"]
CHECKS = ["resources", "imports", "open sample", "lexicon", "dictionary", "align", "embeddings", "annotation",
          "text services", "render", "alignment process"]
# What the frozen app may print on stderr; anything else (a Qt warning, a traceback, a fontconfig error) fails.
STDERR_ALLOWED = [
    re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),  # Qt's offscreen platform, on show()
]
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- No <dir>: fontconfig finds no fonts at all, so only the bundled one can draw Chinese (or anything). -->
<fontconfig>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def source_key() -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in SOURCES for p in ROOT.glob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="session")
def frozen_bundle() -> Path:
    """dist/bilingual-reader/, built now unless it was built from the same sources."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the frozen build is tested here on Linux; build.yml runs the self-test on Windows and macOS")
    if os.environ.get("BILINGUAL_READER_SKIP_FROZEN"):
        pytest.skip("BILINGUAL_READER_SKIP_FROZEN is set")
    key = source_key()
    if not (EXECUTABLE.is_file() and KEY_FILE.is_file() and KEY_FILE.read_text().strip() == key):
        KEY_FILE.unlink(missing_ok=True)
        proc = subprocess.run(["packaging/build.sh", "--skip-startup"], cwd=ROOT, capture_output=True, text=True,
                              timeout=840)
        assert proc.returncode == 0, f"packaging/build.sh failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        KEY_FILE.write_text(key + "\n")
    return BUNDLE


@pytest.fixture(scope="session")
def unpacked_in_chinese_path(frozen_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundle in `…/双语 阅读/bilingual-reader/`, as a reader would unpack it."""
    folder = tmp_path_factory.mktemp("frozen") / "双语 阅读"
    folder.mkdir()
    shutil.copytree(frozen_bundle, folder / "bilingual-reader", symlinks=True)
    return folder / "bilingual-reader" / EXECUTABLE.name


def bare_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No display, no fonts, home and caches in tmp_path: a machine that has nothing to offer the app."""
    (tmp_path / "fonts.conf").write_text(FONTS_CONF.format(cache=tmp_path / "fontconfig-cache"), encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
    }
    env.update(extra)
    return env


def unexpected_stderr(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and not any(p.match(line) for p in STDERR_ALLOWED)]


def assert_self_test_passed(stdout: str) -> None:
    lines = stdout.splitlines()
    for name in CHECKS:
        matching = [line for line in lines if line.split(" ", 1)[-1].startswith(name + ":")]
        assert len(matching) == 1 and matching[0].startswith("PASS "), f"{name}: {matching or 'no line'}\n{stdout}"
    assert lines[-1] == f"self-test: {len(CHECKS)} of {len(CHECKS)} checks passed", stdout


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="runs in the offscreen run only")
def test_frozen_self_test_passes_from_a_chinese_path_with_no_fonts(unpacked_in_chinese_path: Path,
                                                                   tmp_path: Path) -> None:
    env = bare_environment(tmp_path, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([str(unpacked_in_chinese_path), "--self-test"], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=180, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_self_test_passed(proc.stdout)
    # The resources came from the copy in the Chinese path, not from the build tree or the checkout.
    assert f"found in the bundle ({unpacked_in_chinese_path.parent / '_internal' / 'resources'})" in proc.stdout
    # Qt saw no font but the bundled one: the empty font set really was empty.
    assert "all in WenQuanYi Micro Hei" in proc.stdout and ", 0 system font families" in proc.stdout, proc.stdout
    assert unexpected_stderr(proc.stderr) == []


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="runs in the offscreen run only")
def test_frozen_self_test_fails_when_a_check_fails(unpacked_in_chinese_path: Path, tmp_path: Path) -> None:
    """The exit status means something: without the bundled sample, the self-test says so and exits 1."""
    broken = tmp_path / "broken"
    shutil.copytree(unpacked_in_chinese_path.parent, broken, symlinks=True)
    (broken / "_internal" / "resources" / "samples" / "us-china-climate-readout-2024-05.txt").unlink()
    env = bare_environment(tmp_path, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([str(broken / EXECUTABLE.name), "--self-test"], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=180, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("FAIL resources: missing ")
    assert "self-test: " in proc.stdout.splitlines()[-1] and "failed: resources, open sample" in proc.stdout


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="runs in the offscreen run only")
def test_self_test_passes_from_source(tmp_path: Path) -> None:
    """The same checks on the checkout, so a failure of the frozen one points at packaging, not at the app."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BILINGUAL_READER_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "reader_app", "--self-test"], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=180, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_self_test_passed(proc.stdout)
    assert "found in the source tree" in proc.stdout


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "xcb" or not os.environ.get("DISPLAY"),
                    reason="runs in the Xvfb run only (QT_QPA_PLATFORM=xcb with a DISPLAY)")
def test_frozen_window_under_xvfb_with_no_fonts(unpacked_in_chinese_path: Path, tmp_path: Path,
                                                artifacts_dir: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    shot = artifacts_dir / "frozen-window.png"
    shot.unlink(missing_ok=True)
    env = bare_environment(tmp_path, DISPLAY=os.environ["DISPLAY"], QT_QPA_PLATFORM="xcb")
    if os.environ.get("XAUTHORITY"):
        env["XAUTHORITY"] = os.environ["XAUTHORITY"]
    proc = subprocess.run([str(unpacked_in_chinese_path), "--data-dir", str(tmp_path / "data"), "--screenshot",
                           str(shot)], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert unexpected_stderr(proc.stderr) == []
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    dark = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
               if QColor(image.pixel(x, y)).lightness() < 110)
    assert dark > 500, f"the window looks empty ({dark} dark sample points)"
