"""The project file: round trip, extraction, and every kind of damaged or newer file refused whole."""

from __future__ import annotations

import json
import zipfile

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents.project import (
    FORMAT_VERSION,
    Project,
    ProjectError,
    Source,
    extract_sources,
    read_project,
    write_project,
)

ZH = "第一段。\n\n第二段。\n".encode("gb18030")
EN = b"First.\n\nSecond.\n"


def _project(**changes) -> Project:
    fields = dict(title="Book", content_id="abc123", unit="paragraph",
                  sources=(Source("book.zh.txt", "gb18030", ZH), Source("book.en.txt", "utf-8", EN)),
                  alignment=Alignment((Link((0,), (0,), 0.9), Link((1,), ()), Link((), (1,), 0.25)), tier=1),
                  alignment_level="paragraph", notes_json=json.dumps({"format": "bilingual-reader-notes"}),
                  ignored_checks=("k2", "k1"), position={"zh": [1, 0.5]})
    fields.update(changes)
    return Project(**fields)


def test_round_trip_keeps_bytes_encodings_links_notes_and_position(tmp_path) -> None:
    path = write_project(tmp_path / "My Book.bireader", _project())
    back = read_project(path)
    assert [(s.name, s.encoding, s.data) for s in back.sources] == [("book.zh.txt", "gb18030", ZH),
                                                                   ("book.en.txt", "utf-8", EN)]
    assert back.alignment == _project().alignment and back.alignment.tier == 1
    assert back.notes_json == _project().notes_json
    assert back.ignored_checks == ("k1", "k2") and back.position == {"zh": [1, 0.5]}
    assert (back.title, back.content_id, back.unit) == ("Book", "abc123", "paragraph")
    paths = extract_sources(back, tmp_path / "extracted")
    assert [p.read_bytes() for p in paths] == [ZH, EN]
    assert [p.name for p in paths] == ["0-book.zh.txt", "1-book.en.txt"]
    assert extract_sources(back, tmp_path / "extracted") == paths  # once per content


def test_saving_again_replaces_the_file_whole_and_leaves_no_temporary(tmp_path) -> None:
    path = write_project(tmp_path / "b.bireader", _project())
    write_project(path, _project(title="Renamed"))
    assert read_project(path).title == "Renamed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.bireader"]


def _rewrite(path, change) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    change(members)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_newer_format_is_refused_with_the_version_it_needs(tmp_path) -> None:
    path = write_project(tmp_path / "b.bireader", _project())

    def newer(members) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["version"] = FORMAT_VERSION + 1
        members["manifest.json"] = json.dumps(manifest).encode()

    _rewrite(path, newer)
    with pytest.raises(ProjectError) as caught:
        read_project(path)
    assert caught.value.newer
    assert str(caught.value) == (f"b.bireader: was saved by a newer Bilingual Reader (project format "
                                 f"{FORMAT_VERSION + 1}; this version reads up to {FORMAT_VERSION}): update the app "
                                 "to open it")


@pytest.mark.parametrize("damage, reason", [
    (lambda m: m.__setitem__("sources/0.txt", ZH + b"x"), "sources/0.txt is not what was saved"),
    (lambda m: m.pop("notes.json"), "notes.json is missing"),
    (lambda m: m.__setitem__("manifest.json", b"{not json"), "its manifest is not JSON"),
    (lambda m: m.__setitem__("alignment.json", b"[]"), "alignment.json is not what was saved"),
    (lambda m: m.__setitem__("manifest.json", b'{"format": "other"}'), "not a Bilingual Reader project"),
])
def test_a_damaged_project_is_refused_whole(tmp_path, damage, reason) -> None:
    path = write_project(tmp_path / "b.bireader", _project())
    _rewrite(path, damage)
    with pytest.raises(ProjectError, match=reason):
        read_project(path)


def test_flipped_bytes_truncation_and_other_files_are_refused(tmp_path) -> None:
    path = write_project(tmp_path / "b.bireader", _project(notes_json=json.dumps({"n": "x" * 5000})))
    data = bytearray(path.read_bytes())
    truncated = tmp_path / "t.bireader"
    truncated.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(ProjectError, match="not a project file or is damaged"):
        read_project(truncated)
    # One byte changed inside a deflated member: the zip's CRC catches it.
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo("notes.json").header_offset + 60
    data[offset] ^= 0xFF
    flipped = tmp_path / "f.bireader"
    flipped.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="damaged"):
        read_project(flipped)
    text = tmp_path / "plain.bireader"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a project file"):
        read_project(text)
    with pytest.raises(ProjectError, match="does not exist"):
        read_project(tmp_path / "missing.bireader")
    with pytest.raises(ProjectError, match="ends in .bireader"):
        write_project(tmp_path / "x.zip", _project())


def test_archive_paths_are_never_used_as_paths(tmp_path) -> None:
    path = write_project(tmp_path / "b.bireader", _project(sources=(Source("../../etc/evil.txt", "", ZH),)))
    back = read_project(path)
    assert back.sources[0].name == "evil.txt"
    (extracted,) = extract_sources(back, tmp_path / "out")
    assert extracted.parent.parent == tmp_path / "out"
