"""Reporting periods: codes such as 2024-H1, 2024-Q3 and 2024, their labels and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dean24.core.errors import UsageError
from dean24.core.text import fold

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_TO_INT = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True, order=True)
class Period:
    """A half-year (H), quarter (Q) or year (Y) of one calendar year."""

    year: int
    kind: str  # "H", "Q" or "Y"
    index: int = 1  # half 1-2, quarter 1-4; 1 for a year

    @property
    def code(self) -> str:
        """'2024-H1', '2024-Q3' or '2024'."""
        return str(self.year) if self.kind == "Y" else f"{self.year}-{self.kind}{self.index}"

    @property
    def label(self) -> str:
        """'6 tháng đầu năm 2024', 'quý III năm 2024' or 'năm 2024'."""
        if self.kind == "H":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "Q":
            return f"quý {_ROMAN[self.index]} năm {self.year}"
        return f"năm {self.year}"

    @property
    def short_label(self) -> str:
        """'6T đầu 2024', 'Quý III/2024' or '2024', for chart axes."""
        if self.kind == "H":
            return f"6T {'đầu' if self.index == 1 else 'cuối'} {self.year}"
        if self.kind == "Q":
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        return str(self.year)

    @property
    def months(self) -> int:
        return {"H": 6, "Q": 3, "Y": 12}[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        first_month_after = self.index * self.months + 1
        if first_month_after > 12:
            return date(self.year, 12, 31)
        return date(self.year, first_month_after, 1) - timedelta(days=1)

    def next(self) -> Period:
        """The period that follows, of the same kind."""
        last = {"H": 2, "Q": 4, "Y": 1}[self.kind]
        if self.index < last:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self) -> Period:
        """The period before, of the same kind."""
        last = {"H": 2, "Q": 4, "Y": 1}[self.kind]
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, last)

    def year_before(self) -> Period:
        """The same period one year earlier."""
        return Period(self.year - 1, self.kind, self.index)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


_CODE = re.compile(r"^\s*(\d{4})(?:\s*-\s*([HhQq])([1-4]))?\s*$")


def parse_code(code: str) -> Period:
    """'2024-H1' → Period; raise UsageError for anything else."""
    match = _CODE.match(code)
    if not match:
        raise UsageError(
            "bad_period",
            f'Mã kỳ báo cáo "{code}" không hợp lệ; dùng dạng 2024-H1, 2024-H2, 2024-Q1 … 2024-Q4 '
            "hoặc 2024.",
        )
    year = int(match.group(1))
    if not 1900 <= year <= 2200:
        raise UsageError("bad_period", f'Năm trong mã kỳ báo cáo "{code}" không hợp lệ.')
    if match.group(2) is None:
        return Period(year, "Y")
    kind, index = match.group(2).upper(), int(match.group(3))
    if kind == "H" and index > 2:
        raise UsageError(
            "bad_period", f'Mã kỳ báo cáo "{code}" không hợp lệ: nửa năm chỉ có H1, H2.'
        )
    return Period(year, kind, index)


# Phrases that contain a year but never name the reporting period: dates, programme spans.
_NOT_A_PERIOD = [
    re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}"),
    re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"),
    re.compile(r"giai doan\s+\d{4}\s*(?:-|den)\s*\d{4}"),
    re.compile(r"den\s+nam\s+\d{4}"),
    re.compile(r"\d{4}\s*-\s*\d{4}"),
]
_HALF = re.compile(r"6\s*thang\s*(dau|cuoi)\s*(?:nam)?\s*(\d{4})")
_HALF_SHORT = re.compile(r"\b6\s*t\s*(dau|cuoi)\s*(?:nam)?\s*(\d{4})")
_QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\s*(?:nam|/|-)?\s*(\d{4})")
_YEAR = re.compile(r"nam\s+(\d{4})")
_SIX_MONTHS = re.compile(r"\b6\s*thang\s*(?:nam\s*)?(\d{4})")
_OTHER_MONTHS = re.compile(r"\b\d{1,2}\s*thang\s*(?:dau\s*|cuoi\s*)?(?:nam\s*)?\d{4}")
# Where a title turns from the period's results to the next period's tasks.
_TASKS = re.compile(r"\b(?:phuong huong|nhiem vu)\b")
_YEARLESS = (
    (re.compile(r"\b6\s*thang\s*dau\s*nam\b(?!\s*\d)"), "H", 1),
    (re.compile(r"\b6\s*thang\s*cuoi\s*nam\b(?!\s*\d)"), "H", 2),
    (re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\b(?!\s*(?:nam|/|-)?\s*\d{4})"), "Q", 0),
)
_CODE_IN_TEXT = re.compile(r"\b(\d{4})\s*([hq])([1-4])\b")


@lru_cache(maxsize=4096)
def find_period(text: str, *, allow_year: bool = True) -> Period | None:
    """Read a period named in free text ('Kỳ báo cáo: 6 tháng đầu năm 2024', 'QUÝ I/2024').

    A bare 'năm 2024' counts only when allow_year is set (a 'Kỳ báo cáo' line or a sheet
    name), since titles are full of years that are not the period.
    """
    folded = fold(text.replace("/", " / "))
    folded = folded.replace(" / ", "/")
    for pattern in _NOT_A_PERIOD:
        folded = pattern.sub(" ", folded)
    if (tasks := _TASKS.search(folded)) is not None and tasks.start() > 0:
        # 'Kết quả 6 tháng đầu năm, phương hướng nhiệm vụ 6 tháng cuối năm 2024': the results
        # are of the period named before the next period's tasks.
        return _results_period(folded[: tasks.start()], folded[tasks.start() :], allow_year)
    return _period_in(folded, allow_year)


def _results_period(head: str, tasks: str, allow_year: bool) -> Period | None:
    """The period of a title's results part; one named there without its year takes the
    year that puts it before the next period named in the tasks part. None when only the
    next period is named: which period the figures are of is not said."""
    found = _period_in(head, allow_year)
    if found is not None:
        return found
    following = _period_in(tasks, True)
    if following is None:
        return None
    for pattern, kind, index in _YEARLESS:
        if match := pattern.search(head):
            raw = match.group(1) if kind == "Q" else ""
            i = index or (int(raw) if raw.isdigit() else _ROMAN_TO_INT[raw])
            same_year = Period(following.year, kind, i)
            if same_year.end < following.end:
                return same_year
            return Period(following.year - 1, kind, i)
    return None


def _period_in(folded: str, allow_year: bool) -> Period | None:
    if match := _HALF.search(folded) or _HALF_SHORT.search(folded):
        return Period(int(match.group(2)), "H", 1 if match.group(1) == "dau" else 2)
    if match := _SIX_MONTHS.search(folded):
        return Period(int(match.group(1)), "H", 1)  # '6 tháng năm 2024' is the first half
    if _OTHER_MONTHS.search(folded):
        return None  # '9 tháng năm 2024' names months, not the year
    if match := _QUARTER.search(folded):
        raw = match.group(1)
        index = int(raw) if raw.isdigit() else _ROMAN_TO_INT[raw]
        return Period(int(match.group(2)), "Q", index)
    if match := _CODE_IN_TEXT.search(folded):
        return parse_code(f"{match.group(1)}-{match.group(2)}{match.group(3)}")
    if allow_year and (match := _YEAR.search(folded)):
        return Period(int(match.group(1)), "Y")
    return None


_DAY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def period_of_dates(text: str) -> Period | None:
    """A standard period given as its first and last days ('Từ ngày 01/01/2025 đến ngày
    30/6/2025' is 2025-H1); None for any other span."""
    days = []
    for match in _DAY.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            days.append(date(year, month, day))
        except ValueError:
            return None
    if len(days) != 2:
        return None
    start, end = days
    candidates = [Period(start.year, "Y")]
    candidates += [Period(start.year, "H", i) for i in (1, 2)]
    candidates += [Period(start.year, "Q", i) for i in (1, 2, 3, 4)]
    return next((p for p in candidates if (p.start, p.end) == (start, end)), None)
