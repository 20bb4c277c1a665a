"""Hostile documents: time and peak memory until refusal (zip bombs, XML entity expansion, a 200 MB text file,
200,000 nested <div>s), and the sample's load time in every format. Each case runs in a fresh process so its peak
RSS is its own.

Usage: .venv/bin/python bench/hostile_documents.py
Targets from the issue: zip bombs refused in < 2 s and < 300 MB; XML entity attacks in < 1 s; nesting in < 2 s.
Last line: RESULT bomb_max_s=… bomb_max_rss_mb=… entities_max_s=… huge_text_s=… sample_max_s=… large_16mb_s=…
large_16mb_rss_mb=… nested_max_s=…
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _one(path: str) -> None:
    """Child process: load one file, print seconds, peak RSS growth in MB and the outcome as JSON."""
    from reader_app.core import documents
    from reader_app.core.documents import encodings

    encodings.word_pairs()  # dictionary caches are start-up cost, not the attack's
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        documents.load_document(path)
        outcome = "loaded"
    except documents.DocumentError as exc:
        outcome = f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    print(json.dumps({"s": elapsed, "rss_mb": grown, "outcome": outcome}))


def _zeros(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    with archive.open(name, "w") as member:
        chunk = bytes(1 << 20)
        for _ in range(megabytes):
            member.write(chunk)


def _cases(folder: Path) -> dict[str, Path]:
    from tests.unit.core.documents import test_formats as formats
    from tests.unit.core.documents.test_hostile_input import LAUGHS, _entity_files

    cases: dict[str, Path] = {}
    for name, megabytes in (("bomb_250mb.docx", 250), ("bomb_40mb_ratio.docx", 40)):
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(formats.to_docx())) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                target.writestr(info.filename, source.read(info))
            _zeros(target, "word/media/zeros.bin", megabytes)
        cases[name] = folder / name
        cases[name].write_bytes(out.getvalue())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", formats.CONTAINER_XML.format(opf="content.opf"))
        _zeros(archive, "content.opf", 250)
    cases["bomb_250mb.epub"] = folder / "bomb_250mb.epub"
    cases["bomb_250mb.epub"].write_bytes(out.getvalue())
    laughs = _entity_files(LAUGHS[:-2] + '<!ENTITY x "x">]>')
    for name, data in laughs.items():
        cases[f"entities_{name}"] = folder / f"entities_{name}"
        cases[f"entities_{name}"].write_bytes(data)
    # 2.2 MB: the HTML parser alone takes 75 s on it; the same depth in a Word document's XML.
    nested = folder / "nested_200k_divs.html"
    nested.write_text("<!DOCTYPE html><html><body>" + "<div>" * 200_000 + "<p>中文</p><p>English</p>"
                      + "</div>" * 200_000 + "</body></html>", encoding="utf-8")
    cases["nested_200k_divs_html"] = nested
    with zipfile.ZipFile(io.BytesIO(formats.to_docx())) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    head, rest = parts["word/document.xml"].split(b"<w:body>", 1)
    parts["word/document.xml"] = head + b"<w:body>" + b"<w:sdt><w:sdtContent>" * 100_000 + rest.replace(
        b"</w:body>", b"</w:sdtContent></w:sdt>" * 100_000 + b"</w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:  # stored: no zip-bomb ratio to refuse it first
        for name, data in parts.items():
            target.writestr(name, data)
    cases["nested_200k_docx"] = folder / "nested_200k.docx"
    cases["nested_200k_docx"].write_bytes(out.getvalue())
    huge = folder / "huge_200mb.txt"
    with huge.open("wb") as file:
        file.truncate(200 * 2**20)
    cases["huge_text"] = huge
    sample = (ROOT / "tests/data/us-china-climate-readout-2024-05.txt").read_text(encoding="utf-8")
    large = folder / "large_16mb.txt"
    large.write_text((sample + "\n\n") * (16 * 2**20 // len(sample.encode())), encoding="utf-8")
    cases["large_16mb_text"] = large
    for kind in ("txt", "html", "md", "docx", "epub"):
        path = folder / f"sample_{kind}.{kind}"
        if kind == "txt":
            path.write_bytes((ROOT / "tests/data/us-china-climate-readout-2024-05.txt").read_bytes())
        elif kind == "html":
            path.write_text(formats.to_html(), encoding="utf-8")
        elif kind == "md":
            path.write_text(formats.to_markdown(), encoding="utf-8")
        else:
            path.write_bytes(formats.to_docx() if kind == "docx" else formats.to_epub())
        cases[f"sample_{kind}"] = path
    return cases


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _one(sys.argv[2])
        return 0
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, path in _cases(Path(folder)).items():
            run = subprocess.run(
                [sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120
            )
            lines = run.stdout.strip().splitlines()
            results[name] = (
                json.loads(lines[-1])
                if lines
                else {"s": float("nan"), "rss_mb": float("nan"), "outcome": run.stderr.strip()[-200:]}
            )
            r = results[name]
            print(f"{name:28} {r['s']:7.3f} s  +{r['rss_mb']:6.1f} MB  {r['outcome'][:90]}")

    def worst(prefix: str, key: str) -> float:
        return max(r[key] for n, r in results.items() if n.startswith(prefix))

    print(
        f"RESULT bomb_max_s={worst('bomb', 's'):.3f} bomb_max_rss_mb={worst('bomb', 'rss_mb'):.1f} "
        f"entities_max_s={worst('entities', 's'):.3f} huge_text_s={results['huge_text']['s']:.3f} "
        f"sample_max_s={worst('sample', 's'):.3f} large_16mb_s={results['large_16mb_text']['s']:.3f} "
        f"large_16mb_rss_mb={results['large_16mb_text']['rss_mb']:.0f} nested_max_s={worst('nested', 's'):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
