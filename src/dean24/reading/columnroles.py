"""What a value column holds, told by what its header means against the report's period.

Every header is given one role: this period's figures, another period's (a comparison), the
year to date, the cumulative since the programme began, the cumulative to the end of the
period before (from which this period's cumulative is derived), a plan or assigned target,
an estimate, a ratio, notes. A header that names a cumulative or a period whose meaning
cannot be told against the report's period is UNCLEAR (or AMBIGUOUS for a bare 'Lũy kế'
where a year to date differs from the period): the reader names it, it never guesses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dean24.core.periods import Period, find_period
from dean24.core.text import fold, name_key

PERIOD = "period"  # the period's results: 'Trong kỳ', 'Thực hiện', 'Kết quả 6 tháng …'
CUMULATIVE = "cumulative"  # since the programme began: 'Lũy kế từ khi thực hiện Đề án'
YEAR_TO_DATE = "year_to_date"  # since the start of the year: 'Lũy kế từ đầu năm'
PLAN = "plan"  # the unit's assigned target: 'Kế hoạch năm 2024', 'Chỉ tiêu giao'
NOTE = "note"  # 'Ghi chú (ghi rõ tên doanh nghiệp …)': never figures
PAST_CUMULATIVE = "past_cumulative"  # 'Lũy kế đến 31/12/2023', 'Số đã báo cáo đến hết kỳ trước'
# A cumulative reported to the end of an earlier period than the one before ('Số đã báo cáo
# đến hết 6 tháng đầu năm 2024' in a 2025-H1 form: the unit sent nothing in between): this
# period's cumulative is at least that, but cannot be derived from it.
EARLIER_CUMULATIVE = "earlier_cumulative"
COMPARISON = "comparison"  # another period: 'Cùng kỳ năm 2023', 'Quý I' in a Q2 report
ESTIMATE = "estimate"  # 'Ước thực hiện cả năm'
RATIO = "ratio"  # 'Tỷ lệ %', 'So sánh (%)'
BREAKDOWN = "breakdown"  # 'Trong đó: nữ' under a period or cumulative column: part of it
AMBIGUOUS = "ambiguous"  # a bare 'Lũy kế' where the year to date is not the period
UNCLEAR = "unclear"  # a cumulative or period header whose meaning cannot be told

# Roles whose columns are read for the report; the others are named in a notice.
READ_ROLES = frozenset(
    {PERIOD, CUMULATIVE, YEAR_TO_DATE, PLAN, PAST_CUMULATIVE, EARLIER_CUMULATIVE}
)
SET_ASIDE = frozenset({COMPARISON, ESTIMATE, RATIO, BREAKDOWN})

ROLE_NAMES = {
    PERIOD: "Trong kỳ",
    CUMULATIVE: "Lũy kế từ khi thực hiện Đề án",
    YEAR_TO_DATE: "Lũy kế từ đầu năm",
    PLAN: "Kế hoạch (chỉ tiêu giao)",
    PAST_CUMULATIVE: "lũy kế đến hết kỳ trước",
    EARLIER_CUMULATIVE: "lũy kế đã báo cáo đến một kỳ trước đó",
    COMPARISON: "số của kỳ khác (để so sánh)",
    ESTIMATE: "số ước thực hiện",
    RATIO: "tỷ lệ, so sánh (%)",
    BREAKDOWN: "số chi tiết, một phần của cột bên cạnh",
}


def _keys(*words: str) -> re.Pattern[str]:
    """The words' keys, each between spaces, as one search: found as whole words in a key so
    padded."""
    return re.compile("|".join(re.escape(f" {name_key(word)} ") for word in words))


def _has(padded: str, words: re.Pattern[str]) -> bool:
    return words.search(padded) is not None


_NOTE = name_key("ghi chú")
_TARGET = name_key("chỉ tiêu")
_PART = name_key("trong đó")
_RATIO = _keys("tỷ lệ", "tỉ lệ", "so sánh", "so với", "tăng giảm", "tăng so với")
_ESTIMATE = _keys("ước", "ước tính", "ước thực hiện", "ước đạt", "dự ước")
_PLAN = _keys(
    "kế hoạch",
    "kh",
    "chỉ tiêu giao",
    "chỉ tiêu được giao",
    "chỉ tiêu kế hoạch",
    "chỉ tiêu năm",
    "được giao",
    "số giao",
    "mục tiêu",
    "dự kiến",
)
_OTHER_PERIOD = _keys("cùng kỳ", "kỳ trước", "năm trước", "kỳ báo cáo trước", "quý trước")
_EARLIER = _keys("kỳ trước", "đã báo cáo", "báo cáo kỳ trước", "năm trước")
# 'Số đã báo cáo đến hết 6 tháng đầu năm 2024': what the unit reported, cumulated to a date.
_REPORTED_UNTIL = _keys("đã báo cáo đến", "đã báo cáo tới")
_CUMULATIVE = _keys(
    "lũy kế",
    "từ khi thực hiện",
    "từ khi triển khai",
    "từ khi có đề án",
    "từ đầu đề án",
    "cộng dồn",
    "tổng số từ khi",
)
_SINCE_PROGRAMME = _keys(
    "từ khi",
    "đề án",
    "từ đầu đề án",
    "đến nay",
    "đến thời điểm báo cáo",
    "đến thời điểm hiện tại",
    "đến kỳ báo cáo",
    "đến hết kỳ báo cáo",
    "từ năm 2022",
    "từ 2022",
)
_YEAR_TO_DATE = _keys(
    "từ đầu năm",
    "đầu năm đến",
    "lũy kế năm",
    "lũy kế trong năm",
    "lũy kế cả năm",
    "trong năm",
    "cả năm",
)
_SINCE_JANUARY = _keys("từ đầu năm", "đầu năm đến")
_PERIOD_WORDS = _keys(
    "trong kỳ",
    "kết quả kỳ",
    "phát sinh",
    "trong 6 tháng",
    "trong quý",
    "trong năm",
    "thực hiện",
    "kết quả",
    "số mới",
    "kỳ này",
)
_DATE = re.compile(r"\b(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\b")
_DATE_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_MONTHS = re.compile(r"\b(\d{1,2})\s*thang\s*(?:dau\s*)?(?:nam\s*)?(\d{4})?")
_YEARLESS = (
    (re.compile(r"\b6\s*thang\s*dau\s*nam\b(?!\s*\d)"), "H", 1),
    (re.compile(r"\b6\s*thang\s*cuoi\s*nam\b(?!\s*\d)"), "H", 2),
    (re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\b(?!\s*(?:nam|/|-)?\s*\d{4})"), "Q", 0),
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = re.compile(r"\b(?:nam|ca nam)\s+(\d{4})\b")
_END_OF_YEAR = re.compile(r"\bhet\s+nam\s+(\d{4})\b")
_START_MONTH = re.compile(r"thang\s+(\d{1,2})\s*(?:/|-|nam)?\s*(\d{4})\b")
_PHASE = re.compile(r"\bgiai\s+doan\s+(?:tu\s+(?:nam\s+)?)?(\d{4})\b")
_START_YEAR = re.compile(r"(?:nam\s+)?(\d{4})\b")
# 'Từ năm 2022' counts from the programme's first year (it began on 21/10/2022).
_PROGRAMME_FIRST_YEAR = 2022


def named_period(text: str, report: Period | None, months: bool = True) -> Period | None:
    """The period a header names ('Quý II', '6 tháng cuối năm', 'Cả năm 2024'); a period
    without its year takes the report's year. A count of months ('9 tháng đầu năm 2024')
    names no period of its own: with months=False a year beside it is not taken either."""
    folded = fold(text)
    found = find_period(text, allow_year=False)
    if found is not None:
        return found
    if report is not None:
        for pattern, kind, index in _YEARLESS:
            if match := pattern.search(folded):
                raw = match.group(1) if kind == "Q" else ""
                i = index or (int(raw) if raw.isdigit() else _ROMAN[raw])
                return Period(report.year, kind, i)
    if not months and _MONTHS.search(folded):
        return None
    if match := _YEAR.search(folded):
        return Period(int(match.group(1)), "Y")
    if report is not None and " ca nam" in f" {folded}":
        return Period(report.year, "Y")
    return None


def _end_date(folded: str, report: Period | None) -> date | None:
    """The date a cumulative header runs to: 'đến 31/12/2023', 'đến hết năm 2023',
    'đến hết quý I/2024', 'đến hết 6 tháng đầu năm'."""
    if "den" not in folded.split():
        return None
    _, _, after = folded.partition(" den ")
    if not after:
        return None
    if match := _DATE.search(after) or _DATE_WORDS.search(after):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if match := _END_OF_YEAR.search(after):
        return date(int(match.group(1)), 12, 31)
    period = named_period(after, report)
    return period.end if period is not None else None


def _months_role(folded: str, report: Period, cumulative: bool) -> str | None:
    """'Lũy kế 9 tháng', 'Kết quả 9 tháng đầu năm 2024': months counted from January are the
    year to date when they reach the period's end; 'Trong 6 tháng' in a half-year report is
    the period. None when the header names no months; UNCLEAR for any other count."""
    match = _MONTHS.search(folded)
    if match is None or named_period(folded, report, months=False) is not None:
        return None
    months = int(match.group(1))
    year = int(match.group(2)) if match.group(2) else report.year
    if year != report.year or "cuoi" in folded.split():
        return UNCLEAR
    if not cumulative and months == report.months:
        return PERIOD
    return YEAR_TO_DATE if months == report.end.month else UNCLEAR


def _reported_role(folded: str, report: Period | None) -> str:
    """The role of a cumulative the unit reported before ('Số đã báo cáo đến hết kỳ trước',
    'Số đã báo cáo đến hết 6 tháng đầu năm 2024'): the previous cumulative when it runs to
    the end of the period before (or says 'kỳ trước'), a floor when it runs to an earlier
    date, UNCLEAR when it runs into or past the report's period."""
    until = _end_date(folded, report)
    if until is None:
        return PAST_CUMULATIVE
    if report is None or until >= report.end:
        return UNCLEAR
    return PAST_CUMULATIVE if until == report.start - timedelta(days=1) else EARLIER_CUMULATIVE


def _start_date(folded: str) -> date | None:
    """The date a cumulative header counts from: 'từ 01/01/2024', 'từ ngày 1 tháng 7 năm
    2025', 'từ tháng 01/2024', 'từ năm 2023'; None when it names none."""
    if " tu " not in f" {folded} ":
        return None
    _, _, after = f" {folded} ".partition(" tu ")
    after = after.partition(" den ")[0].strip()
    after = after.removeprefix("ngay ")
    if match := _DATE.match(after) or _DATE_WORDS.match(f"ngay {after}"):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if match := _START_MONTH.match(after):
        month, year = int(match.group(1)), int(match.group(2))
        return date(year, month, 1) if 1 <= month <= 12 else None
    if match := _START_YEAR.match(after):
        return date(int(match.group(1)), 1, 1)
    return None


def _dated_start_role(start: date, report: Period | None) -> str:
    """A cumulative counted from a date: the year to date from the 1st of January of the
    report's year, since the programme from its first year (as 'từ năm 2022' is); from any
    other date it is neither, and is named rather than read as one of them."""
    if start.year <= _PROGRAMME_FIRST_YEAR:
        return CUMULATIVE
    if report is not None and start == date(report.year, 1, 1):
        return YEAR_TO_DATE
    return UNCLEAR


def _cumulative_role(text: str, padded: str, report: Period | None) -> str:
    """The role of a header saying 'Lũy kế' or the like."""
    folded = fold(text)
    if _has(padded, _EARLIER):
        return _reported_role(folded, report)
    if (start := _start_date(folded)) is not None:
        return _dated_start_role(start, report)
    if match := _PHASE.search(folded):  # 'Lũy kế giai đoạn 2022 - 2025': the phase so far
        return _dated_start_role(date(int(match.group(1)), 1, 1), report)
    if _has(padded, _YEAR_TO_DATE):
        year = _YEAR.search(folded)
        if report is not None and year is not None and int(year.group(1)) != report.year:
            return COMPARISON  # 'Lũy kế năm 2023' in a 2024 report: last year's figures
        return YEAR_TO_DATE
    until = _end_date(folded, report)
    if until is not None:
        if report is None:
            return UNCLEAR
        if until == report.end:
            return CUMULATIVE
        if until == report.start - timedelta(days=1):
            return PAST_CUMULATIVE
        return UNCLEAR
    if _has(padded, _SINCE_PROGRAMME):
        return CUMULATIVE
    if report is not None and (role := _months_role(folded, report, cumulative=True)):
        return role
    if report is not None and (period := named_period(text, report)) is not None:
        if period.start == date(report.year, 1, 1) and period.end == report.end:
            return YEAR_TO_DATE
        return UNCLEAR
    # A bare 'Lũy kế': since the programme where the year to date is the period itself.
    if report is None or report.start.month == 1:
        return CUMULATIVE
    return AMBIGUOUS


def _named_role(period: Period, report: Period) -> str:
    """The role of a column headed by a period's name, against the report's period."""
    if period == report:
        return PERIOD
    if period.kind == "Y" and period.year == report.year:
        return YEAR_TO_DATE if report.end.month == 12 else UNCLEAR
    if period.start == date(report.year, 1, 1) and period.end == report.end:
        return YEAR_TO_DATE
    return COMPARISON


@lru_cache(maxsize=8192)
def column_role(text: str, period_names: bool = False, report: Period | None = None) -> str | None:
    """What a header says its column holds (one of the roles above), or None ('Số DN trên
    địa bàn': not a figure of the programme).

    report is the report's period when known: a header naming a period is this period only
    when it names the report's period. With period_names, a header that is a period's name
    alone ('6 tháng đầu năm 2024') holds the period's figures; only for header rows, never
    for title lines.
    """
    key = name_key(text)
    if key == _NOTE or key.startswith(_NOTE + " "):
        return NOTE
    padded = f" {key} "
    if key == _PART or key.startswith(_PART + " "):
        return BREAKDOWN
    if "%" in text or _has(padded, _RATIO):
        return RATIO
    if _has(padded, _ESTIMATE):
        return ESTIMATE
    if _has(padded, _PLAN):
        return PLAN
    if key.startswith(_TARGET + " ") and named_period(text, report) is not None:
        return PLAN  # 'Chỉ tiêu 6 tháng cuối năm 2024': the next period's target
    if _has(padded, _CUMULATIVE):
        return _cumulative_role(text, padded, report)
    if _has(padded, _REPORTED_UNTIL):
        return _reported_role(fold(text), report)
    if _has(padded, _OTHER_PERIOD):
        return PAST_CUMULATIVE if " den " in f" {fold(text)} " else COMPARISON
    if _has(padded, _SINCE_JANUARY):
        return YEAR_TO_DATE
    worded = _has(padded, _PERIOD_WORDS)
    if ":" in text and not worded:
        return None  # 'Kỳ báo cáo: …' is a title, not a header
    if not (worded or period_names):
        return None
    if report is not None and (role := _months_role(fold(text), report, cumulative=False)):
        return role
    named = named_period(text, report)
    if named is not None:
        return PERIOD if report is None else _named_role(named, report)
    return PERIOD if worded else None


def is_note_header(text: str) -> bool:
    """column_role(text) == NOTE, without looking for the other roles."""
    key = name_key(text)
    return key == _NOTE or key.startswith(_NOTE + " ")
