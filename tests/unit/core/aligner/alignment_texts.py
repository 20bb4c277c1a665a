"""Synthetic bilingual paragraphs for the aligner's tests: words whose translations CC-CEDICT knows."""

from __future__ import annotations

from hypothesis import strategies as st

WORD_PAIRS = [
    ("气候", "climate"),
    ("会议", "meeting"),
    ("河流", "river"),
    ("山", "mountain"),
    ("老师", "teacher"),
    ("学生", "student"),
    ("医院", "hospital"),
    ("城市", "city"),
    ("森林", "forest"),
    ("飞机", "airplane"),
    ("火车", "train"),
    ("苹果", "apple"),
    ("音乐", "music"),
    ("图书馆", "library"),
    ("医生", "doctor"),
    ("朋友", "friend"),
    ("花园", "garden"),
    ("窗户", "window"),
    ("桌子", "table"),
    ("月亮", "moon"),
    ("太阳", "sun"),
    ("海洋", "ocean"),
    ("政府", "government"),
    ("经济", "economy"),
    ("技术", "technology"),
    ("农民", "farmer"),
    ("士兵", "soldier"),
    ("国王", "king"),
    ("妻子", "wife"),
    ("孩子", "child"),
    ("狗", "dog"),
    ("猫", "cat"),
    ("马", "horse"),
    ("雨", "rain"),
    ("雪", "snow"),
    ("咖啡", "coffee"),
    ("牛奶", "milk"),
    ("电脑", "computer"),
    ("报纸", "newspaper"),
    ("钱", "money"),
    ("工厂", "factory"),
    ("监狱", "prison"),
    ("教堂", "church"),
    ("大学", "university"),
    ("博物馆", "museum"),
    ("银行", "bank"),
    ("村庄", "village"),
    ("战争", "war"),
    ("科学", "science"),
]


def paragraph_pair(words: list[int]) -> tuple[str, str]:
    """A Chinese paragraph and its English translation made of the given vocabulary entries."""
    zh = "我们看见" + "、".join(WORD_PAIRS[w][0] for w in words) + "。"
    en = "We saw " + ", ".join(f"the {WORD_PAIRS[w][1]}" for w in words) + "."
    return zh, en


@st.composite
def bitexts(draw: st.DrawFn, min_size: int = 2, max_size: int = 8) -> list[tuple[str, str]]:
    """Paragraph pairs whose words do not repeat across paragraphs (neighbours talk about different things, so
    where a paragraph went missing is never ambiguous); 2-6 words each."""
    order = draw(st.permutations(range(len(WORD_PAIRS))))
    sizes = draw(st.lists(st.integers(2, 6), min_size=min_size, max_size=max_size))
    out = []
    start = 0
    for size in sizes:
        if start + size > len(order):
            break
        out.append(paragraph_pair(list(order[start : start + size])))
        start += size
    return out
