"""Headless commands: `bilingual-reader info|align|notes ...`. Exit codes: 0 ok, 2 usage, 3 unreadable input."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3

# Subcommand name -> module under reader_app.commands exposing add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: dict[str, str] = {
    "info": "reader_app.commands.info",
    "align": "reader_app.commands.align",
    "check": "reader_app.commands.check",
    "notes": "reader_app.commands.notes",
    "export": "reader_app.commands.export",
    "lookup": "reader_app.commands.lookup",
}


def unreadable(exc: Exception, path: str) -> str:
    """The one-line reason a command's input could not be read: a DocumentError's own, or an OSError named."""
    if isinstance(exc, OSError):
        from pathlib import Path

        return f"{Path(path).name}: cannot be read ({exc.strerror or exc})"
    return str(exc)


def write_result(command: str, text: str, output: str | None) -> int:
    """A command's result to `output` (a file) or standard output: EXIT_OK, or EXIT_INPUT with the one-line
    reason on stderr when the file cannot be written."""
    if not output:
        sys.stdout.write(text)
        return EXIT_OK
    from pathlib import Path

    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"bilingual-reader {command}: {Path(output).name}: cannot be written ({exc.strerror or exc})",
              file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


DATA_DIR_HELP = "folder for annotations and caches (default: the user data folder)"


class _Parser(argparse.ArgumentParser):
    """argparse prints multi-line usage on error; we print the one-line reason and exit with EXIT_USAGE."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


class _CommandParser(_Parser):
    """A subcommand's parser (and its own subcommands', which are made with `parser_class=type(parser)`): the
    global options are accepted after the subcommand too. Their default is SUPPRESS so that a subcommand that
    was not given one leaves the value from before the subcommand in place."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)


def is_command_line(argv: list[str]) -> bool:
    """Whether `argv` runs a headless command: a subcommand, after any global options. Cheap (no parser is
    built), for the program's entry point to tell a command line from the GUI's (whose PATHs may be anything)."""
    return command_of(argv) is not None


def command_of(argv: list[str]) -> str | None:
    """The subcommand `argv` runs (the first argument after any global options), or None."""
    i = 0
    while i < len(argv):
        if argv[i] == "--data-dir":
            i += 2
        elif argv[i].startswith("--data-dir="):
            i += 1
        else:
            return argv[i] if argv[i] in SUBCOMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The commands' parser; with `only`, that subcommand's alone (a command line that names its subcommand parses
    the same without importing the others' modules: `check` pulls in all the checks, 0.05 s of every `align`)."""
    import importlib

    parser = _Parser(prog="bilingual-reader", description="Headless commands of Bilingual Reader.")
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_CommandParser)
    for name, module_name in SUBCOMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        sub_parser = sub.add_parser(name, help=module.__doc__.splitlines()[0] if module.__doc__ else None)
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser(command_of(argv)).parse_args(argv)
    if args.data_dir:
        from reader_app.paths import set_data_dir

        set_data_dir(args.data_dir)
    run: Callable[[argparse.Namespace], int] = args._run
    try:
        return run(args)
    except KeyboardInterrupt:
        print("bilingual-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whoever read our output (`| head`) stopped reading: not an error. Silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
