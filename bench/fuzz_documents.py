"""Coverage-guided fuzzing of every document loader with atheris (libFuzzer for Python).

Usage: .venv/bin/python bench/fuzz_documents.py [--format text|markdown|html|epub|docx|srt|tmx|xliff|all]
           [--minutes N] [--jobs N] [--workdir DIR] [--fresh]
       .venv/bin/python bench/fuzz_documents.py --replay FILE...   (load each file, print the outcome)
       .venv/bin/python bench/fuzz_documents.py --minimize FILE [--minimize-seconds 60] [--out PATH]
       .venv/bin/python bench/fuzz_documents.py --self-test [--minutes 0.5]   (planted crash/hang/OOM are counted)

Each format is fuzzed in its own child processes, so libFuzzer's limits apply to that format alone:
-timeout=2 (an input running over 2 s is a hang), -rss_limit_mb=500 (a process over 500 MB is an OOM). The
child also reads its peak RSS after every input, so a spike shorter than libFuzzer's 1 s sampling still
counts as an OOM. Every input is written to a temporary file with the format's extension and given to
`load_document`; any exception other than `DocumentError` is a crash. A crash does not stop the run: the
first input of each distinct crash (exception type and innermost frames) is saved with its traceback, and
fuzzing goes on. A hang, an OOM or a native crash ends the child (libFuzzer does that); the parent restarts
it on the same corpus until the format's time is used up. The loader modules and the pure-Python parsers
they use (markdown-it, python-docx, translate-toolkit, defusedxml, zipfile) are instrumented for coverage;
selectolax and lxml are native code and only their Python callers are.

Seeds come from the test data (tests/data) and the test helpers that build each format (to_html, to_docx,
epub_bytes, SRT, TMX, XLIFF, ...). Corpus, seeds, logs and artifacts live under --workdir (default: a
folder in the system temp dir), never in the repository; the corpus is kept between runs unless --fresh.
DOCX and EPUB inputs are mutated both as raw bytes and member by member (unzip, mutate one part, zip again)
so the XML and HTML readers behind the ZIP layer get exercised.

Targets from the issue: 0 crashes other than DocumentError, 0 hangs over 2 s, 0 runs over 500 MB, for at
least 10 minutes per format. Last line:
RESULT formats=… minutes_each=… execs=… crashes=… hangs=… ooms=… peak_rss_mb=… slowest_s=…
(crashes = distinct Python crashes + native crashes, hangs = libFuzzer timeouts, ooms = runs over 500 MB.)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FORMATS: dict[str, str] = {  # format -> the file extension its inputs get
    "text": ".txt",
    "markdown": ".md",
    "html": ".html",
    "epub": ".epub",
    "docx": ".docx",
    "srt": ".srt",
    "tmx": ".tmx",
    "xliff": ".xlf",
}
ZIP_FORMATS = ("epub", "docx")
TIMEOUT_S = 2
RSS_LIMIT_MB = 500
INSTRUMENTED = ["reader_app", "markdown_it", "mdurl", "docx", "translate", "defusedxml", "zipfile"]
MAX_RESTARTS = 40  # per format: a loader that hangs on everything would otherwise restart forever
EXIT_RSS = 71  # the child's own exit code when an input pushed its peak RSS over the limit

# -- seeds ---------------------------------------------------------------------------------------------------


def build_seeds() -> tuple[dict[str, dict[str, bytes]], list[str]]:
    """Seed inputs per format, from tests/data and the tests' format helpers. Returns (seeds, notes)."""
    notes: list[str] = []
    data_dir = ROOT / "tests" / "data"
    samples = {p.name: p.read_bytes() for p in sorted(data_dir.glob("*.txt"))} if data_dir.is_dir() else {}
    sample_text = next(iter(samples.values()), "標題\n\n第一段。\n\nTitle\n\nFirst paragraph.\n".encode()).decode()
    seeds: dict[str, dict[str, bytes]] = {name: {} for name in FORMATS}
    small = "中文標題\n\n第一段中文。\n\nEnglish Title\n\nFirst paragraph in English.\n"
    for name, data in samples.items():
        seeds["text"][name] = data
    seeds["text"]["sample.gb18030.txt"] = sample_text.replace("\u00a0", " ").encode("gb18030", errors="replace")
    seeds["text"]["sample.big5.txt"] = sample_text[:1500].encode("cp950", errors="replace")
    seeds["text"]["sample.utf16bom.txt"] = sample_text[:1500].encode("utf-16")
    seeds["text"]["sample.utf16le.txt"] = sample_text[:1500].encode("utf-16-le")
    seeds["text"]["small.txt"] = small.encode()
    seeds["text"]["small.utf8bom.txt"] = b"\xef\xbb\xbf" + small.encode()
    try:
        sys.path.insert(0, str(ROOT))
        from tests.unit.core.documents import test_formats as helpers
    except Exception as exc:  # noqa: BLE001 - pytest missing, or the tests moved: the sample alone still seeds text formats
        notes.append(f"test helpers unavailable ({type(exc).__name__}: {exc}); seeding from tests/data only")
        seeds["markdown"]["small.md"] = ("# 標題\n\n" + small).encode()
        seeds["html"]["small.html"] = f"<html><body><p>{small}</p></body></html>".encode()
        seeds["srt"]["small.srt"] = b"1\n00:00:01,000 --> 00:00:02,000\n\xe4\xb8\xad\xe6\x96\x87\nHello.\n"
        return seeds, notes
    seeds["markdown"]["sample.md"] = helpers.to_markdown().encode()
    seeds["markdown"]["inline.md"] = (
        "# 標題\n\n正文**第一**段，\n換行繼續。\n\n- 項目一\n- 項目二\n\n# Title\n\nBody *first* paragraph,\n"
        "wrapped here.\n\n```\ncode stays\n```\n\n> quote 引文\n\n1. one\n2. two\n\n    indented code\n\n<b>html</b>\n"
    ).encode()
    seeds["html"]["sample.html"] = helpers.to_html().encode()
    seeds["html"]["sample-gbk.html"] = (
        helpers.to_html(charset="gbk").replace("\u00a0", " ").encode("gbk", errors="replace")
    )
    seeds["html"]["ruby.html"] = (
        "<html><head><title>ignored</title><script>var x = '不是正文';</script></head><body>"
        "<h2>行<ruby>動<rp>(</rp><rt>dòng</rt><rp>)</rp></ruby>計劃</h2>"
        "<ul><li>第一項內容很重要。</li><li><p>第二項內容也很重要。</p></li></ul>"
        "<p>Action <b>plan</b>&nbsp;&nbsp;here.</p><ul><li>First item.</li><li>Second item.</li></ul>"
        "<table><tr><td>表格</td><td>Table</td></tr></table><pre>line 1\nline 2</pre>"
        "<!-- a comment --><noscript>no</noscript></body></html>"
    ).encode()
    seeds["html"]["page.xhtml.html"] = helpers.xhtml("<p>中文段落一。</p><p>English paragraph one.</p>").encode()
    seeds["html"]["liar.html"] = (
        '<html><head><meta charset="utf-8"></head><body>'
        "<p>雙方計劃在期間舉辦第二屆峰會，推動開展雙邊合作。</p><p>English.</p>"
    ).encode("gb18030")
    seeds["epub"]["sample.epub"] = helpers.to_epub()
    seeds["epub"]["spine.epub"] = helpers.epub_bytes(
        {"b.xhtml": helpers.xhtml("<p>English second chapter.</p>"), "a.xhtml": helpers.xhtml("<p>中文第一章。</p>")},
        spine=["c1", "c0"],
    )
    seeds["docx"]["sample.docx"] = helpers.to_docx()
    try:
        seeds["docx"]["mixed.docx"] = helpers.mixed_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx's API moved: the sample DOCX still seeds
        notes.append(f"mixed.docx seed not built ({type(exc).__name__}: {exc})")
    seeds["srt"]["talk.srt"] = helpers.SRT.encode()
    seeds["srt"]["talk-gb18030.srt"] = helpers.SRT.encode("gb18030")
    seeds["srt"]["talk-crlf.srt"] = helpers.SRT.replace("\n", "\r\n").encode("utf-8-sig")
    seeds["tmx"]["memory.tmx"] = helpers.TMX.encode()
    seeds["tmx"]["features.tmx"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="*all*" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1">'
        '<prop type="x-note">p</prop><note>n</note></header><body>'
        '<tu tuid="1"><prop type="x">y</prop><tuv lang="EN-US"><seg>Plain <ph x="1">&lt;br/&gt;</ph>text.</seg></tuv>'
        '<tuv lang="ZH-CN"><seg>純<it pos="begin">&lt;i&gt;</it>文本。</seg></tuv></tu>'
        '<tu><tuv xml:lang="zh-Hant"><seg>只有<hi type="b">中文</hi>。</seg></tuv></tu>'
        "<tu><tuv><seg>No language code.</seg></tuv><tuv><seg>沒有語言代碼。</seg></tuv></tu>"
        '<tu><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv><tuv xml:lang="en"><seg><![CDATA[Hello <b>]]></seg></tuv>'
        '<tuv xml:lang="yue"><seg>你好。</seg></tuv></tu></body></tmx>\n'
    ).encode()
    seeds["xliff"]["features.xlf"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        '<file original="a" source-language="en" target-language="zh-TW" datatype="html"><header><note>h</note>'
        '</header><body><group id="g"><trans-unit id="1" approved="yes"><source>Hello <g id="1">bold</g>'
        ' <x id="2"/>world.</source><target state="translated">你好<g id="1">粗體</g><x id="2"/>世界。</target>'
        '<alt-trans><target>另一個</target></alt-trans><note from="x">n</note></trans-unit></group>'
        '<trans-unit id="2"><source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></source>'
        '<seg-source><mrk mtype="seg" mid="1">One.</mrk></seg-source><target><mrk mtype="seg" mid="1">一。</mrk>'
        '</target></trans-unit><bin-unit id="b" mime-type="image/png"><bin-source/></bin-unit></body></file>'
        '<file original="b" source-language="zh" datatype="plaintext"><body><trans-unit id="3"><source>'
        "第二個文件。</source></trans-unit></body></file></xliff>\n"
    ).encode()
    seeds["xliff"]["features2.xlf"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
        'srcLang="en" trgLang="zh"><file id="f"><notes><note>n</note></notes><group id="g"><unit id="u1">'
        '<originalData><data id="d1">&lt;b&gt;</data></originalData><segment state="final"><source>Hello '
        '<pc id="1" dataRefStart="d1">bold</pc><ph id="2"/>.</source><target>你好<pc id="1">粗體</pc>。</target>'
        "</segment><ignorable><source> </source></ignorable><segment><source>Second.</source></segment></unit>"
        '</group><unit id="u2"><segment><source>第三。</source><target>Third.</target></segment></unit></file>'
        "</xliff>\n"
    ).encode()
    seeds["xliff"]["readout.xlf"] = helpers.XLIFF.encode()
    if hasattr(helpers, "XLIFF2"):
        seeds["xliff"]["readout2.xlf"] = helpers.XLIFF2.encode()
    for fmt, files in seeds.items():  # the sample loads in every format: keep it as text seed for all
        if fmt not in ZIP_FORMATS and fmt != "text" and not files:
            files["sample.txt"] = sample_text.encode()
    return seeds, notes


_XML_TOKENS = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    'encoding="gb18030"',
    "<!DOCTYPE",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "&amp;",
    "&lt;",
    "&#x4e2d;",
    "&#0;",
    'xml:lang="zh-CN"',
    'xml:lang="en"',
    'lang="zh"',
    "xmlns=",
    "/>",
    "</",
]
DICT_TOKENS: dict[str, list[str]] = {
    "text": [
        "\r\n",
        "\n\n",
        "\u3000",
        "\u00a0",
        "\ufeff",
        "：",
        "。",
        "第一章",
        "Chapter 1",
        "<html",
        "<tmx",
        "PK\x03\x04",
    ],
    "markdown": [
        "# ",
        "## ",
        "- ",
        "* ",
        "1. ",
        "> ",
        "```",
        "~~~",
        "    ",
        "\\\n",
        "  \n",
        "**",
        "_",
        "`",
        "[a](b)",
        "![i](j)",
        "<b>",
        "---",
        "===",
        "|",
        "&amp;",
        "&#",
        "[x]: /u",
    ],
    "html": [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<br/>",
        "<h1>",
        "<li>",
        "<ul>",
        "<table>",
        "<td>",
        "<pre>",
        "<ruby>",
        "<rt>",
        "<script>",
        "<title/>",
        "<style/>",
        "<template>",
        "<svg>",
        "<math>",
        '<meta charset="',
        "gbk",
        "big5",
        "utf-16",
        "&nbsp;",
        "&#",
        "<!DOCTYPE html>",
        "<![CDATA[",
        "-->",
        "<!--",
    ],
    "srt": [
        "00:00:01,000 --> 00:00:02,000",
        " --> ",
        "00:00:00.000",
        "<i>",
        "</i>",
        "{\\an8}",
        '<font color="red">',
        "\r\n",
        "\n\n",
        "1\n",
        "999\n",
    ],
    "tmx": _XML_TOKENS
    + [
        '<tmx version="1.4">',
        "<header",
        "<body>",
        "<tu>",
        "</tu>",
        "<tuv",
        "</tuv>",
        "<seg>",
        "</seg>",
        '<bpt i="1">',
        '<ept i="1">',
        "<ph>",
        "<it>",
        "<ut>",
        '<prop type="x">',
        "<note>",
        'srclang="*all*"',
    ],
    "xliff": _XML_TOKENS
    + [
        "<xliff",
        "urn:oasis:names:tc:xliff:document:1.2",
        "urn:oasis:names:tc:xliff:document:2.0",
        "<file",
        "<body>",
        '<trans-unit id="1">',
        "<source>",
        "</source>",
        "<target>",
        "</target>",
        '<unit id="1">',
        "<segment>",
        '<g id="1">',
        '<x id="1"/>',
        "<mrk",
        "<alt-trans>",
        "<group>",
        "<note>",
        '<pc id="1">',
        '<ph id="1"/>',
        'source-language="zh"',
        'srcLang="zh"',
        'trgLang="en"',
    ],
    "docx": _XML_TOKENS
    + [
        "<w:p>",
        "</w:p>",
        "<w:r>",
        "<w:t>",
        "</w:t>",
        "<w:br/>",
        "<w:tab/>",
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        '<w:gridSpan w:val="2"/>',
        "<w:vMerge/>",
        '<w:pStyle w:val="Heading1"/>',
        "<w:numPr>",
        "<w:ruby>",
        "<w:rt>",
        "<w:del>",
        "<w:instrText>",
        "<w:sdt>",
        "<w:ins>",
        "<w:txbxContent>",
        'Target="',
        'TargetMode="External"',
        'Id="rId1"',
        "PK\x03\x04",
        "PK\x01\x02",
        "PK\x05\x06",
    ],
    "epub": _XML_TOKENS
    + [
        '<rootfile full-path="',
        '<item id="c0" href="',
        'media-type="application/xhtml+xml"',
        'media-type="text/html"',
        '<itemref idref="c0"/>',
        'linear="no"',
        "<spine>",
        "<manifest>",
        "<p>",
        "<h1>",
        "<br/>",
        "<title/>",
        "../",
        "%2e%2e/",
        "PK\x03\x04",
        "PK\x01\x02",
        "PK\x05\x06",
        "mimetypeapplication/epub+zip",
    ],
}


def _dict_line(token: str) -> str:
    raw = token.encode("utf-8")
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in raw) + '"'


def prepare(workdir: Path, formats: list[str], fresh: bool) -> tuple[dict[str, int], list[str]]:
    """Seeds, dictionaries and folders for each format; returns ({format: max_len}, notes)."""
    seeds, notes = build_seeds()
    max_lens = {}
    for fmt in formats:
        for sub in ("seeds", "dicts"):
            (workdir / sub).mkdir(parents=True, exist_ok=True)
        seed_dir = workdir / "seeds" / fmt
        shutil.rmtree(seed_dir, ignore_errors=True)
        seed_dir.mkdir(parents=True)
        for name, data in seeds[fmt].items():
            (seed_dir / name).write_bytes(data)
        if fresh:
            for sub in ("corpus", "artifacts"):
                shutil.rmtree(workdir / sub / fmt, ignore_errors=True)
        for sub in ("corpus", "artifacts", "logs"):
            (workdir / sub / fmt).mkdir(parents=True, exist_ok=True)
        (workdir / "dicts" / f"{fmt}.dict").write_text(
            "\n".join(_dict_line(t) for t in DICT_TOKENS.get(fmt, [])) + "\n", encoding="ascii"
        )
        largest = max((len(d) for d in seeds[fmt].values()), default=0)
        max_lens[fmt] = max(2 * largest, 65536 if fmt in ZIP_FORMATS else 16384)
    return max_lens, notes


# -- the child: one libFuzzer run on one format ----------------------------------------------------------------


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: psutil's peak working set, where installed
        try:
            import psutil

            info = psutil.Process().memory_info()
            return getattr(info, "peak_wset", info.rss) / 2**20
        except Exception:  # noqa: BLE001 - no psutil: no figure
            return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB on Linux


def _signature(exc: BaseException) -> tuple[str, str]:
    """(short key, readable signature): the exception type and the innermost frames, in reader_app and overall."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "reader_app" in f.filename.replace("\\", "/")]
    innermost = frames[-1] if frames else None

    def where(frame) -> str:
        if frame is None:
            return "?"
        path = frame.filename.replace("\\", "/")
        short = path.split("site-packages/")[-1].split("/main/")[-1]
        return f"{short}:{frame.lineno} {frame.name}"

    readable = f"{type(exc).__name__} at {where(ours[-1] if ours else None)} / {where(innermost)}"
    return hashlib.sha1(readable.encode()).hexdigest()[:10], readable


def _self_test_target(real):
    """--self-test: the real loader behind three planted bugs, so the crash, hang and OOM accounting is checked."""

    def load_document(path):
        head = Path(path).read_bytes()[:1]
        if head == b"C":
            raise ValueError("planted crash")
        if head == b"H":
            time.sleep(2 * TIMEOUT_S + 1)
        if head == b"M":
            block = b"x" * ((RSS_LIMIT_MB + 100) * 2**20)
            del block
        return real(path)

    return load_document


def child_main(fmt: str, config: dict, libfuzzer_args: list[str]) -> None:
    import atheris

    os.environ.setdefault("BILINGUAL_READER_DATA_DIR", config["data_dir"])
    sys.path.insert(0, str(ROOT))
    import logging
    import random
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    started = time.perf_counter()
    with atheris.instrument_imports(include=INSTRUMENTED):
        import zipfile  # instrumented too: this script imports it only from here on

        import defusedxml.ElementTree  # noqa: F401
        import docx  # noqa: F401
        import markdown_it  # noqa: F401
        import translate.storage.tmx
        import translate.storage.xliff
        import translate.storage.xliff2  # noqa: F401

        import reader_app.core.documents.formats.docx
        import reader_app.core.documents.formats.epub
        import reader_app.core.documents.formats.html
        import reader_app.core.documents.formats.memory
        import reader_app.core.documents.formats.subtitles
        import reader_app.core.documents.formats.text  # noqa: F401
        from reader_app.core.documents import DocumentError, load_document
    if config.get("self_test"):
        load_document = _self_test_target(load_document)
    strict = config.get("strict", False)
    artifacts = Path(config["artifacts"])
    run_dir = Path(tempfile.mkdtemp(prefix=f"fuzz-{fmt}-", dir=config.get("run_dir")))
    path = run_dir / f"input{FORMATS[fmt]}"
    known = set()
    signatures_file = artifacts / "signatures.jsonl"
    if signatures_file.exists():
        for line in signatures_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                known.add(json.loads(line)["key"])
    stats = {
        "format": fmt,
        "startup_s": 0.0,
        "fuzz_s": 0.0,
        "execs": 0,
        "crash_execs": 0,
        "new_crashes": 0,
        "odd_messages": 0,
        "peak_rss_mb": 0.0,
        "slowest_s": 0.0,
        "over_rss": 0,
    }
    stats_path = Path(config["stats"]) if config.get("stats") else None
    clock = {"first": 0.0, "written": 0.0}

    def write_stats(now: float) -> None:
        stats["fuzz_s"] = now - clock["first"]
        stats["peak_rss_mb"] = _peak_rss_mb()
        if stats_path is not None:
            stats_path.write_text(json.dumps(stats), encoding="utf-8")
        clock["written"] = now

    def save(prefix: str, data: bytes, text: str) -> Path:
        digest = hashlib.sha1(data).hexdigest()[:12]
        target = artifacts / f"{prefix}-{digest}{FORMATS[fmt]}"
        target.write_bytes(data)
        target.with_suffix(target.suffix + ".txt").write_text(text, encoding="utf-8")
        return target

    def test_one_input(data: bytes) -> None:
        now = time.perf_counter()
        if not clock["first"]:
            clock["first"] = now
            stats["startup_s"] = now - started
        path.write_bytes(data)
        began = time.perf_counter()
        try:
            load_document(path)
        except DocumentError as exc:
            message = str(exc)
            if "\n" in message or not message.startswith(path.name + ": "):
                stats["odd_messages"] += 1
                if stats["odd_messages"] == 1:
                    save("odd-message", data, f"{type(exc).__name__}: {message!r}\n")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            if strict:  # minimisation: let libFuzzer see the crash (only the one being minimised)
                if config.get("target") in (None, _signature(exc)[0]):
                    raise
                return
            stats["crash_execs"] += 1
            key, readable = _signature(exc)
            if key not in known:
                known.add(key)
                stats["new_crashes"] += 1
                saved = save(f"pycrash-{key}", data, "".join(traceback.format_exception(exc)))
                with signatures_file.open("a", encoding="utf-8") as file:
                    file.write(json.dumps({"key": key, "signature": readable, "input": saved.name}) + "\n")
                print(f"\n=== new crash {key}: {readable}\n    input saved to {saved}", file=sys.stderr, flush=True)
        finally:
            elapsed = time.perf_counter() - began
            stats["execs"] += 1
            if elapsed > stats["slowest_s"]:
                stats["slowest_s"] = elapsed
                if elapsed > 1.0:
                    save("slow", data, f"{elapsed:.3f} s\n")
            end = time.perf_counter()
            if _peak_rss_mb() > RSS_LIMIT_MB and not strict:
                stats["over_rss"] += 1
                target = save("rss", data, f"peak RSS {_peak_rss_mb():.0f} MB after this input\n")
                print(f"\n=== input pushed peak RSS over {RSS_LIMIT_MB} MB: {target}", file=sys.stderr, flush=True)
                write_stats(end)
                os._exit(EXIT_RSS)  # a fresh process measures the next inputs
            if end - clock["written"] > 1.0:
                write_stats(end)

    def zip_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        """Mostly: unzip, mutate one member with libFuzzer's mutator, zip again (valid CRCs, so the parsers behind
        the ZIP layer see the damage); sometimes drop or duplicate a member; else plain byte mutation."""
        rnd = random.Random(seed)
        try:
            if rnd.random() < 0.3:
                return atheris.Mutate(data, max_size)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [(info.filename, archive.read(info)) for info in archive.infolist()]
            if not members:
                return atheris.Mutate(data, max_size)
            weights = [
                4 if name.endswith((".xml", ".rels", ".opf", ".xhtml", ".html", ".htm")) else 1 for name, _ in members
            ]
            index = rnd.choices(range(len(members)), weights)[0]
            name, body = members[index]
            choice = rnd.random()
            if choice < 0.04 and len(members) > 1:
                del members[index]
            elif choice < 0.07:
                members.insert(index, (name, body))
            elif choice < 0.10:
                members[index] = (rnd.choice([n for n, _ in members]) + rnd.choice(["", "x", "/", ".xml"]), body)
            else:
                members[index] = (name, atheris.Mutate(body, max(2 * len(body), len(body) + 512)))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as archive:
                for n, b in members:
                    method = zipfile.ZIP_STORED if n == "mimetype" or rnd.random() < 0.05 else zipfile.ZIP_DEFLATED
                    archive.writestr(zipfile.ZipInfo(n, (2024, 1, 1, 0, 0, 0)), b, method)
            result = out.getvalue()
            return result if len(result) <= max_size else atheris.Mutate(data, max_size)
        except Exception:  # noqa: BLE001 - a damaged archive: plain byte mutation
            return atheris.Mutate(data, max_size)

    # Warm-up: dictionaries and caches load on first use (seconds), which is start-up, not any input's cost.
    from reader_app.core.documents import encodings

    for name in ("word_pairs", "common_han"):  # the encoding judge's tables: loaded on the first non-UTF-8 input
        if callable(getattr(encodings, name, None)):
            getattr(encodings, name)()
    with contextlib.suppress(ImportError):  # cleanup.readings_of imports it for characters CC-CEDICT lacks
        importlib.import_module("pypinyin.pinyin_dict")
    seed_dirs = [Path(config["seeds"]), Path(config["seeds"]).parent / "text"] if config.get("seeds") else []
    for seed in [p for d in seed_dirs if d.is_dir() for p in sorted(d.iterdir())]:
        path.write_bytes(seed.read_bytes())
        with contextlib.suppress(BaseException):  # a seed that fails is found again by the fuzzer
            load_document(path)
    argv = [sys.argv[0], *libfuzzer_args]
    kwargs = {"custom_mutator": zip_mutator} if fmt in ZIP_FORMATS and not config.get("no_zip_mutator") else {}
    atheris.Setup(argv, test_one_input, **kwargs)
    atheris.Fuzz()


# -- the parent: schedule formats, restart children, add up the figures -------------------------------------------

_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.MULTILINE)
_STATUS = re.compile(r"^#(\d+)\s+\w+.*?rss: (\d+)Mb", re.MULTILINE)
_print_lock = threading.Lock()


def say(text: str) -> None:
    with _print_lock:
        print(text, flush=True)


def fuzz_format(
    fmt: str, seconds: float, workdir: Path, max_len: int, extra: list[str], self_test: bool = False
) -> dict:
    artifacts = workdir / "artifacts" / fmt
    totals = {
        "format": fmt,
        "execs": 0,
        "seconds": 0.0,
        "wall_s": 0.0,
        "py_crashes": 0,
        "crash_execs": 0,
        "native_crashes": 0,
        "hangs": 0,
        "ooms": 0,
        "peak_rss_mb": 0.0,
        "slowest_s": 0.0,
        "runs": 0,
        "odd_messages": 0,
        "events": [],
    }
    fuzzed = 0.0
    while totals["runs"] <= MAX_RESTARTS:
        remaining = seconds - fuzzed
        if remaining < 1 and totals["runs"]:
            break
        stats_path = workdir / "logs" / fmt / f"stats-{totals['runs']}.json"
        stats_path.unlink(missing_ok=True)
        config = {
            "artifacts": str(artifacts),
            "stats": str(stats_path),
            "data_dir": str(workdir / "user-data"),
            "run_dir": str(workdir / "run"),
            "seeds": str(workdir / "seeds" / fmt),
            "self_test": self_test,
        }
        (workdir / "run").mkdir(exist_ok=True)
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            fmt,
            "--config",
            json.dumps(config),
            "--",
            str(workdir / "corpus" / fmt),
            str(workdir / "seeds" / fmt),
            f"-timeout={TIMEOUT_S}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-max_total_time={max(1, round(remaining))}",
            f"-max_len={max_len}",
            f"-artifact_prefix={artifacts}{os.sep}",
            "-print_final_stats=1",
            f"-dict={workdir / 'dicts' / (fmt + '.dict')}",
            *extra,
        ]
        log_path = workdir / "logs" / fmt / f"run-{totals['runs']}.log"
        began = time.perf_counter()
        with log_path.open("wb") as log:
            log.write((" ".join(command) + "\n").encode())
            log.flush()
            rc = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT).returncode
        wall = time.perf_counter() - began
        totals["runs"] += 1
        output = log_path.read_text(encoding="utf-8", errors="replace")
        stat = {k: int(v) for k, v in _STAT.findall(output)}
        try:
            child = json.loads(stats_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            child = {}
        statuses = _STATUS.findall(output)
        execs = stat.get("number_of_executed_units") or child.get("execs") or (int(statuses[-1][0]) if statuses else 0)
        fuzz_s = max(0.0, wall - child.get("startup_s", 0.0)) if child else wall
        fuzzed += fuzz_s
        totals["seconds"] += fuzz_s
        totals["wall_s"] += wall
        totals["execs"] += execs
        totals["crash_execs"] += child.get("crash_execs", 0)
        totals["odd_messages"] += child.get("odd_messages", 0)
        totals["slowest_s"] = max(totals["slowest_s"], child.get("slowest_s", 0.0))
        peaks = [totals["peak_rss_mb"], stat.get("peak_rss_mb", 0), child.get("peak_rss_mb", 0.0)]
        totals["peak_rss_mb"] = max([p for p in peaks if p == p] + [int(r) for _, r in statuses])
        event = None
        if "ERROR: libFuzzer: timeout" in output:
            totals["hangs"] += 1
            event = "hang"
        elif "ERROR: libFuzzer: out-of-memory" in output or rc == EXIT_RSS:
            totals["ooms"] += 1
            event = "oom"
        elif "ERROR: libFuzzer: deadly signal" in output or "Uncaught Python exception" in output:
            totals["native_crashes"] += 1
            event = "native crash" if "deadly signal" in output else "uncaught exception"
        elif rc != 0:
            totals["native_crashes"] += 1
            event = f"child exited {rc}"
        written = re.findall(r"(?:Test unit written to|peak RSS over \d+ MB:) (\S+)", output)
        if event:
            totals["events"].append(
                {
                    "event": event,
                    "run": totals["runs"] - 1,
                    "artifact": written[-1] if written else None,
                    "log": str(log_path),
                }
            )
        say(
            f"[{fmt}] run {totals['runs']}: {execs} execs in {fuzz_s:.0f} s ({execs / max(fuzz_s, 1e-9):.0f}/s), "
            f"rc={rc}{', ' + event if event else ''}{', artifact ' + written[-1] if event and written else ''}; "
            f"{fuzzed:.0f}/{seconds:.0f} s done"
        )
        if event is None:
            break
        if event and fuzz_s < 0.5 and not execs:  # the child cannot even start: no point restarting
            break
    signatures_file = artifacts / "signatures.jsonl"
    totals["signatures"] = (
        [json.loads(x) for x in signatures_file.read_text(encoding="utf-8").splitlines() if x.strip()]
        if signatures_file.exists()
        else []
    )
    totals["py_crashes"] = len(totals["signatures"])
    totals["corpus"] = sum(1 for _ in (workdir / "corpus" / fmt).iterdir())
    return totals


def _outcome(path: Path, self_test: bool = False) -> tuple[str, str | None]:
    """(one-line outcome, crash signature key or None) of loading one file in this process."""
    os.environ.setdefault("BILINGUAL_READER_DATA_DIR", str(Path(tempfile.gettempdir()) / "bilingual-reader-fuzz-data"))
    sys.path.insert(0, str(ROOT))
    from reader_app.core.documents import DocumentError, load_document

    if self_test:
        load_document = _self_test_target(load_document)
    try:
        document = load_document(path)
        return f"loaded: {len(document.zh)} zh / {len(document.en)} en paragraphs", None
    except DocumentError as exc:
        return f"{type(exc).__name__}: {exc}", None
    except BaseException as exc:  # noqa: BLE001 - anything else is the crash being looked for
        key, readable = _signature(exc)
        return "CRASH " + readable + "\n" + "".join(traceback.format_exception(exc)), key


def minimize(file: Path, fmt: str | None, seconds: float, out: Path | None, self_test: bool = False) -> int:
    """Shrink a crashing input with libFuzzer's crash minimiser, one in-process step per child, keeping only
    smaller inputs that still raise the same crash (same exception type and innermost frames)."""
    fmt = fmt or next((f for f, ext in FORMATS.items() if ext == file.suffix.lower()), "text")
    outcome, target = _outcome(file, self_test)
    if target is None:
        print(f"{file} does not crash ({outcome.splitlines()[0]}); nothing to minimise")
        return 1
    out = out or file.with_name(f"{file.stem}.min{file.suffix}")
    best = file.read_bytes()
    work = Path(tempfile.mkdtemp(prefix="fuzz-minimize-"))
    config = {
        "artifacts": str(work),
        "stats": None,
        "data_dir": str(work / "user-data"),
        "run_dir": str(work),
        "target": target,
        "self_test": self_test,
    }
    deadline = time.perf_counter() + seconds
    misses = 0
    while time.perf_counter() < deadline - 1 and misses < 3 and len(best) > 1:
        current = work / f"current{FORMATS[fmt]}"
        current.write_bytes(best)
        candidate = work / f"candidate{FORMATS[fmt]}"
        candidate.unlink(missing_ok=True)
        step = max(1, min(20, round(deadline - time.perf_counter())))
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                fmt,
                "--strict",
                "--config",
                json.dumps(config),
                "--",
                "-minimize_crash_internal_step=1",
                f"-max_total_time={step}",
                f"-timeout={TIMEOUT_S}",
                f"-rss_limit_mb={RSS_LIMIT_MB}",
                f"-exact_artifact_path={candidate}",
                str(current),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        if (
            candidate.exists()
            and len(candidate.read_bytes()) < len(best)
            and _outcome(candidate, self_test)[1] == target
        ):
            best = candidate.read_bytes()
            misses = 0
        else:
            misses += 1
    out.write_bytes(best)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{file}: {file.stat().st_size} -> {len(best)} bytes, same crash {target}: {out}")
    print(_outcome(out, self_test)[0])
    print(f"RESULT bytes_before={file.stat().st_size} bytes_after={len(best)}")
    return 0


def replay(files: list[str]) -> int:
    """Load each file as the app would, printing the outcome (a traceback for anything but DocumentError)."""
    failures = 0
    for name in files:
        began = time.perf_counter()
        outcome, key = _outcome(Path(name))
        failures += key is not None
        print(
            f"{name} ({Path(name).stat().st_size} bytes, {time.perf_counter() - began:.3f} s, "
            f"peak RSS {_peak_rss_mb():.0f} MB): {outcome}"
        )
    print(f"RESULT files={len(files)} crashes={failures}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        split = argv.index("--")
        fmt, config = argv[1], json.loads(argv[argv.index("--config") + 1])
        config["strict"] = "--strict" in argv[:split]
        child_main(fmt, config, argv[split + 1 :])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", default="all", choices=[*FORMATS, "all"])
    parser.add_argument("--minutes", type=float, default=10.0, help="fuzzing time per format (default 10)")
    parser.add_argument("--jobs", type=int, default=1, help="formats fuzzed at once (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bilingual-reader-fuzz")
    parser.add_argument("--fresh", action="store_true", help="start from the seeds alone (drop corpus and artifacts)")
    parser.add_argument(
        "--self-test", action="store_true", help="fuzz text with planted crash/hang/OOM bugs; check all are counted"
    )
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="load these files and report (no fuzzing)")
    parser.add_argument("--minimize", type=Path, metavar="FILE", help="shrink one crashing input (no fuzzing)")
    parser.add_argument("--minimize-seconds", type=float, default=60.0)
    parser.add_argument("--out", type=Path, help="where --minimize writes (default: FILE's name with .min)")
    parser.add_argument("libfuzzer", nargs="*", help="extra libFuzzer flags after --, e.g. -- -use_value_profile=1")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    if args.minimize:
        if importlib.util.find_spec("atheris") is None:
            print("SKIP: atheris is not installed")
            return 0
        return minimize(
            args.minimize,
            None if args.format == "all" else args.format,
            args.minimize_seconds,
            args.out,
            args.self_test,
        )
    formats = list(FORMATS) if args.format == "all" else [args.format]
    if importlib.util.find_spec("atheris") is None:
        print("SKIP: atheris is not installed (pip install atheris; wheels for Linux and macOS only)")
        print(f"RESULT formats=0 minutes_each={args.minutes:g} execs=nan crashes=nan hangs=nan ooms=nan skipped=1")
        return 0
    if args.self_test:
        workdir = Path(tempfile.mkdtemp(prefix="fuzz-self-test-"))
        max_lens, _ = prepare(workdir, ["text"], True)
        for seed in (workdir / "seeds" / "text").iterdir():  # tiny seeds: the planted first bytes come up fast
            seed.unlink()
        (workdir / "seeds" / "text" / "a.txt").write_bytes("a 中文".encode())
        r = fuzz_format("text", args.minutes * 60, workdir, max_lens["text"], args.libfuzzer, self_test=True)
        print(f"self-test: crashes={r['py_crashes']} ({r['crash_execs']} execs) hangs={r['hangs']} ooms={r['ooms']}")
        for s in r["signatures"]:
            print(f"  crash {s['key']}: {s['signature']}")
        ok = r["py_crashes"] >= 1 and r["hangs"] >= 1 and r["ooms"] >= 1
        shutil.rmtree(workdir, ignore_errors=True)
        print(
            f"RESULT self_test={'pass' if ok else 'fail'} crashes={r['py_crashes']} hangs={r['hangs']} ooms={r['ooms']}"
        )
        return 0 if ok else 1
    workdir = args.workdir.resolve()
    try:
        workdir.relative_to(ROOT)
        print(f"--workdir must be outside the repository ({ROOT})", file=sys.stderr)
        return 2
    except ValueError:
        pass
    max_lens, notes = prepare(workdir, formats, args.fresh)
    for note in notes:
        print(f"note: {note}")
    seconds = args.minutes * 60
    print(
        f"fuzzing {', '.join(formats)} for {args.minutes:g} min each, {args.jobs} at a time; "
        f"-timeout={TIMEOUT_S} -rss_limit_mb={RSS_LIMIT_MB}; workdir {workdir}\nartifacts: {workdir / 'artifacts'}",
        flush=True,
    )
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(fuzz_format, f, seconds, workdir, max_lens[f], args.libfuzzer) for f in formats]
        results = [f.result() for f in futures]
    print()
    header = (
        f"{'format':9} {'execs':>9} {'seconds':>8} {'exec/s':>7} {'crashes':>7} {'crash_execs':>11} "
        f"{'hangs':>5} {'ooms':>4} {'peak_rss_mb':>11} {'slowest_s':>9} {'corpus':>6} {'runs':>4}"
    )
    print(header)
    for r in results:
        crashes = r["py_crashes"] + r["native_crashes"]
        print(
            f"{r['format']:9} {r['execs']:>9} {r['seconds']:>8.0f} {r['execs'] / max(r['seconds'], 1e-9):>7.0f} "
            f"{crashes:>7} {r['crash_execs']:>11} {r['hangs']:>5} {r['ooms']:>4} {r['peak_rss_mb']:>11.0f} "
            f"{r['slowest_s']:>9.3f} {r['corpus']:>6} {r['runs']:>4}"
        )
    for r in results:
        for s in r["signatures"]:
            saved = workdir / "artifacts" / r["format"] / s["input"]
            print(f"crash [{r['format']}] {s['key']}: {s['signature']} -> {saved}")
        for e in r["events"]:
            print(f"{e['event']} [{r['format']}] run {e['run']}: artifact {e['artifact']} (log {e['log']})")
        if r["odd_messages"]:
            print(f"note [{r['format']}]: {r['odd_messages']} DocumentError messages not one line naming the file")
    print(f"artifacts: {workdir / 'artifacts'}")
    print(
        f"RESULT formats={len(results)} minutes_each={args.minutes:g} execs={sum(r['execs'] for r in results)} "
        f"crashes={sum(r['py_crashes'] + r['native_crashes'] for r in results)} "
        f"hangs={sum(r['hangs'] for r in results)} ooms={sum(r['ooms'] for r in results)} "
        f"min_seconds={min(r['seconds'] for r in results):.0f} "
        f"peak_rss_mb={max(r['peak_rss_mb'] for r in results):.0f} "
        f"slowest_s={max(r['slowest_s'] for r in results):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
