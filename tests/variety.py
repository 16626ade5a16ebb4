"""A corpus of workbooks laid out the way real district offices lay them out, with known figures.

Each builder writes one variant into a folder and returns a `Variant`: the inputs to give
`dean24 report`, and the figures (by canonical unit name) the report must hold. Sheets are
described as cells and merges (`SheetSpec`), so one description can be saved as .xlsx/.xlsm
(openpyxl), .xls (xlwt) or .ods (odfpy). xlwt and odfpy are not project dependencies: the
.xls and .ods variants read small files committed under tests/data/variety/, which
`python -m tests.variety` writes again when those packages are installed.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data" / "variety"

CODES = [
    "ket_nap_dang_vien",
    "to_chuc_dang",
    "cong_doan",
    "doan_vien_cong_doan",
    "to_chuc_doan",
    "lop_boi_duong",
    "hoc_vien",
]
LABELS = {
    "ket_nap_dang_vien": "Số đảng viên được kết nạp",
    "to_chuc_dang": "Số tổ chức đảng được thành lập",
    "cong_doan": "Số công đoàn cơ sở được thành lập",
    "doan_vien_cong_doan": "Số đoàn viên công đoàn được kết nạp",
    "to_chuc_doan": "Số tổ chức đoàn thanh niên được thành lập",
    "lop_boi_duong": "Số lớp bồi dưỡng nhận thức về Đảng",
    "hoc_vien": "Số học viên là người lao động trong đơn vị kinh tế tư nhân",
}
UNITS_OF_MEASURE = ["người", "tổ chức", "tổ chức", "người", "tổ chức", "lớp", "người"]
KINDS = ("Trong kỳ", "Lũy kế từ khi thực hiện Đề án")
PERIOD_LINE = "Kỳ báo cáo: 6 tháng đầu năm 2024"

Pairs = list[tuple[int, int]]

# Canonical unit name → (period, cumulative) per indicator, in CODES order. All different,
# so a figure read from the wrong column or row shows.
DATA: dict[str, Pairs] = {
    "Thành phố Lào Cai": [(5, 52), (1, 2), (2, 9), (412, 1166), (2, 5), (4, 10), (7, 17)],
    "Thị xã Sa Pa": [(0, 14), (0, 1), (1, 4), (156, 402), (1, 2), (2, 5), (3, 8)],
    "Huyện Bát Xát": [(1, 12), (0, 0), (0, 2), (38, 96), (0, 1), (1, 3), (1, 4)],
    "Huyện Bắc Hà": [(3, 21), (1, 1), (1, 3), (97, 1204), (1, 3), (2, 6), (4, 9)],
    "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh": [
        (6, 35),
        (1, 3),
        (2, 7),
        (501, 1534),
        (1, 4),
        (3, 8),
        (12, 30),
    ],
}
# How the offices usually write the names.
WRITTEN = {
    "Thành phố Lào Cai": "Thành ủy Lào Cai",
    "Thị xã Sa Pa": "Thị ủy Sa Pa",
    "Huyện Bát Xát": "Huyện ủy Bát Xát",
    "Huyện Bắc Hà": "Huyện ủy Bắc Hà",
    "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh": "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
}


# ----------------------------------------------------------------------------- sheets


@dataclass(frozen=True)
class Formula:
    """A formula cell as Excel saves it: the formula and its cached value."""

    text: str  # without the leading '='
    cached: int


@dataclass
class SheetSpec:
    """One sheet as cells (1-based row, column) and merged ranges (r0, c0, r1, c1)."""

    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)  # 1-based rows hidden by hand

    def put(self, row: int, col: int, value: Any) -> None:
        self.cells[(row, col)] = value

    def row(self, row: int, col: int, values: Sequence[Any]) -> None:
        for i, value in enumerate(values):
            if value is not None:
                self.put(row, col + i, value)

    def merge(self, r0: int, c0: int, r1: int, c1: int, value: Any = None) -> None:
        if value is not None:
            self.put(r0, c0, value)
        self.merges.append((r0, c0, r1, c1))


@dataclass
class Book:
    sheets: list[SheetSpec]

    def save(self, path: Path) -> Path:
        suffix = path.suffix.lower()
        if suffix in {".xlsx", ".xlsm"}:
            _save_xlsx(self, path)
        elif suffix == ".xls":
            _save_xls(self, path)
        elif suffix == ".ods":
            _save_ods(self, path)
        else:
            raise ValueError(suffix)
        return path


def _save_xlsx(book: Book, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    for i, spec in enumerate(book.sheets):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = spec.name
        for (r, c), value in spec.cells.items():
            ws.cell(
                row=r, column=c, value=f"={value.text}" if isinstance(value, Formula) else value
            )
        for r0, c0, r1, c1 in spec.merges:
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
        if spec.hidden:
            ws.sheet_state = "hidden"
        for r in spec.hidden_rows:
            ws.row_dimensions[r].hidden = True
    wb.save(path)
    _store_cached_values(book, path)
    if path.suffix.lower() == ".xlsm":
        _mark_macro_enabled(path)


def _store_cached_values(book: Book, path: Path) -> None:
    """openpyxl writes formulas with an empty <v/>; put in the value Excel would have cached."""
    from openpyxl.utils import get_column_letter

    patches: dict[str, dict[str, int]] = {}
    for i, spec in enumerate(book.sheets, start=1):
        for (r, c), value in spec.cells.items():
            if isinstance(value, Formula):
                ref = f"{get_column_letter(c)}{r}"
                patches.setdefault(f"xl/worksheets/sheet{i}.xml", {})[ref] = value.cached
    if not patches:
        return
    with zipfile.ZipFile(path) as zin:
        parts = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            for ref, cached in patches.get(info.filename, {}).items():
                pattern = rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(?:</v>)?'
                data, n = re.subn(pattern.encode(), rf"\g<1><v>{cached}</v>".encode(), data)
                assert n == 1, (info.filename, ref)
            zout.writestr(info, data)


def _mark_macro_enabled(path: Path) -> None:
    """Give the package the content type Excel writes for a macro-enabled workbook."""
    plain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    with zipfile.ZipFile(path) as zin:
        parts = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == "[Content_Types].xml":
                assert plain.encode() in data
                data = data.replace(plain.encode(), macro.encode())
            zout.writestr(info, data)


def _save_xls(book: Book, path: Path) -> None:
    import xlwt  # type: ignore[import-untyped]

    wb = xlwt.Workbook(encoding="utf-8")
    for spec in book.sheets:
        ws = wb.add_sheet(spec.name)
        covered = _covered(spec)
        for (r, c), value in spec.cells.items():
            if (r, c) not in covered:
                ws.write(r - 1, c - 1, value.cached if isinstance(value, Formula) else value)
        for r0, c0, r1, c1 in spec.merges:
            ws.merge(r0 - 1, r1 - 1, c0 - 1, c1 - 1)
        if spec.hidden:
            ws.visibility = 1
        for r in spec.hidden_rows:
            ws.row(r - 1).hidden = True
    wb.save(str(path))


def _covered(spec: SheetSpec) -> set[tuple[int, int]]:
    return {
        (r, c)
        for r0, c0, r1, c1 in spec.merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }


def _save_ods(book: Book, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet  # type: ignore[import-untyped]
    from odf.style import Style, TableProperties  # type: ignore[import-untyped]
    from odf.table import (  # type: ignore[import-untyped]
        CoveredTableCell,
        Table,
        TableCell,
        TableRow,
    )
    from odf.text import P  # type: ignore[import-untyped]

    doc = OpenDocumentSpreadsheet()
    hidden_style = Style(name="hiddenTable", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden_style)
    for spec in book.sheets:
        table = Table(name=spec.name)
        if spec.hidden:
            table.setAttribute("stylename", hidden_style)
        covered = _covered(spec)
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in spec.merges}
        rows = max((r for r, _ in spec.cells), default=0)
        cols = max((c for _, c in spec.cells), default=0)
        cols = max([cols, *(c1 for _, _, _, c1 in spec.merges)])
        for r in range(1, rows + 1):
            tr = TableRow(visibility="collapse") if r in spec.hidden_rows else TableRow()
            for c in range(1, cols + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                value = spec.cells.get((r, c))
                if isinstance(value, Formula):
                    value = value.cached
                attrs: dict[str, Any] = {}
                if (r, c) in spans:
                    attrs["numberrowsspanned"] = spans[(r, c)][0]
                    attrs["numbercolumnsspanned"] = spans[(r, c)][1]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value, **attrs)
                    cell.addElement(P(text=str(value)))
                elif value is None:
                    cell = TableCell(**attrs)
                else:
                    cell = TableCell(valuetype="string", **attrs)
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


# ----------------------------------------------------------------------------- variants


@dataclass
class Variant:
    """Inputs to report on and what the report must say about them."""

    inputs: list[Path]
    units: dict[str, Pairs] = field(default_factory=dict)  # canonical name → figures
    period: str = "2024-H1"
    args: tuple[str, ...] = ()
    warnings: frozenset[str] = frozenset({"units_missing"})  # codes that may appear
    error: str | None = None  # for a refusal: the error code ...
    error_cell: str = ""  # ... the cell it must name (if any) ...
    error_file: str = ""  # ... in this file ...
    error_words: str = ""  # ... and Vietnamese words of its message


Builder = Callable[[Path], Variant]
BUILDERS: dict[str, Builder] = {}


def variant(func: Builder) -> Builder:
    BUILDERS[func.__name__] = func
    return func


def previous_period(data: dict[str, Pairs]) -> dict[str, Pairs]:
    """Figures of the period before: cumulative = this cumulative - this period."""
    return {u: [(min(p, c - p), c - p) for p, c in v] for u, v in data.items()}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def some(*names: str) -> dict[str, Pairs]:
    return {name: DATA[name] for name in names}


def summary_table(
    s: SheetSpec,
    *,
    top: int = 5,
    left: int = 1,
    data: dict[str, Pairs] | None = None,
    names: dict[str, str] | None = None,
    order: Sequence[str] = CODES,
    labels: dict[str, str] | None = None,
    kinds: Sequence[str] = KINDS,
    lead: Sequence[str] = ("STT", "Đơn vị"),
    merged: bool = True,
    gap: bool = False,
    notes: bool = False,
    group: str | None = None,
    numbers_row: bool = False,
    totals: str | None = "end",
    totals_label: str = "Tổng cộng",
    fmt: Callable[[int], Any] = lambda v: v,
) -> int:
    """Write a layout-A table (header, one row per unit, totals); return the next free row."""
    data = DATA if data is None else data
    names = {**WRITTEN, **(names or {})}
    labels = {**LABELS, **(labels or {})}
    label_row = top + (1 if group else 0)
    kind_row = label_row + 1
    col_of_lead = {word: left + i for i, word in enumerate(lead)}
    value_col: dict[str, int] = {}
    col = left + len(lead)
    for code in order:
        value_col[code] = col
        col += 3 if gap else 2
    last_value_col = col - (2 if gap else 1)
    notes_col = last_value_col + 1 if notes else None
    for word, c in col_of_lead.items():
        if merged:
            s.merge(top, c, kind_row, c, word)
        else:
            s.put(top, c, word)
    if group:
        s.merge(top, left + len(lead), top, last_value_col, group)
    for code in order:
        c = value_col[code]
        if merged:
            s.merge(label_row, c, label_row, c + 1, labels[code])
        else:
            s.put(label_row, c, labels[code])
        s.row(kind_row, c, kinds)
    if notes_col:
        if merged:
            s.merge(top, notes_col, kind_row, notes_col, "Ghi chú")
        else:
            s.put(top, notes_col, "Ghi chú")
    r = kind_row + 1
    if numbers_row:
        for i in range(notes_col or last_value_col):
            if i + 1 >= left:
                s.put(r, i + 1, f"({i + 2 - left})")
        r += 1

    def totals_row(row: int) -> None:
        s.put(row, col_of_lead.get("Đơn vị", left), totals_label)
        for code in order:
            i = CODES.index(code)
            for k in range(2):
                s.put(row, value_col[code] + k, fmt(sum(v[i][k] for v in data.values())))

    if totals == "first":
        totals_row(r)
        r += 1
    for n, (unit, values) in enumerate(data.items(), start=1):
        if "STT" in col_of_lead:
            s.put(r, col_of_lead["STT"], n)
        s.put(r, col_of_lead["Đơn vị"], names.get(unit, unit))
        for code in order:
            pair = values[CODES.index(code)]
            s.row(r, value_col[code], [fmt(pair[0]), fmt(pair[1])])
        if notes_col and n % 2:
            s.put(r, notes_col, "Số liệu đến 15/6/2024")
        r += 1
    if totals == "end":
        totals_row(r)
        r += 1
    s.put(r + 1, max(value_col.values()) - 2, "T/M BAN THƯỜNG VỤ")
    s.put(r + 2, max(value_col.values()) - 2, "PHÓ BÍ THƯ")
    return r + 3


def titles(s: SheetSpec, *lines: str, left: int = 1) -> None:
    for i, line in enumerate(lines, start=1):
        if line:
            s.put(i, left, line)


def one_sheet(folder: Path, s: SheetSpec, name: str = "tong_hop.xlsx") -> list[Path]:
    return [Book([s]).save(folder / name)]


def summary_titles(s: SheetSpec, period_line: str | None = PERIOD_LINE) -> None:
    titles(
        s, "BAN CHỈ ĐẠO XÂY DỰNG TỔ CHỨC ĐẢNG, ĐOÀN THỂ", "BIỂU TỔNG HỢP KẾT QUẢ", period_line or ""
    )


# ---- layout A: the header -------------------------------------------------------------------


@variant
def a_baseline(folder: Path) -> Variant:
    """The layout of our own samples: the control case."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_group_row(folder: Path) -> Variant:
    """'KẾT QUẢ THỰC HIỆN' merged over all indicator columns above the labels."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, group="KẾT QUẢ THỰC HIỆN")
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_inverted_header(folder: Path) -> Variant:
    """'Trong kỳ' and 'Lũy kế …' merged above, each over seven indicator labels below."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    s.merge(5, 1, 6, 1, "STT")
    s.merge(5, 2, 6, 2, "Đơn vị")
    s.merge(5, 3, 5, 9, "Trong kỳ")
    s.merge(5, 10, 5, 16, "Lũy kế từ khi thực hiện Đề án")
    for i, code in enumerate(CODES):
        s.put(6, 3 + i, LABELS[code])
        s.put(6, 10 + i, LABELS[code])
    r = 7
    for n, (unit, values) in enumerate(DATA.items(), start=1):
        s.row(r, 1, [n, WRITTEN[unit], *(p for p, _ in values), *(c for _, c in values)])
        r += 1
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_single_row_header(folder: Path) -> Variant:
    """One header row: 'Số đảng viên được kết nạp - Trong kỳ', '… - Lũy kế'."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    head = ["STT", "Đơn vị"]
    for code in CODES:
        head += [f"{LABELS[code]} - Trong kỳ", f"{LABELS[code]} - Lũy kế"]
    s.row(5, 1, head)
    for n, (unit, values) in enumerate(DATA.items(), start=1):
        s.row(5 + n, 1, [n, WRITTEN[unit], *(v for pair in values for v in pair)])
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_no_merged_cells(folder: Path) -> Variant:
    """No merges: each label only in the first of its two columns ('centre across selection')."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, merged=False)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_indicators_reordered(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    order = ["cong_doan", "doan_vien_cong_doan", "ket_nap_dang_vien", "hoc_vien"]
    order += ["to_chuc_doan", "lop_boi_duong", "to_chuc_dang"]
    summary_table(s, order=order)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_notes_column(folder: Path) -> Variant:
    """An extra 'Ghi chú' column at the end, with text in some rows."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, notes=True)
    ignored = frozenset({"units_missing", "columns_ignored"})
    return Variant(one_sheet(folder, s), DATA, warnings=ignored)


@variant
def a_unit_before_stt(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, lead=("Đơn vị", "STT"))
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_no_stt(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, lead=("Đơn vị",))
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_column_numbers_row(folder: Path) -> Variant:
    """The row of column numbers '(1) (2) (3) …' under the header, as on printed forms."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, numbers_row=True)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_blank_column_between_groups(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, gap=True)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_offset_table(folder: Path) -> Variant:
    """The table starts at column D and row 12, under a long title block."""
    s = SheetSpec("Tổng hợp")
    for i, line in enumerate(
        [
            "ĐẢNG BỘ TỈNH LÀO CAI",
            "BAN CHỈ ĐẠO XÂY DỰNG TỔ CHỨC ĐẢNG, ĐOÀN THỂ",
            "TRONG CÁC ĐƠN VỊ KINH TẾ TƯ NHÂN",
            "*",
            "",
            "BIỂU TỔNG HỢP",
            "Kết quả thực hiện Đề án số 24-ĐA/TU ngày 21/10/2022 của Ban Thường vụ Tỉnh ủy",
            "giai đoạn 2022 - 2025, định hướng đến năm 2030",
            PERIOD_LINE,
        ],
        start=1,
    ):
        if line:
            s.put(i, 4, line)
    summary_table(s, top=12, left=4)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_label_decorations(folder: Path) -> Variant:
    """Labels with leading numbers (arabic, roman, letters), units in brackets, trailing notes."""
    labels = {
        "ket_nap_dang_vien": "1. Số đảng viên được kết nạp (người)",
        "to_chuc_dang": "II. Số tổ chức đảng được thành lập (tổ chức)",
        "cong_doan": "3) Số công đoàn cơ sở được thành lập [tổ chức]",
        "doan_vien_cong_doan": "4 - Số đoàn viên công đoàn được kết nạp (người)(*)",
        "to_chuc_doan": "b) Số tổ chức đoàn thanh niên được thành lập (chi đoàn, đoàn cơ sở)",
        "lop_boi_duong": "6. SỐ LỚP BỒI DƯỠNG NHẬN THỨC VỀ ĐẢNG (lớp)",
        "hoc_vien": "7. Số học viên là người lao động trong đơn vị kinh tế tư nhân (người) *",
    }
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, labels=labels)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_labels_nfd_and_spaces(folder: Path) -> Variant:
    """Header and names typed in decomposed Unicode (NFD) with doubled spaces."""
    labels = {code: "  " + nfd(label.replace(" ", "  ")) + " " for code, label in LABELS.items()}
    s = SheetSpec(nfd("Tổng hợp"))
    titles(s, nfd("BIỂU TỔNG HỢP"), nfd(PERIOD_LINE))
    kinds = [nfd(k) for k in KINDS]
    names = {unit: nfd(name) for unit, name in WRITTEN.items()}
    summary_table(s, labels=labels, kinds=kinds, names=names, totals_label=nfd("Tổng cộng"))
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_kind_headers_named_by_period(folder: Path) -> Variant:
    """Value columns headed '6 tháng đầu năm 2024' and 'Lũy kế đến 30/6/2024'."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, kinds=("6 tháng đầu năm 2024", "Lũy kế đến 30/6/2024"))
    return Variant(one_sheet(folder, s), DATA)


# ---- layout A: the rows ---------------------------------------------------------------------


@variant
def a_totals_row_first(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, totals="first")
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_cong_row(folder: Path) -> Variant:
    """The totals row says only 'Cộng'."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, totals_label="Cộng")
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_empty_unit_row(folder: Path) -> Variant:
    """A unit row with every figure cell left empty: the unit has not reported."""
    data = {**DATA, "Huyện Si Ma Cai": [(0, 0)] * 7}
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, data=data, fmt=lambda v: v or None)
    # Never read as zeros: the row is no report, as an unfilled form is not.
    read = {k: v for k, v in data.items() if k != "Huyện Si Ma Cai"}
    return Variant(one_sheet(folder, s), read, warnings=frozenset({"units_missing", "unit_blank"}))


@variant
def a_unit_name_styles(folder: Path) -> Variant:
    """Prefixes, 'uỷ' tone placement, abbreviations, capitals, extra spaces, NFD."""
    data = {
        **DATA,
        "Huyện Văn Bàn": [(2, 9), (0, 1), (1, 2), (60, 150), (0, 1), (1, 2), (2, 5)],
        "Huyện Mường Khương": [(0, 3), (0, 0), (0, 1), (12, 40), (0, 0), (1, 1), (0, 2)],
        "Huyện Bảo Thắng": [(4, 18), (1, 1), (1, 3), (88, 240), (1, 2), (1, 4), (3, 6)],
    }
    names = {
        "Thành phố Lào Cai": "TP. Lào Cai",
        "Thị xã Sa Pa": "TX Sa Pa",
        "Huyện Bát Xát": "Đảng bộ huyện Bát Xát",
        "Huyện Bắc Hà": "Huyện uỷ Bắc Hà",
        "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh": "Đảng ủy Khối CQ-DN tỉnh",
        "Huyện Văn Bàn": "HUYỆN ỦY VĂN BÀN",
        "Huyện Mường Khương": nfd("Huyện ủy Mường Khương"),
        "Huyện Bảo Thắng": "  Huyện   ủy  Bảo Thắng ",
    }
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, data=data, names=names)
    return Variant(one_sheet(folder, s), data)


def _vn_text(v: int) -> str:
    return f"{v:,}".replace(",", ".")


@variant
def a_numbers_as_text(folder: Path) -> Variant:
    """Figures typed as text: '1.166', '1\xa0204' (non-breaking space), ' 5 ', '0' and '-'."""
    counter = iter(range(10_000))

    def fmt(v: int) -> str:
        n = next(counter)
        if v == 0:
            return "-" if n % 2 else "0"
        if v >= 1000:
            return _vn_text(v) if n % 2 else f"{v:,}".replace(",", "\xa0")
        return f" {v} " if n % 3 == 0 else str(v)

    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, fmt=fmt)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_group_subheadings(folder: Path) -> Variant:
    """Unit rows grouped under headings with no figures ('I | Các đảng bộ huyện, …')."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, totals=None)
    # Rewrite the body: headings interleaved with the unit rows.
    for key in [k for k in s.cells if k[0] >= 7]:
        del s.cells[key]
    rows: list[list[Any]] = [["I", "Các đảng bộ huyện, thị xã, thành phố"]]
    units = list(DATA)
    for n, unit in enumerate(units[:4], start=1):
        rows.append([n, WRITTEN[unit], *(v for pair in DATA[unit] for v in pair)])
    rows.append(["II", "Các đảng bộ trực thuộc khác"])
    rows.append([1, WRITTEN[units[4]], *(v for pair in DATA[units[4]] for v in pair)])
    for r, values in enumerate(rows, start=7):
        s.row(r, 1, values)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_totals_as_formulas(folder: Path) -> Variant:
    """As Excel saves it: the totals row and Bắc Hà's cumulative figures are formulas
    (=SUM(C7:C11), =C10+… ) with their cached values."""
    from openpyxl.utils import get_column_letter

    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s)
    first, last, totals = 7, 6 + len(DATA), 7 + len(DATA)
    bac_ha = 6 + list(DATA).index("Huyện Bắc Hà") + 1
    for i in range(2 * len(CODES)):
        col = 3 + i
        letter = get_column_letter(col)
        s.put(totals, col, Formula(f"SUM({letter}{first}:{letter}{last})", s.cells[(totals, col)]))
        if i % 2:
            cum = s.cells[(bac_ha, col)]
            prev = get_column_letter(col - 1)
            s.put(bac_ha, col, Formula(f"{prev}{bac_ha}+{cum - s.cells[(bac_ha, col - 1)]}", cum))
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_wide_unit_column(folder: Path) -> Variant:
    """'Đơn vị' spans two merged columns (B:C) in the header and in every unit row."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, lead=("STT", "Đơn vị", "x"))
    for key, value in list(s.cells.items()):
        if value == "x" or (key[1] == 3 and key[0] >= 7):
            del s.cells[key]
    s.merges = [m for m in s.merges if m[1] != 3 and m != (5, 2, 6, 2)]
    s.merge(5, 2, 6, 3)
    for r in range(7, 8 + len(DATA)):
        s.merge(r, 2, r, 3)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_label_line_breaks(folder: Path) -> Variant:
    """Header cells wrapped by hand (Alt+Enter): 'Số đảng viên\nđược kết nạp', 'Lũy kế\ntừ …'."""
    labels = {code: label.replace(" được ", "\nđược ", 1) for code, label in LABELS.items()}
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, labels=labels, kinds=("Trong\nkỳ", "Lũy kế\ntừ khi thực hiện\nĐề án"))
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_numbered_unit_names(folder: Path) -> Variant:
    """No STT column; the names carry the numbers: '1. Thành ủy Lào Cai', '2. Thị ủy Sa Pa'."""
    names = {unit: f"{n}. {WRITTEN[unit]}" for n, unit in enumerate(DATA, start=1)}
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, lead=("Đơn vị",), names=names)
    return Variant(one_sheet(folder, s), DATA)


# ---- layout A: the period -------------------------------------------------------------------


@variant
def a_period_in_short_sheet_name(folder: Path) -> Variant:
    s = SheetSpec("6T đầu 2024")
    summary_titles(s, period_line=None)
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_period_in_long_sheet_name(folder: Path) -> Variant:
    s = SheetSpec("6 tháng đầu năm 2024")
    summary_titles(s, period_line=None)
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_period_in_file_name(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    summary_titles(s, period_line=None)
    summary_table(s)
    return Variant(one_sheet(folder, s, "TH_de_an_24_6thang_dau_nam_2024.xlsx"), DATA)


@variant
def a_period_in_capital_title(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    titles(
        s, "ĐẢNG BỘ TỈNH LÀO CAI", "", "BÁO CÁO 6 THÁNG ĐẦU NĂM 2024", "(Kèm theo Báo cáo số 12)"
    )
    summary_table(s, top=6)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_period_quarter(folder: Path) -> Variant:
    s = SheetSpec("Quý II")
    titles(s, "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU QUÝ II/2024")
    summary_table(s)
    return Variant(
        one_sheet(folder, s),
        DATA,
        period="2024-Q2",
        warnings=frozenset({"units_missing", "year_to_date_incomplete"}),
    )


@variant
def a_period_year(folder: Path) -> Variant:
    s = SheetSpec("Tổng hợp")
    titles(s, "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN", "Kỳ báo cáo: năm 2024")
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA, period="2024")


@variant
def a_period_six_months_without_dau(folder: Path) -> Variant:
    """'Kỳ báo cáo: 6 tháng năm 2024' — the usual name of the first-half report."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s, period_line="Kỳ báo cáo: 6 tháng năm 2024")
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_period_with_cutoff_dates(folder: Path) -> Variant:
    """The period line carries the data's cut-off dates, as Party reports do."""
    s = SheetSpec("Tổng hợp")
    line = "Kỳ báo cáo: 6 tháng đầu năm 2024 (số liệu từ ngày 15/12/2023 đến ngày 14/6/2024)"
    summary_titles(s, period_line=line)
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_period_year_in_title(folder: Path) -> Variant:
    """A year report named only by its title: '… ĐỀ ÁN 24-ĐA/TU NĂM 2024'."""
    s = SheetSpec("Tổng hợp")
    titles(s, "ĐẢNG BỘ TỈNH LÀO CAI", "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU NĂM 2024")
    summary_table(s)
    return Variant(one_sheet(folder, s), DATA, period="2024")


# ---- layout A: more than the table ----------------------------------------------------------


@variant
def a_second_table_below(folder: Path) -> Variant:
    """Under the summary (after its totals and signature), an appendix listing enterprises.

    A human reads the table that ends with 'Tổng cộng' and the signature, and sees the list
    below (its own title and header) as another table.
    """
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    r = summary_table(s) + 2
    s.put(r, 1, "PHỤ LỤC: DANH SÁCH ĐƠN VỊ KINH TẾ TƯ NHÂN THÀNH LẬP TỔ CHỨC ĐẢNG TRONG KỲ")
    s.row(r + 1, 1, ["STT", "Tên doanh nghiệp", "Địa bàn", "Số đảng viên"])
    s.row(r + 2, 1, [1, "Công ty CP Apatit Việt Nam", "TP Lào Cai", 12])
    s.row(r + 3, 1, [2, "Công ty TNHH Du lịch Sa Pa", "Sa Pa", 5])
    s.row(r + 4, 1, [3, "HTX Nông nghiệp Bắc Hà", "Bắc Hà", 3])
    return Variant(one_sheet(folder, s), DATA)


@variant
def a_previous_period_sheet_and_period_option(folder: Path) -> Variant:
    """The office keeps last period's sheet ('6T cuối 2023') in the workbook; --period 2024-H1
    names the sheet to read ('6T đầu 2024')."""
    old = SheetSpec("6T cuối 2023")
    summary_titles(old, period_line="Kỳ báo cáo: 6 tháng cuối năm 2023")
    summary_table(old, data=previous_period(DATA))
    s = SheetSpec("6T đầu 2024")
    summary_titles(s)
    summary_table(s)
    path = Book([old, s]).save(folder / "tong_hop.xlsx")
    return Variant(
        [path],
        DATA,
        args=("--period", "2024-H1"),
        warnings=frozenset({"units_missing", "sheet_other_period"}),
    )


@variant
def a_noise_sheets(folder: Path) -> Variant:
    """An empty 'Sheet1' first, the summary, and a hidden working sheet with other figures."""
    empty = SheetSpec("Sheet1")
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s)
    draft = SheetSpec("Nháp", hidden=True)
    summary_titles(draft)
    summary_table(draft, data={"Huyện Bảo Yên": DATA["Huyện Bắc Hà"]})
    return Variant([Book([empty, s, draft]).save(folder / "tong_hop.xlsx")], DATA)


# ---- layout B ---------------------------------------------------------------------------------

FORM_COLUMNS = {
    "stt": "STT",
    "label": "Chỉ tiêu",
    "dvt": "ĐVT",
    "period": KINDS[0],
    "cum": KINDS[1],
    "note": "Ghi chú",
}


def unit_form(
    s: SheetSpec,
    values: Pairs,
    *,
    top: int = 5,
    columns: Sequence[str] = ("stt", "label", "dvt", "period", "cum"),
    headers: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
) -> None:
    """Write a layout-B table: one header row at `top`, one row per indicator below."""
    headers = {**FORM_COLUMNS, **(headers or {})}
    labels = {**LABELS, **(labels or {})}
    s.row(top, 1, [headers[c] for c in columns])
    for i, code in enumerate(CODES):
        cells = {
            "stt": i + 1,
            "label": labels[code],
            "dvt": UNITS_OF_MEASURE[i],
            "period": values[i][0],
            "cum": values[i][1],
            "note": "Ước thực hiện" if i == 3 else None,
        }
        s.row(top + 1 + i, 1, [cells[c] for c in columns])
    s.put(top + 9, 4, "T/M BAN THƯỜNG VỤ")


def form_sheet(name: str, lines: Sequence[str], values: Pairs, **kw: Any) -> SheetSpec:
    s = SheetSpec(name)
    titles(s, *lines)
    unit_form(s, values, **kw)
    return s


@variant
def b_unit_line_styles(folder: Path) -> Variant:
    """A folder of forms whose 'Đơn vị' lines are written four different ways."""
    lines = {
        "Thành phố Lào Cai": "ĐƠN VỊ: THÀNH ỦY LÀO CAI",
        "Thị xã Sa Pa": "Tên đơn vị: Thị uỷ Sa Pa",
        "Huyện Bát Xát": "Đơn vị báo cáo: Đảng bộ huyện Bát Xát",
        "Huyện Bắc Hà": "Đơn vị :  H. Bắc Hà",
    }
    paths = []
    for i, (unit, line) in enumerate(lines.items()):
        s = form_sheet("Biểu", ["BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24", line, PERIOD_LINE], DATA[unit])
        paths.append(Book([s]).save(folder / f"don_vi_{i}.xlsx"))
    return Variant([folder], some(*lines))


@variant
def b_unit_in_first_title_line(folder: Path) -> Variant:
    s = SheetSpec("Biểu")
    s.merge(1, 1, 1, 2, "ĐẢNG BỘ HUYỆN BẮC HÀ")
    s.merge(1, 3, 1, 5, "ĐẢNG CỘNG SẢN VIỆT NAM")
    s.put(2, 1, "*")
    s.merge(2, 3, 2, 5, "Bắc Hà, ngày 20 tháng 6 năm 2024")
    s.merge(3, 1, 3, 5, "BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU 6 THÁNG ĐẦU NĂM 2024")
    unit_form(s, DATA["Huyện Bắc Hà"])
    return Variant(one_sheet(folder, s, "bao_cao.xlsx"), some("Huyện Bắc Hà"))


@variant
def b_party_heading(folder: Path) -> Variant:
    """The Party heading: 'ĐẢNG BỘ TỈNH LÀO CAI' over 'HUYỆN ỦY BÁT XÁT' (the issuer)."""
    s = SheetSpec("Biểu")
    s.merge(1, 1, 1, 2, "ĐẢNG BỘ TỈNH LÀO CAI")
    s.merge(1, 3, 1, 5, "ĐẢNG CỘNG SẢN VIỆT NAM")
    s.merge(2, 1, 2, 2, "HUYỆN ỦY BÁT XÁT")
    s.merge(2, 3, 2, 5, "Bát Xát, ngày 20 tháng 6 năm 2024")
    s.merge(3, 1, 3, 5, "Kỳ báo cáo: 6 tháng đầu năm 2024")
    unit_form(s, DATA["Huyện Bát Xát"])
    return Variant(one_sheet(folder, s, "bao_cao.xlsx"), some("Huyện Bát Xát"))


@variant
def b_unit_in_sheet_name(folder: Path) -> Variant:
    s = form_sheet("Bắc Hà", ["BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24", PERIOD_LINE], DATA["Huyện Bắc Hà"])
    return Variant(one_sheet(folder, s, "bieu.xlsx"), some("Huyện Bắc Hà"))


@variant
def b_unit_in_file_name(folder: Path) -> Variant:
    s = form_sheet("Biểu", ["BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24", PERIOD_LINE], DATA["Thị xã Sa Pa"])
    return Variant(one_sheet(folder, s, "Sa_Pa.xlsx"), some("Thị xã Sa Pa"))


def heading(unit: str, period_line: str = PERIOD_LINE) -> list[str]:
    """Title lines of a form whose unit is named by its heading ('HUYỆN ỦY BÁT XÁT')."""
    return [WRITTEN[unit].upper(), "BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU", period_line]


@variant
def b_columns_swapped(folder: Path) -> Variant:
    lines = heading("Huyện Bát Xát")
    s = form_sheet("Biểu", lines, DATA["Huyện Bát Xát"], columns=("stt", "label", "cum", "period"))
    return Variant(one_sheet(folder, s), some("Huyện Bát Xát"))


@variant
def b_no_unit_of_measure_column(folder: Path) -> Variant:
    lines = heading("Thị xã Sa Pa")
    s = form_sheet("Biểu", lines, DATA["Thị xã Sa Pa"], columns=("stt", "label", "period", "cum"))
    return Variant(one_sheet(folder, s), some("Thị xã Sa Pa"))


@variant
def b_header_in_row_8(folder: Path) -> Variant:
    """Long merged titles push the header down to row 8."""
    s = SheetSpec("Biểu")
    s.merge(1, 1, 1, 2, "HUYỆN ỦY BẮC HÀ")
    s.merge(1, 3, 1, 5, "ĐẢNG CỘNG SẢN VIỆT NAM")
    s.put(2, 1, "*")
    s.merge(3, 1, 3, 5, "BIỂU SỐ LIỆU")
    s.merge(
        4,
        1,
        5,
        5,
        "Kết quả thực hiện Đề án số 24-ĐA/TU ngày 21/10/2022 của Ban Thường vụ Tỉnh ủy về xây "
        "dựng tổ chức đảng, đoàn thể trong các đơn vị kinh tế tư nhân giai đoạn 2022 - 2025",
    )
    s.merge(6, 1, 6, 5, "(Số liệu 6 tháng đầu năm 2024, tính đến ngày 15/6/2024)")
    unit_form(s, DATA["Huyện Bắc Hà"], top=8)
    return Variant(one_sheet(folder, s), some("Huyện Bắc Hà"))


@variant
def b_notes_column(folder: Path) -> Variant:
    unit = "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
    lines = heading(unit)
    columns = ("stt", "label", "dvt", "period", "cum", "note")
    s = form_sheet("Biểu", lines, DATA[unit], columns=columns)
    ignored = frozenset({"units_missing", "columns_ignored"})
    return Variant(one_sheet(folder, s), some(unit), warnings=ignored)


@variant
def b_noi_dung_header(folder: Path) -> Variant:
    lines = heading("Thành phố Lào Cai")
    headers = {"label": "Nội dung", "cum": "Lũy kế từ khi triển khai Đề án"}
    s = form_sheet("Biểu", lines, DATA["Thành phố Lào Cai"], headers=headers)
    return Variant(one_sheet(folder, s), some("Thành phố Lào Cai"))


@variant
def b_sheets_per_unit_with_noise(folder: Path) -> Variant:
    """One workbook: an empty 'Sheet1', a sheet per unit, and a hidden draft of another unit."""
    sheets = [SheetSpec("Sheet1")]
    names = {
        "Thành phố Lào Cai": "TP Lào Cai",
        "Huyện Bát Xát": "Bát Xát",
        "Huyện Bắc Hà": "Bắc Hà",
    }
    for unit, short in names.items():
        lines = ["BIỂU KẾT QUẢ", f"Đơn vị: {WRITTEN[unit]}", PERIOD_LINE]
        sheets.append(form_sheet(short, lines, DATA[unit]))
    draft = form_sheet("Cũ", ["Đơn vị: Huyện ủy Bảo Yên", PERIOD_LINE], DATA["Thị xã Sa Pa"])
    draft.hidden = True
    sheets.append(draft)
    return Variant([Book(sheets).save(folder / "theo_don_vi.xlsx")], some(*names))


@variant
def b_period_quarter_roman(folder: Path) -> Variant:
    lines = heading("Huyện Bắc Hà", "Kỳ báo cáo: Quý II năm 2024")
    s = form_sheet("Biểu", lines, DATA["Huyện Bắc Hà"])
    return Variant(
        one_sheet(folder, s),
        some("Huyện Bắc Hà"),
        period="2024-Q2",
        warnings=frozenset({"units_missing", "year_to_date_incomplete"}),
    )


@variant
def b_two_row_header(folder: Path) -> Variant:
    """'Kết quả thực hiện' merged over 'Trong kỳ' | 'Lũy kế'; STT, Chỉ tiêu, ĐVT merged down."""
    s = SheetSpec("Biểu")
    titles(s, *heading("Huyện Bắc Hà"))
    for c, word in enumerate(("STT", "Chỉ tiêu", "ĐVT"), start=1):
        s.merge(5, c, 6, c, word)
    s.merge(5, 4, 5, 5, "Kết quả thực hiện")
    s.row(6, 4, KINDS)
    for i, code in enumerate(CODES):
        s.row(7 + i, 1, [i + 1, LABELS[code], UNITS_OF_MEASURE[i], *DATA["Huyện Bắc Hà"][i]])
    return Variant(one_sheet(folder, s), some("Huyện Bắc Hà"))


@variant
def b_column_numbers_row(folder: Path) -> Variant:
    """A row of column numbers '(1) … (5)' between the header and the first indicator."""
    s = SheetSpec("Biểu")
    titles(s, *heading("Huyện Bát Xát"))
    s.row(5, 1, ["STT", "Chỉ tiêu", "ĐVT", *KINDS])
    s.row(6, 1, ["(1)", "(2)", "(3)", "(4)", "(5)"])
    for i, code in enumerate(CODES):
        s.row(7 + i, 1, [i + 1, LABELS[code], UNITS_OF_MEASURE[i], *DATA["Huyện Bát Xát"][i]])
    return Variant(one_sheet(folder, s), some("Huyện Bát Xát"))


@variant
def b_text_numbers_and_nfd(folder: Path) -> Variant:
    """NFD text, 'TT' and 'Đơn vị tính' headers, figures as text ('1.534', '-'), '1.' labels."""
    unit = "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
    s = SheetSpec("Biểu")
    titles(s, *(nfd(line) for line in heading(unit)))
    s.row(5, 1, ["TT", nfd("Chỉ tiêu"), nfd("Đơn vị tính"), *(nfd(k) for k in KINDS)])
    for i, code in enumerate(CODES):
        p, c = DATA[unit][i]
        label = nfd(f"{i + 1}. {LABELS[code]}")
        s.row(6 + i, 1, ["", label, nfd(UNITS_OF_MEASURE[i]), str(p or "-"), _vn_text(c)])
    return Variant(one_sheet(folder, s), some(unit))


@variant
def b_group_headings(folder: Path) -> Variant:
    """Indicator rows grouped under headings with no figures ('I. Công tác phát triển đảng')."""
    unit = "Huyện Bảo Thắng"
    values = [(4, 18), (1, 1), (1, 3), (88, 240), (1, 2), (1, 4), (3, 6)]
    s = SheetSpec("Biểu")
    titles(s, "HUYỆN ỦY BẢO THẮNG", "BIỂU KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU", PERIOD_LINE)
    s.row(5, 1, ["STT", "Chỉ tiêu", "ĐVT", *KINDS])
    groups = {
        0: ("I", "Công tác phát triển đảng, xây dựng tổ chức đảng"),
        2: ("II", "Công tác xây dựng tổ chức công đoàn, đoàn thanh niên"),
        5: ("III", "Công tác bồi dưỡng nhận thức về Đảng"),
    }
    r = 6
    for i, code in enumerate(CODES):
        if i in groups:
            s.row(r, 1, list(groups[i]))
            r += 1
        s.row(r, 1, [i + 1, LABELS[code], UNITS_OF_MEASURE[i], *values[i]])
        r += 1
    return Variant(one_sheet(folder, s), {unit: values})


# ---- file formats -----------------------------------------------------------------------------


def format_book_summary() -> Book:
    """The group-row summary of a_group_row, to be saved in other formats."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, group="KẾT QUẢ THỰC HIỆN")
    return Book([SheetSpec("Sheet1"), s])


def format_book_forms() -> Book:
    sheets = []
    for unit in ("Thị xã Sa Pa", "Huyện Bắc Hà"):
        lines = ["BIỂU KẾT QUẢ", f"Đơn vị: {WRITTEN[unit]}", PERIOD_LINE]
        sheets.append(form_sheet(unit[-6:], lines, DATA[unit]))
    draft = form_sheet("Ẩn", ["Đơn vị: Huyện ủy Bảo Yên", PERIOD_LINE], DATA["Huyện Bát Xát"])
    draft.hidden = True
    return Book([*sheets, draft])


COMMITTED = {
    "tong_hop.xls": format_book_summary,
    "tong_hop.ods": format_book_summary,
    "theo_don_vi.xls": format_book_forms,
    "theo_don_vi.ods": format_book_forms,
}


def committed(folder: Path, name: str) -> list[Path]:
    target = folder / name
    shutil.copyfile(DATA_DIR / name, target)
    return [target]


@variant
def f_xls_summary(folder: Path) -> Variant:
    return Variant(committed(folder, "tong_hop.xls"), DATA)


@variant
def f_ods_summary(folder: Path) -> Variant:
    return Variant(committed(folder, "tong_hop.ods"), DATA)


@variant
def f_xls_unit_sheets(folder: Path) -> Variant:
    return Variant(committed(folder, "theo_don_vi.xls"), some("Thị xã Sa Pa", "Huyện Bắc Hà"))


@variant
def f_ods_unit_sheets(folder: Path) -> Variant:
    return Variant(committed(folder, "theo_don_vi.ods"), some("Thị xã Sa Pa", "Huyện Bắc Hà"))


@variant
def f_xlsm_summary(folder: Path) -> Variant:
    return Variant([format_book_summary().save(folder / "tong_hop.xlsm")], DATA)


# ---- refusals ---------------------------------------------------------------------------------


@variant
def x_unknown_unit(folder: Path) -> Variant:
    """A district of Yên Bái (not in the Lào Cai configuration) in row 9."""
    data = {**some("Thành phố Lào Cai", "Thị xã Sa Pa"), "Huyện Yên Bình": DATA["Huyện Bắc Hà"]}
    s = SheetSpec("Tổng hợp")
    summary_titles(s)
    summary_table(s, data=data, names={"Huyện Yên Bình": "Huyện ủy Yên Bình"})
    return Variant(
        one_sheet(folder, s),
        error="unknown_unit",
        error_cell="B9",
        error_file="tong_hop.xlsx",
        error_words="Không nhận ra đơn vị",
    )


@variant
def x_same_unit_in_two_files(folder: Path) -> Variant:
    """Bắc Hà sent its form twice, under two spellings of its heading (cell A1)."""
    for name, line in (
        ("a_bac_ha.xlsx", "HUYỆN ỦY BẮC HÀ"),
        ("b_bac_ha.xlsx", "ĐẢNG BỘ HUYỆN BẮC HÀ"),
    ):
        s = form_sheet("Biểu", [line, "BIỂU KẾT QUẢ", PERIOD_LINE], DATA["Huyện Bắc Hà"])
        Book([s]).save(folder / name)
    return Variant(
        [folder / "a_bac_ha.xlsx", folder / "b_bac_ha.xlsx"],
        error="duplicate_unit",
        error_cell="A1",
        error_file="b_bac_ha.xlsx",
        error_words="có số liệu hai lần",
    )


@variant
def x_two_period_sheets_without_period_option(folder: Path) -> Variant:
    """Last period's sheet kept in the workbook and no --period: the tool must not add the
    two sheets up or pick one silently; it refuses, naming the two periods."""
    old = SheetSpec("6T cuối 2023")
    summary_titles(old, period_line="Kỳ báo cáo: 6 tháng cuối năm 2023")
    summary_table(old, data=previous_period(DATA))
    s = SheetSpec("6T đầu 2024")
    summary_titles(s)
    summary_table(s)
    return Variant(
        [Book([old, s]).save(folder / "tong_hop.xlsx")],
        error="period_conflict",
        error_cell="A3",
        error_file="tong_hop.xlsx",
        error_words="Các biểu ghi những kỳ báo cáo khác nhau",
    )


@variant
def x_nine_month_period(folder: Path) -> Variant:
    """'Kỳ báo cáo: 9 tháng năm 2024' is no period the tool knows (half, quarter, year): it
    must say so, not take the nine months for the whole year."""
    s = SheetSpec("Tổng hợp")
    summary_titles(s, period_line="Kỳ báo cáo: 9 tháng năm 2024")
    summary_table(s)
    return Variant(
        one_sheet(folder, s),
        error="period_missing",
        error_words="kỳ báo cáo",
    )


def regenerate() -> None:
    """Write the committed .xls and .ods files again (needs xlwt and odfpy)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for name, build in COMMITTED.items():
        build().save(DATA_DIR / name)
        print(DATA_DIR / name)


if __name__ == "__main__":
    regenerate()
