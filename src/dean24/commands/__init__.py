"""The commands: the command line, the report pipeline, batch, check, forms, and what the terminal
shows.
"""
