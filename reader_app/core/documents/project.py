"""The project file (NAME.bireader): one file holding a reader's whole work on a document, readable anywhere.

A zip archive with a versioned manifest (docs/project-format.md describes it):
- `manifest.json`: format name and version, the app that wrote it, the document's title and content id, the unit
  it is aligned by, the reading position, the ignored checks, and for every other member its size and SHA-256;
- `sources/0.<ext>` (and `sources/1.<ext>`): the text files exactly as they were loaded (their original bytes),
  with the encoding used to read each, so the document reads the same on a machine that never saw the files;
- `alignment.json`: the links shown when it was saved (their tier and unit), manual edits applied;
- `notes.json`: the notes, alignment edits and saved words, as `notes export --format json` writes them.

Reading checks everything before anything is used (zip CRCs, every member's size and hash, the manifest's
fields): a damaged or truncated project is refused whole, never half-loaded; a newer format is refused with the
version it needs. Writing goes to a temporary file beside the target and replaces it in one step, so a crash
mid-save leaves the previous project intact. Member names inside the archive are never used as paths.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from reader_app.core.alignment import Alignment, Link

if TYPE_CHECKING:
    import zipfile

# hashlib (OpenSSL), zipfile, tempfile and datetime are imported where a project is read or written: the loader
# imports this module for is_project() on every opening, start-up's included (18 ms of imports otherwise).

SUFFIX = ".bireader"
FORMAT_NAME = "bilingual-reader-project"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# A project holds two books' text at most: anything bigger is not ours (and is not unpacked to find out).
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 16


class ProjectError(Exception):
    """A project file that cannot be read or written; str() is a one-line reason for the reader."""

    def __init__(self, path: Path | str, reason: str, *, newer: bool = False) -> None:
        super().__init__(f"{PurePath(path).name}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.newer = newer


@dataclass(frozen=True)
class Source:
    """One text file as it was loaded: its name (no folder), the encoding it was read in ("" = detected again)."""

    name: str
    encoding: str
    data: bytes


@dataclass(frozen=True)
class Project:
    title: str
    content_id: str
    unit: str
    sources: tuple[Source, ...]
    alignment: Alignment | None
    alignment_level: str
    notes_json: str
    ignored_checks: tuple[str, ...] = ()
    position: dict | None = None
    saved: str = ""
    app_version: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A name for this project's sources that changes when their bytes do (the extraction folder)."""
        import hashlib

        digest = hashlib.sha256()
        for source in self.sources:
            digest.update(source.name.encode("utf-8") + b"\0" + source.encoding.encode() + b"\0")
            digest.update(hashlib.sha256(source.data).digest())
        return digest.hexdigest()[:24]


def sources_of(document) -> tuple[Source, ...]:
    """A loaded document's files as they are on disk now, each with the encoding it was read in (OSError: gone)."""
    encodings = ([document.zh.encoding] if len(document.sources) == 1
                 else [document.zh.encoding, document.en.encoding])  # sources are in (zh, en) order
    return tuple(Source(PurePath(path).name, encoding or "", Path(path).read_bytes())
                 for path, encoding in zip(document.sources, encodings, strict=True))


def is_project(path: Path | str) -> bool:
    return PurePath(path).suffix.lower() == SUFFIX


def _alignment_json(alignment: Alignment | None, level: str) -> bytes:
    links = [] if alignment is None else [[list(k.zh), list(k.en), round(k.confidence, 6)] for k in alignment.links]
    tier = alignment.tier if alignment is not None else None
    return json.dumps({"tier": tier, "level": level, "links": links}, separators=(",", ":")).encode("utf-8")


def write_project(path: Path | str, project: Project) -> Path:
    """Write `project` to `path` (a .bireader file), atomically: the old file stays until the new one is whole."""
    import hashlib
    import tempfile
    import zipfile
    from datetime import UTC, datetime

    from reader_app import __version__

    target = Path(path)
    if not is_project(target):
        raise ProjectError(target, f"a project file's name ends in {SUFFIX}")
    if not project.sources or len(project.sources) > 2:
        raise ProjectError(target, "a project holds one bilingual file or a Chinese file and its translation")
    try:
        json.loads(project.notes_json or "{}")
    except ValueError as exc:
        raise ProjectError(target, f"its notes are not JSON ({exc})") from exc
    members: dict[str, bytes] = {}
    sources = []
    for k, source in enumerate(project.sources):
        suffix = PurePath(source.name).suffix.lower()[:10] or ".txt"
        member = f"sources/{k}{suffix}"
        members[member] = source.data
        sources.append({"member": member, "name": PurePath(source.name).name, "encoding": source.encoding})
    members["alignment.json"] = _alignment_json(project.alignment, project.alignment_level)
    members["notes.json"] = (project.notes_json or "{}").encode("utf-8")
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        "title": project.title,
        "content_id": project.content_id,
        "unit": project.unit,
        "sources": sources,
        "ignored_checks": sorted(project.ignored_checks),
        "position": project.position,
        "members": {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in members.items()},
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".saving-", suffix=SUFFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in members.items():
                archive.writestr(name, data)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        raise ProjectError(target, f"could not be written ({exc.strerror or exc})") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _member(archive: zipfile.ZipFile, path: Path, name: str, expected: dict | None = None) -> bytes:
    import hashlib
    import zipfile
    import zlib

    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ProjectError(path, f"is damaged: {name} is missing") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise ProjectError(path, f"is not a project this app wrote ({name} unpacks to {info.file_size} bytes)")
    try:
        data = archive.read(info)
    # A CRC mismatch is BadZipFile; damaged deflate data zlib.error; an unknown compression NotImplementedError.
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError) as exc:
        raise ProjectError(path, f"is damaged ({name}: {exc})") from exc
    if expected is not None and (len(data) != expected.get("size")
                                 or hashlib.sha256(data).hexdigest() != expected.get("sha256")):
        raise ProjectError(path, f"is damaged: {name} is not what was saved (its checksum differs)")
    return data


def _read_alignment(path: Path, data: bytes) -> tuple[Alignment | None, str]:
    try:
        raw = json.loads(data)
        level = str(raw.get("level") or "paragraph")
        if raw.get("tier") is None:
            return None, level
        links = tuple(Link(tuple(int(i) for i in zh), tuple(int(i) for i in en), float(c)) for zh, en, c in
                      raw["links"])
        return Alignment(links, tier=int(raw["tier"])), level
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ProjectError(path, f"is damaged: its alignment cannot be read ({exc})") from exc


def read_project(path: Path | str) -> Project:
    """The project at `path`, checked whole (ProjectError: missing, not a project, damaged, or newer)."""
    import zipfile

    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ProjectError(path, "does not exist") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ProjectError(path, "is not a project file or is damaged (not a readable zip archive)") from exc
    with archive:
        if len(archive.infolist()) > MAX_MEMBERS:
            raise ProjectError(path, "is not a project this app wrote (too many members)")
        try:
            manifest = json.loads(_member(archive, path, MANIFEST))
        except ValueError as exc:
            raise ProjectError(path, f"is damaged: its manifest is not JSON ({exc})") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise ProjectError(path, "is not a Bilingual Reader project (its manifest names another format)")
        version = manifest.get("version")
        if not isinstance(version, int) or version < 1:
            raise ProjectError(path, f"is damaged: its format version is {version!r}")
        if version > FORMAT_VERSION:
            raise ProjectError(path, f"was saved by a newer Bilingual Reader (project format {version}; this "
                               f"version reads up to {FORMAT_VERSION}): update the app to open it", newer=True)
        members = manifest.get("members")
        sources = manifest.get("sources")
        if not isinstance(members, dict) or not isinstance(sources, list) or not 1 <= len(sources) <= 2:
            raise ProjectError(path, "is damaged: its manifest lacks the list of its contents")
        try:
            loaded = tuple(Source(PurePath(str(s["name"])).name or f"source-{k}.txt", str(s.get("encoding") or ""),
                                  _member(archive, path, str(s["member"]), members.get(str(s["member"]))))
                           for k, s in enumerate(sources))
        except (KeyError, TypeError) as exc:
            raise ProjectError(path, f"is damaged: a source is not described ({exc})") from exc
        if any(str(s["member"]) not in members for s in sources):
            raise ProjectError(path, "is damaged: a source has no checksum in the manifest")
        alignment, level = _read_alignment(path, _member(archive, path, "alignment.json",
                                                         members.get("alignment.json") or {}))
        notes = _member(archive, path, "notes.json", members.get("notes.json") or {}).decode("utf-8", "replace")
        try:
            json.loads(notes)
        except ValueError as exc:
            raise ProjectError(path, f"is damaged: its notes are not JSON ({exc})") from exc
    position = manifest.get("position")
    return Project(
        title=str(manifest.get("title") or path.stem), content_id=str(manifest.get("content_id") or ""),
        unit=str(manifest.get("unit") or "paragraph"), sources=loaded, alignment=alignment, alignment_level=level,
        notes_json=notes, ignored_checks=tuple(str(k) for k in manifest.get("ignored_checks") or ()),
        position=position if isinstance(position, dict) else None, saved=str(manifest.get("saved") or ""),
        app_version=str(manifest.get("app_version") or ""),
    )


def extract_sources(project: Project, folder: Path | str) -> list[Path]:
    """Write the project's text files into `folder` under names of our own (never the archive's paths), once per
    content: the loader then reads them like any other files. Returns their paths in order."""
    base = Path(folder) / project.key
    base.mkdir(parents=True, exist_ok=True)
    out = []
    for k, source in enumerate(project.sources):
        stem = "".join(ch for ch in PurePath(source.name).stem if ch.isalnum() or ch in "-_. ")[:60].strip() or "text"
        suffix = PurePath(source.name).suffix.lower()
        suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 10 else ".txt"
        target = base / f"{k}-{stem}{suffix}"
        if not target.exists() or target.read_bytes() != source.data:
            temporary = target.with_name(target.name + ".part")
            temporary.write_bytes(source.data)
            os.replace(temporary, target)
        out.append(target)
    return out
