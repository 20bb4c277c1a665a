"""ChecksController: translation checks on the main window: runs them, lists the flags, jumps to them, ignores."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from reader_app.core.alignment import Alignment
from reader_app.core.checks import Flag
from reader_app.core.model import Document
from reader_app.ui import settings
from reader_app.ui.checks.messages import flag_message
from reader_app.ui.checks.panel import ChecksPanel
from reader_app.ui.checks.worker import CheckResult, ChecksRun

if TYPE_CHECKING:
    from reader_app.ui.checks.host import ChecksHost

NEXT_FLAG_KEY = "F8"  # F7 / Shift+F7 are the next / previous omission (reader_app.ui.menus)
PREVIOUS_FLAG_KEY = "Shift+F8"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecksPanel", text)


class _Visit(NamedTuple):
    """The flag last jumped to, and the left pane's top unit right after: while the reader has not scrolled since,
    next / previous go on from that flag (the jump puts a flag a third down the pane, above the top's)."""

    flag: Flag
    top: int


class _Undo(NamedTuple):
    ignored: bool  # True: the keys were ignored (undo stops ignoring them); False: the reverse
    keys: frozenset[str]


class ChecksController(QObject):
    """Installs the translation checks on the main window (a ChecksHost): the Checks dock (hidden until opened
    from View ▸ Checks Panel), Go ▸ Next Flag (F8) and Previous Flag (Shift+F8). Each document shown, and each
    alignment that replaces its links, is checked on a thread of its own (ChecksRun, every kind: the dock's
    filters choose), the run before cancelled. Ignored flags are stored per document by their keys
    (settings.IGNORED_CHECKS), so they stay ignored across re-alignments and reopenings.

    Signals: checked() when a run's flags are listed; flagsChanged() after what flagged_paragraphs() gives
    may have changed (a run, a filter, an ignore or its undo)."""

    checked = Signal()
    flagsChanged = Signal()

    def __init__(self, window: ChecksHost, *, tier: int = 1) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        # 1: the omission check by dictionary alone; 2 would encode every sentence (seconds more on a book).
        self.tier = tier
        self.result: CheckResult | None = None  # the run listed
        self.run: ChecksRun | None = None  # the run under way, if any
        self._wanted: tuple[Document, Alignment | None] | None = None  # a run waiting for the panes' layout
        self._key: tuple | None = None  # what the run wanted, under way or listed checks (document, links)
        self._content_id: str | None = None  # the document whose ignored keys are loaded
        self.ignored: set[str] = set()
        self._undo: list[_Undo] = []
        self._visit: _Visit | None = None
        self._saying: Callable[[], str] | None = None  # the dock's status line, in the interface language of now

        self.panel = ChecksPanel(window)
        self.panel.dock_into(window)
        self.next_action = self._action(NEXT_FLAG_KEY)
        self.previous_action = self._action(PREVIOUS_FLAG_KEY)
        self.toggle_action = self.panel.toggleViewAction()
        self.toggle_action.setObjectName("checks-panel")
        self._retranslate_actions()
        self.next_action.triggered.connect(self._on_next_action_triggered)
        self.previous_action.triggered.connect(self._on_previous_action_triggered)
        self.install_menu()

        self.panel.flagActivated.connect(self.go_to)
        self.panel.filtersChanged.connect(self._on_panel_filters_changed)
        self.panel.ignoreRequested.connect(self.ignore)
        self.panel.unignoreRequested.connect(self.unignore)
        self.panel.undoRequested.connect(self.undo)
        self.panel.languageChanged.connect(self._on_panel_language_changed)
        self.flagsChanged.connect(self._on_flags_changed)
        for pane in (self.view.zh_pane, self.view.en_pane):
            pane.layoutCompleted.connect(self._on_pane_layout_completed)
        window.documentOpened.connect(self._on_window_document_opened)
        window.alignmentRefined.connect(self._on_window_alignment_refined)
        self.panel.visibilityChanged.connect(self._on_panel_visibility_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._cancel_run)  # a book's run would go on computing while Python exits
        self._say(lambda: _tr("No document open"))
        if window.document is not None and self.wanted():
            self.check()

    def _say(self, words: Callable[[], str] | None) -> None:
        """Set the dock's status line (None: the counts of what is listed); a function, so that the line is said
        again in another interface language after a switch."""
        self._saying = words
        self.panel.set_status("" if words is None else words())

    def _on_panel_language_changed(self) -> None:
        self._say(self._saying)
        self.show_marks()  # the panes' tooltips say the flags' messages

    def _action(self, shortcut: str) -> QAction:
        # On the reader view, not the window: the window drops its own actions when it rebuilds its menus.
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.view.addAction(action)
        return action

    def _retranslate_actions(self) -> None:
        self.next_action.setText(_tr("Next &Flag"))
        self.previous_action.setText(_tr("Pre&vious Flag"))
        self.toggle_action.setText(_tr("C&hecks Panel"))

    def install_menu(self) -> None:
        """Add Next / Previous Flag to the Go menu and the panel's toggle to the View menu (again after the window
        rebuilt its menus, in the interface language of then), or all to a Checks menu when those are missing."""
        self._retranslate_actions()
        bar: QMenuBar = self.window.menuBar()
        menus = {m.objectName(): m for a in bar.actions() if isinstance(m := a.menu(), QMenu)}
        go, view = menus.get("goMenu"), menus.get("viewMenu")
        if go is None or view is None:
            go = view = menus.get("checksMenu") or bar.addMenu(_tr("&Checks"))
            go.setObjectName("checksMenu")
            go.clear()
        go.addSeparator()
        go.addAction(self.next_action)
        go.addAction(self.previous_action)
        view.addSeparator()
        view.addAction(self.toggle_action)

    # -- running -----------------------------------------------------------------------------------

    def _by_paragraphs(self) -> bool:
        """Whether the panes show the document's paragraphs (else sentences or lines: the checks then take the
        document's own paragraph links, found by the run, not the units' links merged by paragraph)."""
        units = self.window.units
        return units is None or units.identity

    def check(self) -> None:
        """Check the document shown by its current links, unless those are the ones checked (or being checked)
        already; the run before is cancelled. A new document's flags replace the last one's at once."""
        document, shown = self.window.document, self.view.alignment
        if document is None:
            return
        alignment = shown if self._by_paragraphs() else None
        if self.result is not None and self.result.document.content_id != document.content_id:
            self.result = None
            self._visit = None
            self.panel.show_flags((), ())
            self.show_marks()
        if self._content_id != document.content_id:
            self._load_ignored(document.content_id)
        if shown is None:
            self._cancel_run()
            self._say(lambda: _tr("Checked once the document is aligned"))
            return
        key = (document.content_id, alignment.links if alignment is not None else None)
        if (self._wanted or self.run or self.result) and self._key == key:
            return  # these links are checked, or being checked, already
        self._cancel_run()
        self._key = key
        self._wanted = (document, alignment)
        self._say(lambda: _tr("Checking…"))
        self._start_when_laid_out()

    def _start_when_laid_out(self) -> None:
        # The run is background work (reader_app.ui.background): the panes' whole-document layout would wait for
        # it, seconds on a book, and the ruler with it. The panes first, then the checks.
        if self._wanted is None or not all(p.layout_done for p in (self.view.zh_pane, self.view.en_pane)):
            return
        document, alignment = self._wanted
        self._wanted = None
        run = self.run = ChecksRun(document, alignment, tier=self.tier, parent=self)
        run.checked.connect(lambda result, r=run: self._on_run_checked(r, result))
        run.failed.connect(lambda exc, r=run: self._on_run_failed(r, exc))
        run.finished.connect(lambda r=run: self._on_run_finished(r))
        run.start()

    def _cancel_run(self) -> None:
        self._wanted = None
        if self.run is not None:
            self.run.cancel()  # its reports are dropped: it is no longer self.run
            self.run = None

    def _on_run_checked(self, run: ChecksRun, result: CheckResult) -> None:
        if run is not self.run:
            return
        self.run = None  # done; it deletes itself when its thread has ended
        self.result = result
        self._visit = None
        self._say(None)
        self.panel.show_flags(result.flags, result.links)
        self.checked.emit()
        self.flagsChanged.emit()

    def _on_run_failed(self, run: ChecksRun, exc: BaseException) -> None:
        if run is not self.run:
            return
        # A bug of ours, not a property of the text: said in the dock, the details for a bug report.
        traceback.print_exception(exc, file=sys.stderr)
        self._say(lambda: _tr("The checks failed ({0}: {1}). Details were written to the terminal.").format(
            type(exc).__name__, exc))

    def _on_run_finished(self, run: ChecksRun) -> None:
        if run is self.run:
            self.run = None
        run.deleteLater()

    def _on_pane_layout_completed(self) -> None:
        self._start_when_laid_out()

    def wanted(self) -> bool:
        """Whether the reader asked for the checks (opened the panel): a book's checks are seconds of work on
        the window's process, not to be spent for a reader who never looks at them."""
        return not self.panel.isHidden()

    def _on_window_document_opened(self, _document: Document) -> None:
        if self.wanted():
            self.check()
        self.show_marks()  # (the panes may show other units of the same document now)

    def _on_window_alignment_refined(self, _alignment: Alignment) -> None:
        if self.wanted():
            self.check()

    def open_panel(self) -> None:
        """Show the panel and check the document shown (what View ▸ Checks Panel and F8 do)."""
        self.panel.show()
        self.check()

    def _on_panel_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.check()  # nothing when the links shown are checked already
        self.show_marks()  # closed: the marks go with the panel (a tab behind another dock keeps them)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run under way has ended (tests, closing); True when none is left."""
        return self.run is None or self.run.wait(timeout)

    # -- what the window, the ruler and the tests read ----------------------------------------------

    def listed_flags(self) -> list[Flag]:
        """The flags the dock lists now (after its filters; ignored ones too with "Show ignored"), in order."""
        return self.panel.listed_flags()

    def flagged_paragraphs(self, language: str) -> list[int]:
        """The document's paragraphs (of "zh" or "en") with a flag listed and not ignored, ascending: the ruler's
        ticks (through window.units.to_unit when the panes show sentences or lines)."""
        paragraphs = {p for flag in self.panel.model.active_flags() for p in (flag.zh if language == "zh" else flag.en)}
        return sorted(paragraphs)

    def show_marks(self) -> None:
        """Mark the flags listed and not ignored in the panes and as ticks on the ruler, while the panel is open
        and its run is of the document shown; no marks otherwise."""
        marks: dict[str, dict[int, list[tuple[str, str]]]] = {"zh": {}, "en": {}}
        document, result, units = self.window.document, self.result, self.window.units
        if result is not None and self.wanted() and document is not None and \
                document.content_id == result.document.content_id:
            for flag in self.panel.model.active_flags():
                for language, paragraphs in (("zh", flag.zh), ("en", flag.en)):
                    for paragraph in paragraphs:
                        unit = paragraph if units is None else units.to_unit(language, paragraph)
                        marks[language].setdefault(unit, []).append((str(flag.severity), flag_message(flag)))
        self.view.set_check_flags(marks)

    def _on_flags_changed(self) -> None:
        self.show_marks()

    # -- jumping -----------------------------------------------------------------------------------

    def go_to(self, flag: Flag) -> None:
        """Bring a flag's paragraphs to the reading position (the left pane's side when it has any) and flash
        the first unit of each side."""
        window, view = self.window, self.view
        if self.result is None or window.document is None or \
                window.document.content_id != self.result.document.content_id:
            return
        units = window.units
        jumped = False
        for pane in (view.left, view.right):
            paragraphs = flag.zh if pane.language == "zh" else flag.en
            if not paragraphs:
                continue
            unit = paragraphs[0] if units is None else units.to_unit(pane.language, paragraphs[0])
            if not jumped:
                view.go_to_paragraph(pane.language, unit)
                jumped = True
            pane.flash(unit, view.scheme.flash)
        self._visit = _Visit(flag, self._top())
        self.panel.select_flag(flag)

    def go_to_next(self, forward: bool = True) -> Flag | None:
        """The next (previous) listed flag in reading order from the reading position (the top of the left pane),
        or from the flag last jumped to while the reader has not scrolled since; wraps at the ends. None when no
        flag is listed."""
        model = self.panel.model
        count = model.rowCount()
        if count == 0 or self.result is None:
            return None
        visit = self._visit
        row = model.row_of(visit.flag) if visit is not None and visit.top == self._top() else -1
        if row >= 0:
            row = (row + (1 if forward else -1)) % count
        else:
            row = model.row_from(self._position(), forward)
            if row < 0:
                row = 0 if forward else count - 1
        flag = model.flag_at(row)
        if flag is not None:
            self.go_to(flag)
        return flag

    def _top(self) -> int:
        return self.view.left.top_paragraph()[0]

    def _position(self) -> int:
        """The link (of the checked alignment) at the top of the left pane; 0 before the text."""
        assert self.result is not None
        pane = self.view.left
        top = self._top()
        if top < 0:
            return 0
        units = self.window.units
        paragraph = top if units is None else units.to_paragraph(pane.language, top)[0]
        link = self.result.alignment.link_of(pane.language, paragraph)
        return 0 if link is None else link

    def _on_next_action_triggered(self) -> None:
        self._show_and_go(True)

    def _on_previous_action_triggered(self) -> None:
        self._show_and_go(False)

    def _show_and_go(self, forward: bool) -> None:
        self.open_panel()  # the keys ask for the checks: they run now if they have not, the panel says so
        self.go_to_next(forward)

    # -- ignoring ----------------------------------------------------------------------------------

    def _load_ignored(self, content_id: str) -> None:
        self._content_id = content_id
        self.ignored = settings.IGNORED_CHECKS.read(self.window.settings, content_id)
        self._undo.clear()
        self.panel.set_undo_enabled(False)
        self.panel.set_ignored(self.ignored)

    def ignore(self, flags: list[Flag]) -> None:
        """Ignore flags (stored for this document at once); undo() brings them back."""
        self._change_ignored(frozenset(f.key for f in flags) - self.ignored, ignored=True)

    def unignore(self, flags: list[Flag]) -> None:
        """Stop ignoring flags (listed with "Show ignored"); undo() ignores them again."""
        self._change_ignored(frozenset(f.key for f in flags) & self.ignored, ignored=False)

    def undo(self) -> bool:
        """Undo the last ignore (or stop ignoring) of this document; False when there is none."""
        if not self._undo:
            return False
        last = self._undo.pop()
        self._apply(last.keys, ignored=not last.ignored)
        restored = [f for f in self.panel.model.flags if f.key in last.keys]
        if restored:
            self.panel.select_flag(restored[0])
        return True

    def _change_ignored(self, keys: frozenset[str], *, ignored: bool) -> None:
        if not keys or self._content_id is None:
            return
        self._undo.append(_Undo(ignored, keys))
        self._apply(keys, ignored=ignored)

    def _apply(self, keys: frozenset[str], *, ignored: bool) -> None:
        if ignored:
            self.ignored |= keys
        else:
            self.ignored -= keys
        if self._content_id is not None:
            settings.IGNORED_CHECKS.write(self.window.settings, self._content_id, self.ignored)
        self.panel.set_undo_enabled(bool(self._undo))
        self.panel.set_ignored(self.ignored)
        self.flagsChanged.emit()

    def _on_panel_filters_changed(self) -> None:
        self.flagsChanged.emit()
