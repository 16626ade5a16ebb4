"""The report's words: facts (what is true, as data), the templates that say them, the analyst's
notes, the document's blocks.
"""
