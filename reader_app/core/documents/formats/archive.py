"""Safe reading of ZIP containers (EPUB, DOCX): zip bombs, overlapping entries and path traversal refused."""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib

from reader_app.core.documents.formats import FormatError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # everything a container may unpack to (the issue allows up to 500 MB)
MAX_RATIO = 200  # unpacked : packed, for the whole archive and for any entry over 1 MB
MAX_ENTRIES = 10_000
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


def safe_member_name(name: str) -> bool:
    """A name inside the container: relative, no '..', no drive letters, backslashes or URL schemes."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name or "\x00" in name:
        return False
    return ".." not in name.split("/")


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open a container held in memory after checking its directory; raises FormatError(unsafe=True)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise FormatError(f"is not a valid ZIP container ({exc})".replace("\n", " ")) from exc
    if len(infos) > MAX_ENTRIES:
        raise FormatError(f"has {len(infos)} entries (more than {MAX_ENTRIES})", unsafe=True)
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormatError(
            f"would unpack to {unpacked // 2**20} MB (the limit is {MAX_UNPACKED_BYTES // 2**20} MB)", unsafe=True
        )
    if unpacked > 2**20 and unpacked > MAX_RATIO * max(packed, 1):
        raise FormatError(f"is a zip bomb (compression ratio over {MAX_RATIO}:1)", unsafe=True)
    names = set()
    for info in infos:
        if not safe_member_name(info.filename):
            raise FormatError(f"contains an unsafe path {info.filename[:60]!r}", unsafe=True)
        if info.filename in names:
            raise FormatError(f"contains {info.filename[:60]!r} twice", unsafe=True)
        names.add(info.filename)
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FormatError(f"is a zip bomb (compression ratio over {MAX_RATIO}:1)", unsafe=True)
    _refuse_overlaps(data, infos)
    return archive


def _refuse_overlaps(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Each entry's local header and data must end before the next entry starts (overlaps make bombs)."""
    spans = []
    for info in infos:
        start = info.header_offset
        header = data[start : start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise FormatError(f"has a damaged entry {info.filename[:60]!r}")
        name_length, extra_length = struct.unpack("<2H", header[26:30])
        end = start + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        if end > len(data):
            raise FormatError(f"is truncated (entry {info.filename[:60]!r})")
        spans.append((start, end))
    spans.sort()
    for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False):
        if end > next_start:
            raise FormatError("has overlapping entries (a zip bomb)", unsafe=True)


def read_member(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """Read one entry, charging its size to `budget` (a one-element list of bytes still allowed)."""
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise FormatError(f"lacks {name[:60]!r}") from exc
    if info.file_size > budget[0]:
        raise FormatError(f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB", unsafe=True)
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise FormatError(f"has a damaged entry {name[:60]!r} ({exc})".replace("\n", " ")) from exc
    budget[0] -= len(data)
    if len(data) > info.file_size:
        raise FormatError(f"entry {name[:60]!r} is larger than its directory says", unsafe=True)
    return data


def resolve(base: str, href: str) -> str:
    """An href inside the container resolved against the folder of the file that holds it; only relative
    references that stay inside the container are allowed (no scheme, no absolute or UNC path, no '..' out)."""
    from urllib.parse import unquote, urlsplit

    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")) or "\\" in href:
        raise FormatError(f"refers to {href[:60]!r} outside the document", unsafe=True)
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        raise FormatError(f"refers to {href[:60]!r} outside the document", unsafe=True)
    return joined
