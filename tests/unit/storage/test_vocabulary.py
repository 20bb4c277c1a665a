"""The vocabulary in the notes database: saved, reopened, deleted, exported (CSV, Anki TSV) and in the notes' JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from reader_app.core.documents import load_document
from reader_app.storage.annotations import AnnotationStore
from reader_app.storage.database import Database
from reader_app.storage.notes_session import NotesSession
from reader_app.storage.vocabulary import SavedWord, VocabularyStore, to_anki_tsv, to_csv
from tests.conftest import SAMPLE

SENTENCE = "雙方分享了各自氣候政策和行動的經驗與挑戰,旨在有效應對氣候危機及其影響。"
COUNTERPART = "The two sides shared experiences and challenges with their respective climate policies and actions."


def climate(document_id: str = "doc-1") -> SavedWord:
    word = SavedWord.create(document_id, "氣候", "气候", "氣候", "qi4 hou4",
                            ["(meteorology) climate", "(fig.) climate; prevailing conditions (in human affairs)"],
                            SENTENCE, COUNTERPART, "fp-1")
    return replace(word, id="w1", created="2026-01-02T03:04:05.000+00:00", modified="2026-01-02T03:04:05.000+00:00")


def test_saved_words_survive_a_reopen(tmp_path: Path) -> None:
    with Database(tmp_path / "data") as database:
        VocabularyStore(database).save(climate())
        VocabularyStore(database).save(SavedWord.create("doc-2", "危機", "危机", "危機", "wei1 ji1", ["crisis"], "",
                                                        "", ""))
    with Database(tmp_path / "data") as database:
        store = VocabularyStore(database)
        assert [w.word for w in store.all()] == ["氣候", "危機"]
        assert store.for_documents(["doc-1"]) == [climate()]
        assert store.delete("w1") == climate()
        assert store.delete("w1") is None
    with Database(tmp_path / "data") as database:
        assert [w.word for w in VocabularyStore(database).all()] == ["危機"]


def test_saved_once_from_a_sentence(tmp_path: Path) -> None:
    with Database(tmp_path / "data") as database:
        store = VocabularyStore(database)
        assert store.save_once(climate()) == (climate(), True)
        again = SavedWord.create("doc-1", "氣候", "气候", "氣候", "qi4 hou4", ["climate"], SENTENCE, COUNTERPART)
        assert store.save_once(again) == (climate(), False)
        elsewhere = replace(again, sentence="氣候變化")
        assert store.save_once(elsewhere) == (elsewhere, True)
        assert len(store.all()) == 2


def test_a_damaged_row_is_left_out(tmp_path: Path) -> None:
    with Database(tmp_path / "data") as database:
        VocabularyStore(database).save(climate())
        with database.transaction() as conn:
            conn.execute("UPDATE vocabulary SET senses = '[\"weather\"]'")
        assert VocabularyStore(database).all() == []


def test_csv_rows() -> None:
    assert to_csv([climate()]).splitlines() == [
        "word,simplified,traditional,pinyin,senses,sentence,counterpart,created",
        "氣候,气候,氣候,qì hòu,(meteorology) climate / (fig.) climate; prevailing conditions (in human affairs),"
        f"\"{SENTENCE}\",{COUNTERPART},2026-01-02T03:04:05.000+00:00",  # the comma in it: quoted
    ]


def test_anki_deck() -> None:
    lines = to_anki_tsv([climate()]).splitlines()
    assert lines[:5] == ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags\tGUID", "#tags column:3",
                         "#guid column:4"]
    front, back, tags, guid = lines[5].split("\t")
    assert (front, tags) == ("氣候", "bilingual-reader vocabulary")
    assert back == ("qì hòu<br>(meteorology) climate / (fig.) climate; prevailing conditions (in human affairs)"
                    f"<br><br>{SENTENCE}<hr>{COUNTERPART}")
    assert len(guid) == 16 and len(lines) == 6


def test_merge_is_idempotent_and_newer_wins(tmp_path: Path) -> None:
    with Database(tmp_path / "data") as database:
        store = VocabularyStore(database)
        first = store.merge([climate()])
        again = store.merge([climate()])
        newer = store.merge([climate().edited(senses=("climate",))])
        assert [(r.added, r.updated, r.unchanged) for r in (first, again, newer)] == [(1, 0, 0), (0, 0, 1), (0, 1, 0)]
        assert store.all()[0].senses == ("climate",)


def test_in_the_notes_json_export_and_import(tmp_path: Path) -> None:
    document = load_document(SAMPLE)
    with Database(tmp_path / "a") as database:
        session = NotesSession(database)
        session.open_document(document)
        session.load()
        VocabularyStore(database).save(climate(document.content_id))
        out = tmp_path / "notes.json"
        session.export_file(str(out), "json", None)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [w["word"] for w in data["vocabulary"]] == ["氣候"]
    assert data["vocabulary"][0]["senses"][0] == "(meteorology) climate"
    with Database(tmp_path / "b") as database:
        session = NotesSession(database)
        session.open_document(document)
        session.load()
        session.import_file(str(out))
        session.import_file(str(out))  # twice: nothing more
        assert VocabularyStore(database).all() == [climate(document.content_id)]
        assert AnnotationStore(database).all() == []


def test_words_past_the_last_backup_come_back_from_the_journal_when_the_file_is_lost(tmp_path: Path) -> None:
    from reader_app.storage.database import DB_NAME

    database = Database(tmp_path / "data", backup_interval=3600)
    database.backup()  # before any word: the word is in the journal only
    VocabularyStore(database).save(climate())
    database._changed = False  # as after a kill: no backup at close
    database.close()
    with (tmp_path / "data" / DB_NAME).open("r+b") as f:
        f.write(b"\0" * 100)  # the header gone
    with Database(tmp_path / "data") as again:
        assert again.recovery is not None
        assert VocabularyStore(again).all() == [climate()]
