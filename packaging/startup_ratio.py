"""Start-up to first paint, frozen bundle vs running from source, measured alternately in one run; prints medians.

Each run starts the app with `--quit-after-first-paint` (it prints `FIRST_PAINT <unix time>` when the Chinese pane
first paints, then quits); the time counted is from just before the process is spawned to that stamp. Runs
alternate frozen/source so both see the same machine load; one warm-up run of each is discarded (cold disk cache).

Usage: python packaging/startup_ratio.py FROZEN_EXECUTABLE [--runs N] [--python PYTHON]
Last line: `RESULT frozen_s=... source_s=... startup_ratio=...`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_paint_seconds(command: list[str], env: dict[str, str], data_dir: Path) -> float:
    started = time.time()
    proc = subprocess.run([*command, "--data-dir", str(data_dir), "--quit-after-first-paint"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    stamps = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("FIRST_PAINT ")]
    if proc.returncode != 0 or not stamps:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"startup_ratio: {command[0]} exited {proc.returncode} without painting: {tail}")
    return float(stamps[0]) - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("frozen", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=str(ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "python"))
    args = parser.parse_args()

    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) or sys.platform != "linux":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    data_dir = ROOT / "build" / "startup-data"  # shared by both, so both find the same caches
    commands = {"frozen": [str(args.frozen.resolve())], "source": [args.python, "-m", "reader_app"]}
    times: dict[str, list[float]] = {"frozen": [], "source": []}
    for command in commands.values():
        first_paint_seconds(command, env, data_dir)  # warm-up: disk cache, font cache, embedding cache
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(first_paint_seconds(command, env, data_dir))
    frozen, source = statistics.median(times["frozen"]), statistics.median(times["source"])
    for name in times:
        print(f"startup {name}: median {statistics.median(times[name]):.3f} s of "
              + ", ".join(f"{t:.3f}" for t in times[name]))
    print(f"RESULT frozen_s={frozen:.3f} source_s={source:.3f} startup_ratio={frozen / source:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
