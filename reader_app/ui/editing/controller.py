"""AlignmentEditor: the reader's corrections of the alignment in the window, re-aligned around in the background."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from reader_app.core.editing import (
    Confirm,
    Edit,
    EditResult,
    LinkThese,
    Merge,
    NoCounterpart,
    NotAnOmission,
    Pin,
    Pinned,
    Release,
    Split,
    Unlink,
    next_uncertain,
)
from reader_app.storage.database import StorageError
from reader_app.ui.editing import dialogs
from reader_app.ui.editing.actions import EditActions, other_language, units_text
from reader_app.ui.editing.context_menu import EditContextMenu
from reader_app.ui.editing.history import NoteDeletions, Step, WindowHistory
from reader_app.ui.editing.worker import RealignJob, ShownRealigner

if TYPE_CHECKING:
    from reader_app.core.alignment import Alignment
    from reader_app.core.model import Document
    from reader_app.core.units import UnitView
    from reader_app.storage.alignment_edits import ResolvedEdits, StoredEdit
    from reader_app.ui.editing.host import EditingHost
    from reader_app.ui.pane import ParagraphPane

STATUS_MS = 5000  # how long an edit's acknowledgement stays in the status bar


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlignmentEditor", text)


class AlignmentEditor(QObject):
    """The window's alignment edits: Link These, No Counterpart, Not an Omission, Merge, Split, Unlink, Confirm,
    Release, the next uncertain link, and one undo history with the notes' deletions (WindowHistory). Each edit
    is made by the core's Realigner on a thread (RealignJob), shown with the reading place kept, given to the
    notes and checks as a tier-2 alignment is (the window's alignmentRefined), and saved with the notes.

    `base` is the aligner's alignment (tier 1, then tier 2), `pinned` what is shown: the reader's pins applied
    to it. Signals: alignmentEdited(object) (the Pinned shown) after an edit, its undo or redo, or stored edits
    applied; editRefused(str) with the reason shown; editSaved(bool) after the pins were written (True: on
    disk); editsLoaded(object) (ResolvedEdits) once the stored edits of the document shown are read."""

    alignmentEdited = Signal(object)
    editRefused = Signal(str)
    editSaved = Signal(bool)
    editsLoaded = Signal(object)

    def __init__(self, window: EditingHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.view = view = window.view
        # The notes first: their storage thread keeps the edits, their context menu gets the edits' entries.
        self.notes = window.annotations
        self.history = WindowHistory(view, self)
        self.history.allowed = lambda step: step.kind == "note" or self.ready()
        self.note_deletions = NoteDeletions(self.notes, self.history)
        self.actions = EditActions(view, self.history)
        self.base: Alignment | None = None
        self.pinned: Pinned | None = None
        self.orphans: tuple[StoredEdit, ...] = ()
        self._units: UnitView | None = None  # what the pins count
        self._realigner: ShownRealigner | None = None
        self._job: RealignJob | None = None
        self._job_done: Callable[[Any], None] | None = None
        self._load_wanted = False  # the stored edits of the units shown are still to be read
        self._loading = False
        self._pending: tuple[str, tuple[int, ...]] | None = None  # Link These' first side, waiting for a click
        self._orphans_dialog: dialogs.OrphansDialog | None = None
        self._refusal = ""  # the last refused edit's message, taken down by the next edit made

        for name, slot in (
                ("link_these", self._on_link_these_triggered), ("no_counterpart", self._on_no_counterpart_triggered),
                ("not_an_omission", self._on_not_an_omission_triggered),
                ("merge_previous", lambda: self._on_link_edit_triggered(lambda k: Merge(k, False))),
                ("merge_next", lambda: self._on_link_edit_triggered(lambda k: Merge(k, True))),
                ("split", lambda: self._on_link_edit_triggered(None)),
                ("unlink", lambda: self._on_link_edit_triggered(Unlink)),
                ("confirm", lambda: self._on_link_edit_triggered(Confirm)),
                ("release", lambda: self._on_link_edit_triggered(Release)),
                ("next_uncertain", lambda: self.go_to_uncertain(by_confidence=False)),
                ("least_certain", lambda: self.go_to_uncertain(by_confidence=True)),
                ("cancel_linking", self.cancel_linking), ("orphans", self.show_orphans)):
            self.actions[name].triggered.connect(slot)
        self.actions.help_action.triggered.connect(lambda: dialogs.show_keys(view, self.actions.key_table()))
        view.linkDragged.connect(self._on_view_link_dragged)
        view.completed.connect(self._update_enabled)
        for pane in (view.zh_pane, view.en_pane):
            pane.paragraphClicked.connect(lambda index, _offset, p=pane: self._on_pane_paragraph_clicked(p, index))
        self.context_menus = EditContextMenu(self, self.notes, self)
        window.documentOpened.connect(self._on_window_document_opened)
        # Imported notes may bring alignment edits (a project, another machine's export): read them again.
        self.notes.files.notesImported.connect(lambda _result: self.reload_stored())
        self.install_menu()
        if view.alignment is not None:
            self.show_aligned(view.alignment, load=True)
        self._update_enabled()

    def install_menu(self) -> None:
        """Edit ▸ Undo / Redo and ▸ Alignment, the Go and Help entries (again after the window rebuilt its menus)."""
        self.actions.install_menu(self.window.menuBar())
        # A new interface language shows the alignment again, as the aligner's: the statuses go back on after.
        QTimer.singleShot(0, self, self._show_statuses)

    def _show_statuses(self) -> None:
        pinned = self.pinned
        if pinned is not None and self.view.alignment is pinned.alignment:
            self.view.set_link_statuses(pinned.statuses)

    # -- what the window gives ---------------------------------------------------------------------

    def show_aligned(self, alignment: Alignment, *, load: bool = False) -> None:
        """The aligner's alignment of the units shown (tier 1, or tier 2 replacing it): shown with the reader's
        pins applied. For other units than before, their stored edits are read (now with `load`, else once the
        window says the document is open: the notes' storage has registered it by then)."""
        units = self.window.units
        same = units is not None and self._units is not None and units.shown is self._units.shown
        if not same:
            self._reset(units)
            self._load_wanted = True
        self.base = alignment
        pins = self.pinned.pins if same and self.pinned is not None else ()
        if self._job is not None:
            pass  # an edit (or stored edits) under way: it lands on this base when it ends (see edit, _apply)
        elif pins:
            # Tier 2 under the reader's edits: the edited tier 1 stays shown until they are applied to it.
            self._apply(pins)
        else:
            self._show(Pinned(alignment, ()), announce=False)
        if load and self._load_wanted:
            self._load_stored()

    def _reset(self, units: UnitView | None) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = self._job_done = None
        self._units = units
        self._realigner = None if units is None else ShownRealigner(units.shown, units.level)
        self.pinned = None
        self.orphans = ()
        self.cancel_linking()
        # An alignment's undo belongs to the units it was made on; the notes' deletions stay undoable as long as
        # the notes keep them (NoteDeletions follows their stack: another document's empties it).
        self.history.clear("alignment")

    def _on_window_document_opened(self, _document: Document) -> None:
        alignment = self.view.alignment
        if alignment is not None and alignment is not self.base and (
                self.pinned is None or alignment is not self.pinned.alignment):
            self.show_aligned(alignment)  # shown by the window without passing here (a given alignment)
        if self._load_wanted:
            self._load_stored()
        self._update_enabled()

    # -- stored edits ------------------------------------------------------------------------------

    def _submit(self, work: Callable[[], Any], on_success: Callable[[Any], None],
                on_failure: Callable[[BaseException], None]) -> None:
        """Queue work on the notes' storage thread (which keeps the edits); a closed one fails at once."""
        try:
            self.notes.storage.submit(work, on_success, on_failure)
        except StorageError as exc:
            on_failure(exc)

    def reload_stored(self) -> None:
        """Read the stored edits of the units shown again (after an import), once no edit is under way."""
        self._load_wanted = True
        if self._job is None and self._units is not None:
            self._load_stored()

    def _load_stored(self) -> None:
        units = self._units
        self._load_wanted = False
        if units is None:
            return
        self._loading = True
        self._update_enabled()
        session = self.notes.session
        # The units' own document, not the session's: the storage thread may run this after the next one opened.
        self._submit(lambda: session.load_alignment_edits(units.shown, units.unit, document=units.document),
                                  lambda resolved: self._on_storage_loaded(units, resolved),
                                  lambda exc: self._on_storage_load_failed(units, exc))

    def _on_storage_loaded(self, units: UnitView, resolved: ResolvedEdits) -> None:
        if units is not self._units:
            return  # read for a document no longer shown
        self._loading = False
        self.orphans = tuple(resolved.orphans)
        if resolved.pins:
            self._apply(tuple(resolved.pins))
        self._update_enabled()
        if self.orphans:
            self.window.message_bar.show_notice(
                _tr("{0} of your alignment edits no longer match the text and are not applied.").format(
                    len(self.orphans)), _tr("Show Them…"), self.show_orphans)
        self.editsLoaded.emit(resolved)

    def _on_storage_load_failed(self, units: UnitView, exc: BaseException) -> None:
        if units is not self._units:
            return
        self._loading = False
        self._update_enabled()
        self.window.message_bar.show_error(_tr("Your alignment edits could not be read: {0}").format(exc))

    def _save(self, pins: tuple[Pin, ...], acknowledgement: str) -> None:
        """Write the pins; the edit is acknowledged only once they are on disk."""
        units = self._units
        if units is None:
            return
        session = self.notes.session
        self._submit(lambda: session.save_alignment_edits(units.shown, units.unit, pins, document=units.document),
                                  lambda saved: self._on_storage_saved(bool(saved), acknowledgement),
                                  self._on_storage_save_failed)

    def _on_storage_saved(self, saved: bool, acknowledgement: str) -> None:
        # A pin made again on an orphan's units takes its place: the orphans are the session's after the save.
        self.orphans = tuple(self.notes.session.orphaned_alignment_edits())
        if saved:
            self.window.statusBar().showMessage(acknowledgement, STATUS_MS)
        else:
            self.window.message_bar.show_error(
                _tr("{0} is shown but not saved: the notes database is not open.").format(acknowledgement))
        self.editSaved.emit(saved)

    def _on_storage_save_failed(self, exc: BaseException) -> None:
        self.window.message_bar.show_error(_tr("The alignment edit is shown but not saved: {0}").format(exc))
        self.editSaved.emit(False)

    def show_orphans(self) -> None:
        """The edits no longer applied, each with Discard."""
        if not self.orphans:
            self.window.statusBar().showMessage(_tr("Every alignment edit of this document is applied"), STATUS_MS)
            return
        self._orphans_dialog = dialog = dialogs.OrphansDialog(self.orphans, self.discard_orphan, self.view)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def discard_orphan(self, edit_id: str) -> None:
        session = self.notes.session
        self._submit(lambda: session.discard_orphaned_alignment_edit(edit_id),
                                  lambda done: self._on_storage_orphan_discarded(edit_id, bool(done)),
                                  lambda exc: self.window.message_bar.show_error(str(exc)))

    def _on_storage_orphan_discarded(self, edit_id: str, done: bool) -> None:
        if not done:
            return
        self.orphans = tuple(o for o in self.orphans if o.id != edit_id)
        if self._orphans_dialog is not None:
            try:
                self._orphans_dialog.discarded(edit_id)
            except RuntimeError:  # closed and deleted meanwhile
                self._orphans_dialog = None

    # -- re-aligning -------------------------------------------------------------------------------

    def _run(self, work: Callable[..., Any], done: Callable[[Any], None]) -> None:
        assert self._realigner is not None
        self._job = job = RealignJob(self._realigner, work, self)
        self._job_done = done
        job.realigned.connect(self._on_job_realigned)
        job.refused.connect(self._on_job_refused)
        job.failed.connect(self._on_job_failed)
        self._update_enabled()
        job.start()

    def _finish_job(self, job: RealignJob) -> Callable[[Any], None] | None:
        if job is not self._job:
            return None  # superseded
        done, self._job, self._job_done = self._job_done, None, None
        job.deleteLater()
        if self._load_wanted and self._units is not None and self.view.alignment is not None:
            QTimer.singleShot(0, self, self.reload_stored)  # asked for while the job ran (an import)
        self._update_enabled()
        return done

    def _on_job_realigned(self, job: RealignJob, result: object) -> None:
        done = self._finish_job(job)
        if done is not None:
            done(result)

    def _on_job_refused(self, job: RealignJob, reason: str) -> None:
        if self._finish_job(job) is not None:
            # Nothing changed: the alignment shown is the one before.
            self._refusal = _tr("The alignment was not changed: {0}").format(reason)
            self.window.message_bar.show_error(self._refusal)
            self.editRefused.emit(reason)

    def _on_job_failed(self, job: RealignJob, exc: BaseException) -> None:
        if self._finish_job(job) is not None:
            traceback.print_exception(exc, file=sys.stderr)
            self.window.message_bar.show_error(_tr(
                "Internal error while re-aligning ({0}: {1}). Details were written to the terminal.").format(
                type(exc).__name__, exc))

    def _apply(self, pins: tuple[Pin, ...], then: Callable[[Pinned], None] | None = None) -> None:
        """The pins applied to the current base in the background, then shown (and given to `then`)."""
        base = self.base
        assert base is not None

        def applied(pinned: Pinned) -> None:
            if base is not self.base:
                self._apply(pinned.pins, then)  # the refined alignment arrived meanwhile
                return
            self._show(pinned)
            if then is not None:
                then(pinned)

        self._run(lambda realigner, cancel: realigner.apply(base, pins, cancel), applied)

    def _show(self, pinned: Pinned, *, announce: bool = True) -> None:
        """Show `pinned` with the reader's place kept; the notes and checks take its links as they take tier 2's."""
        self.pinned = pinned
        if self.view.alignment is not pinned.alignment and announce:
            self.view.set_edited_alignment(pinned.alignment)
        elif self.view.alignment is not pinned.alignment:
            self.view.set_alignment(pinned.alignment, keep_position=True)
        self._show_statuses()
        if announce:
            bar = self.window.message_bar
            if self._refusal and bar.text() == self._refusal:
                bar.clear_message()
            self.window.alignmentRefined.emit(pinned.alignment)
            self.alignmentEdited.emit(pinned)

    # -- edits -------------------------------------------------------------------------------------

    def ready(self) -> bool:
        """Whether edits can be made now: the alignment is shown with the stored edits, and none is under way."""
        return (self.pinned is not None and self._job is None and not self._loading and not self._load_wanted
                and self.view.alignment is self.pinned.alignment)

    def _update_enabled(self) -> None:
        ready = self.ready()
        self.actions.set_edits_enabled(ready)
        self.history.refresh()

    def edit(self, edit: Edit, label: str) -> bool:
        """Make `edit` (in the units and links shown) in the background; `label` names it in Undo and in its
        acknowledgement. False (with the reason in the status bar) when edits wait for the document."""
        if not self.ready():
            self.window.statusBar().showMessage(_tr("Edits wait until the alignment is shown"), STATUS_MS)
            return False
        before, base = self.pinned, self.base
        assert before is not None and base is not None
        self.cancel_linking()

        def made(result: EditResult) -> None:
            if base is not self.base:
                self._apply(result.pinned.pins, lambda after: self._record(label, before, base, after))
                return
            self._show(result.pinned)
            self._record(label, before, base, result.pinned)

        self._run(lambda realigner, cancel: realigner.edit(before, edit, cancel), made)
        return True

    def _record(self, label: str, before: Pinned, base: Alignment, after: Pinned) -> None:
        after_base = self.base
        self.history.push(Step(label, lambda: self._restore(before, base, _tr("Undone: {0}").format(label)),
                               lambda: self._restore(after, after_base, _tr("Redone: {0}").format(label))))
        self._save(after.pins, _tr("{0} (saved)").format(label))

    def _restore(self, state: Pinned, base: Alignment | None, acknowledgement: str) -> None:
        """Back to an alignment of the history: exactly it when made on the base shown, else its pins applied to
        the base shown now (the refined alignment arrived since)."""
        if base is self.base:
            self._show(state)
            self._save(state.pins, acknowledgement)
        else:
            self._apply(state.pins, lambda pinned: self._save(pinned.pins, acknowledgement))

    def link_these(self, zh: tuple[int, ...], en: tuple[int, ...]) -> bool:
        return self.edit(LinkThese(tuple(zh), tuple(en)), _tr("Link {0} with {1}").format(
            units_text("zh", zh), units_text("en", en)))

    def no_counterpart(self, language: str, units: tuple[int, ...]) -> bool:
        return self.edit(NoCounterpart(language, tuple(units)), _tr("No Counterpart for {0}").format(
            units_text(language, units)))

    def not_an_omission(self, language: str, unit: int, into_link: int | None = None) -> bool:
        return self.edit(NotAnOmission(language, unit, into_link), _tr("Not an Omission: {0}").format(
            units_text(language, (unit,))))

    def link_edit(self, edit: Edit) -> bool:
        labels = {Merge: _tr("Merge Links"), Split: _tr("Split Link"), Unlink: _tr("Unlink"),
                  Confirm: _tr("Confirm Link"), Release: _tr("Release Link")}
        return self.edit(edit, labels[type(edit)])

    def split(self, link: int) -> bool:
        """Ask where to split link `link`, then split it there."""
        if not self.ready() or self.pinned is None or not 0 <= link < len(self.pinned.alignment.links):
            return False
        chosen = self.pinned.alignment.links[link]
        shown = self.view.document
        assert shown is not None
        sides = {lang: [(i, shown.side(lang).paragraphs[i].text) for i in (chosen.zh if lang == "zh" else chosen.en)]
                 for lang in ("zh", "en")}
        cuts = dialogs.ask_split_cuts(self.view, sides["zh"], sides["en"])
        return cuts is not None and self.link_edit(Split(link, *cuts))

    def go_to_uncertain(self, *, by_confidence: bool) -> int | None:
        """The next uncertain automatic link after the current one (in reading order, or by lowest confidence),
        brought to the reading position."""
        if self.pinned is None or self.view.alignment is not self.pinned.alignment:
            return None
        k = next_uncertain(self.pinned, self.view.linker.current_link, by_confidence=by_confidence)
        if k is None:
            self.window.statusBar().showMessage(_tr("No uncertain link left"), STATUS_MS)
            return None
        self.view.go_to_link(k)
        link = self.pinned.alignment.links[k]
        for language, units in (("zh", link.zh), ("en", link.en)):
            if units:
                self.view.pane(language).flash(units[0], self.view.scheme.flash)
        self.window.statusBar().showMessage(_tr("Uncertain link (confidence {0:.0%})").format(link.confidence),
                                            STATUS_MS)
        return k

    # -- what the reader points at -----------------------------------------------------------------

    def selected_units(self, pane: ParagraphPane) -> tuple[int, ...]:
        """The consecutive units of a pane's text selection (a selection across paragraphs selects them all; one
        ending at the very start of a paragraph does not take that one)."""
        cursor = pane.textCursor()
        if not cursor.hasSelection():
            return ()
        doc = pane.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        end = doc.findBlock(cursor.selectionEnd())
        last = end.blockNumber()
        if last > first and cursor.selectionEnd() == end.position():
            last -= 1
        return tuple(range(first, last + 1))

    def pointed_units(self, pane: ParagraphPane) -> tuple[int, ...]:
        """The selection's units, else the unit at the cursor once the reader put it there."""
        units = self.selected_units(pane)
        cursor = pane.textCursor()
        if units or not (pane.hasFocus() or cursor.position() > 0):
            return units
        return (cursor.blockNumber(),) if 0 <= cursor.blockNumber() < len(pane.paragraphs) else ()

    def _panes_by_focus(self) -> list[ParagraphPane]:
        panes = [self.view.left, self.view.right]
        return sorted(panes, key=lambda p: (not p.hasFocus(), not p.textCursor().hasSelection()))

    def link_here(self) -> int | None:
        """The link the reader means: of the focused pane's selection or cursor, else the current link."""
        if self.pinned is None:
            return None
        alignment = self.pinned.alignment
        for pane in self._panes_by_focus():
            units = self.pointed_units(pane)
            if units:
                return alignment.link_of(pane.language, units[0])
        current = self.view.linker.current_link
        return current if 0 <= current < len(alignment.links) else None

    # -- slots -------------------------------------------------------------------------------------

    def _on_link_these_triggered(self) -> None:
        view = self.view
        if self._pending is not None:
            language, first = self._pending
            others = self.pointed_units(view.pane(other_language(language)))
            if others:
                self.link_pair(language, first, others)
                return
        zh, en = self.selected_units(view.zh_pane), self.selected_units(view.en_pane)
        if zh and en:
            self.link_these(zh, en)
            return
        for pane in self._panes_by_focus():
            units = self.pointed_units(pane)
            if units:
                self.start_linking(pane.language, units)
                return
        self.window.statusBar().showMessage(
            _tr("Select the paragraphs to link in both panes, or one and then click its counterpart"), STATUS_MS)

    def link_pair(self, language: str, first: tuple[int, ...], others: tuple[int, ...]) -> None:
        """Link `first` (units of `language`) with `others` (of the other language)."""
        if language == "zh":
            self.link_these(first, others)
        else:
            self.link_these(others, first)

    @property
    def pending(self) -> tuple[str, tuple[int, ...]] | None:
        """Link These' first side (language, units) while it waits for the click opposite."""
        return self._pending

    def start_linking(self, language: str, units: tuple[int, ...]) -> None:
        """Link These' first side chosen: the next click in the other pane gives its counterpart (Esc cancels)."""
        self._pending = (language, tuple(units))
        self.actions["cancel_linking"].setEnabled(True)
        other = _tr("English") if language == "zh" else _tr("Chinese")
        self.window.message_bar.show_notice(
            _tr("Linking {0}: click its counterpart in the {1} pane (Esc cancels).").format(
                units_text(language, units), other), _tr("Cancel"), self.cancel_linking)

    def cancel_linking(self) -> None:
        if self._pending is None:
            return
        self._pending = None
        self.actions["cancel_linking"].setEnabled(False)
        self.window.message_bar.clear_message()

    def _on_pane_paragraph_clicked(self, pane: ParagraphPane, index: int) -> None:
        if self._pending is None:
            return
        language, first = self._pending
        if pane.language == language:
            self.start_linking(language, (index,))  # another first side
        else:
            self.link_pair(language, first, (index,))

    def _on_view_link_dragged(self, zh: int, en: int) -> None:
        self.link_these((zh,), (en,))

    def _on_no_counterpart_triggered(self) -> None:
        for pane in self._panes_by_focus():
            units = self.pointed_units(pane)
            if units:
                self.no_counterpart(pane.language, units)
                return
        self.window.statusBar().showMessage(_tr("Select the paragraphs that have no counterpart"), STATUS_MS)

    def _on_not_an_omission_triggered(self) -> None:
        if self.pinned is None:
            return
        alignment = self.pinned.alignment
        for pane in self._panes_by_focus():
            units = self.pointed_units(pane)
            if units:
                # The link the reader points to in the other pane, if any; else the better neighbour.
                others = self.pointed_units(self.view.pane(other_language(pane.language)))
                into = alignment.link_of(other_language(pane.language), others[0]) if others else None
                self.not_an_omission(pane.language, units[0], into)
                return
        self.window.statusBar().showMessage(_tr("Put the cursor in a paragraph without counterpart"), STATUS_MS)

    def _on_link_edit_triggered(self, make: Callable[[int], Edit] | None) -> None:
        link = self.link_here()
        if link is None:
            self.window.statusBar().showMessage(_tr("No link here"), STATUS_MS)
        elif make is None:
            self.split(link)
        else:
            self.link_edit(make(link))
