"""What the report says, as plain data: statuses over each target's horizon, what is still
needed, the units that did best and those with no result. The templates put it in words."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dean24.core.errors import Problem
from dean24.core.model import (
    Closing,
    Comparison,
    Coverage,
    IndicatorResult,
    ReportModel,
    StillNeeded,
    UnitResult,
    YearResult,
    YearToDate,
)
from dean24.core.periods import Period, parse_code
from dean24.core.text import fold
from dean24.core.vocabulary import Horizon, Status, TargetKind
from dean24.judging.reorganisation import same_units
from dean24.judging.status import status_key
from dean24.programme.config import Config, Indicator, Unit
from dean24.words.notes import Notes

# Kind words a unit's name may open with, longest first ("thị trấn" before "thị xã").
KIND_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "xã")

# A list of units longer than this is said by its count in the text, the names in the appendix.
LIST_LIMIT = 5

# The units named as leading in the strengths, at most.
STANDOUTS = 3

# A unit leads on an indicator only with a clear margin over the next (at least this many more,
# and at least this fraction more) and holding no more than this fraction of the province's count.
LEAD_MARGIN = 2
LEAD_RATIO = (1, 4)
LEAD_SHARE = (1, 2)


@dataclass(frozen=True)
class UnitName:
    """A unit as the text names it: 'huyện Bát Xát' (kind 'huyện', bare 'Bát Xát'), or its
    full name when it has no kind word ('Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh')."""

    name: str
    kind: str
    bare: str
    # the period its figures were carried from, for a unit that did not report ('6 tháng cuối
    # năm 2024'); empty for a unit that reported
    carried: str = ""

    @property
    def named(self) -> str:
        return f"{self.kind} {self.bare}" if self.kind else self.name

    def __str__(self) -> str:
        return self.named


_KIND_PREFIXES = tuple((kind, fold(kind) + " ") for kind in KIND_WORDS)


def unit_name(unit: Unit | None, name: str) -> UnitName:
    """Split a unit's name into its kind word and the rest."""
    full = unit.name if unit is not None else name
    folded = fold(full)
    for kind, prefix in _KIND_PREFIXES:
        if folded.startswith(prefix) and len(full) > len(kind) + 1:
            return UnitName(full, kind, full[len(kind) + 1 :].strip())
    return UnitName(full, "", full)


@dataclass(frozen=True)
class Compared:
    """This period's count against an earlier period's."""

    label: str
    value: int  # the earlier period's count
    diff: int
    ratio: float | None  # this period / the earlier one; None when the earlier one is 0
    year_before: bool  # the same period a year earlier
    year: int  # the earlier period's year
    # Where the units differ: the count of units in both, this period's value over them, and
    # the units of one period only (then value and diff are over the units in both).
    units: int = 0
    now: int | None = None
    left_out: list[UnitName] = field(default_factory=list)
    # the units in both are the same for every indicator: the basis is said once
    # (Facts.common_basis), the comparison reads as a plain one
    on_common: bool = False
    # which period the units left out did not report in: "then" (the earlier one), "now" (this
    # one), "" (some either)
    absent: str = ""
    # this period's figure less the earlier one is the difference: the earlier figure may stand
    # beside this period's (not so when this period's figure counts units left out)
    adds_up: bool = True

    @property
    def times(self) -> int | None:
        """Whole times this period's count is the earlier one's, when it is at least twice."""
        if self.ratio is None or self.ratio < 2:
            return None
        return int(self.ratio)

    @property
    def exact(self) -> bool:
        """The count is exactly `times` times the earlier one."""
        return self.times is not None and self.value + self.diff == self.times * self.value


@dataclass(frozen=True)
class Gap:
    """An earlier period summed into the year whose figures lack some units, said where the
    year's figure is ('số liệu 6 tháng đầu năm 2025 chưa có báo cáo của huyện Si Ma Cai')."""

    year: int
    months: tuple[int, int]  # the first and last month of the periods (consecutive, alike)
    units: list[UnitName]  # the units that sent no report for them
    reported: int
    expected: int
    units_noun: str  # what the units of those periods are called


@dataclass(frozen=True)
class YearGaps:
    """A year of the phase whose figure lacks some units' reports, and the periods concerned."""

    year: int
    gaps: list[Gap]


@dataclass(frozen=True)
class Basis:
    """Earlier periods compared over the units that reported in both, alike for every
    indicator: said once, before the results. `compared`: one comparison per earlier period
    (an indicator's), all leaving out the same units."""

    compared: list[Compared]
    left_out: list[UnitName]
    absent: str  # as Compared.absent
    units: int  # the units in both


@dataclass(frozen=True)
class Achieved:
    """An indicator's result over what the report covers (the period, or the whole year of a
    year's report), with its parts' ('mở 12 lớp bồi dưỡng với 46 học viên')."""

    indicator: IndicatorFacts
    value: int
    parts: list[int]


@dataclass(frozen=True)
class Leader:
    """A unit with the highest count of the period on an indicator."""

    unit: UnitName
    value: int


@dataclass
class IndicatorFacts:
    """One indicator: its words from the configuration, its figures and its verdict."""

    code: str
    label: str
    unit: str
    column: str
    object: str
    action: str
    where: str
    period_value: int
    cumulative_value: int
    status: Status
    status_horizon: Horizon | None  # what the status's words speak of (None: the status's own)
    target_kind: TargetKind | None
    statement: str
    target_min: int | None
    target_max: int | None
    annual: int | None
    percent: float | None  # fraction of the judged target
    horizon: Horizon
    final: bool
    alone: bool  # a per-year target judged on the period alone
    at_least: bool  # a range met on the units that reported: perhaps exceeded (model)
    period_target: int | None
    year_to_date: YearToDate | None
    still_needed: StillNeeded | None
    phase_years: list[YearResult]
    closing: Closing | None
    base: int | None  # per-year percentage: the base it is a share of
    base_label: str
    percent_per_year: float | None
    short: bool
    good: bool
    at_year_end: bool  # the period ends the calendar year
    whole_year: int | None  # the year's last period: the whole year's count, when known
    # judged alone: the spans (first month, last month) of the year before the period whose
    # figures are not known ((4, 6): quý II)
    missing_months: list[tuple[int, int]]
    closing_short: bool  # after the phase: the target closed unmet (a shortcoming that stays)
    # the year so far (or the whole year): earlier periods summed whose figures lack some units
    year_gaps: list[Gap] = field(default_factory=list)
    # the phase's years (other than this report's) short of the target on a figure that lacks
    # some units' reports: not judged, said with the reports missing
    phase_gaps: list[YearGaps] = field(default_factory=list)
    parts: list[IndicatorFacts] = field(default_factory=list)
    compared: list[Compared] = field(default_factory=list)
    # a report that covers the whole year: the year against the year before (said with the
    # year's figure; in a year's own report, among `compared`)
    year_compared: Compared | None = None
    without_result: list[UnitName] = field(default_factory=list)  # reported, none this period
    with_result: list[UnitName] = field(default_factory=list)  # reported, some this period
    never: list[UnitName] = field(default_factory=list)  # none since the programme began
    leaders: list[Leader] = field(default_factory=list)
    about: str = ""  # anchor of the paragraph on this indicator

    @property
    def years_known(self) -> list[YearResult]:
        """The phase's whole years whose figure is known (years without one are not counted)."""
        return [y for y in self.phase_years if y.value is not None]

    @property
    def years_met(self) -> list[YearResult]:
        return [y for y in self.years_known if y.status in {Status.MET, Status.EXCEEDED}]

    @property
    def years_short(self) -> list[YearResult]:
        """The years known short of the target on every unit's report."""
        return [y for y in self.years_known if y.status == Status.NOT_MET]

    @property
    def years_open(self) -> list[YearResult]:
        """The years whose figure, short of the target, lacks some units' reports: not judged."""
        return [y for y in self.years_known if y.status == Status.NOT_JUDGED]

    @property
    def shortfall(self) -> int | None:
        """How many more the target needed: the lowest level less the judged count."""
        if self.target_kind == TargetKind.PROGRAMME and self.target_min is not None:
            value = self.closing.value if self.closing is not None else self.cumulative_value
            return max(self.target_min - value, 0)
        if self.year_to_date is not None:
            return max(self.year_to_date.annual - self.year_to_date.value, 0)
        return None

    @property
    def phase_status(self) -> Status:
        """The status a phase's closing counts: a per-year target at the phase's end is judged
        over all its years (not met if one was missed, not judged if one cannot be); any other
        target, its own status."""
        if not (self.per_year and self.final):
            return self.status
        if self.years_short:
            return Status.NOT_MET
        if self.years_open:
            return Status.NOT_JUDGED
        return self.status

    @property
    def made_up(self) -> Status | None:
        """After the phase, a whole-programme target that closed unmet and that the cumulative
        has since reached: met or exceeded now (None otherwise). The closing result stands."""
        closing, low = self.closing, self.target_min
        if self.status != Status.CLOSED or closing is None or closing.status != Status.NOT_MET:
            return None
        if low is None or self.cumulative_value < low:
            return None
        high = self.target_max if self.target_max is not None else low
        return Status.EXCEEDED if self.cumulative_value > high else Status.MET

    @property
    def closed_as(self) -> Status | None:
        """After the phase, the target's closing result (exceeded, met, not_met). None for a
        per-year target with no year missed and none known, or one not judged (reports missing)."""
        if self.status != Status.CLOSED:
            return None
        if self.closing is not None:
            return self.closing.status
        if self.years_short:
            return Status.NOT_MET
        if not self.years_met or self.years_open:
            return None
        return Status.MET

    @property
    def leads_with_year(self) -> bool:
        """A year's report made from its last period: the paragraph gives the whole year first,
        then the period itself ('Năm 2026, …; riêng quý IV năm 2026, …')."""
        return self.whole_year is not None and self.has_verb

    @property
    def says_whole_year(self) -> bool:
        """The year's last period, shorter than the year: the whole year's count is said
        (a per-year target says it in its verdict)."""
        return self.whole_year is not None and not self.per_year

    def share_of_base(self, value: int) -> float | None:
        """A count as a share of the base a percentage target is set on (15 of 1.434: 1%)."""
        return value / self.base if self.base else None

    @property
    def has_verb(self) -> bool:
        return bool(self.action and self.object)

    @property
    def activity(self) -> str:
        """'kết nạp đảng viên', or the label when the configuration gives no verb."""
        return f"{self.action} {self.object}" if self.has_verb else self.label.lower()

    @property
    def short_object(self) -> str:
        """The object, or its table column when the object is long ('lớp bồi dưỡng')."""
        if len(self.object.split()) <= 5 or not self.column:
            return self.object
        return self.column[:1].lower() + self.column[1:]

    @property
    def counter(self) -> str:
        """The noun a difference is counted in ('tăng 2 lớp', 'giảm 1 tổ chức'): the object
        when it is one short noun ('đảng viên'), else the unit of measure; never the whole
        object again after the figure it is compared with."""
        if len(self.object.split()) <= 2 or not self.unit:
            return self.object
        return self.unit

    @property
    def above_max(self) -> int | None:
        """How far the cumulative value passes the highest level of a range target."""
        if self.target_max is not None and self.cumulative_value > self.target_max:
            return self.cumulative_value - self.target_max
        return None

    @property
    def targeted(self) -> bool:
        return self.target_kind is not None

    @property
    def per_year(self) -> bool:
        """A per-year target."""
        return self.target_kind is not None and self.target_kind.annual

    @property
    def few_with_result(self) -> bool:
        """Most reporting units have no result: name the few that have one instead."""
        return bool(self.with_result) and len(self.without_result) >= 2 * len(self.with_result)

    @property
    def names_few(self) -> bool:
        """The few units with a result are named in running text in place of those without."""
        return self.few_with_result and len(self.with_result) <= LIST_LIMIT


@dataclass(frozen=True)
class UnitsChange:
    """The reporting units changed within this report's period (the configuration's units
    valid from that day): said once, in the first report after the change."""

    day: datetime.date  # the first day of the new units
    now: int  # units of this report
    before: int  # units the day before


def _units_change(config: Config, period: Period, now: int) -> UnitsChange | None:
    starts = {u.valid_from for u in config.units if u.valid_from is not None}
    inside = sorted(d for d in starts if period.start <= d <= period.end)
    if not inside:
        return None
    day = inside[-1]
    eve = day - datetime.timedelta(days=1)
    before = {u.name for u in config.units if u.expected_on(eve)}
    if same_units(before, {u.name for u in config.units if u.expected_on(period.end)}):
        return None  # a few units begun that day are no change of the units
    return UnitsChange(day, now, len(before))


@dataclass(frozen=True)
class StatusGroup:
    """Indicators sharing one status over one horizon, for the overall verdict."""

    status: Status
    horizon: Horizon | None  # as IndicatorFacts.status_horizon
    indicators: list[IndicatorFacts]

    @property
    def good(self) -> bool:
        return self.status.good


@dataclass(frozen=True)
class IndicatorGroup:
    """A heading of the results section and its indicators (top-level ones only)."""

    number: int
    title: str
    indicators: list[IndicatorFacts]


@dataclass(frozen=True)
class Carried:
    """Units that did not report whose cumulative figures come from an earlier report."""

    label: str
    units: list[UnitName]


@dataclass(frozen=True)
class Standout:
    """A unit leading on one or more indicators this period."""

    unit: UnitName
    items: list[tuple[IndicatorFacts, int]]


@dataclass(frozen=True)
class NeverGroup:
    """Units with no result since the programme began on the same short indicators."""

    units: list[UnitName]
    indicators: list[IndicatorFacts]


@dataclass(frozen=True)
class Late:
    """A unit whose cumulative brings the results of months it sent no report for: the
    months, one span per year ((2024, 7, 12): 6 tháng cuối năm 2024), and each indicator's
    count they brought."""

    unit: UnitName
    months: list[tuple[int, int, int]]
    # top-level indicators in the configuration's order: (indicator, count, its parts' counts)
    items: list[tuple[IndicatorFacts, int, list[int]]]


@dataclass(frozen=True)
class MissedYears:
    """Targets that closed unmet, told together: whole-programme targets (no years), or per-year
    targets missed in the same years ('kết nạp đảng viên … : năm 2025 không đạt chỉ tiêu năm')."""

    years: list[int]
    indicators: list[IndicatorFacts]


def by_missed_years(indicators: list[IndicatorFacts]) -> list[MissedYears]:
    """The targets that closed unmet, whole-programme ones first, per-year ones grouped by the
    years they missed: a per-year target missed in one year is not a phase failed throughout."""
    groups: dict[tuple[int, ...], MissedYears] = {}
    for f in indicators:
        years = tuple(y.year for y in f.years_short) if f.per_year else ()
        groups.setdefault(years, MissedYears(list(years), [])).indicators.append(f)
    return [groups[key] for key in sorted(groups, key=lambda k: (bool(k), k))]


@dataclass(frozen=True)
class FewWith:
    """Indicators on which only the same few units had a result this period: the text names
    them ('chỉ có xã Khao Mang thành lập được tổ chức đảng') rather than count the rest."""

    units: list[UnitName]
    indicators: list[IndicatorFacts]


@dataclass(frozen=True)
class UnitList:
    """Units the text counts and the appendix names, a list too long for running text.
    key: 'without' (reported, no result this period on the indicator), 'never' (no result since
    the programme began on the indicators), 'idle' (no result this period on any target still
    open), 'missing' (sent no report), 'late' (the cumulative brings months left unreported).
    `of`: out of how many units."""

    key: str
    units: list[UnitName]
    indicators: list[IndicatorFacts]
    of: int


@dataclass(frozen=True)
class Overview:
    """The overall verdict on the targets still open this period: how many, judged how."""

    judged: int  # targets judged this period
    good: int  # of them, met, exceeded or on track
    final: bool  # every target judged short is short for good (not met at its horizon's end)
    unjudged: list[IndicatorFacts]  # targets the figures cannot settle (alone, units missing)
    # of the targets judged, those met or exceeded (never those merely ahead of time) and those
    # not met for good
    reached: list[IndicatorFacts] = field(default_factory=list)
    missed: list[IndicatorFacts] = field(default_factory=list)

    @property
    def short(self) -> int:
        return self.judged - self.good

    @property
    def settled(self) -> bool:
        """Every target judged is settled for good: met, exceeded or not met."""
        return len(self.reached) + len(self.missed) == self.judged

    @property
    def total(self) -> int:
        """The targets still open: judged or not."""
        return self.judged + len(self.unjudged)


@dataclass
class Facts:
    """Everything the templates need to write the body of the report."""

    programme: dict[str, object]
    period: dict[str, object]
    # what the report covers: the period, or the whole year for the year's last period with
    # the year's earlier periods known (the subject's and the opening's period)
    covers: dict[str, object]
    next_period: dict[str, object]
    running: bool  # the period ends before the programme's phase
    after_phase: bool  # the period starts after the programme's phase
    phase_end: bool  # the period holds the last day of the programme's phase
    at_year_end: bool  # the period ends the calendar year
    whole_year: bool  # the year's last period, with the whole year's figures known
    year_from_file: bool  # those figures read from the forms' own year column
    # units whose cumulative the forms give to the end of the period before (worked out by
    # adding this period's figure), how many
    derived_units: int
    # the day the units that reported began, inside the period: their figures run from then,
    # and the half or quarter from that day to the period's end, when there is one
    units_since: datetime.date | None
    figures_period: dict[str, object] | None
    elapsed_share: float
    reported: int
    total: int
    missing: list[UnitName]
    carried: list[Carried]
    partial: bool  # some units did not report: figures and verdicts rest on those that did
    carried_units: int  # units that did not report whose last cumulative figures are counted
    unknown_units: int  # units that did not report and have no earlier report to carry
    indicators: list[IndicatorFacts]
    groups: list[IndicatorGroup]
    verdict: list[StatusGroup]  # the targets judged this period (not closed, not unjudged)
    # more than two verdicts among them: told as those met, exceeded or on track together, and
    # those short (one "1 chỉ tiêu …" after another reads as a form)
    verdict_in_two: bool
    unjudged: list[StatusGroup]  # the targets not judged, by what cannot be judged
    overview: Overview
    good_verdict: list[StatusGroup]  # the groups of the verdict that are good news
    alone: list[IndicatorFacts]  # per-year targets judged on the period alone (with a verdict)
    judged: list[IndicatorFacts]  # the same, one by one
    targeted: list[IndicatorFacts]
    good: list[IndicatorFacts]
    short: list[IndicatorFacts]
    behind: list[IndicatorFacts]  # whole-programme targets behind the time gone
    failed: list[IndicatorFacts]  # whole-programme targets not met at the phase's end
    annual_short: list[IndicatorFacts]  # per-year targets short in the year (so far)
    closed_short: list[IndicatorFacts]  # after the phase: targets that closed unmet
    # the targets that closed unmet, at the phase's end or after it, by the years missed
    missed_years: list[MissedYears]
    closed_good: list[IndicatorFacts]  # after the phase: targets that closed met or exceeded
    # after the phase: whole-programme targets that closed unmet and have been reached since
    made_up: list[IndicatorFacts]
    # after the phase: per-year targets missed in no year, with a year not judged (reports missing)
    closed_open: list[IndicatorFacts]
    # targeted indicators neither short nor reached (not judged, or closed) in which some
    # reporting units had no result this period
    others_without: list[IndicatorFacts]
    # of them, those whose few units with a result are named, grouped by those units
    others_few: list[FewWith]
    standouts: list[Standout]
    idle: list[UnitName]  # reported, no result on any open targeted indicator this period
    never: list[NeverGroup]  # no result since the start on a short target, grouped by units
    has_previous: bool
    has_year_before: bool
    notes: dict[str, list[str]]
    units_changed: UnitsChange | None  # the reporting units changed within the period
    has_shortcomings: bool  # something is listed under the shortcomings (causes may be asked)
    unit_lists: list[UnitList]  # lists of units too long for the text, named in the appendix
    # the phase's results since the programme began, indicators with a verb and a result, those
    # of one verb together in their order ('kết nạp 245 đảng viên, 3.055 đoàn viên công đoàn')
    phase_totals: list[list[IndicatorFacts]]
    # what the report covers achieved, indicators with a verb and a result, those of one verb
    # together (after the phase, the period's own results credited among the strengths)
    achieved: list[list[Achieved]]
    # comparisons over the units that reported in both periods, said once for the section
    # (earlier periods leaving out the same units together)
    common_basis: list[Basis]
    # the year's report: its earlier periods whose figures lack some units' reports
    year_gaps: list[Gap] = field(default_factory=list)
    # earlier periods reported by other units (before a reorganisation) this period is not
    # compared with, because some of its units sent nothing: ('6 tháng đầu năm 2025', False),
    # ('cùng kỳ năm 2024', True) — the label and whether it is the same period a year earlier
    withheld: list[tuple[str, bool]] = field(default_factory=list)
    # earlier periods of other units compared with whose figures lack some units' reports
    compared_gaps: list[Gap] = field(default_factory=list)
    # units whose cumulative brings the results of months they sent no report for
    late: list[Late] = field(default_factory=list)
    # more late units than the text names one by one: what they brought together, per
    # indicator (indicator, count, its parts' counts); their names go to the appendix
    late_total: list[tuple[IndicatorFacts, int, list[int]]] = field(default_factory=list)
    # what the facts of each unit (no result, only some with one, leaders, idle) speak of: the
    # whole year in a year's report when each unit's year is known, else the period
    units_over: dict[str, object] = field(default_factory=dict)
    list_limit: int = LIST_LIMIT  # longer lists of units: a count, the names in the appendix


def _comparisons(
    result: IndicatorResult, names: dict[str, UnitName], reported: set[str]
) -> list[Compared]:
    out = []
    pairs: list[tuple[Comparison | None, bool]] = [
        (result.previous, False),
        (result.year_before, True),
    ]
    for comparison, year_before in pairs:
        if comparison is None or (year_before and comparison == result.previous):
            continue  # a year's previous period is also the same period a year earlier
        earlier = comparison.period_value
        now = result.period_value if comparison.now_value is None else comparison.now_value
        out.append(
            Compared(
                comparison.period.label,
                earlier,
                now - earlier,
                now / earlier if earlier else None,
                year_before,
                comparison.period.year,
                comparison.units,
                comparison.now_value,
                [names.get(n) or unit_name(None, n) for n in comparison.left_out],
                absent=_absent(comparison.left_out, reported),
                adds_up=now == result.period_value,
            )
        )
    return out


def _absent(left_out: Sequence[str], reported: set[str]) -> str:
    """Which period the units left out of a comparison did not report in: 'then' when they
    all reported this period, 'now' when none did, '' otherwise."""
    if left_out and all(n in reported for n in left_out):
        return "then"
    if left_out and not any(n in reported for n in left_out):
        return "now"
    return ""


def _leaders(
    code: str, counts: Sequence[tuple[UnitResult, int]], names: dict[str, UnitName]
) -> list[Leader]:
    """The unit with the highest count (of the period, or of the year in a year's report), when
    it really leads: more than one unit has a result and no other comes level with it (one unit
    holding the whole count, or a tie, is no lead)."""
    values = sorted(counts, key=lambda uv: -uv[1])
    if len(values) < 2 or values[1][1] <= 0:
        return []
    (unit, best), second = values[0], values[1][1]
    total = sum(value for _, value in values)
    if best * LEAD_SHARE[1] > total * LEAD_SHARE[0]:
        return []  # most of the province's count: no lead over the others, the count itself
    if best - second < max(LEAD_MARGIN, math.ceil(second * LEAD_RATIO[0] / LEAD_RATIO[1])):
        return []  # a unit or two more than the next is no lead worth a sentence
    return [Leader(names[unit.name], best)]


class _Builder:
    def __init__(self, model: ReportModel, config: Config) -> None:
        self.model = model
        self.config = config
        configured = {u.name: u for u in config.units}
        self.names = {u.name: unit_name(configured.get(u.name), u.name) for u in model.units}
        for name in model.missing_units:
            self.names.setdefault(name, unit_name(configured.get(name), name))
        self.reported = [u for u in model.units if u.reported]
        self.configured = configured

    def count(self, unit: UnitResult, code: str) -> int:
        """A reporting unit's count on an indicator over what the unit facts speak of: the
        whole year in a year's report when each unit's year is known, else the period."""
        year = self.model.year_units.get(unit.name)
        if year is not None and code in year:
            return year[code]
        return unit.values[code][0]

    def counts(self, code: str) -> list[tuple[UnitResult, int]]:
        """Every reporting unit with a figure on an indicator, and its count (as `count`)."""
        return [(u, self.count(u, code)) for u in self.reported if code in u.values]

    def gaps(self, found: Sequence[Coverage]) -> list[Gap]:
        """Earlier periods lacking some units, as the text names them: consecutive periods
        lacking the same units as one span ('quý I và quý II' → '6 tháng đầu năm')."""
        gaps: list[Gap] = []
        for c in sorted(found, key=lambda c: c.period.start):
            units = [self.names.get(n) or unit_name(self.configured.get(n), n) for n in c.missing]
            last = gaps[-1] if gaps else None
            if (
                last is not None
                and last.year == c.period.year
                and last.months[1] + 1 == c.period.start.month
                and last.units == units
                and (last.reported, last.expected) == (c.reported, c.expected)
            ):
                gaps[-1] = replace(last, months=(last.months[0], c.period.end.month))
                continue
            gaps.append(
                Gap(
                    c.period.year,
                    (c.period.start.month, c.period.end.month),
                    units,
                    c.reported,
                    c.expected,
                    self.config.at(c.period.start).programme.units_noun,
                )
            )
        return gaps

    def year_compared(self, r: IndicatorResult) -> Compared | None:
        """The whole year against the year before, when the report covers the whole year and
        that year is stored in full (never beside a stored comparison with that year)."""
        period, model = self.model.period, self.model
        before = model.year_before.get(r.code)
        now = r.period_value if period.kind == "Y" else model.whole_year.get(r.code)
        if before is None or now is None or model.year_incomplete or model.missing_units:
            return None  # a year lacking some units' reports is no match for a whole one
        if any(
            c is not None and c.period.year == period.year - 1 and c.period.kind == "Y"
            for c in (r.previous, r.year_before)
        ):
            return None
        return Compared(
            Period(period.year - 1, "Y").label,
            before,
            now - before,
            now / before if before else None,
            False,
            period.year - 1,
        )

    def indicator(self, r: IndicatorResult, ind: Indicator) -> IndicatorFacts:
        target = ind.target
        reported_with = [u for u in self.reported if r.code in u.values]
        period = self.model.period
        annual = r.target_kind is not None and r.target_kind.annual
        alone = annual and r.horizon == Horizon.PERIOD
        alone = alone and r.year_to_date is None and r.status != Status.CLOSED
        return IndicatorFacts(
            code=r.code,
            label=r.label,
            unit=r.unit,
            column=ind.column,
            object=ind.object,
            action=ind.action,
            where=ind.where,
            period_value=r.period_value,
            cumulative_value=r.cumulative_value,
            status=r.status,
            status_horizon=status_key(r)[1],
            target_kind=r.target_kind,
            statement=r.target_statement,
            target_min=r.target_min,
            target_max=r.target_max,
            annual=r.annual_target,
            percent=r.percent_of_target,
            horizon=r.horizon,
            final=r.final,
            alone=alone,
            at_least=r.at_least,
            period_target=None if r.period_target is None else int(r.period_target),
            year_to_date=r.year_to_date,
            still_needed=r.still_needed,
            phase_years=list(r.phase_years),
            closing=r.closing,
            base=target.base if target is not None and target.kind == "annual_percent" else None,
            base_label=target.base_label if target is not None else "",
            percent_per_year=target.percent if target is not None else None,
            short=r.status.short or _closed_short(r),
            good=r.status.good,
            at_year_end=period.end.month == 12,
            whole_year=self.model.whole_year.get(r.code) if period.months < 12 else None,
            missing_months=list(r.missing_months) if alone else [],
            closing_short=_closed_short(r),
            year_gaps=self.gaps(r.year_to_date.incomplete) if r.year_to_date else [],
            phase_gaps=[
                YearGaps(y.year, self.gaps(y.incomplete))
                for y in r.phase_years
                if y.status == Status.NOT_JUDGED and y.year != period.year
            ],
            compared=_comparisons(r, self.names, {u.name for u in self.reported})
            + ([year] if (year := self.year_compared(r)) and period.kind == "Y" else []),
            year_compared=self.year_compared(r) if period.kind != "Y" else None,
            without_result=[
                self.names[u.name]
                for u in reported_with
                if target is not None and self.count(u, r.code) == 0
            ]
            if self.model.year_units
            else [self.names[n] for n in r.units_without_result],
            with_result=[self.names[u.name] for u in reported_with if self.count(u, r.code) > 0],
            # a unit that did not report may have had a result since its last report: it is
            # never counted among the units with none
            never=[self.names[u.name] for u in reported_with if u.values[r.code][1] == 0],
            leaders=_leaders(r.code, self.counts(r.code), self.names),
            about=f"indicator:{r.code}",
        )

    def build(self, notes: Notes) -> Facts:
        config, model = self.config, self.model
        p, period = config.programme, model.period
        facts = {r.code: self.indicator(r, config.indicator(r.code)) for r in model.indicators}
        for r in model.indicators:
            parent = config.indicator(r.code).part_of
            if parent and parent in facts:
                facts[parent].parts.append(facts[r.code])
        common_basis = _common_basis(list(facts.values()))
        top = [f for f in facts.values() if not config.indicator(f.code).part_of]
        targeted = [f for f in facts.values() if f.targeted]
        short = [f for f in targeted if f.short]
        judged = [f for f in targeted if f.status not in {Status.CLOSED, Status.NOT_JUDGED}]
        idle, never = self.idle(targeted), _never(short)
        # a target reached is no shortcoming; one not judged, or closed, leaves the units with
        # no result this period to be said
        others_without = [
            f
            for f in targeted
            if f.without_result and f.with_result and f.has_verb and not (f.short or f.good)
        ]
        shortcomings = bool(short or idle or never or model.missing_units or others_without)
        reported = len(self.reported)
        # Only the lists the text counts rather than names: a short target's units with no
        # result (unless the few with one are named instead), the others without one, and below.
        counted = [
            f
            for f in short
            if f.has_verb
            and f.with_result
            and not (f.few_with_result and len(f.with_result) <= LIST_LIMIT)
        ]
        counted += [f for f in others_without if f not in counted]
        lists = [
            UnitList("without", f.without_result, [f], reported)
            for f in counted
            if len(f.without_result) > LIST_LIMIT
        ]
        lists += [UnitList("never", g.units, g.indicators, reported) for g in never]
        lists += [UnitList("idle", idle, [], reported)] if idle else []
        missing = [self.names[n] for n in model.missing_units]
        lists += [UnitList("missing", missing, [], len(model.units))] if missing else []
        late = [
            Late(
                self.names[item.unit],
                list(item.months),
                [
                    (f, item.values.get(f.code, 0), [item.values.get(p.code, 0) for p in f.parts])
                    for f in top
                    if item.values.get(f.code) or any(item.values.get(p.code) for p in f.parts)
                ],
            )
            for item in model.late
        ]
        lists += [UnitList("late", [item.unit for item in late], [], 0)] if late else []
        lists = [item for item in lists if len(item.units) > LIST_LIMIT]
        verdict = _verdict(judged)
        overview = _overview(targeted, period.start <= p.end <= period.end)
        return Facts(
            programme={
                "name": p.name,
                "short_name": p.short_name,
                "kind": p.kind,
                "body": p.body,
                "scope": p.scope,
                "units_noun": p.units_noun,
                "issuer": p.issuer,
                "title": p.title,
                "date": p.date,
                "start": p.start,
                "end": p.end,
                "phase": p.phase_name,
                "related": list(p.related),
            },
            period=_period(period),
            covers=_period(reported_period(period, model)),
            next_period=_period(following_period(period, model)),
            running=period.end < p.end,
            after_phase=period.start > p.end,
            phase_end=period.start <= p.end <= period.end,
            at_year_end=period.end.month == 12,
            whole_year=bool(model.whole_year),
            year_from_file=model.year_from_file,
            derived_units=sum(1 for u in model.units if u.derived),
            units_since=model.units_since,
            figures_period=_span(period, model.units_since),
            elapsed_share=model.elapsed_share,
            reported=len(self.reported),
            total=len(model.units),
            missing=[self.names[n] for n in model.missing_units],
            carried=self.carried(),
            partial=bool(model.missing_units),
            carried_units=sum(1 for u in model.units if u.carried_from is not None),
            unknown_units=len(model.missing_units)
            - sum(1 for u in model.units if u.carried_from is not None),
            indicators=list(facts.values()),
            groups=self.groups(top),
            verdict=verdict,
            verdict_in_two=len(verdict) > 2,
            unjudged=_verdict([f for f in targeted if f.status == Status.NOT_JUDGED]),
            overview=overview,
            judged=judged,
            good_verdict=[g for g in verdict if g.good],
            alone=[f for f in targeted if f.alone and f.status != Status.NOT_JUDGED],
            targeted=targeted,
            good=[f for f in targeted if f.good],
            short=short,
            behind=[
                f
                for f in targeted
                if f.short and f.target_kind == TargetKind.PROGRAMME and f.status == Status.BEHIND
            ],
            failed=[
                f
                for f in targeted
                if f.target_kind == TargetKind.PROGRAMME and f.status == Status.NOT_MET
            ],
            annual_short=[f for f in targeted if f.per_year and f.status.short],
            closed_short=[f for f in targeted if f.closed_as == Status.NOT_MET],
            missed_years=by_missed_years(
                [f for f in targeted if f.closed_as == Status.NOT_MET]
                if period.start > p.end
                else overview.missed
            ),
            closed_good=[f for f in targeted if f.closed_as in {Status.MET, Status.EXCEEDED}],
            made_up=[f for f in targeted if f.made_up is not None],
            closed_open=[
                f
                for f in targeted
                if f.status == Status.CLOSED
                and (
                    f.closed_as == Status.NOT_JUDGED
                    # a per-year target none of whose years is known (or one open) is not
                    # left out of the phase's closing: it is not judged
                    or (f.closed_as is None and (f.years_open or not f.years_known))
                )
            ],
            others_without=others_without,
            others_few=_few_with(others_without),
            standouts=self.standouts(targeted),
            idle=idle,
            never=never,
            has_previous=any(r.previous for r in model.indicators),
            has_year_before=any(r.year_before for r in model.indicators),
            notes=notes.marked(),
            units_changed=_units_change(config, period, len(model.units)),
            has_shortcomings=shortcomings or bool(notes.sections.get("shortcomings")),
            unit_lists=lists,
            common_basis=common_basis,
            year_gaps=self.gaps(model.year_incomplete),
            withheld=[(p.label, p == period.year_before()) for p in model.comparisons_withheld],
            compared_gaps=self.gaps(model.compared_incomplete),
            late=late,
            late_total=_late_total(late, top) if len(late) > LIST_LIMIT else [],
            units_over=_period(reported_period(period, model) if model.year_units else period),
            phase_totals=_by_action([f for f in top if f.has_verb and f.cumulative_value]),
            achieved=self.achieved(top),
        )

    def achieved(self, top: list[IndicatorFacts]) -> list[list[Achieved]]:
        """What the report covers achieved: the whole year's figures in a year's report made
        from its last period, else the period's."""
        year = self.model.whole_year if self.model.period.months < 12 else {}

        def value(f: IndicatorFacts) -> int:
            return year.get(f.code, f.period_value) if year else f.period_value

        found: dict[str, list[Achieved]] = {}
        for f in top:
            if f.has_verb and value(f):
                found.setdefault(f.action, []).append(
                    Achieved(f, value(f), [value(p) for p in f.parts])
                )
        return list(found.values())

    def groups(self, top: list[IndicatorFacts]) -> list[IndicatorGroup]:
        by_code = {f.code: f for f in top}
        groups: list[IndicatorGroup] = []
        placed: set[str] = set()
        for group in self.config.groups:
            members = [by_code[c] for c in group.indicators if c in by_code]
            placed.update(group.indicators)
            if members:
                groups.append(IndicatorGroup(len(groups) + 1, group.title, members))
        rest = [f for f in top if f.code not in placed]
        if rest:
            # No groups in the configuration, or indicators left out of them: an untitled group.
            groups.append(IndicatorGroup(len(groups) + 1, "", rest))
        return groups

    def carried(self) -> list[Carried]:
        by_period: dict[str, list[UnitName]] = {}
        for unit in self.model.units:
            if unit.carried_from is not None:
                by_period.setdefault(unit.carried_from.label, []).append(self.names[unit.name])
        return [Carried(label, units) for label, units in by_period.items()]

    def idle(self, targeted: list[IndicatorFacts]) -> list[UnitName]:
        """Reported units with nothing this period on every targeted indicator still open."""
        open_codes = [f.code for f in targeted if f.status != Status.CLOSED]
        if not open_codes:
            return []
        return [
            self.names[u.name]
            for u in self.reported
            if all(code not in u.values or self.count(u, code) == 0 for code in open_codes)
        ]

    def standouts(self, targeted: list[IndicatorFacts]) -> list[Standout]:
        """Units leading alone on at least one targeted indicator, most indicators first."""
        items: dict[str, list[tuple[IndicatorFacts, int]]] = {}
        names: dict[str, UnitName] = {}
        for f in targeted:
            if len(f.leaders) == 1:
                leader = f.leaders[0]
                items.setdefault(leader.unit.name, []).append((f, leader.value))
                names[leader.unit.name] = leader.unit
        ranked = sorted(items.items(), key=lambda kv: -len(kv[1]))
        return [Standout(names[name], found) for name, found in ranked][:STANDOUTS]


def _overview(targeted: list[IndicatorFacts], phase_end: bool) -> Overview:
    """The overall verdict on the targets still open; at the phase's end, on what closes it
    (a per-year target over all the phase's years)."""

    def status(f: IndicatorFacts) -> Status:
        return f.phase_status if phase_end else f.status

    judged = [f for f in targeted if status(f) not in {Status.CLOSED, Status.NOT_JUDGED}]
    return Overview(
        len(judged),
        sum(1 for f in judged if status(f).good),
        all(status(f) == Status.NOT_MET for f in judged if not status(f).good),
        [f for f in targeted if status(f) == Status.NOT_JUDGED],
        [f for f in judged if status(f) in {Status.MET, Status.EXCEEDED}],
        [f for f in judged if status(f) == Status.NOT_MET],
    )


def _late_total(
    late: list[Late], top: list[IndicatorFacts]
) -> list[tuple[IndicatorFacts, int, list[int]]]:
    """What the late units brought together, per indicator in the configuration's order."""
    found: dict[str, tuple[int, list[int]]] = {}
    for item in late:
        for f, value, parts in item.items:
            before, sums = found.get(f.code, (0, [0] * len(parts)))
            found[f.code] = (before + value, [a + b for a, b in zip(sums, parts, strict=True)])
    return [(f, *found[f.code]) for f in top if f.code in found]


def _few_with(indicators: list[IndicatorFacts]) -> list[FewWith]:
    """The indicators whose few units with a result are named, grouped by those units."""
    groups: dict[tuple[str, ...], FewWith] = {}
    for f in indicators:
        if f.names_few:
            key = tuple(u.name for u in f.with_result)
            groups.setdefault(key, FewWith(list(f.with_result), [])).indicators.append(f)
    return list(groups.values())


def _closed_short(r: IndicatorResult) -> bool:
    """After the phase, a target that closed unmet: the whole-programme target's closing result,
    or a per-year target missed in a year every unit reported."""
    if r.status != Status.CLOSED:
        return False
    if r.closing is not None:
        return r.closing.status == Status.NOT_MET
    return any(y.status == Status.NOT_MET for y in r.phase_years)


def _common_basis(indicators: list[IndicatorFacts]) -> list[Basis]:
    """Earlier periods compared over the units that reported in both, where that holds alike
    for every indicator: the basis is said once (periods leaving out the same units together),
    and each comparison is marked to read as a plain one. Elsewhere each comparison says its
    own basis."""
    said: dict[tuple[str, ...], Basis] = {}
    labels = {c.label for f in indicators for c in f.compared if c.left_out}
    for label in sorted(labels, key=lambda lb: _label_order(indicators, lb)):
        found = [(f, c) for f in indicators for c in f.compared if c.label == label]
        bases = {(c.units, tuple(u.name for u in c.left_out)) for _, c in found}
        if len(bases) != 1:
            continue
        for f, _ in found:
            f.compared = [replace(c, on_common=True) if c.label == label else c for c in f.compared]
        first = found[0][1]
        key = tuple(u.name for u in first.left_out)
        if key in said:
            basis = said[key]
            absent = basis.absent if basis.absent == first.absent else ""
            said[key] = replace(basis, compared=[*basis.compared, first], absent=absent)
        else:
            said[key] = Basis([first], first.left_out, first.absent, first.units)
    return list(said.values())


def _by_action(indicators: list[IndicatorFacts]) -> list[list[IndicatorFacts]]:
    """Indicators of one verb together, in the order each verb first comes."""
    found: dict[str, list[IndicatorFacts]] = {}
    for f in indicators:
        found.setdefault(f.action, []).append(f)
    return list(found.values())


def _label_order(indicators: list[IndicatorFacts], label: str) -> int:
    """Where an earlier period comes among the comparisons (the period before first)."""
    for f in indicators:
        for n, c in enumerate(f.compared):
            if c.label == label:
                return n
    return 0


def _never(short: list[IndicatorFacts]) -> list[NeverGroup]:
    """Short indicators some units never had a result on, those with the same units together
    (an indicator with no result anywhere is said by its own figure, not here)."""
    groups: dict[tuple[str, ...], NeverGroup] = {}
    for f in short:
        if not f.never or f.cumulative_value == 0 or not f.has_verb:
            continue
        key = tuple(u.name for u in f.never)
        groups.setdefault(key, NeverGroup(f.never, [])).indicators.append(f)
    return list(groups.values())


def reported_period(period: Period, model: ReportModel) -> Period:
    """The period a report's subject names: the whole year when its last period comes with the
    year's earlier periods known (an H2 or Q4 report is the year's report)."""
    if model.whole_year and period.months < 12:
        return parse_code(str(period.year))
    return period


def following_period(period: Period, model: ReportModel) -> Period:
    """The period whose tasks the report sets: the next year after a year's report."""
    return reported_period(period, model).next()


def _span(period: Period, since: datetime.date | None) -> dict[str, object] | None:
    """The half or quarter of the period's year from `since` to the period's end (the second
    half of 2025 for communes begun on 1 July reporting the year), if there is one."""
    if since is None:
        return None
    for code in ("H1", "H2", "Q1", "Q2", "Q3", "Q4"):
        part = parse_code(f"{period.year}-{code}")
        if part.start == since and part.end == period.end:
            return _period(part)
    return None


def _period(period: Period) -> dict[str, object]:
    return {
        "label": period.label,
        "short_label": period.short_label,
        "code": period.code,
        "year": period.year,
        "months": period.months,
        "start": period.start,
        "end": period.end,
        "whole_year": period.months == 12,
    }


def _verdict(targeted: list[IndicatorFacts]) -> list[StatusGroup]:
    """Targeted indicators grouped by their status and its horizon, best first."""
    groups: dict[tuple[Status, Horizon | None], list[IndicatorFacts]] = {}
    for f in sorted(targeted, key=lambda f: f.status.rank):
        groups.setdefault((f.status, f.status_horizon), []).append(f)
    return [StatusGroup(status, horizon, items) for (status, horizon), items in groups.items()]


def build_facts(model: ReportModel, config: Config, notes: Notes | None) -> Facts:
    """The facts of a report, ready for the templates."""
    return _Builder(model, config).build(notes or Notes())


def notice_anchor(warning: Problem, config: Config) -> str | None:
    """Which paragraph a warning about the inputs concerns: the units that did not report,
    the indicator it names, else the opening paragraph."""
    if warning.code in {"carried_forward", "units_missing"}:
        return "missing"
    for indicator in config.indicators:
        if indicator.label in warning.message:
            return f"indicator:{indicator.code}"
    return "intro"
