"""Tests of reader_app/core/documents."""
