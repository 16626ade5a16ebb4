"""Read every workbook of a run (files or folders) into tables with their cells."""

from __future__ import annotations

from pathlib import Path

from dean24.config import Config
from dean24.errors import InputFileError, Location, Problem
from dean24.excel.layouts import TableFinder
from dean24.excel.workbook import load_sheets
from dean24.model import ReadResult, SheetData

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given, and the workbooks directly inside each folder, in name order.

    Office lock files ('~$…') and hidden files are skipped.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in WORKBOOK_SUFFIXES
                and not p.name.startswith(("~$", "."))
            )
            if not inside:
                raise InputFileError(
                    "folder_empty",
                    "Thư mục không có sổ Excel nào (.xlsx, .xls, .ods).",
                    Location(file=str(path)),
                )
            files.extend(inside)
        else:
            files.append(path)
    return files


def read_inputs(paths: list[Path], config: Config) -> ReadResult:
    """Read all inputs; problems of every file are gathered, not stopped at the first."""
    finder = TableFinder(config)
    sheets: list[SheetData] = []
    problems: list[Problem] = []
    for path in expand_inputs(paths):
        display = str(path)
        try:
            raw_sheets, notes = load_sheets(path, display)
        except InputFileError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(notes)
        found = 0
        for sheet in raw_sheets:
            table = finder.read(sheet, problems)
            if table is not None:
                sheets.append(table)
                found += 1
        if not found:
            problems.append(
                Problem(
                    "no_table",
                    "Không tìm thấy bảng số liệu của Đề án trong sổ này: cần dòng tiêu đề có tên "
                    'các chỉ tiêu và các cột "Trong kỳ", "Lũy kế từ khi thực hiện Đề án".',
                    Location(file=display),
                )
            )
    return ReadResult(sheets, problems)
