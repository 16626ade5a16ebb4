"""Reading a sheet's table, one module per layout and per concern: detect (which layout),
summary (units as rows), units_over_rows, unit_form (indicators as rows, one unit), transposed
(units as columns), and what they share: headers, columns, period, figures, indicator_rows,
notices, context."""
