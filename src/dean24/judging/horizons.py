"""Judge each target over the horizon it is set for: the year so far, the whole year, the
phase, and after it. Pure facts: earlier periods come in as data, nothing is read here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction

from dean24.core.errors import Problem
from dean24.core.model import (
    Closing,
    Coverage,
    PastPeriod,
    StillNeeded,
    UnitFigures,
    YearResult,
    YearToDate,
)
from dean24.core.periods import Period
from dean24.core.text import format_int, join_vi
from dean24.core.vocabulary import Horizon, Status
from dean24.programme.config import Config, Indicator, Target


@dataclass
class Verdict:
    """A target judged: its status, over what, and what it still needs."""

    status: Status
    horizon: Horizon
    fraction: float | None = None  # judged value / judged target
    period_target: int | None = None  # per-year: the annual target scaled to the period alone
    final: bool = False
    year_to_date: YearToDate | None = None
    still_needed: StillNeeded | None = None
    phase_years: list[YearResult] = field(default_factory=list)
    closing: Closing | None = None
    alone: bool = False  # per-year target judged on the period alone (earlier periods missing)
    # judged alone: the spans of months of the year before the period with no stored figures
    missing: tuple[tuple[int, int], ...] = ()


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


def scaled(annual: int, months: int) -> int:
    """An annual count scaled to a number of months: people and organisations are whole,
    so the share is rounded up (58 a year → 15 for a quarter, 29 for a half, 44 for Q3)."""
    return math.ceil(Fraction(annual * months, 12))


def target_end(config: Config, target: Target) -> date:
    """The target's last day: its own `until`, or the end of the programme's phase."""
    return target.until or config.programme.end


def phase_share(config: Config, until: date, when: date) -> float:
    """Share of the phase (programme start to until) gone at `when`, between 0 and 1."""
    start = config.programme.start
    total = (until - start).days + 1
    gone = (when - start).days + 1
    return min(max(gone / total, 0.0), 1.0)


def elapsed_share(config: Config, period: Period) -> float:
    """Share of the programme's phase gone at the end of the period."""
    return phase_share(config, config.programme.end, period.end)


def months_before(period: Period) -> int:
    """Months of the period's calendar year that lie before it starts."""
    return period.start.month - 1


def year_cover(year: int, months: int, past: list[PastPeriod]) -> list[PastPeriod] | None:
    """Stored periods that together cover months 1..months of the year exactly once (fewest
    periods first, so a half-year is preferred to its two quarters); None if any month is
    missing. Never counts a span twice."""
    best: list[list[PastPeriod] | None] = [None] * (months + 1)
    best[0] = []
    candidates = sorted(
        (p for p in past if p.period.year == year and p.period.end.month <= months),
        key=lambda p: (p.period.end.month, -p.period.months, p.period.code),
    )
    for candidate in candidates:
        first, last = candidate.period.start.month, candidate.period.end.month
        before = best[first - 1]
        if before is None:
            continue
        option = [*before, candidate]
        current = best[last]
        if current is None or len(option) < len(current):
            best[last] = option
    return best[months]


def coverage(config: Config, stored: PastPeriod) -> Coverage | None:
    """The units a stored period lacks: those expected for it (the configuration's units of
    that period) or carried into it that sent no report; None when every unit reported."""
    reported = set(stored.units)
    expected = config.units_expected(stored.period.end, stored.period.start, reported)
    missing = [u.name for u in expected if u.name not in reported]
    missing += [n for n in stored.carried if n not in reported and n not in missing]
    if not missing:
        return None
    return Coverage(stored.period, tuple(missing), len(reported), len(reported) + len(missing))


def gaps(config: Config, cover: list[PastPeriod]) -> tuple[Coverage, ...]:
    """The periods of a year's cover whose figures lack some units."""
    return tuple(c for p in cover if (c := coverage(config, p)) is not None)


@dataclass(frozen=True)
class YearSum:
    """Stored periods of a year summed per indicator (period figures), with what units missing
    from one of them are known to have done there, and the periods still lacking some units."""

    totals: dict[str, int]
    incomplete: tuple[Coverage, ...]


def year_sum(
    config: Config, cover: list[PastPeriod], reports: list[PastPeriod], until: date
) -> YearSum:
    """cover's period figures summed. A unit missing from a period of cover, whose own reports
    just before and just after the months it left unreported stand in reports, with those
    months all in cover's year up to `until`: its later cumulative less its period figure and
    its earlier cumulative is what those months brought (the cumulative counts them, as a late
    report says), so it is added and the periods no longer lack the unit. A unit with no report
    on one side, or months running into another year, leaves its periods lacking it."""
    totals: dict[str, int] = {}
    for stored in cover:
        for code, (in_period, _) in stored.totals.items():
            totals[code] = totals.get(code, 0) + in_period
    found = gaps(config, cover)
    if not found:
        return YearSum(totals, ())
    year = cover[0].period.year
    recovered: dict[str, list[tuple[date, date]]] = {}  # unit → months its late results fill

    def filled(name: str, period: Period) -> bool:
        spans = recovered.get(name, [])
        return any(first <= period.start and period.end <= last for first, last in spans)

    for gap in found:
        for name in gap.missing:
            if filled(name, gap.period) or (late := _late(name, gap.period, reports)) is None:
                continue
            first, last, values = late
            if first.year != year or last.year != year or last > until:
                continue
            recovered.setdefault(name, []).append((first, last))
            for code, value in values.items():
                totals[code] = totals.get(code, 0) + value
    left = []
    for gap in found:
        missing = tuple(name for name in gap.missing if not filled(name, gap.period))
        if missing:
            back = len(gap.missing) - len(missing)
            left.append(replace(gap, missing=missing, reported=gap.reported + back))
    return YearSum(totals, tuple(left))


def _late(
    name: str, period: Period, reports: list[PastPeriod]
) -> tuple[date, date, dict[str, int]] | None:
    """The months around `period` a unit left unreported (from the day after its last report
    before it to the day before its next report after it) and, per indicator, what they
    brought: the next cumulative less its period figure and the last cumulative. None without
    a report on either side, or where that leaves less than nothing (the figures disagree)."""
    own = sorted((p for p in reports if name in p.units), key=lambda p: p.period.end)
    before = [p for p in own if p.period.end < period.start]
    after = [p for p in own if p.period.start > period.end]
    if not before or not after:
        return None
    last, following = before[-1], min(after, key=lambda p: p.period.start)
    earlier, later = last.units[name], following.units[name]
    values = {}
    for code, (in_period, cumulative) in later.items():
        if code not in earlier:
            return None
        value = cumulative - in_period - earlier[code][1]
        if value < 0:
            return None
        values[code] = value
    first = last.period.end + timedelta(days=1)
    return first, following.period.start - timedelta(days=1), values


def missing_months(year: int, months: int, past: list[PastPeriod]) -> tuple[tuple[int, int], ...]:
    """The spans (first month, last month) of months 1..months of the year that no stored
    period covers: Q1 stored before a Q3 report leaves (4, 6), quý II."""
    covered = {
        month
        for p in past
        if p.period.year == year
        for month in range(p.period.start.month, p.period.end.month + 1)
    }
    spans: list[tuple[int, int]] = []
    for month in range(1, months + 1):
        if month in covered:
            continue
        if spans and spans[-1][1] == month - 1:
            spans[-1] = (spans[-1][0], month)
        else:
            spans.append((month, month))
    return tuple(spans)


def _programme_status(value: int, low: int, high: int) -> Status | None:
    if value > high:
        return Status.EXCEEDED
    if low <= value <= high:
        return Status.MET
    return None


def judge(
    config: Config,
    indicator: Indicator,
    period: Period,
    period_value: int,
    cumulative: int,
    past: list[PastPeriod],
    file_year: int | None = None,
    lacking: Coverage | None = None,
    file_first: bool = False,
    now: PastPeriod | None = None,
    before: int | None = None,
) -> Verdict:
    """The verdict on one indicator's target for the period, over its horizon. file_year is
    the year to date the workbooks give ('Lũy kế từ đầu năm', 'Lũy kế 9 tháng') for every unit
    that reported: used when the history lacks the year's earlier periods, never before it,
    unless file_first (the history lacks some of those units' reports of them).
    lacking: the units this period expected that sent no report (None when all did); now: this
    period's own figures per unit (what a unit back from a gap brings, year_sum); before: the
    months of the year the stored periods give, when not those before the period starts (a
    year reported by units that began in July: the first half is the units before them)."""
    target = indicator.target
    if target is None:
        return Verdict(Status.NO_TARGET, Horizon.PERIOD)
    until = target_end(config, target)
    if target.kind == "programme":
        return _judge_programme(config, indicator, target, period, cumulative, until, past)
    return _judge_annual(
        config,
        indicator,
        period,
        period_value,
        until,
        past,
        file_year,
        lacking,
        file_first,
        now,
        before,
    )


def _judge_programme(
    config: Config,
    indicator: Indicator,
    target: Target,
    period: Period,
    cumulative: int,
    until: date,
    past: list[PastPeriod],
) -> Verdict:
    low = target.min or 0
    high = target.max if target.max is not None else low
    if period.start > until:
        closing = None
        stored = [p for p in past if p.period.start <= until and indicator.code in p.totals]
        if stored:
            last = max(stored, key=lambda p: (p.period.end, p.period.months))
            value = last.totals[indicator.code][1]
            status = _programme_status(value, low, high) or Status.NOT_MET
            if status != Status.EXCEEDED and coverage(config, last) is not None:
                # the phase's last report lacked some units: their results could only add to
                # the closing count, so only a count above the target's range is proven
                status = Status.NOT_JUDGED
            closing = Closing(last.period, value, status)
        return Verdict(Status.CLOSED, Horizon.PHASE, closing=closing)
    fraction = cumulative / low if low else None
    reached = _programme_status(cumulative, low, high)
    if period.end >= until:
        return Verdict(reached or Status.NOT_MET, Horizon.PHASE, fraction, final=True)
    if reached:
        return Verdict(reached, Horizon.PHASE, fraction)
    share = phase_share(config, until, period.end)
    on_track = fraction is not None and fraction >= share
    return Verdict(
        Status.ON_TRACK if on_track else Status.BEHIND,
        Horizon.PHASE,
        fraction,
        still_needed=StillNeeded(low - cumulative, until, Horizon.PHASE),
    )


def _judge_annual(
    config: Config,
    indicator: Indicator,
    period: Period,
    period_value: int,
    until: date,
    past: list[PastPeriod],
    file_year: int | None = None,
    lacking: Coverage | None = None,
    file_first: bool = False,
    now: PastPeriod | None = None,
    before: int | None = None,
) -> Verdict:
    annual = annual_target(indicator) or 0
    before = months_before(period) if before is None else before
    this = (lacking,) if lacking is not None else ()
    own = scaled(annual, period.months)
    if period.start > until:
        return Verdict(
            Status.CLOSED,
            Horizon.YEAR,
            period_target=own,
            phase_years=_phase_years(config, indicator, annual, until, past, None),
        )
    months = period.end.month
    earlier = [p for p in past if p.period != period]
    cover = year_cover(period.year, before, earlier)
    final = period.end >= until
    goal = scaled(annual, months)
    if (cover is None or file_first) and file_year is not None and months > period.months:
        # The history lacks the year's earlier periods, or some units' reports of them, but
        # every form gives its year to date.
        value = file_year
        ytd = YearToDate(
            value, goal, annual, months, (period.code,), from_file=True, incomplete=this
        )
    elif cover is None:
        # Judged alone, a period can only prove success: the year to date is at least its own
        # figure. The yardstick is what was due by the period's end (the whole annual target at
        # the year's end); short of it, the year cannot be judged from this period.
        status = _compare(period_value, goal)
        return Verdict(
            Status.NOT_JUDGED if status == Status.BEHIND else status,
            Horizon.PERIOD,
            period_value / goal if goal else None,
            period_target=goal,
            alone=True,
            missing=missing_months(period.year, before, earlier),
        )
    else:
        so_far = year_sum(config, cover, [*earlier, *([now] if now else [])], period.end)
        value = so_far.totals.get(indicator.code, 0) + period_value
        codes = (*[p.period.code for p in cover], period.code)
        ytd = YearToDate(value, goal, annual, months, codes, incomplete=(*so_far.incomplete, *this))
    status = _compare(value, goal)
    at_year_end = months == 12
    if status == Status.BEHIND and ytd.incomplete:
        # Reports missing from the year so far can only add to it: a shortfall is not proven.
        status = Status.NOT_JUDGED
    elif at_year_end and status == Status.BEHIND:
        status = Status.NOT_MET
    needed = None
    if not at_year_end and value < annual and status != Status.NOT_JUDGED:
        needed = StillNeeded(annual - value, date(period.year, 12, 31), Horizon.YEAR)
    verdict = Verdict(
        status,
        Horizon.YEAR if at_year_end else Horizon.YEAR_TO_DATE,
        value / goal if goal and status != Status.NOT_JUDGED else None,
        period_target=own,
        final=final and at_year_end,
        year_to_date=ytd,
        still_needed=needed,
    )
    if verdict.final:
        verdict.phase_years = _phase_years(config, indicator, annual, until, past, ytd)
    return verdict


def _compare(value: int, goal: int) -> Status:
    if value > goal:
        return Status.EXCEEDED
    return Status.MET if value == goal else Status.BEHIND


def _phase_years(
    config: Config,
    indicator: Indicator,
    annual: int,
    until: date,
    past: list[PastPeriod],
    this_year: YearToDate | None,
) -> list[YearResult]:
    """Each whole calendar year of the phase against the per-year target, from the history
    (and this report for its own year). A year the programme began part-way through is left
    out: it was never a whole year of the programme."""
    start = config.programme.start
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    years = []
    for year in range(first, until.year + 1):
        if this_year is not None and this_year.months == 12 and year == until.year:
            years.append(YearResult(year, this_year.value, annual, this_year.incomplete))
            continue
        cover = year_cover(year, 12, past)
        if cover is None:
            years.append(YearResult(year, None, annual))
            continue
        whole = year_sum(config, cover, past, date(year, 12, 31))
        value = whole.totals.get(indicator.code, 0)
        years.append(YearResult(year, value, annual, whole.incomplete))
    return years


def check_year_to_date_columns(
    config: Config, period: Period, units: list[UnitFigures], past: list[PastPeriod]
) -> list[Problem]:
    """A unit's own 'Lũy kế từ đầu năm' column is read, not used: where the history holds the
    unit's earlier periods of the year, it must equal their period figures plus this one."""
    cover = year_cover(period.year, months_before(period), [p for p in past if p.period != period])
    if not cover:  # nothing of the year in the history to check against
        return []
    problems = []
    for unit in units:
        if not unit.year_to_date or any(unit.name not in p.units for p in cover):
            continue
        for code, figure in unit.year_to_date.items():
            earlier = sum(p.units[unit.name].get(code, (0, 0))[0] for p in cover)
            expected = earlier + unit.values[code][0].value
            if figure.value == expected:
                continue
            labels = join_vi([p.period.label for p in cover])
            before = f"{labels} trong lịch sử ({format_int(earlier)}) cộng "
            problems.append(
                Problem(
                    "year_to_date_mismatch",
                    f'{unit.name}, chỉ tiêu "{config.indicator(code).label}": biểu ghi lũy kế từ '
                    f"đầu năm {format_int(figure.value)}, nhưng {before}số trong kỳ "
                    f"({format_int(unit.values[code][0].value)}) là {format_int(expected)}. "
                    "Báo cáo đánh giá chỉ tiêu năm theo lịch sử cộng số trong kỳ; đề nghị đơn "
                    "vị rà soát lại.",
                    figure.location,
                    severity="warning",
                )
            )
    return problems
