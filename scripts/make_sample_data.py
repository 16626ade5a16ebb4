"""Write the sample workbooks, notes and README of ``sample_data/``.

Run ``/work/venv/bin/python scripts/make_sample_data.py`` (optionally ``--out DIR``) to rewrite
them. The output is byte-for-byte deterministic: no randomness, fixed document timestamps and
fixed ZIP entry dates, so regenerating the files leaves ``git diff`` empty.

Every figure comes from one per-unit table per period:

* ``H1_2024`` (6 tháng đầu năm 2024) holds both the period and the cumulative value of every
  unit and indicator; its unit rows add up to the provincial figures of the domain reference.
* ``H2_2023_PERIOD`` and ``H2_2024_PERIOD`` hold the period values of those half years; their
  cumulative values are derived from ``H1_2024`` so that the series is continuous:
  cumulative(H2 2023) = cumulative(H1 2024) - period(H1 2024) and
  cumulative(H2 2024) = cumulative(H1 2024) + period(H2 2024) ...

... with ONE deliberate continuity break (``CONTINUITY_BREAK``): in 6 tháng cuối năm 2024,
Huyện Văn Bàn reports a cumulative "Số đoàn viên công đoàn được kết nạp" 20 higher than
continuity allows (181 instead of 130 + 31 = 161). The "Tổng cộng" row of that summary is the
sum of the unit values as written, so only the continuity check can catch it.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

ROOT: Final = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------

# (code, label on the forms, unit of measure), in report order.
INDICATORS: Final[tuple[tuple[str, str, str], ...]] = (
    ("ket_nap_dang_vien", "Số đảng viên được kết nạp", "người"),
    ("to_chuc_dang", "Số tổ chức đảng được thành lập", "tổ chức"),
    ("cong_doan", "Số công đoàn cơ sở được thành lập", "tổ chức"),
    ("doan_vien_cong_doan", "Số đoàn viên công đoàn được kết nạp", "người"),
    ("to_chuc_doan", "Số tổ chức đoàn thanh niên được thành lập", "tổ chức"),
    ("lop_boi_duong", "Số lớp bồi dưỡng nhận thức về Đảng", "lớp"),
    ("hoc_vien", "Số học viên là người lao động trong đơn vị kinh tế tư nhân", "người"),
)
CODES: Final[tuple[str, ...]] = tuple(code for code, _, _ in INDICATORS)

LP: Final = "Thành phố Lào Cai"
SP: Final = "Thị xã Sa Pa"
BX: Final = "Huyện Bát Xát"
MK: Final = "Huyện Mường Khương"
SMC: Final = "Huyện Si Ma Cai"
BH: Final = "Huyện Bắc Hà"
BT: Final = "Huyện Bảo Thắng"
BY: Final = "Huyện Bảo Yên"
VB: Final = "Huyện Văn Bàn"
KHOI: Final = "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
UNITS: Final[tuple[str, ...]] = (LP, SP, BX, MK, SMC, BH, BT, BY, VB, KHOI)

Pair = tuple[int, int]  # (Trong kỳ, Lũy kế từ khi thực hiện Đề án)
Table = dict[str, tuple[Pair, ...]]  # unit -> one pair per indicator, in INDICATORS order
Periods = dict[str, tuple[int, ...]]  # unit -> one period value per indicator

# 6 tháng đầu năm 2024: (Trong kỳ, Lũy kế) per indicator, columns in INDICATORS order:
#     ket_nap_dang_vien, to_chuc_dang, cong_doan, doan_vien_cong_doan, to_chuc_doan,
#     lop_boi_duong, hoc_vien
H1_2024: Final[Table] = {
    LP: ((5, 52), (1, 2), (2, 9), (412, 1166), (2, 5), (4, 10), (7, 17)),
    SP: ((0, 14), (0, 1), (1, 4), (156, 402), (1, 2), (2, 5), (3, 8)),
    BX: ((1, 12), (0, 0), (0, 2), (38, 96), (0, 1), (1, 3), (1, 4)),
    MK: ((0, 4), (0, 0), (0, 1), (0, 18), (0, 0), (1, 2), (0, 2)),
    SMC: ((0, 2), (0, 0), (0, 0), (0, 7), (0, 0), (0, 1), (0, 1)),
    BH: ((0, 6), (0, 0), (0, 1), (24, 61), (0, 1), (1, 3), (2, 4)),
    BT: ((3, 24), (1, 1), (1, 4), (187, 412), (1, 2), (3, 7), (5, 12)),
    BY: ((0, 9), (0, 0), (0, 2), (41, 118), (0, 1), (1, 3), (2, 5)),
    VB: ((2, 11), (0, 1), (1, 2), (48, 130), (0, 1), (1, 3), (2, 5)),
    KHOI: ((4, 40), (1, 2), (1, 8), (298, 864), (1, 3), (3, 8), (6, 13)),
}

# Provincial figures of 6 tháng đầu năm 2024 (domain reference); the table must add up to them.
H1_2024_TOTALS: Final[dict[str, Pair]] = {
    "ket_nap_dang_vien": (15, 174),
    "to_chuc_dang": (3, 7),
    "cong_doan": (6, 33),
    "doan_vien_cong_doan": (1204, 3274),
    "to_chuc_doan": (5, 16),
    "lop_boi_duong": (17, 45),
    "hoc_vien": (28, 71),
}
# Units that admitted no party member in 6 tháng đầu năm 2024 (domain reference).
H1_2024_NO_ADMISSION: Final = frozenset({SP, BY, BH, SMC, MK})

# 6 tháng cuối năm 2023: period values (cumulative derived, see module docstring).
H2_2023_PERIOD: Final[Periods] = {
    LP: (9, 0, 2, 186, 1, 3, 4),
    SP: (3, 1, 1, 64, 0, 1, 2),
    BX: (2, 0, 1, 12, 0, 1, 1),
    MK: (1, 0, 0, 5, 0, 0, 0),
    SMC: (0, 0, 0, 0, 0, 0, 0),
    BH: (1, 0, 0, 9, 1, 1, 1),
    BT: (4, 0, 1, 71, 1, 2, 3),
    BY: (2, 0, 1, 20, 0, 1, 1),
    VB: (2, 1, 0, 18, 0, 1, 1),
    KHOI: (7, 1, 2, 143, 1, 2, 3),
}

# 6 tháng cuối năm 2024: period values (cumulative derived, see module docstring).
H2_2024_PERIOD: Final[Periods] = {
    LP: (8, 1, 2, 268, 1, 3, 6),
    SP: (2, 0, 1, 87, 0, 1, 2),
    BX: (2, 0, 1, 24, 1, 1, 2),
    MK: (1, 0, 0, 6, 0, 1, 1),
    SMC: (0, 0, 0, 3, 0, 0, 0),
    BH: (1, 0, 1, 15, 0, 1, 1),
    BT: (5, 1, 1, 142, 1, 2, 4),
    BY: (1, 0, 0, 22, 0, 1, 1),
    VB: (3, 0, 1, 31, 0, 1, 2),
    KHOI: (9, 1, 2, 205, 1, 3, 5),
}

# The planted continuity break: (period, unit, indicator code, excess over continuity).
CONTINUITY_BREAK: Final = ("6 tháng cuối năm 2024", VB, "doan_vien_cong_doan", 20)

H1_2024_LABEL: Final = "6 tháng đầu năm 2024"
H2_2023_LABEL: Final = "6 tháng cuối năm 2023"
H2_2024_LABEL: Final = "6 tháng cuối năm 2024"


def derive_h2_2023() -> Table:
    """H2 2023: cumulative = H1 2024 cumulative - H1 2024 period (continuous series)."""
    table: Table = {}
    for unit in UNITS:
        pairs: list[Pair] = []
        for (h1_period, h1_cum), period in zip(H1_2024[unit], H2_2023_PERIOD[unit], strict=True):
            cumulative = h1_cum - h1_period
            pairs.append((period, cumulative))
        table[unit] = tuple(pairs)
    return table


def derive_h2_2024() -> Table:
    """H2 2024: cumulative = H1 2024 cumulative + H2 2024 period, except the planted break."""
    _, break_unit, break_code, excess = CONTINUITY_BREAK
    table: Table = {}
    for unit in UNITS:
        pairs: list[Pair] = []
        for code, (_, h1_cum), period in zip(
            CODES, H1_2024[unit], H2_2024_PERIOD[unit], strict=True
        ):
            cumulative = h1_cum + period
            if (unit, code) == (break_unit, break_code):
                cumulative += excess  # deliberate: the reader must flag this discontinuity
            pairs.append((period, cumulative))
        table[unit] = tuple(pairs)
    return table


def totals(table: Table) -> tuple[Pair, ...]:
    """Sum of the unit rows, one (period, cumulative) pair per indicator."""
    return tuple(
        (sum(table[u][i][0] for u in UNITS), sum(table[u][i][1] for u in UNITS))
        for i in range(len(INDICATORS))
    )


def check_tables(h2_2023: Table, h1_2024: Table, h2_2024: Table) -> None:
    """Fail loudly if an edit of the tables breaks one of the promises of the sample data."""
    for table in (h2_2023, h1_2024, h2_2024):
        assert tuple(table) == UNITS
        for unit, pairs in table.items():
            assert len(pairs) == len(INDICATORS), unit
            for code, (period, cumulative) in zip(CODES, pairs, strict=True):
                assert 0 <= period <= cumulative, (unit, code, period, cumulative)
    for code, pair in zip(CODES, totals(h1_2024), strict=True):
        assert pair == H1_2024_TOTALS[code], (code, pair, H1_2024_TOTALS[code])
    zero = {u for u in UNITS if h1_2024[u][0][0] == 0}
    assert zero == H1_2024_NO_ADMISSION, zero
    largest = max(UNITS, key=lambda u: h1_2024[u][3][1])
    assert largest == LP, largest


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------

FONT_NAME: Final = "Times New Roman"
THIN: Final = Side(style="thin")
BOX: Final = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER: Final = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT: Final = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT: Final = Alignment(horizontal="right", vertical="center")
NUMBER_FORMAT: Final = "#,##0"
FIXED_TIME: Final = datetime(2024, 1, 1, 0, 0, 0)

Norm = Callable[[str], str]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def vn_number(value: int) -> str:
    """Vietnamese text form of a count: "1.204"; "-" for zero, as district offices type it."""
    return "-" if value == 0 else f"{value:,}".replace(",", ".")


def font(*, bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name=FONT_NAME, bold=bold, italic=italic, size=size)


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: str | int | None,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 12,
    align: Alignment = CENTER,
    border: bool = False,
    end_col: int | None = None,
    norm: Norm = nfc,
) -> None:
    """Write one cell (optionally merged up to end_col on the same row) with its style."""
    cell = ws.cell(row=row, column=col, value=norm(value) if isinstance(value, str) else value)
    cell.font = font(bold=bold, italic=italic, size=size)
    cell.alignment = align
    if isinstance(value, int):
        cell.number_format = NUMBER_FORMAT
    last = end_col if end_col is not None else col
    if border:
        for c in range(col, last + 1):
            ws.cell(row=row, column=c).border = BOX
    if last > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last)


def save_deterministic(wb: Workbook, path: Path) -> None:
    """Save wb so that the same content always gives the same bytes."""
    wb.properties.creator = "Ban Tổ chức Tỉnh ủy Lào Cai"
    wb.properties.lastModifiedBy = "Ban Tổ chức Tỉnh ủy Lào Cai"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rf"\g<1>{stamp}\g<2>",
                    text,
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------------------------
# Layout A: the summary sheet ("biểu tổng hợp")
# --------------------------------------------------------------------------------------------

ISSUING_BODY: Final = "BAN CHỈ ĐẠO XÂY DỰNG TỔ CHỨC ĐẢNG, ĐOÀN THỂ TRONG CÁC ĐƠN VỊ KINH TẾ TƯ NHÂN"
SUMMARY_TITLE: Final = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN SỐ 24-ĐA/TU"
UNIT_FORM_TITLE: Final = "BIỂU BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN SỐ 24-ĐA/TU"
PERIOD_HEADER: Final = "Trong kỳ"
CUMULATIVE_HEADER: Final = "Lũy kế từ khi thực hiện Đề án"

# How the provincial office's clerk typed the unit names in the summary.
SUMMARY_NAMES: Final[dict[str, str]] = {
    LP: "Thành ủy Lào Cai",
    SP: "Thị ủy Sa Pa",
    BX: "Huyện ủy Bát Xát",
    MK: "Đảng bộ huyện Mường Khương",
    SMC: "H. Si Ma Cai",
    BH: "Huyện uỷ Bắc Hà",  # "uỷ", old tone placement
    BT: "Bảo Thắng",
    BY: "Huyện Bảo Yên",
    VB: "Đảng bộ huyện Văn Bàn",
    KHOI: "Đảng ủy Khối CQ-DN tỉnh",
}

# Cells the clerk typed as text (Vietnamese thousands separator, "-" for zero).
SUMMARY_TEXT_CELLS: Final = frozenset(
    {
        (LP, "doan_vien_cong_doan", "cumulative"),
        (SMC, "cong_doan", "cumulative"),
        (MK, "ket_nap_dang_vien", "period"),
    }
)


@dataclasses.dataclass(frozen=True)
class SummarySpec:
    file_name: str
    period_label: str
    table: Table
    date_line: str


def write_summary(spec: SummarySpec, out_dir: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tổng hợp"
    ncols = 2 + 2 * len(INDICATORS)

    put(ws, 1, 1, ISSUING_BODY, bold=True, end_col=8)
    put(ws, 2, 1, "*", end_col=8)
    put(ws, 3, 1, SUMMARY_TITLE, bold=True, size=14, end_col=ncols)
    put(ws, 4, 1, f"Kỳ báo cáo: {spec.period_label}", italic=True, end_col=ncols)
    # Row 5 is blank.

    head, sub, numbers = 6, 7, 8
    for col, text in ((1, "STT"), (2, "Đơn vị")):
        put(ws, head, col, text, bold=True, border=True)
        ws.cell(row=sub, column=col).border = BOX
        ws.merge_cells(start_row=head, start_column=col, end_row=sub, end_column=col)
    for i, (_, label, unit) in enumerate(INDICATORS):
        col = 3 + 2 * i
        put(ws, head, col, f"{label} ({unit})", bold=True, border=True, end_col=col + 1)
        put(ws, sub, col, PERIOD_HEADER, bold=True, border=True)
        put(ws, sub, col + 1, CUMULATIVE_HEADER, bold=True, border=True)
    for col in range(1, ncols + 1):
        put(ws, numbers, col, f"({col})", italic=True, border=True)

    row = numbers
    for stt, unit in enumerate(UNITS, start=1):
        row += 1
        put(ws, row, 1, stt, border=True)
        put(ws, row, 2, SUMMARY_NAMES[unit], align=LEFT, border=True)
        for i, (code, pair) in enumerate(zip(CODES, spec.table[unit], strict=True)):
            for j, kind in enumerate(("period", "cumulative")):
                value = pair[j]
                if (unit, code, kind) in SUMMARY_TEXT_CELLS:
                    put(ws, row, 3 + 2 * i + j, vn_number(value), align=RIGHT, border=True)
                else:
                    put(ws, row, 3 + 2 * i + j, value, border=True)

    row += 1
    total_row = row
    put(ws, total_row, 1, None, border=True)
    put(ws, total_row, 2, "Tổng cộng", bold=True, border=True)
    for i, (period, cumulative) in enumerate(totals(spec.table)):
        # Plain numbers: openpyxl cannot store the cached value of a formula.
        put(ws, total_row, 3 + 2 * i, period, bold=True, border=True)
        put(ws, total_row, 4 + 2 * i, cumulative, bold=True, border=True)

    sign = total_row + 2
    right = ncols - 4
    put(ws, sign, right, spec.date_line, italic=True, end_col=ncols)
    put(ws, sign + 1, 2, "Người lập biểu", bold=True)
    put(ws, sign + 1, right, "T/M BAN CHỈ ĐẠO", bold=True, end_col=ncols)
    put(ws, sign + 2, right, "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", bold=True, end_col=ncols)

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 28
    for col in range(3, ncols + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    ws.row_dimensions[head].height = 78
    ws.row_dimensions[sub].height = 48
    ws.freeze_panes = ws.cell(row=numbers + 1, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    # Noise the reader must ignore: an empty default sheet and a hidden list of units.
    wb.create_sheet("Sheet1")
    lists = wb.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    lists.cell(row=1, column=1, value="Danh sách đơn vị")
    for r, unit in enumerate(UNITS, start=2):
        lists.cell(row=r, column=1, value=unit)
    wb.active = 0

    save_deterministic(wb, out_dir / spec.file_name)


# --------------------------------------------------------------------------------------------
# Layout B: the unit form ("biểu đơn vị")
# --------------------------------------------------------------------------------------------

STANDARD_COLUMNS: Final = ("stt", "label", "dvt", "period", "cumulative")
REVERSED_COLUMNS: Final = ("stt", "label", "dvt", "cumulative", "period")
SPREAD_COLUMNS: Final = ("stt", "label", "dvt", None, "period", "cumulative")
COLUMN_HEADERS: Final[dict[str, str]] = {
    "stt": "STT",
    "label": "Chỉ tiêu",
    "dvt": "ĐVT",
    "period": PERIOD_HEADER,
    "cumulative": CUMULATIVE_HEADER,
}
COLUMN_WIDTHS: Final[dict[str | None, float]] = {
    "stt": 6,
    "label": 52,
    "dvt": 10,
    "period": 13,
    "cumulative": 18,
    None: 3,
}


@dataclasses.dataclass(frozen=True)
class UnitForm:
    unit: str
    file_stem: str  # ASCII file name of the unit's own workbook
    sheet_name: str  # sheet name in the multi-sheet workbook
    heading: str  # first line, the party committee in capitals
    name_line: str  # "Đơn vị: ..."
    place: str  # place of the date line
    numbered_labels: bool = False  # "1. Số đảng viên ..."
    unit_in_label: bool = False  # "Số đảng viên ... (người) "
    column_numbers: bool = True  # a "(1) (2) ..." row under the header
    # Quirks, used only in the unit's own workbook:
    nfd: bool = False  # every text in Unicode NFD
    columns: tuple[str | None, ...] = STANDARD_COLUMNS  # None: a blank column
    blank_rows_after: tuple[int, ...] = ()  # blank rows after these indicator numbers
    numbers_as_text: bool = False  # "1.166" typed as text
    own_sheet_after_sheet1: bool = False  # empty "Sheet1" first, then a sheet named after unit


UNIT_FORMS: Final[tuple[UnitForm, ...]] = (
    UnitForm(
        unit=LP,
        file_stem="thanh_pho_lao_cai",
        sheet_name="TP Lào Cai",
        heading="ĐẢNG BỘ THÀNH PHỐ LÀO CAI",
        name_line="Đơn vị: TP. Lào Cai",
        place="Lào Cai",
        numbers_as_text=True,
    ),
    UnitForm(
        unit=SP,
        file_stem="sa_pa",
        sheet_name="Sa Pa",
        heading="ĐẢNG BỘ THỊ XÃ SA PA",
        name_line="Đơn vị: Thị ủy Sa Pa",
        place="Sa Pa",
        numbered_labels=True,
    ),
    UnitForm(
        unit=BX,
        file_stem="bat_xat",
        sheet_name="Bát Xát",
        heading="ĐẢNG BỘ HUYỆN BÁT XÁT",
        name_line="Đơn vị: Huyện ủy Bát Xát",
        place="Bát Xát",
        numbered_labels=True,
        column_numbers=False,
    ),
    UnitForm(
        unit=MK,
        file_stem="muong_khuong",
        sheet_name="Mường Khương",
        heading="ĐẢNG BỘ HUYỆN MƯỜNG KHƯƠNG",
        name_line="Đơn vị: Huyện ủy Mường Khương",
        place="Mường Khương",
        nfd=True,
    ),
    UnitForm(
        unit=SMC,
        file_stem="si_ma_cai",
        sheet_name="Si Ma Cai",
        heading="ĐẢNG BỘ HUYỆN SI MA CAI",
        name_line="Đơn vị: H. Si Ma Cai",
        place="Si Ma Cai",
        unit_in_label=True,
        column_numbers=False,
    ),
    UnitForm(
        unit=BH,
        file_stem="bac_ha",
        sheet_name="Bắc Hà",
        heading="HUYỆN UỶ BẮC HÀ",
        name_line="Đơn vị: Huyện uỷ Bắc Hà",
        place="Bắc Hà",
        own_sheet_after_sheet1=True,
    ),
    UnitForm(
        unit=BT,
        file_stem="bao_thang",
        sheet_name="Bảo Thắng",
        heading="ĐẢNG BỘ HUYỆN BẢO THẮNG",
        name_line="Đơn vị: Đảng bộ huyện Bảo Thắng",
        place="Bảo Thắng",
        columns=REVERSED_COLUMNS,
    ),
    UnitForm(
        unit=BY,
        file_stem="bao_yen",
        sheet_name="Bảo Yên",
        heading="ĐẢNG BỘ HUYỆN BẢO YÊN",
        name_line="Đơn vị: Huyện Bảo Yên",
        place="Bảo Yên",
        numbered_labels=True,
    ),
    UnitForm(
        unit=VB,
        file_stem="van_ban",
        sheet_name="Văn Bàn",
        heading="ĐẢNG BỘ HUYỆN VĂN BÀN",
        name_line="Đơn vị: Huyện ủy Văn Bàn",
        place="Văn Bàn",
        columns=SPREAD_COLUMNS,
        blank_rows_after=(2, 5),
    ),
    UnitForm(
        unit=KHOI,
        file_stem="khoi_co_quan_doanh_nghiep",
        sheet_name="Khối CQ-DN",
        heading="ĐẢNG BỘ KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH",
        name_line="Đơn vị: Đảng ủy Khối CQ-DN tỉnh",
        place="Lào Cai",
        numbered_labels=True,
    ),
)

UNIT_FORM_DATE: Final = "ngày 14 tháng 6 năm 2024"


def plain_form(form: UnitForm) -> UnitForm:
    """The same form without the file-level quirks (for the multi-sheet workbook)."""
    return dataclasses.replace(
        form,
        nfd=False,
        columns=STANDARD_COLUMNS,
        blank_rows_after=(),
        numbers_as_text=False,
        own_sheet_after_sheet1=False,
    )


def write_unit_sheet(ws: Worksheet, form: UnitForm, pairs: Sequence[Pair], period: str) -> None:
    norm: Norm = nfd if form.nfd else nfc
    columns = form.columns

    text = functools.partial(put, ws, norm=norm)  # text cells, in the form's Unicode form

    ncols = len(columns)

    text(1, 1, form.heading, bold=True, align=LEFT, end_col=2)
    text(2, 1, form.name_line, align=LEFT, end_col=2)
    # Row 3 is blank.
    text(4, 1, UNIT_FORM_TITLE, bold=True, size=14, end_col=ncols)
    text(5, 1, f"Kỳ báo cáo: {period}", italic=True, end_col=ncols)
    # Row 6 is blank.

    head = 7
    for col, kind in enumerate(columns, start=1):
        if kind is None:
            ws.cell(row=head, column=col).border = BOX
        else:
            text(head, col, COLUMN_HEADERS[kind], bold=True, border=True)
        ws.column_dimensions[get_column_letter(col)].width = COLUMN_WIDTHS[kind]
    ws.row_dimensions[head].height = 36
    row = head
    if form.column_numbers:
        row += 1
        number = 0
        for col, kind in enumerate(columns, start=1):
            if kind is None:
                ws.cell(row=row, column=col).border = BOX
            else:
                number += 1
                text(row, col, f"({number})", italic=True, border=True)

    for n, ((_, label, unit), (period_value, cumulative)) in enumerate(
        zip(INDICATORS, pairs, strict=True), start=1
    ):
        row += 1
        shown = f"{n}. {label}" if form.numbered_labels else label
        if form.unit_in_label:
            shown = f"{shown} ({unit}) "
        for col, kind in enumerate(columns, start=1):
            if kind is None:
                ws.cell(row=row, column=col).border = BOX
            elif kind == "stt":
                put(ws, row, col, n, border=True)
            elif kind == "label":
                text(row, col, shown, align=LEFT, border=True)
            elif kind == "dvt":
                text(row, col, unit, border=True)
            else:
                value = period_value if kind == "period" else cumulative
                if form.numbers_as_text:
                    text(row, col, vn_number(value), align=RIGHT, border=True)
                else:
                    put(ws, row, col, value, border=True)
        if n in form.blank_rows_after:
            row += 1
            for col in range(1, ncols + 1):
                ws.cell(row=row, column=col).border = BOX

    sign = row + 2
    text(sign, ncols - 1, f"{form.place}, {UNIT_FORM_DATE}", italic=True, end_col=ncols)
    text(sign + 1, 2, "Người lập biểu", bold=True)
    text(sign + 1, ncols - 1, "T/M BAN THƯỜNG VỤ", bold=True, end_col=ncols)
    text(sign + 2, ncols - 1, "PHÓ BÍ THƯ", bold=True, end_col=ncols)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def write_unit_workbook(form: UnitForm, pairs: Sequence[Pair], period: str, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    norm: Norm = nfd if form.nfd else nfc
    if form.own_sheet_after_sheet1:
        ws.title = "Sheet1"  # left empty
        ws = wb.create_sheet(form.sheet_name)
        wb.active = 1
    else:
        ws.title = norm("Báo cáo")
    write_unit_sheet(ws, form, pairs, period)
    save_deterministic(wb, path)


def write_multi_sheet(table: Table, period: str, path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for form in UNIT_FORMS:
        ws = wb.create_sheet(form.sheet_name)
        write_unit_sheet(ws, plain_form(form), table[form.unit], period)
    wb.active = 0
    save_deterministic(wb, path)


# --------------------------------------------------------------------------------------------
# Markdown files
# --------------------------------------------------------------------------------------------

NOTES_H1_2024: Final = """\
## Công tác lãnh đạo, chỉ đạo

- Ban Chỉ đạo ban hành kế hoạch kiểm tra, giám sát việc thực hiện Đề án năm 2024; phân công \
thành viên Ban Chỉ đạo phụ trách từng địa bàn, thường xuyên theo dõi, đôn đốc các đảng bộ \
triển khai nhiệm vụ.
- Ban thường vụ các huyện ủy, thị ủy, thành ủy và Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh \
cụ thể hóa Đề án bằng kế hoạch hằng năm, giao chỉ tiêu phát triển đảng viên, thành lập tổ \
chức đảng, đoàn thể trong các đơn vị kinh tế tư nhân cho từng tổ chức cơ sở đảng.
- Các cơ quan chuyên môn hướng dẫn triển khai Nghị quyết số 17/2023/NQ-HĐND ngày 8/12/2023 \
của HĐND tỉnh; công tác tuyên truyền, vận động chủ doanh nghiệp và người lao động được đẩy \
mạnh, bước đầu tạo chuyển biến về nhận thức và hành động.

## Nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2024

- Tiếp tục quán triệt, tuyên truyền sâu rộng Đề án tới chủ doanh nghiệp và người lao động; \
nâng cao trách nhiệm của người đứng đầu cấp ủy trong lãnh đạo, chỉ đạo thực hiện.
- Tập trung bồi dưỡng quần chúng ưu tú, tạo nguồn phát triển đảng viên; các đảng bộ chưa kết \
nạp được đảng viên trong 6 tháng đầu năm phấn đấu có kết quả trong 6 tháng cuối năm.
- Rà soát các đơn vị kinh tế tư nhân đủ điều kiện để thành lập tổ chức đảng, công đoàn cơ sở, \
đoàn thanh niên; thực hiện đầy đủ, kịp thời chính sách hỗ trợ theo Nghị quyết số \
17/2023/NQ-HĐND.
- Thành viên Ban Chỉ đạo bám sát địa bàn được phân công; các đảng bộ tổng hợp, báo cáo kết \
quả đầy đủ, đúng thời gian quy định.

## Nguyên nhân của hạn chế

- Một số cấp ủy chưa thật sự quan tâm, còn trông chờ vào đơn vị kinh tế tư nhân; việc nắm \
tình hình, tạo nguồn kết nạp đảng viên trong doanh nghiệp chưa thường xuyên.
- Phần lớn đơn vị kinh tế tư nhân trên địa bàn có quy mô nhỏ, lao động thời vụ, biến động \
nhiều; không ít chủ doanh nghiệp chưa nhận thức đầy đủ lợi ích của việc thành lập tổ chức \
đảng, đoàn thể.
- Người lao động chủ yếu tập trung cho sản xuất, kinh doanh, ít thời gian tham gia học tập, \
sinh hoạt; số quần chúng ưu tú đủ điều kiện xem xét kết nạp còn ít.
"""


def readme_text(h1_2024: Table, h2_2024: Table) -> str:
    _, break_unit, break_code, excess = CONTINUITY_BREAK
    i = CODES.index(break_code)
    written = h2_2024[break_unit][i][1]
    expected = written - excess
    lines = [
        "# Dữ liệu mẫu Đề án 24-ĐA/TU",
        "",
        "Sinh bằng `scripts/make_sample_data.py` (không sửa tay; chạy lại script để cập nhật). "
        "Số liệu là giả định, cộng đúng số liệu toàn tỉnh 6 tháng đầu năm 2024.",
        "",
        "## Các tệp",
        "",
        '- `tong_hop_6thang_dau_2024.xlsx`: biểu tổng hợp (mẫu A), sheet "Tổng hợp": tiêu đề '
        'bảng hai hàng có gộp ô, tên đơn vị viết nhiều kiểu ("Thành ủy Lào Cai", "H. Si Ma Cai", '
        '"Huyện uỷ Bắc Hà"...), một số ô số nhập dạng chữ ("1.166", "-"), dòng "Tổng '
        'cộng" (số, không phải công thức), phần ký; kèm sheet trống "Sheet1" và sheet ẩn '
        '"Danh mục" (phải bỏ qua).',
        "- `don_vi_6thang_dau_2024/`: 10 biểu đơn vị (mẫu B), mỗi đơn vị một tệp: "
        "`thanh_pho_lao_cai.xlsx` (số nhập dạng chữ), `muong_khuong.xlsx` (văn bản Unicode "
        "NFD), `bao_thang.xlsx` (cột Lũy kế đứng trước cột Trong kỳ), `van_ban.xlsx` (thêm cột "
        "trống và dòng trống trong bảng), `bac_ha.xlsx` (sheet mang tên đơn vị, đứng sau "
        '"Sheet1" trống), `si_ma_cai.xlsx` (chỉ tiêu kèm đơn vị tính trong ngoặc); một số tệp '
        'đánh số "1.", "2." trước chỉ tiêu.',
        '- `theo_don_vi_6thang_dau_2024.xlsx`: một tệp, mỗi đơn vị một sheet mẫu B ("Bát Xát", '
        '"Sa Pa"...), cùng số liệu.',
        "- `tong_hop_6thang_cuoi_2023.xlsx`, `tong_hop_6thang_cuoi_2024.xlsx`: biểu tổng hợp "
        "mẫu A của kỳ trước và kỳ sau, để kiểm tra tính liên tục của số lũy kế.",
        "- `ghi_chu_6thang_dau_2024.md`: ghi chú mẫu của chuyên viên (lãnh đạo, chỉ đạo; nhiệm "
        "vụ, giải pháp; nguyên nhân của hạn chế).",
        "",
        "## Tổng hợp toàn tỉnh 6 tháng đầu năm 2024",
        "",
        "| Chỉ tiêu | Trong kỳ | Lũy kế |",
        "|---|---:|---:|",
    ]
    for (_, label, unit), (period, cumulative) in zip(INDICATORS, totals(h1_2024), strict=True):
        lines.append(f"| {label} ({unit}) | {vn_number(period)} | {vn_number(cumulative)} |")
    zero = [u for u in UNITS if u in H1_2024_NO_ADMISSION]
    lines += [
        "",
        "Chưa kết nạp được đảng viên trong kỳ: " + ", ".join(zero[:-1]) + f" và {zero[-1]}.",
        "",
        "## Điểm gián đoạn cố ý",
        "",
        "Lũy kế kỳ trước cộng số trong kỳ bằng lũy kế kỳ này với mọi đơn vị và chỉ tiêu "
        "(6 tháng cuối năm 2023 → 6 tháng đầu năm 2024 → 6 tháng cuối năm 2024), trừ một chỗ "
        f"cài sẵn để kiểm tra cảnh báo: trong `tong_hop_6thang_cuoi_2024.xlsx`, {break_unit}, "
        f'chỉ tiêu "{INDICATORS[i][1]}" ghi lũy kế {vn_number(written)}, trong khi lũy kế 6 '
        f"tháng đầu năm 2024 ({vn_number(h1_2024[break_unit][i][1])}) cộng số trong kỳ "
        f"({vn_number(h2_2024[break_unit][i][0])}) chỉ là {vn_number(expected)} (thừa "
        f'{excess}). Dòng "Tổng cộng" của biểu vẫn khớp với tổng các đơn vị như đã ghi.',
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def build(out_dir: Path) -> list[Path]:
    h1_2024 = H1_2024
    h2_2023 = derive_h2_2023()
    h2_2024 = derive_h2_2024()
    check_tables(h2_2023, h1_2024, h2_2024)

    out_dir.mkdir(parents=True, exist_ok=True)
    summaries = (
        SummarySpec(
            "tong_hop_6thang_cuoi_2023.xlsx",
            H2_2023_LABEL,
            h2_2023,
            "Lào Cai, ngày 15 tháng 12 năm 2023",
        ),
        SummarySpec(
            "tong_hop_6thang_dau_2024.xlsx",
            H1_2024_LABEL,
            h1_2024,
            "Lào Cai, ngày 05 tháng 7 năm 2024",
        ),
        SummarySpec(
            "tong_hop_6thang_cuoi_2024.xlsx",
            H2_2024_LABEL,
            h2_2024,
            "Lào Cai, ngày 16 tháng 12 năm 2024",
        ),
    )
    for spec in summaries:
        write_summary(spec, out_dir)

    unit_dir = out_dir / "don_vi_6thang_dau_2024"
    unit_dir.mkdir(exist_ok=True)
    for stale in unit_dir.glob("*.xlsx"):
        stale.unlink()
    for form in UNIT_FORMS:
        path = unit_dir / f"{form.file_stem}.xlsx"
        write_unit_workbook(form, h1_2024[form.unit], H1_2024_LABEL, path)

    write_multi_sheet(h1_2024, H1_2024_LABEL, out_dir / "theo_don_vi_6thang_dau_2024.xlsx")
    (out_dir / "ghi_chu_6thang_dau_2024.md").write_text(NOTES_H1_2024, encoding="utf-8")
    (out_dir / "README.md").write_text(readme_text(h1_2024, h2_2024), encoding="utf-8")
    return sorted(p for p in out_dir.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "sample_data", help="output folder (sample_data/)"
    )
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path.relative_to(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
