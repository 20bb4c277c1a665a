"""The reader's dictionary (CC-CEDICT and the user's entries): longest-match look-up, readings, segmentation.

Kept free of imports on purpose: the aligner's lexicon reads `user` alone, and `counterpart` reads the lexicon.
"""
