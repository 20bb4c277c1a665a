"""Text facts shared by the loaders and the aligner: script ranges, segmentation, CC-CEDICT, script conversion."""
