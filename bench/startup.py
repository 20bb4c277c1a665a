"""Start-up to first painted frame: the reader on its sample vs a bare PySide6 QMainWindow with one label.

Each is started as a fresh process --runs times (default 7) in one invocation; the figure is the median of
(time of the first Paint event, as printed by the process) - (time just before the process was spawned).
Uses the platform in QT_QPA_PLATFORM (default offscreen). Last line: RESULT startup_s=… bare_s=… ratio=…
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
label = QLabel("Bilingual Reader")
window.setCentralWidget(label)
window.resize(1280, 820)
class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"FIRST_PAINT {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watcher = FirstPaint()
label.installEventFilter(watcher)
window.show()
app.exec()
"""


def first_paint_seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("FIRST_PAINT "):
            return float(line.split()[1]) - start
    raise SystemExit(f"startup: no FIRST_PAINT from {command[-1]!r}: {result.stderr.strip()[-300:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["BILINGUAL_READER_DATA_DIR"] = tempfile.mkdtemp(prefix="startup-bench-")
    reader = [sys.executable, "-m", "reader_app", "--quit-after-first-paint"]
    bare = [sys.executable, "-c", BARE]
    first_paint_seconds(reader, env)  # warm the OS file cache and bytecode once, for both alike
    first_paint_seconds(bare, env)
    reader_times, bare_times = [], []
    for _ in range(args.runs):  # interleaved, so load on the shared machine hits both alike
        reader_times.append(first_paint_seconds(reader, env))
        bare_times.append(first_paint_seconds(bare, env))
    reader_s, bare_s = statistics.median(reader_times), statistics.median(bare_times)
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {args.runs}")
    print("reader (s):", " ".join(f"{t:.3f}" for t in reader_times))
    print("bare   (s):", " ".join(f"{t:.3f}" for t in bare_times))
    print(f"RESULT startup_s={reader_s:.3f} bare_s={bare_s:.3f} ratio={reader_s / bare_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
