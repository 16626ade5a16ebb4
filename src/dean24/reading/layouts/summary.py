"""Layout A, the summary: one row per unit, the indicators and the kinds of their figures in the
header; totals, subtotals, groups and breakdowns checked, never added."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.core.periods import Period
from dean24.core.text import fold, join_vi
from dean24.programme.config import Unit
from dean24.reading.cells import column_name, is_column_number, looks_numeric
from dean24.reading.columnroles import (
    AMBIGUOUS,
    CUMULATIVE,
    NOTE,
    PAST_CUMULATIVE,
    PERIOD,
    PLAN,
    SET_ASIDE,
    UNCLEAR,
    column_role,
)
from dean24.reading.columnroles import BREAKDOWN as BREAKDOWN_COLUMN
from dean24.reading.layouts.columns import (
    IGNORED_HEADER,
    Column,
    check_resolved,
    column_twice,
    kind_name,
    not_used,
    note_aside,
    note_columns,
    note_derived,
    resolve_unclear,
    unit_column,
)
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.figures import derive_cumulative, figure, note_merged_figures
from dean24.reading.layouts.headers import header_origin, header_text, next_table, row_has_merges
from dean24.reading.layouts.notices import (
    hidden_notice,
    rows_notice,
    unit_name_missing,
    unit_place,
)
from dean24.reading.layouts.period import table_period
from dean24.reading.layouts.units_over_rows import kind_column, read_units_over_rows
from dean24.reading.rowkinds import (
    BREAKDOWN,
    GROUP,
    bullet,
    is_section_marker,
    row_kind,
    without_bullet,
)
from dean24.reading.summary_rows import Body as _Body
from dean24.reading.workbook import Sheet

_WHOLE_NUMBER = re.compile(r"\d+\.?")
_NOT_REPORTED = ("chua bao cao", "khong bao cao", "chua gui bao cao", "chua co bao cao")
_new = tuple.__new__


class ValueColumns:
    """A table's value columns as each row is read: (column, indicator, kind, letters) in
    column order, the indicators in the order first met, and those whose cumulative is
    derived (they have a column of the cumulative before the period)."""

    def __init__(self, columns: list[Column]) -> None:
        self.cells = [(col.col, col.code, col.kind, column_name(col.col)) for col in columns]
        self.codes = list(dict.fromkeys(col.code for col in columns))
        self.derived = list(
            dict.fromkeys(col.code for col in columns if col.kind == PAST_CUMULATIVE)
        )


def read_summary(
    ctx: Context, sheet: Sheet, ind_row: int, problems: list[Problem]
) -> tuple[SheetData, int | None]:
    """The summary whose indicator labels are on ind_row, and the row where another
    table's header starts below it (None if none)."""
    kind_col = kind_column(ctx, sheet, ind_row)
    if kind_col is not None:
        return read_units_over_rows(ctx, sheet, ind_row, kind_col, problems)
    header = _read_header(ctx, sheet, ind_row, problems)
    resolved = resolve_unclear(sheet, header.columns, header.unclear, problems, header.report)
    columns = sorted(header.columns + resolved, key=lambda col: col.col)
    lacking = _check_columns(ctx, sheet, columns, ind_row, problems, header.aside)
    unit_col = unit_column(sheet, ind_row, header.end, columns)
    stop = next_table(ctx, sheet, header.end)
    end = stop if stop is not None else len(sheet.rows)
    _note_columns(sheet, header, columns, unit_col, end, problems)
    body = _UnitRows(ctx, sheet, columns, unit_col)
    body.read(range(header.end + 1, end), problems)
    rows, totals = body.sums.finish(problems)
    check_resolved(sheet, resolved, rows, problems)
    body.say(problems)
    rows = _as_summary_of_unit(ctx, sheet, ind_row, rows, totals, problems)
    codes = frozenset(col.code for col in columns)
    table = SheetData(
        sheet.file, sheet.name, "A", header.period, header.period_loc, rows, totals, codes, lacking
    )
    return table, stop


@dataclass
class _Header:
    """What a summary's header says: the value columns, the columns read aside (never added)
    or left unclear, the last header row, and the period the table names."""

    row: int  # the row of the indicator labels
    period: Period | None
    period_loc: Location | None
    report: Period | None  # the period the columns are told against
    end: int = 0
    columns: list[Column] = field(default_factory=list)
    aside: list[tuple[int, str, str]] = field(default_factory=list)  # (column, role, header)
    unclear: list[tuple[int, str, str, Location, str]] = field(default_factory=list)
    unknown_seen: set[Location] = field(default_factory=set)


def _read_header(ctx: Context, sheet: Sheet, ind_row: int, problems: list[Problem]) -> _Header:
    """Each column's indicator and role, from the indicator row and the header rows near it;
    a header naming no indicator is said once."""
    fill = {r: not row_has_merges(sheet, r) for r in range(max(0, ind_row - 3), ind_row + 4)}
    # Rows near the indicator row that belong to the header: a title line is one cell.
    near = [
        r
        for r in (ind_row + 1, ind_row + 2, ind_row - 1, ind_row - 2, ind_row + 3)
        if 0 <= r < len(sheet.rows) and sheet.filled(r) >= 2
    ]
    period, period_loc = table_period(sheet, ind_row, problems)
    header = _Header(ind_row, period, period_loc, period or ctx.period, end=ind_row)
    for c in range(sheet.width):
        own = header_text(sheet, ind_row, c, fill[ind_row])
        indicator = ctx.match_indicator(own) if own and not looks_numeric(own) else None
        kind = column_role(own, False, header.report) if indicator is not None else None
        if kind == NOTE:
            continue
        kind_row = ind_row
        if kind is None:
            kind, kind_row = _role_near(sheet, ind_row, c, near, fill, header.report)
        if kind is None or kind == NOTE:
            continue
        if indicator is None:
            _unknown_head(ctx, sheet, header, c, fill[ind_row], problems)
            continue
        below = sheet.text(ind_row + 2, c) if ind_row + 2 in near else ""
        if kind_row < ind_row + 2 and below and column_role(below) == BREAKDOWN_COLUMN:
            kind, kind_row = BREAKDOWN_COLUMN, ind_row + 2  # 'Tổng số | Trong đó: nữ' under it
        _add_column(sheet, header, c, indicator.code, kind, kind_row, own)
    return header


def _role_near(
    sheet: Sheet,
    ind_row: int,
    col: int,
    near: list[int],
    fill: dict[int, bool],
    report: Period | None,
) -> tuple[str | None, int]:
    """A column's role told by a header row near the indicator row (none below a figure),
    and that row."""
    data_below = False
    for r in near:
        if r > ind_row and data_below:
            continue
        text = header_text(sheet, r, col, fill.get(r, False) and r < ind_row)
        if r > ind_row and looks_numeric(text):
            data_below = True
            continue
        role = column_role(text, r > ind_row, report) if text else None
        if role is not None and role != BREAKDOWN_COLUMN:
            return role, r
    return None, ind_row


def _unknown_head(
    ctx: Context, sheet: Sheet, header: _Header, col: int, fill: bool, problems: list[Problem]
) -> None:
    """A column with a role whose indicator label names no configured indicator: said once
    for its label's cell."""
    head = header_text(sheet, header.row, col, fill)
    if not head or looks_numeric(head) or fold(head) in IGNORED_HEADER:
        return
    where = header_origin(sheet, header.row, col)
    if where not in header.unknown_seen:
        header.unknown_seen.add(where)
        problems.append(ctx.unknown_indicator(head, where))


def _add_column(
    sheet: Sheet, header: _Header, col: int, code: str, kind: str, kind_row: int, own: str
) -> None:
    """A column of an indicator: a value column, set aside (read, never added) or unclear."""
    header.end = max(header.end, kind_row)
    text = header_text(sheet, kind_row, col, False) or own
    if kind in SET_ASIDE:
        header.aside.append((col, kind, text))
    elif kind in (UNCLEAR, AMBIGUOUS):
        where = header_origin(sheet, kind_row, col)
        header.unclear.append((col, kind, text, where, code))
    else:
        header.columns.append(Column(col, code, kind))


def _note_columns(
    sheet: Sheet,
    header: _Header,
    columns: list[Column],
    unit_col: int | None,
    end: int,
    problems: list[Problem],
) -> None:
    """The notices of the columns read aside, derived, planned or left unread."""
    used = {col.col for col in columns} | ({unit_col} if unit_col is not None else set())
    used |= {c for c, _, _ in header.aside} | {c for c, *_ in header.unclear}
    note_aside(sheet, header.aside, problems)
    note_derived(sheet, header.row, header.end, columns, problems)
    # The row above the labels is part of the header unless it is a title line.
    ind_row = header.row
    above = ind_row - 1 if ind_row > 0 and sheet.filled(ind_row - 1) >= 2 else ind_row
    note_columns(
        sheet,
        range(above, header.end + 1),
        range(header.end + 1, end),
        columns,
        used,
        problems,
    )


class _UnitRows:
    """The rows under a summary's header as they are read: unit rows added; totals,
    subtotals, groups and breakdowns kept to be checked; rows set aside named."""

    def __init__(
        self, ctx: Context, sheet: Sheet, columns: list[Column], unit_col: int | None
    ) -> None:
        self.ctx, self.sheet, self.columns, self.unit_col = ctx, sheet, columns, unit_col
        self.first_value_col = min((col.col for col in columns), default=sheet.width)
        self.values = ValueColumns(columns)
        self.sums = _Body(sheet)
        self.uncached: list[Location] = []  # formulas without a value in rows only checked
        self.hidden: list[int] = []  # unit rows hidden by hand: counted, and said
        self.set_aside: list[tuple[int, str]] = []  # rows of plans, ratios, other periods
        self.named_groups: list[tuple[int, str]] = []  # group rows named like a unit

    def read(self, rows: range, problems: list[Problem]) -> None:
        """Each row in turn, up to a blank line after the totals row that no unit follows."""
        for r in rows:
            if any(self.sheet.texts[r]):
                self._row(r, problems)
            elif self.sums.closed and not _unit_follows(self.ctx, self.sheet, r, self.unit_col):
                break  # what follows the table's totals row and a blank line is another matter
            # else a blank line inside the table: unit rows may follow

    def _row(self, r: int, problems: list[Problem]) -> None:
        """One written row: a unit's, one to check, one set aside, or words only."""
        sheet, unit_col = self.sheet, self.unit_col
        name = header_text(sheet, r, unit_col, False) if unit_col is not None else ""
        if name and is_column_number(name):
            return
        lead = [t for c in range(self.first_value_col) if (t := sheet.text(r, c))]
        has_numbers = any(looks_numeric(sheet.value(r, col.col)) for col in self.columns)
        label = name or next((t for t in lead if not looks_numeric(t)), "")
        unit = self.ctx.match_unit(without_bullet(label)) if label else None
        kind = self._kind(r, label, unit)
        if kind is not None and kind != BREAKDOWN:
            self.sums.add_sum_row(kind, self._checked(r, label), has_numbers)
        elif kind == BREAKDOWN and self.sums.breakdown_applies(label):
            self.sums.add_breakdown(self._checked(r, label))
        elif unit is None and kind is None and has_numbers and _row_role(label):
            self.set_aside.append((r, label))  # 'Kế hoạch năm 2024', 'Tỷ lệ (%)' under the units
        elif not name:
            written = any(sheet.text(r, col.col) not in {"", "0", "-"} for col in self.columns)
            if has_numbers and written:
                problems.append(unit_name_missing(unit_place(sheet, r, unit_col)))
        elif unit is None and not has_numbers:
            return  # a heading, a note or a signature line
        elif unit is not None and not has_numbers and _says_not_reported(sheet.texts[r]):
            return  # the unit's row says it sent nothing: it stays a unit not reported
        else:
            raw = without_bullet(name) if bullet(name) else name
            row = row_values(self.ctx, sheet, r, raw, unit_col, self.values, problems)
            self.sums.add_unit(row, name)
            if r in sheet.hidden_rows:
                self.hidden.append(r)

    def _kind(self, r: int, label: str, unit: Unit | None) -> str | None:
        """What a row other than a unit's is (totals, subtotal, group, breakdown), if any."""
        kind = None if unit is not None else row_kind(label) if label else None
        if kind is not None:
            return kind
        sheet = self.sheet
        numbering = [
            t for c in range(self.first_value_col) if c != self.unit_col and (t := sheet.text(r, c))
        ]
        if unit is None and any(is_section_marker(t) for t in numbering):
            return GROUP
        if _heads_units(self.ctx, sheet, r, self.unit_col):
            if unit is not None:  # 'I | BẢO THẮNG' over '1 | Xã Phong Hải': a group, not the unit
                self.named_groups.append((r, label))
            return GROUP
        return None

    def _checked(self, r: int, label: str) -> UnitRow:
        """A row only checked: figures that cannot be read are skipped, not said."""
        quiet: list[Problem] = []
        row = row_values(self.ctx, self.sheet, r, label, self.unit_col, self.values, quiet)
        return _unchecked(row, quiet, self.uncached)

    def say(self, problems: list[Problem]) -> None:
        """The notices of the rows: formulas left unchecked, rows set aside, groups named
        like a unit, hidden unit rows counted."""
        sheet, unit_col = self.sheet, self.unit_col
        if self.uncached:
            problems.append(_uncached_notice(self.uncached))
        if self.set_aside:
            said = (
                "là kế hoạch, tỷ lệ hoặc số của kỳ khác, không phải kết quả của một đơn vị: "
                "không cộng vào báo cáo."
            )
            problems.append(rows_notice("rows_not_added", sheet, self.set_aside, unit_col, said))
        if self.named_groups:
            said = (
                "trùng tên một đơn vị nhưng được viết như dòng đầu nhóm của các dòng đơn vị "
                "bên dưới (số thứ tự I trên 1, 2…, 1 trên 1.1, 1.2…; hoặc tên viết in hoa, "
                "không số thứ tự, trên các tên viết thường đánh số lại từ 1): đọc là dòng "
                "nhóm, số liệu được đối chiếu với các dòng bên dưới, không cộng vào báo cáo."
            )
            problems.append(rows_notice("rows_not_added", sheet, self.named_groups, unit_col, said))
        if self.hidden:
            problems.append(hidden_notice(sheet, self.hidden, unit_col))


def _as_summary_of_unit(
    ctx: Context,
    sheet: Sheet,
    ind_row: int,
    rows: list[UnitRow],
    totals: UnitRow | None,
    problems: list[Problem],
) -> list[UnitRow]:
    """The unit rows, or, for a summary of one configured unit's own units, that unit's row
    of the totals (said)."""
    whole = _summary_of_unit(ctx, sheet, ind_row, rows, totals)
    if whole is None or totals is None:
        return rows
    problems.append(
        Problem(
            "summary_of_unit",
            f"Biểu tổng hợp của {whole.raw_name}: các dòng đơn vị không có trong cấu "
            "hình (là đơn vị cấp dưới), nên dòng Tổng cộng được đọc làm số liệu của "
            f"{whole.raw_name} ({len(rows)} dòng đơn vị đã đối chiếu với dòng này).",
            whole.location,
            severity="warning",
        )
    )
    return [UnitRow(whole.raw_name, whole.location, totals.values)]


def _check_columns(
    ctx: Context,
    sheet: Sheet,
    columns: list[Column],
    header_row: int,
    problems: list[Problem],
    aside: list[tuple[int, str, str]],
) -> list[Problem]:
    """Problems of the columns: a kind missing or given twice. Returns the problem naming
    the indicators with no column at all, which stands unless another table gives them."""
    seen: dict[tuple[str, str], int] = {}
    for col in columns:
        key = (col.code, col.kind)
        if key in seen:
            label = ctx.config.indicator(col.code).label
            problems.append(column_twice(sheet, label, col.kind, header_row, col.col, seen[key]))
        seen.setdefault(key, col.col)
    present = {code for code, _ in seen}
    heads = [(t, r) for _, r, t in aside]
    for kind in (PERIOD, CUMULATIVE):
        missing = [
            f'"{indicator.label}"'
            for indicator in ctx.config.indicators
            if indicator.code in present
            and (indicator.code, kind) not in seen
            and not (kind == CUMULATIVE and (indicator.code, PAST_CUMULATIVE) in seen)
        ]
        if missing:
            problems.append(
                Problem(
                    "indicator_missing",
                    f"Biểu thiếu cột {kind_name(kind)} của chỉ tiêu {join_vi(missing)}."
                    + not_used(heads, kind),
                    Location(sheet.file, sheet.name, ""),
                    advised=True,
                )
            )
    absent = [f'"{i.label}"' for i in ctx.config.indicators if i.code not in present]
    if not absent:
        return []
    # Another table of the workbook may give these (one table per group of indicators).
    return [
        Problem(
            "indicator_missing",
            f"Biểu không có cột của chỉ tiêu {join_vi(absent)} (cột {kind_name(PERIOD)} và "
            f"cột {kind_name(CUMULATIVE)})." + not_used(heads, PERIOD),
            Location(sheet.file, sheet.name, ""),
            advised=True,
        )
    ]


def _summary_of_unit(
    ctx: Context, sheet: Sheet, ind_row: int, rows: list[UnitRow], totals: UnitRow | None
) -> UnitRow | None:
    """A summary whose unit rows are none of the configured units, with a totals row and
    a title line naming a configured unit, is that unit's report (a province's summary of
    its communes, read where the units are provinces): the unit, from its title line."""
    if totals is None or not rows or not ctx.units:
        return None
    for r in range(min(ind_row, len(sheet.rows))):
        for c, text in enumerate(sheet.texts[r]):
            if not text or looks_numeric(text) or (unit := ctx.match_unit(text)) is None:
                continue
            # A row may share the unit's bare name ("Phường Lào Cai" in "Tỉnh Lào Cai").
            if all(ctx.match_unit(without_bullet(row.raw_name)) in (None, unit) for row in rows):
                return UnitRow(text, sheet.location(r, c))
            return None
    return None


def _unit_follows(ctx: Context, sheet: Sheet, blank: int, unit_col: int | None) -> bool:
    """Whether the next written row after a blank line names a configured unit: then the
    blank line, even after a totals row, does not end the table."""
    if unit_col is None or not ctx.units:
        return False
    for r in range(blank + 1, len(sheet.rows)):
        if any(sheet.texts[r]):
            name = without_bullet(header_text(sheet, r, unit_col, False))
            return bool(name) and ctx.match_unit(name) is not None
    return False


def row_values(
    ctx: Context,
    sheet: Sheet,
    row: int,
    name: str,
    unit_col: int | None,
    columns: ValueColumns,
    problems: list[Problem],
) -> UnitRow:
    """A unit row's figures in the value columns (a usual whole number read at once)."""
    values: dict[str, dict[str, Figure]] = {code: {} for code in columns.codes}
    cells = sheet.rows[row] if 0 <= row < len(sheet.rows) else []
    number = str(row + 1)
    plain = not (sheet.uncached or sheet.errors)
    file, title = sheet.file, sheet.name
    for c, code, kind, letters in columns.cells:
        raw = cells[c] if c < len(cells) else ""
        if plain and type(raw) is float and raw.is_integer() and 0 <= raw <= ctx.max_value:
            # The usual cell, at once: what figure gives it (the named tuples made as
            # tuples, without their constructors' call: a large summary has 300.000).
            where = _new(Location, (file, title, letters + number))
            read = _new(Figure, (int(raw), where, False, False))
        else:
            read = figure(ctx, sheet, row, c, problems)
        values[code][kind] = read
    for code in columns.derived:
        derive_cumulative(values[code])
    if sheet.merged_cells:
        note_merged_figures(ctx, sheet, [(row, c) for c, *_ in columns.cells], problems)
    where = sheet.location(row, unit_col if unit_col is not None else 0)
    return UnitRow(name, where, values)


def _heads_units(ctx: Context, sheet: Sheet, row: int, unit_col: int | None) -> bool:
    """Whether a row is written as the heading of the unit rows below it: its STT numbers
    them as its own ('I' over '1', '2'; '1' over '1.1', '1.2'), or, with no STT, its name
    is in capitals over names that are not, numbered again from 1 ('ĐẢNG BỘ BẢO THẮNG'
    over '1 | Xã Gia Phú'). The row is their group (its figures their subtotal), even
    where its name is also a unit's."""
    if unit_col is None or unit_col == 0:
        return False
    own = sheet.text(row, 0)
    below = next(
        (b for b in range(row + 1, min(len(sheet.rows), row + 4)) if sheet.text(b, 0)), None
    )
    if below is None:
        return False
    child = sheet.text(below, 0)
    name = sheet.text(below, unit_col)
    if not own:
        letters = [ch for ch in sheet.text(row, unit_col) if ch.isalpha()]
        under = [ch for ch in name if ch.isalpha()]
        numbered = (
            bool(letters)
            and all(ch.isupper() for ch in letters)
            and not all(ch.isupper() for ch in under)
            and child.rstrip(".") == "1"
        )
    elif is_section_marker(own):
        numbered = _WHOLE_NUMBER.fullmatch(child) is not None
    else:
        parent = own.rstrip(".")
        numbered = parent.isdigit() and re.fullmatch(rf"{parent}\.\d+\.?", child) is not None
    return numbered and bool(name) and ctx.match_unit(without_bullet(name)) is not None


def _says_not_reported(texts: list[str]) -> bool:
    """Whether a row's words say that its unit sent no report ("Chưa báo cáo")."""
    return any(fold(text).startswith(_NOT_REPORTED) for text in texts if text)


def _row_role(label: str) -> bool:
    """Whether a row's label says it holds plans, targets, ratios or another period's figures
    ('Chỉ tiêu giao', 'Tỷ lệ (%)', 'Cùng kỳ năm 2023'), not a unit's results."""
    return column_role(label) in (PLAN, *SET_ASIDE)


def _unchecked(row: UnitRow, quiet: list[Problem], uncached: list[Location]) -> UnitRow:
    """A row only checked, without its formulas that hold no value (they cannot be checked;
    never read as 0)."""
    cells = {p.location for p in quiet if p.code == "formula_no_value"}
    if not cells:
        return row
    uncached.extend(sorted(cells, key=lambda where: (len(where.cell), where.cell)))
    values = {
        code: {kind: f for kind, f in kinds.items() if f.location not in cells}
        for code, kinds in row.values.items()
    }
    return UnitRow(row.raw_name, row.location, values)


def _uncached_notice(cells: list[Location]) -> Problem:
    listed = ", ".join(where.cell for where in cells)
    return Problem(
        "formula_no_value",
        f"Các ô {listed} (dòng tổng cộng, dòng cộng hoặc dòng chi tiết) chứa công thức nhưng "
        "không có giá trị đã tính (tệp do một chương trình tạo ra và chưa được mở bằng Excel): "
        "không kiểm tra được các ô này; báo cáo chỉ cộng các dòng đơn vị.",
        cells[0],
        severity="warning",
        advised=True,
    )
