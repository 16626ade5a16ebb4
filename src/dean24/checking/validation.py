"""Check what was read: one period, known and distinct units, consistent figures and totals."""

from __future__ import annotations

from dean24.checking.rules import check_rules
from dean24.core.errors import Location, Problem, ValidationFailed
from dean24.core.model import Figure, ReadResult, UnitFigures, UnitRow, ValidData
from dean24.core.periods import Period
from dean24.core.text import format_date, format_int, join_vi, unit_key
from dean24.programme.config import Config, Unit
from dean24.programme.unitnames import UnitNames
from dean24.reading.columnroles import (
    CUMULATIVE,
    EARLIER_CUMULATIVE,
    PAST_CUMULATIVE,
    PERIOD,
    PLAN,
    YEAR_TO_DATE,
)


def validate(result: ReadResult, config: Config, period: Period | None = None) -> ValidData:
    """Turn what was read into validated figures, or raise ValidationFailed with every error.

    period is the one given on the command line; it wins over the workbooks' with a warning.
    """
    problems = list(result.problems)
    if period is not None and any(s.period == period for s in result.sheets):
        result = _only_period(result, period, problems)
    chosen = _period(result, period, problems)
    units = _units(result, config, problems, chosen)
    _check_totals(result, problems)
    problems.extend(check_rules(units, config))
    errors = [p for p in problems if p.severity == "error"]
    if not errors and not units:
        errors.append(
            Problem("no_data", "Không có số liệu của đơn vị nào trong các tệp đã cho.", Location())
        )
    if errors or chosen is None:
        raise ValidationFailed(errors, [p for p in problems if p.severity == "warning"])
    reported = {u.name for u in units}
    expected = config.units_expected(chosen.end, chosen.start, reported)
    missing = [u.name for u in expected if u.name not in reported]
    warnings = [p for p in problems if p.severity == "warning"]
    programme = config.programme
    # After the phase the programme goes on (its targets are closed and said so); before its
    # start there is nothing to report.
    if chosen.end < programme.start:
        warnings.append(
            Problem(
                "period_outside_programme",
                f"Kỳ báo cáo {chosen.label} nằm ngoài thời gian thực hiện {programme.short_name} "
                f"({format_date(programme.start)} - {format_date(programme.end)}).",
                Location(),
                severity="warning",
                advised=True,
            )
        )
    if missing:
        warnings.append(
            Problem(
                "units_missing",
                f"Chưa có báo cáo của {len(missing)} đơn vị: {join_vi(missing)}.",
                Location(),
                severity="warning",
            )
        )
    sources = sorted({s.file for s in result.sheets})
    return ValidData(chosen, units, missing, warnings, sources)


def _only_period(result: ReadResult, period: Period, problems: list[Problem]) -> ReadResult:
    """Keep the sheets of the period asked for when a workbook also holds other periods."""
    kept = []
    for sheet in result.sheets:
        if sheet.period in (None, period):
            kept.append(sheet)
            continue
        problems.append(
            Problem(
                "sheet_other_period",
                f'Bỏ qua trang của kỳ "{sheet.period.label}" vì đang lập báo cáo "{period.label}".',
                Location(sheet.file, sheet.sheet, ""),
                severity="warning",
            )
        )
    return ReadResult(kept, result.problems)


def _period(result: ReadResult, given: Period | None, problems: list[Problem]) -> Period | None:
    found: dict[Period, Location] = {}
    for sheet in result.sheets:
        if sheet.period is not None and sheet.rows:
            found.setdefault(sheet.period, sheet.period_location or Location(sheet.file))
    if given is not None:
        for period, where in found.items():
            if period != given:
                problems.append(
                    Problem(
                        "period_mismatch",
                        f'Biểu ghi kỳ báo cáo "{period.label}" nhưng dòng lệnh chọn '
                        f'"{given.label}"; dùng kỳ của dòng lệnh.',
                        where,
                        severity="warning",
                    )
                )
        return given
    if len(found) > 1:
        listed = "; ".join(f"{p.label} ({w.describe()})" for p, w in sorted(found.items()))
        problems.append(
            Problem(
                "period_conflict",
                f"Các biểu ghi những kỳ báo cáo khác nhau: {listed}.",
                next(iter(found.values())),
                advised=True,
            )
        )
        return None
    if not found:
        if any(p.severity == "error" for p in problems):
            return None  # a file that could not be read says more than a missing period
        problems.append(
            Problem(
                "period_missing",
                "Không tìm thấy kỳ báo cáo (6 tháng đầu, 6 tháng cuối, quý hoặc năm) trong biểu.",
                Location(),
                advised=True,
            )
        )
        return None
    return next(iter(found))


def _unit_problem(
    raw: str, names: UnitNames, location: Location, known: str, period: Period | None
) -> Problem:
    """Why a name matches no configured unit of the period, and what to write instead."""
    span = (period.start, period.end) if period is not None else (None, None)
    found = names.candidates(raw, *span)
    if period is not None and found and not any(u.reports_in(*span) for u in found):
        listed = join_vi([f"{u.name} (báo cáo {u.validity()})" for u in found])
        return Problem(
            "unit_outside_validity",
            f'Đơn vị "{raw}" là {listed}, không báo cáo cho {period.label}.',
            location,
            advised=True,
        )
    if len(found) > 1:
        listed = " hoặc ".join(f'"{u.name}"' for u in found)
        return Problem(
            "unit_ambiguous",
            f'Tên "{raw}" có thể là {listed}.',
            location,
            advised=True,
        )
    guess = ""
    if like := names.suggestions(raw):
        listed = " hay ".join(f'"{u.name}"' for u in like)
        guess = (
            f" Có phải là {listed}? Tên khác nhau ở dấu là hai đơn vị khác nhau: sửa dấu cho "
            "đúng tên."
        )
    return Problem(
        "unknown_unit",
        f'Không nhận ra đơn vị "{raw}".{guess} Các đơn vị trong cấu hình: {known}.',
        location,
        advised=True,
    )


def _unit_name(
    row: UnitRow,
    names: UnitNames,
    by_key: dict[str, str],
    period: Period | None,
    known: str,
    problems: list[Problem],
) -> str | None:
    """The configured unit a row names that reports in the period (None, and the error
    why, if none); without a unit list, the first name written with the row's identity key."""
    if not names:
        # Without a unit list, names still compare by their identity key.
        return by_key.setdefault(unit_key(row.raw_name), row.raw_name)
    span = (period.start, period.end) if period is not None else (None, None)
    unit = names.find(row.raw_name, *span)
    if unit is None or (period is not None and not unit.reports_in(*span)):
        problems.append(_unit_problem(row.raw_name, names, row.location, known, period))
        return None
    return unit.name


def _units(
    result: ReadResult, config: Config, problems: list[Problem], period: Period | None
) -> list[UnitFigures]:
    names = UnitNames(config.units)
    seen: dict[str, Location] = {}
    units: dict[str, UnitFigures] = {}
    by_key: dict[str, str] = {}
    expected = config.units_expected(period.end) if period is not None else config.units
    known = _known_units(expected)
    unfilled: dict[str, Location] = {}  # unit → its form with no figure at all
    left_empty: list[tuple[str, Location, list[str]]] = []  # unit, form, its empty cells
    # A cell that could not be read counts as 0; comparing it would add a second, false error.
    unreadable = {p.location for p in problems if p.severity == "error" and p.location.cell}
    for sheet in result.sheets:
        for row in sheet.rows:
            name = _unit_name(row, names, by_key, period, known, problems)
            if name is None:
                continue
            figures = office_figures(row)
            if sheet.layout == "B" and figures and all(f.blank for f in figures):
                # A form with no figure at all is not a report: the unit has not reported (one
                # with nothing to report writes 0), whatever the file is called.
                unfilled.setdefault(name, row.location)
                continue
            if name in seen:
                problems.append(
                    Problem(
                        "duplicate_unit",
                        f'Đơn vị "{name}" có số liệu hai lần: ở đây và ở {seen[name].describe()}. '
                        "Mỗi đơn vị chỉ được báo cáo một lần trong một kỳ.",
                        row.location,
                    )
                )
                continue
            if figures and all(f.blank for f in figures):
                # A unit's row with no figure at all is no report, as a form with none is not:
                # read as zeros it would set the unit's cumulative back to 0 (one with nothing
                # to report writes 0); with a report in the store its figures are carried.
                problems.append(
                    Problem(
                        "unit_blank",
                        f"Mọi ô số liệu của {name} đều để trống ({figures[0].location.cell} … "
                        f"{figures[-1].location.cell}): đơn vị được coi là chưa báo cáo.",
                        row.location,
                        severity="warning",
                        advised=True,
                    )
                )
                continue
            seen[name] = row.location
            if sheet.layout == "B" and (empty := [f for f in figures if f.blank]):
                left_empty.append((name, row.location, [f.location.cell for f in empty]))
            units[name] = _unit_figures(name, row, config, unreadable, problems)
    problems.extend(_blank_notices(unfilled, left_empty, set(units)))
    order = {u.name: i for i, u in enumerate(config.units)}
    return sorted(units.values(), key=lambda u: order.get(u.name, len(order)))


def _unit_figures(
    name: str,
    row: UnitRow,
    config: Config,
    unreadable: set[Location],
    problems: list[Problem],
) -> UnitFigures:
    """A unit's figures by indicator: a cumulative below the period's figure or below one
    reported before, or at odds with the year to date, is an error (unless a cell of it
    could not be read)."""
    values: dict[str, tuple[Figure, Figure]] = {}
    targets: dict[str, Figure] = {}
    year_to_date: dict[str, Figure] = {}
    previous: dict[str, Figure] = {}
    reported_before: dict[str, Figure] = {}
    for code, kinds in row.values.items():
        if PLAN in kinds:
            targets[code] = kinds[PLAN]
        if PERIOD not in kinds or CUMULATIVE not in kinds:
            continue
        in_period, cumulative = kinds[PERIOD], kinds[CUMULATIVE]
        if cumulative.value < in_period.value and not (
            {in_period.location, cumulative.location} & unreadable
        ):
            problems.append(
                Problem(
                    "cumulative_below_period",
                    f"Số lũy kế ({format_int(cumulative.value)}) nhỏ hơn số trong kỳ "
                    f"({format_int(in_period.value)}, ô {in_period.location.cell}) của chỉ "
                    f'tiêu "{config.indicator(code).label}", đơn vị {name}.',
                    cumulative.location,
                    advised=True,
                )
            )
        values[code] = (in_period, cumulative)
        label = config.indicator(code).label
        for kind in (PAST_CUMULATIVE, EARLIER_CUMULATIVE):
            before = kinds.get(kind)
            if before is None or before.blank or cumulative.derived:
                continue  # none written, or this cumulative is worked out from it
            if before.location in unreadable or cumulative.location in unreadable:
                continue
            if cumulative.value < before.value:
                problems.append(_below_previous(name, label, cumulative, before))
            elif kind == PAST_CUMULATIVE:
                previous[code] = before
            else:
                reported_before[code] = before
        if (year := kinds.get(YEAR_TO_DATE)) is not None:
            year_to_date[code] = year
            _check_year_to_date(year, in_period, cumulative, label, problems)
    return UnitFigures(name, values, targets, year_to_date, previous, reported_before)


def _blank_notices(
    unfilled: dict[str, Location],
    left_empty: list[tuple[str, Location, list[str]]],
    reported: set[str],
) -> list[Problem]:
    """One notice for the forms with no figure (units that have not reported, unless another
    form of theirs has figures) and one for the empty cells of forms partly filled."""
    found = []
    blank = [name for name in unfilled if name not in reported]
    if blank:
        found.append(
            Problem(
                "form_not_filled",
                f"{len(blank)} biểu chưa điền số liệu nào, được coi là đơn vị chưa báo cáo: "
                f"{join_vi(blank)}. Đơn vị không có kết quả ghi 0 vào biểu.",
                unfilled[blank[0]],
                severity="warning",
            )
        )
    if left_empty:
        cells = sum(len(c) for _, _, c in left_empty)
        listed = "; ".join(
            f"{name} ({', '.join(c[:4])}{' …' if len(c) > 4 else ''})" for name, _, c in left_empty
        )
        found.append(
            Problem(
                "cells_blank",
                f"{cells} ô số liệu để trống được tính là 0: {listed}.",
                left_empty[0][1],
                severity="warning",
            )
        )
    return found


def _known_units(units: tuple[Unit, ...]) -> str:
    """The configured units for an error message: all of a few, a count and some of many."""
    if len(units) <= 12:
        return join_vi([u.short for u in units])
    return f"{len(units)} đơn vị ({', '.join(u.name for u in units[:5])}…)"


def office_figures(row: UnitRow) -> list[Figure]:
    """The figures of a row that the office writes: a form's previous cumulative is written
    beforehand (by dean24 form --store), so a form with only that is still untouched."""
    return [
        figure
        for kinds in row.values.values()
        for kind, figure in kinds.items()
        if kind not in (PAST_CUMULATIVE, EARLIER_CUMULATIVE)
    ]


def _below_previous(unit: str, label: str, cumulative: Figure, before: Figure) -> Problem:
    """This period's cumulative below the cumulative the unit had already reported."""
    return Problem(
        "cumulative_below_previous",
        f"Số lũy kế kỳ này ({format_int(cumulative.value)}, ô {cumulative.location.cell}) nhỏ "
        f"hơn số lũy kế đơn vị đã báo cáo trước đó ({format_int(before.value)}, ô "
        f'{before.location.cell}) của chỉ tiêu "{label}", đơn vị {unit}: số lũy kế từ khi thực '
        "hiện Đề án không giảm.",
        cumulative.location,
        advised=True,
    )


def _check_year_to_date(
    year: Figure, in_period: Figure, cumulative: Figure, label: str, problems: list[Problem]
) -> None:
    """A year-to-date figure is read, not added: it lies between the period and the
    cumulative figure, or a warning names the cells."""
    if in_period.value <= year.value <= cumulative.value:
        return
    other, word = (
        (in_period, "trong kỳ") if year.value < in_period.value else (cumulative, "lũy kế")
    )
    problems.append(
        Problem(
            "year_to_date_inconsistent",
            f'Số lũy kế từ đầu năm ({format_int(year.value)}) của chỉ tiêu "{label}" '
            f"{'nhỏ hơn' if other is in_period else 'lớn hơn'} số {word} ở ô {other.location.cell} "
            f"({format_int(other.value)}); báo cáo dùng số trong kỳ và số lũy kế từ khi thực "
            "hiện Đề án.",
            year.location,
            severity="warning",
            advised=True,
        )
    )


def _check_totals(result: ReadResult, problems: list[Problem]) -> None:
    """A totals row is never added in: its figures are compared with the sum of the rows.

    One warning per totals row, naming each cell that differs with both figures.
    """
    for sheet in result.sheets:
        if sheet.totals is None:
            continue
        differences: list[tuple[Location, int, int]] = []
        for code, kinds in sheet.totals.values.items():
            for kind, figure in kinds.items():
                total = sum(
                    row.values[code][kind].value for row in sheet.rows if code in row.values
                )
                if figure.value != total:
                    differences.append((figure.location, figure.value, total))
        if not differences:
            continue
        listed = "; ".join(
            f"ô {where.cell} ghi {format_int(written)}, cộng được {format_int(added)}"
            for where, written, added in differences
        )
        problems.append(
            Problem(
                "totals_mismatch",
                f"Dòng tổng cộng lệch với tổng các đơn vị ở {len(differences)} ô: {listed}. "
                "Báo cáo dùng số cộng từ các đơn vị.",
                differences[0][0],
                severity="warning",
            )
        )
