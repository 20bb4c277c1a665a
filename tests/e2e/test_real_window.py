"""The real `bilingual-reader` process in a real X window (Xvfb): screenshot from outside, text in both panes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TEXT_SHARE = 0.02  # of a pane's pixels that are dark when it shows text

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
image = app.primaryScreen().grabWindow(0).toImage()
sys.exit(0 if image.save(sys.argv[1]) else 1)
"""


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """The Xvfb run provides DISPLAY; the offscreen run starts its own Xvfb for this module."""
    if os.environ.get("QT_QPA_PLATFORM") == "xcb" and os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is required for e2e tests (scripts/bootstrap.sh installs it)"
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not report a display number"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _dark_pixel_share(image, x: int, y: int, w: int, h: int) -> float:
    dark = total = 0
    for yy in range(y + 4, y + h - 4, 3):
        for xx in range(x + 4, x + w - 4, 3):
            total += 1
            if image.pixelColor(xx, yy).lightness() < 110:
                dark += 1
    return dark / max(total, 1)


def test_real_window_shows_text_in_both_panes(x_display: str, tmp_path: Path, artifacts_dir: Path, qapp) -> None:
    from PySide6.QtGui import QImage

    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb", BILINGUAL_READER_DATA_DIR=str(tmp_path))
    app = subprocess.Popen([sys.executable, "-m", "reader_app", "--report-first-paint"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    geometry: dict[str, tuple[int, int, int, int]] = {}
    try:
        deadline = time.monotonic() + 90
        assert app.stdout is not None
        while len(geometry) < 3 and time.monotonic() < deadline:
            line = app.stdout.readline()
            if not line:
                break
            if line.startswith("GEOMETRY"):
                _, name, *numbers = line.split()
                geometry[name] = tuple(int(n) for n in numbers)  # type: ignore[assignment]
        assert len(geometry) == 3, f"app did not report its window (exit {app.poll()})"
        # GEOMETRY is printed while the first frame is being painted; the X server shows it a little later
        # (flush, map, compositing). Grab from outside until both panes show text, or give up at the deadline.
        shot = artifacts_dir / "e2e-real-window.png"
        deadline = time.monotonic() + 30
        while True:
            grab = subprocess.run([sys.executable, "-c", GRAB, str(shot)], env=env, capture_output=True, text=True,
                                  timeout=60)
            assert grab.returncode == 0, grab.stderr
            assert app.poll() is None, "the app exited while being looked at"
            image = QImage(str(shot))
            assert not image.isNull()
            zh_share = _dark_pixel_share(image, *geometry["zh"])
            en_share = _dark_pixel_share(image, *geometry["en"])
            # Each grab starts a Python process (about half a second): no sleep needed between polls.
            if (zh_share > TEXT_SHARE and en_share > TEXT_SHARE) or time.monotonic() > deadline:
                break
    finally:
        app.terminate()
        _, stderr = app.communicate(timeout=30)
    assert "Traceback" not in stderr
    # Rendered text covers a few percent of a pane's pixels; an empty (or tofu-free but blank) pane has none.
    assert zh_share > TEXT_SHARE, zh_share
    assert en_share > TEXT_SHARE, en_share
