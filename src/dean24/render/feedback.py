"""Marked copies of the input workbooks to send back to the units: each cell at fault filled
and commented (code, message, what to do), and a first sheet listing every problem.

The original is only read: its bytes are copied and the copy is opened. A .xls or .ods file
(or a workbook the spreadsheet library cannot open as it is) gets an .xlsx copy holding the
values of its cells at the same places, and its list sheet says so.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dean24.core.errors import Problem
from dean24.core.text import nfc

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

SUFFIX = ".gop_y.xlsx"
LIST_SHEET = "Cần kiểm tra"
AUTHOR = "dean24"
_FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}  # light red, light yellow
_SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
_ADVICE = {
    "error": "Sửa ô này theo hướng dẫn rồi gửi lại biểu; biểu còn lỗi thì chưa tổng hợp được.",
    "warning": "Kiểm tra lại số liệu; nếu đúng thì giữ nguyên và ghi rõ khi gửi lại, nếu sai "
    "thì sửa cả ô lũy kế đi kèm.",
}
_HEADERS = ("STT", "Trang", "Ô", "Mức", "Mã", "Nội dung", "Cần làm")
_WIDTHS = (6, 18, 8, 10, 22, 80, 50)


@dataclass(frozen=True)
class MarkedCopy:
    """The copy of one input file: where it goes and the problems marked in it."""

    source: Path
    target: Path
    problems: tuple[Problem, ...]


def copy_targets(files: Iterable[Path], folder: Path) -> dict[str, Path]:
    """Where each input file's copy would go (keyed by the file as the reader names it):
    FOLDER/<name>.gop_y.xlsx; inputs with the same name take their folder's name in front,
    then a number."""
    targets: dict[str, Path] = {}
    taken: set[str] = set()
    for path in files:
        name = f"{path.stem}{SUFFIX}"
        if name.casefold() in taken:
            name = f"{path.parent.name}_{path.stem}{SUFFIX}"
        number = 2
        while name.casefold() in taken:
            name = f"{path.parent.name}_{path.stem}_{number}{SUFFIX}"
            number += 1
        taken.add(name.casefold())
        targets[str(path)] = folder / name
    return targets


def marked_copies(problems: Sequence[Problem], targets: dict[str, Path]) -> list[MarkedCopy]:
    """The copies to make: one for every input file with at least one problem located in it."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.location.file in targets:
            by_file.setdefault(problem.location.file, []).append(problem)
    return [MarkedCopy(Path(file), targets[file], tuple(found)) for file, found in by_file.items()]


def render_copies(copies: Sequence[MarkedCopy]) -> dict[Path, bytes]:
    """Each copy's bytes, ready to be written with the run's other outputs."""
    return {copy.target: render_copy(copy) for copy in copies}


def render_copy(copy: MarkedCopy) -> bytes:
    """The marked .xlsx copy of one input file."""
    workbook, values_only = _open_copy(copy.source)
    listed = _mark(workbook, copy.problems)
    _list_sheet(workbook, copy, listed, values_only)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _open_copy(source: Path) -> tuple[Workbook, bool]:
    """The copy to mark, opened from the original's bytes; (workbook, holds values only)."""
    import openpyxl

    if source.suffix.lower() == ".xlsx":
        try:
            return openpyxl.load_workbook(io.BytesIO(source.read_bytes())), False
        except Exception:  # a file openpyxl cannot take as it is: its values instead
            pass
    return _values_copy(source), True


def _values_copy(source: Path) -> Workbook:
    """A new workbook holding the values of the original's visible sheets at their places."""
    import openpyxl

    from dean24.reading.workbook import load_sheets

    sheets, _ = load_sheets(source, str(source))
    workbook = openpyxl.Workbook()
    first = workbook.active
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(workbook, sheet.name))
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    ws.cell(row=r, column=c, value=_plain(value))
    if first is not None and len(workbook.worksheets) > 1:
        workbook.remove(first)
    return workbook


def _plain(value: Any) -> Any:
    """A value openpyxl can write: numbers, text, dates and booleans as they are."""
    if isinstance(value, bool | int | float | str | date | datetime | time | timedelta):
        return value
    return str(value)


def _sheet_title(workbook: Workbook, wanted: str) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\) not yet in the workbook."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in wanted)[:31] or "Trang"
    title, number = clean, 2
    while title in workbook.sheetnames:
        tail = f" ({number})"
        title = clean[: 31 - len(tail)] + tail
        number += 1
    return title


def _find_sheet(workbook: Workbook, name: str) -> Worksheet | None:
    for ws in workbook.worksheets:
        if nfc(ws.title) == name:
            return ws
    return None


def _mark(workbook: Workbook, problems: Sequence[Problem]) -> list[tuple[Problem, str]]:
    """Fill and comment every cell at fault; each problem with the sheet title it was marked
    on ('' when it names no cell of the copy)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.utils.cell import coordinate_from_string

    texts: dict[tuple[str, str], list[str]] = {}
    worst: dict[tuple[str, str], str] = {}
    listed: list[tuple[Problem, str]] = []
    for problem in problems:
        where = problem.location
        ws = _find_sheet(workbook, where.sheet) if where.sheet else None
        cell = where.cell.replace("$", "").upper()
        try:
            coordinate_from_string(cell)
        except (ValueError, TypeError):
            cell = ""
        if ws is None or not cell:
            listed.append((problem, ws.title if ws is not None else ""))
            continue
        key = (ws.title, cell)
        texts.setdefault(key, []).append(_comment_text(problem))
        if worst.get(key) != "error":
            worst[key] = problem.severity
        listed.append((problem, ws.title))
    for (title, cell), lines in texts.items():
        target = workbook[title][cell]
        if isinstance(target, MergedCell):  # inside a merged range: listed on the first sheet only
            continue
        colour = _FILLS.get(worst[(title, cell)], _FILLS["warning"])
        target.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        text = "\n\n".join(lines)
        height = min(600, 90 + 15 * (len(text) // 40))
        target.comment = Comment(text, AUTHOR, height=height, width=420)
    return listed


def _comment_text(problem: Problem) -> str:
    severity = _SEVERITY.get(problem.severity, problem.severity)
    advice = _ADVICE.get(problem.severity, _ADVICE["warning"])
    return f"{severity} [{problem.code}]: {problem.message}\nCần làm: {advice}"


def _list_sheet(
    workbook: Workbook, copy: MarkedCopy, listed: list[tuple[Problem, str]], values_only: bool
) -> None:
    """The first sheet: what the copy is, then one row per problem, linked to its cell."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(_sheet_title(workbook, LIST_SHEET), 0)
    errors = sum(1 for p, _ in listed if p.severity == "error")
    warnings = len(listed) - errors
    ws["A1"] = f"Kết quả kiểm tra biểu {copy.source.name}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = (
        f"{errors} lỗi, {warnings} cảnh báo. Các ô cần xem được tô màu (đỏ: lỗi, vàng: cảnh "
        "báo) và có ghi chú; bấm vào ô ở cột Ô để đến ô đó. Đây là bản sao, tệp gốc giữ nguyên."
    )
    row = 3
    if values_only:
        ws.cell(
            row=row,
            column=1,
            value=f"Tệp gốc {copy.source.name} không phải dạng .xlsx mở được để đánh dấu: bản "
            "sao này chỉ giữ giá trị các ô (không giữ định dạng, công thức), ở đúng vị trí như "
            "trong tệp gốc. Sửa trong tệp gốc rồi gửi lại.",
        )
        row += 1
    row += 1
    for col, (header, width) in enumerate(zip(_HEADERS, _WIDTHS, strict=True), start=1):
        ws.cell(row=row, column=col, value=header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (problem, title) in enumerate(listed, start=1):
        row += 1
        where = problem.location
        values = (
            number,
            title or where.sheet,
            where.cell,
            _SEVERITY.get(problem.severity, problem.severity),
            problem.code,
            problem.message,
            _ADVICE.get(problem.severity, _ADVICE["warning"]),
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.alignment = wrap
        if title and where.cell:
            link = ws.cell(row=row, column=3)
            link.hyperlink = f"#'{title}'!{where.cell.replace('$', '')}"
            link.font = Font(color="0563C1", underline="single")
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    workbook.active = 0
