"""A figure read from its cell (formulas without a value, Excel errors, merged figure cells
said), and a period's cumulative derived from the cumulative to the period before."""

from __future__ import annotations

from dean24.core.errors import Problem
from dean24.core.model import Figure
from dean24.reading.cells import a1, is_blank, parse_count
from dean24.reading.columnroles import CUMULATIVE, PAST_CUMULATIVE, PERIOD
from dean24.reading.layouts.context import Context
from dean24.reading.workbook import Sheet


def figure(ctx: Context, sheet: Sheet, row: int, col: int, problems: list[Problem]) -> Figure:
    """The figure of a cell: a formula without a value or an Excel error is an error (read
    as 0, never added silently), anything else is read as a count."""
    where = sheet.location(row, col)
    if where.cell in sheet.uncached:
        problems.append(
            Problem(
                "formula_no_value",
                "Ô chứa công thức nhưng không có giá trị đã tính (tệp do một chương trình tạo "
                "ra và chưa được mở bằng Excel).",
                where,
                advised=True,
            )
        )
        return Figure(0, where)
    if where.cell in sheet.errors:
        problems.append(
            Problem(
                "value_excel_error",
                f"Ô chứa lỗi Excel {sheet.errors[where.cell]} thay vì số (thường do công thức "
                "chia cho 0 hoặc tham chiếu ô đã xóa).",
                where,
                advised=True,
            )
        )
        return Figure(0, where)
    raw = sheet.value(row, col)
    value, problem = parse_count(raw, where, ctx.max_value)
    if problem is not None:
        problems.append(problem)
    return Figure(value, where, blank=is_blank(raw))


def note_merged_figures(
    ctx: Context, sheet: Sheet, cells: list[tuple[int, int]], problems: list[Problem]
) -> None:
    """A figure cell merged with another row's or another column's: one number shown for
    two figures, read for the top-left one and as 0 for the others. An error naming the
    range, once."""
    for row, c in cells:
        span = sheet.merged_cells.get((row, c))
        if span is None:
            continue
        r0, c0, r1, c1 = span
        origin = sheet.location(r0, c0)
        if origin in ctx.said or sheet.text(r0, c0) in ("", "0", "-"):
            continue  # said once; nothing (or 0) merged over cells is 0 for each
        ctx.said.add(origin)
        shown = sheet.text(r0, c0)
        where = f"{a1(r0, c0)}:{a1(r1, c1)}"
        across = (
            f"dòng {r0 + 1} đến {r1 + 1}"
            if c0 == c1
            else f"cột {a1(0, c0)[:-1]} đến {a1(0, c1)[:-1]}"
        )
        if r0 != r1 and c0 != c1:
            across = f"dòng {r0 + 1} đến {r1 + 1}, cột {a1(0, c0)[:-1]} đến {a1(0, c1)[:-1]}"
        problems.append(
            Problem(
                "value_merged",
                f"Ô số liệu {where} là ô gộp ({across}): một số ({shown}) cho nhiều ô số "
                "liệu, không biết là số của ô nào.",
                origin,
                advised=True,
            )
        )


def derive_cumulative(kinds: dict[str, Figure]) -> None:
    """This period's cumulative from the cumulative to the end of the period before and the
    period's figure, where the table gives no cumulative of its own (marked derived)."""
    past = kinds.get(PAST_CUMULATIVE)
    if past is None or CUMULATIVE in kinds or PERIOD not in kinds:
        return
    in_period = kinds[PERIOD]
    kinds[CUMULATIVE] = Figure(
        past.value + in_period.value,
        past.location,
        blank=past.blank and in_period.blank,
        derived=True,
    )
