"""(not implemented yet: see the open issue for `notes`)"""

from __future__ import annotations

import argparse
import sys

from reader_app.cli import EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs=argparse.REMAINDER)


def run(args: argparse.Namespace) -> int:
    print("bilingual-reader: 'notes' is not available in this version", file=sys.stderr)
    return EXIT_USAGE
