"""kill -9 during continuous note saves: no acknowledged note lost, integrity_check ok after every crash.

A child process saves notes (new ones and edits of earlier ones, with backups every few tenths of a second)
as fast as it can and prints ACK after each save returns. The parent kills it with SIGKILL at a random
moment, reopens the database as the app would, and checks every acknowledged note is there at its
acknowledged version or later. The database is kept across runs, so damage would accumulate. With --damage, a
copy of the files with the database header zeroed must give back every acknowledged note too (journal + backups).
Last line: RESULT runs=… acknowledged=… (saves) notes=… lost=… integrity_failures=… recoveries=…
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def child(folder: Path, seed: int) -> None:
    from reader_app.core.anchoring import Anchor
    from reader_app.storage.annotations import Annotation, AnnotationStore
    from reader_app.storage.database import Database

    rng = random.Random(seed)
    db = Database(folder, backup_interval=0.2)
    store = AnnotationStore(db)
    mine = store.all()
    print("READY", flush=True)
    while True:
        if mine and rng.random() < 0.4:
            k = rng.randrange(len(mine))
            version = int(mine[k].note.split()[0][1:]) + 1
            saved = mine[k] = store.save(mine[k].edited(note=f"v{version} edited " + "x" * rng.randint(0, 400)))
        else:
            i = rng.randrange(10_000)
            anchor = Anchor("zh", f"{i:016x}", f"段落 {i} " * rng.randint(1, 30), position=i)
            saved = store.save(Annotation.create("crash-bench", "paragraph", anchor, note="v0 new", tags=[f"t{i % 7}"]))
            mine.append(saved)
        # Acknowledged = save() returned: from here on the note must survive anything.
        print(f"ACK {saved.id} {saved.note.split()[0][1:]}", flush=True)


def one_run(folder: Path, acked: dict[str, int], rng: random.Random,
            damage: bool = False) -> tuple[int, int, int, bool]:
    """(saves acknowledged this run, notes lost so far, integrity failure 0/1, recovery needed); with `damage`,
    notes lost counts those missing from a header-damaged copy too."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(folder), "--seed", str(rng.randrange(1 << 30))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("READY"):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(60):
        proc.kill()
        raise SystemExit("crash_notes: the child did not start")
    time.sleep(rng.uniform(0.0, 0.4))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    if proc.returncode != -signal.SIGKILL:
        raise SystemExit(f"crash_notes: child ended by itself ({proc.returncode}): {proc.stderr.read()[-500:]}")
    new = 0
    for line in lines:
        if line.startswith("ACK "):
            _, annotation_id, version = line.split()
            new += 1
            acked[annotation_id] = max(int(version), acked.get(annotation_id, -1))

    # What the app does at start: open the files as they are (the log replayed), then check.
    path = folder / "annotations.sqlite3"
    conn = sqlite3.connect(path)
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    conn.close()
    from reader_app.storage.annotations import AnnotationStore
    from reader_app.storage.database import Database

    with Database(folder, backup_interval=1e9) as db:
        stored = {a.id: int(a.note.split()[0][1:]) for a in AnnotationStore(db).all()}
        recovered = db.recovery is not None
    lost = sum(1 for annotation_id, version in acked.items() if stored.get(annotation_id, -1) < version)
    if damage:
        # The same files with the database header zeroed: the journal and the backups must bring every note back.
        copy = folder.parent / "damaged-copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
        with (copy / "annotations.sqlite3").open("r+b") as f:
            f.write(b"\x00" * 16)
        with Database(copy, backup_interval=1e9) as db:
            rebuilt = {a.id: int(a.note.split()[0][1:]) for a in AnnotationStore(db).all()}
        lost += sum(1 for annotation_id, version in acked.items() if rebuilt.get(annotation_id, -1) < version)
        shutil.rmtree(copy)
    return new, lost, int(integrity != ["ok"]), recovered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--damage", action="store_true",
                        help="after each crash also zero the header of a copy and check the rebuilt notes")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seed)
        return 0
    rng = random.Random(args.seed)
    acked: dict[str, int] = {}
    acknowledged = integrity_failures = recoveries = lost = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crash-notes-") as scratch:
        folder = Path(scratch)
        for run in range(1, args.runs + 1):
            new, lost, failed, recovered = one_run(folder / "data", acked, rng, args.damage)
            acknowledged += new
            integrity_failures += failed
            recoveries += recovered
            if run % 25 == 0 or run == args.runs:
                print(f"run {run}: {acknowledged} saves of {len(acked)} notes acknowledged, {lost} lost, "
                      f"{integrity_failures} integrity failures, {recoveries} recoveries "
                      f"({time.perf_counter() - start:.0f} s)", flush=True)
    print(f"RESULT runs={args.runs} acknowledged={acknowledged} notes={len(acked)} lost={lost} "
          f"integrity_failures={integrity_failures} recoveries={recoveries}")
    return 0 if lost == 0 and integrity_failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
