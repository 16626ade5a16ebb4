"""Workbooks whose columns each hold something else: this period, another period, the year to
date, the cumulative since the programme or to the end of the period before, plans,
estimates, ratios; and the periods, rows and values around them.

Built with the sheet descriptions of tests/variety.py. Each builder returns a `Variant`: the
figures a careful person reads (by canonical unit name), or the refusal a careful person
would make too. Every column not holding this period's figures or the cumulative holds
figures different from both, so a column read in the wrong role shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.variety import (
    CODES,
    DATA,
    LABELS,
    UNITS_OF_MEASURE,
    WRITTEN,
    Builder,
    SheetSpec,
    Variant,
    one_sheet,
    some,
    titles,
)

BUILDERS: dict[str, Builder] = {}


def variant(func: Builder) -> Builder:
    BUILDERS[func.__name__] = func
    return func


H1 = "Kỳ báo cáo: 6 tháng đầu năm 2024"
H2 = "Kỳ báo cáo: 6 tháng cuối năm 2024"
Q2 = "Kỳ báo cáo: Quý II năm 2024"
Q3 = "Kỳ báo cáo: quý III/2024"
Q4 = "Kỳ báo cáo: Quý IV năm 2024"
UNIT = "Huyện Bắc Hà"
OTHER = "Thị xã Sa Pa"
OK = frozenset({"units_missing"})
# The year's earlier periods are not in a history, so the forms' year-to-date column is used.
FROM_FILE = "year_to_date_from_file"


def figure(unit: str, i: int, role: str) -> Any:
    """The figure of a unit's indicator i in a column of this role."""
    p, c = DATA[unit][i]
    return {
        "p": p,  # this period
        "c": c,  # cumulative since the programme
        "prev": c - p,  # cumulative to the end of the period before
        "cmp": p + 40 + i,  # another period
        "ytd": p + (c - p) // 3,  # the year to date
        "plan": 100 + i,
        "est": c + 60,
        "pct": f"{(p * 100) // (100 + i)}%",
        "none": None,
    }[role]


Heads = Sequence[tuple[str, str]]  # (header, role)


def form(
    unit: str, period_line: str, heads: Heads, *, sheet: str = "Biểu", title: str | None = None
) -> SheetSpec:
    """A layout-B form of the unit: one column per (header, role)."""
    s = SheetSpec(sheet)
    titles(s, title or WRITTEN[unit].upper(), "BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU", period_line)
    s.row(5, 1, ["STT", "Chỉ tiêu", "ĐVT", *(h for h, _ in heads)])
    for i, code in enumerate(CODES):
        s.row(6 + i, 1, [i + 1, LABELS[code], UNITS_OF_MEASURE[i]])
        s.row(6 + i, 4, [figure(unit, i, role) for _, role in heads])
    s.put(15, 4, "T/M BAN THƯỜNG VỤ")
    return s


def summary(
    period_line: str, heads: Heads, *, units: Sequence[str] = tuple(DATA), sheet: str = "Tổng hợp"
) -> SheetSpec:
    """A layout-A summary: each indicator a merged label over one column per (header, role)."""
    s = SheetSpec(sheet)
    titles(s, "BAN CHỈ ĐẠO ĐỀ ÁN 24", "BIỂU TỔNG HỢP KẾT QUẢ", period_line)
    s.merge(5, 1, 6, 1, "STT")
    s.merge(5, 2, 6, 2, "Đơn vị")
    col = 3
    for code in CODES:
        s.merge(5, col, 5, col + len(heads) - 1, LABELS[code])
        s.row(6, col, [h for h, _ in heads])
        col += len(heads)
    for n, unit in enumerate(units, 1):
        s.row(6 + n, 1, [n, WRITTEN[unit]])
        s.row(6 + n, 3, [figure(unit, i, r) for i in range(len(CODES)) for _, r in heads])
    return s


def read(
    paths: list[Path], units: Sequence[str], *warnings: str, period: str = "2024-H1"
) -> Variant:
    # Outside a first half, the year is judged only with its earlier periods in the store.
    usual = OK if period.endswith("H1") else OK | {"year_to_date_incomplete"}
    return Variant(paths, some(*units), period=period, warnings=usual | set(warnings))


def refused(paths: list[Path], code: str, cell: str = "", words: str = "") -> Variant:
    return Variant(paths, error=code, error_cell=cell, error_file=paths[0].name, error_words=words)


# ---- cumulative to the end of the period before: this period's cumulative is derived ----------


@variant
def past_cumulative_dated_before_the_period(folder: Path) -> Variant:
    heads = [("Lũy kế đến 31/12/2023", "prev"), ("6 tháng đầu năm 2024", "p")]
    return read(one_sheet(folder, form(UNIT, H1, heads)), [UNIT], "cumulative_derived")


@variant
def past_cumulative_to_the_end_of_last_year_summary(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế đến hết năm 2023", "prev")]
    return read(one_sheet(folder, summary(H1, heads)), list(DATA), "cumulative_derived")


@variant
def past_cumulative_reported_before(folder: Path) -> Variant:
    heads = [("Số đã báo cáo đến hết kỳ trước", "prev"), ("Phát sinh trong kỳ", "p")]
    paths = one_sheet(folder, form(OTHER, H2, heads))
    return read(paths, [OTHER], "cumulative_derived", period="2024-H2")


@variant
def past_cumulative_to_the_quarter_before(folder: Path) -> Variant:
    heads = [("Trong quý", "p"), ("Lũy kế đến hết quý I/2024", "prev")]
    paths = one_sheet(folder, summary(Q2, heads))
    return read(paths, list(DATA), "cumulative_derived", period="2024-Q2")


@variant
def past_cumulative_not_the_period_before_refused(folder: Path) -> Variant:
    """Q3 with the cumulative to the end of last year: the first half is missing, so this
    period's cumulative cannot be derived."""
    heads = [("Trong quý", "p"), ("Lũy kế đến 31/12/2023", "prev")]
    return refused(one_sheet(folder, form(UNIT, Q3, heads)), "column_role_unclear", "E5")


# ---- another period beside this period's column -----------------------------------------------


@variant
def same_period_last_year_before_the_period(folder: Path) -> Variant:
    heads = [("Cùng kỳ năm 2023", "cmp"), ("Quý II", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    paths = one_sheet(folder, form(UNIT, Q2, heads))
    return read(paths, [UNIT], "columns_not_added", period="2024-Q2")


@variant
def same_period_last_year_summary_h2(folder: Path) -> Variant:
    heads = [
        ("Cùng kỳ năm 2023", "cmp"),
        ("6 tháng cuối năm", "p"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    paths = one_sheet(folder, summary(H2, heads))
    return read(paths, list(DATA), "columns_not_added", period="2024-H2")


@variant
def first_quarter_beside_the_second(folder: Path) -> Variant:
    heads = [
        ("Quý I", "cmp"),
        ("Quý II", "p"),
        ("Lũy kế từ đầu năm", "ytd"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    paths = one_sheet(folder, form(OTHER, Q2, heads))
    return read(paths, [OTHER], "columns_not_added", FROM_FILE, period="2024-Q2")


@variant
def period_column_named_for_last_year_beside_this_year(folder: Path) -> Variant:
    heads = [
        ("Kết quả 6 tháng đầu năm 2023", "cmp"),
        ("Kết quả 6 tháng đầu năm 2024", "p"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    return read(one_sheet(folder, form(UNIT, H1, heads)), [UNIT], "columns_not_added")


@variant
def only_last_years_period_column_refused(folder: Path) -> Variant:
    """A 2024 report whose only period column is headed 2023: no column holds this period."""
    heads = [("Kết quả 6 tháng đầu năm 2023", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return refused(one_sheet(folder, form(UNIT, H1, heads)), "column_missing", words="Trong kỳ")


@variant
def only_same_period_last_year_summary_refused(folder: Path) -> Variant:
    heads = [("Cùng kỳ năm 2023", "p"), ("Lũy kế", "c")]
    return refused(one_sheet(folder, summary(Q2, heads)), "cumulative_ambiguous")


# ---- the year to date ------------------------------------------------------------------------


@variant
def whole_year_column_in_h2_with_bare_cumulative(folder: Path) -> Variant:
    """'6 tháng cuối năm' | 'Cả năm 2024' | 'Lũy kế': the whole year is the year to date, so
    the bare 'Lũy kế' beside it is the cumulative since the programme."""
    heads = [("6 tháng cuối năm", "p"), ("Cả năm 2024", "ytd"), ("Lũy kế", "c")]
    paths = one_sheet(folder, summary(H2, heads))
    return read(paths, list(DATA), FROM_FILE, period="2024-H2")


@variant
def year_column_in_q4(folder: Path) -> Variant:
    heads = [("Quý IV", "p"), ("Năm 2024", "ytd"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return read(one_sheet(folder, form(UNIT, Q4, heads)), [UNIT], FROM_FILE, period="2024-Q4")


@variant
def nine_months_cumulative_in_q3_without_programme_cumulative_refused(folder: Path) -> Variant:
    """'Trong quý' | 'Lũy kế 9 tháng': the year to date, not the cumulative since the
    programme; no column holds that."""
    heads = [("Trong quý", "p"), ("Lũy kế 9 tháng", "ytd")]
    return refused(
        one_sheet(folder, form(UNIT, Q3, heads)), "column_missing", words="Lũy kế từ khi"
    )


@variant
def nine_months_and_programme_cumulative_in_q3(folder: Path) -> Variant:
    heads = [("Trong quý", "p"), ("Lũy kế 9 tháng", "ytd"), ("Lũy kế đến nay", "c")]
    return read(one_sheet(folder, summary(Q3, heads)), list(DATA), FROM_FILE, period="2024-Q3")


# ---- cumulatives counted from a date, and another year's cumulative --------------------------


@variant
def cumulative_from_the_first_of_january_alone_refused(folder: Path) -> Variant:
    """'Lũy kế từ 01/01/2024 đến nay' is the year to date: no column holds the cumulative
    since the programme."""
    heads = [("Trong kỳ", "p"), ("Lũy kế từ 01/01/2024 đến nay", "ytd")]
    return refused(
        one_sheet(folder, summary(Q3, heads)), "indicator_missing", words="Lũy kế từ khi"
    )


@variant
def cumulative_from_the_first_of_january_in_a_form_refused(folder: Path) -> Variant:
    heads = [("Thực hiện trong quý", "p"), ("Lũy kế từ ngày 01/01/2024 đến nay", "ytd")]
    return refused(
        one_sheet(folder, form(OTHER, Q3, heads)), "column_missing", words="Lũy kế từ khi"
    )


@variant
def cumulative_from_january_beside_the_programme_cumulative(folder: Path) -> Variant:
    heads = [("Trong quý", "p"), ("Lũy kế từ tháng 1/2024", "ytd"), ("Lũy kế từ khi có Đề án", "c")]
    return read(one_sheet(folder, form(UNIT, Q3, heads)), [UNIT], FROM_FILE, period="2024-Q3")


@variant
def cumulative_from_a_later_year_refused(folder: Path) -> Variant:
    """Counted from 2023: neither since the programme (21/10/2022) nor the year to date."""
    heads = [("Trong kỳ", "p"), ("Lũy kế từ năm 2023 đến nay", "c")]
    return refused(one_sheet(folder, summary(Q3, heads)), "column_role_unclear", "D6")


@variant
def last_years_cumulative_beside_the_quarter(folder: Path) -> Variant:
    """'Lũy kế năm 2023' in a 2024 report is last year's figures, never this year's to date."""
    heads = [("Trong quý", "p"), ("Lũy kế năm 2023", "cmp"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return read(
        one_sheet(folder, summary(Q3, heads)), list(DATA), "columns_not_added", period="2024-Q3"
    )


@variant
def cumulative_over_the_phase(folder: Path) -> Variant:
    heads = [("Thực hiện 6 tháng cuối năm", "p"), ("Lũy kế giai đoạn 2022 - 2025", "c")]
    return read(one_sheet(folder, summary(H2, heads)), list(DATA), period="2024-H2")


# ---- a title naming the period's results and the next period's tasks -------------------------


@variant
def title_with_the_next_half_years_tasks(folder: Path) -> Variant:
    line = "KẾT QUẢ 6 THÁNG ĐẦU NĂM, PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024"
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return read(one_sheet(folder, summary(line, heads)), list(DATA))


@variant
def title_with_the_next_quarters_tasks_in_a_form(folder: Path) -> Variant:
    line = "Kết quả thực hiện quý III và nhiệm vụ trọng tâm quý IV năm 2024"
    heads = [("Trong quý", "p"), ("Lũy kế đến nay", "c")]
    return read(one_sheet(folder, form(OTHER, line, heads)), [OTHER], period="2024-Q3")


@variant
def title_with_next_years_first_half(folder: Path) -> Variant:
    """The tasks are of 2025's first half: the results are of 2024's second."""
    line = "Sơ kết 6 tháng cuối năm, phương hướng nhiệm vụ 6 tháng đầu năm 2025"
    heads = [("Kết quả trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return read(one_sheet(folder, summary(line, heads)), list(DATA), period="2024-H2")


@variant
def title_naming_only_the_next_periods_tasks_refused(folder: Path) -> Variant:
    line = "Kết quả thực hiện và phương hướng nhiệm vụ 6 tháng cuối năm 2024"
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    # (the message names no file: no file of the run names the period)
    return Variant(one_sheet(folder, summary(line, heads)), error="period_missing")


@variant
def bare_cumulative_in_q3_refused(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế", "c")]
    return refused(one_sheet(folder, summary(Q3, heads)), "cumulative_ambiguous", "D6")


@variant
def bare_cumulative_in_a_q3_form_refused(folder: Path) -> Variant:
    heads = [("Thực hiện trong quý", "p"), ("Lũy kế", "c")]
    return refused(one_sheet(folder, form(OTHER, Q3, heads)), "cumulative_ambiguous", "E5")


@variant
def bare_cumulative_in_h1(folder: Path) -> Variant:
    """In a first half the year to date is the period itself: 'Lũy kế' is since the
    programme."""
    heads = [("Trong kỳ", "p"), ("Lũy kế", "c")]
    return read(one_sheet(folder, form(OTHER, H1, heads)), [OTHER])


@variant
def whole_year_in_q2_refused(folder: Path) -> Variant:
    """'Cả năm 2024' in a second-quarter report: a plan, an estimate? Not told."""
    heads = [("Quý II", "p"), ("Cả năm 2024", "est"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return refused(one_sheet(folder, form(UNIT, Q2, heads)), "column_role_unclear", "E5")


# ---- plans, estimates, ratios ----------------------------------------------------------------


@variant
def plan_done_ratio_cumulative_estimate(folder: Path) -> Variant:
    heads = [
        ("Kế hoạch năm 2024", "plan"),
        ("Thực hiện", "p"),
        ("Tỷ lệ %", "pct"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
        ("Ước thực hiện cả năm", "est"),
    ]
    paths = one_sheet(folder, form(UNIT, H1, heads))
    return read(paths, [UNIT], "plan_columns", "columns_not_added")


@variant
def ratio_column_with_division_errors(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c"), ("So sánh (%)", "pct")]
    s = summary(H1, heads, units=[UNIT, OTHER])
    for key, value in list(s.cells.items()):
        if isinstance(value, str) and value.startswith("0%"):
            s.put(*key, "#DIV/0!")
    return read(one_sheet(folder, s), [UNIT, OTHER], "columns_not_added")


@variant
def estimate_beside_the_period_summary(folder: Path) -> Variant:
    heads = [
        ("Trong kỳ", "p"),
        ("Ước thực hiện cả năm", "est"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    return read(one_sheet(folder, summary(H1, heads)), list(DATA), "columns_not_added")


# ---- the period -----------------------------------------------------------------------------


@variant
def title_and_period_line_disagree_refused(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = form(UNIT, H1, heads, title="BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24 QUÝ II NĂM 2024")
    s.put(4, 1, "HUYỆN ỦY BẮC HÀ")
    return refused(one_sheet(folder, s), "period_title_mismatch", "A3", "quý II năm 2024")


@variant
def sheet_named_for_another_period(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads, sheet="6 tháng cuối năm 2023")
    return read(one_sheet(folder, s), list(DATA), "sheet_name_other_period")


@variant
def period_as_a_date_range(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = form(UNIT, "Kỳ báo cáo: Từ ngày 01/01/2024 đến ngày 30/6/2024", heads)
    return read(one_sheet(folder, s), [UNIT])


@variant
def period_as_a_quarter_date_range_summary(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary("(Số liệu từ ngày 01/7/2024 đến ngày 30/9/2024)", heads)
    return read(one_sheet(folder, s), list(DATA), period="2024-Q3")


# ---- rows and values ------------------------------------------------------------------------


def form_rows(unit: str, rows: Sequence[Sequence[Any] | None]) -> SheetSpec:
    s = SheetSpec("Biểu")
    titles(s, WRITTEN[unit].upper(), "BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU", H1)
    s.row(5, 1, ["STT", "Chỉ tiêu", "ĐVT", "Trong kỳ", "Lũy kế từ khi thực hiện Đề án"])
    for r, row in enumerate(rows, 6):
        if row is not None:
            s.row(r, 1, list(row))
    return s


def indicator(unit: str, i: int) -> list[Any]:
    return [i + 1, LABELS[CODES[i]], UNITS_OF_MEASURE[i], *DATA[unit][i]]


@variant
def breakdown_rows_marked_in_the_stt_column(folder: Path) -> Variant:
    rows: list[Any] = [indicator(UNIT, 0)]
    rows += [["-", "Nữ", "người", 1, 9], ["+", "Người dân tộc thiểu số", "người", 2, 11]]
    rows += [indicator(UNIT, 1), ["a)", "Chi bộ doanh nghiệp", "tổ chức", 1, 1]]
    rows += [indicator(UNIT, 2), ["2.1", "Công đoàn doanh nghiệp FDI", "tổ chức", 0, 1]]
    rows += [["*", "Ghi chú: số liệu sơ bộ", None, 1, 1]]
    rows += [indicator(UNIT, i) for i in range(3, len(CODES))]
    return read(one_sheet(folder, form_rows(UNIT, rows)), [UNIT], "breakdown_rows")


@variant
def many_unknown_rows_one_message_refused(folder: Path) -> Variant:
    rows: list[Any] = [indicator(UNIT, 0)]
    rows += [[None, f"Nhóm {k}", "người", 1, 2] for k in range(6)]
    rows += [indicator(UNIT, i) for i in range(1, len(CODES))]
    return refused(
        one_sheet(folder, form_rows(UNIT, rows)), "unknown_indicator", words="6 dòng có số liệu"
    )


@variant
def rows_that_are_not_the_programmes(folder: Path) -> Variant:
    rows: list[Any] = [indicator(UNIT, i) for i in range(len(CODES))]
    rows += [[8, "Số doanh nghiệp tư nhân trên địa bàn", "doanh nghiệp", 3, 212]]
    return read(one_sheet(folder, form_rows(UNIT, rows)), [UNIT], "rows_not_programme")


@variant
def zeros_written_x_and_khong(folder: Path) -> Variant:
    unit = "Huyện Bát Xát"  # its period figures hold zeros
    rows = []
    for i in range(len(CODES)):
        row = indicator(unit, i)
        if row[3] == 0:
            row[3] = ["x", "không", "-", "Không"][i % 4]
        if row[4] == 0:
            row[4] = "x"
        rows.append(row)
    return read(one_sheet(folder, form_rows(unit, rows)), [unit])


@variant
def counts_with_their_unit_and_leading_zeros(folder: Path) -> Variant:
    rows = []
    for i in range(len(CODES)):
        row = indicator(OTHER, i)
        row[3] = f"{row[3]:02d} {UNITS_OF_MEASURE[i]}"
        rows.append(row)
    return read(one_sheet(folder, form_rows(OTHER, rows)), [OTHER])


@variant
def counts_of_people_written_as_comrades(folder: Path) -> Variant:
    """'01 đồng chí', '05 đ/c' for party members, '2 lượt người' for learners."""
    words = {0: "{:02d} đồng chí", 3: "{} đ/c", 6: "{} lượt người"}
    rows = []
    for i in range(len(CODES)):
        row = indicator(OTHER, i)
        if i in words:
            row[3] = words[i].format(row[3])
            row[4] = words[i].format(row[4])
        rows.append(row)
    return read(one_sheet(folder, form_rows(OTHER, rows)), [OTHER])


@variant
def float_sums_pasted_as_values(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    for key, value in list(s.cells.items()):
        if isinstance(value, int) and key[0] >= 7 and key[1] >= 3 and value > 10:
            s.put(*key, value + 1e-12)
    return read(one_sheet(folder, s), list(DATA))


@variant
def zero_width_space_in_unit_names(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    for key, value in list(s.cells.items()):
        if value in WRITTEN.values():
            s.put(*key, value.replace(" ", " \u200b", 1) + "\ufeff")
    return read(one_sheet(folder, s), list(DATA))


@variant
def direction_marks_in_unit_names(folder: Path) -> Variant:
    """Names pasted from a web page: a left-to-right mark, an embedding and a word joiner."""
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    for key, value in list(s.cells.items()):
        if value in WRITTEN.values():
            s.put(*key, "\u202a" + value.replace(" ", "\u2063 ", 1) + "\u200e\u202c")
    return read(one_sheet(folder, s), list(DATA))


@variant
def totals_of_uncached_formulas(folder: Path) -> Variant:
    """A totals row of =SUM formulas written by a script: no cached value, never read as 0,
    never claimed to hold 0."""
    from openpyxl.utils import get_column_letter

    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    last = 6 + len(DATA)
    s.put(last + 1, 2, "Tổng cộng")
    for c in range(3, 3 + 2 * len(CODES)):
        letter = get_column_letter(c)
        s.put(last + 1, c, f"=SUM({letter}7:{letter}{last})")
    return read(one_sheet(folder, s), list(DATA), "formula_no_value")


# ---- province rows, split columns, headings -------------------------------------------------


def with_row(s: SheetSpec, row: int, label: str, values: Sequence[Any]) -> SheetSpec:
    s.put(row, 2, label)
    s.row(row, 3, list(values))
    return s


def province_totals(heads: Heads) -> list[int]:
    return [sum(figure(u, i, r) for u in DATA) for i in range(len(CODES)) for _, r in heads]


@variant
def province_row_under_the_units(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = with_row(summary(H1, heads), 7 + len(DATA), "Tỉnh Lào Cai", province_totals(heads))
    return read(one_sheet(folder, s), list(DATA))


@variant
def party_province_row_first_and_wrong(folder: Path) -> Variant:
    """'ĐẢNG BỘ TỈNH LÀO CAI' above the units with a sum that does not add up: checked and
    said, never added."""
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    for key in sorted((k for k in s.cells if k[0] >= 7), reverse=True):
        s.cells[(key[0] + 1, key[1])] = s.cells.pop(key)
    totals = province_totals(heads)
    totals[0] += 1
    s = with_row(s, 7, "ĐẢNG BỘ TỈNH LÀO CAI", totals)
    return read(one_sheet(folder, s), list(DATA), "totals_mismatch")


@variant
def period_split_into_total_and_women(folder: Path) -> Variant:
    """'Trong kỳ' over 'Tổng số' | 'Trong đó: nữ', 'Lũy kế' over the same: the women are
    part of the total beside them, never a second period column."""
    s = SheetSpec("Tổng hợp")
    titles(s, "BAN CHỈ ĐẠO ĐỀ ÁN 24", "BIỂU TỔNG HỢP KẾT QUẢ", H1)
    s.merge(5, 1, 7, 1, "STT")
    s.merge(5, 2, 7, 2, "Đơn vị")
    col = 3
    for code in CODES:
        s.merge(5, col, 5, col + 3, LABELS[code])
        s.merge(6, col, 6, col + 1, "Trong kỳ")
        s.merge(6, col + 2, 6, col + 3, "Lũy kế từ khi thực hiện Đề án")
        s.row(7, col, ["Tổng số", "Trong đó: nữ", "Tổng số", "Trong đó: nữ"])
        col += 4
    for n, unit in enumerate(DATA, 1):
        s.row(7 + n, 1, [n, WRITTEN[unit]])
        cells = [v for p, c in DATA[unit] for v in (p, p // 2, c, c // 2)]
        s.row(7 + n, 3, cells)
    return read(one_sheet(folder, s), list(DATA), "columns_not_added")


@variant
def form_period_split_into_total_and_women(folder: Path) -> Variant:
    s = SheetSpec("Biểu")
    titles(s, "HUYỆN ỦY BẮC HÀ", "BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU", H1)
    s.merge(5, 1, 6, 1, "STT")
    s.merge(5, 2, 6, 2, "Chỉ tiêu")
    s.merge(5, 3, 5, 4, "Trong kỳ")
    s.merge(5, 5, 5, 6, "Lũy kế từ khi thực hiện Đề án")
    s.row(6, 3, ["Tổng số", "Trong đó: nữ", "Tổng số", "Trong đó: nữ"])
    for i, code in enumerate(CODES):
        p, c = DATA[UNIT][i]
        s.row(7 + i, 1, [i + 1, LABELS[code], p, p // 2, c, c // 2])
    return read(one_sheet(folder, s), [UNIT], "columns_not_added")


@variant
def form_section_heading_merged_under_the_header(folder: Path) -> Variant:
    s = form(UNIT, H1, [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")])
    for key in sorted((k for k in s.cells if k[0] >= 6), reverse=True):
        s.cells[(key[0] + 1, key[1])] = s.cells.pop(key)
    s.merge(6, 1, 6, 5, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA ĐỀ ÁN")
    return read(one_sheet(folder, s), [UNIT])


@variant
def unit_row_hidden_by_hand(folder: Path) -> Variant:
    """A unit's row hidden in Excel: counted like the others, and said."""
    import openpyxl

    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    paths = one_sheet(folder, summary(H1, heads))
    wb = openpyxl.load_workbook(paths[0])
    ws = wb.active
    assert ws is not None
    ws.row_dimensions[9].hidden = True
    wb.save(paths[0])
    return read(paths, list(DATA), "hidden_rows_counted")


@variant
def plan_and_ratio_rows_under_the_totals(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    last = 6 + len(DATA)
    with_row(s, last + 1, "Tổng cộng", province_totals(heads))
    with_row(s, last + 2, "Chỉ tiêu giao năm 2024", [30] * (2 * len(CODES)))
    with_row(s, last + 3, "Tỷ lệ (%) so với chỉ tiêu", ["50%"] * (2 * len(CODES)))
    with_row(s, last + 4, "Cùng kỳ năm 2023", [7] * (2 * len(CODES)))
    return read(one_sheet(folder, s), list(DATA), "rows_not_added")


@variant
def bare_cumulative_equal_to_the_year_to_date_refused(folder: Path) -> Variant:
    """'Lũy kế từ đầu năm' | 'Lũy kế' with the same figures: the bare one may be a second year
    to date, not the cumulative since the programme."""
    heads = [("Trong quý", "p"), ("Lũy kế từ đầu năm", "ytd"), ("Lũy kế", "ytd")]
    return refused(one_sheet(folder, form(UNIT, Q3, heads)), "cumulative_ambiguous")


@variant
def bare_cumulative_beside_the_year_to_date_in_q3(folder: Path) -> Variant:
    heads = [("Trong quý", "p"), ("Lũy kế từ đầu năm", "ytd"), ("Lũy kế", "c")]
    return read(one_sheet(folder, form(UNIT, Q3, heads)), [UNIT], FROM_FILE, period="2024-Q3")


@variant
def past_cumulative_with_the_period_on_the_command_line(folder: Path) -> Variant:
    """A form naming no period: the columns are judged against the period asked for."""
    heads = [("Trong kỳ", "p"), ("Lũy kế đến 31/12/2023", "prev")]
    s = form(UNIT, "", heads)
    v = read(one_sheet(folder, s), [UNIT], "cumulative_derived")
    v.args = ("--period", "2024-H1")
    return v


@variant
def bare_cumulative_with_a_third_quarter_on_the_command_line_refused(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế", "c")]
    v = refused(one_sheet(folder, form(UNIT, "", heads)), "cumulative_ambiguous", "E5")
    v.args = ("--period", "2024-Q3")
    return v


# ---- a count written with a comma: a decimal in Vietnamese writing ----------------------------


@variant
def count_written_with_a_comma_refused(folder: Path) -> Variant:
    """'3,274' as text: 3,274 (a decimal) the Vietnamese way, 3274 the English way: asked."""
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    s.put(9, 10, "1,204")
    return refused(one_sheet(folder, s), "value_decimal", "J9", "dấu phẩy là dấu thập phân")


@variant
def count_in_a_form_written_with_a_comma_refused(folder: Path) -> Variant:
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = form(UNIT, H1, heads)
    s.put(9, 5, "3,274")
    return refused(one_sheet(folder, s), "value_decimal", "E9", '"3.274"')


@variant
def period_line_with_dates_of_another_period_refused(folder: Path) -> Variant:
    line = "Kỳ báo cáo: Quý II năm 2024 (từ ngày 01/01/2024 đến ngày 30/6/2024)"
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return refused(
        one_sheet(folder, summary(line, heads)),
        "period_title_mismatch",
        "A3",
        "từ 1/1/2024 đến 30/6/2024",
    )


@variant
def period_line_with_its_own_dates(folder: Path) -> Variant:
    line = "Kỳ báo cáo: Quý II năm 2024 (từ ngày 01/4/2024 đến ngày 30/6/2024)"
    heads = [("Trong quý", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    return read(one_sheet(folder, form(UNIT, line, heads)), [UNIT], period="2024-Q2")


@variant
def next_periods_target_beside_the_result_never_the_period(folder: Path) -> Variant:
    """No period line; 'Kết quả 6 tháng đầu năm 2024' | 'Chỉ tiêu 6 tháng cuối năm 2024': the
    target of the next half is a plan, never the report's period (it was read as 2024-H2 with
    the targets as its figures). Which period the results are of is then not said: refused."""
    heads = [
        ("Kết quả 6 tháng đầu năm 2024", "p"),
        ("Chỉ tiêu 6 tháng cuối năm 2024", "plan"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    # (the message names no file: no file of the run names the period)
    return Variant(
        one_sheet(folder, summary("(kèm theo báo cáo sơ kết)", heads)), error="period_missing"
    )


@variant
def next_quarters_plan_beside_the_result_with_a_period_line(folder: Path) -> Variant:
    heads = [
        ("Thực hiện quý III/2024", "p"),
        ("Kế hoạch quý IV/2024", "plan"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    return read(one_sheet(folder, form(UNIT, Q3, heads)), [UNIT], "plan_columns", period="2024-Q3")


@variant
def form_figure_merged_over_two_indicators_rows_refused(folder: Path) -> Variant:
    """The cumulative of the classes and of the learners merged into one cell."""
    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = form(UNIT, H1, heads)
    s.merge(11, 5, 12, 5, 9)
    return refused(one_sheet(folder, s), "value_merged", "E11", "E11:E12")
