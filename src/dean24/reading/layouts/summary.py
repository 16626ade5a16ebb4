"""Layout A, the summary: one row per unit, the indicators and the kinds of their figures in the
header; totals, subtotals, groups and breakdowns checked, never added."""

from __future__ import annotations

import re

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.core.text import fold, join_vi
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
from dean24.reading.layouts.notices import hidden_notice, rows_named
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
    width = sheet.width
    fill = {r: not row_has_merges(sheet, r) for r in range(max(0, ind_row - 3), ind_row + 4)}
    # Rows near the indicator row that belong to the header: a title line is one cell.
    near = [
        r
        for r in (ind_row + 1, ind_row + 2, ind_row - 1, ind_row - 2, ind_row + 3)
        if 0 <= r < len(sheet.rows) and sheet.filled(r) >= 2
    ]
    columns: list[Column] = []
    header_end = ind_row
    unknown_seen: set[Location] = set()
    period, period_loc = table_period(sheet, ind_row, problems)
    report = period or ctx.period
    aside: list[tuple[int, str, str]] = []  # (column, role, header) read, never added
    unclear: list[tuple[int, str, str, Location, str]] = []
    for c in range(width):
        own = header_text(sheet, ind_row, c, fill[ind_row])
        indicator = ctx.match_indicator(own) if own and not looks_numeric(own) else None
        kind = column_role(own, False, report) if indicator is not None else None
        if kind == NOTE:
            continue
        kind_row = ind_row
        if kind is None:
            data_below = False
            for r in near:
                if r > ind_row and data_below:
                    continue
                text = header_text(sheet, r, c, fill.get(r, False) and r < ind_row)
                if r > ind_row and looks_numeric(text):
                    data_below = True
                    continue
                role = column_role(text, r > ind_row, report) if text else None
                if role is not None and role != BREAKDOWN_COLUMN:
                    kind, kind_row = role, r
                    break
        if kind is None or kind == NOTE:
            continue
        if indicator is None:
            head = header_text(sheet, ind_row, c, fill[ind_row])
            if head and not looks_numeric(head) and fold(head) not in IGNORED_HEADER:
                where = header_origin(sheet, ind_row, c)
                if where not in unknown_seen:
                    unknown_seen.add(where)
                    problems.append(ctx.unknown_indicator(head, where))
            continue
        below = sheet.text(ind_row + 2, c) if ind_row + 2 in near else ""
        if kind_row < ind_row + 2 and below and column_role(below) == BREAKDOWN_COLUMN:
            kind, kind_row = BREAKDOWN_COLUMN, ind_row + 2  # 'Tổng số | Trong đó: nữ' under it
        header_end = max(header_end, kind_row)
        text = header_text(sheet, kind_row, c, False) or own
        if kind in SET_ASIDE:
            aside.append((c, kind, text))
        elif kind in (UNCLEAR, AMBIGUOUS):
            where = header_origin(sheet, kind_row, c)
            unclear.append((c, kind, text, where, indicator.code))
        else:
            columns.append(Column(c, indicator.code, kind))
    resolved = resolve_unclear(sheet, columns, unclear, problems, report)
    columns = sorted(columns + resolved, key=lambda col: col.col)
    lacking = _check_columns(ctx, sheet, columns, ind_row, problems, aside)
    unit_col = unit_column(sheet, ind_row, header_end, columns)
    stop = next_table(ctx, sheet, header_end)
    end = stop if stop is not None else len(sheet.rows)
    used = {col.col for col in columns} | ({unit_col} if unit_col is not None else set())
    used |= {c for c, _, _ in aside} | {c for c, *_ in unclear}
    note_aside(sheet, aside, problems)
    note_derived(sheet, ind_row, header_end, columns, problems)
    # The row above the labels is part of the header unless it is a title line.
    above = ind_row - 1 if ind_row > 0 and sheet.filled(ind_row - 1) >= 2 else ind_row
    note_columns(
        sheet,
        range(above, header_end + 1),
        range(header_end + 1, end),
        columns,
        used,
        problems,
    )
    first_value_col = min((col.col for col in columns), default=width)
    value_columns = ValueColumns(columns)
    body = _Body(sheet)
    uncached: list[Location] = []  # formulas without a value in rows only checked
    hidden: list[int] = []  # unit rows hidden by hand: counted, and said
    set_aside: list[tuple[int, str]] = []  # rows of plans, ratios, other periods
    named_groups: list[tuple[int, str]] = []  # group rows named like a unit
    for r in range(header_end + 1, end):
        if not any(sheet.texts[r]):
            if body.closed and not _unit_follows(ctx, sheet, r, unit_col):
                break  # what follows the table's totals row and a blank line is another matter
            continue  # a blank line inside the table: unit rows may follow
        name = header_text(sheet, r, unit_col, False) if unit_col is not None else ""
        lead = [t for c in range(first_value_col) if (t := sheet.text(r, c))]
        numbering = [t for c in range(first_value_col) if c != unit_col and (t := sheet.text(r, c))]
        has_numbers = any(looks_numeric(sheet.value(r, col.col)) for col in columns)
        if name and is_column_number(name):
            continue
        label = name or next((t for t in lead if not looks_numeric(t)), "")
        unit = ctx.match_unit(without_bullet(label)) if label else None
        kind = None if unit is not None else row_kind(label) if label else None
        if kind is None and unit is None and any(is_section_marker(t) for t in numbering):
            kind = GROUP
        elif kind is None and _heads_units(ctx, sheet, r, unit_col):
            kind = GROUP  # 'I | BẢO THẮNG' over '1 | Xã Phong Hải': a group, not the unit
            if unit is not None:
                named_groups.append((r, label))
        if kind is not None and kind != BREAKDOWN:
            quiet: list[Problem] = []  # figures only checked: unreadable ones are skipped
            row = row_values(ctx, sheet, r, label, unit_col, value_columns, quiet)
            body.add_sum_row(kind, _unchecked(row, quiet, uncached), has_numbers)
            continue
        if kind == BREAKDOWN and body.breakdown_applies(label):
            quiet = []
            row = row_values(ctx, sheet, r, label, unit_col, value_columns, quiet)
            body.add_breakdown(_unchecked(row, quiet, uncached))
            continue
        if unit is None and kind is None and has_numbers and _row_role(label):
            set_aside.append((r, label))  # 'Kế hoạch năm 2024', 'Tỷ lệ (%)' under the units
            continue
        if not name:
            if has_numbers and any(sheet.text(r, col.col) not in {"", "0", "-"} for col in columns):
                problems.append(
                    Problem(
                        "unit_name_missing",
                        "Dòng có số liệu nhưng không có tên đơn vị.",
                        sheet.location(r, unit_col if unit_col is not None else 0),
                        advised=True,
                    )
                )
            continue
        if unit is None and not has_numbers:
            continue  # a heading, a note or a signature line
        if unit is not None and not has_numbers and _says_not_reported(sheet.texts[r]):
            continue  # the unit's row says it sent nothing: it stays a unit not reported
        raw = without_bullet(name) if bullet(name) else name
        body.add_unit(row_values(ctx, sheet, r, raw, unit_col, value_columns, problems), name)
        if r in sheet.hidden_rows:
            hidden.append(r)
    rows, totals = body.finish(problems)
    check_resolved(sheet, resolved, rows, problems)
    if uncached:
        problems.append(_uncached_notice(uncached))
    if set_aside:
        problems.append(
            Problem(
                "rows_not_added",
                f"{rows_named(set_aside)} là kế hoạch, tỷ lệ hoặc số của kỳ khác, không "
                "phải kết quả của một đơn vị: không cộng vào báo cáo.",
                sheet.location(set_aside[0][0], unit_col if unit_col is not None else 0),
                severity="warning",
            )
        )
    if named_groups:
        problems.append(
            Problem(
                "rows_not_added",
                f"{rows_named(named_groups)} trùng tên một đơn vị nhưng được viết như dòng "
                "đầu nhóm của các dòng đơn vị bên dưới (số thứ tự I trên 1, 2…, 1 trên 1.1, "
                "1.2…; hoặc tên viết in hoa, không số thứ tự, trên các tên viết thường đánh "
                "số lại từ 1): đọc là dòng nhóm, số liệu được đối chiếu với các dòng bên "
                "dưới, không cộng vào báo cáo.",
                sheet.location(named_groups[0][0], unit_col if unit_col is not None else 0),
                severity="warning",
            )
        )
    if hidden:
        problems.append(hidden_notice(sheet, hidden, unit_col))
    whole = _summary_of_unit(ctx, sheet, ind_row, rows, totals)
    if whole is not None and totals is not None:
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
        rows = [UnitRow(whole.raw_name, whole.location, totals.values)]
    codes = frozenset(col.code for col in columns)
    table = SheetData(sheet.file, sheet.name, "A", period, period_loc, rows, totals, codes, lacking)
    return table, stop


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
            problems.append(
                Problem(
                    "duplicate_column",
                    f'Chỉ tiêu "{ctx.config.indicator(col.code).label}" có hai cột '
                    f"{kind_name(col.kind)} ({sheet.location(header_row, seen[key]).cell} và "
                    "cột này).",
                    sheet.location(header_row, col.col),
                    advised=True,
                )
            )
        seen.setdefault(key, col.col)
    present = {code for code, _ in seen}
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
                    f"Biểu thiếu cột {kind_name(kind)} của chỉ tiêu {join_vi(missing)}. "
                    "Bổ sung cột này (hoặc dùng cấu hình khác)."
                    + not_used([(t, r) for _, r, t in aside], kind),
                    Location(sheet.file, sheet.name, ""),
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
            f"cột {kind_name(CUMULATIVE)}). Bổ sung các cột này (hoặc dùng cấu hình khác)."
            + not_used([(t, r) for _, r, t in aside], PERIOD),
            Location(sheet.file, sheet.name, ""),
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
        "không kiểm tra được các ô này. Báo cáo chỉ cộng các dòng đơn vị; mở tệp bằng Excel, "
        "lưu lại rồi gửi lại nếu cần kiểm tra dòng tổng.",
        cells[0],
        severity="warning",
    )
