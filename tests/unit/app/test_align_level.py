"""`bilingual-reader align --unit line --level`: paragraphs or sentences a line, decided or given, said on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.cli import main
from tests.unit.core.aligner.alignment_texts import WORD_PAIRS

WORDS = WORD_PAIRS[:18]  # the aligner tests' dictionary words: 6 paragraphs of 3 sentences
# Six paragraphs of three sentences a side; the English lacks the third, which only the paragraph aligner's
# skip costs see as a gap (the sentence aligner joins it to its neighbour).
ZH = ["".join(f"我们看见了{z}。" for z, _e in WORDS[p * 3 : p * 3 + 3]) for p in range(6)]
EN = [" ".join(f"We saw the {e}." for _z, e in WORDS[p * 3 : p * 3 + 3]) for p in range(6)]
EN_MISSING_THIRD = EN[:2] + EN[3:]
AS_PARAGRAPHS = ["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[2]", "[4]:[3]", "[5]:[4]"]
AS_SENTENCES = ["[0]:[0]", "[1,2]:[1]", "[3]:[2]", "[4]:[3]", "[5]:[4]"]
PARAGRAPH_NOTE = (
    "bilingual-reader align: aligning lines as paragraphs (median 3.0 sentences a line; lines holding several "
    "sentences: 100% Chinese, 100% English, over 15% on each side); --level sentence to override\n"
)


def files(tmp_path: Path, zh: list[str], en: list[str]) -> tuple[str, str]:
    zh_file, en_file = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh_file.write_text("\n".join(zh) + "\n", encoding="utf-8")
    en_file.write_text("\n\n".join(en) + "\n", encoding="utf-8")
    return str(zh_file), str(en_file)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["align", *argv, "--tier", "1"])
    out, err = capsys.readouterr()
    return code, out, err


def test_paragraph_a_line_is_detected_and_its_gap_found(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, *files(tmp_path, ZH, EN_MISSING_THIRD), "--unit", "line")
    assert (code, err) == (0, PARAGRAPH_NOTE)
    assert out.splitlines() == AS_PARAGRAPHS


def test_auto_is_the_default_spelled_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, *files(tmp_path, ZH, EN_MISSING_THIRD), "--unit", "line", "--level", "auto")
    assert (code, err, out.splitlines()) == (0, PARAGRAPH_NOTE, AS_PARAGRAPHS)


def test_level_sentence_overrides(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, *files(tmp_path, ZH, EN_MISSING_THIRD), "--unit", "line", "--level", "sentence")
    assert (code, err) == (0, "bilingual-reader align: aligning lines as sentences (--level sentence)\n")
    assert out.splitlines() == AS_SENTENCES


def test_sentence_a_line_is_detected(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    zh = [f"我们看见了{z}。" for z, _e in WORDS[:6]]
    en = [f"We saw the {e}." for _z, e in WORDS[:6]]
    code, out, err = run(capsys, *files(tmp_path, zh, en), "--unit", "line")
    assert code == 0
    assert err == (
        "bilingual-reader align: aligning lines as sentences (median 1.0 sentences a line; lines holding several "
        "sentences: 0% Chinese, 0% English, 15% or fewer on the Chinese side); --level paragraph to override\n"
    )
    assert out.splitlines() == [f"[{i}]:[{i}]" for i in range(6)]


def test_level_paragraph_overrides(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    zh = [f"我们看见了{z}。" for z, _e in WORDS[:3]]
    en = [f"We saw the {e}." for _z, e in WORDS[:3]]
    code, out, err = run(capsys, *files(tmp_path, zh, en), "--unit", "line", "--level", "paragraph")
    assert (code, err) == (0, "bilingual-reader align: aligning lines as paragraphs (--level paragraph)\n")
    assert out.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_one_file_split_by_language_is_judged_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    both = tmp_path / "both.txt"
    both.write_text(f"{ZH[0]}\n{EN[0]}\n{ZH[1]}\n{EN[1]}\n", encoding="utf-8")
    code, out, err = run(capsys, str(both), "--unit", "line")
    assert (code, out.splitlines()) == (0, ["[0]:[0]", "[1]:[1]"])
    assert err.startswith("bilingual-reader align: aligning lines as paragraphs (") and err.count("\n") == 1


def test_empty_files_say_there_was_nothing_to_tell(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, *files(tmp_path, [], []), "--unit", "line")
    assert (code, out) == (0, "")
    assert err == (
        "bilingual-reader align: aligning lines as sentences (no lines to tell from); --level paragraph to override\n"
    )


@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
@pytest.mark.parametrize("level", ["auto", "paragraph", "sentence"])
def test_level_without_unit_line_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, unit: str, level: str
) -> None:
    code, out, err = run(capsys, *files(tmp_path, ZH, EN), "--unit", unit, "--level", level)
    assert (code, out) == (2, "")
    assert err == f"bilingual-reader align: --level is for --unit line, not --unit {unit}\n"


def test_level_without_unit_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, *files(tmp_path, ZH, EN), "--level", "sentence")
    assert (code, out, err) == (2, "", "bilingual-reader align: --level is for --unit line, not --unit paragraph\n")


def test_unknown_level_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["align", "x.txt", "--unit", "line", "--level", "word"])
    _out, err = capsys.readouterr()
    assert raised.value.code == 2 and len(err.splitlines()) == 1 and "invalid choice: 'word'" in err


def test_no_level_line_for_other_units(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, *files(tmp_path, ZH, EN), "--unit", "sentence")
    assert (code, err) == (0, "")
