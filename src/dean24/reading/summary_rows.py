"""The body of a summary table, row by row: unit rows are added; totals, subtotals, group
rows and breakdown rows are kept apart and checked against the unit rows they cover."""

from __future__ import annotations

import re

from dean24.core.errors import Problem
from dean24.core.model import UnitRow
from dean24.core.text import format_int, name_key
from dean24.reading.rowkinds import BREAKDOWN, SUBTOTAL, TOTAL, bullet, without_bullet
from dean24.reading.workbook import Sheet

_UNIT = "unit"
_TRONG_DO = name_key("trong đó")


def _row_number(row: UnitRow) -> str:
    return re.sub(r"^[A-Z]+", "", row.location.cell)


def _has_figures(row: UnitRow) -> bool:
    return any(f.value for kinds in row.values.values() for f in kinds.values())


class Body:
    """Collects the rows of one summary table in order and checks what is not added."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.rows: list[UnitRow] = []
        self.totals: UnitRow | None = None
        self.closed = False  # a totals row came after the units: the table ends at a gap
        self._start = 0  # index in rows where the current group begins
        self._group: tuple[UnitRow, int] | None = None  # a group row with figures, its start
        self._checks: list[tuple[UnitRow, list[UnitRow]]] = []
        self._breakdowns: list[tuple[UnitRow, UnitRow | None]] = []
        self._bullet = ""  # the mark unit rows start with, when they are written as a list
        self._last: str | None = None

    # ----- rows, in the order of the sheet ---------------------------------------------------

    def add_unit(self, row: UnitRow, written: str) -> None:
        self.rows.append(row)
        if mark := bullet(written):
            self._bullet = mark
        self._last = _UNIT

    def add_sum_row(self, kind: str, row: UnitRow, has_numbers: bool) -> None:
        """A totals, subtotal or group row: never added, its figures checked."""
        if kind == TOTAL:
            self._close_group()
            self.totals = row
            self.closed = bool(self.rows)
        elif kind == SUBTOTAL:
            if self._group is not None and self._group[1] == self._start:
                self._close_group()
            self._checks.append((row, self.rows[self._start :]))
            self._start = len(self.rows)
        else:
            self._close_group()
            self._start = len(self.rows)
            if has_numbers:
                self._group = (row, len(self.rows))
        self._last = kind

    def breakdown_applies(self, label: str) -> bool:
        """Whether a row starting 'Trong đó', '-' or '+' is a breakdown of the unit above.

        A list of units may itself be written with '-' before each name: a mark that starts
        the first row under a heading, or that the unit rows already use, marks units.
        """
        mark = bullet(label)
        rest = name_key(without_bullet(label))
        if not mark or rest == _TRONG_DO or rest.startswith(_TRONG_DO + " "):
            return True
        if mark == self._bullet:
            return False
        if self._last in (_UNIT, BREAKDOWN):
            return True
        self._bullet = mark
        return False

    def add_breakdown(self, row: UnitRow) -> None:
        parent = self.rows[-1] if self._last in (_UNIT, BREAKDOWN) and self.rows else None
        self._breakdowns.append((row, parent))
        self._last = BREAKDOWN

    # ----- the end of the table ---------------------------------------------------------------

    def _close_group(self) -> None:
        if self._group is not None:
            row, start = self._group
            self._checks.append((row, self.rows[start:]))
            self._group = None

    def finish(self, problems: list[Problem]) -> tuple[list[UnitRow], UnitRow | None]:
        """The unit rows and the totals row; warnings for every row checked and not added."""
        self._close_group()
        for row, covered in self._checks:
            self._check(row, covered, problems)
        if self._breakdowns:
            self._note_breakdowns(problems)
        return self.rows, self.totals

    def _check(self, row: UnitRow, covered: list[UnitRow], problems: list[Problem]) -> None:
        label = f"dòng {_row_number(row)} «{row.raw_name}»"
        if not covered:
            if _has_figures(row):
                problems.append(
                    Problem(
                        "group_without_units",
                        f"{label} có số liệu nhưng là dòng nhóm hoặc dòng cộng và không có dòng "
                        "đơn vị nào thuộc nó; số liệu của dòng này không được cộng.",
                        row.location,
                        severity="warning",
                        advised=True,
                    )
                )
            return
        differences = []
        for code, kinds in row.values.items():
            for kind, figure in kinds.items():
                added = sum(u.values[code][kind].value for u in covered if code in u.values)
                if figure.value != added and _has_figures(row):
                    differences.append(
                        f"ô {figure.location.cell} ghi {format_int(figure.value)}, cộng được "
                        f"{format_int(added)}"
                    )
        if differences:
            first, last = _row_number(covered[0]), _row_number(covered[-1])
            problems.append(
                Problem(
                    "subtotal_mismatch",
                    f"{label} lệch với tổng các dòng đơn vị nó gộp (dòng {first} đến {last}) ở "
                    f"{len(differences)} ô: {'; '.join(differences)}. Báo cáo chỉ cộng các dòng "
                    "đơn vị, không cộng dòng này.",
                    row.location,
                    severity="warning",
                )
            )

    def _note_breakdowns(self, problems: list[Problem]) -> None:
        numbers = ", ".join(_row_number(row) for row, _ in self._breakdowns)
        problems.append(
            Problem(
                "breakdown_rows",
                f"Các dòng chi tiết (bắt đầu bằng «Trong đó», «-», «+») ở dòng {numbers} là một "
                "phần số liệu của dòng đơn vị phía trên; không cộng vào tổng.",
                self._breakdowns[0][0].location,
                severity="warning",
            )
        )
        for row, parent in self._breakdowns:
            if parent is None:
                continue
            for code, kinds in row.values.items():
                for kind, figure in kinds.items():
                    whole = parent.values.get(code, {}).get(kind)
                    if whole is not None and figure.value > whole.value:
                        problems.append(
                            Problem(
                                "breakdown_exceeds",
                                f"Số chi tiết ở ô {figure.location.cell} "
                                f"({format_int(figure.value)}) lớn hơn số của cả đơn vị ở ô "
                                f"{whole.location.cell} ({format_int(whole.value)}).",
                                figure.location,
                                severity="warning",
                                advised=True,
                            )
                        )
