"""Join the tables that each give some of the indicators into one: a summary laid out as one
table per group of indicators (one under the other or one sheet per group), and a unit's form
split into one sheet or one file per group. Each unit's figures come from every part, never a
unit counted twice or read half."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.core.text import format_int, join_vi, sentence_case
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
    if partial and full:
        # A summary of every indicator, and tables of groups repeating its units: compared.
        aside = set_aside_repeats(partial, full, labels, identity, problems)
        tables = [t for t in tables if id(t) not in aside]
        partial = [t for t in partial if id(t) not in aside]
    if len(partial) < 2:
        return tables
    periods = {t.period for t in partial if t.period is not None}
    owner, overlap = _owners(partial, labels, problems)
    if len(periods) > 1 or overlap:
        return tables
    joined = _joined(partial, frozenset(owner), labels, identity, problems)
    first = partial[0]
    out: list[SheetData] = []
    for t in tables:
        if t is first:
            out.append(joined)
        elif not any(t is p for p in partial):
            out.append(t)
    return out


def _owners(
    partial: list[SheetData], labels: dict[str, str], problems: list[Problem]
) -> tuple[dict[str, SheetData], bool]:
    """Indicator → the table giving it, and whether an indicator has columns in two tables
    (an error for each)."""
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
    return owner, overlap


def _joined(
    partial: list[SheetData],
    covered: frozenset[str],
    labels: dict[str, str],
    identity: Callable[[str], str],
    problems: list[Problem],
) -> SheetData:
    """One table of the partial tables' rows joined unit by unit (said), the indicators
    none of them gives lacking."""
    joined = _join_rows(partial, labels, identity, problems)
    first = partial[0]
    absent = [f'"{label}"' for code, label in labels.items() if code not in covered]
    lacking = []
    if absent:
        lacking.append(
            Problem(
                "indicator_missing",
                f"Các bảng của sổ ({'; '.join(_describe(t, labels) for t in partial)}) không có "
                f"cột của chỉ tiêu {join_vi(absent)}.",
                Location(first.file, first.sheet, ""),
                advised=True,
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
    return SheetData(
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
                    f"không có dòng ở {listed}, nên không đọc được đủ số liệu của đơn vị.",
                    row.location,
                    advised=True,
                )
            )
    return rows


def set_aside_repeats(
    partial: list[SheetData],
    full: list[SheetData],
    labels: dict[str, str],
    identity: Callable[[str], str],
    problems: list[Problem],
) -> set[int]:
    """Tables of some indicators whose units are all in a table of every indicator (a
    summary and a sheet per group repeating it; a unit's whole form and its group forms):
    the same figures are said once in a notice, different ones are an error naming the unit,
    both cells and both figures. The ids of the tables so compared, never to be added."""
    repeats: list[tuple[SheetData, SheetData]] = []
    compared: set[int] = set()
    for part in partial:
        whole = next((f for f in full if _units_within(part, f, identity)), None)
        if whole is None:
            continue
        compared.add(id(part))
        differences = _differences(part, whole, identity)
        if not differences:
            repeats.append((part, whole))
            continue
        shown = "; ".join(_difference(d, labels) for d in differences[:_SHOWN])
        more = len(differences) - _SHOWN
        problems.append(
            Problem(
                "tables_disagree",
                f"{sentence_case(_describe(part, labels))} nhắc lại số liệu của "
                f"{_whole(whole)} nhưng khác số: {shown}"
                + (f" và {more} chỗ khác nữa" if more > 0 else "")
                + ". Không biết số nào đúng.",
                differences[0][3].location,
                advised=True,
            )
        )
    if repeats:
        listed = "; ".join(_describe(t, labels) for t, _ in repeats)
        problems.append(
            Problem(
                "tables_repeat",
                f"Các bảng {listed} nhắc lại đúng số liệu của {_whole(repeats[0][1])}: đã đối "
                "chiếu, khớp, không cộng lần nữa.",
                Location(repeats[0][0].file, repeats[0][0].sheet, ""),
                severity="warning",
            )
        )
    return compared


_SHOWN = 5  # differences named in full; the others counted
_KIND_WORDS = {PERIOD: "trong kỳ", CUMULATIVE: "lũy kế"}
Difference = tuple[str, str, str, Figure, Figure]  # unit, code, kind, part's, whole's figure


def _whole(table: SheetData) -> str:
    if table.layout == "B":
        return f"biểu đủ các chỉ tiêu của đơn vị ({_form_where(table)})"
    return f'bảng tổng hợp (trang "{table.sheet}")'


def _units_within(part: SheetData, whole: SheetData, identity: Callable[[str], str]) -> bool:
    mine = {identity(row.raw_name) for row in part.rows}
    return bool(mine) and mine <= {identity(row.raw_name) for row in whole.rows}


def _differences(
    part: SheetData, whole: SheetData, identity: Callable[[str], str]
) -> list[Difference]:
    """Each period and cumulative figure of part that whole gives otherwise, in part's order."""
    rows = {identity(row.raw_name): row for row in whole.rows}
    found: list[Difference] = []
    for row in part.rows:
        other = rows[identity(row.raw_name)]
        for code, kinds in row.values.items():
            for kind in (PERIOD, CUMULATIVE):
                mine, theirs = kinds.get(kind), other.values.get(code, {}).get(kind)
                if mine is not None and theirs is not None and mine.value != theirs.value:
                    found.append((row.raw_name, code, kind, mine, theirs))
    return found


def _difference(d: Difference, labels: dict[str, str]) -> str:
    """'đơn vị "Bảo Yên", chỉ tiêu "…", trong kỳ: ô D9 ghi 3, trang "Tổng hợp" ô F8 ghi 2'."""
    unit, code, kind, mine, theirs = d
    there = theirs.location
    place = f'trang "{there.sheet}" ô {there.cell}'
    if there.file != mine.location.file:
        place = f"tệp {PurePath(there.file).name}, {place}"
    return (
        f'đơn vị "{unit}", chỉ tiêu "{labels.get(code, code)}", {_KIND_WORDS[kind]}: '
        f"ô {mine.location.cell} ghi {format_int(mine.value)}, {place} ghi "
        f"{format_int(theirs.value)}"
    )


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
    if table.layout == "B":
        return f"biểu chỉ tiêu {join_vi(codes)} ({_form_where(table)})"
    start = f", từ ô {table.rows[0].location.cell}" if table.rows else ""
    return f'bảng chỉ tiêu {join_vi(codes)} (trang "{table.sheet}"{start})'


def _where(table: SheetData) -> Location:
    return table.rows[0].location if table.rows else Location(table.file, table.sheet, "")


# ----- unit forms split by group: one sheet or one file per group of indicators ----------------


def join_forms(
    tables: list[SheetData],
    labels: dict[str, str],
    identity: Callable[[str], str],
    problems: list[Problem],
) -> list[SheetData]:
    """The unit forms (layout B) giving only some indicators, joined into one form per unit
    where they are the same unit's groups for the same period (one sheet or one file per
    group); the problems naming the indicators still lacking are added to problems.

    An indicator given by two forms of the unit is an error naming both cells. Forms of groups
    that complement each other but name different units are an error naming both names."""
    partial = [t for t in tables if t.layout == "B" and t.rows and t.codes and t.lacking]
    full = [t for t in tables if t.layout == "B" and t.rows and t.codes and not t.lacking]
    if partial and full:
        # A unit's whole form, and forms of its groups repeating it: compared, never added.
        aside = set_aside_repeats(partial, full, labels, identity, problems)
        tables = [t for t in tables if id(t) not in aside]
        partial = [t for t in partial if id(t) not in aside]
    by_unit: dict[str, list[SheetData]] = {}
    for table in partial:
        by_unit.setdefault(identity(table.rows[0].raw_name), []).append(table)
    joined: dict[int, SheetData] = {}  # id of each unit's first form → the joined form
    dropped: set[int] = set()
    for forms in by_unit.values():
        periods = {t.period for t in forms if t.period is not None}
        if len(forms) < 2 or len(periods) > 1:
            continue
        joined[id(forms[0])] = _join_unit_forms(forms, labels, problems)
        dropped.update(id(t) for t in forms[1:])
    out = [joined.get(id(t), t) for t in tables if id(t) not in dropped]
    left = [t for t in out if t.layout == "B" and t.rows and t.codes and t.lacking]
    differing = _units_differ(left, labels, identity, problems)
    for table in out:
        if id(table) not in differing:
            problems.extend(table.lacking)
    return out


def _join_unit_forms(
    forms: list[SheetData], labels: dict[str, str], problems: list[Problem]
) -> SheetData:
    """One unit's group forms as one form; an indicator in two of them is named."""
    first = forms[0]
    values: dict[str, dict[str, Figure]] = {}
    owner: dict[str, SheetData] = {}
    for form in forms:
        row = form.rows[0]
        for code in sorted(form.codes):
            if code in owner:
                problems.append(_twice(code, owner[code], form, labels))
                continue
            owner[code] = form
            values[code] = row.values.get(code, {})
    covered = frozenset(owner)
    absent = [f'"{label}"' for code, label in labels.items() if code not in covered]
    places = "; ".join(_form_place(t, labels) for t in forms)
    unit = first.rows[0].raw_name
    lacking = []
    if absent:
        lacking.append(
            Problem(
                "indicator_missing",
                f'Các biểu của đơn vị "{unit}" ({places}) không có dòng của chỉ tiêu '
                f"{join_vi(absent)} (một chỉ tiêu đơn vị không có kết quả vẫn có dòng, ghi 0).",
                Location(first.file, first.sheet, ""),
                advised=True,
            )
        )
    problems.append(
        Problem(
            "forms_joined",
            f'Biểu của đơn vị "{unit}" gồm {len(forms)} phần, mỗi phần một nhóm chỉ tiêu '
            f"({places}): số liệu của đơn vị được ghép từ các phần, mỗi số đọc ở đúng ô của nó.",
            Location(first.file, first.sheet, ""),
            severity="warning",
        )
    )
    period_of = next((t for t in forms if t.period is not None), first)
    row = UnitRow(unit, first.rows[0].location, values)
    return SheetData(
        first.file,
        first.sheet,
        "B",
        period_of.period,
        period_of.period_location,
        [row],
        None,
        covered,
        lacking,
    )


def _twice(code: str, one: SheetData, other: SheetData, labels: dict[str, str]) -> Problem:
    """An indicator of a unit given by two of its group forms, with the cells of each."""

    def cells(form: SheetData) -> str:
        figures = form.rows[0].values.get(code, {})
        shown = ", ".join(f.location.cell for f in figures.values() if f.location.cell)
        return f"{_form_where(form)}" + (f", ô {shown}" if shown else "")

    return Problem(
        "indicator_in_two_tables",
        f'Chỉ tiêu "{labels.get(code, code)}" của đơn vị "{one.rows[0].raw_name}" có ở hai biểu: '
        f"{cells(one)} và {cells(other)}. Mỗi chỉ tiêu chỉ được ghi ở một biểu; xóa dòng thừa.",
        _first_cell(other, code),
    )


def _units_differ(
    forms: list[SheetData],
    labels: dict[str, str],
    identity: Callable[[str], str],
    problems: list[Problem],
) -> set[int]:
    """Group forms left lacking whose indicators complement each other but whose units differ
    (one form of a unit's groups written with another unit's name): one error naming the
    names; the ids of the forms it speaks for (their own lacking indicators are not said
    again)."""
    named: set[int] = set()
    for i, form in enumerate(forms):
        if id(form) in named:
            continue
        unit = identity(form.rows[0].raw_name)
        mates = [
            other
            for other in forms[i + 1 :]
            if id(other) not in named
            and identity(other.rows[0].raw_name) != unit
            and not (other.codes & form.codes)
            and (other.period is None or form.period is None or other.period == form.period)
        ]
        if not mates:
            continue
        group = [form, *mates]
        if any(a.codes & b.codes for a in group for b in group if a is not b):
            group = [form, mates[0]]
        listed = "; ".join(
            f'{_form_place(t, labels)} ghi đơn vị "{t.rows[0].raw_name}" '
            f"(ô {t.rows[0].location.cell or '—'})"
            for t in group
        )
        problems.append(
            Problem(
                "form_units_differ",
                f"Các biểu mỗi biểu một nhóm chỉ tiêu ghi tên đơn vị khác nhau: {listed}.",
                form.rows[0].location,
                advised=True,
            )
        )
        named.update(id(t) for t in group)
    return named


def _form_where(form: SheetData) -> str:
    return f'tệp {PurePath(form.file).name}, trang "{form.sheet}"'


def _form_place(form: SheetData, labels: dict[str, str]) -> str:
    """'tệp bac_ha_dang.xlsx, trang "Biểu": chỉ tiêu "…", "…"'."""
    codes = [f'"{label}"' for code, label in labels.items() if code in form.codes]
    return f"{_form_where(form)}: chỉ tiêu {join_vi(codes)}"


def _first_cell(form: SheetData, code: str) -> Location:
    figures = form.rows[0].values.get(code, {})
    first = next(iter(figures.values()), None)
    return first.location if first is not None else form.rows[0].location
