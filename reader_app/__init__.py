"""Bilingual Reader: Chinese and English texts side by side, aligned paragraph by paragraph."""

__version__ = "0.1.0"
