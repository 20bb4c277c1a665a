"""Hostile and malformed documents: zip bombs, traversal, XML entities, network and file references, fuzzing.

Every failure must be a DocumentError subclass with a one-line message; nothing may touch the network or
read a file other than the document. Timing targets (< 2 s, < 1 s) are measured by bench/hostile_documents.py.
"""

from __future__ import annotations

import io
import os
import socketserver
import struct
import sys
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader_app
from reader_app.core.documents import DocumentError, UnsafeDocumentError, load_document
from tests.conftest import SAMPLE
from tests.unit.core.documents.test_formats import (
    SRT,
    TMX,
    XLIFF,
    epub_bytes,
    to_docx,
    to_epub,
    to_html,
    to_markdown,
    xhtml,
)

# -- a local listener that counts connections, and an audit hook that records opened files ---------------


class _Counter(socketserver.BaseRequestHandler):
    hits = 0

    def handle(self) -> None:
        type(self).hits += 1
        self.request.recv(1024)
        self.request.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi")


@pytest.fixture(scope="module")
def listener():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str | bytes):
        _opened.append(os.fsdecode(args[0]))
    elif _opened is not None and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        _opened.append(f"NETWORK {event} {args!r}")


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only while _opened is a list


def load_watched(path: Path, *args):
    """load_document, returning (result or exception, files and network uses outside the Python install)."""
    global _opened
    _opened = []
    try:
        try:
            result = load_document(path, *args)
        except DocumentError as exc:
            result = exc
    finally:
        seen, _opened = _opened, None
    code = (sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(reader_app.__file__).parent))
    installs = tuple({os.path.realpath(p) + os.sep for p in code})  # modules imported on first use
    allowed = {os.path.realpath(path), *(os.path.realpath(a) for a in args)}
    outside = [
        p
        for p in seen
        if p.startswith("NETWORK")
        or (os.path.realpath(p) not in allowed and not os.path.realpath(p).startswith(installs))
    ]
    return result, outside


# -- network and outside files ------------------------------------------------------------------------------


def test_html_references_are_never_fetched_or_read(tmp_path, listener):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    page = tmp_path / "page" / "index.html"
    page.parent.mkdir()
    page.write_text(
        f'<html><head><link rel="stylesheet" href="http://{listener}/a.css">'
        f'<script src="http://{listener}/a.js"></script><base href="http://{listener}/"></head><body>'
        f'<img src="http://{listener}/img.png"><img src="file://{secret}"><img src="../secret.txt">'
        f'<iframe src="http://{listener}/frame"></iframe><object data="//{listener}/o"></object>'
        f'<p style="background:url(http://{listener}/bg)">中文段落。</p><p>English paragraph.</p></body></html>',
        encoding="utf-8",
    )
    before = _Counter.hits
    document, outside = load_watched(page)
    assert document.zh.texts() == ["中文段落。"] and document.en.texts() == ["English paragraph."]
    assert outside == []
    assert _Counter.hits == before == 0


def test_epub_with_remote_and_outside_references_fetches_nothing(tmp_path, listener):
    outside_file = tmp_path / "outside.xhtml"
    outside_file.write_text(xhtml("<p>OUTSIDE</p>"), encoding="utf-8")
    chapter = xhtml(
        f'<p>中文段落。<img src="http://{listener}/i.png"/></p><p>English text.</p>'
        f'<link rel="stylesheet" href="http://{listener}/s.css"/>'
    )
    path = tmp_path / "book" / "remote.epub"
    path.parent.mkdir()
    path.write_bytes(epub_bytes({"c.xhtml": chapter}))
    document, outside = load_watched(path)
    assert document.zh.texts() == ["中文段落。"]
    assert outside == [] and _Counter.hits == 0


@pytest.mark.parametrize(
    "href",
    [
        "../../outside.xhtml",
        "/etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.xhtml",
        "\\\\server\\share\\x.xhtml",
        "C:\\x.xhtml",
        "text/../../../x.xhtml",
    ],
)
def test_epub_spine_leaving_the_container_is_refused(href, tmp_path):
    path = tmp_path / "escape.epub"
    path.write_bytes(epub_bytes({href: xhtml("<p>x</p>")}))
    result, outside = load_watched(path)
    assert isinstance(result, UnsafeDocumentError), result
    assert str(result).startswith("escape.epub: refers to ") and "outside the document" in str(result)
    assert outside == []


@pytest.mark.parametrize("name", ["../evil.xhtml", "/abs.xhtml", "a\\..\\b.xhtml", "C:/x.xhtml"])
def test_zip_entry_names_that_escape_are_refused(name, tmp_path):
    path = tmp_path / "names.epub"
    path.write_bytes(epub_bytes({"c.xhtml": xhtml("<p>中文。</p><p>English.</p>")}, extra={name: b"x"}))
    with pytest.raises(UnsafeDocumentError, match="contains an unsafe path"):
        load_document(path)


# -- zip bombs ----------------------------------------------------------------------------------------------


def _zeros_entry(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    with archive.open(name, "w") as member:
        chunk = bytes(1 << 20)
        for _ in range(megabytes):
            member.write(chunk)


def _docx_with(extra: dict[str, int]) -> bytes:
    """The sample as DOCX plus entries of N megabytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_docx())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for name, megabytes in extra.items():
            _zeros_entry(target, name, megabytes)
    return out.getvalue()


def test_ratio_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_with({"word/media/zeros.bin": 40}))
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeDocumentError) as caught:
            load_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == "bomb.docx: is a zip bomb (compression ratio over 200:1)"
    assert peak < 50 * 2**20


def _patch_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Claim `size` unpacked bytes for `name` in the central directory (as a crafted bomb would)."""
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_length] == name:
            return data[: at + 24] + struct.pack("<L", size) + data[at + 28 :]
        at += 4


def test_declared_size_over_the_limit_is_refused(tmp_path):
    data = _patch_sizes(to_docx(), b"word/document.xml", 300 * 2**20)
    path = tmp_path / "huge.docx"
    path.write_bytes(data)
    with pytest.raises(UnsafeDocumentError, match=r"^huge\.docx: would unpack to 30\d MB \(the limit is 200 MB\)$"):
        load_document(path)


def test_entry_larger_than_declared_is_stopped_at_the_declared_size(tmp_path):
    data = _patch_sizes(to_docx(), b"word/document.xml", 100)
    path = tmp_path / "liar.docx"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert "\n" not in str(caught.value) and str(caught.value).startswith("liar.docx: ")


def test_overlapping_entries_are_refused(tmp_path):
    """Two directory records pointing at the same local data: the 'better zip bomb' construction."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", "x" * 100)
    data = out.getvalue()
    end = data.index(b"PK\x05\x06")
    second_record = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    record = data[second_record:end]
    clone = record.replace(b"META-INF/container.xml", b"META-INF/container.xmk")
    directory_start = data.index(b"PK\x01\x02")
    eocd = bytearray(data[end:])
    struct.pack_into("<HH", eocd, 8, 3, 3)
    struct.pack_into("<L", eocd, 12, end - directory_start + len(clone))
    path = tmp_path / "overlap.epub"
    path.write_bytes(data[:end] + clone + bytes(eocd))
    with pytest.raises(UnsafeDocumentError, match=r"^overlap\.epub: has overlapping entries \(a zip bomb\)$"):
        load_document(path)


# -- XML entity attacks -------------------------------------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
)


def _external(listener: str) -> str:
    return f'<!DOCTYPE r [<!ENTITY x SYSTEM "http://{listener}/x"><!ENTITY y SYSTEM "file:///etc/passwd">]>'


def _entity_files(preamble: str) -> dict[str, bytes]:
    tmx = TMX.replace('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', preamble.replace("DOCTYPE r", "DOCTYPE tmx"))
    xliff = XLIFF.replace("<xliff ", preamble.replace("DOCTYPE r", "DOCTYPE xliff") + "<xliff ", 1)
    tmx = tmx.replace("The two sides met.", "&i;&x;")
    xliff = xliff.replace("Co-chaired.", "&i;&x;")
    chapter = xhtml("<p>中文&i;&x;。</p><p>English.</p>").replace("<!DOCTYPE html>", preamble.replace("r", "html", 1))
    container_bomb = epub_bytes({"c.xhtml": xhtml("<p>中文。</p>")})
    with zipfile.ZipFile(io.BytesIO(container_bomb)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts.items():
            if name == "META-INF/container.xml":
                body = body.replace(
                    b"<container", (preamble.replace("DOCTYPE r", "DOCTYPE container") + "<container").encode(), 1
                )
            archive.writestr(name, body)
    docx_parts = {}
    with zipfile.ZipFile(io.BytesIO(to_docx())) as archive:
        docx_parts = {i.filename: archive.read(i) for i in archive.infolist()}
    document_xml = docx_parts["word/document.xml"]
    head, rest = document_xml.split(b"?>", 1)
    docx_parts["word/document.xml"] = head + b"?>" + preamble.replace("DOCTYPE r", "DOCTYPE w:document").encode() + rest
    docx_out = io.BytesIO()
    with zipfile.ZipFile(docx_out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in docx_parts.items():
            archive.writestr(name, body)
    return {
        "m.tmx": tmx.encode(),
        "m.xlf": xliff.encode(),
        "chapter.epub": epub_bytes({"c.xhtml": chapter}),
        "container.epub": out.getvalue(),
        "d.docx": docx_out.getvalue(),
    }


@pytest.mark.parametrize("name", ["m.tmx", "m.xlf", "chapter.epub", "container.epub", "d.docx"])
@pytest.mark.parametrize("attack", ["laughs", "external"])
def test_xml_entities_are_refused(name, attack, tmp_path, listener):
    preamble = (
        LAUGHS[:-2] + '<!ENTITY x "x">]>' if attack == "laughs" else _external(listener)[:-2] + '<!ENTITY i "i">]>'
    )
    path = tmp_path / name
    path.write_bytes(_entity_files(preamble)[name])
    result, outside = load_watched(path)
    assert isinstance(result, UnsafeDocumentError), result
    assert "entit" in str(result).lower() or "DTD" in str(result)
    assert "\n" not in str(result)
    assert outside == [] and _Counter.hits == 0


def test_tmx_external_dtd_is_not_fetched(tmp_path, listener):
    path = tmp_path / "remote-dtd.tmx"
    path.write_text(TMX.replace('SYSTEM "tmx14.dtd"', f'SYSTEM "http://{listener}/tmx14.dtd"'), encoding="utf-8")
    document, outside = load_watched(path)
    assert len(document.zh) == 3
    assert outside == [] and _Counter.hits == 0


# -- property tests: malformed inputs of every format raise DocumentError or load --------------------------

# The issue asks >= 1,000 malformed inputs per format per run: the CI test command sets HYPOTHESIS_PROFILE=ci
# (about 2 minutes on 2 cores); a developer's run takes 100 per format (about 15 s).
EXAMPLES = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 100
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=2000,  # the "each within 2 s"
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)

SEEDS: dict[str, bytes] = {}


def seed(kind: str) -> bytes:
    if kind not in SEEDS:
        SEEDS.update(
            {
                "txt": SAMPLE.read_bytes(),
                "md": to_markdown().encode(),
                "html": to_html().encode(),
                "srt": SRT.encode(),
                "tmx": TMX.encode(),
                "xlf": XLIFF.encode(),
                "docx": to_docx(),
                "epub": to_epub(),
            }
        )
    return SEEDS[kind]


mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate", "replace"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.binary(min_size=1, max_size=16),
)


def mutate(data: bytes, mutations) -> bytes:
    out = bytearray(data)
    for op, at, span, blob in mutations:
        if not out:
            out.extend(blob)
            continue
        i = int(at * (len(out) - 1))
        j = min(len(out), i + 1 + int(span * 64))
        if op == "flip":
            out[i] ^= blob[0] or 0xFF
        elif op == "insert":
            out[i:i] = blob
        elif op == "delete":
            del out[i:j]
        elif op == "truncate":
            del out[i:]
        elif op == "duplicate":
            out[i:i] = out[i:j]
        else:
            out[i : i + len(blob)] = blob
    return bytes(out)


def _load_quietly(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        load_document(path)
    except DocumentError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(path.name + ": ")


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("kind", ["txt", "md", "html", "srt", "tmx", "xlf", "docx", "epub"])
def test_malformed_bytes_raise_only_document_errors(kind, fuzz_dir):
    @FUZZ
    @given(st.lists(mutation, min_size=1, max_size=8))
    def check(mutations):
        _load_quietly(fuzz_dir / f"fuzz.{kind}", mutate(seed(kind), mutations))

    check()


def _rezip(data: bytes, name: str, mutations) -> bytes:
    """Mutate one part inside a container and zip it again, so the parsers behind the ZIP layer get exercised."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info.filename, mutate(body, mutations) if info.filename == name else body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "part"),
    [
        ("docx", "word/document.xml"),
        ("docx", "[Content_Types].xml"),
        ("docx", "word/_rels/document.xml.rels"),
        ("epub", "META-INF/container.xml"),
        ("epub", "OEBPS/content.opf"),
        ("epub", "OEBPS/text/zh.xhtml"),
    ],
)
def test_malformed_parts_inside_containers_raise_only_document_errors(kind, part, fuzz_dir):
    @settings(FUZZ, max_examples=max(1, EXAMPLES // 2))  # on top of the format's own byte-level examples
    @given(st.lists(mutation, min_size=1, max_size=6))
    def check(mutations):
        _load_quietly(fuzz_dir / f"part.{kind}", _rezip(seed(kind), part, mutations))

    check()


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_loads_or_raises_document_error(text):
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bilingual-reader-fuzz-{os.getpid()}.txt"
    try:
        _load_quietly(path, text.encode("utf-8", errors="surrogatepass"))
    finally:
        path.unlink(missing_ok=True)
