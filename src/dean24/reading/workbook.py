"""Open a workbook safely and turn each visible, non-empty sheet into a grid of NFC values."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from dean24.core.errors import InputFileError, Location, Problem
from dean24.core.text import nfc
from dean24.reading.cells import a1, cell_text
from dean24.reading.legacy import fix_legacy

# A merged range larger than this is a title or a band, never one figure's cell.
_MERGE_CELLS_NOTED = 400


@dataclass
class Sheet:
    """One sheet as rows of values; text is NFC and legacy-font text is already converted."""

    file: str
    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    uncached: set[str] = field(default_factory=set)  # A1 refs of formulas with no cached value
    errors: dict[str, str] = field(default_factory=dict)  # A1 ref → Excel error (#DIV/0!)
    converted: dict[str, str] = field(default_factory=dict)  # A1 ref → legacy scheme
    hidden_rows: frozenset[int] = frozenset()  # rows hidden by hand (0-based)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    @cached_property
    def texts(self) -> list[list[str]]:
        """Each cell's text as cell_text gives it, worked out once for the sheet."""
        return [
            # A whole number, the usual cell of a table, at once: what cell_text gives it.
            [str(int(v)) if type(v) is float and v.is_integer() else cell_text(v) for v in row]
            for row in self.rows
        ]

    def text(self, row: int, col: int) -> str:
        """cell_text of the value at (row, col); '' outside the grid."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.texts[row][col]
        return ""

    def filled(self, row: int) -> int:
        """How many cells of a row show some text."""
        return sum(1 for text in self.texts[row] if text)

    @cached_property
    def merged_cells(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """Each cell inside a merged range of more than one cell → that range."""
        return {
            (r, c): (r0, c0, r1, c1)
            for r0, c0, r1, c1 in self.merged
            if (r1 - r0 + 1) * (c1 - c0 + 1) <= _MERGE_CELLS_NOTED
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
        }

    def merged_origin(self, row: int, col: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range holding (row, col), if any."""
        for r0, c0, r1, c1 in self.merged:
            if r0 <= row <= r1 and c0 <= col <= c1:
                return r0, c0
        return None

    def location(self, row: int, col: int) -> Location:
        return Location(self.file, self.name, a1(row, col))

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _clean_row(
    r: int, row: list[Any], fonts: dict[str, str], converted: dict[str, str]
) -> list[Any]:
    """A row's values with text in NFC and legacy-font text converted (noted in converted)."""
    cleaned = list(row)
    # Plain ASCII is NFC and no legacy encoding; only a legacy caps font changes it.
    texts = [c for c, v in enumerate(row) if isinstance(v, str) and not (v.isascii() and not fonts)]
    for c in texts:
        cleaned[c], scheme = _clean_text(row[c], fonts.get(a1(r, c)) if fonts else None)
        if scheme:
            converted[a1(r, c)] = scheme
    return cleaned


@lru_cache(maxsize=8192)
def _clean_text(value: str, font: str | None) -> tuple[str, str | None]:
    """A text in NFC, converted from the legacy encoding it is in (and that scheme), worked
    out once per distinct text: the labels and headers of a form repeat in every file."""
    text, scheme = fix_legacy(value, font)
    return nfc(text), scheme


def load_sheets(path: Path, display_name: str) -> tuple[list[Sheet], list[Problem]]:
    """Read every visible sheet that holds something; hidden and empty sheets are left out."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    from dean24.reading.container import open_workbook

    opened = open_workbook(path)
    where = Location(file=display_name)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(opened.data))
    except (CalamineError, OSError, ValueError) as exc:
        raise InputFileError(
            "file_corrupt",
            f"Không mở được sổ Excel ({exc}).",
            where,
            advised=True,
        ) from None
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            try:
                raw = workbook.get_sheet_by_name(meta.name)
                rows = raw.to_python(skip_empty_area=False)
                merged_ranges = raw.merged_cell_ranges or []
            except (CalamineError, ValueError, TypeError) as exc:
                raise InputFileError(
                    "file_corrupt",
                    f'Không đọc được trang "{meta.name}" ({exc}).',
                    where,
                    advised=True,
                ) from None
            if not any(not (v is None or v == "") for row in rows for v in row):
                continue
            converted: dict[str, str] = {}
            scan = opened.scan(meta.name)
            fonts = scan.fonts if scan else {}
            grid = [_clean_row(r, row, fonts, converted) for r, row in enumerate(rows)]
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged_ranges]
            uncached = set(scan.uncached) if scan else set()
            errors = dict(scan.errors) if scan else {}
            hidden = frozenset(scan.hidden_rows if scan else opened.hidden_rows.get(meta.name, ()))
            sheets.append(
                Sheet(
                    display_name, nfc(meta.name), grid, merged, uncached, errors, converted, hidden
                )
            )
    finally:
        workbook.close()
    for sheet in sheets:
        if sheet.converted:
            refs = sorted(sheet.converted, key=lambda ref: (len(ref), ref))
            schemes = sorted(set(sheet.converted.values()))
            shown = ", ".join(refs[:10]) + (
                f" và {len(refs) - 10} ô khác" if len(refs) > 10 else ""
            )
            problems.append(
                Problem(
                    "legacy_font_converted",
                    f"Đã chuyển chữ từ bảng mã {' và '.join(schemes)} sang Unicode ở các ô: "
                    f"{shown}.",
                    Location(file=display_name, sheet=sheet.name),
                    severity="warning",
                    advised=True,
                )
            )
    return sheets, problems
