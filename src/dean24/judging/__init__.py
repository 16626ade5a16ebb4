"""Judging: figures added up, each target judged over its horizon, comparisons with stored periods,
units changed.
"""
