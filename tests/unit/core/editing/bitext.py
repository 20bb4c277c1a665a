"""A made-up bitext (not corpus text) that tier 1 aligns 1-1 throughout, for edit tests: twelve short paragraphs
on each side, each pair sharing a number and a few dictionary words, so that a wrong link is plainly wrong."""

from __future__ import annotations

from reader_app.core.alignment import Alignment, Link

ZH = [
    "第一章 春天",
    "三月的早上，老王在河边种了十二棵苹果树。",
    "他的女儿每天放学以后给树浇水。",
    "到了五月，树上开满了白色的花。",
    "第二章 夏天",
    "七月下了很多雨，河水涨了两米。",
    "村里的人用三天时间修好了桥。",
    "孩子们在桥下钓鱼，一共钓到二十条鱼。",
    "第三章 秋天",
    "九月苹果熟了，老王摘了四百公斤。",
    "他把一半的苹果卖给了城里的商店。",
    "剩下的苹果做成了果酱，送给邻居。",
]
EN = [
    "Chapter 1 Spring",
    "One morning in March, Old Wang planted twelve apple trees by the river.",
    "Every day after school his daughter watered the trees.",
    "By May the trees were covered in white flowers.",
    "Chapter 2 Summer",
    "It rained a lot in July, and the river rose two metres.",
    "The people of the village took three days to repair the bridge.",
    "The children fished under the bridge and caught twenty fish in all.",
    "Chapter 3 Autumn",
    "In September the apples were ripe, and Old Wang picked four hundred kilograms.",
    "He sold half of the apples to a shop in the city.",
    "The remaining apples were made into jam and given to the neighbours.",
]
GOLD = tuple(((i,), (i,)) for i in range(12))


def keys(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.zh, link.en) for link in alignment.links]


def shifted() -> Alignment:
    """The gold with a known error: from Chinese 5 to 7 every link is one English paragraph late (5 alone, 6-7
    linked to the English before theirs' counterparts... i.e. zh 6 with en 5, zh 7 with en 6), and en 7 alone."""
    links = [Link(zh, en, 0.9) for zh, en in GOLD[:5]]
    links += [Link((5,), (), 0.6), Link((6,), (5,), 0.4), Link((7,), (6,), 0.4), Link((), (7,), 0.6)]
    links += [Link(zh, en, 0.9) for zh, en in GOLD[8:]]
    return Alignment(tuple(links), tier=1)
