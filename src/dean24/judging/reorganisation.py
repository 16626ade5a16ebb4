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

    The note names the last stored period with other units and how many units sent a report
    for it (the store holds those that sent, not those expected), so that every word of it is
    true whatever periods the store holds: after 6 tháng đầu năm 2025 the units are others.
    """
    earlier = sorted(
        ((p, units) for p, units in stored if p.end < period.end),
        key=lambda s: (s[0].end, s[0].months),
    )
    last: Period | None = None
    before: Collection[str] = ()
    for other, units in earlier:
        if not same_units(units, now):
            last, before = other, units
    if last is None or not now:
        return None
    return Problem(
        "units_changed",
        f"Sau {last.label}, các đơn vị báo cáo là {_describe(now)} ({len(now)} đơn vị; "
        f"{last.label} có {len(before)} đơn vị gửi báo cáo); các so sánh với các kỳ trước tính "
        "trên số liệu toàn tỉnh, số lũy kế chỉ được đối chiếu với kỳ trước ở đơn vị có ở cả hai "
        "thời điểm.",
        severity="warning",
    )
