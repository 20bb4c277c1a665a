"""Tests of reader_app/core/aligner."""
