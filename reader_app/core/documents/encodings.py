"""Decoding a document's bytes: BOM, then strict UTF-8, then a plausibility judge for GB18030, Big5 and UTF-16.

Why a judge and not "the first codec that raises no error": Big5 bytes decode as GB18030 without error (and
the reverse mostly too) and come out as garbage, and any even-length file decodes as UTF-16. So each candidate
decode is scored by how much it reads like Chinese: the share of its Han characters that sit inside a
dictionary word (adjacent pairs found in CC-CEDICT, traditional and simplified), the share that are common
characters (GB2312 level 1 and Big5's "frequently used" block), minus a heavy penalty for characters no text
has (control characters, private use, unassigned code points, Hangul, kana and box drawing in a Chinese
context). Real text scores 0.4-1.0 (median 0.75), wrong decodes below 0.3. When no candidate is clearly
best, `decode` raises EncodingProblem with each candidate and a preview so the reader can choose.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import unicodedata
from dataclasses import dataclass

from reader_app.core.text import cedict
from reader_app.core.text.scripts import is_han

# The names shown to the reader, mapped to the Python codec that decodes them. cp950 is Microsoft's Big5,
# a superset the files we meet are actually written in.
CANDIDATES: dict[str, str] = {
    "GB18030": "gb18030",
    "Big5": "cp950",
    "UTF-16LE": "utf-16-le",
    "UTF-16BE": "utf-16-be",
}
LATIN_FALLBACK = ("Windows-1252", "cp1252")

BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32LE", "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32BE", "utf-32-be"),
    (codecs.BOM_UTF8, "UTF-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "UTF-16LE", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "UTF-16BE", "utf-16-be"),
)

ACCEPT_SCORE = 0.35  # the winner must read like Chinese at least this well
MARGIN = 0.1  # and beat the runner-up by this much
ENGLISH_SCORE = 0.5  # a decode with no Han at all that reads as plain English
JUDGE_CHARS = 20_000  # judging a prefix is enough and keeps big files quick
JUDGE_BYTES = 64 * 1024  # candidates are judged on this much of the file's start


class EncodingProblem(Exception):
    """Raised by `decode`; documents.py turns it into a DocumentError naming the file."""

    def __init__(self, reason: str, candidates: list[tuple[str, str]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.candidates = candidates or []


@dataclass(frozen=True, slots=True)
class Verdict:
    encoding: str  # the name shown to the reader
    score: float
    text: str


@functools.cache
def common_han() -> frozenset[str]:
    """GB2312 level 1 (3,755 common simplified) and Big5 A440-C67E (5,401 common traditional) characters."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for code in range(0xA440, 0xC67F):
        with contextlib.suppress(UnicodeDecodeError):
            chars.add(code.to_bytes(2, "big").decode("big5"))
    return frozenset(c for c in chars if is_han(c))


@functools.cache
def word_pairs() -> frozenset[str]:
    """Every pair of adjacent characters inside a CC-CEDICT headword, traditional and simplified."""
    pairs: set[str] = set()
    for entry in cedict.entries():
        for word in (entry.traditional, entry.simplified):
            for i in range(len(word) - 1):
                pairs.add(word[i : i + 2])
    return frozenset(pairs)


def _odd(ch: str) -> bool:
    """Characters a Chinese or English document does not contain, but mis-decoded bytes produce."""
    code = ord(ch)
    if ch in "\t\n\r\f\v":
        return False
    if code < 0x20 or 0x7F <= code < 0xA0:
        return True
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:  # Hangul
        return True
    if 0x3040 <= code <= 0x30FF or 0xFF61 <= code <= 0xFF9F:  # kana, half-width kana
        return True
    if 0x2500 <= code <= 0x259F or 0xA000 <= code <= 0xA4CF:  # box drawing, Yi
        return True
    if 0x0370 <= code <= 0x052F or 0x0600 <= code <= 0x1DFF:  # Greek, Cyrillic, other scripts
        return True
    if 0xE000 <= code <= 0xF8FF or code >= 0x20000:  # private use; supplementary planes are rare in real text
        return True
    return unicodedata.category(ch) in ("Cn", "Co", "Cs")


def plausibility(text: str) -> float:
    """How much `text` reads like Chinese (up to about 1.0); negative for garbage."""
    sample = text[:JUDGE_CHARS]
    pairs = word_pairs()
    common = common_han()
    han = covered = frequent = odd = visible = 0
    previous_covered = False
    for i, ch in enumerate(sample):
        if ch.isspace():
            continue
        visible += 1
        if is_han(ch):
            han += 1
            frequent += ch in common
            nxt = sample[i + 1 : i + 2]
            pair = nxt and sample[i : i + 2] in pairs
            if pair or previous_covered:
                covered += 1
            previous_covered = bool(pair)
        else:
            previous_covered = False
            odd += _odd(ch)
    if not visible:
        return 0.0
    penalty = 3.0 * odd / visible
    if not han:
        # An English file saved as UTF-16 without a BOM: believable when it is mostly ASCII and nothing odd.
        ascii_share = sum(" " < ch < "\x7f" for ch in sample) / visible
        return ENGLISH_SCORE if not odd and ascii_share >= 0.8 else -penalty
    return 0.8 * covered / han + 0.2 * frequent / han - penalty


def _latin_plausible(text: str) -> bool:
    """A Windows-1252 decode is believable when its non-ASCII characters are ones Western text uses."""
    extra = [ch for ch in text if ord(ch) > 0x7E]
    if any(_odd(ch) for ch in text):
        return False
    typical = set("‘’“”–—…•€£©®°·«»×") | {chr(c) for c in range(0xA0, 0x180)}
    return all(ch in typical for ch in extra) and len(extra) <= max(8, len(text) // 4)


def preview(text: str, limit: int = 80) -> str:
    """The first non-blank lines of a candidate decode, on one line, for the encoding picker."""
    words = " ".join(line.strip() for line in text[: limit * 4].splitlines() if line.strip())
    shown = "".join(ch if not _odd(ch) else "\ufffd" for ch in words)
    return shown[:limit]


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding name). Raises EncodingProblem when it cannot be told."""
    if encoding:
        return _decode_forced(data, encoding)
    for bom, name, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise EncodingProblem(
                    f"starts with a {name} byte order mark but is not valid {name} (bad bytes at offset "
                    f"{exc.start + len(bom)})"
                ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return text, "UTF-8"
    return _judge(data)


def _decode_forced(data: bytes, encoding: str) -> tuple[str, str]:
    codec = CANDIDATES.get(encoding, encoding)
    try:
        info = codecs.lookup(codec)
    except LookupError as exc:
        raise EncodingProblem(f"unknown encoding {encoding!r}") from exc
    for bom, _name, bom_codec in BOMS:
        if data.startswith(bom) and codecs.lookup(bom_codec).name == info.name:
            data = data[len(bom) :]
            break
    known = [*CANDIDATES.items(), *((name, codec) for _, name, codec in BOMS), LATIN_FALLBACK]
    shown = next((n for n, c in known if codecs.lookup(c).name == info.name), encoding)
    try:
        return data.decode(info.name), shown
    except UnicodeDecodeError as exc:
        raise EncodingProblem(f"is not valid {encoding} (bad bytes at offset {exc.start})") from exc


def _decode_head(data: bytes, codec: str) -> str:
    """The first JUDGE_BYTES of `data` decoded; a character cut at the end of that window is not an error."""
    if len(data) <= JUDGE_BYTES:
        return data.decode(codec)
    return codecs.getincrementaldecoder(codec)().decode(data[:JUDGE_BYTES], final=False)


def _judge(data: bytes) -> tuple[str, str]:
    # Each candidate is judged on the file's head only (big files would otherwise be decoded four times
    # over, in memory at once); the winner then decodes the whole file, strictly.
    verdicts: list[Verdict] = []
    for name, codec in CANDIDATES.items():
        if codec.startswith("utf-16") and len(data) % 2:
            continue
        try:
            head = _decode_head(data, codec)
        except UnicodeDecodeError:
            continue
        verdicts.append(Verdict(name, plausibility(head), head))
    verdicts.sort(key=lambda v: v.score, reverse=True)
    best = verdicts[0] if verdicts else None
    runner_up = verdicts[1].score if len(verdicts) > 1 else -1.0
    if best is not None and best.score >= ACCEPT_SCORE and best.score - runner_up >= MARGIN:
        try:
            return data.decode(CANDIDATES[best.encoding]), best.encoding
        except UnicodeDecodeError as exc:
            raise EncodingProblem(f"looks like {best.encoding} but has invalid bytes at offset {exc.start}") from exc
    latin_name, latin_codec = LATIN_FALLBACK
    latin = data.decode(latin_codec, errors="replace")
    if (best is None or best.score < ACCEPT_SCORE) and "\ufffd" not in latin and _latin_plausible(latin):
        return latin, latin_name
    tried = ", ".join(["UTF-8", *CANDIDATES])
    candidates = [(v.encoding, preview(v.text)) for v in verdicts if v.score > 0]
    if not candidates:
        if b"\x00" in data[:4096] or sum(b < 9 for b in data[:4096]) > 8:
            raise EncodingProblem("is a binary file, not a text document")
        raise EncodingProblem(f"is not text in a known encoding (tried {tried})")
    raise EncodingProblem(f"encoding could not be determined (tried {tried}); choose one", candidates)
