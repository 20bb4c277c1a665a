"""Translation checks on an aligned document: numbers, names, omissions, untranslated text, length, punctuation."""

from reader_app.core.checks.flags import ALL_KINDS, DEFAULT_KINDS, Flag, Kind, Severity, flag_key
from reader_app.core.checks.runner import check_document, parse_kinds

__all__ = ["ALL_KINDS", "DEFAULT_KINDS", "Flag", "Kind", "Severity", "check_document", "flag_key", "parse_kinds"]
