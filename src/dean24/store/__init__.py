"""What lasts between runs: the history store, the all-or-nothing writer of a run's files, the
user's cache, acknowledged warnings.
"""
