"""Join the tables of one workbook that each give some of the indicators (a report laid out as
one table per group of indicators, one under the other or one sheet per group) into one table:
each unit's figures from every table, never a unit counted twice or read half."""

from __future__ import annotations

from collections.abc import Callable

from dean24.core.errors import Location, Problem
from dean24.core.model import SheetData, UnitRow
from dean24.core.text import join_vi
from dean24.reading.columnroles import CUMULATIVE, PERIOD


def join_partial(
    tables: list[SheetData],
    labels: dict[str, str],
    identity: Callable[[str], str],
    problems: list[Problem],
) -> list[SheetData]:
    """The tables with those giving only some indicators joined into one, where they give
    different indicators for the same units and name the same period; else as they are.

    labels: every configured indicator's code → label, in order. identity: a unit's key from
    the name written in a row. A unit missing from one of the tables is an error naming it
    and the table; the indicators no table gives stay lacking, in one message."""
    partial = [t for t in tables if t.layout == "A" and t.codes and t.lacking]
    full = [t for t in tables if t.layout == "A" and t.codes and not t.lacking]
    if partial and full and all(any(_repeats(p, f, identity) for f in full) for p in partial):
        # A summary of every indicator, and tables of groups repeating its figures.
        listed = "; ".join(_describe(t, labels) for t in partial)
        problems.append(
            Problem(
                "tables_repeat",
                f"Các bảng {listed} nhắc lại đúng số liệu của bảng tổng hợp "
                f'(trang "{full[0].sheet}"): đã đối chiếu, khớp, không cộng lần nữa.',
                Location(partial[0].file, partial[0].sheet, ""),
                severity="warning",
            )
        )
        return [t for t in tables if not any(t is p for p in partial)]
    if len(partial) < 2:
        return tables
    periods = {t.period for t in partial if t.period is not None}
    owner: dict[str, SheetData] = {}
    overlap = False
    for table in partial:
        for code in sorted(table.codes & set(owner)):
            overlap = True
            problems.append(
                Problem(
                    "indicator_in_two_tables",
                    f'Chỉ tiêu "{labels.get(code, code)}" có cột ở hai bảng: '
                    f"{_describe(owner[code], labels)} và {_describe(table, labels)}. Mỗi chỉ "
                    "tiêu chỉ được ghi ở một bảng; "
                    "xóa bảng thừa hoặc tách thành hai tệp.",
                    _where(table),
                )
            )
        owner.update(dict.fromkeys(table.codes, table))
    if len(periods) > 1 or overlap:
        return tables
    joined = _join_rows(partial, labels, identity, problems)
    first = partial[0]
    covered = frozenset(owner)
    absent = [f'"{label}"' for code, label in labels.items() if code not in covered]
    lacking = []
    if absent:
        lacking.append(
            Problem(
                "indicator_missing",
                f"Các bảng của sổ ({'; '.join(_describe(t, labels) for t in partial)}) không có "
                f"cột của chỉ tiêu {join_vi(absent)}. Bổ sung các cột này (hoặc dùng cấu hình "
                "khác).",
                Location(first.file, first.sheet, ""),
            )
        )
    problems.append(
        Problem(
            "tables_joined",
            f"Sổ có {len(partial)} bảng, mỗi bảng một nhóm chỉ tiêu "
            f"({'; '.join(_describe(t, labels) for t in partial)}): số liệu của mỗi đơn vị được "
            "ghép từ các bảng, mỗi số đọc ở đúng ô của nó.",
            Location(first.file, first.sheet, ""),
            severity="warning",
        )
    )
    period_of = next((t for t in partial if t.period is not None), first)
    table = SheetData(
        first.file,
        first.sheet,
        "A",
        period_of.period,
        period_of.period_location,
        joined,
        _join_totals(partial),
        covered,
        lacking,
    )
    out: list[SheetData] = []
    for t in tables:
        if t is first:
            out.append(table)
        elif not any(t is p for p in partial):
            out.append(t)
    return out


def _join_rows(
    partial: list[SheetData],
    labels: dict[str, str],
    identity: Callable[[str], str],
    problems: list[Problem],
) -> list[UnitRow]:
    """Each unit's rows of every table as one row; a unit absent from a table is named."""
    rows: list[UnitRow] = []
    by_key: dict[str, int] = {}  # unit key → index in rows of its joined row
    found_in: dict[int, list[SheetData]] = {}
    for table in partial:
        for row in table.rows:
            key = identity(row.raw_name)
            i = by_key.get(key)
            if i is None or any(t is table for t in found_in[i]):
                # A new unit, or the same unit twice in one table: kept apart (validation
                # names the duplicate).
                by_key.setdefault(key, len(rows))
                found_in[len(rows)] = [table]
                rows.append(UnitRow(row.raw_name, row.location, dict(row.values)))
                continue
            rows[i] = UnitRow(rows[i].raw_name, rows[i].location, {**rows[i].values, **row.values})
            found_in[i].append(table)
    for i, row in enumerate(rows):
        absent = [t for t in partial if not any(t is f for f in found_in[i])]
        if absent:
            listed = "; ".join(_describe(t, labels) for t in absent)
            problems.append(
                Problem(
                    "unit_not_in_every_table",
                    f'Đơn vị "{row.raw_name}" có dòng ở {_describe(found_in[i][0], labels)} nhưng '
                    f"không có dòng ở {listed}, nên không đọc được đủ số liệu của đơn vị. Bổ sung "
                    "dòng của đơn vị vào bảng đó (đơn vị không có kết quả ghi 0).",
                    row.location,
                )
            )
    return rows


def _repeats(part: SheetData, whole: SheetData, identity: Callable[[str], str]) -> bool:
    """Whether a table of some indicators gives, for the same units, exactly the period and
    cumulative figures a table of every indicator gives for them."""

    def figures(table: SheetData) -> dict[str, dict[tuple[str, str], int]]:
        return {
            identity(row.raw_name): {
                (code, kind): f.value
                for code, kinds in row.values.items()
                if code in part.codes
                for kind, f in kinds.items()
                if kind in (PERIOD, CUMULATIVE)
            }
            for row in table.rows
        }

    mine = figures(part)
    return bool(mine) and len(mine) == len(part.rows) and mine == figures(whole)


def _join_totals(partial: list[SheetData]) -> UnitRow | None:
    given = [t.totals for t in partial if t.totals is not None]
    if not given:
        return None
    values = {}
    for totals in given:
        values.update(totals.values)
    return UnitRow(given[0].raw_name, given[0].location, values)


def _describe(table: SheetData, labels: dict[str, str]) -> str:
    """'bảng chỉ tiêu "Số công đoàn …", "…" (trang "Công đoàn", từ ô B8)'."""
    codes = [f'"{label}"' for code, label in labels.items() if code in table.codes]
    start = f", từ ô {table.rows[0].location.cell}" if table.rows else ""
    return f'bảng chỉ tiêu {join_vi(codes)} (trang "{table.sheet}"{start})'


def _where(table: SheetData) -> Location:
    return table.rows[0].location if table.rows else Location(table.file, table.sheet, "")
