"""This period against the stored ones: comparisons with the period before and the same period a
year earlier, the trend, a change of reporting units, and the continuity of each unit's
cumulative figures (against its previous report, or the previous cumulative its form carries).

Pure: everything earlier comes in as `Past`, read from the store before the model is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dean24.errors import Location, Problem
from dean24.model import Comparison, IndicatorResult, Past, TrendPoint, UnitFigures
from dean24.periods import Period
from dean24.reorganisation import same_units, units_changed
from dean24.text import format_int


@dataclass(frozen=True)
class Earlier:
    """What the stored periods add to this period's results: each indicator's comparisons,
    the trend (earlier periods of the same kind, then this one) and the notice that the units
    changed, if they did."""

    previous: dict[str, Comparison] = field(default_factory=dict)
    year_before: dict[str, Comparison] = field(default_factory=dict)
    trend: list[TrendPoint] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


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
    for earlier, key in ((period.previous(), "previous"), (period.year_before(), "year_before")):
        if earlier not in stored:
            continue
        then = stored[earlier]
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
    trend = [
        TrendPoint(p.period, p.totals)
        for p in sorted(past.periods, key=lambda p: (p.period.end, p.period.months))
        if p.period.kind == period.kind and p.period.end < period.end
    ]
    trend.append(
        TrendPoint(period, {r.code: (r.period_value, r.cumulative_value) for r in indicators})
    )
    changed = units_changed(period, list(units), [(p.period, set(p.units)) for p in past.periods])
    return Earlier(
        found["previous"], found["year_before"], trend, [changed] if changed is not None else []
    )


def continuity(
    period: Period, units: Iterable[UnitFigures], past: Past, labels: Mapping[str, str]
) -> list[Problem]:
    """A warning for every figure of a unit whose cumulative is not its previous cumulative
    (its report of the period before, as the store holds it) plus the figure of the period."""
    previous = period.previous()
    before = next((p.units for p in past.periods if p.period == previous), {})
    found: list[Problem] = []
    for unit in units:
        stored = before.get(unit.name, {})
        for code, (in_period, cumulative) in unit.values.items():
            if code not in stored:
                continue
            problem = continuity_break(
                unit.name,
                labels.get(code, code),
                previous,
                stored[code][1],
                (in_period.value, cumulative.value),
                cumulative.location,
            )
            if problem is not None:
                found.append(problem)
    return found


def continuity_break(
    unit: str,
    label: str,
    previous: Period,
    earlier: int,
    figures: tuple[int, int],
    where: Location,
) -> Problem | None:
    """A warning when a unit's cumulative figure is not its previous cumulative figure (as
    the store holds it) plus the figure of the period, else None."""
    in_period, cumulative = figures
    if earlier + in_period == cumulative:
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
