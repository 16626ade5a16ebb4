"""The indicators as rows of a form: the row each indicator's figures are on, breakdown rows,
section headings and rows naming no indicator told apart and said."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dean24.core.errors import Location, Problem
from dean24.core.text import escaped, label_key, name_key
from dean24.programme.config import Indicator
from dean24.reading.cells import cell_text, is_column_number, looks_numeric
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.notices import rows_notice
from dean24.reading.rowkinds import BREAKDOWN, is_section_heading, row_kind, without_bullet
from dean24.reading.workbook import Sheet

_TRONG_DO = re.compile(r"^\s*trong\s+đó\s*[:,.-]?\s*", re.I)
# An STT cell that marks a breakdown row under an indicator: '-', '+', '*', 'a)', '2.1'.
_STT_BREAKDOWN = re.compile(r"^\s*(?:[-+*•–]|[a-zđ]\s*\)|\d{1,2}\.\d{1,2}\.?)\s*$", re.I)
_OWN_COUNT = ("số ", "tổng số ")


def indicator_rows(
    ctx: Context,
    sheet: Sheet,
    label_col: int,
    header_top: int,
    value_cols: Iterable[int],
    problems: list[Problem],
    lacking: list[Problem] | None = None,
) -> dict[str, int]:
    """Indicator → the row its figures are on. Breakdown rows, section headings and rows
    that name no indicator are told apart, and said when they hold figures. An indicator
    without its row is named in lacking where given, else in problems."""
    value_cols = list(value_cols)
    label_rows: dict[str, int] = {}
    blank_rows: set[str] = set()  # indicators read from a row without any figure
    breakdowns: list[int] = []
    unknown: list[tuple[int, str, int | None]] = []  # rows with figures naming nothing
    above: int | None = None  # the last indicator row, for breakdown rows under it
    for r in range(header_top + 1, len(sheet.rows)):
        label = sheet.text(r, label_col)
        if not label or looks_numeric(label) or is_column_number(label):
            continue
        cells = [sheet.value(r, c) for c in value_cols]
        numbers = any(looks_numeric(v) for v in cells)
        figures = any(cell_text(v) for v in cells)
        if above is not None and _is_breakdown(sheet, r, label_col, label):
            # A breakdown names an indicator of its own only exactly ('Trong đó: số học
            # viên …' under the classes); anything else is part of the row above.
            indicator = ctx.indicators.get(label_key(_TRONG_DO.sub("", without_bullet(label))))
            if indicator is None or indicator.code in label_rows:
                if figures:
                    breakdowns.append(r)
                continue
        else:
            indicator = ctx.match_indicator(label)
        if indicator is None:
            if numbers:
                unknown.append((r, label, above))
            continue
        heading = is_section_heading(label) and label_key(label) not in ctx.indicators
        if not figures and (heading or indicator.code in label_rows):
            continue  # a section heading over the indicator rows, not one of them
        if indicator.code in label_rows and indicator.code not in blank_rows:
            problems.append(_twice(sheet, r, label_col, indicator, label_rows))
            continue
        label_rows[indicator.code] = r
        if figures:
            blank_rows.discard(indicator.code)
        else:
            blank_rows.add(indicator.code)
        above = r
    if breakdowns:
        problems.append(_breakdowns_notice(sheet, label_col, breakdowns))
    if unknown:
        complete = all(ind.code in label_rows for ind in ctx.config.indicators)
        _note_unknown_rows(ctx, sheet, label_col, unknown, complete, problems)
    _say_missing(ctx, sheet, label_rows, problems if lacking is None else lacking)
    return label_rows


def _say_missing(
    ctx: Context, sheet: Sheet, label_rows: dict[str, int], problems: list[Problem]
) -> None:
    """An error for each configured indicator without its row."""
    for indicator in ctx.config.indicators:
        if indicator.code not in label_rows:
            problems.append(
                Problem(
                    "indicator_missing",
                    f'Biểu thiếu dòng của chỉ tiêu "{indicator.label}".',
                    Location(sheet.file, sheet.name, ""),
                    advised=True,
                )
            )


def _breakdowns_notice(sheet: Sheet, col: int, breakdowns: list[int]) -> Problem:
    """The notice of breakdown rows read as part of the indicator above, never added."""
    return Problem(
        "breakdown_rows",
        "Các dòng chi tiết (bắt đầu bằng «Trong đó», «-», «+») ở dòng "
        f"{', '.join(str(r + 1) for r in breakdowns)} là một phần số liệu của chỉ "
        "tiêu phía trên; không cộng vào chỉ tiêu nào.",
        sheet.location(breakdowns[0], col),
        severity="warning",
    )


def _is_breakdown(sheet: Sheet, row: int, label_col: int, label: str) -> bool:
    """Whether a row is written as a breakdown of the row above: its label ('Trong đó: …',
    '- nữ') or a mark in its STT cell ('-', 'a)', '2.1')."""
    marked = any(_STT_BREAKDOWN.match(sheet.text(row, c)) for c in range(label_col))
    return marked or row_kind(label) == BREAKDOWN


def _note_unknown_rows(
    ctx: Context,
    sheet: Sheet,
    col: int,
    unknown: list[tuple[int, str, int | None]],
    complete: bool,
    problems: list[Problem],
) -> None:
    """Rows with figures that name no indicator. Where every indicator has its row, a row
    that counts something of its own ('Số doanh nghiệp tư nhân trên địa bàn') is not the
    programme's: named in a notice. Any other is refused, in one message for them all."""
    own = [
        (r, label)
        for r, label, _ in unknown
        if complete and name_key(label).startswith(_OWN_COUNT) and len(label) > 12
    ]
    if own:
        said = "có số liệu nhưng không phải chỉ tiêu của Đề án: không đọc vào báo cáo."
        problems.append(rows_notice("rows_not_programme", sheet, own, col, said))
    rest = [item for item in unknown if (item[0], item[1]) not in own]
    if len(rest) == 1:
        r, label, above = rest[0]
        problems.append(_not_an_indicator(ctx, sheet, r, col, label, above))
    elif rest:
        known = "; ".join(i.label for i in ctx.config.indicators)
        listed = "; ".join(f"dòng {r + 1} «{escaped(label)}»" for r, label, _ in rest)
        problems.append(
            Problem(
                "unknown_indicator",
                f"{len(rest)} dòng có số liệu nhưng không phải một chỉ tiêu trong cấu hình "
                f"({known}): {listed}; mỗi dòng là một chỉ tiêu hay số chi tiết của chỉ tiêu "
                "phía trên.",
                sheet.location(rest[0][0], col),
                advised=True,
            )
        )


def _not_an_indicator(
    ctx: Context, sheet: Sheet, row: int, col: int, label: str, above: int | None
) -> Problem:
    """A row with figures that names no indicator: say what it could be and the fix."""
    where = sheet.location(row, col)
    if above is None:
        return ctx.unknown_indicator(label, where)
    over = sheet.text(above, col)
    known = "; ".join(i.label for i in ctx.config.indicators)
    return Problem(
        "unknown_indicator",
        f"Dòng {row + 1} «{escaped(label)}» có số liệu nhưng không phải một chỉ tiêu trong cấu "
        f"hình ({known}); có thể là số chi tiết của chỉ tiêu ở dòng {above + 1} "
        f"(«{escaped(over)}»).",
        where,
        advised=True,
    )


def _twice(sheet: Sheet, row: int, col: int, indicator: Indicator, rows: dict[str, int]) -> Problem:
    first = rows[indicator.code]
    return Problem(
        "duplicate_indicator",
        f'Chỉ tiêu "{indicator.label}" có số liệu ở hai dòng: dòng {first + 1} '
        f"«{sheet.text(first, col)}» và dòng {row + 1} "
        f"«{sheet.text(row, col)}». Nếu dòng {row + 1} là số chi tiết (một "
        f"phần) của dòng {first + 1}, ghi «Trong đó:» ở đầu dòng {row + 1}; nếu là cùng "
        "một chỉ tiêu, kiểm tra lại số liệu và chỉ để số ở dòng đúng.",
        sheet.location(row, col),
    )
