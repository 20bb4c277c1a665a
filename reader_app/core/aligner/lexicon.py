"""CC-CEDICT as a compact cached lexicon: Chinese word -> English stems, Han character -> toneless pinyin."""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from reader_app.core.dictionary.user import read_user_entries
from reader_app.core.text import cedict

# Bump when the cache layout or the gloss processing changes: an old cache is then rebuilt.
CACHE_VERSION = 5
MAX_TERMS_PER_WORD = 10
MAX_WORD_LENGTH = 4

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "sb",
        "sth",
        "sb's",
        "sth's",
        "one's",
        "oneself",
        "someone",
        "something",
        "etc",
        "also",
        "used",
        "see",
        "variant",
        "old",
        "same",
        "abbr",
        "cl",
        "kind",
        "type",
        "form",
        "sort",
        "very",
        "not",
        "no",
        "up",
        "out",
        "into",
        "over",
        "so",
        "such",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "him",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "why",
        "all",
        "any",
        "some",
        "each",
        "every",
        "other",
        "another",
        "more",
        "most",
        "much",
        "many",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "get",
        "got",
        "make",
        "made",
        "lit",
        "fig",
        "esp",
        "usu",
        "person",
        "thing",
        "things",
        "place",
        "time",
        "way",
        "pr",
    ]
)

_WORD_RE = re.compile(r"[a-z]+")
_GLOSS_NOISE_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]|CL:.*|[^\x00-\x7f]+")
_SUFFIXES = (
    "ations",
    "ation",
    "itions",
    "ition",
    "ments",
    "ment",
    "ings",
    "ing",
    "ions",
    "ion",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
    "e",
)


_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """Crude, consistent English stem: lowercase, one common suffix off, at most 7 letters kept."""
    cached = _stems.get(word)
    if cached is None:
        cached = _stem(word)
        if len(_stems) < 500_000:  # bounded: a huge vocabulary must not grow memory without end
            _stems[word] = cached
    return cached


def _stem(word: str) -> str:
    w = word.lower()
    # Two rounds, so that "climates" -> "climate" -> "climat" meets "climate" -> "climat".
    for _round in range(2):
        if len(w) <= 4:
            break
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
    return w[:7]


def english_terms(text: str) -> list[str]:
    """Stems of the content words of an English text (stopwords dropped), in order, repeats kept."""
    stems = _stems
    return [stems.get(w) or stem(w) for w in _WORD_RE.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


def stop_words() -> frozenset[str]:
    """The words english_terms leaves out."""
    return _STOPWORDS


def english_term_set(text: str) -> set[str]:
    """set(english_terms(text)), each distinct word stemmed once."""
    stems = _stems
    return {stems.get(w) or stem(w) for w in set(_WORD_RE.findall(text.lower())) - _STOPWORDS if len(w) > 1}


def _pinyin_toneless(reading: str) -> str:
    return "".join(ch for ch in reading.lower() if "a" <= ch <= "z" or ch == ":")


def lexicon_cache_path() -> Path:
    """Where the compact lexicon lives: bundled beside the app's resources when present, else the user cache; with
    the user's dictionary entries (core/dictionary/user.py), a cache of its own named by their digest."""
    from reader_app import paths

    user = read_user_entries()
    if user.entries:
        return paths.cache_dir() / f"cedict-v{CACHE_VERSION}-user-{user.digest}.npz"
    bundled = paths.resources_dir() / "lexicon" / f"cedict-v{CACHE_VERSION}.npz"
    if bundled.exists():
        return bundled
    return paths.cache_dir() / f"cedict-v{CACHE_VERSION}.npz"


def build_lexicon_cache(target: Path | None = None, source: Path | None = None,
                        user: Iterable[cedict.Entry] = ()) -> Path:
    """Parse CC-CEDICT once and write the compact form (words, term ids, term strings, char readings); the `user`
    entries first, so that their senses and readings come before CC-CEDICT's (and within MAX_TERMS_PER_WORD)."""
    target = target or lexicon_cache_path()
    word_terms: dict[str, list[str]] = {}
    readings: dict[str, str] = {}
    for entry in itertools.chain(user, cedict.entries(source)):
        trad, simp, reading = entry.traditional, entry.simplified, entry.pinyin
        terms: list[str] = []
        for gloss in entry.senses:
            if gloss.startswith(("variant of", "old variant", "see ", "CL:", "used in", "surname ")):
                if gloss.startswith("surname "):
                    terms.append("@" + gloss[8:].strip().lower())
                continue
            for word in _WORD_RE.findall(_GLOSS_NOISE_RE.sub(" ", gloss).lower()):
                if word not in _STOPWORDS and len(word) > 1:
                    terms.append(stem(word))
        if len(trad) == 1 and trad not in readings:
            readings[trad] = _pinyin_toneless(reading)
        if len(simp) == 1 and simp not in readings:
            readings[simp] = _pinyin_toneless(reading)
        if not terms or len(simp) > 8:
            continue
        for word in {trad, simp}:
            bucket = word_terms.setdefault(word, [])
            for t in terms:
                if t not in bucket and len(bucket) < MAX_TERMS_PER_WORD * 2:
                    bucket.append(t)
    vocab: dict[str, int] = {}
    words = sorted(word_terms)
    offsets = [0]
    flat: list[int] = []
    for word in words:
        # A single character is ambiguous: only its first senses count.
        for t in word_terms[word][: MAX_TERMS_PER_WORD if len(word) > 1 else 3]:
            flat.append(vocab.setdefault(t, len(vocab)))
        offsets.append(len(flat))
    chars = sorted(readings)
    # Compressed: 2 MB instead of 7 in the bundle, and no slower to load.
    cedict.write_cache(
        target,
        words=np.array("\n".join(words)),
        offsets=np.array(offsets, dtype=np.int32),
        terms=np.array(flat, dtype=np.int32),
        vocab=np.array("\n".join(sorted(vocab, key=vocab.__getitem__))),
        chars=np.array("".join(chars)),
        readings=np.array("\n".join(readings[c] for c in chars)),
    )
    return target


@dataclass(frozen=True)
class Lexicon:
    """Chinese word -> slice of `terms` (ids into `vocab`, English stems); Han character -> toneless pinyin."""

    words_text: str  # the words in index order, one a line
    offsets: np.ndarray
    terms: np.ndarray
    vocab: list[str]
    vocab_index: dict[str, int]
    readings: dict[str, str]
    word_lengths: np.ndarray
    syllables: frozenset[str]
    # The cache file it was read from, as (path, size, modification time in ns): names the caches derived from it.
    source: tuple[str, int, int] | None = None

    @cached_property
    def words(self) -> list[str]:
        """The words in index order."""
        return self.words_text.split("\n")

    # Built when first asked: tier 1 reads the words as arrays (tier1/terms.py), and 190k dictionary entries cost a
    # CLI run 0.06 s it does not need.
    @cached_property
    def word_index(self) -> dict[str, int]:
        return {w: k for k, w in enumerate(self.words)}

    @cached_property
    def long_prefixes(self) -> frozenset[str]:
        """First two characters of the words of 3+ characters."""
        return frozenset(w[:2] for w in self.words if len(w) > 2)

    def translations(self, word: str) -> list[str]:
        k = self.word_index.get(word)
        return [] if k is None else self.translations_of(k)

    def translations_of(self, k: int) -> list[str]:
        return [self.vocab[t] for t in self.terms[self.offsets[k] : self.offsets[k + 1]].tolist()]


def _line_lengths(text: str) -> np.ndarray:
    """Characters of each line of `text` (lines split at "\n" only), by array arithmetic: no string per line."""
    code = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    breaks = np.concatenate([[-1], np.flatnonzero(code == 10), [len(code)]])
    return (np.diff(breaks) - 1).astype(np.int64)


_lock = threading.Lock()
_loaded: Lexicon | None = None


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon, loaded once per process (built into the cache at first use)."""
    global _loaded
    with _lock:
        if _loaded is not None and path is None:
            return _loaded
        user = read_user_entries().entries if path is None else ()
        path = path or lexicon_cache_path()
        if not path.exists():
            build_lexicon_cache(path, user=user)
        lexicon = _read_lexicon(path)
        _loaded = lexicon
        return lexicon


def _read_lexicon(path: Path) -> Lexicon:
    """The lexicon of the .npz at `path`, read through a copy ready to use in the user cache (a marshal file: no
    decompressing and no building of its dictionaries, 0.1 s of every CLI run), made at its first read and made
    again when the .npz changes."""
    import marshal

    from reader_app import paths

    stamp = _stamp(path)
    try:
        ready: Path | None = paths.cache_dir() / f"{path.stem}-ready{_READY_VERSION}.marshal"
    except OSError:
        ready = None
    if ready is not None:
        try:
            kept, fields = marshal.loads(ready.read_bytes())
            if tuple(kept) == stamp:
                return _lexicon_of(fields, (str(path), *stamp))
        except (OSError, ValueError, EOFError, TypeError):
            pass  # absent or unreadable: read from the .npz below
    with np.load(path) as data:
        words = str(data["words"])
        chars = str(data["chars"])
        readings = str(data["readings"]).split("\n")
        vocab = str(data["vocab"]).split("\n")
        fields = (
            words,
            data["offsets"].astype(np.int64).tobytes(),
            data["terms"].astype(np.int64).tobytes(),
            vocab,
            {term: k for k, term in enumerate(vocab)},
            dict(zip(chars, readings, strict=True)),
            _line_lengths(words).tobytes(),
            # Real syllables only (CC-CEDICT also "reads" Latin letters such as T in T恤).
            frozenset(r for r in readings if len(r) > 1 or r in ("a", "e", "o")),
        )
    if ready is not None:
        temporary = ready.with_name(f"{ready.stem}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:  # atomically (the window and its aligner process may read a new lexicon at once)
            temporary.write_bytes(marshal.dumps((stamp, fields)))
            os.replace(temporary, ready)
        except OSError:
            pass  # a read-only cache: the .npz is read at every run, as before
        finally:
            if temporary.exists():
                temporary.unlink()
    return _lexicon_of(fields, (str(path), *stamp))


_READY_VERSION = 1  # bump when _read_lexicon's fields change


def _lexicon_of(fields: tuple, source: tuple[str, int, int]) -> Lexicon:
    words, offsets, terms, vocab, vocab_index, readings, word_lengths, syllables = fields
    return Lexicon(
        words_text=words,
        offsets=np.frombuffer(offsets, dtype=np.int64).copy(),
        terms=np.frombuffer(terms, dtype=np.int64).copy(),
        vocab=vocab,
        vocab_index=vocab_index,
        readings=readings,
        word_lengths=np.frombuffer(word_lengths, dtype=np.int64).copy(),
        syllables=syllables,
        source=source,
    )


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def derived_arrays(lexicon: Lexicon, name: str, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Arrays computed from the lexicon alone (`build()`), kept in the user cache beside it (NAME-of-lexicon-NAME.npz,
    uncompressed: read in milliseconds) and rebuilt when the lexicon file changes. A lexicon read from no file, or a
    cache that cannot be read or written, is simply built."""
    if lexicon.source is None:
        return build()
    import zipfile  # (np.load imports it too: never for a run that reads no cache)

    from reader_app import paths

    source, size, mtime = lexicon.source
    stamp = np.array([size, mtime], dtype=np.int64)
    try:
        target = paths.cache_dir() / f"{Path(source).stem}-{name}.npz"
    except OSError:
        return build()
    try:
        with np.load(target) as data:
            if np.array_equal(data["stamp"], stamp):
                return {key: data[key] for key in data.files if key != "stamp"}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # absent, or unreadable: built again below
    arrays = build()
    temporary = target.with_name(f"{target.stem}.{os.getpid()}-{threading.get_ident()}.tmp.npz")
    try:  # atomically, as cedict.write_cache: the window and its aligner process may build it at once
        contents: dict[str, Any] = {"stamp": stamp, **arrays}  # (Any: savez's own keywords are no arrays)
        np.savez(temporary, **contents)
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only cache: built at every run, as before
    finally:
        if temporary.exists():
            temporary.unlink()
    return arrays


if __name__ == "__main__":  # packaging: python -m reader_app.core.aligner.lexicon resources/lexicon
    import sys

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(build_lexicon_cache(folder / f"cedict-v{CACHE_VERSION}.npz" if folder else None))
