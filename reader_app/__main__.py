"""`python -m reader_app` runs the same entry point as `bilingual-reader`."""

from reader_app.app import main

raise SystemExit(main())
