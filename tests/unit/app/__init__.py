"""Tests of the command line, packaging metadata and the app module (reader_app/*.py, commands/)."""
