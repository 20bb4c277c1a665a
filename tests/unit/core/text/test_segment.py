"""Paragraph rules for plain text, sentence splitting, and language by script."""

from __future__ import annotations

from reader_app.core.model import Language, ParagraphKind
from reader_app.core.text.segment import han_share, language_of, plain_text_blocks, sentences


def _blocks(text):
    return [(b.kind, b.keep_lines, b.lines) for b in plain_text_blocks(text)]


def test_blank_lines_with_nbsp_and_ideographic_spaces_separate_blocks():
    assert [b.lines for b in plain_text_blocks("甲。\n\u00a0\u3000\n乙。\n \t\n\nA.\n")] == [
        ("甲。",),
        ("乙。",),
        ("A.",),
    ]


def test_metadata_lines_stay_one_paragraph_with_lines():
    text = "來源:生態環境部 編輯:澤宇 人氣: 發布時間:2024-05-16 10:44:07\n摘要: 中美會議情況。\n"
    assert _blocks(text) == [(ParagraphKind.METADATA, True, tuple(text.splitlines()))]
    english = "Source: Ministry of Ecology\nDate: 2024-05-16\n"
    assert _blocks(english)[0][:2] == (ParagraphKind.METADATA, True)


def test_hard_wrapped_english_is_one_paragraph():
    text = (
        "The two sides intend to host a second summit at COP 29 and\n"
        "committed to promote bilateral cooperation and capacity building\n"
        "on deploying abatement technologies.\n"
    )
    blocks = plain_text_blocks(text)
    assert len(blocks) == 1 and not blocks[0].keep_lines and blocks[0].kind is ParagraphKind.PARAGRAPH


def test_one_paragraph_per_line_files_split_into_lines():
    text = (
        "會議回顧了中美元首舊金山會晤，圍繞聲明確定的能源轉型等領域開展深入討論。\n"
        "雙方分享了各自氣候政策和行動的經驗與挑戰，旨在有效應對氣候危機及其影響。\n"
        "雙方還表示願意開展相關技術和政策交流，並就多邊議題展開合作。\n"
    )
    assert [b.lines for b in plain_text_blocks(text)] == [(line,) for line in text.splitlines()]


def test_short_separate_lines_stay_together_as_lines():
    text = "床前明月光\n疑是地上霜\n舉頭望明月\n低頭思故鄉\n"
    assert _blocks(text) == [(ParagraphKind.PARAGRAPH, True, tuple(text.splitlines()))]


def test_language_change_between_lines_splits():
    text = "會議在華盛頓召開。\nThe meeting was held in Washington.\n2024-05-16\n雙方討論了甲烷。\n"
    assert [b.lines for b in plain_text_blocks(text)] == [
        ("會議在華盛頓召開。",),
        ("The meeting was held in Washington.", "2024-05-16"),
        ("雙方討論了甲烷。",),
    ]


def test_list_items():
    text = "一、能源轉型\n二、甲烷減排\n- first item\n  continues here\n- second item\n"
    assert [(b.kind, b.lines) for b in plain_text_blocks(text)] == [
        (ParagraphKind.LIST_ITEM, ("一、能源轉型",)),
        (ParagraphKind.LIST_ITEM, ("二、甲烷減排",)),
        (ParagraphKind.LIST_ITEM, ("- first item", "  continues here")),
        (ParagraphKind.LIST_ITEM, ("- second item",)),
    ]


def test_chinese_sentences_with_closing_quotes_and_ellipsis():
    text = "他說：“會議很成功。”雙方同意了！真的嗎？當然……我們走吧"
    assert [s.text for s in sentences(text, Language.ZH)] == [
        "他說：“會議很成功。”",
        "雙方同意了！",
        "真的嗎？",
        "當然……",
        "我們走吧",
    ]


def test_english_sentences_respect_abbreviations_and_numbers():
    text = (
        "Mr. Liu met Dr. Smith in Washington, D.C. on May 8. The goal is 1.5 degrees. "
        "John F. Kennedy spoke in the U.S. The talks went on. "
        "They said \u201cyes.\u201d Then they left! Really? Yes."
    )
    assert [s.text for s in sentences(text, Language.EN)] == [
        "Mr. Liu met Dr. Smith in Washington, D.C. on May 8.",
        "The goal is 1.5 degrees.",
        "John F. Kennedy spoke in the U.S.",
        "The talks went on.",
        "They said \u201cyes.\u201d",
        "Then they left!",
        "Really?",
        "Yes.",
    ]


def test_sentence_offsets_skip_spaces():
    result = sentences("  One.  Two. ", Language.EN)
    assert [(s.text, s.start, s.end) for s in result] == [("One.", 2, 6), ("Two.", 8, 12)]


def test_han_share_is_robust_to_latin_terms_and_goes_by_majority():
    assert language_of("雙方承諾就部署減排技術、建立或完善各自MRV體系和標準推動開展雙邊合作(NDCs)") is Language.ZH
    assert language_of("The envoy Liu Zhenmin (劉振民) met John Podesta in Washington.") is Language.EN
    assert language_of("COP29 MRV NDCs 會議") is Language.EN  # three terms outweigh two characters
    assert language_of("氣候變化 climate change") is Language.ZH  # 4 characters against 2 words
    assert han_share("") == 0.0
    assert han_share("2024-05-16") == 0.0


def test_chinese_section_numbers_standing_alone_are_headings_not_list_items(tmp_path):
    from reader_app.core.documents import load_document

    path = tmp_path / "paper.txt"
    path.write_text(
        "一、秉持人与自然和谐共生理念\n\n中国是生物多样性最丰富的国家之一。\n\n（一）优化就地保护体系\n\n"
        "保护体系不断完善。\n\nI. Harmony\n\nChina is rich in biodiversity.\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert [p.kind.value for p in document.zh.paragraphs] == ["heading", "paragraph", "heading", "paragraph"]
    assert [p.kind.value for p in document.en.paragraphs] == ["heading", "paragraph"]


def _reference_sentences(text, language):
    """The splitter's definition, character by character (the module's version scans with regular expressions)."""
    import re

    from reader_app.core.model import Sentence
    from reader_app.core.text import segment

    spans, start = [], 0
    if language is Language.ZH:
        for match in segment._ZH_BOUNDARY.finditer(text):
            spans.append((start, match.end()))
            start = match.end()
    else:
        for match in segment._EN_CANDIDATE.finditer(text):
            dot, end = match.start(), match.end()
            breaks = True
            if text[dot] == ".":
                word_start = dot
                while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“‘":
                    word_start -= 1
                word = text[word_start:dot]
                if word.lower() in segment.ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                    breaks = False
                elif re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
                    following = re.match(r"\s+[\"'“‘(\[]?([A-Za-z]+)", text[end:])
                    breaks = bool(following and following.group(1) in segment.SENTENCE_OPENERS)
            if breaks:
                spans.append((start, end))
                start = end
    spans.append((start, len(text)))
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Sentence(text[start:end], start, end))
    return tuple(out)


def test_sentences_as_their_character_by_character_definition():
    import random

    rng = random.Random(2)
    alphabet = list("ab AZ.。!?！？…\"'”’」』）)》〉】](“‘\n\t\u3000\u00a0\x1c\x85 中")
    alphabet += ["The", "Mr.", "U.S.", " It", "...", "J. "]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        for language in (Language.ZH, Language.EN):
            assert sentences(text, language) == _reference_sentences(text, language), (text, language)
