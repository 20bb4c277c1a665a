"""Encoding detection: BOM, strict UTF-8, then the plausibility judge; 0 wrong decodes on a generated corpus."""

from __future__ import annotations

import codecs
import random

import pytest

from reader_app.core.documents import DocumentError, EncodingUncertainError, encodings, load_document
from reader_app.core.documents.encodings import EncodingProblem, decode
from reader_app.core.text.convert import to_simplified
from tests.conftest import SAMPLE

ENCODINGS = {
    # name in the corpus: (codec, BOM, the name decode() must report)
    "UTF-8": ("utf-8", b"", "UTF-8"),
    "UTF-8 BOM": ("utf-8", codecs.BOM_UTF8, "UTF-8"),
    "UTF-16LE BOM": ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16LE"),
    "UTF-16BE BOM": ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16BE"),
    "UTF-16LE": ("utf-16-le", b"", "UTF-16LE"),
    "UTF-16BE": ("utf-16-be", b"", "UTF-16BE"),
    "GB18030": ("gb18030", b"", "GB18030"),
    "GBK": ("gbk", b"", "GB18030"),
    "Big5": ("big5", b"", "Big5"),
}


def han_count(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def corpus(samples: int = 150, seed: int = 20240516) -> list[str]:
    """Texts cut from the sample's cleaned Chinese (traditional, and simplified by OpenCC), 16 to ~300 Han
    characters, some followed by an English sentence of the sample (bilingual files)."""
    document = load_document(SAMPLE)
    chinese = "\n".join(document.zh.texts())
    english = [s.text for p in document.en.paragraphs for s in p.sentences]
    rng = random.Random(seed)
    texts = []
    while len(texts) < samples:
        length = rng.choice([16, 20, 24, 32, 48, 64, 128, 300])
        start = rng.randrange(0, len(chinese) - length)
        text = chinese[start : start + length + length // 4]
        if rng.random() < 0.5:
            text = to_simplified(text)
        if rng.random() < 0.3:
            text += "\n\n" + rng.choice(english).replace("\u00a0", " ")
        if han_count(text) >= 16:
            texts.append(text)
    return texts


def test_generated_corpus_has_no_wrong_decodes():
    tested = dict.fromkeys(ENCODINGS, 0)
    wrong: list[tuple[str, str, str]] = []
    refused: list[tuple[str, str]] = []
    for text in corpus():
        for name, (codec, bom, shown) in ENCODINGS.items():
            try:
                data = bom + text.encode(codec)
            except UnicodeEncodeError:  # Big5 has no simplified characters, GBK/Big5 no pinyin tone marks
                continue
            tested[name] += 1
            try:
                decoded, used = decode(data)
            except EncodingProblem:
                refused.append((name, text[:20]))
                continue
            if decoded != text or used != shown:
                wrong.append((name, used, text[:20]))
    assert wrong == []
    assert refused == []
    assert min(tested.values()) >= 60, tested  # every encoding really exercised (Big5: traditional texts only)


def test_big5_bytes_decode_as_gb18030_without_error_but_are_judged_big5():
    text = "雙方分享了各自氣候政策和行動的經驗與挑戰，旨在有效應對氣候危機及其影響。"
    data = text.encode("big5")
    garbage = data.decode("gb18030")  # no error: the reason decoding without a judge is wrong
    assert garbage != text
    assert decode(data) == (text, "Big5")
    assert encodings.plausibility(text) > 0.6 > 0.3 > encodings.plausibility(garbage)


def test_gb18030_bytes_are_not_taken_for_big5():
    text = "雙方計劃在COP29期間舉辦第二屆“甲烷和非二氧化碳溫室氣體峰會”。"
    assert decode(text.encode("gb18030")) == (text, "GB18030")
    simplified = to_simplified(text)
    assert decode(simplified.encode("gbk")) == (simplified, "GB18030")


def test_bom_wins_and_a_nul_byte_is_not_utf8():
    assert decode(codecs.BOM_UTF8 + "中文".encode()) == ("中文", "UTF-8")
    assert decode(codecs.BOM_UTF16_BE + "中文".encode("utf-16-be")) == ("中文", "UTF-16BE")
    english = "The two sides met in Washington.\n"
    # ASCII in UTF-16 without a BOM is valid UTF-8 full of NULs: it must not be taken for UTF-8.
    assert decode(english.encode("utf-16-le")) == (english, "UTF-16LE")
    assert decode(english.encode("utf-16-be")) == (english, "UTF-16BE")


def test_broken_bom_is_one_line_error():
    with pytest.raises(EncodingProblem, match="starts with a UTF-8 byte order mark but is not valid UTF-8"):
        decode(codecs.BOM_UTF8 + b"\xff\xfe\xfd")


def test_windows_1252_english_with_curly_quotes():
    text = "He said \u201cclimate\u201d \u2013 and caf\u00e9 \u2026\n"
    assert decode(text.encode("cp1252")) == (text, "Windows-1252")


def _ambiguous_bytes() -> bytes:
    """Common characters with no words between them, whose GB18030 bytes also read as common Big5 ones."""
    common = encodings.common_han()
    chosen = []
    frequent = (
        "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著"
        "去之過家學對可裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行"
        "方又如前所本見經頭面公同三已老從動兩長"
    )
    for ch in frequent:
        try:
            raw = ch.encode("gb18030")
            as_big5 = raw.decode("cp950")
        except UnicodeError:
            continue
        if ch in common and as_big5 in common:
            chosen.append(ch)
    assert len(chosen) >= 20
    return " ".join(chosen[:24]).encode("gb18030")


def test_unsure_decode_raises_with_candidates_and_a_forced_encoding_loads(tmp_path):
    data = _ambiguous_bytes()
    path = tmp_path / "unsure.txt"
    path.write_bytes(data + b"\n\nAn English paragraph.\n")
    with pytest.raises(EncodingUncertainError) as caught:
        load_document(path)
    error = caught.value
    assert isinstance(error, DocumentError)
    assert str(error).startswith("unsure.txt: encoding could not be determined (tried UTF-8, GB18030, Big5")
    names = [name for name, _ in error.candidates]
    assert "GB18030" in names and "Big5" in names
    assert all(preview and "\n" not in preview for _, preview in error.candidates)
    document = load_document(path, encoding="GB18030")
    assert document.zh.encoding == "GB18030"
    assert document.zh.texts() == [data.decode("gb18030")]


def test_forced_encoding_that_does_not_fit_is_a_document_error(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_bytes("雙方計劃在期間舉辦峰會。\n\nEnglish.\n".encode())
    with pytest.raises(DocumentError, match=r"^zh\.txt: is not valid Big5 \(bad bytes at offset 0\)$"):
        load_document(path, encoding="Big5")
    with pytest.raises(DocumentError, match=r"^zh\.txt: unknown encoding 'klingon'$"):
        load_document(path, encoding="klingon")


def test_big_file_is_judged_on_its_head_and_decoded_whole(tmp_path):
    document = load_document(SAMPLE)
    text = ("\n\n".join(document.zh.texts()) + "\n\n") * 60  # about 190 KB in GB18030: past the judged head
    data = text.encode("gb18030")
    assert len(data) > encodings.JUDGE_BYTES
    assert decode(data) == (text, "GB18030")
    with pytest.raises(EncodingProblem) as caught:
        decode(data + b"\xff\xff")
    assert caught.value.reason == f"looks like GB18030 but has invalid bytes at offset {len(data)}"
    assert caught.value.candidates == []
