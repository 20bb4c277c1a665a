"""Entry script of the frozen app: the same main() as the `bilingual-reader` console script."""

import os
import sys

# A windowed Windows executable starts with no standard streams (sys.stdout is None): a one-line error message
# must not become an AttributeError. The console twin, bilingual-reader-cli.exe, has real ones.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives as long as the process)

import multiprocessing  # noqa: E402

# Long documents are aligned in a child process (reader_app/core/alignment_process.py): in the frozen app that
# child is this executable again, which must run the child's work and exit instead of opening a window.
multiprocessing.freeze_support()

from reader_app.app import main  # noqa: E402

raise SystemExit(main())
