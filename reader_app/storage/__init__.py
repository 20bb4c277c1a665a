"""Persistence on the standard library's sqlite3. Never imports Qt."""
