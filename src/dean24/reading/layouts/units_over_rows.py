"""Layout A with each unit over several rows: a column left of the indicators tells, row by row,
whether a row holds the period's figures or the cumulative."""

from __future__ import annotations

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.core.text import fold, join_vi
from dean24.reading.cells import a1, looks_numeric
from dean24.reading.columnroles import (
    AMBIGUOUS,
    CUMULATIVE,
    PAST_CUMULATIVE,
    PERIOD,
    PLAN,
    UNCLEAR,
    YEAR_TO_DATE,
    column_role,
)
from dean24.reading.layouts.columns import (
    IGNORED_HEADER,
    Column,
    kind_name,
    unclear_columns,
    unit_column,
)
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.figures import derive_cumulative, figure
from dean24.reading.layouts.headers import header_text, next_table
from dean24.reading.layouts.notices import hidden_notice, rows_named
from dean24.reading.layouts.period import table_period
from dean24.reading.rowkinds import BREAKDOWN, GROUP, SUBTOTAL, TOTAL, row_kind, without_bullet
from dean24.reading.workbook import Sheet


def kind_column(ctx: Context, sheet: Sheet, ind_row: int) -> int | None:
    """A column left of the indicators telling, row by row, what each row of a unit holds
    ('Trong kỳ', 'Lũy kế'), where no header row under the indicators tells it: the unit
    is written over two (or more) rows."""
    labels = [c for c, text in enumerate(sheet.texts[ind_row]) if ctx.names(text)]
    if not labels:
        return None
    for r in (ind_row + 1, ind_row + 2):
        if any(column_role(sheet.text(r, c), True) is not None for c in labels):
            return None  # the kinds are in the header: one row per unit
    rows = range(ind_row + 1, min(len(sheet.rows), ind_row + 16))
    report = table_period(sheet, ind_row)[0] or ctx.period
    others = {CUMULATIVE, PAST_CUMULATIVE, YEAR_TO_DATE, AMBIGUOUS, UNCLEAR}
    for c in range(min(labels)):
        roles = {column_role(sheet.text(r, c), True, report) for r in rows if sheet.text(r, c)}
        if PERIOD in roles and roles & others:
            return c
    return None


def read_units_over_rows(
    ctx: Context, sheet: Sheet, ind_row: int, kind_col: int, problems: list[Problem]
) -> tuple[SheetData, int | None]:
    """A summary whose units each take a row per kind of figure (a unit's name merged
    over its rows, or written on its first row), the kind told in kind_col."""
    period, period_loc = table_period(sheet, ind_row, problems)
    report = period or ctx.period
    columns: list[Column] = []
    for c, text in enumerate(sheet.texts[ind_row]):
        if c > kind_col and (indicator := ctx.names(text)) is not None:
            columns.append(Column(c, indicator.code, ""))
    seen: dict[str, int] = {}
    for col in columns:
        if col.code in seen:
            problems.append(
                Problem(
                    "duplicate_column",
                    f'Chỉ tiêu "{ctx.config.indicator(col.code).label}" có hai cột '
                    f"({sheet.location(ind_row, seen[col.code]).cell} và cột này).",
                    sheet.location(ind_row, col.col),
                    advised=True,
                )
            )
        seen.setdefault(col.code, col.col)
    columns = [col for col in columns if seen[col.code] == col.col]
    unit_col = unit_column(sheet, ind_row, ind_row, columns)
    if unit_col is None or unit_col == kind_col:
        unit_col = next(
            (c for c in range(kind_col) if fold(sheet.text(ind_row, c)) not in IGNORED_HEADER),
            None,
        )
    stop = next_table(ctx, sheet, ind_row)
    end = stop if stop is not None else len(sheet.rows)
    blocks: list[tuple[str, int, dict[str, int]]] = []  # (name, first row, kind → row)
    unclear: list[tuple[str, Location]] = []
    aside: list[tuple[int, str]] = []
    for r in range(ind_row + 1, end):
        kind_text = sheet.text(r, kind_col)
        name = header_text(sheet, r, unit_col, False) if unit_col is not None else ""
        origin = sheet.merged_origin(r, unit_col) if unit_col is not None else None
        starts = bool(name) and (origin is None or origin[0] == r)
        if not kind_text:
            if any(looks_numeric(sheet.value(r, col.col)) for col in columns):
                problems.append(
                    Problem(
                        "kind_row_unclear",
                        f"Dòng {r + 1} có số liệu nhưng ô {sheet.location(r, kind_col).cell} "
                        "không ghi đó là số trong kỳ hay số lũy kế.",
                        sheet.location(r, kind_col),
                        advised=True,
                    )
                )
            continue
        if starts or not blocks:
            blocks.append((name, r, {}))
        role = column_role(kind_text, True, report)
        if role in (UNCLEAR, AMBIGUOUS) or role is None:
            unclear.append((kind_text, sheet.location(r, kind_col)))
            continue
        if role not in (PERIOD, CUMULATIVE, PAST_CUMULATIVE, YEAR_TO_DATE, PLAN):
            aside.append((r, kind_text))
            continue
        kinds = blocks[-1][2]
        if role in kinds:
            problems.append(
                Problem(
                    "duplicate_column",
                    f"{blocks[-1][0] or 'Đơn vị'} có hai dòng «{kind_name(role)}» (dòng "
                    f"{kinds[role] + 1} và dòng {r + 1}). Giữ lại một dòng.",
                    sheet.location(r, kind_col),
                )
            )
            continue
        kinds[role] = r
    if unclear:
        ambiguous = any(column_role(t, True, report) == AMBIGUOUS for t, _ in unclear)
        kind = AMBIGUOUS if ambiguous else UNCLEAR
        problems.append(unclear_columns(sheet, kind, unclear, report))
    rows: list[UnitRow] = []
    totals: UnitRow | None = None
    hidden: list[int] = []
    skipped: list[tuple[int, str]] = []
    for name, first, kinds in blocks:
        where = sheet.location(first, unit_col if unit_col is not None else 0)
        if not name:
            problems.append(
                Problem(
                    "unit_name_missing",
                    "Dòng có số liệu nhưng không có tên đơn vị.",
                    where,
                    advised=True,
                )
            )
            continue
        unit = ctx.match_unit(without_bullet(name))
        row_type = None if unit is not None else row_kind(name)
        if row_type in (GROUP, SUBTOTAL, BREAKDOWN):
            skipped.append((first, name))
            continue
        lacking = [k for k in (PERIOD, CUMULATIVE) if k not in kinds]
        if CUMULATIVE in lacking and PAST_CUMULATIVE in kinds:
            lacking.remove(CUMULATIVE)
        if lacking:
            problems.append(
                Problem(
                    "kind_row_missing",
                    f"{name} thiếu dòng "
                    f"{join_vi([f'«{kind_name(k)}»' for k in lacking])} (ghi ở cột "
                    f"{a1(0, kind_col)[:-1]}).",
                    where,
                )
            )
            continue
        values: dict[str, dict[str, Figure]] = {}
        for col in columns:
            figures = {k: figure(ctx, sheet, kr, col.col, problems) for k, kr in kinds.items()}
            derive_cumulative(figures)
            values[col.code] = figures
        row = UnitRow(name, where, values)
        if row_type == TOTAL:
            totals = row
            continue
        rows.append(row)
        hidden += [kr for kr in kinds.values() if kr in sheet.hidden_rows]
    if skipped or aside:
        problems.append(
            Problem(
                "rows_not_added",
                f"{rows_named(sorted(skipped + aside))} là dòng nhóm, dòng cộng, tỷ lệ "
                "hoặc số của kỳ khác: không cộng vào báo cáo.",
                sheet.location(sorted(skipped + aside)[0][0], kind_col),
                severity="warning",
            )
        )
    if hidden:
        problems.append(hidden_notice(sheet, hidden, unit_col))
    problems.append(
        Problem(
            "units_over_rows",
            f"Mỗi đơn vị ghi trên nhiều dòng, cột {a1(0, kind_col)[:-1]} cho biết dòng nào "
            "là số trong kỳ, dòng nào là số lũy kế: đã đọc theo cột này.",
            Location(sheet.file, sheet.name, ""),
            severity="warning",
        )
    )
    codes = frozenset(seen)
    absent = [f'"{i.label}"' for i in ctx.config.indicators if i.code not in codes]
    lacking_tables = (
        [
            Problem(
                "indicator_missing",
                f"Biểu không có cột của chỉ tiêu {join_vi(absent)}.",
                Location(sheet.file, sheet.name, ""),
                advised=True,
            )
        ]
        if absent
        else []
    )
    table = SheetData(
        sheet.file, sheet.name, "A", period, period_loc, rows, totals, codes, lacking_tables
    )
    return table, stop
