"""Checking what was read: one period, known units, consistent figures and totals, the programme's
rules, plausibility.
"""
