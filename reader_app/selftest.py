"""`bilingual-reader --self-test`: the installed or frozen app checks itself, one line per check, exit 0 if all pass."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

# The sample's omissions as in its gold alignment (tests/data/*.gold.json; 0-based paragraph indices): the Chinese
# source/summary lines, and the English paragraphs on clean power, the circular economy and the high-level event.
EXPECTED_ZH_GAPS = [1]
EXPECTED_EN_GAPS = [4, 6, 7]


# Imported inside `try: ... except ImportError` by the app, which works without them (core/aligner/embeddings/: the
# compiled tokenizer, the BLAS thread limit). Add a module here only when its absence is really handled.
OPTIONAL_MODULES = {"sentencepiece", "threadpoolctl"}


class CheckFailed(Exception):
    """A check ran and found something wrong; the message says what."""


class SelfTest:
    """Runs the checks in order; each returns a one-line detail or raises. Later checks reuse earlier results."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.document = None
        self.alignment = None
        self.results: list[tuple[str, str, str]] = []

    def run(self, name: str, check: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = check()
            status = "PASS"
        except CheckFailed as exc:
            status, detail = "FAIL", str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug or a missing bundle file: report it on the line, keep going
            status = "FAIL"
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0]
            if os.environ.get("BILINGUAL_READER_SELFTEST_TRACEBACK"):
                traceback.print_exc()
        elapsed = time.perf_counter() - started
        print(f"{status} {name}: {detail} ({elapsed:.2f} s)", flush=True)
        self.results.append((status, name, detail))

    # -- checks --------------------------------------------------------------------------------------------

    def check_resources(self) -> str:
        from reader_app.paths import fallback_font_path, font_path, resources_dir, sample_path

        missing = [str(p) for p in (sample_path(), font_path(), fallback_font_path()) if not p.is_file()]
        if missing:
            raise CheckFailed("missing " + ", ".join(missing))
        where = "bundle" if getattr(sys, "frozen", False) else "source tree"
        return f"sample and fonts found in the {where} ({resources_dir()})"

    def check_imports(self) -> str:
        """Every module the app's code imports anywhere, at the top or inside a function (read from its bytecode):
        a module or data file the bundle lacks shows up here, not when a reader first opens an EPUB."""
        import dis
        import importlib
        import importlib.util
        import pkgutil
        import types

        import reader_app

        own = sorted(m.name for m in pkgutil.walk_packages(reader_app.__path__, "reader_app.")
                     if not m.name.endswith("__main__"))
        referenced: set[str] = set()

        def collect(code: types.CodeType) -> None:
            referenced.update(i.argval for i in dis.get_instructions(code) if i.opname == "IMPORT_NAME")
            for const in code.co_consts:
                if isinstance(const, types.CodeType):
                    collect(const)

        for name in own:
            spec = importlib.util.find_spec(name)
            code = spec.loader.get_code(name) if spec and spec.loader else None
            if code is None:
                raise CheckFailed(f"no code for {name}")
            collect(code)
        failed, absent = [], []
        for name in sorted(referenced - {"reader_app.__main__"}):
            try:
                importlib.import_module(name)
            except ImportError as exc:
                (absent if name.split(".")[0] in OPTIONAL_MODULES else failed).append(f"{name} ({exc})")
        if failed:
            raise CheckFailed(f"{len(failed)} of {len(referenced)} imports fail: {'; '.join(failed[:3])}")
        optional = f", optional absent: {', '.join(a.split(' ')[0] for a in absent)}" if absent else ""
        return f"{len(own)} modules of the app, {len(referenced) - len(absent)} modules they import{optional}"

    def check_open_sample(self) -> str:
        from reader_app.core.documents import load_document
        from reader_app.paths import sample_path

        self.document = load_document(sample_path())
        n_zh, n_en = len(self.document.zh.paragraphs), len(self.document.en.paragraphs)
        if n_zh < 2 or n_en < 8:
            raise CheckFailed(f"only {n_zh} Chinese and {n_en} English paragraphs")
        return f"{n_zh} Chinese and {n_en} English paragraphs"

    def check_lexicon(self) -> str:
        from reader_app.core.aligner.lexicon import lexicon_cache_path, load_lexicon

        path = lexicon_cache_path()
        if getattr(sys, "frozen", False) and not path.is_relative_to(Path(sys._MEIPASS)):
            raise CheckFailed(f"the compact CC-CEDICT is not in the bundle (looked for it, found {path})")
        lexicon = load_lexicon()
        terms = lexicon.translations("气候")
        if not any(t.startswith("climat") for t in terms):
            raise CheckFailed(f"气候 translates to {terms!r}, expected climate")
        return f"{len(lexicon.word_index)} words, 气候 -> {', '.join(terms[:3])}"

    def check_dictionary(self) -> str:
        from reader_app.core.dictionary.entries import dictionary_cache_path, load_dictionary
        from reader_app.core.dictionary.readings import marked
        from reader_app.core.dictionary.words import segment

        # Built from the bundled CC-CEDICT text at its first use (into the self-test's temporary cache here).
        words = [word.text for word in segment("中美兩國應對氣候危機", load_dictionary())]
        if not dictionary_cache_path().exists():
            raise CheckFailed(f"the look-up dictionary's cache was not written ({dictionary_cache_path()})")
        if words != ["中美", "兩國", "應對", "氣候", "危機"]:
            raise CheckFailed(f"中美兩國應對氣候危機 segments as {' / '.join(words)}")
        return f"中美兩國應對氣候危機 -> {' / '.join(words)}; {marked('qi4 hou4')}"

    def check_align(self) -> str:
        from reader_app.core.aligner import align_document

        if self.document is None:
            raise CheckFailed("no document (open sample failed)")
        self.alignment = align_document(self.document, tier=1)
        zh_gaps, en_gaps = self.alignment.gaps("zh"), self.alignment.gaps("en")
        if (zh_gaps, en_gaps) != (EXPECTED_ZH_GAPS, EXPECTED_EN_GAPS):
            raise CheckFailed(f"omissions zh {zh_gaps} en {en_gaps}, expected zh {EXPECTED_ZH_GAPS} "
                              f"en {EXPECTED_EN_GAPS}")
        return f"{len(self.alignment.links)} links, omissions zh {zh_gaps} en {en_gaps} as expected"

    def check_embeddings(self) -> str:
        import numpy as np

        from reader_app.core.aligner.embeddings import embed

        # Encoded by the bundled model (the embedding cache lives in the self-test's temporary data folder).
        vectors = np.asarray(embed(["气候变化", "climate change", "a ripe banana"]), dtype=np.float32)
        vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        near, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
        if not near > far + 0.1:
            raise CheckFailed(f"cosine 气候变化~climate change {near:.2f} is not above ~banana {far:.2f}")
        return f"model loaded, cosine 气候变化~climate change {near:.2f} vs ~banana {far:.2f}"

    def check_annotation(self) -> str:
        from reader_app.core.anchoring import anchor_paragraph
        from reader_app.storage.annotations import Annotation, AnnotationStore
        from reader_app.storage.database import Database

        if self.document is None:
            raise CheckFailed("no document (open sample failed)")
        folder = self.scratch / "notes"
        note = "自检 self-test note"
        database = Database(folder)
        try:
            store = AnnotationStore(database)
            ids = store.register_document(self.document)
            saved = store.save(Annotation.create(ids[0], "paragraph", anchor_paragraph(self.document.zh.paragraphs, 0),
                                                 note=note))
        finally:
            database.close()
        database = Database(folder)  # a fresh connection: what was read back really was on disk
        try:
            loaded = AnnotationStore(database).get(saved.id)
        finally:
            database.close()
        if loaded is None or loaded.note != note:
            raise CheckFailed(f"wrote {note!r}, read back {loaded.note if loaded else None!r}")
        return f"wrote and read back a note in {database.path.name} (temporary folder)"

    def check_text_services(self) -> str:
        """Qt's ICU-backed services on Chinese and English (the Linux bundle carries a trimmed ICU data library)."""
        from PySide6.QtCore import QCollator, QLocale, QStringDecoder

        collator = QCollator(QLocale("zh_CN"))
        if not collator.compare("北京", "上海") < 0:  # pinyin order: běi before shàng
            raise CheckFailed("Chinese collation does not sort 北京 before 上海")
        upper = QLocale("en_US").toUpper("straße")
        if upper != "STRASSE":
            raise CheckFailed(f"toUpper('straße') gave {upper!r}")
        missing = [name for name in ("GB18030", "GBK", "Big5", "windows-1252") if not QStringDecoder(name).isValid()]
        if missing:
            raise CheckFailed(f"no decoder for {', '.join(missing)}")
        # The Chinese UI: our catalogue and Qt's own (standard buttons), both found where the bundle put them.
        from PySide6.QtWidgets import QApplication

        from reader_app.ui.i18n import install_translator

        app = QApplication.instance() or QApplication([sys.argv[0]])
        try:
            if install_translator(app, "zh_CN") != "zh_CN":
                raise CheckFailed("the Simplified Chinese UI catalogue is missing")
            cancel = QApplication.translate("QPlatformTheme", "Cancel")
            if cancel != "取消":
                raise CheckFailed(f"Qt's own Chinese catalogue is missing (Cancel -> {cancel!r})")
        finally:
            install_translator(app, "en")
        return "Chinese collation, case mapping, GB18030/GBK/Big5/windows-1252 decoders, Chinese UI catalogues"

    def check_render(self) -> str:
        from PySide6.QtCore import QSettings
        from PySide6.QtGui import QColor, QFontDatabase, QFontMetrics
        from PySide6.QtWidgets import QApplication

        from reader_app.paths import sample_path
        from reader_app.ui.fonts import bundled_families, chinese_font, register_bundled_font
        from reader_app.ui.main_window import MainWindow

        if self.document is None:
            raise CheckFailed("no document (open sample failed)")
        app = QApplication.instance() or QApplication([sys.argv[0]])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(self.scratch / "settings"))
        family = register_bundled_font()
        metrics = QFontMetrics(chinese_font())
        han = {ch for p in self.document.zh.paragraphs for ch in p.text if "\u4e00" <= ch <= "\u9fff"}
        missing = sorted(ch for ch in han if not metrics.inFontUcs4(ord(ch)))
        if missing:
            raise CheckFailed(f"{len(missing)} Han characters of the sample not in {family}: {''.join(missing[:10])}")
        # Opened as the reader opens a file: through the window's DocumentJob (its thread, the document cache,
        # the aligner), not handed a document loaded here (a failure there would go unseen: issue 18).
        window = MainWindow(refine=False)
        outcome: dict[str, object] = {}
        window.documentOpened.connect(lambda document: outcome.setdefault("opened", document))
        window.loadFailed.connect(lambda message: outcome.setdefault("failed", message))
        try:
            window.resize(1000, 700)
            window.show()
            window.open_paths([str(sample_path())])
            deadline = time.monotonic() + 120
            while not outcome and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            if "failed" in outcome:
                raise CheckFailed(f"the window could not open the sample: {outcome['failed']}")
            if not outcome:
                raise CheckFailed("the window did not open the sample within 120 s")
            gaps = window.view.alignment.gaps("zh"), window.view.alignment.gaps("en")
            if gaps != (EXPECTED_ZH_GAPS, EXPECTED_EN_GAPS):
                raise CheckFailed(f"the window shows omissions zh {gaps[0]} en {gaps[1]}")
            app.processEvents()
            image = window.grab().toImage()
        finally:
            if window.job is not None:
                window.job.cancel()
                window.job.wait(30)
            window.close()
            window.deleteLater()
            app.processEvents()
        if image.isNull() or image.width() < 500:
            raise CheckFailed("the window rendered no image")
        # Text is there if a fair share of pixels is much darker than the page (glyph strokes).
        dark = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
                   if QColor(image.pixel(x, y)).lightness() < 110)
        if dark < 200:
            raise CheckFailed(f"the frame looks empty ({dark} dark sample points)")
        # fontconfig's generic names are listed even when it has no font at all.
        ours = {*bundled_families(), "Monospace", "Sans Serif", "Serif"}
        system = [f for f in QFontDatabase.families() if f not in ours]
        return (f"sample opened by the window's job; {image.width()}x{image.height()} frame on {app.platformName()}, "
                f"{len(system)} system font families, {len(han)} distinct Han characters all in {family}")

    def check_alignment_process(self) -> str:
        """The process a long book is aligned in (spawned: in the frozen app it re-enters the executable)."""
        from reader_app.core.aligner.process import AlignmentProcess

        if self.document is None:
            raise CheckFailed("no document (open sample failed)")
        received = []
        child = AlignmentProcess()
        child.start()
        child.align(self.document.zh.texts(), self.document.en.texts(), [1])
        child.wait(received.append)
        if len(received) != 1:
            raise CheckFailed(f"{len(received)} alignments came back, expected 1")
        gaps = received[0].gaps("zh"), received[0].gaps("en")
        if gaps != (EXPECTED_ZH_GAPS, EXPECTED_EN_GAPS):
            raise CheckFailed(f"omissions zh {gaps[0]} en {gaps[1]} from the aligner process")
        return f"tier 1 in a spawned process: {len(received[0].links)} links, the expected omissions"


def run_self_test() -> int:
    """Run every check; print one line each and a summary. 0 when all pass, 1 otherwise."""
    # One frame rendered offscreen: no display needed, no window flashes up (a given QT_QPA_PLATFORM still wins).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A pipe on Windows encodes in the ANSI code page: the lines' Chinese must not abort the self-test.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from reader_app import paths

    with tempfile.TemporaryDirectory(prefix="bilingual-reader-selftest-") as scratch:
        # Everything the checks write (notes, embedding cache, settings) goes to the temporary folder.
        paths.set_data_dir(Path(scratch) / "data")
        test = SelfTest(Path(scratch))
        test.run("resources", test.check_resources)
        test.run("imports", test.check_imports)
        test.run("open sample", test.check_open_sample)
        test.run("lexicon", test.check_lexicon)
        test.run("dictionary", test.check_dictionary)
        test.run("align", test.check_align)
        test.run("embeddings", test.check_embeddings)
        test.run("annotation", test.check_annotation)
        test.run("text services", test.check_text_services)
        test.run("render", test.check_render)
        test.run("alignment process", test.check_alignment_process)
        paths.set_data_dir(None)
    failed = [name for status, name, _ in test.results if status != "PASS"]
    passed = len(test.results) - len(failed)
    print(f"self-test: {passed} of {len(test.results)} checks passed" + (f"; failed: {', '.join(failed)}" if failed
                                                                          else ""), flush=True)
    return 0 if not failed else 1
