"""Tests of reader_app/storage."""
