"""Data passed between the stages: figures read with their cells, and the report model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from dean24.core.errors import Location, Problem
from dean24.core.periods import Period
from dean24.core.vocabulary import Horizon, Status, TargetKind

# The version of the JSON contract (`dean24 schema`): the major part changes only when a key is
# removed or changes meaning; the minor part when keys are added.
SCHEMA_VERSION = "1.6"


class Figure(NamedTuple):
    """One number read from a workbook, and the cell it came from (a named tuple, like its
    Location: made for every cell a unit's figures are read from)."""

    value: int
    location: Location
    blank: bool = False  # the cell was empty: read as 0, but an all-blank unit sent nothing
    derived: bool = False  # worked out (the cumulative before the period + the period), not read


@dataclass
class UnitRow:
    """What one sheet says about one unit (or the totals row): indicator → kind → figure."""

    raw_name: str
    location: Location
    values: dict[str, dict[str, Figure]] = field(default_factory=dict)


@dataclass
class SheetData:
    """The table found on one sheet."""

    file: str
    sheet: str
    layout: str  # "A" summary, "B" unit form
    period: Period | None
    period_location: Location | None
    rows: list[UnitRow]
    totals: UnitRow | None = None
    # The indicators the table gives, and the problems naming those it lacks: these stand
    # unless another table of the same workbook (a summary laid out as one table or sheet per
    # group) or another form of the same unit (one sheet or file per group) gives them.
    codes: frozenset[str] = frozenset()
    lacking: list[Problem] = field(default_factory=list)


@dataclass
class ReadResult:
    """Everything read from the inputs, with every problem met on the way."""

    sheets: list[SheetData]
    problems: list[Problem]


@dataclass(frozen=True)
class UnitFigures:
    """A unit's validated figures: indicator → (period, cumulative), with their cells."""

    name: str
    values: dict[str, tuple[Figure, Figure]]
    # indicator → the unit's assigned target read from a plan column ('Kế hoạch năm 2024')
    targets: dict[str, Figure] = field(default_factory=dict)
    # indicator → the unit's own 'Lũy kế từ đầu năm' figure, checked against the history
    year_to_date: dict[str, Figure] = field(default_factory=dict)
    # indicator → the cumulative to the end of the period before that the unit's form carries
    # ('Số đã báo cáo đến hết …', written by dean24 form --store): checked for continuity
    previous: dict[str, Figure] = field(default_factory=dict)
    # indicator → the cumulative the form carries to the end of an earlier period (the unit sent
    # nothing in between): this cumulative is at least that, no more is known
    reported_before: dict[str, Figure] = field(default_factory=dict)


@dataclass
class ValidData:
    """Inputs that passed validation: one period, one set of figures per unit, warnings."""

    period: Period
    units: list[UnitFigures]
    missing_units: list[str]
    warnings: list[Problem]
    sources: list[str]


@dataclass(frozen=True)
class Comparison:
    """An indicator's value in an earlier period, for 'so với' sentences."""

    period: Period
    period_value: int
    cumulative_value: int
    # When the units that reported differ between the two periods (but are mostly the same),
    # both values are over the units that reported in both: this period's value over them, how
    # many they are, and the units of one period only.
    now_value: int | None = None
    units: int = 0
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class PastPeriod:
    """A stored earlier period's province totals: indicator → (period, cumulative)."""

    period: Period
    totals: dict[str, tuple[int, int]]
    # unit → indicator → (period, cumulative), as the units reported it (carried rows left out)
    units: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    # units that sent nothing for the period, whose last cumulative figures were carried
    carried: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """An earlier period summed into this report's year whose figures lack some units: those
    expected that sent no report (carried or not), out of how many were expected."""

    period: Period
    missing: tuple[str, ...]
    reported: int
    expected: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.code,
            "reported": self.reported,
            "expected": self.expected,
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class UnitReport:
    """The latest report a unit sent: its period and indicator → (period, cumulative)."""

    period: Period
    values: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Acknowledgement:
    """A warning about one figure that the analyst has looked at, and why it stands."""

    period: str
    unit: str
    indicator: str
    code: str  # the warning's code: implausible_value, rule_breach
    value: int  # the figure it concerned: a different figure raises the warning again
    reason: str
    recorded_at: str

    def covers(self, problem: Problem) -> bool:
        return problem.code == self.code and problem.subject == (
            self.unit,
            self.indicator,
            self.value,
        )


@dataclass
class Past:
    """What the history holds before this report, as plain data for the judgement."""

    periods: list[PastPeriod] = field(default_factory=list)
    last_reports: dict[str, UnitReport] = field(default_factory=dict)  # unit → latest report
    acknowledged: list[Acknowledgement] = field(default_factory=list)  # of this report's period
    # the units whose own reports the store holds for this very period (a run again replaces
    # them): None when the period is not stored
    stored_units: tuple[str, ...] | None = None


@dataclass(frozen=True)
class YearToDate:
    """A per-year target over the year so far: stored periods of the year plus this one."""

    value: int
    target: int  # the annual target scaled to the months passed, rounded up
    annual: int
    months: int  # months of the year passed at the period's end
    periods: tuple[str, ...]  # codes of the periods added, this period last
    # read from the forms' year-to-date columns ('Lũy kế từ đầu năm'), not from the history
    from_file: bool = False
    # the periods added (this one included) whose figures lack some units: the value can only
    # be higher, so a shortfall on it is not judged
    incomplete: tuple[Coverage, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": self.value,
            "target": self.target,
            "annual": self.annual,
            "months": self.months,
            "periods": list(self.periods),
        }
        if self.from_file:
            data["from_file"] = True
        if self.incomplete:
            data["incomplete"] = [c.as_dict() for c in self.incomplete]
        return data

    @property
    def beyond_period(self) -> bool:
        """The year to date holds more than this period: earlier periods, or the forms' own
        year-to-date column."""
        return len(self.periods) > 1 or self.from_file


@dataclass(frozen=True)
class StillNeeded:
    """How many more a target needs within its horizon, and by when."""

    value: int
    by: date
    horizon: Horizon  # the year or the phase

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "by": self.by.isoformat(), "horizon": self.horizon}


@dataclass(frozen=True)
class YearResult:
    """One calendar year of the phase against a per-year target (value None: not all stored)."""

    year: int
    value: int | None
    target: int
    incomplete: tuple[Coverage, ...] = ()  # the year's periods whose figures lack some units

    @property
    def status(self) -> Status | None:
        """exceeded, met or not_met against the year's target; None when the year is unknown.
        A year short of its target while some units' reports are missing is not_judged: the
        missing reports can only add to the figure, so the shortfall is not proven."""
        if self.value is None:
            return None
        if self.value > self.target:
            return Status.EXCEEDED
        if self.value == self.target:
            return Status.MET
        return Status.NOT_JUDGED if self.incomplete else Status.NOT_MET

    def as_dict(self) -> dict[str, Any]:
        status = self.status
        known = self.value is not None and status != Status.NOT_JUDGED
        reached = self.value >= self.target if known and self.value is not None else None
        return {
            "year": self.year,
            "value": self.value,
            "target": self.target,
            "met": reached,
            "status": self.status,
            **({"incomplete": [c.as_dict() for c in self.incomplete]} if self.incomplete else {}),
        }


@dataclass(frozen=True)
class Closing:
    """A whole-programme target's result at the end of its phase, from a stored period."""

    period: Period
    value: int
    status: Status  # exceeded, met, not_met; not_judged when that period lacked some units

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period.code, "value": self.value, "status": self.status}


@dataclass(frozen=True)
class TrendPoint:
    """Totals of one period: indicator → (period value, cumulative value)."""

    period: Period
    totals: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator summed over units and judged against its target."""

    code: str
    label: str
    unit: str
    period_value: int
    cumulative_value: int
    status: Status
    target_kind: TargetKind | None = None
    target_statement: str = ""
    target_min: int | None = None
    target_max: int | None = None
    period_target: float | None = None  # per-year targets scaled to the period
    annual_target: int | None = None
    percent_of_target: float | None = None  # fraction: 0.467 for 46,7%
    rate_of_base: float | None = None  # annual_percent: period value / base
    units_without_result: tuple[str, ...] = ()
    previous: Comparison | None = None
    year_before: Comparison | None = None
    horizon: Horizon = Horizon.PERIOD  # what the status was judged over
    final: bool = False  # the period holds the target's last day: the verdict is final
    year_to_date: YearToDate | None = None
    still_needed: StillNeeded | None = None
    phase_years: tuple[YearResult, ...] = ()  # per-year, final period
    closing: Closing | None = None  # after the phase: its result when it closed
    # a per-year target judged alone: spans (first, last month) of the year with no figures
    missing_months: tuple[tuple[int, int], ...] = ()
    # a range met on the units that reported while some did not: their results could carry
    # it above the range, so "met" is proven only as "at least met"
    at_least: bool = False
    ends_year: bool = False  # the period ends on 31 December

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "label": self.label,
            "unit": self.unit,
            "period_value": self.period_value,
            "cumulative_value": self.cumulative_value,
            "status": self.status,
            "target": None
            if self.target_kind is None
            else {
                "kind": self.target_kind,
                "statement": self.target_statement,
                "min": self.target_min,
                "max": self.target_max,
                "annual": self.annual_target,
                "for_period": self.period_target,
            },
            "percent_of_target": None
            if self.percent_of_target is None
            else round(self.percent_of_target * 100, 1),
            "units_without_result": list(self.units_without_result),
        }
        if self.rate_of_base is not None:
            data["rate_of_base_percent"] = round(self.rate_of_base * 100, 2)
        if self.target_kind is not None:
            data["horizon"] = self.horizon
            data["final"] = self.final
            data["still_needed"] = self.still_needed.as_dict() if self.still_needed else None
        if self.at_least:
            data["at_least"] = True
        if self.year_to_date is not None:
            data["year_to_date"] = self.year_to_date.as_dict()
        if self.phase_years:
            data["phase_years"] = [y.as_dict() for y in self.phase_years]
        if self.closing is not None:
            data["closing"] = self.closing.as_dict()
        for key, comparison in (("previous", self.previous), ("year_before", self.year_before)):
            if comparison is not None:
                data[key] = {
                    "period": comparison.period.code,
                    "period_value": comparison.period_value,
                    "cumulative_value": comparison.cumulative_value,
                }
                if comparison.now_value is not None:
                    data[key]["same_units"] = {
                        "units": comparison.units,
                        "period_value_now": comparison.now_value,
                        "left_out": list(comparison.left_out),
                    }
        return data


@dataclass(frozen=True)
class UnitResult:
    name: str
    reported: bool
    values: dict[str, tuple[int, int]]  # code → (period, cumulative)
    # code → (cell of the period figure, cell of the cumulative figure)
    cells: dict[str, tuple[Location, Location]] = field(default_factory=dict)
    # Not reported, but its cumulative figures are carried from this earlier report.
    carried_from: Period | None = None
    # indicator → the unit's assigned target from a plan column, and its cell
    targets: dict[str, tuple[int, Location]] = field(default_factory=dict)
    # indicators whose cumulative was worked out (the cumulative before the period + the
    # period's figure), its cell the one holding the cumulative before
    derived: frozenset[str] = frozenset()

    def _cells(self, code: str) -> dict[str, Any]:
        """Where the two figures were read: {"cells": {"period": {...}, "cumulative": {...}}}."""
        if code not in self.cells:
            return {}
        in_period, cumulative = self.cells[code]
        return {"cells": {"period": _where(in_period), "cumulative": _where(cumulative)}}

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "reported": self.reported,
            "values": {
                code: {
                    "period": p,
                    "cumulative": c,
                    **self._cells(code),
                    **({"cumulative_derived": True} if code in self.derived else {}),
                }
                for code, (p, c) in self.values.items()
            },
        }
        if self.carried_from is not None:
            data["carried_from"] = self.carried_from.code
        if self.targets:
            data["targets"] = {
                code: {"value": value, **_where(where)}
                for code, (value, where) in self.targets.items()
            }
        return data


def _where(location: Location) -> dict[str, str]:
    return {"file": location.file, "sheet": location.sheet, "cell": location.cell}


@dataclass(frozen=True)
class LateResults:
    """A unit that sent no report for some months before this period and whose cumulative
    now carries their results: the cumulative less its last reported cumulative and this
    period's figure, per indicator (only those above 0)."""

    unit: str
    last: Period  # its last report before this period
    months: tuple[tuple[int, int, int], ...]  # (year, first month, last month) not reported
    values: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "last_report": self.last.code,
            "months": [{"year": y, "from": a, "to": b} for y, a, b in self.months],
            "values": dict(self.values),
        }


@dataclass(frozen=True)
class ReportModel:
    """The figures of one report, finished before anything is rendered (comparisons, trend and
    every notice included) and never changed after: each renderer only reads it."""

    period: Period
    elapsed_share: float  # share of the programme's time gone at the period's end
    indicators: tuple[IndicatorResult, ...]
    units: tuple[UnitResult, ...]
    missing_units: tuple[str, ...]
    warnings: tuple[Problem, ...]
    sources: tuple[str, ...]
    trend: tuple[TrendPoint, ...] = ()  # earlier stored periods, then this
    # The year's last period: indicator → the whole year's figure, when the earlier periods of
    # the year are known (empty otherwise)
    whole_year: dict[str, int] = field(default_factory=dict)
    # the year's earlier periods summed into whole_year whose figures lack some units
    year_incomplete: tuple[Coverage, ...] = ()
    # The year's last period, when the same units reported every period of the year: each
    # unit's figure for the whole year, indicator → count (empty otherwise)
    year_units: dict[str, dict[str, int]] = field(default_factory=dict)
    # The year's last period: indicator → the year before's whole figure, when every period of
    # that year is stored with every unit's report (empty otherwise)
    year_before: dict[str, int] = field(default_factory=dict)
    # whole_year read from the forms' own year column (the store lacks the year's earlier periods)
    year_from_file: bool = False
    # the units that reported all began inside the period (the communes from 1/7/2025 in the
    # year 2025): their figures run from that day, the year's earlier months are the stored
    # reports of the units before them
    units_since: date | None = None
    # earlier periods reported by other units (before a reorganisation) that this period, with
    # some of its units silent, is not compared with
    comparisons_withheld: tuple[Period, ...] = ()
    # earlier periods of other units compared with, whose figures lack some units' reports
    compared_incomplete: tuple[Coverage, ...] = ()
    # units whose cumulative brings the results of months they sent no report for
    late: tuple[LateResults, ...] = ()
    # Warnings the analyst acknowledged for this very figure: kept out of `warnings`.
    acknowledged: tuple[tuple[Problem, Acknowledgement], ...] = ()

    def indicator(self, code: str) -> IndicatorResult:
        for result in self.indicators:
            if result.code == code:
                return result
        raise KeyError(code)

    def as_dict(self, unit: Callable[[UnitResult], Any] = UnitResult.as_dict) -> dict[str, Any]:
        """The JSON contract: period, indicators, units, warnings (more keys may follow);
        each unit as `unit` gives it."""
        return {
            "schema_version": SCHEMA_VERSION,
            "period": self.period.as_dict(),
            "elapsed_share_percent": round(self.elapsed_share * 100, 1),
            "indicators": [i.as_dict() for i in self.indicators],
            "units": [unit(u) for u in self.units],
            "missing_units": list(self.missing_units),
            "coverage": {
                "reported": sum(1 for u in self.units if u.reported),
                "expected": len(self.units),
                "carried": sum(1 for u in self.units if u.carried_from is not None),
            },
            "warnings": [w.as_dict() for w in self.warnings],
            **({"late": [item.as_dict() for item in self.late]} if self.late else {}),
            "sources": list(self.sources),
            "units_with_open_problems": len(self.units_at_fault()),
            "open_problem_units": self.units_at_fault(),
            "acknowledged": [
                {
                    **problem.as_dict(),
                    "unit": ack.unit,
                    "indicator": ack.indicator,
                    "value": ack.value,
                    "reason": ack.reason,
                    "acknowledged_at": ack.recorded_at,
                }
                for problem, ack in self.acknowledged
            ],
        }

    def units_at_fault(self) -> list[str]:
        """The units a warning is about, in the order of the units: found by the cell it
        names (one of the unit's figures), else its row or sheet where only that unit's
        figures are."""
        return units_at_fault(self.warnings, self.units)


def units_at_fault(problems: Sequence[Problem], units: Sequence[UnitResult]) -> list[str]:
    """The units (in their order) that `problems` concern, found by their locations: the cell
    of one of a unit's figures, else a row or a sheet that holds only that unit's figures."""
    by_cell: dict[tuple[str, str, str], str] = {}
    by_row: dict[tuple[str, str, str], set[str]] = {}
    by_sheet: dict[tuple[str, str], set[str]] = {}
    for unit in units:
        for pair in unit.cells.values():
            for where in pair:
                by_cell[(where.file, where.sheet, where.cell)] = unit.name
                by_row.setdefault((where.file, where.sheet, _row(where.cell)), set()).add(unit.name)
                by_sheet.setdefault((where.file, where.sheet), set()).add(unit.name)
    found: set[str] = set()
    for problem in problems:
        where = problem.location
        if not where.file:
            continue
        name = by_cell.get((where.file, where.sheet, where.cell))
        if name is None:
            row = by_row.get((where.file, where.sheet, _row(where.cell)), set())
            sheet = by_sheet.get((where.file, where.sheet), set())
            only = row if where.cell and len(row) == 1 else sheet
            name = next(iter(only)) if len(only) == 1 else None
        if name is not None:
            found.add(name)
    return [unit.name for unit in units if unit.name in found]


def _row(cell: str) -> str:
    """The row of an A1 cell reference ('D12' → '12')."""
    return cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$").lstrip("$")
