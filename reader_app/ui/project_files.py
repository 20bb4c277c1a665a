"""File ▸ Save Project… / Open Project…: the window's whole work on a document in one NAME.bireader file.

Saving gathers the texts as loaded (their bytes and encodings), the links shown, the reading position and the
ignored checks on the GUI thread, then writes the notes (with the alignment edits and saved words) and the file on
the notes' storage thread, after any save still queued there, so the project holds every note acknowledged before.
Opening puts the project's per-document choices (unit, ignored checks, position) in place before the document is
read, opens it like any file (the loader unpacks its texts), and merges its notes into the notes database once
the document is shown (merging twice adds nothing)."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from reader_app.core.documents.project import SUFFIX, Project, ProjectError, read_project, sources_of, write_project
from reader_app.storage.errors import StorageError
from reader_app.ui import settings

# The main window, which imports this module: typed loosely rather than importing it back (no import cycle).
ProjectWindow = Any


def _tr(text: str) -> str:
    return QCoreApplication.translate("Project", text)


def gather(window: ProjectWindow) -> Project:
    """What the window shows of its document, as a project without notes yet (OSError: a source is gone)."""
    document, units = window.document, window.units
    window.save_position()
    position = settings.READING_POSITIONS.read(window.settings, document.content_id)
    alignment = window.view.alignment
    return Project(
        title=document.title, content_id=document.content_id, unit=units.unit if units else "paragraph",
        sources=sources_of(document), alignment=alignment, alignment_level=units.level if units else "paragraph",
        notes_json="{}", ignored_checks=tuple(sorted(settings.IGNORED_CHECKS.read(window.settings,
                                                                                 document.content_id))),
        position=position._asdict() if position is not None else None)


def save_project(window: ProjectWindow, path: str) -> bool:
    """Queue saving the open document as a project at `path`; False (and a message) when it cannot start."""
    if window.document is None:
        return False
    if not path.lower().endswith(SUFFIX):
        path += SUFFIX
    try:
        project = gather(window)
    except OSError as exc:
        window.show_error(_tr("Could not save the project: a text file is gone ({0})").format(exc))
        return False
    notes = window.annotations
    session = notes.session

    def write() -> str:
        notes_json = "{}"
        if session.store is not None and session.document is not None:
            with tempfile.TemporaryDirectory(prefix="bireader-") as folder:
                exported = Path(folder) / "notes.json"
                session.write_export(str(exported), "json", session.document, list(session.versions),
                                     list(session.palette), None)
                notes_json = exported.read_text(encoding="utf-8")
        from dataclasses import replace

        write_project(path, replace(project, notes_json=notes_json))
        return path

    notes.storage.submit(write, lambda saved: window.statusBar().showMessage(
                             _tr("Project saved: {0}").format(saved), 8000),
                         lambda exc: window.show_error(_tr("Could not save the project: {0}").format(exc)),
                         (ProjectError, OSError, StorageError))
    return True


def prepare_project(window: ProjectWindow, path: str) -> bool:
    """Before a project opens: check it whole (a damaged or newer one is refused here, with its reason) and put
    its choices for the document in place; its notes are merged once the document is shown."""
    try:
        project = read_project(path)
    except ProjectError as exc:
        message = _tr("Could not open the project: {0}").format(exc)
        window.show_error(message)
        window.loadFailed.emit(message)
        return False
    store, content_id = window.settings, project.content_id
    if content_id:
        settings.ALIGN_UNITS.write(store, content_id, project.unit)
        if project.ignored_checks:
            settings.IGNORED_CHECKS.write(store, content_id, set(project.ignored_checks))
        position = project.position or {}
        with contextlib.suppress(KeyError, TypeError, ValueError):  # none saved: the document opens at its start
            settings.READING_POSITIONS.write(store, content_id, settings.ReadingPosition(
                str(position["language"]), int(position["paragraph"]), float(position["fraction"])))
    if project.notes_json.strip() not in ("", "{}"):
        def merge(document) -> None:
            window.documentOpened.disconnect(merge)
            if document.content_id == project.content_id:  # not another document opened meanwhile
                merge_project_notes(window, project.notes_json)

        window.documentOpened.connect(merge)
    return True


def merge_project_notes(window: ProjectWindow, text: str) -> None:
    """The notes of the project just shown, merged into the notes database (then placed as any import; merging
    them again, at the next opening, adds nothing)."""
    from reader_app.paths import cache_dir

    folder = cache_dir() / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    # One file per document, replaced at each opening: merging reads it on the storage thread, later.
    path = folder / f"{window.document.content_id}-notes.json"
    path.write_text(text, encoding="utf-8")
    window.annotations.files.import_notes(str(path), any_document=True)


def ask_and_save(window: ProjectWindow) -> None:
    if window.document is None:
        return
    start = str(Path(window.paths[0]).with_suffix(SUFFIX)) if window.paths else ""
    path, _filter = QFileDialog.getSaveFileName(window, _tr("Save Project"), start,
                                                _tr("Bilingual Reader projects (*{0})").format(SUFFIX))
    if path:
        save_project(window, path)


def ask_and_open(window: ProjectWindow, folder: str) -> None:
    path, _filter = QFileDialog.getOpenFileName(window, _tr("Open Project"), folder,
                                                _tr("Bilingual Reader projects (*{0})").format(SUFFIX))
    if path:
        window.open_paths([path])


def install_project_menu(window: ProjectWindow) -> None:
    """File ▸ Open Project… and Save Project… (Ctrl+Shift+P), after Open Two Files (again after the window
    rebuilt its menus)."""
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMenu

    bar = window.menuBar()
    menu = next((m for a in bar.actions() if isinstance(m := a.menu(), QMenu) and m.objectName() == "fileMenu"),
                None)
    if menu is None:
        return
    actions = menu.actions()
    before = actions[2] if len(actions) > 2 else None  # Open Recent
    open_action = QAction(_tr("Open &Project…"), menu)
    open_action.triggered.connect(lambda: ask_and_open(window, window.last_dir()))
    save_action = QAction(_tr("Save Pro&ject…"), menu)
    save_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    save_action.triggered.connect(lambda: ask_and_save(window))
    # Checked as the menu opens (a connection of the menu's own: it goes with the menu when menus are rebuilt).
    menu.aboutToShow.connect(lambda: save_action.setEnabled(window.document is not None))
    menu.insertActions(before, [open_action, save_action])
