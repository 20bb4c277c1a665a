"""AnnotationStore: saving, reading back and deleting notes, versions of a document sharing notes, the palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.core.anchoring import Anchor, anchor_paragraph
from reader_app.core.documents import load_document
from reader_app.storage.annotations import Annotation, AnnotationStore
from reader_app.storage.database import Database
from reader_app.storage.schema import SCHEMA_VERSION
from tests.conftest import SAMPLE


def test_save_get_update_delete_round_trip(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        link = Annotation.create("doc", "link", Anchor("zh", "1" * 16, "中文", position=2),
                                 Anchor("en", "2" * 16, "English", position=3), note="both", tags=" x , y,x,")
        store.save(link)
        assert store.get(link.id) == link
        assert link.tags == ("x", "y")
        changed = store.save(link.edited(note="changed", colour="red"))
        assert store.get(link.id).note == "changed" and changed.modified >= link.modified
        assert store.get(link.id).created == link.created
        assert store.delete(link.id) == changed
        assert store.get(link.id) is None and store.delete(link.id) is None
    # Durable across reopening, with the pragmas the issue asks for.
    with Database(tmp_path) as db:
        conn = db.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert AnnotationStore(db).all() == []


def test_new_version_of_a_document_shares_its_notes(tmp_path: Path) -> None:
    document = load_document(SAMPLE)
    edited_text = SAMPLE.read_text(encoding="utf-8").replace("May 8-9", "May 8 and 9")
    edited_path = tmp_path / "elsewhere" / "renamed.txt"
    edited_path.parent.mkdir()
    edited_path.write_text(edited_text, encoding="utf-8")
    edited = load_document(edited_path)
    unrelated_path = tmp_path / "unrelated.txt"
    unrelated_path.write_text("一个完全不同的文件。\n\nA completely different file.\n", encoding="utf-8")
    with Database(tmp_path / "data") as db:
        store = AnnotationStore(db)
        assert store.register_document(document) == [document.content_id]
        store.save(Annotation.create(document.content_id, "paragraph", anchor_paragraph(document.en.paragraphs, 1)))
        versions = store.register_document(edited)
        assert versions == [edited.content_id, document.content_id]
        assert len(store.for_documents(versions)) == 1
        assert store.register_document(load_document(unrelated_path))[1:] == []


def test_palette_meanings_are_the_users(tmp_path: Path) -> None:
    with Database(tmp_path) as db:
        store = AnnotationStore(db)
        assert [c.key for c in store.palette()] == ["yellow", "green", "blue", "red", "purple"]
        store.name_colour("blue", "  Ask   the teacher ")
    with Database(tmp_path) as db:
        palette = AnnotationStore(db).palette()
        assert [c.key for c in palette] == ["yellow", "green", "blue", "red", "purple"]
        assert palette[2].meaning == "Ask the teacher"
        with pytest.raises(KeyError):
            AnnotationStore(db).name_colour("mauve", "x")
