"""Notices that name rows of a table: rows listed by number and label, hidden unit rows counted,
a row of figures without a unit's name."""

from __future__ import annotations

from collections.abc import Sequence

from dean24.core.errors import Location, Problem
from dean24.core.text import escaped
from dean24.reading.workbook import Sheet


def rows_named(rows: Sequence[tuple[int, str]]) -> str:
    """'Dòng 13 «Kế hoạch»' or 'Các dòng 13 «Kế hoạch»; 14 «Tỷ lệ»', each label as it reads
    with its characters that show nothing written out."""
    listed = "; ".join(f"{r + 1} «{escaped(label)}»" for r, label in rows)
    return f"Dòng {listed}" if len(rows) == 1 else f"Các dòng {listed}"


def rows_notice(
    code: str, sheet: Sheet, rows: Sequence[tuple[int, str]], col: int | None, said: str
) -> Problem:
    """A warning naming rows (number and label) and what was done with them, at the first
    row's cell in col (the first column where none)."""
    return Problem(
        code, f"{rows_named(rows)} {said}", unit_place(sheet, rows[0][0], col), severity="warning"
    )


def unit_place(sheet: Sheet, row: int, unit_col: int | None) -> Location:
    """A row's cell in the unit column (the first column where none is known)."""
    return sheet.location(row, unit_col if unit_col is not None else 0)


def unit_name_missing(where: Location) -> Problem:
    """The error of a row with figures and no unit's name."""
    return Problem(
        "unit_name_missing", "Dòng có số liệu nhưng không có tên đơn vị.", where, advised=True
    )


def hidden_notice(sheet: Sheet, hidden: list[int], unit_col: int | None) -> Problem:
    """The notice that hidden unit rows were counted like any other."""
    listed = ", ".join(str(r + 1) for r in hidden)
    return Problem(
        "hidden_rows_counted",
        f"Các dòng {listed} đang bị ẩn nhưng là dòng đơn vị có số liệu: đã được cộng vào báo cáo "
        "như mọi dòng khác.",
        unit_place(sheet, hidden[0], unit_col),
        severity="warning",
        advised=True,
    )
