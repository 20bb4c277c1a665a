"""Notes at scale, offscreen: 10,000 notes on a 10,000-paragraph book in a real window, and how long it blocks.

A real MainWindow with its NotesController (offscreen platform), the notes database in a temporary data folder
holding --notes notes on a generated bilingual book of about --paragraphs paragraphs per side, shaped like a real
translation (gaps, splits, a one-sided appendix: see write_book) and aligned by tier 1
as the window would. Then, in order:
open (the document shown, its notes read and listed), filter (text, colour, tag filters set and cleared), add,
edit (typed, autosaved), delete, export (Markdown and JSON), import (the JSON back: all unchanged), backup
(a save that runs the verified backup, and the backup alone timed on the storage thread).
- max_block_ms: the longest gap between ticks of a 10 ms GUI-thread timer (minus the period) over the notes'
  steps; the view's own laying out of the new document (ReaderView.set_document, not the notes') is reported
  apart as view_block_ms.
- import_s / export_s: from the call to the outcome shown; backup_s: Database.backup() of the full database.
- peak RSS of the process.
Last line: RESULT notes=… max_block_ms=… import_s=… export_s=… backup_s=…
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TICK_MS = 10


def write_book(folder: Path, paragraphs: int) -> tuple[Path, Path]:
    """A book shaped like a real translation, from the bundled sample's own links repeated: its one-sided
    paragraphs recur as gaps on both sides, every 25th English paragraph is split in two, and the English ends
    with a 100-paragraph appendix the Chinese lacks. Each paragraph is made unique by its number."""
    from reader_app.core.aligner import align_document
    from reader_app.core.documents import load_document
    from reader_app.paths import sample_path

    sample = load_document(sample_path())
    links = align_document(sample, tier=1).links
    zh: list[str] = []
    en: list[str] = []
    while len(zh) < paragraphs:
        for link in links:
            zh += [sample.zh.paragraphs[i].text + f"（第{len(zh) + 1}段）" for i in link.zh]
            for i in link.en:
                text = sample.en.paragraphs[i].text + f" (paragraph {len(en) + 1})"
                if len(en) % 25 == 24 and ". " in text:
                    first, _, rest = text.partition(". ")
                    en += [first + ".", rest]
                else:
                    en.append(text)
    en += [f"Appendix {k + 1}: a note of the translator's on the meeting's terms, not in the original."
           for k in range(100)]
    paths = []
    for language, body in (("zh", zh), ("en", en)):
        path = folder / f"book-{language}.txt"
        path.write_text("\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def store_notes(folder: Path, document, count: int) -> None:
    from reader_app.core.anchoring import anchor_paragraph
    from reader_app.storage.annotations import AnnotationStore
    from reader_app.storage.database import Database
    from reader_app.storage.model import Annotation

    rng = random.Random(11)
    colours = ("yellow", "green", "blue", "red", "purple")
    made = []
    for i in range(count):
        side = document.zh if i % 2 == 0 else document.en
        index = rng.randrange(len(side.paragraphs))
        made.append(Annotation.create(document.content_id, "paragraph", anchor_paragraph(side.paragraphs, index),
                                      note=f"note {i} on {side.language.value} {index}", colour=colours[i % 5],
                                      tags=(f"tag{i % 20}",)))
    with Database(folder, backup_interval=1e9) as database:
        store = AnnotationStore(database)
        store.register_document(document)
        store.merge(made)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=10_000)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer

    from bench.offscreen_window import bench_application

    app, data = bench_application("notes-scale-")

    from reader_app.core.aligner import align_paragraphs
    from reader_app.core.documents import load_document
    from reader_app.paths import data_dir
    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    zh_path, en_path = write_book(data, args.paragraphs)
    from reader_app.ui.loader import collector_paused

    with collector_paused():  # as the window's DocumentJob loads a long document (out of the collector's reach)
        document = load_document(zh_path, en_path)
    t = time.perf_counter()
    alignment = align_paragraphs(document.zh.texts(), document.en.texts(), tier=1)
    gaps = sum(1 for link in alignment.links if not link.zh or not link.en)
    print(f"tier-1 alignment: {len(alignment.links)} links, {gaps} one-sided, {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    store_notes(data_dir(), document, args.notes)
    print(f"book: {len(document.zh)} x {len(document.en)} paragraphs; {args.notes} notes stored in "
          f"{time.perf_counter() - t:.1f} s")

    window = MainWindow(refine=False)
    window.resize(1280, 820)
    window.show()
    controller = window.annotations  # made now (the start-up would make it after the first frame)
    app.processEvents()

    # -- the GUI thread's heartbeat ------------------------------------------------------------------
    stage = {"name": "start"}
    worst: dict[str, float] = {}
    view_block = {"ms": 0.0}
    view_calls: list[tuple[float, float]] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(TICK_MS)

    def tick() -> None:
        gap = clock.restart() - TICK_MS
        now = time.perf_counter()
        # A gap that holds the view's own set_document is the view's, not the notes'.
        if any(start <= now and end >= now - (gap + TICK_MS) / 1000 for start, end in view_calls):
            view_block["ms"] = max(view_block["ms"], gap)
            view_calls.clear()
            return
        worst[stage["name"]] = max(worst.get(stage["name"], 0.0), gap)
        if gap > 100 and os.environ.get("NOTES_SCALE_VERBOSE"):
            print(f"    blocked {gap:.0f} ms in {stage['name']}", file=sys.stderr)

    ticker.timeout.connect(tick)

    # The notes' own share of a block: the longest single call into their code on the GUI thread (the
    # storage thread's reports, the user's actions, the filters), and the overview ruler's tick rebuilds
    # (the reader view's, redrawn after the notes change the ticks and whenever the panes' layout moves).
    calls: dict[str, tuple[float, str]] = {}

    def timed(obj, name: str, label: str) -> None:
        original = getattr(obj, name)

        def wrapper(*a, **k):
            begin = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                ms = (time.perf_counter() - begin) * 1000
                if ms > calls.get(label, (0.0, ""))[0]:
                    calls[label] = (ms, stage["name"])

        setattr(obj, name, wrapper)

    storage_thread = getattr(controller, "storage", None)
    if storage_thread is not None:
        timed(storage_thread, "deliver", "notes: storage reports")
    for name in ("add_note", "update_note", "delete_note", "select_note", "export_notes", "import_notes"):
        timed(controller, name, "notes: user actions")
    timed(controller.panel.filter, "set_filters", "notes: filters")
    timed(window.view.ruler, "_build_ticks", "ruler: tick rebuild (not the notes')")
    set_view = window.view.set_document

    def timed_set_document(*a, **k):
        start = time.perf_counter()
        try:
            return set_view(*a, **k)
        finally:
            view_calls.append((start, time.perf_counter()))

    window.view.set_document = timed_set_document  # type: ignore[method-assign]

    def spin(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    def wait(condition, timeout: float = 300.0) -> float:
        start = time.perf_counter()
        while not condition():
            if time.perf_counter() - start > timeout:
                raise TimeoutError(stage["name"])
            app.processEvents()
            time.sleep(0.0005)
        return time.perf_counter() - start

    storage = getattr(controller, "storage", None)  # None: the code before the storage thread

    def settled() -> bool:
        return storage is None or not storage.busy()

    clock.start()
    ticker.start()
    timings: dict[str, float] = {}

    stage["name"] = "open"
    start = time.perf_counter()
    window.show_document(document, alignment)
    model = controller.panel.model
    wait(lambda: settled() and len(controller.placed.annotations) >= args.notes
         and not getattr(model, "filling", lambda: False)())
    timings["open_s"] = time.perf_counter() - start
    panes = (window.view.zh_pane, window.view.en_pane)
    stage["name"] = "view layout"
    wait(lambda: all(p.layout_done for p in panes), 120)
    spin(0.3)
    print(f"open: {timings['open_s']:.2f} s to {len(controller.placed.annotations)} notes placed, "
          f"{len(controller.visible_ids())} listed")

    stage["name"] = "filter"
    panel = controller.panel
    start = time.perf_counter()
    for text in ("note 12", "paragraph", "note 99", ""):
        panel.text_filter.setText(text)
        spin(0.05)
    panel.colour_filter.setCurrentIndex(panel.colour_filter.findData("red"))
    spin(0.05)
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("tag3"))
    spin(0.05)
    listed = len(controller.visible_ids())
    panel.colour_filter.setCurrentIndex(0)
    panel.tag_filter.setCurrentIndex(0)
    spin(0.05)
    timings["filter_s"] = time.perf_counter() - start
    print(f"filter: red + tag3 lists {listed}; all steps {timings['filter_s']:.2f} s")

    stage["name"] = "add"
    added = []
    start = time.perf_counter()
    for i in range(20):
        stage["name"] = f"add {i}"
        annotation = controller.add_note("zh" if i % 2 else "en", (i * 487) % args.paragraphs, note=f"added {i}")
        assert annotation is not None
        added.append(annotation.id)
        wait(lambda: settled() and not controller.has_unsaved_edit())
        spin(0.03)  # a few ticks between notes: each one's block is measured on its own
    timings["add_s"] = (time.perf_counter() - start) / 20 - 0.03
    stage["name"] = "add"
    worst["add"] = max(worst.pop(f"add {i}", 0.0) for i in range(20))
    print(f"add: {timings['add_s'] * 1000:.0f} ms a note, to saved")

    stage["name"] = "edit"
    start = time.perf_counter()
    for i, annotation_id in enumerate(added[:10]):
        controller.select_note(annotation_id)
        spin(0.03)
        panel.editor.setPlainText(f"edited {i}")
        wait(lambda: settled() and not controller.has_unsaved_edit())
        spin(0.03)
    timings["edit_s"] = (time.perf_counter() - start) / 10 - 0.06
    print(f"edit: {timings['edit_s'] * 1000:.0f} ms a note, typed to autosaved (400 ms autosave delay)")

    stage["name"] = "delete"
    start = time.perf_counter()
    for annotation_id in added[10:]:
        controller.delete_note(annotation_id)
        wait(lambda a=annotation_id: settled() and a not in controller.placed.annotations)
        spin(0.03)
    timings["delete_s"] = (time.perf_counter() - start) / 10 - 0.03
    print(f"delete: {timings['delete_s'] * 1000:.0f} ms a note")

    stage["name"] = "export"
    exported = data / "notes.json"
    start = time.perf_counter()
    message = window.statusBar()
    window.statusBar().clearMessage()
    controller.export_notes(str(data / "notes.md"), "md")
    controller.export_notes(str(exported), "json")
    wait(lambda: settled() and exported.exists() and "notes.json" in message.currentMessage())
    timings["export_s"] = time.perf_counter() - start
    print(f"export: Markdown + JSON {timings['export_s']:.2f} s; {message.currentMessage()}")

    stage["name"] = "import"
    window.statusBar().clearMessage()
    start = time.perf_counter()
    controller.import_notes(str(exported))
    wait(lambda: settled() and "Imported" in message.currentMessage()
         and len(controller.placed.annotations) >= args.notes and not getattr(model, "filling", lambda: False)())
    timings["import_s"] = time.perf_counter() - start
    print(f"import: {timings['import_s']:.2f} s to re-placed; {message.currentMessage()}")

    stage["name"] = "backup"
    database = controller.database
    backups_before = len(database.backups())
    database.backup_interval = 0.0  # the next save backs up (a plain attribute, read on the storage thread)
    start = time.perf_counter()
    controller.select_note(added[0])
    panel.editor.setPlainText("saved with a backup")
    wait(lambda: settled() and not controller.has_unsaved_edit() and len(database.backups()) > backups_before)
    save_with_backup_s = time.perf_counter() - start
    database.backup_interval = 1e9
    backup: dict[str, float] = {}

    def timed_backup() -> None:
        begin = time.perf_counter()
        database.backup()
        backup["s"] = time.perf_counter() - begin

    if storage is not None:
        storage.submit(timed_backup)
        wait(lambda: "s" in backup and settled())
    else:
        timed_backup()
    timings["backup_s"] = backup["s"]
    print(f"backup: {timings['backup_s']:.2f} s alone; a save with its backup {save_with_backup_s:.2f} s")
    spin(0.2)
    ticker.stop()

    stage["name"] = "close"
    start = time.perf_counter()
    window.close()
    print(f"close: {time.perf_counter() - start:.3f} s")

    max_block = max(worst.values())
    for name, gap in worst.items():
        print(f"  longest block during {name}: {gap:.0f} ms")
    print(f"  the view's own set_document: {view_block['ms']:.0f} ms (not the notes')")
    for label, (ms, where) in sorted(calls.items()):
        print(f"  longest single call, {label}: {ms:.0f} ms (during {where})")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB")
    print(f"RESULT notes={args.notes} max_block_ms={max_block:.0f} import_s={timings['import_s']:.2f} "
          f"export_s={timings['export_s']:.2f} backup_s={timings['backup_s']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
