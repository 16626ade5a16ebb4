"""`dean24 check`: read and validate workbooks as `report` would, and write nothing.

For an office before it sends its file: what was read (units, period, figures, with the
cells), every problem with its cell and how to fix it, and, with a history store, whether
each cumulative figure follows from the unit's previous report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dean24.core.errors import Location, Problem, ValidationFailed
from dean24.core.model import Figure, ValidData
from dean24.core.periods import Period
from dean24.programme.config import Config, load_config
from dean24.programme.unitnames import UnitNames
from dean24.reading.cells import CUMULATIVE, PERIOD

# A warning that speaks to the province about the whole set of reports, not to one office.
_PROVINCE_ONLY = {"units_missing"}


@dataclass(frozen=True)
class CheckSettings:
    inputs: tuple[Path, ...]
    config_path: Path | None = None
    store_path: Path | None = None
    period: Period | None = None
    feedback: Path | None = None  # folder for a marked copy of each file with problems


@dataclass(frozen=True)
class CheckedUnit:
    """A unit's figures as read: indicator code → (period, cumulative)."""

    name: str
    location: Location
    values: dict[str, tuple[int | None, int | None]]
    known: bool
    untouched: bool = False  # a unit form with no figure at all: not a report yet


@dataclass
class CheckResult:
    config: Config
    period: Period | None
    period_location: Location | None
    units: list[CheckedUnit]
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # marked copies of the files

    @property
    def accepted(self) -> bool:
        """Whether `report` would accept these files."""
        return not self.errors


def run_check(settings: CheckSettings) -> CheckResult:
    """Read and validate settings.inputs; an unreadable file is an error of the result. With
    a feedback folder, a marked copy of each file with problems is written there."""
    from dean24.commands.pipeline import ReportSettings, check_clashes, feedback_targets

    given = ReportSettings(
        inputs=settings.inputs,
        config_path=settings.config_path,
        store_path=settings.store_path,
        feedback=settings.feedback,
    )
    targets = feedback_targets(given)
    check_clashes(given, tuple(targets.values()))
    result = _check(settings)
    if targets:
        from dean24.commands.pipeline import feedback_copies
        from dean24.store.outputs import write_all

        copies = feedback_copies([*result.errors, *result.warnings], targets)
        write_all(copies)
        result.written = list(copies)
    return result


def _check(settings: CheckSettings) -> CheckResult:
    from dean24.checking.validation import office_figures, validate
    from dean24.reading.reader import read_inputs

    config = load_config(settings.config_path)
    read = read_inputs(list(settings.inputs), config, period=settings.period)
    names = UnitNames(config.units)
    units = []
    period, period_location = settings.period, None
    for sheet in read.sheets:
        if period is None and sheet.period is not None:
            period, period_location = sheet.period, sheet.period_location
    span = (period.start, period.end) if period is not None else (None, None)
    for sheet in read.sheets:
        for row in sheet.rows:
            unit = names.find(row.raw_name, *span) if names else None
            units.append(
                CheckedUnit(
                    unit.name if unit is not None else row.raw_name,
                    row.location,
                    {
                        code: (_shown(kinds.get(PERIOD)), _shown(kinds.get(CUMULATIVE)))
                        for code, kinds in row.values.items()
                    },
                    not names
                    or (
                        unit is not None
                        and (period is None or unit.reports_in(period.start, period.end))
                    ),
                    sheet.layout == "B"
                    and bool(written := office_figures(row))
                    and all(f.blank for f in written),
                )
            )
    result = CheckResult(config, period, period_location, units)
    try:
        valid = validate(read, config, settings.period)
    except ValidationFailed as failed:
        result.errors, result.warnings = _untouched_first(failed.problems, failed.warnings, units)
        return result
    result.period = valid.period
    result.errors, result.warnings = _untouched_first(
        [], [w for w in valid.warnings if w.code not in _PROVINCE_ONLY], units
    )
    result.warnings.extend(_against_the_past(valid, config, settings.store_path))
    return result


def _shown(figure: Figure | None) -> int | None:
    """A figure as the office wrote it: an empty cell is shown empty, not as 0."""
    return None if figure is None or figure.blank else figure.value


def _untouched_first(
    errors: list[Problem], warnings: list[Problem], units: list[CheckedUnit]
) -> tuple[list[Problem], list[Problem]]:
    """A form with no figure at all is not a report: for the office checking it that is the
    error to fix, said as such, instead of "no unit's figures in the files"."""
    if not any(w.code == "form_not_filled" for w in warnings):
        return errors, warnings
    said = [
        Problem(
            "form_not_filled",
            f"Biểu của {unit.name} chưa điền số liệu nào nên chưa phải là báo cáo. Ghi số vào "
            "các ô nền vàng (ghi 0 nếu không có) rồi kiểm tra lại.",
            unit.location,
        )
        for unit in units
        if unit.untouched
    ]
    rest = [e for e in errors if e.code != "no_data"]
    return [*said, *rest], [w for w in warnings if w.code != "form_not_filled"]


def _against_the_past(valid: ValidData, config: Config, store: Path | None) -> list[Problem]:
    """What `report` would say against the history store (read once, never changed): each
    cumulative that does not follow from the unit's previous report, and figures far from
    the unit's earlier periods (without a store: from the other units of these files)."""
    from dean24.checking.plausibility import check_plausibility
    from dean24.commands.pipeline import read_past
    from dean24.judging.comparisons import continuity

    found: list[Problem] = []
    if store is not None and not store.is_file():
        found.append(
            Problem(
                "history_not_found",
                "Không có tệp lịch sử này nên chưa đối chiếu được với kỳ trước.",
                Location(file=str(store)),
                severity="warning",
            )
        )
    found_store = store if store is not None and store.is_file() else None
    past = read_past(found_store, valid.period, readonly=True)
    labels = {i.code: i.label for i in config.at(valid.period.start).indicators}
    found.extend(continuity(valid.period, valid.units, past, labels))
    found.extend(check_plausibility(valid.period, valid.units, past, config))
    return found


def render_text(result: CheckResult) -> str:
    """What was read and what is wrong, as plain text for the terminal."""
    from dean24.core.text import format_int

    lines: list[str] = []
    if result.period is not None:
        where = (
            f" ({result.period_location.describe()})"
            if result.period_location
            else " (theo --period)"
        )
        lines.append(f"Kỳ báo cáo: {result.period.label}{where}")
    else:
        lines.append("Kỳ báo cáo: chưa xác định được")
    width = max((len(i.column) for i in result.config.indicators), default=10)
    for unit in result.units:
        note = "" if unit.known else " — không có trong cấu hình"
        lines.append(f"Đơn vị: {unit.name} ({unit.location.describe()}){note}")
        lines.append(f"  {'Chỉ tiêu':<{width}}  {'Trong kỳ':>9}  {'Lũy kế':>9}")
        for indicator in result.config.indicators:
            in_period, cumulative = unit.values.get(indicator.code, (None, None))
            shown = [format_int(v) if v is not None else "—" for v in (in_period, cumulative)]
            lines.append(f"  {indicator.column:<{width}}  {shown[0]:>9}  {shown[1]:>9}")
    if not result.units:
        lines.append("Không đọc được số liệu của đơn vị nào.")
    for heading, problems in (("Lỗi", result.errors), ("Cảnh báo", result.warnings)):
        if problems:
            lines.append(f"{heading} ({len(problems)}):")
            lines.extend(f"  - {p}" for p in problems)
    lines.extend(f"Đã ghi bản đánh dấu để gửi lại đơn vị: {path}" for path in result.written)
    if result.accepted:
        lines.append("Kết quả: ĐẠT — biểu được chấp nhận khi lập báo cáo.")
    else:
        lines.append(f"Kết quả: CHƯA ĐẠT — sửa {len(result.errors)} lỗi nêu trên rồi kiểm tra lại.")
    return "\n".join(lines) + "\n"
