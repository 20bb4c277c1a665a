"""The reader's vocabulary: words saved from the dictionary popup with the sentence they came from and its
counterpart, in the notes database (same transactions, checksums and backups), out as CSV, an Anki deck and JSON."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from reader_app.core.dictionary.readings import marked
from reader_app.core.exports.anki import Card, write_deck
from reader_app.storage.database import Database
from reader_app.storage.model import MergeResult, now_iso
from reader_app.storage.schema import VOCABULARY_COLUMNS, row_checksum

COLUMNS = VOCABULARY_COLUMNS
_COLUMN_LIST = ", ".join(COLUMNS)
_REPLACE = f"INSERT OR REPLACE INTO vocabulary ({_COLUMN_LIST}) VALUES ({', '.join('?' * len(COLUMNS))})"
CSV_COLUMNS = ("word", "simplified", "traditional", "pinyin", "senses", "sentence", "counterpart", "created")
ANKI_TAG = "bilingual-reader"


class VocabularyFormatError(ValueError):
    """Vocabulary in a notes file that cannot be imported; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class SavedWord:
    """A word the reader saved: its forms, numbered pinyin and senses as CC-CEDICT gives them, the sentence it was
    read in, that sentence's counterpart in the translation, and the fingerprint of the paragraph it came from."""

    id: str
    document_id: str
    word: str
    simplified: str
    traditional: str
    pinyin: str
    senses: tuple[str, ...]
    sentence: str
    counterpart: str
    fingerprint: str
    created: str
    modified: str

    @classmethod
    def create(cls, document_id: str, word: str, simplified: str, traditional: str, pinyin: str,
               senses: Sequence[str], sentence: str, counterpart: str, fingerprint: str = "") -> SavedWord:
        now = now_iso()
        return cls(uuid.uuid4().hex, document_id, word, simplified, traditional, pinyin, tuple(senses), sentence,
                   counterpart, fingerprint, now, now)

    def to_json(self) -> dict:
        return {name: (list(self.senses) if name == "senses" else getattr(self, name)) for name in COLUMNS[:-1]}

    @classmethod
    def from_json(cls, data: dict) -> SavedWord:
        values = {name: data[name] for name in COLUMNS[:-1]}
        if not all(isinstance(v, str) for k, v in values.items() if k != "senses"):
            raise TypeError("a field that should be text is not")
        values["senses"] = tuple(str(s) for s in data["senses"])
        return cls(**values)

    def edited(self, **changes: object) -> SavedWord:
        return replace(self, **changes, modified=now_iso())  # type: ignore[arg-type]


def _row(word: SavedWord) -> tuple:
    values = (word.id, word.document_id, word.word, word.simplified, word.traditional, word.pinyin,
              json.dumps(list(word.senses), ensure_ascii=False), word.sentence, word.counterpart, word.fingerprint,
              word.created, word.modified)
    return (*values, row_checksum(values))


def _from_row(row: Sequence) -> tuple[SavedWord, bool]:
    """(word, checksum ok) from a row in COLUMNS order."""
    values = list(row[:-1])
    values[6] = tuple(json.loads(values[6]))
    return SavedWord(*values), row_checksum(row[:-1]) == row[-1]


class VocabularyStore:
    """The saved words of every document. Each method that changes something commits before it returns; a
    StorageError says why it could not."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def save(self, word: SavedWord) -> SavedWord:
        with self.database.transaction("save the word") as conn:
            conn.execute(_REPLACE, _row(word))
        return word

    def delete(self, word_id: str) -> SavedWord | None:
        """Delete one saved word; returns it, or None if there was none."""
        existing = self.get(word_id)
        if existing is not None:
            with self.database.transaction("delete the word") as conn:
                conn.execute("DELETE FROM vocabulary WHERE id = ?", (word_id,))
        return existing

    def get(self, word_id: str) -> SavedWord | None:
        rows = self.database.query(f"SELECT {_COLUMN_LIST} FROM vocabulary WHERE id = ?", (word_id,))
        return _from_row(tuple(rows[0]))[0] if rows else None

    def find(self, document_id: str, word: str, sentence: str) -> SavedWord | None:
        """The word saved from that sentence of that document, if it was (saving it again adds no copy)."""
        rows = self.database.query(f"SELECT {_COLUMN_LIST} FROM vocabulary WHERE document_id = ? AND word = ? AND "
                                   "sentence = ? ORDER BY created LIMIT 1", (document_id, word, sentence))
        return _from_row(tuple(rows[0]))[0] if rows else None

    def save_once(self, word: SavedWord) -> tuple[SavedWord, bool]:
        """Save a word unless it was saved from the same sentence of the same document: (the word stored, whether
        it is new)."""
        existing = self.find(word.document_id, word.word, word.sentence)
        return (existing, False) if existing is not None else (self.save(word), True)

    def all(self) -> list[SavedWord]:
        """Every saved word, oldest first; a row whose checksum does not match is left out (it was damaged)."""
        rows = self.database.query(f"SELECT {_COLUMN_LIST} FROM vocabulary ORDER BY created, rowid")
        return [word for word, ok in map(_from_row, map(tuple, rows)) if ok]

    def for_documents(self, document_ids: Iterable[str]) -> list[SavedWord]:
        ids = set(document_ids)
        return [word for word in self.all() if word.document_id in ids]

    def merge(self, words: Iterable[SavedWord]) -> MergeResult:
        """Import: add unknown ids, replace known ones by a copy modified later, leave the rest (importing twice
        adds nothing); one transaction."""
        added = updated = unchanged = 0
        with self.database.transaction("import the vocabulary") as conn:
            for word in words:
                row = conn.execute("SELECT modified FROM vocabulary WHERE id = ?", (word.id,)).fetchone()
                if row is None:
                    added += 1
                elif row[0] < word.modified:
                    updated += 1
                else:
                    unchanged += 1
                    continue
                conn.execute(_REPLACE, _row(word))
        return MergeResult(added, updated, unchanged)


def senses_text(word: SavedWord) -> str:
    return " / ".join(word.senses)


def to_csv(words: Sequence[SavedWord]) -> str:
    """One row a word: CSV_COLUMNS, the pinyin tone-marked."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for w in words:
        writer.writerow([w.word, w.simplified, w.traditional, marked(w.pinyin), senses_text(w), w.sentence,
                         w.counterpart, w.created])
    return out.getvalue()


def to_anki_tsv(words: Sequence[SavedWord]) -> str:
    """The exports' Anki deck (core/exports/anki.py: Anki imports it as it is, and importing again updates the
    cards): the word on the front; its reading, senses and sentence on the back, the counterpart under them."""
    cards = (Card(w.word, f"{marked(w.pinyin)}\n{senses_text(w)}" + (f"\n\n{w.sentence}" if w.sentence else ""),
                  w.counterpart, (ANKI_TAG, "vocabulary"), "vocabulary:" + w.id) for w in words)
    out = io.StringIO()
    write_deck(cards, out)
    return out.getvalue()


def words_from_json(entries: object) -> list[SavedWord]:
    """The saved words of a notes file's "vocabulary" list; VocabularyFormatError when one is malformed."""
    if not isinstance(entries, list):
        raise VocabularyFormatError("the vocabulary is not a list")
    words = []
    for n, entry in enumerate(entries, start=1):
        try:
            words.append(SavedWord.from_json(entry))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise VocabularyFormatError(f"saved word {n} is malformed ({type(exc).__name__}: {exc})") from exc
    return words
