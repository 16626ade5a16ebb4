"""The province's summary workbook (.xlsx): the units' figures in the summary layout (mẫu A)
the units send, the indicators against their targets, and where every figure came from.

The summary sheet is the form the next level reads: title rows, STT | Đơn vị | for each
indicator a header merged over "Trong kỳ" and "Lũy kế từ khi thực hiện Đề án", one row per
unit, and a "Tổng cộng" row of SUM formulas whose results are stored with them (XlsxWriter
writes a formula's value beside it), so that a reader that does not recalculate sees them.

A pure function of the finished report: no file is read or written here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import PurePath
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from dean24.core.model import ReportModel, UnitResult
from dean24.programme.config import Config
from dean24.words.document import ReportDocument, plain

# The sheets' names stay fixed (formulas name them, and Excel allows few characters in them);
# every other word of the workbook is the report's (bang.j2, macros bieu and cot).
SUMMARY_SHEET = "Tổng hợp"
INDICATOR_SHEET = "Chỉ tiêu"
SOURCE_SHEET = "Nguồn số liệu"
# Vietnamese thousands ("3.274", "1.204.000") whatever the viewer's locale: the dots are
# literal, by size (counts are whole numbers below a billion); a locale tag would only be
# followed by some viewers, and "#,##0" shows "3,274" in an English Excel.
COUNT_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"
PAPER_A4 = 9

_TITLE_ROWS = 6  # superior body, issuing body, "*", title, period line, blank
_NAME_WIDTH = 36  # characters of the unit column
_NAME_CHARS = 44  # unit name characters that fit on one line of it (12 pt)
_LINE_HEIGHT = 16.5  # points


def render_xlsx(model: ReportModel, config: Config, document: ReportDocument) -> bytes:
    """The summary workbook of a report, as bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    workbook.set_properties(
        {
            "title": document.workbook["ten_tep"],
            "author": " ".join(document.issuing_body) or document.superior_body,
            "company": document.superior_body,
        }
    )
    styles = _Styles(workbook, config.document.format.font)
    units = in_configured_order(model.units, config)
    total_row = _summary_sheet(workbook, styles, model, units, config, document)
    _indicator_sheet(workbook, styles, model, config, document, total_row)
    _source_sheet(workbook, styles, model, units, document)
    workbook.close()
    return buffer.getvalue()


def in_configured_order(units: Sequence[UnitResult], config: Config) -> list[UnitResult]:
    """The units in the configuration's order, those it does not list after them as read."""
    order = {unit.name: i for i, unit in enumerate(config.units)}
    return sorted(units, key=lambda u: order.get(u.name, len(order)))


class _Styles:
    """The workbook's cell formats, made once."""

    def __init__(self, workbook: Workbook, font: str) -> None:
        def make(**props: Any) -> Any:
            return workbook.add_format(
                {"font_name": font, "font_size": 12, "valign": "vcenter", **props}
            )

        box = {"border": 1}
        self.title = make(bold=True, align="center", text_wrap=True)
        self.title_big = make(bold=True, align="center", font_size=14, text_wrap=True)
        self.plain_center = make(align="center")
        self.period = make(italic=True, align="center")
        self.head = make(bold=True, align="center", text_wrap=True, **box)
        self.number_head = make(italic=True, align="center", font_size=10, **box)
        self.stt = make(align="center", **box)
        self.name = make(align="left", text_wrap=True, **box)
        self.name_marked = make(align="left", text_wrap=True, italic=True, **box)
        self.count = make(align="right", num_format=COUNT_FORMAT, **box)
        self.count_marked = make(
            align="right", num_format=COUNT_FORMAT, italic=True, bg_color="#F2F2F2", **box
        )
        self.missing = make(align="center", italic=True, font_color="#7F7F7F", **box)
        self.total_label = make(bold=True, align="center", **box)
        self.total = make(bold=True, align="right", num_format=COUNT_FORMAT, **box)
        self.text = make(align="left", text_wrap=True, **box)
        self.text_center = make(align="center", text_wrap=True, **box)
        self.note = make(italic=True, align="left", text_wrap=True, font_size=11)
        self.sign = make(bold=True, align="center")
        self.date_line = make(italic=True, align="center")


def _print_setup(sheet: Worksheet, header_first: int, header_last: int) -> None:
    """A4 landscape, the header rows on every page, the width fitted to one page."""
    sheet.set_paper(PAPER_A4)
    sheet.set_landscape()
    sheet.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(header_first, header_last)
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_footer('&C&"Times New Roman"&10Trang &P/&N')


def _title_rows(
    sheet: Worksheet,
    styles: _Styles,
    document: ReportDocument,
    title: str,
    period_line: str,
    last_col: int,
) -> None:
    """The issuing body at the left, the title and the period line across the table."""
    left = min(last_col, 5)
    sheet.merge_range(0, 0, 0, left, document.superior_body, styles.plain_center)
    sheet.merge_range(1, 0, 1, left, " ".join(document.issuing_body), styles.title)
    sheet.set_row(1, 32)
    sheet.merge_range(2, 0, 2, left, "*", styles.plain_center)
    sheet.merge_range(3, 0, 3, last_col, title, styles.title_big)
    sheet.merge_range(4, 0, 4, last_col, period_line, styles.period)


def _summary_sheet(
    workbook: Workbook,
    styles: _Styles,
    model: ReportModel,
    units: list[UnitResult],
    config: Config,
    document: ReportDocument,
) -> int:
    """The units × indicators table in layout A; the 0-based row of its totals."""
    sheet = workbook.add_worksheet(SUMMARY_SHEET)
    codes = [i.code for i in config.indicators]
    last_col = 1 + 2 * len(codes)
    word = document.workbook
    units_table = next((t for t in document.tables if t.key == "don_vi"), None)
    assert units_table is not None and units_table.pair, "the report has its units table"
    _title_rows(sheet, styles, document, word["tieu_de"], word["ky"], last_col)
    head, sub, numbers = _TITLE_ROWS, _TITLE_ROWS + 1, _TITLE_ROWS + 2
    sheet.merge_range(head, 0, sub, 0, word["stt"], styles.head)
    sheet.merge_range(head, 1, sub, 1, units_table.header[1], styles.head)
    for i, code in enumerate(codes):
        indicator = config.indicator(code)
        col = 2 + 2 * i
        label = f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label
        sheet.merge_range(head, col, head, col + 1, label, styles.head)
        sheet.write_string(sub, col, units_table.pair[0], styles.head)
        sheet.write_string(sub, col + 1, word["luy_ke"], styles.head)
    for col in range(last_col + 1):
        sheet.write_string(numbers, col, f"({col + 1})", styles.number_head)
    sheet.set_row(head, 80)
    sheet.set_row(sub, 64)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, _NAME_WIDTH)
    sheet.set_column(2, last_col, 10.5)

    first = numbers + 1
    marks: list[str] = []
    for number, unit in enumerate(units, start=1):
        row = first + number - 1
        if len(unit.name) > _NAME_CHARS:  # wrapped: a viewer does not size the row itself
            sheet.set_row(row, _LINE_HEIGHT * -(-len(unit.name) // _NAME_CHARS))
        sheet.write_number(row, 0, number, styles.stt)
        if unit.carried_from is not None:
            note = word[f"lay_tu {unit.carried_from.label}"]
            sheet.write_string(row, 1, unit.name, styles.name_marked)
            sheet.write_comment(row, 1, note, {"x_scale": 2, "y_scale": 1.2})
            marks.append(f"{unit.name}: {note}")
            _write_figures(sheet, row, unit, codes, styles.count_marked)
        elif not unit.reported:
            sheet.write_string(row, 1, unit.name, styles.name)
            sheet.merge_range(row, 2, row, last_col, word["chua_bao_cao"], styles.missing)
        else:
            sheet.write_string(row, 1, unit.name, styles.name)
            _write_figures(sheet, row, unit, codes, styles.count)
    total = first + len(units)
    sheet.write_blank(total, 0, None, styles.total_label)
    sheet.write_string(total, 1, units_table.rows[-1][1], styles.total_label)
    for i, code in enumerate(codes):
        result = model.indicator(code)
        for j, value in enumerate((result.period_value, result.cumulative_value)):
            col = 2 + 2 * i + j
            if units:
                top = xl_rowcol_to_cell(first, col)
                bottom = xl_rowcol_to_cell(total - 1, col)
                sheet.write_formula(total, col, f"=SUM({top}:{bottom})", styles.total, value)
            else:
                sheet.write_number(total, col, value, styles.total)

    below = total + 2
    notes = [word["da_bao_cao"], *(f"(*) {mark}" for mark in marks)]
    for line in notes:
        sheet.merge_range(below, 0, below, last_col, line, styles.note)
        below += 1
    below += 1
    right = max(2, last_col - 4)
    sheet.merge_range(below, right, below, last_col, document.place_date, styles.date_line)
    for k, role in enumerate(document.signature_role):
        sheet.merge_range(below + 1 + k, right, below + 1 + k, last_col, role, styles.sign)
    sheet.write_string(below + 1, 1, word["nguoi_lap"], styles.sign)

    sheet.freeze_panes(first, 2)
    _print_setup(sheet, head, numbers)
    sheet.activate()
    return total


def _write_figures(
    sheet: Worksheet, row: int, unit: UnitResult, codes: list[str], style: Any
) -> None:
    for i, code in enumerate(codes):
        period, cumulative = unit.values.get(code, (0, 0))
        sheet.write_number(row, 2 + 2 * i, period, style)
        sheet.write_number(row, 3 + 2 * i, cumulative, style)


def _indicator_sheet(
    workbook: Workbook,
    styles: _Styles,
    model: ReportModel,
    config: Config,
    document: ReportDocument,
    total_row: int,
) -> None:
    """Each indicator against its target, in the words of the report's table."""
    sheet = workbook.add_worksheet(INDICATOR_SHEET)
    table = next((t for t in document.tables if t.key == "chi_tieu"), None)
    # The last three columns as the report's Bảng 1 heads them (after the phase, the closing
    # result stands where the percentage was).
    assert table is not None and len(table.header) >= 8, "the report has its Bảng 1"
    word = document.workbook
    # STT, then Chỉ tiêu and ĐVT as Bảng 1 heads them, the period's and the cumulative
    # figures as the summary sheet does, and the last three of Bảng 1
    header = [word["stt"], *table.header[1:4], word["luy_ke"], *table.header[-3:]]
    last_col = len(header) - 1
    _title_rows(sheet, styles, document, word["tieu_de_chi_tieu"], word["thoi_gian"], last_col)
    # Whose figures these are: the province's own, the totals of the summary sheet.
    sheet.merge_range(
        _TITLE_ROWS - 1,
        0,
        _TITLE_ROWS - 1,
        last_col,
        word["so_lieu_cua"],
        styles.period,
    )
    head = _TITLE_ROWS
    for col, text in enumerate(header):
        sheet.write_string(head, col, text, styles.head)
    sheet.set_row(head, 48)
    words = _judgement_words(document, model)
    codes = [i.code for i in config.indicators]
    for number, result in enumerate(model.indicators, start=1):
        row = head + number
        sheet.write_number(row, 0, number, styles.stt)
        sheet.write_string(row, 1, result.label, styles.name)
        sheet.write_string(row, 2, result.unit, styles.text_center)
        at = 2 + 2 * codes.index(result.code) if result.code in codes else None
        for j, value in enumerate((result.period_value, result.cumulative_value)):
            if at is None:
                sheet.write_number(row, 3 + j, value, styles.count)
                continue
            ref = f"='{SUMMARY_SHEET}'!{xl_rowcol_to_cell(total_row, at + j)}"
            sheet.write_formula(row, 3 + j, ref, styles.count, value)
        target, percent, status = words.get(result.code, ("—", "—", ""))
        sheet.write_string(row, 5, target, styles.text_center)
        sheet.write_string(row, 6, percent, styles.text_center)
        sheet.write_string(row, 7, status, styles.text_center)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 9)
    sheet.set_column(3, 4, 13)
    sheet.set_column(5, 5, 22)
    sheet.set_column(6, 6, 22)
    sheet.set_column(7, 7, 22)
    _print_setup(sheet, head, head)


def _judgement_words(document: ReportDocument, model: ReportModel) -> dict[str, tuple[str, ...]]:
    """Indicator code → (target, percentage or closing result, status) as the report's Bảng 1
    writes them in its last three columns (one row per indicator, in the model's order)."""
    table = next((t for t in document.tables if t.key == "chi_tieu"), None)
    if table is None:
        return {}
    return {
        result.code: (plain(row[-3]), plain(row[-2]), plain(row[-1]))
        for result, row in zip(model.indicators, table.rows, strict=False)
        if len(row) >= 8 and row[1] == result.label
    }


def _source_sheet(
    workbook: Workbook,
    styles: _Styles,
    model: ReportModel,
    units: list[UnitResult],
    document: ReportDocument,
) -> None:
    """Each unit's file and sheet, then every notice with where it points."""
    word = document.workbook
    units_table = next((t for t in document.tables if t.key == "don_vi"), None)
    unit_heading = units_table.header[1] if units_table else ""
    sheet = workbook.add_worksheet(SOURCE_SHEET)
    sheet.merge_range(0, 0, 0, 3, word["nguon"], styles.title_big)
    head = 2
    for col, text in enumerate((word["stt"], unit_heading, word["tep"], word["sheet"])):
        sheet.write_string(head, col, text, styles.head)
    row = head
    for number, unit in enumerate(units, start=1):
        row += 1
        file, sheet_name = _source_of(unit, word)
        sheet.write_number(row, 0, number, styles.stt)
        sheet.write_string(row, 1, unit.name, styles.name)
        sheet.write_string(row, 2, file, styles.text)
        sheet.write_string(row, 3, sheet_name, styles.text)
    row += 2
    sheet.merge_range(row, 0, row, 3, word["luu_y"], styles.title)
    row += 1
    for col, text in enumerate((word["stt"], word["ma"], word["noi_dung"], word["vi_tri"])):
        sheet.write_string(row, col, text, styles.head)
    if not model.warnings:
        row += 1
        sheet.merge_range(row, 0, row, 3, word["khong_luu_y"], styles.text)
    for number, warning in enumerate(model.warnings, start=1):
        row += 1
        where = warning.location
        place = ", ".join(
            part
            for part in (
                PurePath(where.file).name if where.file else "",
                f"sheet {where.sheet}" if where.sheet else "",
                word[f"o {where.cell}"] if where.cell else "",
            )
            if part
        )
        lines = max(-(-len(warning.message) // 80), -(-len(place) // 36), 1)
        if lines > 1:
            sheet.set_row(row, _LINE_HEIGHT * lines)
        sheet.write_number(row, 0, number, styles.stt)
        sheet.write_string(row, 1, warning.code, styles.text)
        sheet.write_string(row, 2, warning.message, styles.text)
        sheet.write_string(row, 3, place, styles.text)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, _NAME_WIDTH + 4)
    sheet.set_column(2, 2, 70)
    sheet.set_column(3, 3, 34)
    _print_setup(sheet, head, head)


def _source_of(unit: UnitResult, word: dict[str, str]) -> tuple[str, str]:
    """The file (its name) and sheet most of a unit's figures were read from."""
    if unit.carried_from is not None:
        return (word[f"lay_tu_ky {unit.carried_from.label}"], "")
    if not unit.reported:
        return (word["chua_bao_cao"], "")
    counts: dict[tuple[str, str], int] = {}
    for pair in unit.cells.values():
        for where in pair:
            key = (where.file, where.sheet)
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return ("", "")
    file, sheet = max(counts, key=lambda k: counts[k])
    return (_file_name(file), sheet)


@lru_cache(maxsize=4096)
def _file_name(path: str) -> str:
    return PurePath(path).name
