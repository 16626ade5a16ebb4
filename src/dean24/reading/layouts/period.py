"""The report's period as a sheet names it above its table ('Kỳ báo cáo' line, title, sheet or
file name), and the notices where the names disagree."""

from __future__ import annotations

import re
from pathlib import PurePath

from dean24.core.errors import Location, Problem
from dean24.core.periods import Period, find_period, period_of_dates
from dean24.core.text import fold, format_date
from dean24.reading.cells import looks_numeric
from dean24.reading.columnroles import ESTIMATE, PLAN, column_role
from dean24.reading.workbook import Sheet

# Headers naming a period whose figures are not the report's: never the report's period.
_NOT_THIS_PERIOD = frozenset({PLAN, ESTIMATE})
# Title words before a period that is not the report's: plans and comparisons.
NOT_THE_PERIOD = re.compile(r"phuong huong|nhiem vu|ke hoach|cung ky|so voi|so sanh")


def table_period(
    sheet: Sheet, header_row: int, problems: list[Problem] | None = None
) -> tuple[Period | None, Location | None]:
    """The period named above the table: a 'Kỳ báo cáo' line first, then any title line,
    then the sheet name, then the file name.

    With problems: a title naming another period than the 'Kỳ báo cáo' line is an error
    naming both; a sheet name naming another period is a notice."""
    cells = [
        (r, c, sheet.text(r, c))
        for r in range(min(header_row, len(sheet.rows)))
        for c in range(len(sheet.rows[r]))
    ]
    cells = [(r, c, t) for r, c, t in cells if t and not looks_numeric(t)]
    found: tuple[Period, Location] | None = None
    for r, c, text in cells:
        if fold(text).startswith(("ky bao cao", "thoi ky bao cao", "ky")) and (
            period := find_period(text, allow_year=True) or period_of_dates(text)
        ):
            found = period, sheet.location(r, c)
            break
    titled = [
        (period, sheet.location(r, c), text)
        for r, c, text in cells
        if (period := find_period(text, allow_year=False) or period_of_dates(text))
        and column_role(text) not in _NOT_THIS_PERIOD  # 'Kế hoạch quý II/2026'
    ]
    if found is None and titled:
        found = titled[0][:2]
    if found is not None:
        if problems is not None:
            # Only title lines (a cell or two: the title, the date line beside it) are
            # compared: a header row may name the periods of its columns.
            lines = [(p, w, t) for p, w, t in titled if sheet.filled(_row_of(w)) <= 2]
            _check_named_periods(sheet, found, lines, problems)
            _note_year_title(sheet, found, cells, problems)
        return found
    if period := find_period(sheet.name, allow_year=True):
        return period, Location(sheet.file, sheet.name, "")
    if period := find_period(PurePath(sheet.file).stem, allow_year=False):
        return period, Location(sheet.file, "", "")
    years = [
        (r, c, p)
        for r, c, text in cells
        if fold(text).startswith(("bao cao", "bieu", "ket qua", "tong hop"))
        and (p := find_period(text, allow_year=True))
    ]
    if len({p for _, _, p in years}) == 1:
        r, c, period = years[0]
        return period, sheet.location(r, c)
    return None, None


def _note_year_title(
    sheet: Sheet,
    found: tuple[Period, Location],
    cells: list[tuple[int, int, str]],
    problems: list[Problem],
) -> None:
    """A title naming the whole year over a period line naming a part of it ('BÁO CÁO KẾT
    QUẢ … NĂM 2024' over 'Kỳ báo cáo: 6 tháng cuối năm 2024'): read by the period line, and
    said, since the figures may be the year's."""
    period, where = found
    if period.kind == "Y":
        return
    for r, c, text in cells:
        if (r, c) == (_row_of(where), _col_of(where)) or sheet.filled(r) > 2:
            continue
        if not fold(text).startswith(("bao cao", "bieu", "ket qua", "tong hop")):
            continue
        named = find_period(text, allow_year=True)
        if named is None or (named.kind, named.year) != ("Y", period.year):
            continue
        problems.append(
            Problem(
                "period_title_year",
                f"Tiêu đề ở ô {sheet.location(r, c).cell} ghi «{named.label}» nhưng ô "
                f"{where.cell} ghi kỳ báo cáo «{period.label}»: số liệu được đọc là của "
                f"{period.label}.",
                where,
                severity="warning",
                advised=True,
            )
        )
        return


def _check_named_periods(
    sheet: Sheet,
    found: tuple[Period, Location],
    titled: list[tuple[Period, Location, str]],
    problems: list[Problem],
) -> None:
    period, where = found
    other = next(
        ((p, w) for p, w, t in titled if p != period and not NOT_THE_PERIOD.search(fold(t))),
        None,
    )
    line = sheet.text(_row_of(where), _col_of(where))
    dated = period_of_dates(line) if find_period(line, allow_year=True) else None
    if dated is not None and dated != period:
        # 'Kỳ báo cáo: Quý II năm 2024 (từ ngày 01/01/2024 đến ngày 30/6/2024)'
        problems.append(
            Problem(
                "period_title_mismatch",
                f"Ô {where.cell} ghi kỳ báo cáo «{period.label}» nhưng các ngày ghi cùng dòng "
                f"(từ {format_date(dated.start)} đến {format_date(dated.end)}) là "
                f"«{dated.label}»: không biết số liệu là của kỳ nào.",
                where,
                advised=True,
            )
        )
        return
    if other is not None:
        problems.append(
            Problem(
                "period_title_mismatch",
                f"Ô {where.cell} ghi kỳ báo cáo «{period.label}» nhưng ô {other[1].cell} ghi "
                f"«{other[0].label}»: không biết số liệu là của kỳ nào.",
                where,
                advised=True,
            )
        )
    named = find_period(sheet.name, allow_year=True)
    if named is not None and named != period and (named.kind, named.year) != ("Y", period.year):
        problems.append(
            Problem(
                "sheet_name_other_period",
                f"Tên trang «{sheet.name}» ghi kỳ «{named.label}», nhưng ô {where.cell} ghi "
                f"kỳ báo cáo «{period.label}»: đọc theo kỳ ghi ở ô {where.cell}.",
                Location(sheet.file, sheet.name, ""),
                severity="warning",
                advised=True,
            )
        )


def _col_of(where: Location) -> int:
    """The 0-based column of a location's cell ('D12' → 3)."""
    col = 0
    for letter in where.cell.rstrip("0123456789"):
        col = col * 26 + ord(letter) - ord("A") + 1
    return col - 1


def _row_of(where: Location) -> int:
    """The 0-based row of a location's cell ('D12' → 11)."""
    return int(where.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
