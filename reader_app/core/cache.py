"""Caches of loaded documents and computed alignments, so reopening a document is instant."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from reader_app import __version__
from reader_app.core.alignment import Alignment
from reader_app.core.model import Document

try:  # the builtin module: hashlib would load OpenSSL first, a few ms of start-up for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import blake2b

_CORE = Path(__file__).resolve().parent
# The code that decides what a load or an alignment yields, as packages and modules under core/: a change to any
# file in them invalidates what the old code cached (in a frozen build, where sources are absent, the app version
# does). Folders, not file lists, so a module added to a package is covered without anyone remembering to.
_LOADER_SOURCES = ("documents", "text", "model.py")
_ALIGNER_SOURCES = ("aligner", "text", "alignment.py", "cancellation.py")


def _code_version(names: Iterable[str]) -> str:
    digest = blake2b(__version__.encode(), digest_size=8)
    for name in names:
        path = _CORE / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            try:
                digest.update(file.read_bytes())
            except OSError:
                continue
    return digest.hexdigest()


_versions: dict[str, str] = {}


def code_version(kind: str) -> str:
    if kind not in _versions:
        _versions[kind] = _code_version(_LOADER_SOURCES if kind == "loader" else _ALIGNER_SOURCES)
    return _versions[kind]


def _cache_folder(kind: str) -> Path:
    from reader_app.paths import cache_dir

    folder = cache_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _read(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None  # absent, torn or from another version of the code: computed anew


def _write(path: Path, value: object) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # readers never see a half-written file
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk or read-only cache only costs recomputation


def document_key(paths: list[str], encoding: str | None) -> str | None:
    """Key of a load: the files' identity and state (path, size, modification time) and the loader's code."""
    digest = blake2b(digest_size=16)
    digest.update(code_version("loader").encode())
    digest.update(repr(encoding).encode())
    for name in paths:
        try:
            stat = os.stat(name)
        except OSError:
            return None
        digest.update(f"{os.path.abspath(name)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def cached_document(path: str, en_path: str | None = None, *, encoding: str | None = None) -> Document | None:
    """The document an earlier load of these files in their present state produced, or None: never loads."""
    key = document_key([str(path)] + ([str(en_path)] if en_path else []), encoding)
    cached = _read(_cache_folder("documents") / f"{key}.pickle") if key is not None else None
    return cached if isinstance(cached, Document) else None


def load_document_cached(path: str, en_path: str | None = None, *, encoding: str | None = None) -> Document:
    """load_document, remembered per file state; errors are never cached (the file may be fixed)."""
    cached = cached_document(path, en_path, encoding=encoding)
    if cached is not None:
        return cached
    paths = [str(path)] + ([str(en_path)] if en_path else [])
    key = document_key(paths, encoding)
    from reader_app.core.documents import load_document

    document = load_document(path, en_path, encoding=encoding)
    if key is not None:
        document.content_id  # noqa: B018 - cached with it
        _write(_cache_folder("documents") / f"{key}.pickle", document)
    return document


def cached_alignment(document: Document, tier: int, level: str = "paragraph") -> Alignment | None:
    """The alignment of this document's content at `level` computed before by this version of the aligner, if
    any."""
    value = _read(_alignment_path(document, tier, level))
    return value if isinstance(value, Alignment) else None


def store_alignment(document: Document, alignment: Alignment, level: str = "paragraph") -> None:
    _write(_alignment_path(document, alignment.tier, level), alignment)


def _alignment_path(document: Document, tier: int, level: str = "paragraph") -> Path:
    # The display texts the aligner read derive from the content and the loader's code: both are in the key. The
    # level too: a file of one sentence a line has the same units either way, not the same links.
    version = f"{code_version('loader')}{code_version('aligner')}"
    suffix = "" if level == "paragraph" else f"-{level}"
    return _cache_folder("alignments") / f"{document.content_id}-{version}-t{tier}{suffix}.pickle"
