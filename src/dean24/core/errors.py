"""The project's own errors: every failure a user can cause ends as one of these."""

from __future__ import annotations

from dataclasses import InitVar, dataclass
from typing import NamedTuple


class Location(NamedTuple):
    """Where a figure or a problem sits: file, sheet and cell (A1 form).

    A named tuple, immutable and hashable: a large summary gives every one of its hundreds of
    thousands of figures one, and a tuple is made in half the time of a frozen dataclass."""

    file: str = ""
    sheet: str = ""
    cell: str = ""

    def describe(self) -> str:
        """Say the location in Vietnamese, e.g. 'tệp q2.xlsx, trang "Tổng hợp", ô D12'."""
        parts = []
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.sheet:
            parts.append(f'trang "{self.sheet}"')
        if self.cell:
            parts.append(f"ô {self.cell}")
        return ", ".join(parts)


_NOWHERE = Location()  # a problem of no file, sheet or cell


@dataclass(frozen=True)
class Problem:
    """One finding about the input: an error stops the run, a warning goes into the report."""

    code: str
    message: str
    location: Location = _NOWHERE
    severity: str = "error"  # "error" or "warning"
    # The figure a warning is about, (unit, indicator, value), for an acknowledgement to match.
    subject: tuple[str, str, int] | None = None
    # The catalogue's advice for the code follows the case's message, as for Dean24Error.
    advised: InitVar[bool] = False

    def __post_init__(self, advised: bool) -> None:
        if advised:
            from dean24.core.codes import BY_NAME

            object.__setattr__(self, "message", f"{self.message} {BY_NAME[self.code].advice}")

    def __str__(self) -> str:
        where = self.location.describe()
        return (
            f"[{self.code}] {where}: {self.message}" if where else f"[{self.code}] {self.message}"
        )

    def as_dict(self) -> dict[str, str]:
        """The JSON form of a warning or error."""
        return {
            "code": self.code,
            "message": self.message,
            "file": self.location.file,
            "sheet": self.location.sheet,
            "cell": self.location.cell,
        }


class Dean24Error(Exception):
    """Base of every error the tool reports to the user without a traceback."""

    exit_code = 1

    def __init__(
        self, code: str, message: str, location: Location | None = None, *, advised: bool = False
    ) -> None:
        """message says the case at hand (the file, the cell, the figures); advised: the
        catalogue's advice for the code (what the user does about it, the same wherever the
        code is raised) follows it."""
        if advised:
            from dean24.core.codes import BY_NAME

            message = f"{message} {BY_NAME[code].advice}"
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location or Location()

    @property
    def problems(self) -> list[Problem]:
        """The problems this error stands for (one, unless it gathers several)."""
        return [Problem(self.code, self.message, self.location)]

    def __str__(self) -> str:
        return str(self.problems[0])

    def line(self) -> str:
        """The error as a command prints it: 'Lỗi [code] where: message'."""
        return f"Lỗi {self.problems[0]}"


class InputError(Dean24Error):
    """The input workbooks cannot be used as they are."""


class InputFileError(InputError):
    """A file is not a workbook the tool can read (wrong kind, damaged, protected, too large)."""


class ConfigError(Dean24Error):
    """The programme configuration is missing, malformed or inconsistent: a usage error."""

    exit_code = 2


class TemplateError(Dean24Error):
    """An output template cannot be rendered."""


class UsageError(Dean24Error):
    """The command line asks for something impossible (bad period code, unknown output format)."""

    exit_code = 2


class Gathered(Dean24Error):
    """An error that stands for several problems, reported together; mixed in before the
    family it belongs to (input, configuration)."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.code, first.message, first.location)
        self._problems = problems

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self._problems)


class ValidationFailed(Gathered, InputError):
    """Gathers every error found in a run, so all of them are reported together; the
    warnings met on the way are kept beside them (for the marked copies of the inputs)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        super().__init__(problems)
        self.warnings = list(warnings or [])
        self.written: list[str] = []  # files written all the same (marked copies of inputs)


GROUP_PLACES = 12  # places named in a grouped problem, the rest counted


def grouped(problems: list[Problem]) -> list[Problem]:
    """Problems of one cause said once: those with the same code, message and severity in
    several places (rows, sheets, files) become one naming every place, in the order met."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.code, problem.message, problem.severity), []).append(problem)
    said: list[Problem] = []
    for (code, message, severity), same in groups.items():
        if len(same) == 1:
            said.append(same[0])
            continue
        places = [p.location.describe() or "không rõ vị trí" for p in same]
        shown = "; ".join(places[:GROUP_PLACES])
        if len(places) > GROUP_PLACES:
            shown += f"; và {len(places) - GROUP_PLACES} nơi khác"
        said.append(
            Problem(
                code, f"{len(same)} nơi cùng một vấn đề ({shown}): {message}", Location(), severity
            )
        )
    return said
