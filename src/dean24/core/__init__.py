"""Foundations every stage shares: errors and their catalogue, Vietnamese text, periods, the data
model, the vocabulary, the user's files.
"""
