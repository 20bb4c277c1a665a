"""Tests of reader_app/core/text."""
