"""A target's status and its percentage as data: which horizon the status's words speak of,
and what the percentage is a percentage of (the words for both are in templates/bang.j2)."""

from __future__ import annotations

from dataclasses import dataclass

from dean24.core.model import IndicatorResult
from dean24.core.vocabulary import Horizon, Status, TargetKind

# Per-year targets: the statuses that have words of their own over the year so far and over the
# whole year ("Vượt tiến độ năm", "Không đạt chỉ tiêu năm").
# Not judged: the year so far or the whole year cannot be settled (its earlier periods unknown,
# or some units' reports missing).
_ANNUAL_WORDS = {
    Horizon.YEAR_TO_DATE: {Status.EXCEEDED, Status.MET, Status.BEHIND, Status.NOT_JUDGED},
    Horizon.YEAR: {Status.EXCEEDED, Status.MET, Status.NOT_MET, Status.NOT_JUDGED},
}


def status_key(result: IndicatorResult) -> tuple[Status, Horizon | None]:
    """The status and the horizon its words speak of: the year so far, the whole year, or None
    (the status's own words)."""
    if result.target_kind is not None and result.target_kind.annual:
        ytd, annual = result.year_to_date, result.annual_target
        if ytd is not None and annual and ytd.value >= annual:
            # The whole year's target is already reached before the year ends.
            return (Status.EXCEEDED if ytd.value > annual else Status.MET), Horizon.YEAR
        horizon = result.horizon
        if horizon == Horizon.PERIOD:
            # Judged alone, success is proven up to the period's end: the whole year at its end
            # (a quarter III whose share of the year rounds up to the annual count is not it).
            whole = result.ends_year or (annual is not None and result.period_value >= annual)
            horizon = Horizon.YEAR if whole else Horizon.YEAR_TO_DATE
        if result.status in _ANNUAL_WORDS.get(horizon, set()):
            return result.status, horizon
    if result.target_kind == TargetKind.PROGRAMME and result.status == Status.NOT_JUDGED:
        # units that did not report and have no earlier report: the phase cannot be judged
        return result.status, Horizon.PHASE
    return result.status, None


class Basis:
    """What Bảng 1's percentage is a percentage of (the values bang.j2's o_ty_le knows)."""

    NONE = ""
    ABOVE_MAX = "above_max"  # no percentage: how far past the highest level of a range
    MIN = "min"  # of a range's lowest level
    TARGET = "target"  # of the target
    ANNUAL = "annual"  # of the year's target


@dataclass(frozen=True)
class Percent:
    """Bảng 1's percentage as data: what it compares (`basis`, a Basis value) and the figures."""

    basis: str
    fraction: float | None = None
    over: int | None = None


def percent_of(result: IndicatorResult) -> Percent:
    """The percentage Bảng 1 gives an indicator."""
    if result.target_kind is None or result.status in {Status.CLOSED, Status.NOT_JUDGED}:
        # no percentage of a target the figures cannot be measured against (a per-year target
        # at the year's end with the year's earlier periods unknown)
        return Percent(Basis.NONE)
    if result.target_kind == TargetKind.PROGRAMME:
        low, high = result.target_min or 0, result.target_max
        if high is not None and result.cumulative_value > high:
            return Percent(Basis.ABOVE_MAX, over=result.cumulative_value - high)
        if not low:
            return Percent(Basis.NONE)
        basis = Basis.MIN if high is not None and high != low else Basis.TARGET
        return Percent(basis, result.cumulative_value / low)
    annual = result.annual_target or 0
    if not annual:
        return Percent(Basis.NONE)
    value = result.year_to_date.value if result.year_to_date is not None else result.period_value
    return Percent(Basis.ANNUAL, value / annual)
