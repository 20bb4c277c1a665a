"""Qt widgets and the glue between them and core/storage."""
