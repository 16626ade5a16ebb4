"""A second corpus of workbooks, laid out, named and worded unlike tests/variety.py and
tests/corpus_roles.py: other units (written with their kind words), other header wordings and
column orders, quarters, half-years and years of both eras, .xls and .ods beside .xlsx, and
the shapes of tables offices use besides one row per unit: a unit over two rows, two tables
on one sheet, one group of indicators per sheet, rows hidden by hand.

Each builder returns a `Variant`: the figures a careful person reads (by canonical unit name),
or the refusal a careful person would make too, with the cell or words it must name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.variety import CODES, LABELS, Book, Builder, Pairs, SheetSpec, Variant

BUILDERS: dict[str, Builder] = {}


def variant(func: Builder) -> Builder:
    BUILDERS[func.__name__] = func
    return func


# District-era units, written with their kind words, and their figures (period, cumulative).
DISTRICTS: dict[str, Pairs] = {
    "Huyện Bảo Thắng": [(4, 31), (1, 2), (2, 6), (220, 610), (1, 3), (3, 7), (9, 25)],
    "Huyện Bảo Yên": [(2, 17), (0, 1), (1, 3), (75, 240), (0, 2), (1, 4), (2, 11)],
    "Huyện Văn Bàn": [(0, 9), (0, 0), (0, 1), (12, 58), (1, 1), (0, 2), (0, 3)],
    "Huyện Mường Khương": [(3, 12), (1, 1), (1, 2), (41, 133), (0, 1), (2, 3), (5, 8)],
    "Huyện Si Ma Cai": [(1, 6), (0, 1), (0, 1), (9, 27), (0, 0), (1, 1), (3, 3)],
}
DISTRICT_NAMES = {
    "Huyện Bảo Thắng": "Đảng bộ huyện Bảo Thắng",
    "Huyện Bảo Yên": "Huyện ủy Bảo Yên",
    "Huyện Văn Bàn": "H. Văn Bàn",
    "Huyện Mường Khương": "Huyện uỷ Mường Khương",
    "Huyện Si Ma Cai": "Đảng bộ Huyện Si Ma Cai",
}
# Commune-era units (from 7/2025).
COMMUNES: dict[str, Pairs] = {
    "Phường Cam Đường": [(6, 14), (1, 3), (2, 4), (130, 300), (1, 2), (2, 5), (11, 30)],
    "Xã Bảo Hà": [(1, 2), (0, 0), (0, 1), (15, 40), (0, 1), (1, 1), (2, 2)],
    "Xã Bắc Hà": [(2, 5), (1, 1), (1, 1), (33, 61), (1, 1), (1, 2), (4, 6)],
    "Phường Sa Pa": [(5, 11), (0, 2), (1, 3), (88, 190), (0, 1), (2, 3), (7, 12)],
    "Xã Bát Xát": [(0, 3), (0, 0), (0, 0), (6, 19), (0, 0), (0, 1), (0, 2)],
}
COMMUNE_NAMES = {
    "Phường Cam Đường": "Đảng ủy phường Cam Đường",
    "Xã Bảo Hà": "Đảng bộ xã Bảo Hà",
    "Xã Bắc Hà": "Xã Bắc Hà",
    "Phường Sa Pa": "Đảng ủy Phường Sa Pa",
    "Xã Bát Xát": "ĐẢNG BỘ XÃ BÁT XÁT",
}
NAMES = {**DISTRICT_NAMES, **COMMUNE_NAMES}
# Labels as offices write them: numbered, with the unit of measure, or in capitals.
MEASURES = ["người", "tổ chức", "tổ chức", "người", "tổ chức", "lớp", "người"]
WRITTEN_LABELS = {
    code: [f"{i + 1}. {LABELS[code]}", f"{LABELS[code]} ({MEASURES[i]})", LABELS[code].upper()]
    for i, code in enumerate(CODES)
}
OK = frozenset({"units_missing"})

Cell = Callable[[str, int], Any]


def value(units: dict[str, Pairs], role: str) -> Cell:
    """The figure of a unit's indicator i in a column or row of this role."""

    def cell(unit: str, i: int) -> Any:
        p, c = units[unit][i]
        return {
            "p": p,
            "c": c,
            "prev": c - p,  # cumulative to the end of the period before
            "cmp": p + 7 + i,  # another period
            "ytd": p + (c - p) // 2,  # the year to date
            "text": f"{p:,}".replace(",", "."),
            "ctext": f"{c:,}".replace(",", "."),
        }[role]

    return cell


def head(s: SheetSpec, lines: Sequence[str]) -> None:
    for r, line in enumerate(lines, 1):
        if line:
            s.put(r, 1, line)


def summary(
    name: str,
    lines: Sequence[str],
    units: dict[str, Pairs],
    heads: Sequence[tuple[str, str]],
    *,
    order: Sequence[str] = CODES,
    style: int = 0,
    top: int = 5,
    lead: Sequence[str] = ("TT", "Tên đơn vị"),
    totals: str | None = None,
    sheet: SheetSpec | None = None,
) -> SheetSpec:
    """A summary: each indicator's label merged over one column per (header, role)."""
    s = sheet or SheetSpec(name)
    if sheet is None:
        head(s, lines)
    for i, word in enumerate(lead):
        s.merge(top, 1 + i, top + 1, 1 + i, word)
    col = 1 + len(lead)
    for code in order:
        s.merge(top, col, top, col + len(heads) - 1, WRITTEN_LABELS[code][style])
        s.row(top + 1, col, [h for h, _ in heads])
        col += len(heads)
    r = top + 2
    for n, unit in enumerate(units, 1):
        s.row(r, 1, [n, NAMES[unit]] if len(lead) == 2 else [NAMES[unit]])
        cells = [value(units, role)(unit, CODES.index(code)) for code in order for _, role in heads]
        s.row(r, 1 + len(lead), cells)
        r += 1
    if totals:
        s.put(r, len(lead), totals)
        sums = [
            sum(value(units, role)(u, CODES.index(code)) for u in units)
            for code in order
            for _, role in heads
        ]
        s.row(r, 1 + len(lead), sums)
    return s


def form(
    unit: str,
    lines: Sequence[str],
    heads: Sequence[tuple[str, str]],
    units: dict[str, Pairs],
    *,
    name: str = "Biểu 01",
    style: int = 1,
) -> SheetSpec:
    """A unit form: STT | Nội dung | columns per (header, role)."""
    s = SheetSpec(name)
    head(s, lines)
    s.row(6, 1, ["STT", "Nội dung", *(h for h, _ in heads)])
    for i, code in enumerate(CODES):
        s.row(7 + i, 1, [i + 1, WRITTEN_LABELS[code][style]])
        s.row(7 + i, 3, [value(units, role)(unit, i) for _, role in heads])
    s.put(16, 3, "TM. BAN THƯỜNG VỤ")
    return s


def save(folder: Path, sheets: list[SheetSpec], name: str) -> list[Path]:
    return [Book(sheets).save(folder / name)]


def read(
    paths: list[Path], units: dict[str, Pairs], *notices: str, period: str = "2024-H1"
) -> Variant:
    usual = OK if period.endswith("H1") or period[-2:] == "Q1" else OK | {"year_to_date_incomplete"}
    return Variant(paths, dict(units), period=period, warnings=usual | set(notices))


def refused(paths: list[Path], code: str, cell: str = "", words: str = "") -> Variant:
    return Variant(paths, error=code, error_cell=cell, error_file=paths[0].name, error_words=words)


H1_24 = [
    "BAN CHỈ ĐẠO ĐỀ ÁN 24",
    "TỔNG HỢP KẾT QUẢ XÂY DỰNG TỔ CHỨC ĐẢNG, ĐOÀN THỂ",
    "(6 tháng đầu năm 2024)",
]
Q2_24 = "Kỳ báo cáo: Quý 2/2024"
H2_25 = ["BAN CHỈ ĐẠO ĐỀ ÁN 24", "BÁO CÁO KẾT QUẢ 6 THÁNG CUỐI NĂM 2025"]
Y24 = ["BAN CHỈ ĐẠO ĐỀ ÁN 24", "BIỂU TỔNG HỢP", "Kỳ báo cáo: Năm 2024"]
Q1_26 = ["BAN CHỈ ĐẠO ĐỀ ÁN 24", "Kỳ báo cáo: quý I năm 2026"]
PERIOD = ("Kết quả thực hiện trong kỳ", "p")
SINCE = ("Tổng số từ khi thực hiện Đề án", "c")


# ---- one row per unit, worded and ordered otherwise -------------------------------------------


@variant
def cumulative_before_period_reordered(folder: Path) -> Variant:
    order = [CODES[i] for i in (2, 3, 4, 0, 1, 6, 5)]
    s = summary("TH", H1_24, DISTRICTS, [SINCE, PERIOD], order=order, totals="Tổng cộng")
    return read(save(folder, [s], "th_6t_2024.xlsx"), DISTRICTS)


@variant
def form_quarter_xls(folder: Path) -> Variant:
    unit = "Huyện Bảo Yên"
    heads = [("Số phát sinh trong quý", "p"), ("Cộng dồn từ khi triển khai Đề án", "c")]
    s = form(unit, ["HUYỆN ỦY BẢO YÊN", "KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24", Q2_24], heads, DISTRICTS)
    return read(save(folder, [s], "bao_yen_q2.xls"), {unit: DISTRICTS[unit]}, period="2024-Q2")


@variant
def commune_half_year_ods(folder: Path) -> Variant:
    heads = [("Thực hiện 6 tháng cuối năm", "p"), ("Lũy kế đến nay", "c")]
    s = summary("Tổng hợp", H2_25, COMMUNES, heads, style=2)
    return read(save(folder, [s], "xa_phuong_h2.ods"), COMMUNES, period="2025-H2")


@variant
def whole_year_summary(folder: Path) -> Variant:
    heads = [("Kết quả năm 2024", "p"), ("Lũy kế từ khi có Đề án", "c")]
    s = summary("Năm 2024", Y24, DISTRICTS, heads, style=1, lead=("Đơn vị",))
    return read(save(folder, [s], "nam_2024.xlsx"), DISTRICTS, period="2024")


@variant
def numbers_as_text_xls(folder: Path) -> Variant:
    heads = [("Trong kỳ", "text"), ("Lũy kế", "ctext")]
    s = summary("Sheet1", H1_24, DISTRICTS, heads, style=0)
    return read(save(folder, [s], "so_dang_chu.xls"), DISTRICTS)


@variant
def forms_in_a_folder_xls_ods_xlsx(folder: Path) -> Variant:
    heads = [("Thực hiện trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    made = []
    for unit, ext in (("Phường Cam Đường", "ods"), ("Xã Bắc Hà", "xls"), ("Phường Sa Pa", "xlsx")):
        lines = [NAMES[unit].upper(), "Kỳ báo cáo: quý I năm 2026"]
        made += save(folder, [form(unit, lines, heads, COMMUNES)], f"{unit}.{ext}")
    chosen = {u: COMMUNES[u] for u in ("Phường Cam Đường", "Xã Bắc Hà", "Phường Sa Pa")}
    return read(made, chosen, period="2026-Q1")


@variant
def comparison_column_in_a_commune_quarter(folder: Path) -> Variant:
    heads = [("Cùng kỳ năm 2025", "cmp"), ("Quý I", "p"), ("Tổng số từ khi thực hiện Đề án", "c")]
    s = summary("Q1", Q1_26, COMMUNES, heads)
    return read(save(folder, [s], "q1_2026.xlsx"), COMMUNES, "columns_not_added", period="2026-Q1")


@variant
def previous_cumulative_in_a_quarter(folder: Path) -> Variant:
    heads = [("Số lũy kế đến hết quý I năm 2026", "prev"), ("Trong quý II", "p")]
    s = summary("Q2", ["Kỳ báo cáo: quý II năm 2026"], COMMUNES, heads)
    paths = save(folder, [s], "q2_2026.xlsx")
    return read(paths, COMMUNES, "cumulative_derived", period="2026-Q2")


@variant
def nine_months_beside_the_quarter(folder: Path) -> Variant:
    heads = [("Trong quý", "p"), ("Lũy kế 9 tháng", "ytd"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary("Q3", ["Kỳ báo cáo: quý III năm 2024"], DISTRICTS, heads)
    paths = save(folder, [s], "q3_2024.xlsx")
    return read(paths, DISTRICTS, "year_to_date_from_file", period="2024-Q3")


@variant
def totals_row_that_does_not_add_up(folder: Path) -> Variant:
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE], totals="Cộng toàn tỉnh")
    r = 7 + len(DISTRICTS)
    s.put(r, 3, 99)
    return read(save(folder, [s], "tong_sai.xlsx"), DISTRICTS, "totals_mismatch")


@variant
def commune_named_in_a_district_period_refused(folder: Path) -> Variant:
    units = {"Xã Bát Xát": COMMUNES["Xã Bát Xát"], "Huyện Bảo Yên": DISTRICTS["Huyện Bảo Yên"]}
    s = summary("TH", H1_24, units, [PERIOD, SINCE])
    return refused(save(folder, [s], "lan_ky.xlsx"), "unit_outside_validity", "B7", "Xã Bát Xát")


@variant
def only_another_periods_column_refused(folder: Path) -> Variant:
    heads = [("6 tháng đầu năm 2025", "cmp"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary("TH", H2_25, COMMUNES, heads)
    return refused(save(folder, [s], "chi_ky_khac.xlsx"), "indicator_missing", words="Trong kỳ")


# ---- a unit over two rows ---------------------------------------------------------------------


def over_rows(
    units: dict[str, Pairs],
    lines: Sequence[str],
    kinds: Sequence[tuple[str, str]],
    *,
    merged: bool = True,
    totals: bool = False,
) -> SheetSpec:
    """One row per (kind, role) for each unit; the unit's name merged over its rows (or on
    its first row), the kind in the column beside it."""
    s = SheetSpec("Tổng hợp")
    head(s, lines)
    s.row(5, 1, ["STT", "Đơn vị", "Số liệu", *(WRITTEN_LABELS[c][0] for c in CODES)])
    r = 6
    names = [*units, "Tổng cộng"] if totals else list(units)
    for n, unit in enumerate(names, 1):
        span = len(kinds)
        label = NAMES.get(unit, unit)
        if merged:
            s.merge(r, 1, r + span - 1, 1, n)
            s.merge(r, 2, r + span - 1, 2, label)
        else:
            s.row(r, 1, [n, label])
        for k, (word, role) in enumerate(kinds):
            s.put(r + k, 3, word)
            if unit == "Tổng cộng":
                s.row(r + k, 4, [sum(value(units, role)(u, i) for u in units) for i in range(7)])
            else:
                s.row(r + k, 4, [value(units, role)(unit, i) for i in range(7)])
        r += span
    return s


TWO_KINDS = [("Trong kỳ", "p"), ("Lũy kế", "c")]


@variant
def unit_over_two_rows_merged(folder: Path) -> Variant:
    s = over_rows(DISTRICTS, H1_24, TWO_KINDS, totals=True)
    return read(save(folder, [s], "hai_dong.xlsx"), DISTRICTS, "units_over_rows")


@variant
def unit_over_two_rows_not_merged_xls(folder: Path) -> Variant:
    kinds = [("Kết quả trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = over_rows(COMMUNES, H2_25, kinds, merged=False)
    paths = save(folder, [s], "hai_dong.xls")
    return read(paths, COMMUNES, "units_over_rows", period="2025-H2")


@variant
def unit_over_three_rows_with_the_year_to_date(folder: Path) -> Variant:
    kinds = [
        ("Trong quý", "p"),
        ("Lũy kế từ đầu năm", "ytd"),
        ("Lũy kế từ khi thực hiện Đề án", "c"),
    ]
    s = over_rows(DISTRICTS, ["Kỳ báo cáo: quý III năm 2024"], kinds)
    paths = save(folder, [s], "ba_dong.xlsx")
    return read(paths, DISTRICTS, "units_over_rows", "year_to_date_from_file", period="2024-Q3")


@variant
def unit_over_rows_with_the_period_twice_refused(folder: Path) -> Variant:
    s = over_rows(DISTRICTS, H1_24, TWO_KINDS)
    s.put(9, 3, "Trong kỳ ")  # Huyện Bảo Yên's second row says 'Trong kỳ' again
    return refused(save(folder, [s], "hai_lan.xlsx"), "duplicate_column", "C9")


@variant
def unit_row_without_its_kind_refused(folder: Path) -> Variant:
    s = over_rows(DISTRICTS, H1_24, TWO_KINDS, merged=False)
    del s.cells[(9, 3)]  # Huyện Bảo Yên's second row: figures, but whose?
    return refused(save(folder, [s], "khong_ro.xlsx"), "kind_row_unclear", "C9")


@variant
def unit_over_rows_bare_cumulative_in_a_quarter_refused(folder: Path) -> Variant:
    s = over_rows(DISTRICTS, ["Kỳ báo cáo: quý III năm 2024"], TWO_KINDS)
    return refused(save(folder, [s], "q3_hai_dong.xlsx"), "cumulative_ambiguous", "C7")


# ---- two tables on one sheet, one group per sheet ---------------------------------------------

PARTY = [CODES[0], CODES[1], CODES[5], CODES[6]]
MASS = [CODES[2], CODES[3], CODES[4]]


def two_tables(
    units: dict[str, Pairs], second: dict[str, Pairs] | None = None, mass: Sequence[str] = MASS
) -> SheetSpec:
    s = summary("Biểu tổng hợp", H1_24, units, [PERIOD, SINCE], order=PARTY, top=6)
    s.put(5, 1, "I. TỔ CHỨC ĐẢNG")
    top = 8 + len(units) + 2
    s.put(top - 1, 1, "II. CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI")
    return summary("", [], second or units, [PERIOD, SINCE], order=mass, top=top, sheet=s)


@variant
def party_table_then_mass_organisations_table(folder: Path) -> Variant:
    paths = save(folder, [two_tables(DISTRICTS)], "hai_bang.xlsx")
    return read(paths, DISTRICTS, "tables_joined")


@variant
def two_tables_on_one_sheet_ods(folder: Path) -> Variant:
    paths = save(folder, [two_tables(DISTRICTS)], "hai_bang.ods")
    return read(paths, DISTRICTS, "tables_joined")


@variant
def unit_missing_from_the_second_table_refused(folder: Path) -> Variant:
    fewer = {u: v for u, v in DISTRICTS.items() if u != "Huyện Si Ma Cai"}
    paths = save(folder, [two_tables(DISTRICTS, fewer)], "thieu_don_vi.xlsx")
    return refused(paths, "unit_not_in_every_table", "B12", "Đảng bộ Huyện Si Ma Cai")


@variant
def same_indicator_in_both_tables_refused(folder: Path) -> Variant:
    s = two_tables(DISTRICTS, mass=[CODES[0], *MASS])
    return refused(save(folder, [s], "trung_chi_tieu.xlsx"), "indicator_in_two_tables")


def group_sheets(groups: Sequence[tuple[str, Sequence[str]]], style: int = 0) -> list[SheetSpec]:
    return [
        summary(name, H1_24, DISTRICTS, [PERIOD, SINCE], order=codes, style=style)
        for name, codes in groups
    ]


GROUPS = [("Tổ chức đảng", PARTY), ("Công đoàn", MASS[:2]), ("Đoàn thanh niên", MASS[2:])]


@variant
def one_group_per_sheet(folder: Path) -> Variant:
    return read(save(folder, group_sheets(GROUPS), "theo_nhom.xlsx"), DISTRICTS, "tables_joined")


@variant
def one_group_per_sheet_xls(folder: Path) -> Variant:
    paths = save(folder, group_sheets(GROUPS, style=2), "theo_nhom.xls")
    return read(paths, DISTRICTS, "tables_joined")


@variant
def a_group_sheet_missing_refused(folder: Path) -> Variant:
    paths = save(folder, group_sheets(GROUPS[:2]), "thieu_nhom.xlsx")
    return refused(paths, "indicator_missing", words="Số tổ chức đoàn thanh niên được thành lập")


# ---- rows hidden by hand in .xls and .ods -----------------------------------------------------


@variant
def hidden_unit_row_xls(folder: Path) -> Variant:
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE])
    s.hidden_rows = {9}
    return read(save(folder, [s], "an_dong.xls"), DISTRICTS, "hidden_rows_counted")


@variant
def hidden_unit_row_ods(folder: Path) -> Variant:
    s = summary("TH", H2_25, COMMUNES, [("Trong kỳ", "p"), ("Lũy kế đến nay", "c")])
    s.hidden_rows = {8}
    paths = save(folder, [s], "an_dong.ods")
    return read(paths, COMMUNES, "hidden_rows_counted", period="2025-H2")


# ---- written after the reader, run once as they came: other hands' layouts ------------------

H1_25 = ["BAN CHỈ ĐẠO ĐỀ ÁN 24", "Thời kỳ báo cáo: 6 tháng đầu năm 2025"]


@variant
def form_ods_period_in_the_sheet_name(folder: Path) -> Variant:
    unit = "Xã Bảo Hà"
    heads = [("Thực hiện trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = form(unit, [NAMES[unit].upper(), "KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24"], heads, COMMUNES)
    s.name = "Quý III năm 2025"
    return read(save(folder, [s], "bao_ha.ods"), {unit: COMMUNES[unit]}, period="2025-Q3")


@variant
def summary_with_notes_and_other_words(folder: Path) -> Variant:
    heads = [("Số mới trong kỳ báo cáo", "p"), ("Lũy kế đến thời điểm báo cáo", "c")]
    s = summary("TH", H1_25, DISTRICTS, heads, lead=("STT", "Đơn vị"), totals="Tổng số")
    s.put(5, 2 + 2 * 7 + 1, "Ghi chú")
    s.put(8, 2 + 2 * 7 + 1, "Có 01 chi bộ ghép")
    return read(save(folder, [s], "h1_2025.xlsx"), DISTRICTS, "columns_ignored", period="2025-H1")


@variant
def units_over_rows_ods_kind_column_named_ky(folder: Path) -> Variant:
    kinds = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = over_rows(COMMUNES, ["Kỳ báo cáo: quý I năm 2026"], kinds)
    s.put(5, 3, "Kỳ")
    paths = save(folder, [s], "hai_dong.ods")
    return read(paths, COMMUNES, "units_over_rows", period="2026-Q1")


@variant
def second_table_in_another_unit_order_xls(folder: Path) -> Variant:
    backwards = dict(reversed(list(DISTRICTS.items())))
    paths = save(folder, [two_tables(DISTRICTS, backwards)], "dao_thu_tu.xls")
    return read(paths, DISTRICTS, "tables_joined")


@variant
def group_sheets_one_with_totals(folder: Path) -> Variant:
    sheets = group_sheets(GROUPS)
    sheets[1] = summary(
        "Công đoàn", H1_24, DISTRICTS, [PERIOD, SINCE], order=MASS[:2], totals="Tổng cộng"
    )
    return read(save(folder, sheets, "nhom_co_tong.xlsx"), DISTRICTS, "tables_joined")


@variant
def quarter_four_form_with_the_whole_year_xls(folder: Path) -> Variant:
    unit = "Huyện Mường Khương"
    heads = [("Quý IV", "p"), ("Cả năm 2024", "ytd"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    lines = ["HUYỆN UỶ MƯỜNG KHƯƠNG", "Kỳ báo cáo: Quý IV năm 2024"]
    s = form(unit, lines, heads, DISTRICTS)
    paths = save(folder, [s], "mk_q4.xls")
    return read(paths, {unit: DISTRICTS[unit]}, "year_to_date_from_file", period="2024-Q4")


@variant
def units_over_rows_with_the_cumulative_before(folder: Path) -> Variant:
    kinds = [("Trong kỳ", "p"), ("Lũy kế đến 31/12/2024", "prev")]
    s = over_rows(DISTRICTS, H1_25, kinds)
    paths = save(folder, [s], "truoc_ky.xlsx")
    return read(paths, DISTRICTS, "units_over_rows", period="2025-H1")


@variant
def last_years_table_under_this_years(folder: Path) -> Variant:
    """The same indicators again below, for the same period of last year: a careful person
    reads the first table; the reader must not add the second."""
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE])
    s.put(14, 1, "SỐ LIỆU CÙNG KỲ NĂM 2023")
    summary("", [], DISTRICTS, [("Trong kỳ", "cmp"), ("Lũy kế", "prev")], top=15, sheet=s)
    return read(save(folder, [s], "co_cung_ky.xlsx"), DISTRICTS, "table_not_added")


@variant
def note_line_naming_an_indicator_under_the_table(folder: Path) -> Variant:
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE], totals="Tổng cộng")
    s.row(15, 1, ["Ghi chú:", "Số đảng viên được kết nạp gồm cả đảng viên là chủ doanh nghiệp"])
    return read(save(folder, [s], "ghi_chu.xlsx"), DISTRICTS)


# ---- a second batch written before running them --------------------------------------------


@variant
def units_over_rows_with_a_group_and_its_subtotal(folder: Path) -> Variant:
    kinds = [("Trong kỳ", "p"), ("Lũy kế", "c")]
    s = over_rows(DISTRICTS, H1_24, kinds)
    for key in sorted((k for k in s.cells if k[0] >= 6), reverse=True):
        s.cells[(key[0] + 1, key[1])] = s.cells.pop(key)
    s.merges = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in s.merges]
    s.put(6, 2, "I. CÁC HUYỆN")
    r = 7 + 2 * len(DISTRICTS)
    s.merge(r, 2, r + 1, 2, "Cộng các huyện")
    for k, (word, role) in enumerate(kinds):
        s.put(r + k, 3, word)
        s.row(r + k, 4, [sum(value(DISTRICTS, role)(u, i) for u in DISTRICTS) for i in range(7)])
    return read(save(folder, [s], "nhom.xlsx"), DISTRICTS, "units_over_rows", "rows_not_added")


@variant
def summary_sheet_and_group_sheets_repeating_it(folder: Path) -> Variant:
    """A summary of every indicator, then a sheet per group repeating its figures."""
    whole = summary("Tổng hợp", H1_24, DISTRICTS, [PERIOD, SINCE])
    paths = save(folder, [whole, *group_sheets(GROUPS)], "tong_va_nhom.xlsx")
    return read(paths, DISTRICTS, "tables_repeat")


@variant
def group_sheet_disagreeing_with_the_summary_refused(folder: Path) -> Variant:
    whole = summary("Tổng hợp", H1_24, DISTRICTS, [PERIOD, SINCE])
    groups = group_sheets(GROUPS)
    groups[1].put(7, 3, 3)  # Huyện Bảo Thắng's trade unions: 2 in the summary, 3 here
    paths = save(folder, [whole, *groups], "lech.xlsx")
    return refused(paths, "tables_disagree", "C7", 'ô C7 ghi 3, trang "Tổng hợp" ô G7 ghi 2')


@variant
def units_over_rows_totals_first_quarter_two(folder: Path) -> Variant:
    kinds = [("Trong quý", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = over_rows(COMMUNES, ["Kỳ báo cáo: quý II năm 2026"], kinds, totals=True)
    return read(
        save(folder, [s], "q2_hai_dong.xlsx"), COMMUNES, "units_over_rows", period="2026-Q2"
    )


@variant
def two_tables_with_headings_merged_across_ods(folder: Path) -> Variant:
    s = two_tables(DISTRICTS)
    s.merge(5, 1, 5, 10, "I. TỔ CHỨC ĐẢNG")
    s.merge(14, 1, 14, 8, "II. CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI")
    return read(save(folder, [s], "hai_bang_gop.ods"), DISTRICTS, "tables_joined")


@variant
def group_sheets_names_written_otherwise(folder: Path) -> Variant:
    sheets = group_sheets(GROUPS)
    other = {"Huyện Văn Bàn": "Huyện ủy Văn Bàn", "Huyện Bảo Thắng": "Bảo Thắng"}
    for s in sheets[1:]:
        for key, text in list(s.cells.items()):
            for unit, name in other.items():
                if text == NAMES[unit]:
                    s.put(*key, name)
    return read(save(folder, sheets, "ten_khac.xlsx"), DISTRICTS, "tables_joined")


@variant
def whole_year_units_over_rows(folder: Path) -> Variant:
    kinds = [("Năm 2024", "p"), ("Lũy kế đến nay", "c")]
    s = over_rows(DISTRICTS, Y24, kinds)
    return read(save(folder, [s], "nam_hai_dong.xlsx"), DISTRICTS, "units_over_rows", period="2024")


# ---- a unit's form split by group: one sheet or one file per group of indicators --------------


def group_form(
    unit: str,
    lines: Sequence[str],
    codes: Sequence[str],
    units: dict[str, Pairs],
    *,
    heads: Sequence[tuple[str, str]] = (PERIOD, SINCE),
    name: str = "Biểu",
    style: int = 1,
) -> SheetSpec:
    """A unit's form of one group of indicators: STT | Nội dung | a column per (header, role)."""
    s = SheetSpec(name)
    head(s, lines)
    s.row(6, 1, ["STT", "Nội dung", *(h for h, _ in heads)])
    for n, code in enumerate(codes):
        s.row(7 + n, 1, [n + 1, WRITTEN_LABELS[code][style]])
        s.row(7 + n, 3, [value(units, role)(unit, CODES.index(code)) for _, role in heads])
    s.put(9 + len(codes), 3, "T/M BAN THƯỜNG VỤ")
    return s


def unit_lines(unit: str, period: str, group: str = "") -> list[str]:
    """The lines over a form: the unit, the title (with the group where given), the period."""
    title = "KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24" + (f" - {group.upper()}" if group else "")
    return [f"Đơn vị: {NAMES[unit]}", title, period]


@variant
def unit_form_one_group_per_sheet(folder: Path) -> Variant:
    unit = "Huyện Bảo Yên"
    sheets = [
        group_form(
            unit, unit_lines(unit, "Kỳ báo cáo: 6 tháng đầu năm 2024", g), codes, DISTRICTS, name=g
        )
        for g, codes in GROUPS
    ]
    paths = save(folder, sheets, "bao_yen_6t.xlsx")
    return read(paths, {unit: DISTRICTS[unit]}, "forms_joined")


@variant
def unit_form_one_group_per_sheet_ods_titles_only(folder: Path) -> Variant:
    """The unit in the title line only, the period in brackets, columns in another order."""
    unit = "Xã Bắc Hà"
    heads = [("Lũy kế từ khi thực hiện Đề án", "c"), ("Thực hiện quý", "p")]
    sheets = [
        group_form(
            unit,
            [NAMES[unit].upper(), f"BIỂU {n}: {g.upper()}", "(Quý I năm 2026)"],
            codes,
            COMMUNES,
            heads=heads,
            name=f"Biểu {n}",
            style=2,
        )
        for n, (g, codes) in enumerate(GROUPS, 1)
    ]
    paths = save(folder, sheets, "bac_ha_q1.ods")
    return read(paths, {unit: COMMUNES[unit]}, "forms_joined", period="2026-Q1")


@variant
def unit_form_one_file_per_group(folder: Path) -> Variant:
    unit = "Huyện Si Ma Cai"
    made = []
    for n, (g, codes) in enumerate(GROUPS, 1):
        s = group_form(unit, unit_lines(unit, "Kỳ báo cáo: Quý 2/2024", g), codes, DISTRICTS)
        made += save(folder, [s], f"smc_q2_phan_{n}.xlsx")
    return read(made, {unit: DISTRICTS[unit]}, "forms_joined", period="2024-Q2")


@variant
def units_each_one_file_per_group_xls_xlsx(folder: Path) -> Variant:
    """Two units, each sending its party figures and its mass organisations' figures apart,
    beside a third unit's whole form: every unit read once, each from its own parts."""
    made = []
    halves = [("Đảng", PARTY), ("Đoàn thể", MASS)]
    for unit, ext in (("Phường Cam Đường", "xls"), ("Phường Sa Pa", "xlsx")):
        for g, codes in halves:
            lines = unit_lines(unit, "Kỳ báo cáo: 6 tháng cuối năm 2025", g)
            made += save(folder, [group_form(unit, lines, codes, COMMUNES)], f"{unit} {g}.{ext}")
    whole = "Xã Bảo Hà"
    lines = [NAMES[whole].upper(), "Kỳ báo cáo: 6 tháng cuối năm 2025"]
    made += save(folder, [form(whole, lines, [PERIOD, SINCE], COMMUNES)], "bao_ha.xlsx")
    chosen = {u: COMMUNES[u] for u in ("Phường Cam Đường", "Phường Sa Pa", whole)}
    return read(made, chosen, "forms_joined", period="2025-H2")


@variant
def unit_form_group_sheet_missing_refused(folder: Path) -> Variant:
    unit = "Huyện Bảo Yên"
    sheets = [
        group_form(
            unit, unit_lines(unit, "Kỳ báo cáo: 6 tháng đầu năm 2024", g), codes, DISTRICTS, name=g
        )
        for g, codes in GROUPS[:2]
    ]
    paths = save(folder, sheets, "thieu_doan.xlsx")
    return refused(paths, "indicator_missing", words="Số tổ chức đoàn thanh niên được thành lập")


@variant
def unit_form_indicator_in_two_group_files_refused(folder: Path) -> Variant:
    """The unions' count in the party file and again in the mass organisations' file: which one
    holds is not for the reader to pick."""
    unit = "Huyện Văn Bàn"
    made = []
    for g, codes in (("Đảng", [*PARTY, CODES[2]]), ("Đoàn thể", MASS)):
        s = group_form(
            unit, unit_lines(unit, "Kỳ báo cáo: 6 tháng đầu năm 2024", g), codes, DISTRICTS
        )
        made += save(folder, [s], f"van_ban_{g}.xlsx")
    return refused(made, "indicator_in_two_tables", "C7", "Số công đoàn cơ sở được thành lập")


@variant
def unit_form_group_file_naming_another_unit_refused(folder: Path) -> Variant:
    """Two group files that make one whole form between them, but the second names another
    unit (a copy of last time's file not renamed): whose figures they are is not for the
    reader to guess."""
    made = []
    for (g, codes), unit in zip(
        [("Đảng", PARTY), ("Đoàn thể", MASS)],
        ["Huyện Bảo Thắng", "Huyện Mường Khương"],
        strict=True,
    ):
        s = group_form(
            unit, unit_lines(unit, "Kỳ báo cáo: 6 tháng đầu năm 2024", g), codes, DISTRICTS
        )
        made += save(folder, [s], f"bao_thang_{g}.xlsx")
    return refused(made, "form_units_differ", "A1", "Huyện uỷ Mường Khương")


# ---- group tables repeating a whole table: compared, and where they differ, each cell said ----


@variant
def group_sheets_disagreeing_in_several_cells_xls(folder: Path) -> Variant:
    whole = summary("Tổng hợp", H1_24, DISTRICTS, [PERIOD, SINCE], style=2)
    groups = group_sheets(GROUPS, style=2)
    groups[0].put(9, 4, 18)  # Văn Bàn's admissions since the start: 9 in the summary
    groups[2].put(11, 3, 1)  # Si Ma Cai's youth union organisations: 0 in the summary
    paths = save(folder, [whole, *groups], "lech_hai_o.xls")
    return refused(
        paths, "tables_disagree", "D9", 'lũy kế: ô D9 ghi 18, trang "Tổng hợp" ô D9 ghi 9'
    )


@variant
def unit_whole_form_and_group_forms_repeating_it(folder: Path) -> Variant:
    unit = "Huyện Mường Khương"
    lines = unit_lines(unit, "Kỳ báo cáo: 6 tháng đầu năm 2024")
    made = save(folder, [form(unit, lines, [PERIOD, SINCE], DISTRICTS)], "mk.xlsx")
    parts = [
        group_form(unit, unit_lines(unit, lines[-1], g), codes, DISTRICTS, name=g)
        for g, codes in GROUPS
    ]
    made += save(folder, parts, "mk_theo_nhom.xlsx")
    return read(made, {unit: DISTRICTS[unit]}, "tables_repeat")


@variant
def unit_group_form_disagreeing_with_its_whole_form_refused(folder: Path) -> Variant:
    unit = "Huyện Mường Khương"
    lines = unit_lines(unit, "Kỳ báo cáo: 6 tháng đầu năm 2024")
    made = save(folder, [form(unit, lines, [PERIOD, SINCE], DISTRICTS)], "mk.xlsx")
    part = group_form(unit, unit_lines(unit, lines[-1], "Đảng"), PARTY, DISTRICTS)
    part.put(7, 3, 5)  # admitted: 3 on the whole form
    made += save(folder, [part], "mk_dang.xlsx")
    return refused(made, "tables_disagree", "C7", "ô C7 ghi 5, tệp mk.xlsx, trang")


# ---- a figure cell merged over two units' rows or two indicators' columns ---------------------


@variant
def figure_merged_over_two_units_rows_refused(folder: Path) -> Variant:
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE])
    s.merge(8, 5, 9, 5, 1)  # Bảo Yên's and Văn Bàn's party organisations this period: one cell
    return refused(save(folder, [s], "o_gop.xlsx"), "value_merged", "E8", "E8:E9")


@variant
def figure_merged_over_two_units_rows_xls_refused(folder: Path) -> Variant:
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE], style=2)
    s.merge(10, 16, 11, 16, 3)
    return refused(save(folder, [s], "o_gop.xls"), "value_merged", "P10", "P10:P11")


@variant
def figure_merged_over_two_indicators_columns_refused(folder: Path) -> Variant:
    s = summary("TH", H1_24, DISTRICTS, [PERIOD, SINCE])
    s.merge(9, 8, 9, 9, 1)  # Văn Bàn: unions since the start and youth unions this period
    return refused(save(folder, [s], "o_gop_cot.xlsx"), "value_merged", "H9", "cột H đến I")


@variant
def blank_merged_over_two_units_rows_is_zero(folder: Path) -> Variant:
    units = dict(DISTRICTS)
    units["Huyện Văn Bàn"] = [(0, 9), (0, 0), (0, 1), (12, 58), (1, 1), (0, 2), (0, 3)]
    units["Huyện Mường Khương"] = [(3, 12), (0, 1), (1, 2), (41, 133), (0, 1), (2, 3), (5, 8)]
    s = summary("TH", H1_24, units, [PERIOD, SINCE])
    s.merge(9, 5, 10, 5, 0)  # both without a new party organisation: one 0 over the two
    return read(save(folder, [s], "trong_gop.xlsx"), units)


# ---- group rows numbered over their units, named like a unit ----------------------------------


def grouped(
    groups: Sequence[tuple[Any, str, Sequence[str]]], lines: Sequence[str], *, child: str = "{n}"
) -> SheetSpec:
    """A commune summary in groups: each group's row (its STT, its name, the subtotals of its
    units) over its units' rows, numbered by child ('{n}' or '{g}.{n}'); a Tổng cộng row."""
    s = SheetSpec("Tổng hợp")
    head(s, lines)
    s.merge(5, 1, 6, 1, "STT")
    s.merge(5, 2, 6, 2, "Tên đơn vị")
    for i, code in enumerate(CODES):
        s.merge(5, 3 + 2 * i, 5, 4 + 2 * i, WRITTEN_LABELS[code][1])
        s.row(6, 3 + 2 * i, ["Trong kỳ", "Lũy kế từ khi thực hiện Đề án"])

    def sums(units: Sequence[str]) -> list[int]:
        return [sum(value(COMMUNES, r)(u, i) for u in units) for i in range(7) for r in "pc"]

    r = 7
    for g, (stt, name, units) in enumerate(groups, 1):
        s.row(r, 1, [stt, name, *sums(units)])
        for n, unit in enumerate(units, 1):
            figures = [value(COMMUNES, role)(unit, i) for i in range(7) for role in "pc"]
            s.row(r + n, 1, [child.format(g=g, n=n), NAMES[unit], *figures])
        r += 1 + len(units)
    s.row(r, 2, ["Tổng cộng", *sums([u for _, _, units in groups for u in units])])
    return s


SOUTH = ["Phường Cam Đường", "Phường Sa Pa"]
NORTH = ["Xã Bảo Hà", "Xã Bắc Hà", "Xã Bát Xát"]
Q2_26 = ["BAN CHỈ ĐẠO ĐỀ ÁN 24", "Kỳ báo cáo: quý II năm 2026"]


@variant
def roman_group_rows_named_like_communes(folder: Path) -> Variant:
    """'I | BẢO THẮNG' and 'II | VĂN BÀN' (communes of those names exist) over numbered
    communes: groups, checked against their units, never added as those communes."""
    s = grouped([("I", "BẢO THẮNG", SOUTH), ("II", "VĂN BÀN", NORTH)], Q2_26)
    paths = save(folder, [s], "theo_cum.xlsx")
    return read(paths, COMMUNES, "rows_not_added", period="2026-Q2")


@variant
def numbered_group_rows_named_like_communes_ods(folder: Path) -> Variant:
    s = grouped([(1, "Bảo Thắng", SOUTH), (2, "Văn Bàn", NORTH)], Q2_26, child="{g}.{n}")
    paths = save(folder, [s], "theo_cum.ods")
    return read(paths, COMMUNES, "rows_not_added", period="2026-Q2")


@variant
def numbered_group_rows_of_former_districts_xls(folder: Path) -> Variant:
    groups = [(1, "Khu vực thành phố Lào Cai (cũ)", SOUTH), (2, "Khu vực Bắc Hà (cũ)", NORTH)]
    s = grouped(groups, Q2_26, child="{g}.{n}")
    return read(save(folder, [s], "khu_vuc.xls"), COMMUNES, period="2026-Q2")


@variant
def group_row_named_like_a_commune_not_its_units_sum(folder: Path) -> Variant:
    """The group row's figures are not its units' sum: said, never added."""
    s = grouped([("I", "BẢO THẮNG", SOUTH), ("II", "VĂN BÀN", NORTH)], Q2_26)
    s.put(7, 3, 99)
    paths = save(folder, [s], "lech_nhom.xlsx")
    return read(paths, COMMUNES, "rows_not_added", "subtotal_mismatch", period="2026-Q2")


@variant
def capital_headings_without_stt_named_like_communes(folder: Path) -> Variant:
    """'ĐẢNG BỘ BẢO THẮNG' in capitals with no STT over communes numbered from 1 in each group:
    headings of their groups (their figures the subtotals), never added as Xã Bảo Thắng."""
    groups = [("", "ĐẢNG BỘ BẢO THẮNG", SOUTH), ("", "ĐẢNG BỘ VĂN BÀN", NORTH)]
    s = grouped(groups, Q2_26)
    paths = save(folder, [s], "in_hoa.xlsx")
    return read(paths, COMMUNES, "rows_not_added", period="2026-Q2")


@variant
def capital_headings_without_stt_ods(folder: Path) -> Variant:
    groups = [("", "KHU VỰC BẢO THẮNG", SOUTH), ("", "KHU VỰC VĂN BÀN", NORTH)]
    s = grouped(groups, Q2_26)
    return read(save(folder, [s], "in_hoa.ods"), COMMUNES, period="2026-Q2")


@variant
def commune_names_abbreviated_and_with_remarks(folder: Path) -> Variant:
    """'P. Cam Đường', 'P.Sa Pa', 'X. Bảo Hà (mới)', 'Xã Bắc Hà (huyện Bắc Hà cũ)'."""
    s = summary("TH", ["Kỳ báo cáo: quý II năm 2026"], COMMUNES, [PERIOD, SINCE])
    written = {
        "Đảng ủy phường Cam Đường": "P. Cam Đường",
        "Đảng ủy Phường Sa Pa": "P.Sa Pa",
        "Đảng bộ xã Bảo Hà": "X. Bảo Hà (mới)",
        "Xã Bắc Hà": "Xã Bắc Hà (huyện Bắc Hà cũ)",
    }
    for key, text in list(s.cells.items()):
        if text in written:
            s.put(*key, written[text])
    return read(save(folder, [s], "viet_tat.xlsx"), COMMUNES, period="2026-Q2")
