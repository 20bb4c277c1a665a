"""The `name` check: names, acronyms, codes and addresses that one side of a pair has and the other lacks.

- Latin script inside the Chinese (COP29, NDCs, MRV, a URL) is kept as-is by translators: the English must have
  it too (spaces, case and a plural -s aside: COP29 = COP 29, NDCs = NDC). The English is not held to the same
  rule, because an English acronym is often translated (UNEP = 联合国环境规划署); only its URLs and e-mail
  addresses must reach the Chinese.
- A Chinese name transcribed in the English (陈清扬 -> Chen Qingyang): the aligner's pinyin machinery (NameFinder
  over the document's capitalised English words) tells which Chinese characters spell which English name. A name
  is checked only once the document confirms it (the characters and the name side by side in two pairs or more),
  so that characters which merely sound like a name (清扬 "clear" in a poem) and names a translator renders in
  English (韦小宝 -> Trinket) are never flagged; and it is flagged only when the English has another of the
  document's names in its place (a mix-up), because English says "she" where Chinese repeats a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from reader_app.core.aligner.lexicon import Lexicon, load_lexicon
from reader_app.core.aligner.tier1 import NameFinder
from reader_app.core.aligner.tier1.terms import is_pinyin
from reader_app.core.checks.flags import Flag, Kind, Severity
from reader_app.core.checks.pairs import Context, Pair
from reader_app.core.text.scripts import HAN

_ADDRESS = r"https?://[^\s，。、）)》]+|www\.[^\s，。、）)》]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_ADDRESS_RE = re.compile(_ADDRESS)
# Latin runs inside Chinese: a word, acronym or code (COP29, CO2, U.S., NDCs), a number after an acronym
# (COP 28) and addresses.
_LATIN_RE = re.compile(rf"{_ADDRESS}|[A-Za-z][A-Za-z0-9]*(?:[-.'’][A-Za-z0-9]+)*\.?(?: \d+\b)?")
_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]+\b")
# A name is checked once the document shows it this many times beside its characters.
CONFIRMED = 2


def _squeezed(text: str) -> str:
    """Lower case, no spaces or dots: COP 29 = COP29, U.S. = US."""
    return re.sub(r"[\s.]", "", text.lower())


def _token_form(token: str) -> str:
    form = _squeezed(token)
    if len(token) > 2 and token.endswith("s") and token[:2].isupper():
        form = form[:-1]  # NDCs -> ndc: the English may write NDC or NDCs
    return form


def latin_missing(zh: str, en: str) -> list[str]:
    """The Latin-script tokens of a Chinese text that the English lacks, in order, each once."""
    zh = unicodedata.normalize("NFKC", zh)
    english = _squeezed(unicodedata.normalize("NFKC", en))
    out: list[str] = []
    for m in _LATIN_RE.finditer(zh):
        token = m.group(0).rstrip(".")
        if len(token) < 2 or token in out:
            continue
        if _token_form(token) not in english:
            out.append(token)
    return out


def addresses_missing(en: str, zh: str) -> list[str]:
    """The URLs and e-mail addresses of an English text that the Chinese lacks."""
    chinese = _squeezed(unicodedata.normalize("NFKC", zh))
    found = [m.group(0).rstrip(".,;:)") for m in _ADDRESS_RE.finditer(unicodedata.normalize("NFKC", en))]
    return [a for k, a in enumerate(found) if a not in found[:k] and _squeezed(a) not in chinese]


class NameBook:
    """The transcribed names of a document: which Chinese characters spell which capitalised English word,
    counted over the pairs that show both."""

    def __init__(self, context: Context, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        words = {
            w.lower()
            for pair in context.pairs
            for w in _CAPITALISED_RE.findall(pair.en_text)
            if is_pinyin(w.lower(), lexicon.syllables)
        }
        self._finder = NameFinder(words, lexicon)
        self.seen: Counter[str] = Counter()
        for pair in context.pairs:
            if not pair.is_gap:
                self.seen.update(self.names_in(pair.zh_text) & _capitalised(pair.en_text))

    def names_in(self, chinese: str) -> set[str]:
        """The document's English names (lower case) that some characters of `chinese` spell."""
        return {name[1:] for name in self._finder.find(chinese)}

    def characters(self, chinese: str, name: str) -> str:
        """The characters of `chinese` that spell `name` (the first such run of 2-3 Han characters)."""
        runs = re.findall(f"[{HAN}]+", chinese)
        for run in runs:
            for size in (2, 3):
                for k in range(len(run) - size + 1):
                    piece = run[k : k + size]
                    if "".join(self._lexicon.readings.get(ch, "?") for ch in piece) == name:
                        return piece
        return ""


def _capitalised(english: str) -> set[str]:
    return {w.lower() for w in _CAPITALISED_RE.findall(english)}


def _check_pair(pair: Pair, book: NameBook) -> Iterator[Flag]:
    for token in latin_missing(pair.zh_text, pair.en_text):
        yield pair.flag(Kind.NAME, Severity.ERROR, f"{token} in the Chinese, not in the English", token, "")
    for address in addresses_missing(pair.en_text, pair.zh_text):
        yield pair.flag(Kind.NAME, Severity.ERROR, f"{address} in the English, not in the Chinese", "", address)
    english = _capitalised(pair.en_text)
    chinese = book.names_in(pair.zh_text)
    # Another of the document's names in the English, whose characters the Chinese lacks: a name mixed up.
    # (Seen once beside its characters is enough to know it is a name.)
    instead = sorted(n for n in english - chinese if book.seen[n] >= 1)
    if not instead:
        return
    for name in sorted(chinese - english):
        if book.seen[name] < CONFIRMED:
            continue
        characters = book.characters(pair.zh_text, name)
        others = ", ".join(n.capitalize() for n in instead)
        message = f"{characters} ({name.capitalize()} elsewhere) in the Chinese; the English has {others} instead"
        yield pair.flag(Kind.NAME, Severity.WARNING, message, characters, others)


def check(context: Context) -> Iterator[Flag]:
    book = NameBook(context, load_lexicon())
    for pair in context.pairs:
        if not pair.is_gap:
            yield from _check_pair(pair, book)
