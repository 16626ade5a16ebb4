"""Reading workbooks: the only place that knows a spreadsheet library."""
