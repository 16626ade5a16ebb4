"""Notices that name rows of a table: rows listed by number and label, hidden unit rows counted."""

from __future__ import annotations

from collections.abc import Sequence

from dean24.core.errors import Problem
from dean24.core.text import escaped
from dean24.reading.workbook import Sheet


def rows_named(rows: Sequence[tuple[int, str]]) -> str:
    """'Dòng 13 «Kế hoạch»' or 'Các dòng 13 «Kế hoạch»; 14 «Tỷ lệ»', each label as it reads
    with its characters that show nothing written out."""
    listed = "; ".join(f"{r + 1} «{escaped(label)}»" for r, label in rows)
    return f"Dòng {listed}" if len(rows) == 1 else f"Các dòng {listed}"


def hidden_notice(sheet: Sheet, hidden: list[int], unit_col: int | None) -> Problem:
    """The notice that hidden unit rows were counted like any other."""
    listed = ", ".join(str(r + 1) for r in hidden)
    return Problem(
        "hidden_rows_counted",
        f"Các dòng {listed} đang bị ẩn nhưng là dòng đơn vị có số liệu: đã được cộng vào báo cáo "
        "như mọi dòng khác.",
        sheet.location(hidden[0], unit_col if unit_col is not None else 0),
        severity="warning",
        advised=True,
    )
