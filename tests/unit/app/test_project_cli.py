"""A project file from the command line: `export --format project`, then `info`, `align` and `notes export` on it
with the source gone and a fresh data folder; damaged and newer projects refused with exit 3."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from reader_app.cli import main
from reader_app.paths import set_data_dir
from tests.conftest import SAMPLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_project_carries_the_text_alignment_and_notes_to_a_fresh_machine(capsys, tmp_path: Path) -> None:
    source = tmp_path / "readout.txt"
    shutil.copy(SAMPLE, source)
    code, note_id, err = run(capsys, "notes", "add", str(source), "--side", "zh", "--paragraph", "2", "--note",
                             "會議地點：華盛頓", "--tag", "place")
    assert code == 0, err
    code, aligned, _err = run(capsys, "align", str(source))
    project = tmp_path / "readout.bireader"
    code, _out, err = run(capsys, "export", str(source), "--format", "project", "-o", str(project))
    assert code == 0 and err.startswith(f"bilingual-reader export: wrote {project} (9 links)"), err
    info_before = run(capsys, "info", str(source))[1]
    source.unlink()
    set_data_dir(tmp_path / "another-machine")  # a fresh data folder: no notes database, no caches
    code, info_after, err = run(capsys, "info", str(project))
    assert code == 0, err
    # The same text, read in the same encoding; only the file name it was unpacked as differs.
    assert info_after.splitlines()[1:] == info_before.splitlines()[1:]
    assert run(capsys, "align", str(project))[1] == aligned
    code, out, err = run(capsys, "notes", "export", str(project), "--format", "json")
    assert code == 0, err
    [note] = json.loads(out)["annotations"]
    assert (note["id"], note["note"], note["tags"], note["placed"]) == (note_id.strip(), "會議地點：華盛頓", ["place"],
                                                                        {"zh": 1})  # --paragraph counts from 1
    code, markdown, _err = run(capsys, "notes", "export", str(project), "--format", "md")
    assert code == 0 and "會議地點：華盛頓" in markdown
    assert not (tmp_path / "another-machine" / "annotations.sqlite3").exists()


def test_damaged_and_newer_projects_exit_3_with_a_reason(capsys, tmp_path: Path) -> None:
    project = tmp_path / "p.bireader"
    assert run(capsys, "export", str(SAMPLE), "--format", "project", "-o", str(project))[0] == 0
    with zipfile.ZipFile(project) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    manifest["version"] = 99
    newer = tmp_path / "newer.bireader"
    with zipfile.ZipFile(newer, "w") as archive:
        for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            archive.writestr(name, data)
    code, _out, err = run(capsys, "info", str(newer))
    assert code == 3 and err == ("bilingual-reader: newer.bireader: was saved by a newer Bilingual Reader (project "
                                 "format 99; this version reads up to 1): update the app to open it\n")
    damaged = tmp_path / "damaged.bireader"
    damaged.write_bytes(project.read_bytes()[:200])
    code, _out, err = run(capsys, "notes", "export", str(damaged))
    assert code == 3 and "damaged" in err and err.count("\n") == 1
    code, _out, err = run(capsys, "export", str(SAMPLE), "--format", "project", "-o", str(tmp_path / "p.zip"))
    assert code == 2 and err == "bilingual-reader export: a project is a file: give -o NAME.bireader\n"


def test_saved_words_travel_with_the_notes_through_export_and_import(capsys, tmp_path: Path) -> None:
    from reader_app.core.documents import load_document
    from reader_app.storage.database import Database
    from reader_app.storage.vocabulary import SavedWord, VocabularyStore

    document = load_document(SAMPLE)
    with Database() as database:
        VocabularyStore(database).save(SavedWord.create(document.content_id, "氣候", "气候", "氣候", "qi4 hou4",
                                                        ["climate"], "應對氣候危機", "the climate crisis", "fp"))
    code, out, err = run(capsys, "notes", "export", str(SAMPLE), "--format", "json")
    assert code == 0, err
    assert [w["word"] for w in json.loads(out)["vocabulary"]] == ["氣候"]
    exported = tmp_path / "notes.json"
    exported.write_text(out, encoding="utf-8")
    set_data_dir(tmp_path / "fresh")
    code, out, err = run(capsys, "notes", "import", str(exported))
    assert code == 0 and out.strip().endswith("; saved words: 1 added, 0 updated, 0 unchanged"), (out, err)
    with Database() as database:
        assert [(w.word, w.counterpart) for w in VocabularyStore(database).all()] == [("氣候", "the climate crisis")]
