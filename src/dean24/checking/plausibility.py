"""Figures that are well formed but far from what is usual: against the unit's own earlier
periods, else against the other units of this period.

The counts are small and mostly zero, and their spread is skewed, so the usual range is
judged on a logarithmic scale (log(1 + x)) with the median and the median absolute deviation
(a modified z-score: a figure more than `factor` robust deviations out is far). Where most of
the reference figures are 0, the range is judged on the figures above 0 (how large a result
is when there is one), and a figure within `min_difference` of the usual value is never
claimed to be far, so that 0 → 2 is no alarm. Too few reference figures: nothing is claimed.

Only a figure above the usual range is far: a unit with nothing this period (0) or less than
usual is ordinary news, never a warning. Against the other units of the period (the unit has too
few earlier periods of its own), units differ in size, and the largest unit is usually just
above the others: there a figure is far only when it is also well beyond every figure it is
judged by (the highest of the other units and of the unit's own earlier periods) — more than
`min_ratio` times it and more than `min_difference` above it.

Only the period figure is judged: the cumulative figure follows from it and the unit's last
report (a separate check), so a figure typed ten times too large with its cumulative made to
match is found here, at the period figure's cell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from dean24.core.errors import Problem
from dean24.core.model import Past, PastPeriod, UnitFigures
from dean24.core.periods import Period
from dean24.core.text import format_int, join_vi
from dean24.programme.config import Config, Plausibility

# 1.4826 × MAD estimates the standard deviation of normally spread figures.
_MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class UsualRange:
    """The range a figure is expected in, and what it was judged by."""

    low: int
    high: int
    basis: str  # Vietnamese: "các kỳ trước của đơn vị (…)", "… đơn vị khác trong kỳ"

    # the highest figure the range was judged by, when a figure above the range must also be
    # well beyond it (units of different sizes)
    top: float | None = None

    def holds(self, value: int, settings: Plausibility | None = None) -> bool:
        """Whether a figure is usual: not above the range (a figure below it is no alarm), or
        above it but within `settings`' margin of the highest figure it was judged by."""
        if value <= self.high:
            return True
        if self.top is None or settings is None:
            return False
        return value <= max(self.top * settings.min_ratio, self.top + settings.min_difference)


def usual_range(
    reference: Sequence[float], settings: Plausibility, needed: int, basis: str
) -> UsualRange | None:
    """The usual range of a figure given reference figures, or None with too few of them."""
    values = [v for v in reference if v >= 0]
    if sum(1 for v in values if v > 0) * 2 < len(values):
        # Mostly zero: judge how large a result is when there is one.
        values = [v for v in values if v > 0]
    if len(values) < needed:
        return None
    logs = [math.log1p(v) for v in values]
    centre = median(logs)
    spread = _MAD_TO_SIGMA * median(abs(x - centre) for x in logs)
    width = max(settings.factor * spread, math.log(settings.min_ratio))
    typical = median(values)
    high = max(math.expm1(centre + width), typical + settings.min_difference)
    low = min(math.expm1(centre - width), typical - settings.min_difference)
    return UsualRange(max(0, math.floor(low)), math.ceil(high), basis)


def _history(
    unit: str, code: str, period: Period, past: Sequence[PastPeriod]
) -> tuple[list[float], list[Period]]:
    """The unit's earlier period figures, scaled to this period's length."""
    values: list[float] = []
    used: list[Period] = []
    for stored in past:
        if stored.period.end >= period.start:
            continue  # later, or overlapping this period
        figures = stored.units.get(unit, {})
        if code in figures:
            values.append(figures[code][0] * period.months / stored.period.months)
            used.append(stored.period)
    return values, used


# From this many units reporting an indicator, their peers' range is computed once.
_SHARED_FROM = 200


def check_plausibility(
    period: Period,
    units: Sequence[UnitFigures],
    past: Past,
    config: Config,
    settings: Plausibility | None = None,
) -> list[Problem]:
    """A warning for every period figure far from the unit's own earlier periods (with at
    least `min_history` of them), else from the other units of this period (with at least
    `min_peers` of them); nothing where neither is there."""
    settings = settings or config.plausibility
    if not settings.enabled:
        return []
    found: list[Problem] = []
    for indicator in config.indicators:
        code = indicator.code
        reported = [(u, u.values[code][0]) for u in units if code in u.values]
        # Many units: one range for all of them (one unit more or less moves a median and its
        # deviation by nothing that matters), so the check stays linear in the units.
        shared = (
            usual_range(
                [float(f.value) for _, f in reported],
                settings,
                settings.min_peers,
                f"{len(reported)} đơn vị trong {period.label}",
            )
            if len(reported) > _SHARED_FROM
            else None
        )
        # the two highest figures: the highest of the others is the second for the unit that
        # holds the first
        highest = sorted((float(f.value) for _, f in reported), reverse=True)[:2] or [0.0]
        for unit, figure in reported:
            # No stored period: no unit has a history to be judged by.
            history, periods = (
                _history(unit.name, code, period, past.periods) if past.periods else ([], [])
            )
            expected = usual_range(history, settings, settings.min_history, "") if history else None
            if expected is not None:
                labels = join_vi(
                    [p.label for p in sorted(periods, key=lambda p: (p.end, p.months))]
                )
                expected = replace(expected, basis=f"các kỳ trước của đơn vị ({labels})")
            elif shared is not None:
                holds_first = figure.value == highest[0] and len(highest) > 1
                others = highest[1] if holds_first else highest[0]
                expected = replace(shared, top=max([others, *history]))
            else:
                peers = [float(f.value) for u, f in reported if u is not unit]
                expected = usual_range(
                    peers,
                    settings,
                    settings.min_peers,
                    f"{len(peers)} đơn vị khác trong {period.label}",
                )
                if expected is not None:
                    expected = replace(expected, top=max([*peers, *history]))
            if expected is None or expected.holds(figure.value, settings):
                continue
            found.append(
                Problem(
                    "implausible_value",
                    f'{unit.name}: "{indicator.label}" {period.label} là '
                    f"{format_int(figure.value)} {indicator.unit}, ngoài mức thường thấy "
                    f"(thường từ {format_int(expected.low)} đến {format_int(expected.high)} "
                    f"theo {expected.basis}). Kiểm tra lại ô này và ô lũy kế đi kèm (có thể "
                    "gõ thừa hoặc thiếu chữ số).",
                    figure.location,
                    severity="warning",
                    subject=(unit.name, code, figure.value),
                )
            )
    return found
