"""Layout B, the unit form: one unit's figures, the indicators as rows and the kinds of figure as
columns; the unit named by a 'Đơn vị: …' line, a title, the sheet or the file. A form whose
header shows units as column groups is a transposed summary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from dean24.core.errors import Location, Problem
from dean24.core.model import SheetData, UnitRow
from dean24.core.periods import Period
from dean24.core.text import fold
from dean24.reading.cells import looks_numeric
from dean24.reading.columnroles import (
    AMBIGUOUS,
    CUMULATIVE,
    NOTE,
    PAST_CUMULATIVE,
    PERIOD,
    SET_ASIDE,
    UNCLEAR,
    YEAR_TO_DATE,
    column_role,
)
from dean24.reading.layouts.columns import (
    Column,
    check_resolved,
    kind_name,
    not_used,
    note_aside,
    note_columns,
    note_derived,
    resolve_unclear,
)
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.figures import derive_cumulative, figure, note_merged_figures
from dean24.reading.layouts.headers import first_written, header_origin, header_text
from dean24.reading.layouts.indicator_rows import indicator_rows
from dean24.reading.layouts.period import table_period
from dean24.reading.layouts.transposed import read_transposed, unit_groups, unit_groups_by_rows
from dean24.reading.rowkinds import is_section_heading
from dean24.reading.workbook import Sheet

_UNIT_LINE = re.compile(r"^\s*(?:ten\s+)?(?:don vi|dang bo|co quan)\s*(?:bao cao)?\s*:\s*", re.I)
_GENERIC_SHEET = re.compile(r"^(sheet|trang|bieu|table|tong hop)\s*\d*$")


def read_unit_form(
    ctx: Context, sheet: Sheet, label_col: int, problems: list[Problem]
) -> SheetData:
    """A sheet whose indicators are rows down label_col: one unit's form, or a transposed
    summary when its header shows units as column groups."""
    first_label_row = next(
        r
        for r in range(len(sheet.rows))
        if (t := sheet.text(r, label_col)) and not looks_numeric(t) and ctx.match_indicator(t)
    )
    header = _read_form_header(ctx, sheet, label_col, first_label_row, problems)
    groups = unit_groups(sheet, header.top, header.columns)
    if groups is None and PERIOD not in header.kinds.values():
        groups = unit_groups_by_rows(sheet, label_col, first_label_row)
        header.top = first_label_row - 1 if groups is not None else header.top
    if groups is not None:
        return read_transposed(ctx, sheet, label_col, header.top, groups, problems)
    by_kind = _one_column_per_kind(sheet, header, problems)
    _note_form_columns(sheet, label_col, header, by_kind, problems)
    lacking: list[Problem] = []  # stands unless another form of the unit gives them
    label_rows = indicator_rows(
        ctx, sheet, label_col, header.top, by_kind.values(), problems, lacking
    )
    values = {
        code: {kind: figure(ctx, sheet, r, c, problems) for kind, c in by_kind.items()}
        for code, r in label_rows.items()
    }
    for figures in values.values():
        derive_cumulative(figures)
    if sheet.merged_cells:
        cells = [(r, c) for r in label_rows.values() for c in by_kind.values()]
        note_merged_figures(ctx, sheet, cells, problems)
    name, where = _unit_of_form(ctx, sheet, header.top, problems)
    rows = [UnitRow(name, where, values)] if name else []
    check_resolved(sheet, header.resolved, [UnitRow(name, where, values)], problems)
    codes = frozenset(label_rows)
    return SheetData(
        sheet.file, sheet.name, "B", header.period, header.period_loc, rows, None, codes, lacking
    )


@dataclass
class _FormHeader:
    """What a form's header says: each column's role, its top row, the period the form
    names, and the value columns, those read aside (never added) and those left unclear."""

    kinds: dict[int, str]
    top: int
    first_label_row: int
    period: Period | None
    period_loc: Location | None
    columns: list[Column]
    aside: list[tuple[int, str, str]]  # (column, role, header)
    unclear: list[tuple[int, str, str, Location, str]]
    resolved: list[Column]


def _read_form_header(
    ctx: Context, sheet: Sheet, label_col: int, first_label_row: int, problems: list[Problem]
) -> _FormHeader:
    """The form's columns by the header rows above its first indicator label, told against
    the period it names (a column headed by the period's name is its period column where
    none says 'Trong kỳ')."""
    # The header rows: up to three rows above the first label that hold column kinds.
    kinds, header_top = _form_kinds(sheet, label_col, first_label_row, False, None)
    period, period_loc = table_period(sheet, header_top, problems)
    report = period or ctx.period
    kinds, header_top = _form_kinds(sheet, label_col, first_label_row, False, report)
    if PERIOD not in kinds.values():
        # No column says 'Trong kỳ': one headed by the period's name holds the period.
        kinds, header_top = _form_kinds(sheet, label_col, first_label_row, True, report)
    aside = [
        (c, kind, _form_header(sheet, header_top, first_label_row, c))
        for c, kind in sorted(kinds.items())
        if kind in SET_ASIDE
    ]
    unclear = [
        (c, kind, head, header_origin(sheet, r, c), "")
        for c, kind in sorted(kinds.items())
        if kind in (UNCLEAR, AMBIGUOUS)
        for r, head in [_form_header_cell(sheet, header_top, first_label_row, c)]
    ]
    columns = [
        Column(c, "", kind)
        for c, kind in sorted(kinds.items())
        if kind not in SET_ASIDE and kind not in (NOTE, UNCLEAR, AMBIGUOUS)
    ]
    resolved = resolve_unclear(sheet, columns, unclear, problems, report)
    columns = sorted(columns + resolved, key=lambda col: col.col)
    return _FormHeader(
        kinds, header_top, first_label_row, period, period_loc, columns, aside, unclear, resolved
    )


def _one_column_per_kind(
    sheet: Sheet, header: _FormHeader, problems: list[Problem]
) -> dict[str, int]:
    """Role → the form's column of it, the first where two columns have one role (an
    error)."""
    by_kind: dict[str, int] = {}
    for col in header.columns:
        if col.kind in by_kind:
            problems.append(
                Problem(
                    "duplicate_column",
                    f"Biểu có hai cột {kind_name(col.kind)}.",
                    sheet.location(header.top, col.col),
                    advised=True,
                )
            )
        by_kind.setdefault(col.kind, col.col)
    return by_kind


def _note_form_columns(
    sheet: Sheet,
    label_col: int,
    header: _FormHeader,
    by_kind: dict[str, int],
    problems: list[Problem],
) -> None:
    """The notices of the columns read aside, derived, planned or left unread, and the
    error of a missing period or cumulative column."""
    top, first_label_row, aside = header.top, header.first_label_row, header.aside
    note_aside(sheet, aside, problems)
    note_derived(sheet, top, first_label_row - 1, header.columns, problems)
    note_columns(
        sheet,
        range(top, first_label_row),
        range(first_label_row, len(sheet.rows)),
        header.columns,
        {label_col, *by_kind.values(), *(c for c, _, _ in aside), *(c for c, *_ in header.unclear)},
        problems,
    )
    beside = [(t, r) for _, r, t in aside] + [
        (_form_header(sheet, top, first_label_row, c), YEAR_TO_DATE)
        for c, k in header.kinds.items()
        if k == YEAR_TO_DATE
    ]
    for kind in (PERIOD, CUMULATIVE):
        if kind == CUMULATIVE and PAST_CUMULATIVE in by_kind:
            continue  # derived: the cumulative to the period before + the period
        if kind not in by_kind:
            problems.append(
                Problem(
                    "column_missing",
                    f'Biểu thiếu cột "{kind_name(kind)}".' + not_used(beside, kind),
                    Location(sheet.file, sheet.name, ""),
                    advised=True,
                )
            )


def _form_header_cell(
    sheet: Sheet, header_top: int, first_label_row: int, col: int
) -> tuple[int, str]:
    """The lowest header row with text at a column, and that text."""
    for r in range(first_label_row - 1, header_top - 1, -1):
        if text := header_text(sheet, r, col, False):
            return r, text
    return header_top, ""


def _form_header(sheet: Sheet, header_top: int, first_label_row: int, col: int) -> str:
    return _form_header_cell(sheet, header_top, first_label_row, col)[1]


def _form_kinds(
    sheet: Sheet,
    label_col: int,
    first_label_row: int,
    period_names: bool,
    report: Period | None,
) -> tuple[dict[int, str], int]:
    """Column → role from the header rows (up to three above the first label), and the
    header's top row."""
    kinds: dict[int, str] = {}
    header_top = first_label_row
    for r in range(first_label_row - 1, max(-1, first_label_row - 4), -1):
        if sheet.filled(r) < 2:
            if r == first_label_row - 1 and is_section_heading(
                sheet.text(r, first_written(sheet, r))
            ):
                continue  # a section heading right under the header, over the rows
            break  # a title line: the header is below it
        found = False
        for c in range(sheet.width):
            if c == label_col or c in kinds:
                continue
            text = header_text(sheet, r, c, False)
            if text and (kind := column_role(text, period_names, report)):
                kinds[c] = kind
                found = True
        if found:
            header_top = r
    return kinds, header_top


def _unit_of_form(
    ctx: Context, sheet: Sheet, header_top: int, problems: list[Problem]
) -> tuple[str, Location]:
    """The unit a form belongs to: a 'Đơn vị: …' line, a title naming a unit, the sheet
    name or the file name, in that order."""
    title_cells = [
        (r, c, sheet.text(r, c))
        for r in range(header_top)
        for c in range(len(sheet.rows[r]))
        if sheet.text(r, c)
    ]
    for r, c, text in title_cells:
        head, colon, _ = text.partition(":")
        if colon and _UNIT_LINE.match(fold(head) + ":") and (rest := _after_colon(text)):
            return rest, sheet.location(r, c)
    for r, c, text in title_cells:
        if ctx.match_unit(text) is not None:
            return text, sheet.location(r, c)
    if ctx.match_unit(sheet.name) is not None or (
        not ctx.units and not _GENERIC_SHEET.match(fold(sheet.name))
    ):
        return sheet.name, Location(sheet.file, sheet.name, "")
    stem = PurePath(sheet.file).stem
    if ctx.match_unit(stem.replace("_", " ")) is not None:
        return stem.replace("_", " "), Location(sheet.file, sheet.name, "")
    problems.append(
        Problem(
            "unit_not_found",
            "Không xác định được biểu này của đơn vị nào.",
            Location(sheet.file, sheet.name, "A1"),
            advised=True,
        )
    )
    return "", Location(sheet.file, sheet.name, "")


def _after_colon(text: str) -> str:
    _, _, rest = text.partition(":")
    return rest.strip()
