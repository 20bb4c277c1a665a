"""Entry script of the frozen app: the same main() as the `bilingual-reader` console script."""

import os
import sys

# A windowed Windows executable starts with no standard streams (sys.stdout is None): a one-line error message
# must not become an AttributeError. The console twin, bilingual-reader-cli.exe, has real ones.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives as long as the process)

from reader_app.app import main  # noqa: E402

raise SystemExit(main())
