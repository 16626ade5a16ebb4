"""This period against the stored ones: comparisons with the period before and the same period a
year earlier, the trend, a change of reporting units, and the continuity of each unit's
cumulative figures (against its previous report, or the previous cumulative its form carries).

Pure: everything earlier comes in as `Past`, read from the store before the model is built.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dean24.core.errors import Location, Problem
from dean24.core.model import (
    Comparison,
    Coverage,
    Figure,
    IndicatorResult,
    LateResults,
    Past,
    PastPeriod,
    TrendPoint,
    UnitFigures,
)
from dean24.core.periods import Period
from dean24.core.text import format_int
from dean24.judging.reorganisation import same_units, units_changed


@dataclass(frozen=True)
class Earlier:
    """What the stored periods add to this period's results: each indicator's comparisons,
    the trend (earlier periods of the same kind, then this one) and the notice that the units
    changed, if they did."""

    previous: dict[str, Comparison] = field(default_factory=dict)
    year_before: dict[str, Comparison] = field(default_factory=dict)
    trend: list[TrendPoint] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    # earlier periods reported by other units (before a reorganisation) left uncompared, because
    # some units of this period did not report: a part of the new units against the whole
    # of the old ones is no comparison
    withheld: list[Period] = field(default_factory=list)
    # earlier periods reported by other units that are compared with although some of their
    # units sent nothing (carried): said with the comparisons
    short_then: list[Coverage] = field(default_factory=list)


def compare(
    period: Period,
    indicators: Iterable[IndicatorResult],
    reported: Mapping[str, Mapping[str, tuple[int, int]]],
    units: Iterable[str],
    past: Past,
) -> Earlier:
    """This period's indicators against the stored periods of `past`.

    reported: unit → indicator → (period, cumulative) of the units that reported (in the
    order of the units); units: every unit of the report (configured or reported).
    """
    indicators = list(indicators)
    stored = {p.period: p for p in past.periods}
    order = {name: i for i, name in enumerate(reported)}
    found: dict[str, dict[str, Comparison]] = {"previous": {}, "year_before": {}}
    silent = set(units) - set(reported)  # units of this report that sent nothing
    withheld: list[Period] = []
    short_then: list[Coverage] = []
    for earlier, key in ((period.previous(), "previous"), (period.year_before(), "year_before")):
        if earlier not in stored:
            continue
        then = stored[earlier]
        # reported by other units (before a reorganisation)
        other_units = bool(then.units) and not same_units(then.units, reported)
        if other_units and silent:
            withheld.append(earlier)
            continue
        if other_units and then.carried:
            count = len(then.units)
            short_then.append(Coverage(earlier, then.carried, count, count + len(then.carried)))
        # Like with like: where some units reported in one period only, over the units that
        # reported in both (a change of all units is said once, by units_changed).
        common = set(then.units) & set(reported)
        alike = same_units(then.units, reported) and common
        differ = (set(then.units) ^ set(reported)) if alike else set()
        left_out = tuple(sorted(differ, key=lambda n: (order.get(n, len(order)), n)))
        for result in indicators:
            if result.code not in then.totals:
                continue
            if not left_out:
                found[key][result.code] = Comparison(earlier, *then.totals[result.code])
                continue
            code = result.code
            found[key][result.code] = Comparison(
                earlier,
                sum(then.units[u].get(code, (0, 0))[0] for u in common),
                sum(then.units[u].get(code, (0, 0))[1] for u in common),
                sum(reported[u].get(code, (0, 0))[0] for u in common),
                len(common),
                left_out,
            )
    trend = [TrendPoint(p.period, p.totals) for p in _chain(period, past.periods)]
    trend.append(
        TrendPoint(period, {r.code: (r.period_value, r.cumulative_value) for r in indicators})
    )
    # The change of units is said where this report sets it beside periods of other units: the
    # periods compared with and those of the trend (a report long after the change uses none).
    used = {point.period for point in trend} | {period.previous(), period.year_before()}
    changed = units_changed(
        period, list(units), [(p.period, set(p.units)) for p in past.periods if p.period in used]
    )
    return Earlier(
        found["previous"],
        found["year_before"],
        trend,
        [changed] if changed is not None else [],
        withheld,
        short_then,
    )


def continuity(
    period: Period, units: Iterable[UnitFigures], past: Past, labels: Mapping[str, str]
) -> list[Problem]:
    """A warning for every figure of a unit whose cumulative is not its previous cumulative
    plus the figure of the period: the previous cumulative as the store holds it (the unit's
    report of the period before), else as the unit's own form carries it (even without a
    store); and a notice wherever the form's previous cumulative is not the one the store
    holds for the unit."""
    previous = period.previous()
    before = next((p.units for p in past.periods if p.period == previous), {})
    found: list[Problem] = []
    for unit in units:
        stored = before.get(unit.name, {})
        last = past.last_reports.get(unit.name)
        for code, (in_period, cumulative) in unit.values.items():
            label = labels.get(code, code)
            own = unit.previous.get(code)
            shown = own or unit.reported_before.get(code)
            if shown is not None and last is not None and code in last.values:
                kept = last.values[code][1]
                if kept != shown.value:
                    against = (
                        "Lũy kế kỳ này được đối chiếu với số trong lịch sử. "
                        if code in stored
                        else "Lũy kế kỳ này được đối chiếu với số trên biểu. "
                        if own is not None
                        else ""
                    )
                    found.append(
                        _previous_differs(unit.name, label, shown, last.period, kept, against)
                    )
            problem = None
            if last is not None and code in last.values and cumulative.value < last.values[code][1]:
                problem = below_last(
                    unit.name, label, last.period, last.values[code][1], cumulative
                )
            elif code in stored:
                problem = continuity_break(
                    unit.name,
                    label,
                    previous,
                    stored[code][1],
                    (in_period.value, cumulative.value),
                    cumulative.location,
                )
            elif (
                last is not None
                and code in last.values
                and last.period.end < period.start  # not a quarter inside this half year
                and ((adjacent := _follows(last.period, period)) or own is None)
            ):
                # the unit's report just before, of another kind (a quarter after a half year);
                # or, months after it going unreported, its last report: the cumulative may
                # then bring their results (late_results), never fewer than this period's
                # figure on top of what was reported
                problem = continuity_break(
                    unit.name,
                    label,
                    last.period,
                    last.values[code][1],
                    (in_period.value, cumulative.value),
                    cumulative.location,
                    late=not adjacent,
                )
            elif own is not None:
                problem = _form_break(unit.name, label, own, in_period, cumulative)
            if problem is not None:
                found.append(problem)
    return found


def late_results(period: Period, units: Iterable[UnitFigures], past: Past) -> list[LateResults]:
    """The units that sent no report for some months before this period (their last report
    ends earlier than the day before it starts) whose cumulative now exceeds their last
    cumulative plus this period's figure: the excess is what those months brought, said in
    the report so that the cumulative adds up."""
    found = []
    for unit in units:
        last = past.last_reports.get(unit.name)
        if last is None or last.period.end >= period.start or _follows(last.period, period):
            continue
        values = {
            code: cumulative.value - last.values[code][1] - in_period.value
            for code, (in_period, cumulative) in unit.values.items()
            if code in last.values and cumulative.value - last.values[code][1] - in_period.value > 0
        }
        if values:
            gap = (last.period.end + datetime.timedelta(days=1), period.start)
            found.append(LateResults(unit.name, last.period, _months(*gap), values))
    return found


def _months(first: datetime.date, stop: datetime.date) -> tuple[tuple[int, int, int], ...]:
    """The months from `first` up to the day before `stop`, one span per calendar year:
    (2024, 7, 12) for the second half of 2024."""
    spans: list[tuple[int, int, int]] = []
    day = first
    while day < stop:
        last_month = 12 if stop.year > day.year else stop.month - 1
        spans.append((day.year, day.month, last_month))
        day = datetime.date(day.year + 1, 1, 1)
    return tuple(spans)


def below_last(
    unit: str, label: str, previous: Period, earlier: int, cumulative: Figure
) -> Problem:
    """An error when a unit's cumulative is below the cumulative it reported for an earlier
    period: a count since the programme began never falls, so one of the two is wrong."""
    return Problem(
        "cumulative_below_previous",
        f"Số lũy kế kỳ này ({format_int(cumulative.value)}) nhỏ hơn số lũy kế đơn vị đã báo "
        f'cáo {previous.label} ({format_int(earlier)}) của chỉ tiêu "{label}", đơn vị {unit}: '
        "số lũy kế từ khi thực hiện Đề án không giảm.",
        cumulative.location,
        advised=True,
    )


TREND_PERIODS = 7  # earlier periods in the trend, beside this one (Bảng 5 holds eight)


def _chain(period: Period, stored: list[PastPeriod]) -> list[PastPeriod]:
    """The stored periods that lead up to this one, each ending the day before the next
    begins (H2 2025, then Q1 2026), oldest first: a trend whose period figures add up to its
    cumulatives. Where two end on the same day, the one of this period's kind, else the
    longer; the chain stops at a gap no stored period fills."""
    found: list[PastPeriod] = []
    start = period.start
    while len(found) < TREND_PERIODS:
        before = [p for p in stored if p.period.end + datetime.timedelta(days=1) == start]
        if not before:
            break
        best = min(before, key=lambda p: (p.period.kind != period.kind, -p.period.months))
        found.append(best)
        start = best.period.start
    return found[::-1]


def _follows(earlier: Period, period: Period) -> bool:
    """Whether `period` begins the day after `earlier` ends (H2 2025, then Q1 2026)."""
    return earlier.end + datetime.timedelta(days=1) == period.start


def continuity_break(
    unit: str,
    label: str,
    previous: Period,
    earlier: int,
    figures: tuple[int, int],
    where: Location,
    *,
    late: bool = False,
) -> Problem | None:
    """A warning when a unit's cumulative figure is not its previous cumulative figure (as
    the store holds it) plus the figure of the period, else None. late: the unit sent nothing
    for some months since that report, so a cumulative above it brings their results."""
    in_period, cumulative = figures
    if earlier + in_period == cumulative or (late and cumulative > earlier + in_period):
        return None
    return Problem(
        "continuity_break",
        f'{unit}, chỉ tiêu "{label}": lũy kế kỳ trước ({previous.label}) là '
        f"{format_int(earlier)}, cộng số trong kỳ {format_int(in_period)} được "
        f"{format_int(earlier + in_period)}, nhưng biểu ghi lũy kế {format_int(cumulative)} "
        f"(chênh {format_int(abs(cumulative - earlier - in_period))}); đề nghị đơn vị rà soát "
        "lại.",
        where,
        severity="warning",
    )


def _form_break(
    unit: str, label: str, own: Figure, in_period: Figure, cumulative: Figure
) -> Problem | None:
    """The same warning against the previous cumulative the unit's own form carries, naming
    the three cells."""
    earlier, added, total = own.value, in_period.value, cumulative.value
    if earlier + added == total:
        return None
    return Problem(
        "continuity_break",
        f'{unit}, chỉ tiêu "{label}": số đã báo cáo đến hết kỳ trước là {format_int(earlier)} '
        f"(ô {own.location.cell}), cộng số trong kỳ {format_int(added)} (ô "
        f"{in_period.location.cell}) được {format_int(earlier + added)}, nhưng biểu ghi lũy kế "
        f"{format_int(total)} (ô {cumulative.location.cell}, chênh "
        f"{format_int(abs(total - earlier - added))}); đề nghị đơn vị rà soát lại.",
        cumulative.location,
        severity="warning",
    )


def _previous_differs(
    unit: str, label: str, shown: Figure, period: Period, kept: int, against: str
) -> Problem:
    """The cumulative the unit's form shows as already reported is not the one the store
    holds; `against` says what this cumulative is checked against ("" for neither)."""
    return Problem(
        "previous_differs",
        f'{unit}, chỉ tiêu "{label}": biểu ghi số đã báo cáo là {format_int(shown.value)} (ô '
        f"{shown.location.cell}), nhưng lịch sử ghi lũy kế đơn vị đã báo cáo đến hết "
        f"{period.label} là {format_int(kept)}. {against}Nếu biểu được lập trước khi lịch sử "
        "được sửa, lập lại biểu bằng dean24 form --store.",
        shown.location,
        severity="warning",
    )
