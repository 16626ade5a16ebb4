"""`dean24 ack`: record that a warning about one stored figure has been looked at, and why
it stands, so that the same warning on the same figure is not raised again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dean24.core.errors import Location, UsageError
from dean24.core.model import Acknowledgement
from dean24.core.periods import Period
from dean24.core.text import format_int, nfc, unit_key

# The warnings that concern one figure of one unit, and so can be acknowledged.
CODES = ("implausible_value", "rule_breach")


@dataclass(frozen=True)
class AckSettings:
    store_path: Path
    period: Period
    unit: str
    indicator: str
    reason: str
    code: str = "implausible_value"
    figure: str = "period"  # which of the unit's two figures the warning concerned


def acknowledge(settings: AckSettings) -> Acknowledgement:
    """Store the acknowledgement of settings, with the figure as the store holds it for the
    period (the report of the period must have been made with this store)."""
    from dean24.store.history import History

    if settings.code not in CODES:
        raise UsageError(
            "ack_code_unknown",
            f'Chỉ ghi nhận được cảnh báo {", ".join(CODES)}, không phải "{settings.code}".',
        )
    reason = nfc(settings.reason)
    if not reason:
        raise UsageError("ack_reason_missing", "Cần ghi rõ lý do (--reason) khi ghi nhận.")
    if not settings.store_path.is_file():
        raise UsageError(
            "history_not_found",
            f"Không có tệp lịch sử {settings.store_path}.",
            Location(file=str(settings.store_path)),
        )
    with History(settings.store_path) as history:
        stored = history.figures(settings.period)
        if stored is None:
            raise UsageError(
                "ack_period_not_stored",
                f"Lịch sử chưa có {settings.period.label}: lập báo cáo kỳ này với --store "
                f"{settings.store_path} trước, rồi ghi nhận cảnh báo.",
                Location(file=str(settings.store_path)),
            )
        wanted = unit_key(settings.unit)
        unit = next((name for name in stored if unit_key(name) == wanted), None)
        if unit is None:
            raise UsageError(
                "ack_unit_unknown",
                f'Lịch sử {settings.period.label} không có đơn vị "{settings.unit}"; các đơn '
                f"vị: {', '.join(sorted(stored))}.",
            )
        if settings.indicator not in stored[unit]:
            raise UsageError(
                "ack_indicator_unknown",
                f'{unit} không có chỉ tiêu "{settings.indicator}" trong {settings.period.label}; '
                f"các mã: {', '.join(sorted(stored[unit]))}.",
            )
        in_period, cumulative = stored[unit][settings.indicator]
        ack = Acknowledgement(
            period=settings.period.code,
            unit=unit,
            indicator=settings.indicator,
            code=settings.code,
            value=in_period if settings.figure == "period" else cumulative,
            reason=reason,
            recorded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        history.acknowledge(ack)
    return ack


def describe(ack: Acknowledgement, period: Period) -> str:
    """One line saying what was recorded."""
    return (
        f"Đã ghi nhận [{ack.code}] của {ack.unit}, chỉ tiêu {ack.indicator}, {period.label}, "
        f"số {format_int(ack.value)}: {ack.reason}. Cảnh báo này không nêu lại chừng nào số "
        "đó không đổi."
    )
