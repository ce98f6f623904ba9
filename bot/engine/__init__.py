"""The answer engine: question in, the fact that answers it or a reasoned abstention out.

Pure Python with no Discord: text and language data, the lexicon, question reading, the index and
scorer (matching), and the fitted answer-or-abstain model.
"""
