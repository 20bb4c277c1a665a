"""Files -> Document: format readers, encoding detection, display cleanup. See `loading` for the rules."""

from reader_app.core.documents.loading import (
    DocumentError,
    DocumentTooLargeError,
    EncodingUncertainError,
    OneLanguageError,
    UnsafeDocumentError,
    load_document,
    read_text,
)

__all__ = [
    "DocumentError",
    "DocumentTooLargeError",
    "EncodingUncertainError",
    "OneLanguageError",
    "UnsafeDocumentError",
    "load_document",
    "read_text",
]
