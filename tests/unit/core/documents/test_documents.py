"""The sample loads to exactly the gold paragraphs, in every encoding it may be saved in."""

from __future__ import annotations

import json

import pytest

from reader_app.core.documents import DocumentError, DocumentTooLargeError, OneLanguageError, cleanup, load_document
from reader_app.core.model import Language, ParagraphKind
from reader_app.core.text.segment import han_share
from tests.conftest import GOLD, SAMPLE

ZH_PREFIXES = [
    "中美“21世紀20年代強化氣候行動工作組”會議情況",
    "來源:生態環境部",
    "5月8日至9日",
    "會議回顧了中美元首舊金山會晤",
    "回顧《巴黎協定》的溫控目標",
    "雙方計劃在COP29期間",
]
EN_PREFIXES = [
    "Readout on Meeting of the U.S.-China Working Group",
    "On May 8-9",
    "The in-depth discussions recalled",
    "Recalling the Paris Agreement",
    "Recalling the U.S. intent to achieve 100 percent clean power",
    "The two sides intend to host a second",
    "Recognizing the importance of developing circular economy",
    "Both sides look forward to the U.S.-China High-Level Event",
]


@pytest.fixture(scope="module")
def sample():
    return load_document(SAMPLE)


def test_sample_paragraphs_kinds_and_lines(sample):
    zh, en = sample.zh.paragraphs, sample.en.paragraphs
    assert len(zh) == 6 and len(en) == 8
    assert all(p.text.startswith(prefix) for p, prefix in zip(zh, ZH_PREFIXES, strict=True))
    assert all(p.text.startswith(prefix) for p, prefix in zip(en, EN_PREFIXES, strict=True))
    assert [p.kind for p in zh] == [ParagraphKind.HEADING, ParagraphKind.METADATA] + [ParagraphKind.PARAGRAPH] * 4
    assert [p.kind for p in en] == [ParagraphKind.HEADING] + [ParagraphKind.PARAGRAPH] * 7
    assert zh[0].text == "中美“21世紀20年代強化氣候行動工作組”會議情況"
    assert zh[1].text == (
        "來源:生態環境部 編輯:澤宇 人氣: 發布時間:2024-05-16 10:44:07\n"
        "摘要: 中美“21世紀20年代強化氣候行動工作組”會議情況。"
    )
    assert en[0].text == "Readout on Meeting of the U.S.-China Working Group on Enhancing Climate Action in the 2020s"
    assert [(p.source.first_line, p.source.last_line) for p in zh] == [
        (1, 1),
        (3, 4),
        (6, 6),
        (8, 8),
        (10, 10),
        (13, 13),
    ]
    assert all(p.language is Language.ZH for p in zh) and all(p.language is Language.EN for p in en)


def test_sample_matches_every_gold_link(sample):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["links"]

    def index(side, prefix):
        hits = [i for i, p in enumerate(side.paragraphs) if p.text.startswith(prefix)]
        assert len(hits) == 1, prefix
        return hits[0]

    links = [([index(sample.zh, z) for z in link["zh"]], [index(sample.en, e) for e in link["en"]]) for link in gold]
    assert links == [
        ([0], [0]),
        ([1], []),
        ([2], [1]),
        ([3], [2]),
        ([4], [3]),
        ([], [4]),
        ([5], [5]),
        ([], [6]),
        ([], [7]),
    ]
    # The summary line the gold lists as an alternative sits inside the source/summary paragraph.
    assert "\n摘要: 中美" in sample.zh.paragraphs[1].text


def test_all_58_ruby_annotations_removed_and_the_4_parentheticals_kept(sample):
    removed = sum(cleanup.remove_ruby(p.original)[1] for p in sample.zh.paragraphs)
    assert removed == 58
    shown = "".join(sample.zh.texts())
    for kept in ("(COP29)", "(COP 28)", "(NDCs)", "(包括工業領域氧化亞氮和對流層臭氧前體物質)"):
        assert kept in shown
    assert shown.count("(") == 4
    assert "會議" in shown and "(huì" not in shown
    assert "“NDCs”" in sample.en.paragraphs[3].text


def test_english_whitespace_is_normalised_and_the_original_kept(sample):
    second = sample.en.paragraphs[1]
    assert second.text.endswith("officials from the two countries.")
    assert second.original.endswith("officials from the two countries.\u00a0\u00a0")
    assert all("\u00a0" not in p.text and "  " not in p.text for p in sample.en.paragraphs)
    assert sample.zh.paragraphs[2].original.startswith("5月8日至9日,中美“21世紀20年代強化氣候行動(dòng)")


def test_sentences_are_offsets_into_the_display_text(sample):
    for side in (sample.zh, sample.en):
        for paragraph in side.paragraphs:
            assert paragraph.sentences
            for sentence in paragraph.sentences:
                assert paragraph.text[sentence.start : sentence.end] == sentence.text
    assert [s.text[:8] for s in sample.zh.paragraphs[5].sentences] == [
        "雙方計劃在COP",
        "雙方承諾就部署減",
        "雙方關注到聯合國",
        "雙方還將圍繞其他",
    ]
    assert [s.text for s in sample.zh.paragraphs[1].sentences] == sample.zh.paragraphs[1].text.split("\n")
    assert len(sample.en.paragraphs[1].sentences) == 1  # "Washington, D.C., a meeting" does not end a sentence
    assert [s.text[:20] for s in sample.en.paragraphs[5].sentences] == [
        "The two sides intend",
        "The two sides commit",
        "Both sides noted wit",
        "They will also engag",
    ]


def test_ids_are_stable_across_loads(sample):
    again = load_document(SAMPLE)
    assert [p.id for p in again.zh.paragraphs] == [p.id for p in sample.zh.paragraphs]
    assert len({p.id for p in sample.zh.paragraphs + sample.en.paragraphs}) == 14
    assert again.content_id == sample.content_id


def _shape(document):
    return [[(p.id, p.kind, p.text, p.sentences) for p in side.paragraphs] for side in (document.zh, document.en)]


@pytest.mark.parametrize(
    ("codec", "bom", "shown"),
    [
        ("gb18030", b"", "GB18030"),
        ("utf-16-le", b"\xff\xfe", "UTF-16LE"),
        ("utf-16-be", b"\xfe\xff", "UTF-16BE"),
        ("utf-16-le", b"", "UTF-16LE"),
        ("utf-16-be", b"", "UTF-16BE"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8"),
    ],
)
def test_whole_sample_in_other_encodings_loads_identically(codec, bom, shown, tmp_path, sample):
    path = tmp_path / "sample.txt"
    path.write_bytes(bom + SAMPLE.read_text(encoding="utf-8").encode(codec))
    document = load_document(path)
    assert document.zh.encoding == shown
    assert _shape(document) == _shape(sample)


@pytest.mark.parametrize(("codec", "shown"), [("cp950", "Big5"), ("big5", "Big5"), ("gbk", "GB18030")])
def test_cleaned_chinese_part_in_big5_and_gbk(codec, shown, tmp_path, sample):
    zh_text = "\n\n".join(sample.zh.texts()) + "\n"
    zh = tmp_path / "zh.txt"
    zh.write_bytes(zh_text.encode(codec))
    en = tmp_path / "en.txt"
    en.write_text("\n\n".join(sample.en.texts()), encoding="utf-8")
    document = load_document(zh, en)
    assert document.zh.encoding == shown
    assert document.zh.texts() == sample.zh.texts()
    assert [p.kind for p in document.zh.paragraphs] == [p.kind for p in sample.zh.paragraphs]
    assert document.en.texts() == sample.en.texts()


def test_one_language_only_asks_for_the_translation(tmp_path):
    path = tmp_path / "only.txt"
    path.write_text("只有中文。\n\n第二段。\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value) == "only.txt: has no English paragraphs; open the translation as a second file"
    # The error carries the text it did find, for a reader that shows it while the translation is missing.
    assert isinstance(caught.value, OneLanguageError) and caught.value.missing == "en"
    assert caught.value.document.zh.texts() == ["只有中文。", "第二段。"]
    assert caught.value.document.en.texts() == [] and caught.value.document.sources == (str(path),)
    english = tmp_path / "english.txt"
    english.write_text("Only English.\n\nA second paragraph.\n", encoding="utf-8")
    with pytest.raises(OneLanguageError) as caught:
        load_document(english)
    assert caught.value.missing == "zh" and caught.value.document.en.texts() == ["Only English.", "A second paragraph."]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "missing.txt: no such file"),
        (lambda p: p.mkdir(), "missing.txt: is a folder, not a file"),
        (lambda p: p.write_bytes(b""), "missing.txt: has no text"),
        (
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
            "missing.txt: is a binary file, not a text document",
        ),
        (
            lambda p: p.write_bytes("雙方".encode() + b"\xff\xfe\xfd" * 3),
            "missing.txt: is not text in a known encoding (tried UTF-8, GB18030, Big5, UTF-16LE, UTF-16BE)",
        ),
    ],
)
def test_failures_are_one_line_document_errors(make, message, tmp_path):
    path = tmp_path / "missing.txt"
    make(path)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value) == message


def test_a_200_mb_text_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: nothing is written to disk
    with pytest.raises(DocumentTooLargeError) as caught:
        load_document(path)
    assert str(caught.value) == "huge.txt: is 200 MB, larger than the 64 MB limit for a document"


def test_interleaved_paragraphs_give_their_own_links(tmp_path):
    path = tmp_path / "pairs.txt"
    path.write_text(
        "標題\n\nTitle\n\n第一段。\n\nFirst paragraph.\n\n第二段。\n\nSecond paragraph.\n", encoding="utf-8"
    )
    document = load_document(path)
    assert document.zh.texts() == ["標題", "第一段。", "第二段。"]
    assert document.en.texts() == ["Title", "First paragraph.", "Second paragraph."]
    assert document.given_links == (((0,), (0,)), ((1,), (1,)), ((2,), (2,)))
    assert document.zh.paragraphs[0].kind is ParagraphKind.HEADING


def test_line_pairs_without_blank_lines_split_by_language(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text(
        "會議在華盛頓召開。\nThe meeting was held in Washington.\n雙方討論了甲烷。\nThey discussed methane.\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.zh.texts() == ["會議在華盛頓召開。", "雙方討論了甲烷。"]
    assert document.en.texts() == ["The meeting was held in Washington.", "They discussed methane."]
    assert document.given_links == (((0,), (0,)), ((1,), (1,)))


def test_sample_block_order_gives_no_links(sample):
    assert sample.given_links is None


def test_han_share_is_still_exported():
    assert han_share("雙方還表示愿意開展相關技術和政策交流") == 1.0
