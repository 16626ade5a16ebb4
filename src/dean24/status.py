"""A target's status in words, the same in the tables, the prose, the terminal and the chart."""

from __future__ import annotations

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


def status_label(result: IndicatorResult) -> str:
    """The status of one indicator in words, as its horizon asks."""
    if result.target_kind in {"annual_count", "annual_percent"}:
        ytd, annual = result.year_to_date, result.annual_target
        if ytd is not None and annual and ytd.value >= annual:
            # The whole year's target is already reached before the year ends.
            return _ANNUAL["year"]["exceeded" if ytd.value > annual else "met"]
        horizon = result.horizon
        if horizon == "period":
            # Judged alone, success is proven up to the period's end: the whole year at its end.
            horizon = "year" if result.period_target == annual else "year_to_date"
        words = _ANNUAL.get(horizon, {}).get(result.status)
        if words:
            return words
    return STATUS_LABELS.get(result.status, result.status)


def is_short(result: IndicatorResult) -> bool:
    """The target is not reached within its horizon (a shortcoming to report)."""
    return result.status in {"behind", "not_met"}


def percent_basis(result: IndicatorResult) -> str:
    """The percentage of Bảng 1 and the terminal table, with what it compares:
    '25,9% chỉ tiêu năm', '46,7% mục tiêu (mức thấp nhất)', 'vượt 3 so với mức cao nhất'."""
    if result.target_kind is None or result.status == "closed":
        return "—"
    if result.target_kind == "programme":
        low, high = result.target_min or 0, result.target_max
        if high is not None and result.cumulative_value > high:
            return f"vượt {format_int(result.cumulative_value - high)} so với mức cao nhất"
        if not low:
            return "—"
        basis = "mục tiêu (mức thấp nhất)" if high is not None and high != low else "mục tiêu"
        return f"{format_percent(result.cumulative_value / low)} {basis}"
    annual = result.annual_target or 0
    if result.year_to_date is not None and annual:
        return f"{format_percent(result.year_to_date.value / annual)} chỉ tiêu năm"
    if annual:  # judged alone: the period's own share of the year's target
        return f"{format_percent(result.period_value / annual)} chỉ tiêu năm"
    return "—"
