"""Add up validated figures per indicator and judge each against its target (uses pandas)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from dean24.checking.plausibility import check_plausibility
from dean24.core.errors import Problem
from dean24.core.model import (
    Acknowledgement,
    Coverage,
    IndicatorResult,
    Past,
    PastPeriod,
    ReportModel,
    UnitFigures,
    UnitResult,
    ValidData,
)
from dean24.core.text import format_int, join_vi
from dean24.core.vocabulary import Horizon, Status, TargetKind
from dean24.judging.horizons import (
    Verdict,
    annual_target,
    check_year_to_date_columns,
    elapsed_share,
    gaps,
    judge,
    months_before,
    year_cover,
    year_sum,
)
from dean24.programme.config import Config, Target


def build_model(data: ValidData, config: Config, past: Past | None = None) -> ReportModel:
    """Totals, per-unit table, targets and statuses for one period.

    `past` is what the history holds: the stored periods (for the year to date and the
    phase's result) and each unit's latest report (a unit that sent nothing this period
    keeps its last cumulative figures in the totals, marked as carried).
    """
    past = past or Past()
    carried = {
        name: past.last_reports[name]
        for name in data.missing_units
        if name in past.last_reports and past.last_reports[name].period.end < data.period.end
    }
    records = [
        (unit.name, code, figures[0].value, figures[1].value)
        for unit in data.units
        for code, figures in unit.values.items()
    ]
    records += [
        (name, code, 0, cumulative)
        for name, report in carried.items()
        for code, (_, cumulative) in report.values.items()
    ]
    frame = pd.DataFrame.from_records(records, columns=["unit", "code", "period", "cumulative"])
    frame = frame.astype({"period": "int64", "cumulative": "int64"})
    sums: dict[str, tuple[int, int]] = {
        str(code): (int(p), int(c))
        for code, p, c in frame.groupby("code")[["period", "cumulative"]].sum().itertuples()
    }
    # Units with nothing in the period, per indicator: one pass over the rows, not one per unit.
    nothing = frame[(frame["period"] == 0) & frame["unit"].isin([u.name for u in data.units])]
    without_by_code: dict[str, set[str]] = {
        str(code): set(group["unit"]) for code, group in nothing.groupby("code")
    }
    reported = [u.name for u in data.units]
    unknown = [name for name in data.missing_units if name not in carried]
    warnings = list(data.warnings)
    warnings += check_year_to_date_columns(config, data.period, data.units, past.periods)
    warnings += check_plausibility(data.period, data.units, past, config)
    warnings += _replaced(config, data, past)
    before = _months_before_units(config, data)
    warnings += _year_below_stored(data, past, sums, before, config)
    lacking = (
        Coverage(
            data.period,
            tuple(data.missing_units),
            len(reported),
            len(data.units) + len(data.missing_units),
        )
        if data.missing_units
        else None
    )
    # a unit reporting now sent nothing for an earlier period of the year: the forms' year to
    # date, where every form gives one, stands for the history's
    so_far = year_cover(
        data.period.year, before, [p for p in past.periods if p.period != data.period]
    )
    file_first = so_far is not None and _lacks_any(config, so_far, set(reported))
    now = PastPeriod(
        data.period,
        sums,
        {u.name: {c: (p.value, v.value) for c, (p, v) in u.values.items()} for u in data.units},
    )
    indicators: list[IndicatorResult] = []
    alone: list[str] = []  # per-year targets judged on the period alone
    read_from_file: list[str] = []  # per-year targets judged on the forms' year to date
    for indicator in config.indicators:
        in_period, cumulative = sums.get(indicator.code, (0, 0))
        from_file = _file_year(data.units, indicator.code)
        verdict = judge(
            config,
            indicator,
            data.period,
            in_period,
            cumulative,
            past.periods,
            from_file,
            lacking,
            file_first,
            now,
            before,
        )
        if unknown and verdict.horizon == Horizon.PHASE and verdict.status.short:
            # A unit that did not report and has no earlier report can only hide results: the
            # cumulative of the units that did proves a target reached, never one missed.
            verdict = replace(verdict, status=Status.NOT_JUDGED, fraction=None, still_needed=None)
        target = indicator.target
        without = without_by_code.get(indicator.code, set()) if target is not None else set()
        rate = (
            in_period / target.base
            if target is not None and target.kind == "annual_percent" and target.base
            else None
        )
        if verdict.alone:
            alone.append(indicator.label)
        if verdict.year_to_date is not None and verdict.year_to_date.from_file:
            read_from_file.append(indicator.label)
        indicators.append(
            IndicatorResult(
                code=indicator.code,
                label=indicator.label,
                unit=indicator.unit,
                period_value=in_period,
                cumulative_value=cumulative,
                status=verdict.status,
                target_kind=TargetKind(target.kind) if target else None,
                target_statement=target.statement if target else "",
                target_min=target.min if target else None,
                target_max=target.max if target else None,
                period_target=verdict.period_target,
                annual_target=annual_target(indicator),
                percent_of_target=verdict.fraction,
                rate_of_base=rate,
                units_without_result=tuple(u for u in reported if u in without),
                horizon=verdict.horizon,
                final=verdict.final,
                year_to_date=verdict.year_to_date,
                still_needed=verdict.still_needed,
                phase_years=tuple(verdict.phase_years),
                closing=verdict.closing,
                missing_months=verdict.missing,
                at_least=_at_least(verdict, target, bool(data.missing_units)),
                ends_year=data.period.end.month == 12,
            )
        )
    if alone:
        names = join_vi([f'"{label}"' for label in alone])
        warnings.append(
            Problem(
                "year_to_date_incomplete",
                f"Lịch sử chưa có đủ các kỳ trước của năm {data.period.year}, nên chỉ tiêu theo "
                f"năm {names} chỉ được đánh giá riêng {data.period.label}, không phải lũy kế từ "
                "đầu năm. Lập báo cáo các kỳ trước của năm với cùng --store để đánh giá cả năm.",
                severity="warning",
            )
        )
    if read_from_file:
        names = join_vi([f'"{label}"' for label in read_from_file])
        warnings.append(
            Problem(
                "year_to_date_from_file",
                f"Lịch sử chưa có đủ các kỳ trước của năm {data.period.year}, nên chỉ tiêu theo "
                f"năm {names} được đánh giá trên số lũy kế từ đầu năm ghi trong biểu của các đơn "
                f"vị (cột lũy kế từ đầu năm), không phải số tổng hợp từ các kỳ đã báo cáo. Lập "
                "báo cáo các kỳ trước của năm với cùng --store để đối chiếu.",
                severity="warning",
            )
        )
    units = [
        UnitResult(
            unit.name,
            True,
            {code: (p.value, c.value) for code, (p, c) in unit.values.items()},
            {code: (p.location, c.location) for code, (p, c) in unit.values.items()},
            targets={code: (t.value, t.location) for code, t in unit.targets.items()},
            derived=frozenset(code for code, (_, c) in unit.values.items() if c.derived),
        )
        for unit in data.units
    ]
    for name in data.missing_units:
        report = carried.get(name)
        if report is None:
            units.append(UnitResult(name, False, {}))
            continue
        values = {code: (0, cumulative) for code, (_, cumulative) in report.values.items()}
        units.append(UnitResult(name, False, values, carried_from=report.period))
    if carried:
        warnings.append(
            Problem(
                "carried_forward",
                "Đơn vị chưa gửi báo cáo kỳ này; số lũy kế lấy theo báo cáo gần nhất trong lịch "
                "sử: "
                + "; ".join(f"{name} ({report.period.label})" for name, report in carried.items())
                + ".",
                severity="warning",
            )
        )
    order = {unit.name: i for i, unit in enumerate(config.units)}
    units.sort(key=lambda u: order.get(u.name, len(order)))
    year = _whole_year(config, data, past, now, so_far, file_first, lacking)
    acknowledged: list[tuple[Problem, Acknowledgement]] = []
    open_warnings: list[Problem] = []
    for warning in warnings:
        ack = next((a for a in past.acknowledged if a.covers(warning)), None)
        if ack is None:
            open_warnings.append(warning)
        else:
            acknowledged.append((warning, ack))
    return ReportModel(
        period=data.period,
        elapsed_share=elapsed_share(config, data.period),
        indicators=tuple(indicators),
        units=tuple(units),
        missing_units=tuple(data.missing_units),
        warnings=tuple(open_warnings),
        sources=tuple(data.sources),
        whole_year=year.figures,
        year_incomplete=year.incomplete,
        year_units=year.units,
        year_before=year.before,
        year_from_file=year.from_file,
        units_since=date(data.period.year, before + 1, 1)
        if before != months_before(data.period)
        else None,
        acknowledged=tuple(acknowledged),
    )


@dataclass
class _Year:
    """The whole year in the year's last period: its figures (from the stored periods, or the
    forms' year column), the periods lacking some units, each unit's year, the year before."""

    figures: dict[str, int] = field(default_factory=dict)
    incomplete: tuple[Coverage, ...] = ()
    units: dict[str, dict[str, int]] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)
    from_file: bool = False


def _whole_year(
    config: Config,
    data: ValidData,
    past: Past,
    now: PastPeriod,
    cover: list[PastPeriod] | None,
    file_first: bool,
    lacking: Coverage | None,
) -> _Year:
    """The whole year, in the period that ends it (nothing otherwise). now: this period's
    figures; cover: the stored periods of the year before this one; file_first: a unit
    reporting now lacks from them."""
    year = _Year()
    if data.period.end.month != 12:
        return year
    from_forms = {i.code: _file_year(data.units, i.code) for i in config.indicators}
    forms_give_year = data.period.months < 12 and all(v is not None for v in from_forms.values())
    earlier = [p for p in past.periods if p.period != data.period]
    if cover is not None and not (file_first and forms_give_year):
        so_far = year_sum(config, cover, [*earlier, now], data.period.end)
        year.figures = {
            i.code: so_far.totals.get(i.code, 0) + now.totals.get(i.code, (0, 0))[0]
            for i in config.indicators
        }
        year.incomplete = so_far.incomplete
        year.units = _year_units(data.units, cover)
    elif forms_give_year:
        # Without the year's earlier periods (or with a reporting unit's missing from them),
        # the forms' own year column ('Cả năm 2024', 'Lũy kế từ đầu năm') gives the whole
        # year; the units that sent nothing now are missing from it.
        year.figures = {code: value or 0 for code, value in from_forms.items()}
        year.from_file = True
        year.incomplete = (lacking,) if lacking is not None else ()
    # The year before as a whole, for a report that covers this whole year; only when each of
    # its periods had every unit's report (a partial year is no yardstick).
    before = year_cover(data.period.year - 1, 12, earlier)
    covers_year = data.period.months == 12 or bool(year.figures)
    if covers_year and before is not None:
        whole = year_sum(config, before, [*earlier, now], date(data.period.year - 1, 12, 31))
        if not whole.incomplete:
            year.before = {
                i.code: whole.totals.get(i.code, 0)
                for i in config.indicators
                if all(i.code in p.totals for p in before)
            }
    return year


def _months_before_units(config: Config, data: ValidData) -> int:
    """The months of the period's year before what its units can report: those before the
    period starts, or, when every unit that reported began on one day inside the period (the
    communes of 1/7/2025 reporting the year 2025), those before that day, which the units
    before them reported."""
    begun = {u.valid_from for u in config.units if u.name in {f.name for f in data.units}}
    start = next(iter(begun)) if len(begun) == 1 else None
    if start is not None and data.period.start < start <= data.period.end:
        return start.month - 1
    return months_before(data.period)


def _year_below_stored(
    data: ValidData, past: Past, sums: dict[str, tuple[int, int]], before: int, config: Config
) -> list[Problem]:
    """A year reported as one period whose figure is below a stored period of that very year
    (the communes' 2025 against the districts' first half): both cannot be the province's, so
    the warning names both figures. before: the months of the year the units before them
    reported (_months_before_units), added to the year rather than set against it."""
    period = data.period
    if period.months != 12:
        return []
    found = []
    for stored in past.periods:
        part = stored.period
        if part.year != period.year or part.months >= 12 or part.end.month <= before:
            continue
        below = [
            f'"{i.label}": {format_int(sums.get(i.code, (0, 0))[0])} so với {format_int(value)}'
            for i in config.indicators
            if (value := stored.totals.get(i.code, (0, 0))[0]) > sums.get(i.code, (0, 0))[0]
        ]
        if below:
            found.append(
                Problem(
                    "year_below_stored",
                    f"Số liệu {period.label} nhỏ hơn số liệu {part.label} đã lưu trong lịch sử ("
                    + "; ".join(below)
                    + "): số cả năm không thể nhỏ hơn số của một phần năm.",
                    severity="warning",
                )
            )
    return found


def _replaced(config: Config, data: ValidData, past: Past) -> list[Problem]:
    """A warning when this run replaces a stored record of the period that held reports of
    units this one lacks: a run with the late units alone would drop the others' figures."""
    if past.stored_units is None:
        return []
    now = {u.name for u in data.units}
    order = {unit.name: i for i, unit in enumerate(config.units)}
    dropped = sorted((n for n in past.stored_units if n not in now), key=lambda n: order.get(n, 0))
    if not dropped:
        return []
    named = (
        join_vi(dropped)
        if len(dropped) <= 5
        else f"{len(dropped)} đơn vị ({', '.join(dropped[:5])}, …)"
    )
    return [
        Problem(
            "period_replaced_fewer_units",
            f"Lịch sử đã lưu {data.period.label} với báo cáo của {len(past.stored_units)} đơn "
            f"vị; lần lập báo cáo này thay bản lưu đó mà không có báo cáo của {named}.",
            severity="warning",
        )
    ]


def _at_least(verdict: Verdict, target: Target | None, partial: bool) -> bool:
    """Whether a range target ("từ 25 - 30") is met on the units that reported while some did
    not: what they did could only add, so it is met at least, perhaps exceeded."""
    return (
        partial
        and verdict.status == Status.MET
        and target is not None
        and target.max is not None
        and target.max > (target.min or 0)
    )


def _lacks_any(config: Config, cover: list[PastPeriod], units: set[str]) -> bool:
    """Whether a period of the year's cover lacks the report of one of `units`."""
    return any(set(gap.missing) & units for gap in gaps(config, cover))


def _year_units(units: list[UnitFigures], cover: list[PastPeriod]) -> dict[str, dict[str, int]]:
    """Each unit's figures for the whole year (its stored periods of the year plus this one),
    when every period of the year holds the reports of the very units that reported now (a unit
    absent from one part, or units that changed, leave the year per unit unknown: empty)."""
    names = {u.name for u in units}
    if not units or any(set(p.units) != names for p in cover):
        return {}
    return {
        unit.name: {
            code: figures[0].value + sum(p.units[unit.name].get(code, (0, 0))[0] for p in cover)
            for code, figures in unit.values.items()
        }
        for unit in units
    }


def _file_year(units: list[UnitFigures], code: str) -> int | None:
    """An indicator's year to date from the forms' own column ('Lũy kế từ đầu năm'), when every
    unit that reported gives one lying between its period and cumulative figures; else None
    (a unit without it, or with one that does not fit, leaves the year to date unknown)."""
    if not units:
        return None
    total = 0
    for unit in units:
        year = unit.year_to_date.get(code)
        figures = unit.values.get(code)
        if year is None or figures is None:
            return None
        in_period, cumulative = figures
        if not in_period.value <= year.value <= cumulative.value:
            return None
        total += year.value
    return total
