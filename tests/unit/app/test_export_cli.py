"""`bilingual-reader export`: every format from the sample with its note, output files, stdout, exit codes."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from reader_app.cli import main
from tests.conftest import SAMPLE

NOTE = "Liu Zhenmin & John Podesta co-chair"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's refusals (exit 2 with the one-line reason)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def noted(capsys: pytest.CaptureFixture[str]) -> str:
    """The sample with one link note on Chinese paragraph 3, added through `notes add`."""
    code, out, _err = run(capsys, "notes", "add", str(SAMPLE), "--side", "zh", "--paragraph", "3", "--link",
                          "--note", NOTE, "--tag", "names")
    assert code == 0
    return out.strip()


@pytest.mark.parametrize("fmt", ["html", "tmx", "tsv", "md", "anki", "epub", "docx"])
def test_each_format_to_a_file_carries_the_note(capsys: pytest.CaptureFixture[str], tmp_path: Path, noted: str,
                                                fmt: str) -> None:
    target = tmp_path / "out" / f"sample.{fmt}"
    target.parent.mkdir()
    code, out, err = run(capsys, "export", str(SAMPLE), "--format", fmt, "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"bilingual-reader export: wrote {target} (9 links, 1 notes)\n"
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left beside it
    data = target.read_bytes()
    if fmt in ("epub", "docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(("xhtml", "xml")))
    else:
        text = data.decode("utf-8")
    escaped = NOTE.replace("&", "&amp;")
    assert (escaped if fmt in ("html", "tmx", "epub", "docx", "anki") else NOTE) in text


def test_text_formats_go_to_standard_output(capsys: pytest.CaptureFixture[str], noted: str) -> None:
    code, out, err = run(capsys, "export", str(SAMPLE), "--format", "tsv")
    assert (code, err) == (0, "")
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == 1 + 9 and rows[3][7] == NOTE


def test_layout_is_taken_by_html(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", str(SAMPLE), "--format", "html", "--layout", "interleaved")
    assert code == 0 and out.count('<section class="pair"') == 9 and "<table" not in out


def test_a_binary_format_wants_a_file_on_a_terminal(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "export", str(SAMPLE), "--format", "epub")
    assert (code, out) == (2, "")
    assert err == "bilingual-reader export: epub is a binary format: give -o FILE.epub (or pipe the output)\n"


def test_a_binary_format_is_written_to_a_pipe(capsysbinary: pytest.CaptureFixture[bytes],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert main(["export", str(SAMPLE), "--format", "docx"]) == 0
    out, _err = capsysbinary.readouterr()
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert "word/document.xml" in archive.namelist()


def test_layout_for_a_format_without_one_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", str(SAMPLE), "--format", "tsv", "--layout", "interleaved")
    assert (code, out, err) == (2, "", "bilingual-reader export: --layout is for html, epub and md, not tsv\n")


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(SAMPLE), "--format", "pdf"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == ("bilingual-reader export: argument --format: invalid choice: 'pdf' (choose "
                                       "from 'html', 'epub', 'docx', 'tmx', 'tsv', 'md', 'anki', 'project')\n")


def test_input_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", str(tmp_path / "missing.txt"), "--format", "html")
    assert (code, out, err) == (3, "", "bilingual-reader export: missing.txt: no such file\n")
    code, _out, err = run(capsys, "export", str(SAMPLE), "--format", "html", "-o", str(tmp_path / "no" / "x.html"))
    assert code == 3 and err.startswith("bilingual-reader export: x.html: cannot be written (")
    assert err.count("\n") == 1


def test_stored_alignment_edits_are_applied_and_marked(capsys: pytest.CaptureFixture[str]) -> None:
    """Edits the window stored: a confirmed link and a manual one joining the clean-power paragraph to link 7."""
    from translate.storage.tmx import tmxfile

    from reader_app.core.documents import load_document
    from reader_app.core.editing.pins import LinkStatus, Pin
    from reader_app.storage.database import Database
    from reader_app.storage.notes_session import NotesSession

    document = load_document(str(SAMPLE))
    database = Database()
    with database:
        session = NotesSession(database)
        session.open_document(document)
        assert session.save_alignment_edits(document, "paragraph", [Pin((2,), (1,), LinkStatus.CONFIRMED),
                                                                     Pin((5,), (4, 5), LinkStatus.MANUAL)])
    code, out, err = run(capsys, "export", str(SAMPLE), "--format", "tmx")
    assert (code, err) == (0, "")
    units = tmxfile(out.encode("utf-8")).units
    statuses = [{p.get("type"): p.text for p in u.xmlelement.iter("{*}prop")}["x-status"] for u in units]
    assert statuses == ["automatic", "automatic", "confirmed", "automatic", "automatic", "manual", "automatic",
                        "automatic"]
    assert units[5].source.startswith("雙方計劃在COP29期間")
    assert units[5].target.startswith("Recalling the U.S. intent to achieve 100 percent clean power")
    assert "The two sides intend to host a second" in units[5].target
