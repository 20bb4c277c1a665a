"""Display cleanup of a paragraph's text: flattened ruby annotations removed, whitespace normalised."""

from __future__ import annotations

import functools
import marshal
import os
import re
import unicodedata
from pathlib import Path

from reader_app.core.text import cedict
from reader_app.core.text.scripts import HAN

_PINYIN_LETTERS = "a-zA-ZüÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿếềê\u0300\u0301\u0304\u030c"
# A Han character, then a parenthesised Latin syllable (tone marks or a tone digit), e.g. 會(huì ) or 动(dong4).
RUBY = re.compile(rf"([{HAN}])[(（]\s*([{_PINYIN_LETTERS}]{{1,7}}[1-5]?)\s*[)）]")

_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def _toneless_and_tone(reading: str) -> tuple[str, str]:
    """('hui', '4') for 'huì', 'hui4' or 'HUI4'; tone '' when none is written; ü spelled 'v'."""
    decomposed = unicodedata.normalize("NFD", reading.strip().lower())
    tone = ""
    letters = []
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch.isdigit():
            tone = "" if ch == "5" else ch
        elif ch == "\u0308":  # the diaeresis of ü
            letters.append(":")
        elif not unicodedata.combining(ch):
            letters.append(ch)
    return "".join(letters).replace("u:", "v"), tone


READINGS_CACHE_VERSION = 1


@functools.cache
def _cedict_readings() -> dict[str, frozenset[str]]:
    """Single-character readings from CC-CEDICT (numbered pinyin), traditional and simplified headwords.

    Parsed once (one regex pass over the decompressed file, about 0.2 s) and kept in the user cache as a
    marshal file that loads in a few milliseconds: opening a document must not wait for the dictionary."""
    cache: Path | None = None
    try:  # the cache folder may be missing or read-only: then the dictionary is parsed every time
        cache = _readings_cache_path()
        version, table = marshal.loads(cache.read_bytes())
        if version == READINGS_CACHE_VERSION:
            return {char: frozenset(values) for char, values in table.items()}
    except (OSError, ValueError, EOFError, TypeError, AttributeError):  # missing, damaged or of another shape
        pass
    readings: dict[str, set[str]] = {}
    for entry in cedict.entries():
        if len(entry.traditional) == 1 and len(entry.simplified) == 1 and " " not in entry.pinyin:
            readings.setdefault(entry.traditional, set()).add(entry.pinyin)
            readings.setdefault(entry.simplified, set()).add(entry.pinyin)
    try:  # written to a temporary name, then renamed: a reader never sees half a file
        if cache is None:
            raise OSError("no cache folder")
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((READINGS_CACHE_VERSION, {c: sorted(v) for c, v in readings.items()})))
        os.replace(temporary, cache)
    except OSError:
        pass  # a read-only cache folder only costs the parse next time
    return {char: frozenset(values) for char, values in readings.items()}


def _readings_cache_path() -> Path:
    from reader_app.paths import cache_dir

    return cache_dir() / "cedict-readings.marshal"


@functools.cache
def readings_of(char: str) -> frozenset[tuple[str, str]]:
    """Known readings of one Han character as (toneless, tone) pairs: CC-CEDICT's, else pypinyin's (which
    knows rarer characters but costs a slow import)."""
    found = {_toneless_and_tone(r) for r in _cedict_readings().get(char, ())}
    if not found:
        from pypinyin.pinyin_dict import pinyin_dict

        found = {_toneless_and_tone(r) for r in pinyin_dict.get(ord(char), "").split(",") if r}
    return frozenset(found)


def is_reading(char: str, text: str) -> bool:
    """True when `text` (e.g. 'huì', 'hui4', 'hui') is a reading of `char`; a written tone must match."""
    toneless, tone = _toneless_and_tone(text)
    return any(t == toneless and (not tone or tone == k) for t, k in readings_of(char))


def remove_ruby(text: str) -> tuple[str, int]:
    """Drop flattened ruby annotations that are readings of the character before them; returns (text, count)."""
    stripped, readings = strip_ruby(text)
    return stripped, len(readings)


def strip_ruby(text: str) -> tuple[str, list[tuple[int, str]]]:
    """`text` without the flattened ruby annotations that are readings of the character before them, and each
    annotated character's offset in the result with its reading (as written, spaces trimmed): what remove_ruby
    drops is what View ▸ Show Readings shows (reader_app.core.documents.readings)."""
    if "(" not in text and "（" not in text:  # no bracket, no ruby: skips the regex scan for most paragraphs
        return text, []
    parts: list[str] = []
    readings: list[tuple[int, str]] = []
    length = end = 0
    for match in RUBY.finditer(text):
        if not is_reading(match.group(1), match.group(2)):
            continue
        kept = text[end:match.start()] + match.group(1)
        parts.append(kept)
        length += len(kept)
        readings.append((length - 1, match.group(2)))
        end = match.end()
    if not readings:
        return text, []
    parts.append(text[end:])
    return "".join(parts), readings


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\ufeff]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060]")
_CJK_EDGE = re.compile(rf"[{HAN}，。、；：！？“”‘’《》（）「」『』]")
# What _SPACES and _ZERO_WIDTH would change: a space-like character other than a lone plain space, or a zero-width
# one. A line without any is returned as it is (stripped), without building the substitutions' copies.
_NEEDS_NORMALISING = re.compile(r"[\t\u00a0\u2000-\u200d\u202f\u2060\u205f\u3000\ufeff]|  ")


def normalise_line(line: str) -> str:
    """One line for display: space-like runs (NBSP, ideographic space, tabs) become one space, ends trimmed."""
    if not _NEEDS_NORMALISING.search(line):
        return line.strip()
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


def join_wrapped(lines: list[str], chinese: bool) -> str:
    """Lines of a hard-wrapped paragraph joined: with a space, but none where a Chinese line break falls
    between two Han characters (or CJK punctuation). Spaces inside a line are the author's and stay."""
    parts = [normalise_line(line) for line in lines if line.strip()]
    if not parts:
        return ""
    text = parts[0]
    for part in parts[1:]:
        # (Slices: a line of only zero-width characters or BOMs normalises to nothing, and indexing it raised.)
        tight = chinese and _CJK_EDGE.match(text[-1:]) and _CJK_EDGE.match(part[:1])
        text += part if tight else " " + part
    return text


def display_text(original: str, chinese: bool, keep_lines: bool = False) -> str:
    """The text the reader shows for a paragraph's original text."""
    text, _ = remove_ruby(original)
    return display_of_lines(display_lines(text), chinese, keep_lines)


def display_lines(text: str) -> list[str]:
    """The non-blank lines of a text with its rubies removed: what display_of_lines joins."""
    return [line for line in text.splitlines() if line.strip()]


def display_of_lines(lines: list[str], chinese: bool, keep_lines: bool = False) -> str:
    """display_text from display_lines (the language matters only when several lines are joined: a loader can
    leave it untold for one line)."""
    if keep_lines:
        return "\n".join(normalise_line(line) for line in lines)
    return join_wrapped(lines, chinese)
