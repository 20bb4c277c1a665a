"""Notes export (Markdown with both texts of the link, JSON, CSV), idempotent JSON import, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.core.anchoring import Anchor, anchor_paragraph, anchor_selection
from reader_app.core.documents import load_document
from reader_app.storage.annotations import Annotation, AnnotationStore, place
from reader_app.storage.database import Database
from reader_app.storage.notes_export import FORMAT_VERSION, NotesFormatError, export, import_json, parse_json
from tests.conftest import SAMPLE

DOC = load_document(SAMPLE)
# Hand-made alignment of the sample: its links decide which texts a note quotes, never where it is anchored.
ALIGNMENT = Alignment((Link((0,), (0,)), Link((), (1,)), Link((1,), ()), Link((2,), (2,)), Link((3,), (3,)),
                       Link((4,), (4, 5)), Link((5,), (6,)), Link((), (7,))))


@pytest.fixture
def store(tmp_path: Path):
    database = Database(tmp_path / "data")
    yield AnnotationStore(database)
    database.close()


def sample_notes() -> list[Annotation]:
    zh, en = DOC.zh.paragraphs, DOC.en.paragraphs
    return [
        Annotation.create(DOC.content_id, "link", anchor_paragraph(zh, 4), anchor_paragraph(en, 4),
                          note="Two English paragraphs\nfor one Chinese.", colour="red", tags=["omission", "COP"]),
        Annotation.create(DOC.content_id, "paragraph", anchor_paragraph(zh, 2), note="同意", tags=["agree"]),
        Annotation.create(DOC.content_id, "selection", anchor_selection(en, 3, 10, 40), note="Selected words"),
        Annotation.create(DOC.content_id, "paragraph",
                          Anchor("en", "f" * 16, "A paragraph that was removed from the text.", position=9),
                          note="Orphaned note"),
    ]


def test_markdown_quotes_both_texts_of_the_link_in_document_order(store: AnnotationStore) -> None:
    ALIGNMENT.validate(len(DOC.zh), len(DOC.en))
    notes = sample_notes()
    text = export(DOC, notes, store.palette(), "md", ALIGNMENT)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Paragraph: Chinese paragraph 3",
        "## Selection: English paragraph 4",
        "## Link: Chinese paragraph 5, English paragraph 5",
        "## Notes whose text is no longer in the document",
    ]
    link_section = text.split("## Link:")[1].split("## Notes whose")[0]
    # The link 4 <-> 4, 5: the Chinese paragraph and both English ones, each quoted.
    for paragraph in (DOC.zh.paragraphs[4], DOC.en.paragraphs[4], DOC.en.paragraphs[5]):
        assert "> " + paragraph.text in link_section
    assert "*Translation problem* · #omission #COP" in link_section
    assert "Two English paragraphs\nfor one Chinese." in link_section
    assert "Selected: «" + DOC.en.paragraphs[3].text[10:40] + "»" in text
    assert "> A paragraph that was removed from the text." in text.split("## Notes whose")[1]


def test_markdown_without_alignment_quotes_the_paragraph_alone(store: AnnotationStore) -> None:
    text = export(DOC, sample_notes()[1:2], store.palette(), "md", None)
    assert "> " + DOC.zh.paragraphs[2].text in text
    assert not any(("> " + p.text) in text for p in DOC.en.paragraphs)


def test_json_round_trip_and_import_is_idempotent(store: AnnotationStore, tmp_path: Path) -> None:
    notes = sample_notes()
    payload = export(DOC, notes, store.palette(), "json")
    data = json.loads(payload)
    assert (data["format"], data["version"]) == ("bilingual-reader-notes", FORMAT_VERSION)
    assert data["document"]["content_id"] == DOC.content_id
    assert [a["placed"] for a in data["annotations"]] == [{"zh": 4, "en": 4}, {"zh": 2}, {"en": 3}, {}]
    parsed, palette = parse_json(payload)
    assert parsed == notes and [c.key for c in palette] == [c.key for c in store.palette()]

    first = import_json(store, payload)
    assert (first.added, first.updated, first.unchanged) == (4, 0, 0)
    again = import_json(store, payload)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert sorted(store.all(), key=lambda a: a.id) == sorted(notes, key=lambda a: a.id)

    # A newer copy of one note updates it; an older copy never overwrites a newer note.
    newer = notes[1].edited(note="changed elsewhere")
    store_copy = json.loads(payload)
    store_copy["annotations"][1] = newer.to_json()
    result = import_json(store, json.dumps(store_copy))
    assert (result.added, result.updated, result.unchanged) == (0, 1, 3)
    assert store.get(newer.id).note == "changed elsewhere"
    assert import_json(store, payload).updated == 0
    assert store.get(newer.id).note == "changed elsewhere"


def test_import_into_another_version_attaches_the_notes(store: AnnotationStore, tmp_path: Path) -> None:
    payload = export(DOC, sample_notes(), store.palette(), "json")
    edited = tmp_path / "v2.txt"
    edited.write_text(SAMPLE.read_text(encoding="utf-8").replace("May 8-9", "May 8 and 9"), encoding="utf-8")
    other = load_document(edited)
    assert import_json(store, payload, into=other).added == 4
    assert import_json(store, payload, into=other).added == 0
    mine = store.for_documents([other.content_id])
    assert len(mine) == 4
    assert len(place(other, mine).orphans) == 1


@pytest.mark.parametrize(("text", "reason"), [
    ("{", "not JSON"),
    ('{"format": "something else"}', "not a Bilingual Reader notes file"),
    ('{"format": "bilingual-reader-notes", "version": 99}', "newer version"),
    ('{"format": "bilingual-reader-notes", "version": 1, "annotations": [{"id": "x"}]}', "annotation 1 is malformed"),
])
def test_bad_json_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(NotesFormatError, match=reason):
        parse_json(text)


def test_csv_has_one_row_per_note(store: AnnotationStore) -> None:
    rows = list(csv.DictReader(io.StringIO(export(DOC, sample_notes(), store.palette(), "csv", ALIGNMENT))))
    assert [(r["target"], r["side"], r["paragraph"], r["partner_paragraph"], r["placed"]) for r in rows] == [
        ("paragraph", "zh", "3", "", "yes"),
        ("selection", "en", "4", "", "yes"),
        ("link", "zh", "5", "5", "yes"),
        ("paragraph", "en", "", "", "no"),
    ]
    assert rows[2]["tags"] == "omission; COP" and rows[2]["meaning"] == "Translation problem"
    assert rows[2]["note"] == "Two English paragraphs\nfor one Chinese."


def cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader_app", "--data-dir", str(data), "notes", *args],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))


def test_cli_export_and_import(tmp_path: Path) -> None:
    source = tmp_path / "first"
    with Database(source) as db:
        store = AnnotationStore(db)
        store.register_document(DOC)
        for annotation in sample_notes():
            store.save(annotation)
    out = tmp_path / "notes.json"
    result = cli("export", str(SAMPLE), "-o", str(out), data=source)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["annotations"]) == 4
    markdown = cli("export", str(SAMPLE), "--format", "md", data=source)
    assert markdown.returncode == 0 and markdown.stdout.count("\n## ") == 4
    csv_out = tmp_path / "notes.csv"
    assert cli("export", str(SAMPLE), "-o", str(csv_out), data=source).returncode == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfid,document_id,")
    target = tmp_path / "second"
    imported = cli("import", str(out), data=target)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "imported notes.json: 4 added, 0 updated, 0 unchanged"
    assert cli("import", str(out), data=target).stdout.strip() == \
        "imported notes.json: 0 added, 0 updated, 4 unchanged"


@pytest.mark.parametrize(("args", "code", "reason"), [
    (("import", "missing.json"), 3, "missing.json: no such file"),
    (("export", "missing.txt"), 3, "missing.txt: no such file"),
    (("export",), 2, "the following arguments are required"),
    (("export", "x.txt", "--format", "pdf"), 2, "invalid choice"),
])
def test_cli_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], code: int, reason: str) -> None:
    result = cli(*args, data=tmp_path / "data")
    assert result.returncode == code
    assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_import_of_a_bad_file_and_an_unwritable_data_dir(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    result = cli("import", str(bad), data=tmp_path / "data")
    assert result.returncode == 3 and "bad.json: not a Bilingual Reader notes file" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("export", str(SAMPLE), data=blocker / "data")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "Could not" in result.stderr


def _chapter(folder: Path, name: str, zh: list[str], en: list[str]) -> tuple[str, str]:
    zh_file, en_file = folder / f"{name}_zh.txt", folder / f"{name}_en.txt"
    zh_file.write_text("\n\n".join(zh) + "\n", encoding="utf-8")
    en_file.write_text("\n\n".join(en) + "\n", encoding="utf-8")
    return str(zh_file), str(en_file)


def test_cli_import_into_another_document_copies_the_notes_and_keeps_the_source(tmp_path: Path) -> None:
    ch1 = _chapter(tmp_path, "ch1", ["第一章开始了。", "第一章的第二段。"],
                   ["Chapter one begins.", "The second paragraph of chapter one."])
    ch2 = _chapter(tmp_path, "ch2", ["第二章开始了。", "第二章的第二段。"],
                   ["Chapter two begins.", "The second paragraph of chapter two."])
    first = load_document(*ch1)
    zh = first.zh.paragraphs
    notes = [Annotation.create("made-elsewhere", "paragraph", anchor_paragraph(zh, 0), note="first"),
             Annotation.create("made-elsewhere", "paragraph", anchor_paragraph(zh, 1), note="second")]
    given = tmp_path / "notes.json"
    given.write_text(export(first, notes, [], "json"), encoding="utf-8")
    data = tmp_path / "data"
    imported = cli("import", str(given), "--into", *ch1, data=data)
    assert imported.stdout.strip() == "imported notes.json: 2 added, 0 updated, 0 unchanged", imported.stderr
    exported = tmp_path / "A.json"
    assert cli("export", *ch1, "--format", "json", "-o", str(exported), data=data).returncode == 0
    on_ch1 = json.loads(exported.read_text(encoding="utf-8"))["annotations"]
    assert sorted((a["note"], a["placed"]) for a in on_ch1) == [("first", {"zh": 0}), ("second", {"zh": 1})]

    moved = cli("import", str(exported), "--into", *ch2, data=data)
    assert moved.stdout.strip() == "imported A.json: 2 added, 0 updated, 0 unchanged", moved.stderr
    again = cli("import", str(exported), "--into", *ch2, data=data)
    assert again.stdout.strip() == "imported A.json: 0 added, 0 updated, 2 unchanged", again.stderr

    def notes_of(chapter: tuple[str, str]) -> list[dict]:
        out = tmp_path / "out.json"
        assert cli("export", *chapter, "--format", "json", "-o", str(out), data=data).returncode == 0
        return json.loads(out.read_text(encoding="utf-8"))["annotations"]

    # The source keeps both notes as they were (same ids); the other document has its own copies (new ids).
    assert sorted((a["id"], a["note"]) for a in notes_of(ch1)) == sorted((a["id"], a["note"]) for a in on_ch1)
    copies = notes_of(ch2)
    assert sorted(a["note"] for a in copies) == ["first", "second"]
    assert not {a["id"] for a in copies} & {a["id"] for a in on_ch1}
    assert {a["document_id"] for a in copies} == {load_document(*ch2).content_id}


def test_import_updates_only_the_same_note_of_the_same_document(store: AnnotationStore) -> None:
    mine = store.save(sample_notes()[1])
    # The same id on another document (a copy exported elsewhere, then moved by hand) is another note.
    elsewhere = Annotation.from_json({**mine.to_json(), "document_id": "another", "note": "not mine",
                                      "modified": "2999-01-01T00:00:00.000+00:00"})
    payload = json.dumps({"format": "bilingual-reader-notes", "version": 1, "annotations": [elsewhere.to_json()]})
    result = import_json(store, payload)
    assert (result.added, result.updated, result.unchanged) == (1, 0, 0)
    assert store.get(mine.id) == mine
    assert [(a.document_id, a.note) for a in store.for_documents(["another"])] == [("another", "not mine")]
    assert import_json(store, payload).unchanged == 1
