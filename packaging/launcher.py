"""Entry script of the frozen app: the same main() as the `bilingual-reader` console script."""

from reader_app.app import main

raise SystemExit(main())
