"""Blank unit forms (layout B) for the offices to fill in, one workbook per unit.

The form is built from the same configuration the report reads with, so what an office
returns is read back exactly: the unit and the period are written in, each indicator has
its row, and only the two figure cells of each row (and the period when none was given)
can be edited, with Excel's own check of whole numbers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dean24.core.errors import UsageError
from dean24.core.periods import Period
from dean24.core.text import format_date, format_int, join_vi, nfc
from dean24.programme.config import Config, Unit, load_config
from dean24.programme.unitnames import UnitNames

PERIOD_HEADER = "Trong kỳ"
CUMULATIVE_HEADER = "Lũy kế từ khi thực hiện Đề án"
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class FormSettings:
    """What `dean24 form` was asked for."""

    out_dir: Path
    period: Period | None = None
    config_path: Path | None = None
    store_path: Path | None = None
    units: tuple[str, ...] = ()
    force: bool = False


@dataclass(frozen=True)
class LastFigures:
    """A unit's cumulative figures in its latest stored report before the form's period."""

    period: Period
    cumulative: dict[str, int]


@dataclass(frozen=True)
class FormRun:
    written: list[Path]
    units: list[str]
    without_history: list[str]
    history_empty: bool = False  # a store was given but holds no period yet


def form_file_name(unit_name: str) -> str:
    """'Xã Bát Xát' → 'Xã Bát Xát.xlsx' (characters a file name cannot hold become '-')."""
    return _UNSAFE.sub("-", nfc(unit_name)).strip(" .") + ".xlsx"


def chosen_units(
    config: Config, names: tuple[str, ...], period: Period | None = None
) -> list[Unit]:
    """The configured units named on the command line (when none is named, every unit
    expected for the period, or without a period, today)."""
    end = period.end if period is not None else date.today()
    if not names:
        if not config.units:
            raise UsageError(
                "no_units",
                "Cấu hình không có danh sách đơn vị báo cáo nên không biết lập biểu cho ai. "
                'Nêu tên đơn vị bằng --units (ví dụ --units "Xã Bát Xát"), hoặc thêm các mục '
                '[[units]] vào cấu hình (dean24 config init TỆP.toml --province "Lào Cai" tạo '
                "sẵn danh sách xã, phường).",
            )
        return list(config.units_expected(end))
    if not config.units:
        return [Unit(nfc(n), nfc(n)) for n in names]
    index = UnitNames(config.units)
    start = period.start if period is not None else end
    unknown = [
        f"“{n}”"
        for n in names
        if (u := index.find(n, start, end)) is None or not u.reports_in(start, end)
    ]
    if unknown:
        expected = config.units_expected(end)
        listed = (
            join_vi([u.name for u in expected])
            if len(expected) <= 12
            else f"{len(expected)} đơn vị ({', '.join(u.name for u in expected[:5])}…)"
        )
        raise UsageError(
            "unknown_unit",
            f"Không có trong cấu hình: {join_vi(unknown)}. Các đơn vị trong cấu hình: {listed}.",
        )
    chosen: list[Unit] = []
    for name in names:
        if (unit := index.find(name, start, end)) is not None and unit not in chosen:
            chosen.append(unit)
    return chosen


def last_figures(store: Path, period: Period | None) -> dict[str, LastFigures]:
    """unit → its latest stored cumulative figures before period (before nothing: latest)."""
    from dean24.store.history import History

    if not store.is_file():
        return {}  # the first period: nothing reported yet
    found: dict[str, LastFigures] = {}
    with History(store, readonly=True) as history:
        for stored in reversed(history.periods()):
            if period is not None and stored.period.end >= period.end:
                continue
            for unit, values in (history.figures(stored.period) or {}).items():
                if unit not in found:
                    cumulative = {code: c for code, (_, c) in values.items()}
                    found[unit] = LastFigures(stored.period, cumulative)
    return found


def build_form(
    config: Config, unit: Unit, period: Period | None, last: LastFigures | None = None
) -> bytes:
    """The .xlsx bytes of one unit's form."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    programme = config.programme
    font_name = config.document.format.font
    maximum = programme.max_value
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Biểu báo cáo"
    last_col = 6 if last is not None else 5
    last_letter = "F" if last is not None else "E"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    input_fill = PatternFill("solid", start_color="FFF2CC")
    read_only_fill = PatternFill("solid", start_color="E7E6E6")
    # One style object of each kind, shared by the cells that wear it.
    fonts = {
        (bold, italic): Font(name=font_name, size=12, bold=bold, italic=italic)
        for bold in (False, True)
        for italic in (False, True)
    }
    plain, heading = fonts[False, False], fonts[True, False]
    unlocked = Protection(locked=False)

    def put(cell: str, value: object, *, bold: bool = False, italic: bool = False) -> None:
        ws[cell] = value
        ws[cell].font = fonts[bold, italic]

    put("A1", f"BIỂU BÁO CÁO KẾT QUẢ THỰC HIỆN {programme.name.upper()}", bold=True)
    ws.merge_cells(f"A1:{last_letter}1")
    ws["A1"].alignment = centre
    put("A2", f"Đơn vị: {unit.name}", bold=True)
    ws.merge_cells(f"A2:{last_letter}2")
    period_cell = "A3"
    if period is not None:
        put("A3", f"Kỳ báo cáo: {period.label}", bold=True)
        ws.merge_cells(f"A3:{last_letter}3")
    else:
        put("A3", "Kỳ báo cáo:", bold=True)
        ws.merge_cells("A3:B3")
        period_cell = "C3"
        put(period_cell, None, bold=True)
        ws.merge_cells(f"C3:{last_letter}3")
        ws[period_cell].fill = input_fill
        ws[period_cell].protection = unlocked
        ask = DataValidation(
            type="textLength",
            operator="greaterThan",
            formula1="0",
            allow_blank=True,
            showInputMessage=True,
            promptTitle="Kỳ báo cáo",
            prompt="Ghi kỳ báo cáo, ví dụ: 6 tháng đầu năm 2025, quý III năm 2025, năm 2025.",
        )
        ws.add_data_validation(ask)
        ask.add(period_cell)

    headers = ["STT", "Chỉ tiêu", "ĐVT", PERIOD_HEADER, CUMULATIVE_HEADER]
    if last is not None:
        headers.append(f"Số đã báo cáo đến hết {last.period.label}")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = heading
        cell.alignment = centre
        cell.border = box
    ws.row_dimensions[HEADER_ROW].height = 48

    figures = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(maximum),
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle="Nhập một số nguyên",
        prompt=f"Ghi một số nguyên từ 0 đến {format_int(maximum)}; ghi 0 nếu không có.",
        errorTitle="Số không hợp lệ",
        error=(
            f"Ô này chỉ nhận số nguyên từ 0 đến {format_int(maximum)} (không ghi chữ, số thập "
            "phân hay số âm). Nhập lại."
        ),
    )
    ws.add_data_validation(figures)
    row = FIRST_ROW
    for n, indicator in enumerate(config.indicators, start=1):
        row = FIRST_ROW + n - 1
        values: list[object] = [n, indicator.label, indicator.unit, None, None]
        if last is not None:
            values.append(last.cumulative.get(indicator.code))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = plain
            cell.border = box
            cell.alignment = wrap if col == 2 else centre
        for col in (4, 5):
            cell = ws.cell(row=row, column=col)
            cell.fill = input_fill
            cell.protection = unlocked
            cell.number_format = "#,##0"
        figures.add(f"D{row}:E{row}")
        if last is not None:
            ws.cell(row=row, column=6).fill = read_only_fill
            ws.cell(row=row, column=6).number_format = "#,##0"
        ws.row_dimensions[row].height = 32

    notes_row = row + 2
    notes = [
        "Hướng dẫn: chỉ ghi vào các ô nền vàng, mỗi ô một số nguyên, ghi 0 nếu không có (biểu "
        "để trống mọi ô được coi là đơn vị chưa báo cáo).",
        f'Cột "{PERIOD_HEADER}": kết quả trong kỳ báo cáo. Cột "{CUMULATIVE_HEADER}": tổng '
        f"từ ngày {format_date(programme.start)} đến hết kỳ báo cáo, bằng lũy kế kỳ trước cộng "
        "số trong kỳ.",
    ]
    if last is not None:
        notes.append(
            "Cột nền xám là số lũy kế đơn vị đã báo cáo kỳ trước: số lũy kế kỳ này không nhỏ "
            "hơn số đó."
        )
    notes.append("Kiểm tra biểu trước khi gửi: dean24 check <tên tệp>.")
    for i, text in enumerate(notes):
        cell = f"A{notes_row + i}"
        put(cell, text, italic=True)
        ws.merge_cells(f"A{notes_row + i}:{last_letter}{notes_row + i}")
        ws[cell].alignment = wrap
        ws.row_dimensions[notes_row + i].height = 32 if len(text) > 80 else 18
    sign_row = notes_row + len(notes) + 1
    put(f"B{sign_row}", "NGƯỜI LẬP BIỂU", bold=True)
    put(f"D{sign_row}", "T/M ĐẢNG ỦY", bold=True)
    ws.merge_cells(f"D{sign_row}:{last_letter}{sign_row}")
    for cell in (f"B{sign_row}", f"D{sign_row}"):
        ws[cell].alignment = Alignment(horizontal="center")

    for letter, width in zip("ABCDEF", (6, 46, 9, 13, 17, 17), strict=False):
        ws.column_dimensions[letter].width = width
    ws.print_area = f"A1:{last_letter}{sign_row + 4}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.protection.sheet = True  # no password: it guards the structure, not a secret
    wb.security = WorkbookProtection(lockStructure=True)
    for cells in ws.iter_rows(min_row=1, max_row=sign_row + 4, max_col=last_col):
        for cell in cells:
            if cell.font.name != font_name:
                cell.font = plain
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_forms(settings: FormSettings) -> FormRun:
    """Build the form of every chosen unit, then write them all; nothing is overwritten
    unless settings.force."""
    from dean24.core.userfiles import refuse_clashes
    from dean24.store.outputs import write_all

    config = load_config(settings.config_path)
    units = chosen_units(config, settings.units, settings.period)
    last = last_figures(settings.store_path, settings.period) if settings.store_path else None
    paths = {unit.name: settings.out_dir / form_file_name(unit.name) for unit in units}
    if len(set(paths.values())) != len(paths):
        raise UsageError("form_names_clash", "Hai đơn vị cho cùng một tên tệp biểu.")
    given = [
        (role, path)
        for role, path in (
            ("tệp cấu hình", settings.config_path),
            ("cơ sở dữ liệu lịch sử", settings.store_path),
        )
        if path is not None
    ]
    refuse_clashes(given, [("biểu", path) for path in paths.values()])
    existing = [p for p in paths.values() if p.exists()]
    if existing and not settings.force:
        raise UsageError(
            "file_exists",
            f"Đã có {len(existing)} tệp trong {settings.out_dir} (ví dụ {existing[0].name}); "
            "dùng thư mục khác, hoặc --force để ghi đè.",
        )
    rendered: dict[Path, bytes] = {}
    without: list[str] = []
    for unit in units:
        previous = None
        if last is not None:
            previous = last.get(unit.name)
            if previous is None:
                without.append(unit.name)
        rendered[paths[unit.name]] = build_form(config, unit, settings.period, previous)
    write_all(rendered)
    empty = last is not None and not last
    return FormRun(list(rendered), [u.name for u in units], without, empty)
