"""The transposed summary: units as columns (each over 'Trong kỳ' | 'Lũy kế' sub-columns, or
sub-rows told by a kind column) and the indicators as rows."""

from __future__ import annotations

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.reading.cells import a1, looks_numeric
from dean24.reading.columnroles import CUMULATIVE, PERIOD, PLAN, YEAR_TO_DATE, column_role
from dean24.reading.layouts.columns import Column, kind_name
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.figures import figure
from dean24.reading.layouts.indicator_rows import indicator_rows
from dean24.reading.layouts.period import table_period
from dean24.reading.rowkinds import GROUP, SUBTOTAL, TOTAL, row_kind
from dean24.reading.workbook import Sheet

_BY_ROWS = "rows:"  # a unit column whose kinds are told by sub-rows, keyed by the kind column


def unit_groups(
    sheet: Sheet, header_top: int, columns: list[Column]
) -> list[tuple[str, Location, dict[int, str]]] | None:
    """Units written as columns over 'Trong kỳ' | 'Lũy kế' sub-columns: each unit's name,
    its header cell and its value columns; None when the sheet is a unit form."""
    if sum(1 for col in columns if col.kind == PERIOD) < 2 or header_top == 0:
        return None
    row = header_top - 1
    groups: dict[int, tuple[str, dict[int, str]]] = {}
    for col in columns:
        origin = sheet.merged_origin(row, col.col)
        if origin is None:
            origin = next(
                ((row, c) for c in range(col.col, -1, -1) if sheet.text(row, c)),
                None,
            )
        if origin is None:
            continue
        name = sheet.text(*origin)
        if not name or looks_numeric(name) or column_role(name) is not None:
            continue
        groups.setdefault(origin[1], (name, {}))[1][col.col] = col.kind
    if len(groups) < 2:
        return None
    return [(name, sheet.location(row, c), kinds) for c, (name, kinds) in groups.items()]


def unit_groups_by_rows(
    sheet: Sheet, label_col: int, first_label_row: int
) -> list[tuple[str, Location, dict[int, str]]] | None:
    """Units as columns with 'Trong kỳ' | 'Lũy kế' as sub-rows of each indicator, told by
    a column beside the labels: each unit's column is keyed by the kind column."""
    kind_col = None
    for c in range(label_col + 1, min(sheet.width, label_col + 4)):
        roles = [
            column_role(sheet.text(r, c))
            for r in range(first_label_row, min(len(sheet.rows), first_label_row + 6))
        ]
        if PERIOD in roles and CUMULATIVE in roles:
            kind_col = c
            break
    if kind_col is None or first_label_row == 0:
        return None
    row = first_label_row - 1
    groups = []
    for c in range(kind_col + 1, sheet.width):
        name = sheet.text(row, c)
        if name and not looks_numeric(name) and column_role(name) is None:
            groups.append((name, sheet.location(row, c), {c: _BY_ROWS + str(kind_col)}))
    return groups if len(groups) >= 2 else None


def read_transposed(
    ctx: Context,
    sheet: Sheet,
    label_col: int,
    header_top: int,
    groups: list[tuple[str, Location, dict[int, str]]],
    problems: list[Problem],
) -> SheetData:
    """A summary with the units as columns and the indicators as rows, read like one
    with a row per unit."""
    value_cols = [c for _, _, kinds in groups for c in kinds]
    label_rows = indicator_rows(ctx, sheet, label_col, header_top, value_cols, problems)
    rows: list[UnitRow] = []
    totals: UnitRow | None = None
    for name, where, kinds in groups:
        by_kind, by_rows = _unit_columns(sheet, header_top, name, where, kinds, problems)
        values = {
            code: {kind: figure(ctx, sheet, r, c, problems) for kind, c in by_kind.items()}
            for code, r in label_rows.items()
        }
        if by_rows:
            values = _values_by_rows(ctx, sheet, by_rows, label_rows, label_col, problems)
        row = UnitRow(name, where, values)
        if row_kind(name) == TOTAL:
            totals = row
        elif row_kind(name) in (SUBTOTAL, GROUP):
            problems.append(
                Problem(
                    "group_column_not_added",
                    f"Cột của «{name}» là cột cộng nhóm: không cộng vào tổng, báo cáo chỉ "
                    "cộng các cột đơn vị.",
                    where,
                    severity="warning",
                )
            )
        else:
            rows.append(row)
    period, period_loc = table_period(sheet, header_top - 1)
    return SheetData(sheet.file, sheet.name, "A", period, period_loc, rows, totals)


def _unit_columns(
    sheet: Sheet,
    header_top: int,
    name: str,
    where: Location,
    kinds: dict[int, str],
    problems: list[Problem],
) -> tuple[dict[str, int], tuple[int, int] | None]:
    """A unit's column of each kind (a second of one kind, or a kind missing, an error),
    and, where its kinds are sub-rows, (the kind column, the unit's column)."""
    by_kind: dict[str, int] = {}
    by_rows: tuple[int, int] | None = None
    for c, kind in kinds.items():
        if kind.startswith(_BY_ROWS):
            by_rows = (int(kind.removeprefix(_BY_ROWS)), c)
            by_kind = {PERIOD: c, CUMULATIVE: c}
    for c, kind in sorted(kinds.items()):
        if by_rows is not None:
            break
        if kind in by_kind:
            problems.append(
                Problem(
                    "duplicate_column",
                    f"Đơn vị «{name}» có hai cột {kind_name(kind)}.",
                    sheet.location(header_top, c),
                    advised=True,
                )
            )
        by_kind.setdefault(kind, c)
    for kind in (PERIOD, CUMULATIVE):
        if kind not in by_kind:
            problems.append(
                Problem(
                    "column_missing",
                    f'Đơn vị «{name}» thiếu cột "{kind_name(kind)}".',
                    where,
                    advised=True,
                )
            )
    return by_kind, by_rows


def _values_by_rows(
    ctx: Context,
    sheet: Sheet,
    by_rows: tuple[int, int],
    label_rows: dict[str, int],
    label_col: int,
    problems: list[Problem],
) -> dict[str, dict[str, Figure]]:
    """One unit's figures when each indicator has a 'Trong kỳ' and a 'Lũy kế' sub-row."""
    kind_col, col = by_rows
    values: dict[str, dict[str, Figure]] = {}
    for code, r in label_rows.items():
        rows = _kind_rows(sheet, kind_col, r, label_rows)
        values[code] = {kind: figure(ctx, sheet, kr, col, problems) for kind, kr in rows.items()}
        for kind in (PERIOD, CUMULATIVE):
            if kind not in rows and sheet.location(r, label_col) not in ctx.said:
                ctx.said.add(sheet.location(r, label_col))
                problems.append(
                    Problem(
                        "kind_row_missing",
                        f'Chỉ tiêu ở dòng {r + 1} thiếu dòng "{kind_name(kind)}" (ghi '
                        f"«{kind_name(kind)}» ở cột {a1(0, kind_col)[:-1]}).",
                        sheet.location(r, label_col),
                    )
                )
    return values


def _kind_rows(
    sheet: Sheet, kind_col: int, label_row: int, label_rows: dict[str, int]
) -> dict[str, int]:
    """Kind → row, for the sub-rows of one indicator ('Trong kỳ', 'Lũy kế' beside it)."""
    following = sorted(r for r in label_rows.values() if r > label_row)
    end = min([*following, label_row + 4, len(sheet.rows)])
    found: dict[str, int] = {}
    for r in range(label_row, end):
        role = column_role(sheet.text(r, kind_col))
        if role in (PERIOD, CUMULATIVE, YEAR_TO_DATE, PLAN):
            found.setdefault(role, r)
    return found
