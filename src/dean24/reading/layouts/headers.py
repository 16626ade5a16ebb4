"""Header cells of a table: the text a header cell shows (through merged ranges), where its label
sits, and the row where another table's header starts."""

from __future__ import annotations

from dean24.core.errors import Location
from dean24.reading.cells import looks_numeric
from dean24.reading.layouts.context import Context
from dean24.reading.workbook import Sheet


def header_text(sheet: Sheet, row: int, col: int, fill_left: bool) -> str:
    """Text shown at a header cell, following merged ranges (or, without them, the
    nearest text to the left, the way a 'centre across selection' header reads)."""
    origin = sheet.merged_origin(row, col)
    if origin is not None:
        return sheet.text(*origin)
    text = sheet.text(row, col)
    if text or not fill_left:
        return text
    for left in range(col - 1, -1, -1):
        if sheet.merged_origin(row, left) is not None:
            return ""
        text = sheet.text(row, left)
        if text:
            return "" if looks_numeric(text) else text
    return ""


def row_has_merges(sheet: Sheet, row: int) -> bool:
    """Whether a row holds a range merged across columns."""
    return any(r0 <= row <= r1 and c1 > c0 for r0, c0, r1, c1 in sheet.merged)


def header_origin(sheet: Sheet, row: int, col: int) -> Location:
    """The cell where a header's label sits: its merged range's origin, else the nearest
    written cell at or left of the column."""
    origin = sheet.merged_origin(row, col)
    if origin is None:
        # Without merges the label sits at or left of the column.
        for left in range(col, -1, -1):
            if sheet.text(row, left):
                return sheet.location(row, left)
        return sheet.location(row, col)
    return sheet.location(*origin)


def first_written(sheet: Sheet, row: int) -> int:
    """The column of the first written cell of a row (0 if none)."""
    return next((c for c, t in enumerate(sheet.texts[row]) if t), 0)


def next_table(ctx: Context, sheet: Sheet, header_end: int) -> int | None:
    """The first row below a table's header that is another table's header: several
    cells, all words and no figure, one of them an indicator's label."""
    for r in range(header_end + 1, len(sheet.rows)):
        texts = [t for t in sheet.texts[r] if t]
        if len(texts) < 2 or any(looks_numeric(t) for t in texts):
            continue
        if any(ctx.names(t) for t in texts):
            return r
    return None
