"""The notes panel's list model and its filter proxy: Qt's model tester on real notes (placed, a pair, a
selection, orphans), the exact rows each lists, and the list view showing the filtered rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from reader_app.core.documents import load_document
from reader_app.ui.notes.model import ANNOTATION_ROLE, ID_ROLE, NotesFilter, NotesModel
from tests.conftest import SAMPLE
from tests.gui.notes.conftest import settle
from tests.gui.sample_panes import SAMPLE_ALIGNMENT

HEADING = "Not found in this version of the text ({0})"


def listed(model) -> list[tuple[str, str | None]]:
    """(display text, id) of every row."""
    return [(model.index(row, 0).data(), model.index(row, 0).data(ID_ROLE)) for row in range(model.rowCount())]


@pytest.fixture
def noted(notes, main_window, tmp_path: Path, qtbot):
    """Four placed notes and two orphans (their English paragraph 4 rewritten)."""
    made = {
        "pair": notes.add_note("zh", 4, "link", note="pair note\nsecond line"),
        "empty": notes.add_note("zh", 1),
        "words": notes.add_note("en", 3, start=4, end=20, note="words"),
        "methane": notes.add_note("en", 5, note="methane summit"),
        "gone": notes.add_note("en", 4, note="will go"),
        "gone too": notes.add_note("en", 4, note="will go too"),
    }
    notes.update_note(made["methane"].id, tags="methane, COP", colour="red")
    notes.update_note(made["gone too"].id, colour="blue")
    removed = main_window.view.en_pane.paragraphs[4].text
    edited = tmp_path / "edited.txt"
    edited.write_text(SAMPLE.read_text(encoding="utf-8").replace(removed, "Entirely new words. " * 4),
                      encoding="utf-8")
    main_window.show_document(load_document(edited), SAMPLE_ALIGNMENT)
    settle(qtbot, notes)
    assert {a.id for a in notes.placed.orphans} == {made["gone"].id, made["gone too"].id}
    return {key: annotation.id for key, annotation in made.items()}


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "python-tester"])
def test_notes_model_passes_the_model_tester(noted, notes, qtmodeltester, qtbot, force_py: bool) -> None:
    model = notes.panel.model
    assert isinstance(model, NotesModel) and model.rowCount() == 7
    qtmodeltester.check(model, force_py=force_py)
    # The testers look closely at the first row only: the orphans' heading gets its turn as row 0.
    model.set_notes([], notes.placed, notes.session.palette)
    assert model.rowCount() == 3 and model.is_heading(0)
    # Changes are checked too while the tester watches: a reset with a new note, one without orphans.
    notes.add_note("zh", 2, note="under the tester")
    notes.delete_note(noted["gone"])
    notes.delete_note(noted["gone too"])
    settle(qtbot, notes)
    assert model.rowCount() == 5 and not any(model.is_heading(row) for row in range(5))


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "python-tester"])
def test_notes_filter_passes_the_model_tester(noted, notes, qtmodeltester, qtbot, force_py: bool) -> None:
    proxy = notes.panel.filter
    assert isinstance(proxy, NotesFilter) and proxy.sourceModel() is notes.panel.model
    qtmodeltester.check(proxy, force_py=force_py)
    panel = notes.panel
    panel.text_filter.setText("will go")
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("methane"))
    panel.tag_filter.setCurrentIndex(0)
    panel.colour_filter.setCurrentIndex(panel.colour_filter.findData("blue"))
    panel.text_filter.clear()
    panel.colour_filter.setCurrentIndex(0)
    notes.add_note("zh", 2, note="under the tester")
    settle(qtbot, notes)
    assert proxy.rowCount() == notes.panel.model.rowCount() == 8


def test_rows_in_reading_order_then_the_orphans(noted, notes) -> None:
    model = notes.panel.model
    quote = notes.placed.annotations[noted["gone"]].anchor.quote[:60]
    assert listed(model) == [
        ("中 2 · (empty)", noted["empty"]),
        ("中 5 ↔ EN 4 · pair note", noted["pair"]),  # link 4: its Chinese side first, then
        ("EN 4 · words", noted["words"]),  # the selection on its English side
        ("EN 6 · methane summit", noted["methane"]),
        (HEADING.format(2), None),
        (f"«{quote}» · will go", noted["gone"]),
        (f"«{quote}» · will go too", noted["gone too"]),
    ]
    heading, orphan, placed = model.index(4, 0), model.index(6, 0), model.index(1, 0)
    assert model.flags(heading) == Qt.ItemFlag.NoItemFlags
    assert model.flags(placed) & Qt.ItemFlag.ItemIsSelectable
    assert heading.data(ANNOTATION_ROLE) is None and placed.data(ANNOTATION_ROLE).note.startswith("pair note")
    # Placed notes: the note (else the quote) as tool tip; orphans in italics, without one.
    assert placed.data(Qt.ItemDataRole.ToolTipRole) == "pair note\nsecond line"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == notes.placed.annotations[
        noted["empty"]].anchor.quote[:200]
    assert orphan.data(Qt.ItemDataRole.FontRole).italic() and orphan.data(Qt.ItemDataRole.ToolTipRole) is None
    assert placed.data(Qt.ItemDataRole.FontRole) is None
    # The swatch is the note's palette colour.
    colours = [model.index(r, 0).data(Qt.ItemDataRole.DecorationRole) for r in (1, 3, 6)]
    assert [icon.pixmap(12, 12).toImage().pixelColor(6, 6).name() for icon in colours] == [
        "#f6d55c", "#f08080", "#7fb8f0"]
    assert model.data(QModelIndex()) is None and model.rowCount(model.index(0, 0)) == 0


def test_filters_and_the_orphans_heading_count(noted, notes, qtbot) -> None:
    panel, proxy = notes.panel, notes.panel.filter
    panel.text_filter.setText("WILL GO TOO")
    assert listed(proxy)[0] == (HEADING.format(1), None)
    assert proxy.ids() == [noted["gone too"]]
    with qtbot.waitSignal(proxy.dataChanged, timeout=1000):
        panel.text_filter.setText("will go")
    assert listed(proxy)[0] == (HEADING.format(2), None)
    panel.text_filter.setText("summit")
    assert proxy.ids() == [noted["methane"]] and proxy.rowCount() == 1  # no orphan listed: no heading
    panel.text_filter.clear()
    panel.colour_filter.setCurrentIndex(panel.colour_filter.findData("red"))
    assert proxy.ids() == [noted["methane"]]
    panel.colour_filter.setCurrentIndex(0)
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("COP"))
    assert proxy.ids() == [noted["methane"]]
    assert notes.visible_ids() == proxy.ids()


def test_the_list_view_shows_the_filter_and_keeps_the_current_note(noted, notes, main_window, qtbot) -> None:
    panel = notes.panel
    view = panel.list_view
    assert view.objectName() == "notesList" and view.model().sourceModel() is panel.filter
    notes.select_note(noted["words"])
    assert view.currentIndex().data(ID_ROLE) == noted["words"] == notes.current_id
    assert panel.editor.toPlainText() == "words"
    # Filtered out, the note stays the one in the editor; no other row becomes current.
    panel.text_filter.setText("summit")
    assert not view.currentIndex().isValid() and notes.current_id == noted["words"]
    panel.text_filter.clear()
    assert view.currentIndex().data(ID_ROLE) == noted["words"]
    # The reader choosing a row loads its note in the editor.
    view.setCurrentIndex(panel.listed.mapFromSource(panel.filter.row_of(noted["methane"])))
    assert notes.current_id == noted["methane"] and panel.editor.toPlainText() == "methane summit"
    assert panel.tags.text() == "methane, COP"
    # The heading is not a note: it cannot be made current.
    heading = next(panel.listed.index(r, 0) for r in range(panel.listed.rowCount())
                   if panel.listed.index(r, 0).data(ID_ROLE) is None)
    view.setCurrentIndex(heading)
    assert view.currentIndex().data(ID_ROLE) == noted["methane"] == notes.current_id


def test_a_long_list_is_listed_a_chunk_at_a_time(noted, notes, qtmodeltester, qtbot, monkeypatch) -> None:
    model, panel = notes.panel.model, notes.panel
    monkeypatch.setattr(NotesModel, "CHUNK", 2)
    monkeypatch.setattr(NotesModel, "RESET_ABOVE", 1)  # a change of more than one row resets
    qtmodeltester.check(panel.filter, force_py=True)
    notes.select_note(noted["gone too"])  # the last row: listed with the last chunk
    ordered = notes.session.in_reading_order(notes.view.alignment)
    model.set_notes([], notes.placed, notes.session.palette)  # short of the placed notes: a reset
    with qtbot.waitSignal(model.filled, timeout=5000):
        model.set_notes(ordered, notes.placed, notes.session.palette)
        assert model.rowCount() == 2 and model.filling()
    assert model.rowCount() == 7 and not model.filling()
    assert [i for _text, i in listed(model)] == [
        noted["empty"], noted["pair"], noted["words"], noted["methane"], None, noted["gone"], noted["gone too"]]
    assert panel.list_view.currentIndex().data(ID_ROLE) == noted["gone too"]
    # A note added while the rest is still to be listed goes to its place among them.
    model.set_notes([], notes.placed, notes.session.palette)
    model.set_notes(ordered, notes.placed, notes.session.palette)
    added = notes.add_note("zh", 5, note="while filling")
    settle(qtbot, notes)
    qtbot.waitUntil(lambda: not model.filling(), timeout=5000)
    assert panel.visible_ids() == [a.id for a in notes.session.in_reading_order(notes.view.alignment)] + [
        noted["gone"], noted["gone too"]]
    assert added.id in panel.visible_ids()
