"""Reporting units that changed between periods (the districts before 7/2025, the communes
after): whether two periods have the same units, and the one sentence that says they changed.

Across such a change the report compares the province's totals only; a unit's cumulative
figure is checked against its own previous report, so only a unit present on both sides
keeps that check.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dean24.core.errors import Problem
from dean24.core.periods import Period
from dean24.core.text import fold

_KINDS = (("xa ", "xã"), ("phuong ", "phường"), ("dac khu ", "đặc khu"), ("thi tran ", "thị trấn"))


def same_units(earlier: Collection[str], now: Collection[str]) -> bool:
    """Whether the units of an earlier period are, for the most part, units of now.

    A few units missing from one period is not a change of units; at least half of the
    earlier units gone is (ten districts against 99 communes share none).
    """
    if not earlier:
        return True
    kept = sum(1 for name in earlier if name in now)
    return 2 * kept >= len(earlier)


def _describe(units: Collection[str]) -> str:
    """'các xã, phường' for commune-level units ('… và 2 đơn vị khác' for the rest)."""
    found: list[str] = []
    others = 0
    for name in units:
        folded = fold(name)
        kind = next((word for prefix, word in _KINDS if folded.startswith(prefix)), None)
        if kind is None:
            others += 1
        elif kind not in found:
            found.append(kind)
    if not found:
        return "các đơn vị mới"
    order = [word for _, word in _KINDS]
    described = "các " + ", ".join(sorted(found, key=order.index))
    return described + (f" và {others} đơn vị khác" if others else "")


def units_changed(
    period: Period, now: Collection[str], stored: Sequence[tuple[Period, Collection[str]]]
) -> Problem | None:
    """The note that the reporting units changed, when an earlier stored period has other
    units than now (now: the units of this report, configured or reported); else None.

    The date is the start of the first period with today's units after the last one with
    other units.
    """
    earlier = sorted(
        ((p, units) for p, units in stored if p.end < period.end),
        key=lambda s: (s[0].end, s[0].months),
    )
    changed_at = None
    before: Collection[str] = ()
    for index, (_, units) in enumerate(earlier):
        if not same_units(units, now):
            later = [p for p, _ in earlier[index + 1 :]]
            changed_at = later[0] if later else period
            before = units
    if changed_at is None or not now:
        return None
    day = changed_at.start
    return Problem(
        "units_changed",
        f"Từ ngày {day.day:02d}/{day.month}/{day.year}, các đơn vị báo cáo là {_describe(now)} "
        f"({len(now)} đơn vị, trước đó {len(before)} đơn vị); các so sánh với các kỳ trước tính "
        "trên số liệu toàn tỉnh, số lũy kế chỉ được đối chiếu với kỳ trước ở đơn vị có ở cả hai "
        "thời điểm.",
        severity="warning",
    )
