"""Pure-Python core: document model, loaders, cleanup, alignment. Never imports Qt."""
