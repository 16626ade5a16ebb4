"""Layout A with each unit over several rows: a column left of the indicators tells, row by row,
whether a row holds the period's figures or the cumulative."""

from __future__ import annotations

from dataclasses import dataclass, field

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.core.periods import Period
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
    column_twice,
    kind_name,
    unclear_columns,
    unit_column,
)
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.figures import derive_cumulative, figure
from dean24.reading.layouts.headers import header_text, next_table
from dean24.reading.layouts.notices import (
    hidden_notice,
    rows_notice,
    unit_name_missing,
    unit_place,
)
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
    columns = _indicator_columns(ctx, sheet, ind_row, kind_col, problems)
    unit_col = _unit_col(sheet, ind_row, kind_col, columns)
    stop = next_table(ctx, sheet, ind_row)
    end = stop if stop is not None else len(sheet.rows)
    layout = _Blocks(sheet, kind_col, unit_col, columns, period or ctx.period)
    layout.read(range(ind_row + 1, end), problems)
    rows, totals = layout.unit_rows(ctx, problems)
    layout.say(problems)
    codes = frozenset(col.code for col in columns)
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


def _indicator_columns(
    ctx: Context, sheet: Sheet, ind_row: int, kind_col: int, problems: list[Problem]
) -> list[Column]:
    """The indicators' columns right of the kind column, the first of each indicator (a
    second is an error)."""
    columns: list[Column] = []
    for c, text in enumerate(sheet.texts[ind_row]):
        if c > kind_col and (indicator := ctx.names(text)) is not None:
            columns.append(Column(c, indicator.code, ""))
    seen: dict[str, int] = {}
    for col in columns:
        if col.code in seen:
            label = ctx.config.indicator(col.code).label
            problems.append(column_twice(sheet, label, "", ind_row, col.col, seen[col.code]))
        seen.setdefault(col.code, col.col)
    return [col for col in columns if seen[col.code] == col.col]


def _unit_col(sheet: Sheet, ind_row: int, kind_col: int, columns: list[Column]) -> int | None:
    """The column of the units' names: as in a summary, else the first column left of the
    kind column with a header that is not a number's or a note's."""
    unit_col = unit_column(sheet, ind_row, ind_row, columns)
    if unit_col is not None and unit_col != kind_col:
        return unit_col
    return next(
        (c for c in range(kind_col) if fold(sheet.text(ind_row, c)) not in IGNORED_HEADER),
        None,
    )


@dataclass
class _Block:
    """A unit's rows: its name, its first row and the row of each kind of figure."""

    name: str
    first: int
    kinds: dict[str, int] = field(default_factory=dict)


class _Blocks:
    """The rows under the header gathered into units, each kind of figure on its own row."""

    def __init__(
        self,
        sheet: Sheet,
        kind_col: int,
        unit_col: int | None,
        columns: list[Column],
        report: Period | None,
    ) -> None:
        self.sheet, self.kind_col, self.unit_col = sheet, kind_col, unit_col
        self.columns, self.report = columns, report
        self.blocks: list[_Block] = []
        self.unclear: list[tuple[str, Location]] = []  # kinds that cannot be told
        self.aside: list[tuple[int, str]] = []  # rows of ratios, other periods
        self.skipped: list[tuple[int, str]] = []  # group, subtotal and breakdown units
        self.hidden: list[int] = []  # unit rows hidden by hand: counted, and said

    def read(self, rows: range, problems: list[Problem]) -> None:
        """Each row: a new unit where a name starts, its kind told by the kind column."""
        sheet, unit_col, kind_col = self.sheet, self.unit_col, self.kind_col
        for r in rows:
            kind_text = sheet.text(r, kind_col)
            name = header_text(sheet, r, unit_col, False) if unit_col is not None else ""
            origin = sheet.merged_origin(r, unit_col) if unit_col is not None else None
            if not kind_text:
                if any(looks_numeric(sheet.value(r, col.col)) for col in self.columns):
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
            if (name and (origin is None or origin[0] == r)) or not self.blocks:
                self.blocks.append(_Block(name, r))
            self._kind_row(r, kind_text, problems)
        if self.unclear:
            report = self.report
            ambiguous = any(column_role(t, True, report) == AMBIGUOUS for t, _ in self.unclear)
            kind = AMBIGUOUS if ambiguous else UNCLEAR
            problems.append(unclear_columns(sheet, kind, self.unclear, report))

    def _kind_row(self, r: int, kind_text: str, problems: list[Problem]) -> None:
        """A row of the last unit, of the kind its kind cell tells."""
        role = column_role(kind_text, True, self.report)
        if role in (UNCLEAR, AMBIGUOUS) or role is None:
            self.unclear.append((kind_text, self.sheet.location(r, self.kind_col)))
            return
        if role not in (PERIOD, CUMULATIVE, PAST_CUMULATIVE, YEAR_TO_DATE, PLAN):
            self.aside.append((r, kind_text))
            return
        block = self.blocks[-1]
        if role in block.kinds:
            problems.append(
                Problem(
                    "duplicate_column",
                    f"{block.name or 'Đơn vị'} có hai dòng «{kind_name(role)}» (dòng "
                    f"{block.kinds[role] + 1} và dòng {r + 1}). Giữ lại một dòng.",
                    self.sheet.location(r, self.kind_col),
                )
            )
            return
        block.kinds[role] = r

    def unit_rows(
        self, ctx: Context, problems: list[Problem]
    ) -> tuple[list[UnitRow], UnitRow | None]:
        """The units' rows and the totals row (checked, never added), each unit's figures
        from its rows of each kind."""
        rows: list[UnitRow] = []
        totals: UnitRow | None = None
        for block in self.blocks:
            where = unit_place(self.sheet, block.first, self.unit_col)
            if not block.name:
                problems.append(unit_name_missing(where))
                continue
            unit = ctx.match_unit(without_bullet(block.name))
            row_type = None if unit is not None else row_kind(block.name)
            if row_type in (GROUP, SUBTOTAL, BREAKDOWN):
                self.skipped.append((block.first, block.name))
            elif self._complete(block, where, problems):
                row = UnitRow(block.name, where, self._figures(ctx, block, problems))
                if row_type == TOTAL:
                    totals = row
                    continue
                rows.append(row)
                self.hidden += [kr for kr in block.kinds.values() if kr in self.sheet.hidden_rows]
        return rows, totals

    def _complete(self, block: _Block, where: Location, problems: list[Problem]) -> bool:
        """Whether a unit has its row of the period's figures and of the cumulative (or of
        the cumulative before the period); if not, the error naming what it lacks."""
        lacking = [k for k in (PERIOD, CUMULATIVE) if k not in block.kinds]
        if CUMULATIVE in lacking and PAST_CUMULATIVE in block.kinds:
            lacking.remove(CUMULATIVE)
        if lacking:
            problems.append(
                Problem(
                    "kind_row_missing",
                    f"{block.name} thiếu dòng "
                    f"{join_vi([f'«{kind_name(k)}»' for k in lacking])} (ghi ở cột "
                    f"{a1(0, self.kind_col)[:-1]}).",
                    where,
                )
            )
        return not lacking

    def _figures(
        self, ctx: Context, block: _Block, problems: list[Problem]
    ) -> dict[str, dict[str, Figure]]:
        """A unit's figures: indicator → kind → the figure on the kind's row."""
        values: dict[str, dict[str, Figure]] = {}
        for col in self.columns:
            figures = {
                k: figure(ctx, self.sheet, kr, col.col, problems) for k, kr in block.kinds.items()
            }
            derive_cumulative(figures)
            values[col.code] = figures
        return values

    def say(self, problems: list[Problem]) -> None:
        """The notices: rows not added, hidden unit rows counted, the layout read."""
        sheet, kind_col = self.sheet, self.kind_col
        not_added = sorted(self.skipped + self.aside)
        if not_added:
            said = "là dòng nhóm, dòng cộng, tỷ lệ hoặc số của kỳ khác: không cộng vào báo cáo."
            problems.append(rows_notice("rows_not_added", sheet, not_added, kind_col, said))
        if self.hidden:
            problems.append(hidden_notice(sheet, self.hidden, self.unit_col))
        problems.append(
            Problem(
                "units_over_rows",
                f"Mỗi đơn vị ghi trên nhiều dòng, cột {a1(0, kind_col)[:-1]} cho biết dòng nào "
                "là số trong kỳ, dòng nào là số lũy kế: đã đọc theo cột này.",
                Location(sheet.file, sheet.name, ""),
                severity="warning",
            )
        )
