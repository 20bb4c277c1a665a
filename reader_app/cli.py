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
    "notes": "reader_app.commands.notes",
}


class _Parser(argparse.ArgumentParser):
    """argparse prints multi-line usage on error; we print the one-line reason and exit with EXIT_USAGE."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(prog="bilingual-reader", description="Headless commands of Bilingual Reader.")
    parser.add_argument("--data-dir", help="folder for annotations and caches (default: the user data folder)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        sub_parser = sub.add_parser(name, help=module.__doc__.splitlines()[0] if module.__doc__ else None)
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
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
