"""Ruby removal only where the parenthesis holds a reading of the character; whitespace; OpenCC conversion."""

from __future__ import annotations

import pytest

from reader_app.core.documents import load_document
from reader_app.core.documents.cleanup import display_text, is_reading, join_wrapped, normalise_line, remove_ruby
from reader_app.core.text.convert import to_simplified, to_traditional
from tests.conftest import SAMPLE


@pytest.mark.parametrize(
    ("text", "expected", "count"),
    [
        ("行動(dòng)工作組", "行動工作組", 1),
        ("會(huì )議", "會議", 1),  # the sample's stray space before ')'
        ("会（huì）议", "会议", 1),  # full-width parentheses
        ("動(dong4)", "動", 1),  # numbered tone
        ("動(dong)", "動", 1),  # no tone written: still a reading
        ("绿(lü4)绿(lv4)", "绿绿", 2),
        ("動(dong3)", "動(dong3)", 0),  # wrong tone: not this character's reading
        ("好(dong)", "好(dong)", 0),  # a syllable, but not a reading of 好
        ("大會(COP29)", "大會(COP29)", 0),
        ("貢獻(NDCs)", "貢獻(NDCs)", 0),
        ("體(包括工業(yè)領域)", "體(包括工業領域)", 1),  # a real parenthetical, with a reading inside
        ("會議 (huì) here", "會議 (huì) here", 0),  # a space before '(' : not a flattened annotation
        ("中(zhōng)(zhòng)", "中(zhòng)", 1),  # one annotation per character
    ],
)
def test_remove_ruby(text, expected, count):
    assert remove_ruby(text) == (expected, count)


def test_is_reading_for_heteronyms():
    assert is_reading("會", "kuài") and is_reading("會", "huì") and not is_reading("會", "kuī")
    assert is_reading("行", "háng") and is_reading("行", "xing2")
    assert not is_reading("行", "COP")


def test_whitespace_normalisation():
    assert normalise_line("\u3000\u3000中文\u00a0\u00a0段落\t結束 ") == "中文 段落 結束"
    assert normalise_line("word\u200bjoined") == "wordjoined"
    assert join_wrapped(["The two sides", "  met in  Washington."], chinese=False) == "The two sides met in Washington."
    assert (
        join_wrapped(["雙方在華盛頓", "舉行會晤，", "討論COP29", "議題。"], chinese=True)
        == "雙方在華盛頓舉行會晤，討論COP29 議題。"
    )
    assert (
        display_text("來源:部門 編輯:某\n摘要: 內容。", chinese=True, keep_lines=True)
        == "來源:部門 編輯:某\n摘要: 內容。"
    )


def test_opencc_conversion_is_display_only():
    assert to_simplified("會議回顧了《巴黎協定》") == "会议回顾了《巴黎协定》"
    assert to_traditional("会议回顾了") == "會議回顧了"
    document = load_document(SAMPLE)
    first = document.zh.paragraphs[0]
    assert to_simplified(first.text) == "中美“21世纪20年代强化气候行动工作组”会议情况"
    assert load_document(SAMPLE).zh.paragraphs[0].id == first.id  # converting never touched the document


def test_lines_without_odd_spaces_skip_the_substitutions_with_the_same_result():
    import random

    from reader_app.core.documents import cleanup

    rng = random.Random(4)
    alphabet = list("ab 中，\t\u00a0\u2000\u2005\u200a\u200b\u200c\u200d\u2060\u202f\u205f\u3000\ufeff(（)）")
    alphabet += ["  ", "會(huì)"]

    def reading(match):
        return is_reading(match.group(1), match.group(2))

    for _ in range(20000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert normalise_line(line) == cleanup._SPACES.sub(" ", cleanup._ZERO_WIDTH.sub("", line)).strip(), line
        expected = cleanup.RUBY.sub(lambda m: m.group(1) if reading(m) else m.group(0), line)
        assert remove_ruby(line) == (expected, sum(map(reading, cleanup.RUBY.finditer(line)))), line


def test_a_line_of_only_invisible_characters_joins_without_error():
    assert join_wrapped(["（掌聲）", "\ufeff"], chinese=True) == "（掌聲） "
    assert join_wrapped(["\u200b", "中文"], chinese=True) == " 中文"
