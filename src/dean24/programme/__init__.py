"""The programme as configured: indicators, targets, units (districts, then communes and wards),
and which unit a written name stands for.
"""
