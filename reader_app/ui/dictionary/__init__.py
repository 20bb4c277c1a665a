"""The dictionary in the reader: look-up popup on hover or selection, where a word went, the vocabulary panel."""

from reader_app.ui.dictionary.controller import DictionaryController

__all__ = ["DictionaryController"]
