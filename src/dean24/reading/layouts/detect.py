"""Which layout a sheet holds, told by where its indicator labels are: along a header row (a
summary, read in summary) or down a column (a unit form or a transposed summary, read in
unit_form); and the workbook's tables joined."""

from __future__ import annotations

from dean24.core.errors import Problem
from dean24.core.model import SheetData
from dean24.core.periods import Period, find_period
from dean24.core.text import fold
from dean24.programme.config import Config
from dean24.reading.cells import looks_numeric
from dean24.reading.columnroles import column_role
from dean24.reading.layouts.context import Context
from dean24.reading.layouts.headers import first_written, next_table
from dean24.reading.layouts.period import NOT_THE_PERIOD
from dean24.reading.layouts.summary import read_summary
from dean24.reading.layouts.unit_form import read_unit_form
from dean24.reading.tables import join_forms, join_partial
from dean24.reading.workbook import Sheet

_SCAN_ROWS = 80  # a header sits within the first rows of a form


class TableFinder:
    """Reads the table of a sheet using the configuration's indicator and unit names."""

    def __init__(self, config: Config, period: Period | None = None) -> None:
        self.config = config
        self.context = Context(config, period)

    def join(self, tables: list[SheetData], problems: list[Problem]) -> list[SheetData]:
        """The workbook's tables, those giving each a group of indicators joined into one."""
        labels = {i.code: i.label for i in self.config.indicators}
        return join_partial(tables, labels, self.context.unit_identity, problems)

    def join_forms(self, tables: list[SheetData], problems: list[Problem]) -> list[SheetData]:
        """The unit forms of a run (every file), those giving each a group of a unit's
        indicators joined into one; the indicators still lacking are added to problems."""
        labels = {i.code: i.label for i in self.config.indicators}
        return join_forms(tables, labels, self.context.unit_identity, problems)

    def read(self, sheet: Sheet, problems: list[Problem]) -> list[SheetData]:
        """The tables on the sheet (none when it holds no report table): a summary may be
        followed by another with its own header, for other indicators."""
        named = self._named_cells(sheet)
        horizontal, header_row = self._best_header_row(named)
        vertical, label_col = self._best_label_column(named)
        if (
            (vertical > horizontal and vertical >= 2)
            or (vertical >= 1 and horizontal == 0)
            or (vertical == horizontal == 1 and self._one_label_of_a_form(sheet, named))
        ):
            return [read_unit_form(self.context, sheet, label_col, problems)]
        tables: list[SheetData] = []
        start = header_row if horizontal >= 1 else None
        while start is not None:
            title = self._other_table_title(sheet, start, tables)
            if title is not None:
                following = next_table(self.context, sheet, start)
                problems.append(
                    Problem(
                        "table_not_added",
                        f"Bảng từ dòng {start + 1} («{title}») là số của kỳ khác hoặc kế "
                        "hoạch, không phải kết quả kỳ báo cáo: không cộng vào báo cáo.",
                        sheet.location(start, first_written(sheet, start)),
                        severity="warning",
                    )
                )
                start = following
                continue
            said: list[Problem] = []
            table, start = read_summary(self.context, sheet, start, said)
            if table.rows or table.codes or not tables:
                # (a later line naming an indicator with nothing under it is no table)
                tables.append(table)
                problems.extend(p for p in said if p not in problems)
        return tables

    def _other_table_title(self, sheet: Sheet, start: int, before: list[SheetData]) -> str | None:
        """For a table below another on the sheet: the title line over its header when it
        names another period than the report's, a comparison or a plan ('SỐ LIỆU CÙNG KỲ NĂM
        2023', 'Kế hoạch năm 2025'); else None."""
        if not before:
            return None
        report = before[0].period or self.context.period
        for r in range(max(0, start - 3), start):
            if sheet.filled(r) > 2:
                continue
            for text in sheet.texts[r]:
                if not text or looks_numeric(text):
                    continue
                named = find_period(text, allow_year=True)
                if NOT_THE_PERIOD.search(fold(text)) or (named is not None and named != report):
                    return text
        return None

    def _named_cells(self, sheet: Sheet) -> list[list[tuple[int, str]]]:
        """For each of the first rows, (column, indicator code) of the cells naming one."""
        return [
            [(c, ind.code) for c, text in enumerate(row) if (ind := self.context.names(text))]
            for row in sheet.texts[: _SCAN_ROWS + 40]
        ]

    @staticmethod
    def _one_label_of_a_form(sheet: Sheet, named: list[list[tuple[int, str]]]) -> bool:
        """Whether the one cell naming an indicator is a form's row label (a form of one
        group holding one indicator): figures on its row to its right, and neither figures
        nor column kinds under it, as a summary's indicator header has."""
        r, c = next((r, cells[0][0]) for r, cells in enumerate(named) if cells)
        beside = any(looks_numeric(sheet.value(r, right)) for right in range(c + 1, sheet.width))
        under = [sheet.text(r + k, c) for k in (1, 2)]
        return beside and not any(looks_numeric(t) or column_role(t) for t in under if t)

    def _best_header_row(self, named: list[list[tuple[int, str]]]) -> tuple[int, int | None]:
        best, best_row = 0, None
        for r, cells in enumerate(named[:_SCAN_ROWS]):
            found = {code for _c, code in cells}
            if len(found) > best:
                best, best_row = len(found), r
                if best == len(self.config.indicators):
                    break  # every indicator named on one row: this is the header
        return best, best_row

    def _best_label_column(self, named: list[list[tuple[int, str]]]) -> tuple[int, int]:
        counts: dict[int, set[str]] = {}
        every = len(self.config.indicators)
        for cells in named:
            for c, code in cells:
                counts.setdefault(c, set()).add(code)
            if any(len(codes) == every for codes in counts.values()):
                break  # one column already names every indicator
        if not counts:
            return 0, 0
        col = max(counts, key=lambda c: len(counts[c]))
        return len(counts[col]), col
