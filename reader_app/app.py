"""Start-up: argument parsing, QApplication, the bundled font, the main window on the sample or given files."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from reader_app import __version__
from reader_app.cli import EXIT_USAGE, SUBCOMMANDS, is_command_line

NO_DISPLAY_MESSAGE = (
    "bilingual-reader: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
    "run it under a virtual one: xvfb-run -a bilingual-reader"
)


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bilingual-reader",
        description="Read Chinese and English texts side by side. Headless commands: "
        + ", ".join(SUBCOMMANDS) + " (bilingual-reader COMMAND --help).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="a bilingual file, or a Chinese file and its English translation")
    parser.add_argument("--version", action="version", version=f"bilingual-reader {__version__}")
    parser.add_argument("--data-dir", help="folder for annotations and caches (default: the user data folder)")
    parser.add_argument("--screenshot", metavar="PNG", help="render the window, save it to PNG and quit")
    parser.add_argument("--view", choices=("linked", "rows", "interleaved", "reveal"),
                        help="lay the document out so for this run (View ▸ Layout), e.g. for --screenshot")
    parser.add_argument("--report-layout", action="store_true",
                        help="with --screenshot: print `LINK k zh_top en_top` (window pixels, - when a side is empty "
                             "or off screen) for each link on screen")
    parser.add_argument("--report-first-paint", action="store_true",
                        help="print FIRST_PAINT <unix time> on stdout when the window first paints")
    parser.add_argument("--quit-after-first-paint", action="store_true",
                        help="as --report-first-paint, then quit (start-up benchmark)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the installation (sample, aligner, notes database, rendering) and quit")
    return parser


# The GUI's options that take no value. A command line of these and paths (in one run, as argparse accepts them)
# is read without building the parser, whose construction (gettext's locale lookup, a help formatter per
# option) costs about 3 ms of start-up; anything else goes to argparse for its checks and messages.
_GUI_SWITCHES = {"--report-layout": "report_layout", "--report-first-paint": "report_first_paint",
                 "--quit-after-first-paint": "quit_after_first_paint", "--self-test": "self_test"}


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    """The GUI's arguments, as build_gui_parser().parse_args(argv) gives them."""
    positions = [i for i, arg in enumerate(argv) if arg not in _GUI_SWITCHES]
    simple = all(not argv[i].startswith("-") for i in positions) and (
        not positions or positions[-1] - positions[0] == len(positions) - 1)
    if not simple:
        return build_gui_parser().parse_args(argv)
    args = argparse.Namespace(paths=[argv[i] for i in positions], data_dir=None, screenshot=None, view=None)
    for switch, dest in _GUI_SWITCHES.items():
        setattr(args, dest, switch in argv)
    return args


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if is_command_line(argv):
        from reader_app import cli

        return cli.main(argv)
    args = parse_gui_args(argv)
    if args.self_test:
        from reader_app.selftest import run_self_test

        return run_self_test()
    if len(args.paths) > 2:
        print("bilingual-reader: give one bilingual file, or a Chinese file and its English file", file=sys.stderr)
        return EXIT_USAGE
    if not _has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    if args.data_dir:
        from reader_app.paths import set_data_dir

        set_data_dir(args.data_dir)
    return run_gui(args)


def run_gui(args: argparse.Namespace) -> int:
    # Start-up allocates many objects that all live on: cyclic garbage collection would only rescan them
    # (~5% of the time to the first frame). Paused here, before Qt's import; it resumes as the last step of the
    # window's start-up work (reader_app.ui.startup), once the first frame is painted.
    gc.disable()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from reader_app.paths import sample_path
    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("bilingual-reader")
    app.setOrganizationName("bilingual-reader")
    app.setApplicationDisplayName("Bilingual Reader")
    # Wayland matches the window to packaging/bilingual-reader.desktop by this name.
    app.setDesktopFileName("bilingual-reader")
    try:
        register_bundled_font()
    except RuntimeError as exc:
        print(f"bilingual-reader: {exc}", file=sys.stderr)
        gc.enable()
        return 1

    from PySide6.QtCore import QSettings

    from reader_app.ui import settings
    from reader_app.ui.crash import install_crash_handler
    from reader_app.ui.i18n import install_translator
    from reader_app.ui.startup import enable_gc

    crash_handler = install_crash_handler(app)
    install_translator(app, settings.UI_LANGUAGE.read(QSettings()) or None)
    if settings.THEME.read(QSettings()) in ("light", "dark"):
        from reader_app.ui.theme import apply_theme

        apply_theme(settings.THEME.read(QSettings()))  # before the first frame, so it never flashes the other look
    window = MainWindow()
    crash_handler.window = window
    window.loadFailed.connect(lambda message: print(f"bilingual-reader: {message}", file=sys.stderr))

    class FirstPaint(QObject):
        """Notices the first paint of the window showing its document (start-up benchmark, screenshots)."""

        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
            if not self.done and event.type() == QEvent.Type.Paint and window.document is not None:
                self.done = True
                self._report()
            return False

        def _report(self) -> None:
            if args.quit_after_first_paint or args.report_first_paint:
                print(f"FIRST_PAINT {time.time():.6f}", flush=True)
            if args.report_first_paint:
                # Global geometry of the window and panes, so an outside screenshot can be checked.
                for name, widget in (("window", window), ("zh", window.view.zh_pane), ("en", window.view.en_pane)):
                    top_left = widget.mapToGlobal(widget.rect().topLeft())
                    print(f"GEOMETRY {name} {top_left.x()} {top_left.y()} {widget.width()} {widget.height()}",
                          flush=True)
            if args.quit_after_first_paint:
                QTimer.singleShot(0, app.quit)

    watcher = FirstPaint()
    if args.quit_after_first_paint or args.report_first_paint or args.screenshot:
        window.view.zh_pane.viewport().installEventFilter(watcher)
        if args.screenshot:
            # The screenshot shows the aligned document (or the message of a failed load).
            def shoot() -> None:
                window.grab().save(args.screenshot)
                if args.report_layout:
                    from reader_app.ui.layout_report import layout_lines

                    print("\n".join(layout_lines(window.view, window)), flush=True)
                app.quit()

            window.documentOpened.connect(lambda _d: QTimer.singleShot(300, shoot))
            window.loadFailed.connect(lambda _m: QTimer.singleShot(300, lambda: (window.grab().save(args.screenshot),
                                                                                   app.quit())))
    # Shown first, so the panes have their size when the text is laid out (once); a small cached document is
    # then set before the event loop paints the first frame, which therefore shows its text.
    window.choices.forced_layout = args.view
    window.show()
    window.open_paths(args.paths or [str(sample_path())])
    window.start_up.after_first_frame(lambda: app.setWindowIcon(_window_icon()))
    window.start_up.after_first_frame(enable_gc)  # once the start-up imports have ended, too
    return app.exec()


def _window_icon():
    from PySide6.QtGui import QIcon

    from reader_app.paths import resources_dir

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):  # PNGs: no image-format plugin needed
        icon.addFile(str(resources_dir() / "icons" / f"bilingual-reader-{size}.png"))
    return icon
