"""Add up validated figures per indicator and judge each against its target (uses pandas)."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

import pandas as pd

from dean24.config import Config, Indicator
from dean24.model import IndicatorResult, ReportModel, UnitResult, ValidData
from dean24.periods import Period


def elapsed_share(config: Config, period: Period) -> float:
    """Share of the programme's time gone at the end of the period, between 0 and 1."""
    start, end = config.programme.start, config.programme.end
    return _share(start, end, period.end)


def _share(start: date, end: date, when: date) -> float:
    total = (end - start).days + 1
    gone = (when - start).days + 1
    return min(max(gone / total, 0.0), 1.0)


def annual_target(indicator: Indicator) -> int | None:
    """The yearly count a per-year target asks for (a percentage of a base is rounded up)."""
    target = indicator.target
    if target is None:
        return None
    if target.kind == "annual_count":
        return target.per_year
    if target.kind == "annual_percent" and target.percent is not None and target.base is not None:
        return math.ceil(Fraction(str(target.percent)) * target.base / 100)
    return None


def judge(
    indicator: Indicator, period_value: int, cumulative: int, period: Period, share: float
) -> tuple[str, float | None, float | None]:
    """Status, target for the period (per-year targets) and fraction of target reached."""
    target = indicator.target
    if target is None:
        return "no_target", None, None
    if target.kind == "programme":
        low = target.min or 0
        high = target.max if target.max is not None else low
        fraction = cumulative / low if low else None
        if cumulative > high:
            return "exceeded", None, fraction
        if low <= cumulative <= high:
            return "met", None, fraction
        on_track = fraction is not None and fraction >= share
        return ("on_track" if on_track else "behind"), None, fraction
    yearly = annual_target(indicator) or 0
    for_period = float(Fraction(yearly) * period.share_of_year)
    fraction = period_value / for_period if for_period else None
    if period_value > for_period:
        status = "exceeded"
    elif period_value == for_period:
        status = "met"
    else:
        status = "behind"
    return status, for_period, fraction


def build_model(data: ValidData, config: Config) -> ReportModel:
    """Totals, per-unit table, targets and statuses for one period."""
    records = [
        {
            "unit": unit.name,
            "code": code,
            "period": figures[0].value,
            "cumulative": figures[1].value,
        }
        for unit in data.units
        for code, figures in unit.values.items()
    ]
    frame = pd.DataFrame.from_records(records, columns=["unit", "code", "period", "cumulative"])
    frame = frame.astype({"period": "int64", "cumulative": "int64"})
    sums: dict[str, tuple[int, int]] = {
        str(code): (int(p), int(c))
        for code, p, c in frame.groupby("code")[["period", "cumulative"]].sum().itertuples()
    }
    share = elapsed_share(config, data.period)
    reported = [u.name for u in data.units]
    indicators: list[IndicatorResult] = []
    for indicator in config.indicators:
        in_period, cumulative = sums.get(indicator.code, (0, 0))
        status, for_period, fraction = judge(indicator, in_period, cumulative, data.period, share)
        rows = frame[frame["code"] == indicator.code]
        without = (
            rows.loc[rows["period"] == 0, "unit"].tolist() if indicator.target is not None else []
        )
        target = indicator.target
        rate = (
            in_period / target.base
            if target is not None and target.kind == "annual_percent" and target.base
            else None
        )
        indicators.append(
            IndicatorResult(
                code=indicator.code,
                label=indicator.label,
                unit=indicator.unit,
                period_value=in_period,
                cumulative_value=cumulative,
                status=status,
                target_kind=target.kind if target else None,
                target_statement=target.statement if target else "",
                target_min=target.min if target else None,
                target_max=target.max if target else None,
                period_target=for_period,
                annual_target=annual_target(indicator),
                percent_of_target=fraction,
                rate_of_base=rate,
                units_without_result=[u for u in reported if u in set(without)],
            )
        )
    units = [
        UnitResult(
            unit.name,
            True,
            {code: (p.value, c.value) for code, (p, c) in unit.values.items()},
            {code: (p.location, c.location) for code, (p, c) in unit.values.items()},
        )
        for unit in data.units
    ]
    units += [UnitResult(name, False, {}) for name in data.missing_units]
    order = {unit.name: i for i, unit in enumerate(config.units)}
    units.sort(key=lambda u: order.get(u.name, len(order)))
    return ReportModel(
        period=data.period,
        elapsed_share=share,
        indicators=indicators,
        units=units,
        missing_units=list(data.missing_units),
        warnings=list(data.warnings),
        sources=list(data.sources),
    )
