"""More workbooks from other hands: rows that are not units, names that differ by a mark.

Built with the sheet descriptions of tests/variety.py. Each builder returns a `Variant`: the
figures a careful person reads (by canonical unit name), or the exact refusal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dean24.programme.config import default_config_text
from tests.variety import (
    CODES,
    DATA,
    DATA_DIR,
    KINDS,
    LABELS,
    PERIOD_LINE,
    UNITS_OF_MEASURE,
    WRITTEN,
    Book,
    Builder,
    Pairs,
    SheetSpec,
    Variant,
    committed,
    one_sheet,
    some,
    summary_table,
    summary_titles,
    titles,
)

BUILDERS: dict[str, Builder] = {}


def variant(func: Builder) -> Builder:
    BUILDERS[func.__name__] = func
    return func


Row = Sequence[Any] | None  # None: a blank line


def flat(values: Pairs) -> list[int]:
    return [v for pair in values for v in pair]


def sums(*values: Pairs) -> list[int]:
    return [sum(col) for col in zip(*(flat(v) for v in values), strict=True)]


def unit_row(unit: str, n: Any = None, name: str | None = None) -> list[Any]:
    return [n, name or WRITTEN[unit], *flat(DATA[unit])]


def sum_row(label: str, units: Sequence[str], n: Any = None) -> list[Any]:
    return [n, label, *sums(*(DATA[u] for u in units))]


def made_up(seed: int) -> Pairs:
    """Figures of a unit that are all different from those of other seeds."""
    return [(seed % 5 + i, 20 + 7 * seed + 3 * i) for i in range(len(CODES))]


def summary_with_body(rows: Sequence[Row], sheet: str = "Tổng hợp") -> SheetSpec:
    """A layout-A sheet: the usual titles and header, then these rows from row 7."""
    s = SheetSpec(sheet)
    summary_titles(s)
    summary_table(s, data={}, totals=None)
    for key in [k for k in s.cells if k[0] >= 7]:
        del s.cells[key]
    r = 7
    for row in rows:
        if row is not None:
            s.row(r, 1, list(row))
        r += 1
    s.put(r + 1, 10, "T/M BAN THƯỜNG VỤ")
    return s


def communes_config(folder: Path, *names: str) -> Path:
    """The default configuration with its units replaced by these (none: an open list)."""
    text = re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
    units = "".join(f'[[units]]\nname = "{name}"\n\n' for name in names)
    path = folder / "cau_hinh.toml"
    path.write_text(text + "\n" + units, "utf-8")
    return path


# ---- layout A: group rows, subtotals, blank lines ---------------------------------------------

CITY_AND_TOWN = ["Thành phố Lào Cai", "Thị xã Sa Pa"]
DISTRICTS = ["Huyện Bát Xát", "Huyện Bắc Hà"]
BLOC = "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"


@variant
def r_group_rows_with_subtotals_no_totals(folder: Path) -> Variant:
    """'I. CÁC ĐẢNG BỘ THÀNH PHỐ, THỊ XÃ' carrying its subtotal, units, 'II. CÁC HUYỆN' …;
    no totals row: adding the group rows too would double every figure."""
    rows: list[Row] = [
        sum_row("I. CÁC ĐẢNG BỘ THÀNH PHỐ, THỊ XÃ", CITY_AND_TOWN),
        *(unit_row(u, n) for n, u in enumerate(CITY_AND_TOWN, 1)),
        sum_row("II. CÁC HUYỆN", DISTRICTS),
        *(unit_row(u, n) for n, u in enumerate(DISTRICTS, 1)),
        sum_row("III. ĐẢNG BỘ TRỰC THUỘC KHÁC", [BLOC]),
        unit_row(BLOC, 1),
    ]
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_roman_numbers_in_stt_with_subtotals(folder: Path) -> Variant:
    """The group's number in the STT column ('I', 'II'), its name and subtotal beside it."""
    rows: list[Row] = [
        sum_row("Thành phố, thị xã", CITY_AND_TOWN, "I"),
        *(unit_row(u, n) for n, u in enumerate(CITY_AND_TOWN, 1)),
        sum_row("Huyện", [*DISTRICTS, BLOC], "II"),
        *(unit_row(u, n) for n, u in enumerate([*DISTRICTS, BLOC], 1)),
        sum_row("Tổng cộng", list(DATA)),
    ]
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_cong_khoi_rows_then_blank_lines(folder: Path) -> Variant:
    """'Cộng khối thành phố, thị xã' closes each group and a blank line follows it; the units
    below the blank line are still part of the table."""
    rows: list[Row] = [
        *(unit_row(u, n) for n, u in enumerate(CITY_AND_TOWN, 1)),
        sum_row("Cộng khối thành phố, thị xã", CITY_AND_TOWN),
        None,
        *(unit_row(u, n) for n, u in enumerate(DISTRICTS, 3)),
        sum_row("Cộng khối huyện", DISTRICTS),
        None,
        unit_row(BLOC, 5),
    ]
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_subtotals_named_by_the_kinds_of_units(folder: Path) -> Variant:
    """'Cộng thành phố, thị xã' and 'Cộng huyện và khối' add the rows above them: the kinds of
    units they add, no unit's name."""
    rows: list[Row] = [
        *(unit_row(u, n) for n, u in enumerate(CITY_AND_TOWN, 1)),
        sum_row("Cộng thành phố, thị xã", CITY_AND_TOWN),
        *(unit_row(u, n) for n, u in enumerate(DISTRICTS, 3)),
        sum_row("Cộng huyện", DISTRICTS),
        unit_row(BLOC, 5),
        sum_row("Tổng cộng", list(DATA)),
    ]
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_groups_subtotals_and_grand_total(folder: Path) -> Variant:
    rows: list[Row] = [
        ["A", "CÁC ĐẢNG BỘ CẤP HUYỆN"],
        *(unit_row(u, n) for n, u in enumerate([*CITY_AND_TOWN, *DISTRICTS], 1)),
        sum_row("Cộng A", [*CITY_AND_TOWN, *DISTRICTS]),
        ["B", "ĐẢNG BỘ KHỐI"],
        unit_row(BLOC, 1),
        sum_row("Cộng B", [BLOC]),
        None,
        sum_row("TỔNG CỘNG (A+B)", list(DATA)),
    ]
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_subtotal_that_does_not_add_up(folder: Path) -> Variant:
    """A subtotal typed wrong: the units are added, the subtotal is named in a warning."""
    wrong = sum_row("Cộng khối huyện", DISTRICTS)
    wrong[2] += 10
    rows: list[Row] = [
        *(unit_row(u, n) for n, u in enumerate(DISTRICTS, 1)),
        wrong,
        *(unit_row(u, n) for n, u in enumerate([*CITY_AND_TOWN, BLOC], 3)),
    ]
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        DATA,
        warnings=frozenset({"units_missing", "subtotal_mismatch"}),
    )


@variant
def r_totals_first_then_groups(folder: Path) -> Variant:
    rows: list[Row] = [
        sum_row("Toàn tỉnh", list(DATA)),
        ["I", "Các huyện, thị xã, thành phố"],
        *(unit_row(u, n) for n, u in enumerate([*CITY_AND_TOWN, *DISTRICTS], 1)),
        None,
        ["II", "Các đảng bộ trực thuộc khác"],
        unit_row(BLOC, 1),
    ]
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_blank_lines_between_units(folder: Path) -> Variant:
    rows: list[Row] = []
    for n, unit in enumerate(DATA, 1):
        rows += [unit_row(unit, n), None, None] if n % 2 else [unit_row(unit, n)]
    rows.append(sum_row("Tổng cộng", list(DATA)))
    return Variant(one_sheet(folder, summary_with_body(rows)), DATA)


@variant
def r_breakdown_rows_under_units(folder: Path) -> Variant:
    """'Trong đó: doanh nghiệp FDI' and '- Trong đó: …' under two units, with figures."""
    part = [1, 2, 0, 1, 0, 1, 5, 9, 0, 1, 0, 1, 1, 2]
    rows: list[Row] = []
    for n, unit in enumerate(DATA, 1):
        rows.append(unit_row(unit, n))
        if n == 1:
            rows.append([None, "Trong đó: doanh nghiệp có vốn đầu tư nước ngoài", *part])
        if n == 4:
            rows.append([None, "- Trong đó: hợp tác xã", *[0] * 14])
    rows.append(sum_row("Tổng cộng", list(DATA)))
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        DATA,
        warnings=frozenset({"units_missing", "breakdown_rows"}),
    )


@variant
def r_units_written_as_a_list(folder: Path) -> Variant:
    """Units written '- Thành ủy Lào Cai' under group headings; '+ Trong đó' breakdowns."""
    rows: list[Row] = [
        ["I", "Các đảng bộ huyện, thị xã, thành phố"],
        *([None, f"- {WRITTEN[u]}", *flat(DATA[u])] for u in [*CITY_AND_TOWN, *DISTRICTS]),
        [None, "+ Trong đó: doanh nghiệp nhà nước cổ phần hóa", *[0] * 13, 1],
        ["II", "Đảng bộ khối"],
        [None, f"- {WRITTEN[BLOC]}", *flat(DATA[BLOC])],
        sum_row("Tổng cộng", list(DATA)),
    ]
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        DATA,
        warnings=frozenset({"units_missing", "breakdown_rows"}),
    )


@variant
def r_group_row_without_units_below(folder: Path) -> Variant:
    """A group row carrying figures with no unit under it is said, not added and not lost
    silently: the report warns and adds the units it has."""
    rows: list[Row] = [
        *(unit_row(u, n) for n, u in enumerate(DATA, 1)),
        [None, "Các đơn vị khác", *flat(made_up(3))],
    ]
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        DATA,
        warnings=frozenset({"units_missing", "group_without_units"}),
    )


# ---- names that start like a total ------------------------------------------------------------

LIKE_TOTALS = ["Tống Trân", "Công Sơn", "Tổng Cọt", "Cộng Hòa", "Toàn Thắng"]


@variant
def r_commune_names_like_totals_open_list(folder: Path) -> Variant:
    """Communes named 'Tống Trân', 'Công Sơn', 'Tổng Cọt', 'Cộng Hòa', written bare, in an
    open unit list, with a 'Tổng cộng' row: each is a unit."""
    data = {name: made_up(i) for i, name in enumerate(LIKE_TOTALS)}
    rows: list[Row] = [[n, name, *flat(v)] for n, (name, v) in enumerate(data.items(), 1)]
    rows.append([None, "Tổng cộng", *sums(*data.values())])
    config = communes_config(folder)
    path = one_sheet(folder, summary_with_body(rows))
    return Variant(path, data, args=("--config", str(config)), warnings=frozenset())


@variant
def r_commune_names_like_totals_configured(folder: Path) -> Variant:
    names = [f"Xã {name}" for name in LIKE_TOTALS]
    data = {name: made_up(i + 7) for i, name in enumerate(names)}
    rows: list[Row] = [
        [n, name.removeprefix("Xã "), *flat(v)] for n, (name, v) in enumerate(data.items(), 1)
    ]
    rows.append([None, "Cộng", *sums(*data.values())])
    config = communes_config(folder, *names)
    path = one_sheet(folder, summary_with_body(rows))
    return Variant(path, data, args=("--config", str(config)), warnings=frozenset())


# ---- names that differ by a mark --------------------------------------------------------------

TWINS = ["Xã Tân Thành", "Xã Tân Thạnh", "Xã Văn Lang", "Xã Văn Lăng", "Xã Sơn Hà", "Xã Sơn Hạ"]


@variant
def r_twin_communes_configured(folder: Path) -> Variant:
    """Six communes, three pairs differing by one mark, all configured, all reporting."""
    data = {name: made_up(i) for i, name in enumerate(TWINS)}
    rows: list[Row] = [[n, name, *flat(v)] for n, (name, v) in enumerate(data.items(), 1)]
    config = communes_config(folder, *TWINS)
    path = one_sheet(folder, summary_with_body(rows))
    return Variant(path, data, args=("--config", str(config)), warnings=frozenset())


@variant
def r_twin_communes_open_list_unit_forms(folder: Path) -> Variant:
    """A folder of unit forms, one per commune, twins among them, no unit list."""
    data = {name: made_up(i + 2) for i, name in enumerate(TWINS)}
    for i, (name, values) in enumerate(data.items()):
        s = SheetSpec("Biểu")
        titles(s, f"Đơn vị: {name}", PERIOD_LINE)
        s.row(4, 1, ["STT", "Chỉ tiêu", "ĐVT", *KINDS])
        for j, code in enumerate(CODES):
            s.row(5 + j, 1, [j + 1, LABELS[code], UNITS_OF_MEASURE[j], *values[j]])
        Book([s]).save(folder / f"xa_{i}.xlsx")
    config = communes_config(folder)
    return Variant([folder], data, args=("--config", str(config)), warnings=frozenset())


@variant
def r_one_twin_configured_other_refused(folder: Path) -> Variant:
    """Only 'Xã Tân Thành' is configured: 'Xã Tân Thạnh' is refused, not filed under it."""
    rows: list[Row] = [
        [1, "Xã Tân Thành", *flat(made_up(1))],
        [2, "Xã Tân Thạnh", *flat(made_up(2))],
    ]
    config = communes_config(folder, "Xã Tân Thành", "Xã Y Tý")
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        args=("--config", str(config)),
        error="unknown_unit",
        error_cell="B8",
        error_file="tong_hop.xlsx",
        error_words='Không nhận ra đơn vị "Xã Tân Thạnh"',
    )


@variant
def r_name_typed_without_marks_refused(folder: Path) -> Variant:
    rows: list[Row] = [[1, "Xa Tan Thanh", *flat(made_up(1))], [2, "Xã Y Tý", *flat(made_up(2))]]
    config = communes_config(folder, "Xã Tân Thành", "Xã Y Tý")
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        args=("--config", str(config)),
        error="unknown_unit",
        error_cell="B7",
        error_file="tong_hop.xlsx",
        error_words='Có phải là "Xã Tân Thành"?',
    )


@variant
def r_bare_commune_names(folder: Path) -> Variant:
    """The configuration names 'Xã Y Tý', 'Phường Cam Đường'; the summary writes 'Y Tý'."""
    names = ["Xã Y Tý", "Phường Cam Đường", "Xã Bát Xát", "Đặc khu Cô Tô"]
    data = {name: made_up(i) for i, name in enumerate(names)}
    written = ["Y Tý", "Cam Đường", "Đảng ủy xã Bát Xát", "Cô Tô"]
    rows: list[Row] = [
        [n, w, *flat(v)] for n, (w, v) in enumerate(zip(written, data.values(), strict=True), 1)
    ]
    config = communes_config(folder, *names)
    path = one_sheet(folder, summary_with_body(rows))
    return Variant(path, data, args=("--config", str(config)), warnings=frozenset())


@variant
def r_bare_name_of_two_units_refused(folder: Path) -> Variant:
    rows: list[Row] = [[1, "Bình Minh", *flat(made_up(1))]]
    config = communes_config(folder, "Xã Bình Minh", "Phường Bình Minh")
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        args=("--config", str(config)),
        error="unit_ambiguous",
        error_cell="B7",
        error_file="tong_hop.xlsx",
        error_words='có thể là "Xã Bình Minh" hoặc "Phường Bình Minh"',
    )


# ---- layout B: breakdown rows and headings -----------------------------------------------------


def form_rows(s: SheetSpec, rows: Sequence[Row], top: int = 5) -> None:
    s.row(top, 1, ["STT", "Chỉ tiêu", "ĐVT", *KINDS])
    r = top + 1
    for row in rows:
        if row is not None:
            s.row(r, 1, list(row))
        r += 1


def indicator_row(i: int, values: Pairs, label: str | None = None) -> list[Any]:
    return [i + 1, label or LABELS[CODES[i]], UNITS_OF_MEASURE[i], *values[i]]


@variant
def r_form_breakdown_rows(folder: Path) -> Variant:
    """'Trong đó: nữ', '- Trong đó: đảng viên là chủ doanh nghiệp', '+ Người dân tộc thiểu
    số' under the admissions row; '- Trong đó: đảng viên được kết nạp là nữ' too."""
    unit = "Huyện Bắc Hà"
    v = DATA[unit]
    rows: list[Row] = [indicator_row(0, v)]
    rows += [
        [None, "Trong đó: nữ", "người", 1, 9],
        [None, "- Trong đó: đảng viên là chủ doanh nghiệp", "người", 0, 2],
        [None, "+ Người dân tộc thiểu số", "người", 2, 11],
        [None, "- Trong đó: đảng viên được kết nạp là nữ", "người", 1, 9],
    ]
    rows += [indicator_row(i, v) for i in range(1, len(CODES))]
    s = SheetSpec("Biểu")
    titles(s, "HUYỆN ỦY BẮC HÀ", "BIỂU KẾT QUẢ", PERIOD_LINE)
    form_rows(s, rows)
    return Variant(
        one_sheet(folder, s), some(unit), warnings=frozenset({"units_missing", "breakdown_rows"})
    )


@variant
def r_form_section_headings_matching_an_alias(folder: Path) -> Variant:
    """'I. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN' (the alias 'Phát triển đảng viên' inside it) heads
    the admissions row; it is a heading, not a second admissions row."""
    unit = "Huyện Bát Xát"
    v = DATA[unit]
    rows: list[Row] = [
        ["I", "CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN"],
        indicator_row(0, v),
        ["II.", "Thành lập tổ chức đảng, công đoàn, đoàn thanh niên"],
        *(indicator_row(i, v) for i in range(1, 5)),
        ["III. BỒI DƯỠNG NHẬN THỨC VỀ ĐẢNG"],
        *(indicator_row(i, v) for i in range(5, 7)),
    ]
    s = SheetSpec("Biểu")
    titles(s, "HUYỆN ỦY BÁT XÁT", "BIỂU KẾT QUẢ", PERIOD_LINE)
    form_rows(s, rows)
    return Variant(one_sheet(folder, s), some(unit))


@variant
def r_form_learners_written_as_trong_do(folder: Path) -> Variant:
    """The learners' row written as a breakdown of the classes row: it is that indicator."""
    unit = "Thị xã Sa Pa"
    v = DATA[unit]
    rows: list[Row] = [indicator_row(i, v) for i in range(6)]
    rows.append(
        indicator_row(
            6, v, "- Trong đó: Số học viên là người lao động trong đơn vị kinh tế tư nhân"
        )
    )
    s = SheetSpec("Biểu")
    titles(s, "THỊ ỦY SA PA", "BIỂU KẾT QUẢ", PERIOD_LINE)
    form_rows(s, rows)
    return Variant(one_sheet(folder, s), some(unit))


@variant
def r_form_unknown_row_with_figures_refused(folder: Path) -> Variant:
    """'Nữ' with figures under the admissions row, without 'Trong đó': refused with the fix."""
    unit = "Huyện Bắc Hà"
    v = DATA[unit]
    rows: list[Row] = [indicator_row(0, v), [None, "Nữ", "người", 1, 9]]
    rows += [indicator_row(i, v) for i in range(1, len(CODES))]
    s = SheetSpec("Biểu")
    titles(s, "HUYỆN ỦY BẮC HÀ", "BIỂU KẾT QUẢ", PERIOD_LINE)
    form_rows(s, rows)
    return Variant(
        one_sheet(folder, s),
        error="unknown_indicator",
        error_cell="B7",
        error_file="tong_hop.xlsx",
        error_words="ghi «Trong đó:» ở đầu dòng",
    )


@variant
def r_form_indicator_twice_refused_without_deleting(folder: Path) -> Variant:
    """Two rows name the admissions: refused; the message does not ask to delete a row."""
    unit = "Huyện Bắc Hà"
    v = DATA[unit]
    rows: list[Row] = [indicator_row(0, v), indicator_row(0, v, "Kết nạp đảng viên mới")]
    rows += [indicator_row(i, v) for i in range(1, len(CODES))]
    s = SheetSpec("Biểu")
    titles(s, "HUYỆN ỦY BẮC HÀ", "BIỂU KẾT QUẢ", PERIOD_LINE)
    form_rows(s, rows)
    return Variant(
        one_sheet(folder, s),
        error="duplicate_indicator",
        error_cell="B7",
        error_file="tong_hop.xlsx",
        error_words="ghi «Trong đó:» ở đầu dòng 7",
    )


# ---- columns by role --------------------------------------------------------------------------


def plan_of(unit: str, i: int) -> int:
    """A unit's assigned target: larger than any figure it reports, so a misread shows."""
    return 100 + 10 * list(DATA).index(unit) + i


def ytd_of(unit: str, i: int) -> int:
    p, c = DATA[unit][i]
    return p + (c - p) // 3


def summary_by_roles(
    sub: Sequence[str], cell: Any, extra: Sequence[tuple[str, Any]] = (), top: int = 5
) -> SheetSpec:
    """A layout-A sheet whose indicators each have the sub-columns `sub`; cell(unit, i, k)
    gives the figure of sub-column k. `extra` adds columns after 'Đơn vị': (header, value)."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    s.merge(top, 1, top + 1, 1, "STT")
    s.merge(top, 2, top + 1, 2, "Đơn vị")
    col = 3
    for header, _ in extra:
        s.merge(top, col, top + 1, col, header)
        col += 1
    first = col
    for code in CODES:
        s.merge(top, col, top, col + len(sub) - 1, LABELS[code])
        s.row(top + 1, col, list(sub))
        col += len(sub)
    s.merge(top, col, top + 1, col, "Ghi chú")
    for n, unit in enumerate(DATA, 1):
        r = top + 1 + n
        s.row(r, 1, [n, WRITTEN[unit], *(value(unit) for _, value in extra)])
        s.row(
            r,
            first,
            [cell(unit, i, k) for i in range(len(CODES)) for k in range(len(sub))],
        )
    return s


@variant
def c_plan_done_cumulative_subcolumns(folder: Path) -> Variant:
    """'Kế hoạch năm 2024' | 'Thực hiện' | 'Lũy kế' under each indicator: the plan is the
    unit's assigned target, never the period's result."""
    sub = ("Kế hoạch năm 2024", "Thực hiện", "Lũy kế")

    def cell(unit: str, i: int, k: int) -> int:
        return plan_of(unit, i) if k == 0 else DATA[unit][i][k - 1]

    s = summary_by_roles(sub, cell)
    return Variant(
        one_sheet(folder, s), DATA, warnings=frozenset({"units_missing", "plan_columns"})
    )


@variant
def c_assigned_target_first_then_period(folder: Path) -> Variant:
    sub = ("Chỉ tiêu giao", "Trong kỳ", "Lũy kế từ khi thực hiện Đề án")

    def cell(unit: str, i: int, k: int) -> int:
        return plan_of(unit, i) if k == 0 else DATA[unit][i][k - 1]

    s = summary_by_roles(sub, cell)
    return Variant(
        one_sheet(folder, s), DATA, warnings=frozenset({"units_missing", "plan_columns"})
    )


@variant
def c_year_to_date_between(folder: Path) -> Variant:
    """'Trong kỳ' | 'Lũy kế từ đầu năm' | 'Lũy kế từ khi thực hiện Đề án'."""
    sub = ("Trong kỳ", "Lũy kế từ đầu năm", "Lũy kế từ khi thực hiện Đề án")

    def cell(unit: str, i: int, k: int) -> int:
        return ytd_of(unit, i) if k == 1 else DATA[unit][i][k // 2]

    return Variant(one_sheet(folder, summary_by_roles(sub, cell)), DATA)


@variant
def c_period_named_after_the_period(folder: Path) -> Variant:
    sub = ("Kết quả 6 tháng đầu năm 2024", "Tổng số từ khi thực hiện Đề án")
    s = summary_by_roles(sub, lambda unit, i, k: DATA[unit][i][k])
    return Variant(one_sheet(folder, s), DATA)


@variant
def c_unrelated_columns_before_the_figures(folder: Path) -> Variant:
    """'Số DN trên địa bàn' and 'Số đảng viên hiện có' between the names and the figures."""
    extra = [("Số DN trên địa bàn", lambda u: 300 + len(u)), ("Số đảng viên hiện có", len)]
    sub = ("Số mới", "Lũy kế")
    s = summary_by_roles(sub, lambda unit, i, k: DATA[unit][i][k], extra)
    return Variant(
        one_sheet(folder, s), DATA, warnings=frozenset({"units_missing", "columns_ignored"})
    )


@variant
def c_long_notes_column_with_text(folder: Path) -> Variant:
    """'Ghi chú (ghi rõ tên doanh nghiệp có tổ chức đảng được thành lập)' holds text."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, notes=True)
    for key, value in list(s.cells.items()):
        if value == "Ghi chú":
            s.put(*key, "Ghi chú (ghi rõ tên doanh nghiệp có tổ chức đảng được thành lập)")
        elif value == "Số liệu đến 15/6/2024":
            s.put(*key, "Công ty CP Apatit; số đảng viên được kết nạp: 3")
    return Variant(
        one_sheet(folder, s), DATA, warnings=frozenset({"units_missing", "columns_ignored"})
    )


def form_by_roles(unit: str, heads: Sequence[str], cell: Any, title: str) -> SheetSpec:
    s = SheetSpec("Biểu")
    titles(s, title, "BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU", PERIOD_LINE)
    s.row(5, 1, ["STT", "Chỉ tiêu", "ĐVT", *heads])
    for i, code in enumerate(CODES):
        s.row(6 + i, 1, [i + 1, LABELS[code], UNITS_OF_MEASURE[i]])
        s.row(6 + i, 4, [cell(unit, i, k) for k in range(len(heads))])
    return s


@variant
def c_form_period_column_named_after_the_period(folder: Path) -> Variant:
    unit = "Huyện Bắc Hà"
    heads = ("Kết quả 6 tháng đầu năm 2024", "Lũy kế từ khi thực hiện Đề án")
    s = form_by_roles(unit, heads, lambda u, i, k: DATA[u][i][k], "HUYỆN ỦY BẮC HÀ")
    return Variant(one_sheet(folder, s), some(unit))


@variant
def c_form_bare_period_name_header(folder: Path) -> Variant:
    unit = "Huyện Bát Xát"
    heads = ("6 tháng đầu năm 2024", "Lũy kế đến 30/6/2024")
    s = form_by_roles(unit, heads, lambda u, i, k: DATA[u][i][k], "HUYỆN ỦY BÁT XÁT")
    return Variant(one_sheet(folder, s), some(unit))


@variant
def c_form_plan_done_year_and_cumulative(folder: Path) -> Variant:
    unit = "Thị xã Sa Pa"
    heads = ("KH năm 2024", "Thực hiện trong kỳ", "Lũy kế từ đầu năm", "Cộng dồn từ khi có Đề án")

    def cell(u: str, i: int, k: int) -> int:
        return [plan_of(u, i), DATA[u][i][0], ytd_of(u, i), DATA[u][i][1]][k]

    s = form_by_roles(unit, heads, cell, "THỊ ỦY SA PA")
    return Variant(
        one_sheet(folder, s), some(unit), warnings=frozenset({"units_missing", "plan_columns"})
    )


@variant
def c_form_long_notes_column(folder: Path) -> Variant:
    unit = BLOC
    heads = ("Phát sinh trong kỳ", "Lũy kế", "Ghi chú (ghi rõ tên doanh nghiệp, số đảng viên)")

    def cell(u: str, i: int, k: int) -> Any:
        return DATA[u][i][k] if k < 2 else ("Công ty Điện lực: 2 đảng viên" if i == 0 else None)

    s = form_by_roles(unit, heads, cell, "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH")
    return Variant(
        one_sheet(folder, s), some(unit), warnings=frozenset({"units_missing", "columns_ignored"})
    )


@variant
def c_year_to_date_below_period_warned(folder: Path) -> Variant:
    """A year-to-date figure below the period's: read, not used, named in a warning."""
    unit = "Huyện Bắc Hà"
    heads = ("Trong kỳ", "Lũy kế từ đầu năm", "Lũy kế từ khi thực hiện Đề án")

    def cell(u: str, i: int, k: int) -> int:
        p, c = DATA[u][i]
        return [p, p - 1 if i == 3 else p, c][k]

    s = form_by_roles(unit, heads, cell, "HUYỆN ỦY BẮC HÀ")
    return Variant(
        one_sheet(folder, s),
        some(unit),
        warnings=frozenset({"units_missing", "year_to_date_inconsistent"}),
    )


# ---- transposed summaries: units as columns ---------------------------------------------------


def transposed(
    names: dict[str, str],
    data: dict[str, Pairs],
    *,
    kinds: Sequence[str] = KINDS,
    totals: str | None = "end",
) -> SheetSpec:
    """Indicators as rows; each unit a merged header over its 'Trong kỳ' | 'Lũy kế' columns."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    for c, word in enumerate(("STT", "Chỉ tiêu", "ĐVT"), start=1):
        s.merge(5, c, 6, c, word)
    heads = [(names[u], data[u]) for u in data]
    every = [sum(v[i][k] for v in data.values()) for i in range(len(CODES)) for k in range(2)]
    total_pairs = [(every[2 * i], every[2 * i + 1]) for i in range(len(CODES))]
    if totals == "first":
        heads.insert(0, ("Tổng cộng", total_pairs))
    elif totals == "end":
        heads.append(("Toàn tỉnh", total_pairs))
    col = 4
    for name, values in heads:
        s.merge(5, col, 5, col + 1, name)
        s.row(6, col, list(kinds))
        for i, code in enumerate(CODES):
            s.row(7 + i, 1, [i + 1, LABELS[code], UNITS_OF_MEASURE[i]])
            s.row(7 + i, col, list(values[i]))
        col += 2
    return s


@variant
def t_units_as_columns(folder: Path) -> Variant:
    s = transposed(WRITTEN, DATA)
    return Variant(one_sheet(folder, s), DATA)


@variant
def t_units_as_columns_totals_first(folder: Path) -> Variant:
    s = transposed(WRITTEN, DATA, totals="first", kinds=("Số mới", "Lũy kế"))
    return Variant(one_sheet(folder, s), DATA)


@variant
def t_units_as_columns_totals_wrong(folder: Path) -> Variant:
    s = transposed(WRITTEN, DATA)
    first_total = (7, 4 + 2 * len(DATA))
    s.put(*first_total, s.cells[first_total] + 5)
    return Variant(
        one_sheet(folder, s), DATA, warnings=frozenset({"units_missing", "totals_mismatch"})
    )


@variant
def t_bare_commune_names_as_columns(folder: Path) -> Variant:
    names = ["Xã Y Tý", "Phường Cam Đường", "Xã Tân Thành", "Xã Tân Thạnh"]
    data = {name: made_up(i) for i, name in enumerate(names)}
    written = {name: name.removeprefix("Xã ").removeprefix("Phường ") for name in names}
    config = communes_config(folder, *names)
    s = transposed(written, data)
    return Variant(one_sheet(folder, s), data, args=("--config", str(config)), warnings=frozenset())


def transposed_by_rows(data: dict[str, Pairs], totals: bool = True) -> SheetSpec:
    """Units as columns; each indicator a label merged over a 'Trong kỳ' and a 'Lũy kế' row."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    s.row(5, 1, ["STT", "Chỉ tiêu", "Số liệu", *(WRITTEN.get(u, u) for u in data)])
    if totals:
        s.put(5, 4 + len(data), "Tổng cộng")
    for i, code in enumerate(CODES):
        r = 6 + 2 * i
        s.merge(r, 1, r + 1, 1, i + 1)
        s.merge(r, 2, r + 1, 2, LABELS[code])
        for k, kind in enumerate(("Trong kỳ", "Lũy kế")):
            figures = [v[i][k] for v in data.values()]
            s.row(r + k, 3, [kind, *figures, *([sum(figures)] if totals else [])])
    return s


@variant
def t_units_as_columns_kinds_as_rows(folder: Path) -> Variant:
    return Variant(one_sheet(folder, transposed_by_rows(DATA)), DATA)


@variant
def t_units_as_columns_kinds_as_rows_no_totals(folder: Path) -> Variant:
    data = some("Thị xã Sa Pa", "Huyện Bắc Hà", BLOC)
    return Variant(one_sheet(folder, transposed_by_rows(data, totals=False)), data)


@variant
def t_kind_row_missing_refused(folder: Path) -> Variant:
    """One indicator lost its 'Lũy kế' row: refused, naming the indicator's row."""
    s = transposed_by_rows(DATA)
    for key in [k for k in s.cells if k[0] == 9]:
        del s.cells[key]
    return Variant(
        one_sheet(folder, s),
        error="kind_row_missing",
        error_cell="B8",
        error_file="tong_hop.xlsx",
        error_words='thiếu dòng "Lũy kế từ khi thực hiện Đề án"',
    )


@variant
def r_units_after_the_totals_row_and_a_blank_line(folder: Path) -> Variant:
    """'Tổng cộng' of the districts, a blank line, then the provincial bloc's row: a
    configured unit below the gap is still part of the table."""
    units = [*CITY_AND_TOWN, *DISTRICTS]
    rows: list[Row] = [
        *(unit_row(u, n) for n, u in enumerate(units, 1)),
        sum_row("Tổng cộng", units),
        None,
        unit_row(BLOC, 5),
    ]
    return Variant(
        one_sheet(folder, summary_with_body(rows)),
        DATA,
        warnings=frozenset({"units_missing", "totals_mismatch"}),
    )


# ---- legacy formats ---------------------------------------------------------------------------


def book_groups_and_blank_lines() -> Book:
    """Group rows with subtotals, 'Cộng khối' rows and blank lines, as an old .xls/.ods."""
    rows: list[Row] = [
        ["I", "Các đảng bộ thành phố, thị xã"],
        *(unit_row(u, n) for n, u in enumerate(CITY_AND_TOWN, 1)),
        sum_row("Cộng khối thành phố, thị xã", CITY_AND_TOWN),
        None,
        sum_row("II. CÁC HUYỆN", DISTRICTS),
        *(unit_row(u, n) for n, u in enumerate(DISTRICTS, 1)),
        None,
        ["III", "Đảng bộ khối"],
        unit_row(BLOC, 1),
        sum_row("Tổng cộng", list(DATA)),
    ]
    return Book([summary_with_body(rows)])


def book_units_as_columns() -> Book:
    return Book([transposed(WRITTEN, DATA)])


COMMITTED = {
    "nhom_va_dong_trong.xls": book_groups_and_blank_lines,
    "nhom_va_dong_trong.ods": book_groups_and_blank_lines,
    "xoay_ngang.xls": book_units_as_columns,
}


@variant
def f_xls_groups_and_blank_lines(folder: Path) -> Variant:
    return Variant(committed(folder, "nhom_va_dong_trong.xls"), DATA)


@variant
def f_ods_groups_and_blank_lines(folder: Path) -> Variant:
    return Variant(committed(folder, "nhom_va_dong_trong.ods"), DATA)


@variant
def f_xls_units_as_columns(folder: Path) -> Variant:
    return Variant(committed(folder, "xoay_ngang.xls"), DATA)


def regenerate() -> None:
    """Write the committed .xls and .ods files again (needs xlwt and odfpy)."""
    for name, build in COMMITTED.items():
        build().save(DATA_DIR / name)
        print(DATA_DIR / name)


if __name__ == "__main__":
    regenerate()
