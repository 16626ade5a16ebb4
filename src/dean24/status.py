"""A target's status and its percentage as data (the report's words for them are in the
templates, bang.j2); the terminal's words for the same."""

from __future__ import annotations

from dataclasses import dataclass

from dean24.model import IndicatorResult
from dean24.text import format_int, format_percent

# Best first: the order in which the overview names the groups of indicators.
STATUS_ORDER = {
    "exceeded": 0,
    "met": 1,
    "on_track": 2,
    "behind": 3,
    "not_met": 4,
    "not_judged": 5,
    "closed": 6,
    "no_target": 7,
}

# Words by status alone, for a legend that has no indicator at hand.
STATUS_LABELS = {
    "exceeded": "Vượt mục tiêu",
    "met": "Đạt mục tiêu",
    "on_track": "Vượt tiến độ",
    "behind": "Chậm tiến độ",
    "not_met": "Không đạt mục tiêu",
    "not_judged": "Chưa đánh giá được cả năm",
    "closed": "Đã hết giai đoạn",
    "no_target": "Không đặt mục tiêu",
}

# Per-year targets, by horizon: the year so far, the whole year, or the period alone.
_ANNUAL = {
    "year_to_date": {
        "exceeded": "Vượt tiến độ năm",
        "met": "Đạt tiến độ năm",
        "behind": "Chưa đạt tiến độ năm",
    },
    "year": {
        "exceeded": "Vượt chỉ tiêu năm",
        "met": "Đạt chỉ tiêu năm",
        "not_met": "Không đạt chỉ tiêu năm",
    },
}


def status_key(result: IndicatorResult) -> tuple[str, str]:
    """The status and the horizon its words speak of: 'year_to_date' (the year so far),
    'year' (the whole year), or '' (the status's own words)."""
    if result.target_kind in {"annual_count", "annual_percent"}:
        ytd, annual = result.year_to_date, result.annual_target
        if ytd is not None and annual and ytd.value >= annual:
            # The whole year's target is already reached before the year ends.
            return ("exceeded" if ytd.value > annual else "met"), "year"
        horizon = result.horizon
        if horizon == "period":
            # Judged alone, success is proven up to the period's end: the whole year at its end.
            horizon = "year" if result.period_target == annual else "year_to_date"
        if result.status in _ANNUAL.get(horizon, {}):
            return result.status, horizon
    return result.status, ""


def status_label(result: IndicatorResult) -> str:
    """The status of one indicator in the terminal's words, as its horizon asks."""
    status, horizon = status_key(result)
    return _ANNUAL.get(horizon, {}).get(status) or STATUS_LABELS.get(status, status)


def is_short(result: IndicatorResult) -> bool:
    """The target is not reached within its horizon (a shortcoming to report)."""
    return result.status in {"behind", "not_met"}


@dataclass(frozen=True)
class Percent:
    """Bảng 1's percentage as data: what it compares (`basis`) and the figures.
    basis: '' (none), 'above_max' (`over` past the highest level), 'min' (of a range's lowest
    level), 'target' (of the target), 'annual' (of the year's target)."""

    basis: str
    fraction: float | None = None
    over: int | None = None


def percent_of(result: IndicatorResult) -> Percent:
    """The percentage Bảng 1 gives an indicator."""
    if result.target_kind is None or result.status == "closed":
        return Percent("")
    if result.target_kind == "programme":
        low, high = result.target_min or 0, result.target_max
        if high is not None and result.cumulative_value > high:
            return Percent("above_max", over=result.cumulative_value - high)
        if not low:
            return Percent("")
        basis = "min" if high is not None and high != low else "target"
        return Percent(basis, result.cumulative_value / low)
    annual = result.annual_target or 0
    if not annual:
        return Percent("")
    value = result.year_to_date.value if result.year_to_date is not None else result.period_value
    return Percent("annual", value / annual)


def percent_basis(result: IndicatorResult) -> str:
    """The percentage in the terminal's words: '25,9% chỉ tiêu năm', '46,7% mục tiêu (mức thấp
    nhất)', 'vượt 3 so với mức cao nhất'."""
    p = percent_of(result)
    if p.basis == "above_max":
        return f"vượt {format_int(p.over or 0)} so với mức cao nhất"
    words = {"min": "mục tiêu (mức thấp nhất)", "target": "mục tiêu", "annual": "chỉ tiêu năm"}
    if p.fraction is None or p.basis not in words:
        return "—"
    return f"{format_percent(p.fraction)} {words[p.basis]}"
