"""Find the report table on a sheet by its header words: layout A (summary) or B (unit form)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, SheetData, UnitRow
from dean24.core.periods import Period, find_period, period_of_dates
from dean24.core.text import escaped, fold, format_date, join_vi, label_key, name_key, unit_key
from dean24.programme.config import Config, Indicator, Unit
from dean24.programme.unitnames import UnitNames
from dean24.reading.cells import (
    a1,
    cell_text,
    column_name,
    is_blank,
    is_column_number,
    is_note_header,
    looks_numeric,
    parse_count,
)
from dean24.reading.columnroles import (
    AMBIGUOUS,
    CUMULATIVE,
    ESTIMATE,
    NOTE,
    PAST_CUMULATIVE,
    PERIOD,
    PLAN,
    ROLE_NAMES,
    SET_ASIDE,
    UNCLEAR,
    YEAR_TO_DATE,
    column_role,
)
from dean24.reading.columnroles import (
    BREAKDOWN as BREAKDOWN_COLUMN,
)
from dean24.reading.rowkinds import (
    BREAKDOWN,
    GROUP,
    SUBTOTAL,
    TOTAL,
    bullet,
    is_section_heading,
    is_section_marker,
    row_kind,
    without_bullet,
)
from dean24.reading.summary_rows import Body as _Body
from dean24.reading.tables import join_forms, join_partial
from dean24.reading.workbook import Sheet

# Headers naming a period whose figures are not the report's: never the report's period.
_NOT_THIS_PERIOD = frozenset({PLAN, ESTIMATE})
_WHOLE_NUMBER = re.compile(r"\d+\.?")
_SCAN_ROWS = 80  # a header sits within the first rows of a form
_UNIT_HEADER = ("don vi", "ten don vi", "dang bo", "co so dang")
_LABEL_HEADER = ("chi tieu", "noi dung", "ten chi tieu")
_BY_ROWS = "rows:"  # a unit column whose kinds are told by sub-rows, keyed by the kind column
_NUMBERING_HEADER = ("stt", "so tt", "tt", "dvt", "don vi tinh")
_IGNORED_HEADER = ("stt", "so tt", "tt", "ghi chu", "dvt", "don vi tinh")
_UNIT_LINE = re.compile(r"^\s*(?:ten\s+)?(?:don vi|dang bo|co quan)\s*(?:bao cao)?\s*:\s*", re.I)
_TRONG_DO = re.compile(r"^\s*trong\s+đó\s*[:,.-]?\s*", re.I)
# Title words before a period that is not the report's: plans and comparisons.
_NOT_THE_PERIOD = re.compile(r"phuong huong|nhiem vu|ke hoach|cung ky|so voi|so sanh")
# An STT cell that marks a breakdown row under an indicator: '-', '+', '*', 'a)', '2.1'.
_STT_BREAKDOWN = re.compile(r"^\s*(?:[-+*•–]|[a-zđ]\s*\)|\d{1,2}\.\d{1,2}\.?)\s*$", re.I)
_OWN_COUNT = ("số ", "tổng số ")
_GENERIC_SHEET = re.compile(r"^(sheet|trang|bieu|table|tong hop)\s*\d*$")


@dataclass(frozen=True)
class Column:
    col: int
    code: str
    kind: str


_new = tuple.__new__


class _ValueColumns:
    """A table's value columns as each row is read: (column, indicator, kind, letters) in
    column order, the indicators in the order first met, and those whose cumulative is
    derived (they have a column of the cumulative before the period)."""

    def __init__(self, columns: list[Column]) -> None:
        self.cells = [(col.col, col.code, col.kind, column_name(col.col)) for col in columns]
        self.codes = list(dict.fromkeys(col.code for col in columns))
        self.derived = list(
            dict.fromkeys(col.code for col in columns if col.kind == PAST_CUMULATIVE)
        )


class TableFinder:
    """Reads the table of a sheet using the configuration's indicator and unit names."""

    def __init__(self, config: Config, period: Period | None = None) -> None:
        self.config = config
        self.period = period  # the period asked for, when the sheet names none
        self.indicators = config.indicator_index()
        self.units = UnitNames(config.units)
        self.max_value = config.programme.max_value
        # Known labels long enough to be found inside a longer header, longest first.
        self._contained = sorted(
            ((f" {known} ", ind) for known, ind in self.indicators.items() if len(known) >= 8),
            key=lambda item: -len(item[0]),
        )
        self._matched: dict[str, Indicator | None] = {}
        self._said: set[Location] = set()  # problems already reported once for the sheet

    # ----- matching -------------------------------------------------------------------------

    def match_indicator(self, text: str) -> Indicator | None:
        """The indicator a label names: exact key, else the longest known label it contains
        as whole words. Worked out once per distinct text."""
        if text in self._matched:
            return self._matched[text]
        key = "" if is_note_header(text) else label_key(text)
        found = self.indicators.get(key) if key else None
        if found is None and key:
            padded = f" {key} "
            found = next((ind for known, ind in self._contained if known in padded), None)
        self._matched[text] = found
        return found

    def _names(self, text: str) -> Indicator | None:
        """The indicator a cell's text names as a label (never a figure)."""
        return self.match_indicator(text) if text and not looks_numeric(text) else None

    def match_unit(self, text: str) -> Unit | None:
        """A unit the text names in some period (which one is decided with the period)."""
        found = self.units.candidates(text) if text else []
        return found[0] if found else None

    def join(self, tables: list[SheetData], problems: list[Problem]) -> list[SheetData]:
        """The workbook's tables, those giving each a group of indicators joined into one."""
        labels = {i.code: i.label for i in self.config.indicators}
        return join_partial(tables, labels, self._unit_identity, problems)

    def join_forms(self, tables: list[SheetData], problems: list[Problem]) -> list[SheetData]:
        """The unit forms of a run (every file), those giving each a group of a unit's
        indicators joined into one; the indicators still lacking are added to problems."""
        labels = {i.code: i.label for i in self.config.indicators}
        return join_forms(tables, labels, self._unit_identity, problems)

    def _unit_identity(self, name: str) -> str:
        """A unit's key across tables: the configured unit it names, else its written name."""
        unit = self.match_unit(without_bullet(name))
        return unit.name if unit is not None else unit_key(name)

    # ----- headers --------------------------------------------------------------------------

    @staticmethod
    def header_text(sheet: Sheet, row: int, col: int, fill_left: bool) -> str:
        """Text shown at a header cell, following merged ranges (or, without them, the
        nearest text to the left, the way a 'centre across selection' header reads)."""
        origin = sheet.merged_origin(row, col)
        if origin is not None:
            return sheet.text(*origin)
        text = sheet.text(row, col)
        if text or not fill_left:
            return text
        for left in range(col - 1, -1, -1):
            if sheet.merged_origin(row, left) is not None:
                return ""
            text = sheet.text(row, left)
            if text:
                return "" if looks_numeric(text) else text
        return ""

    @staticmethod
    def _row_has_merges(sheet: Sheet, row: int) -> bool:
        return any(r0 <= row <= r1 and c1 > c0 for r0, c0, r1, c1 in sheet.merged)

    def _header_origin(self, sheet: Sheet, row: int, col: int) -> Location:
        origin = sheet.merged_origin(row, col)
        if origin is None:
            # Without merges the label sits at or left of the column.
            for left in range(col, -1, -1):
                if sheet.text(row, left):
                    return sheet.location(row, left)
            return sheet.location(row, col)
        return sheet.location(*origin)

    # ----- entry point ----------------------------------------------------------------------

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
            return [self._read_unit_form(sheet, label_col, problems)]
        tables: list[SheetData] = []
        start = header_row if horizontal >= 1 else None
        while start is not None:
            title = self._other_table_title(sheet, start, tables)
            if title is not None:
                following = self._next_table(sheet, start)
                problems.append(
                    Problem(
                        "table_not_added",
                        f"Bảng từ dòng {start + 1} («{title}») là số của kỳ khác hoặc kế "
                        "hoạch, không phải kết quả kỳ báo cáo: không cộng vào báo cáo.",
                        sheet.location(start, _first(sheet, start)),
                        severity="warning",
                    )
                )
                start = following
                continue
            said: list[Problem] = []
            table, start = self._read_summary(sheet, start, said)
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
        report = before[0].period or self.period
        for r in range(max(0, start - 3), start):
            if sheet.filled(r) > 2:
                continue
            for text in sheet.texts[r]:
                if not text or looks_numeric(text):
                    continue
                named = find_period(text, allow_year=True)
                if _NOT_THE_PERIOD.search(fold(text)) or (named is not None and named != report):
                    return text
        return None

    def _named_cells(self, sheet: Sheet) -> list[list[tuple[int, str]]]:
        """For each of the first rows, (column, indicator code) of the cells naming one."""
        return [
            [(c, ind.code) for c, text in enumerate(row) if (ind := self._names(text))]
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

    # ----- layout A -------------------------------------------------------------------------

    def _read_summary(
        self, sheet: Sheet, ind_row: int, problems: list[Problem]
    ) -> tuple[SheetData, int | None]:
        """The summary whose indicator labels are on ind_row, and the row where another
        table's header starts below it (None if none)."""
        kind_col = self._kind_column(sheet, ind_row)
        if kind_col is not None:
            return self._read_units_over_rows(sheet, ind_row, kind_col, problems)
        width = sheet.width
        fill = {
            r: not self._row_has_merges(sheet, r) for r in range(max(0, ind_row - 3), ind_row + 4)
        }
        # Rows near the indicator row that belong to the header: a title line is one cell.
        near = [
            r
            for r in (ind_row + 1, ind_row + 2, ind_row - 1, ind_row - 2, ind_row + 3)
            if 0 <= r < len(sheet.rows) and sheet.filled(r) >= 2
        ]
        columns: list[Column] = []
        header_end = ind_row
        unknown_seen: set[Location] = set()
        period, period_loc = self._find_period(sheet, ind_row, problems)
        report = period or self.period
        aside: list[tuple[int, str, str]] = []  # (column, role, header) read, never added
        unclear: list[tuple[int, str, str, Location, str]] = []
        for c in range(width):
            own = self.header_text(sheet, ind_row, c, fill[ind_row])
            indicator = self.match_indicator(own) if own and not looks_numeric(own) else None
            kind = column_role(own, False, report) if indicator is not None else None
            if kind == NOTE:
                continue
            kind_row = ind_row
            if kind is None:
                data_below = False
                for r in near:
                    if r > ind_row and data_below:
                        continue
                    text = self.header_text(sheet, r, c, fill.get(r, False) and r < ind_row)
                    if r > ind_row and looks_numeric(text):
                        data_below = True
                        continue
                    role = column_role(text, r > ind_row, report) if text else None
                    if role is not None and role != BREAKDOWN_COLUMN:
                        kind, kind_row = role, r
                        break
            if kind is None or kind == NOTE:
                continue
            if indicator is None:
                head = self.header_text(sheet, ind_row, c, fill[ind_row])
                if head and not looks_numeric(head) and fold(head) not in _IGNORED_HEADER:
                    where = self._header_origin(sheet, ind_row, c)
                    if where not in unknown_seen:
                        unknown_seen.add(where)
                        problems.append(self._unknown_indicator(head, where))
                continue
            below = sheet.text(ind_row + 2, c) if ind_row + 2 in near else ""
            if kind_row < ind_row + 2 and below and column_role(below) == BREAKDOWN_COLUMN:
                kind, kind_row = BREAKDOWN_COLUMN, ind_row + 2  # 'Tổng số | Trong đó: nữ' under it
            header_end = max(header_end, kind_row)
            text = self.header_text(sheet, kind_row, c, False) or own
            if kind in SET_ASIDE:
                aside.append((c, kind, text))
            elif kind in (UNCLEAR, AMBIGUOUS):
                where = self._header_origin(sheet, kind_row, c)
                unclear.append((c, kind, text, where, indicator.code))
            else:
                columns.append(Column(c, indicator.code, kind))
        resolved = self._resolve_unclear(sheet, columns, unclear, problems, report)
        columns = sorted(columns + resolved, key=lambda col: col.col)
        lacking = self._check_columns(sheet, columns, ind_row, problems, aside)
        unit_col = self._unit_column(sheet, ind_row, header_end, columns)
        stop = self._next_table(sheet, header_end)
        end = stop if stop is not None else len(sheet.rows)
        used = {col.col for col in columns} | ({unit_col} if unit_col is not None else set())
        used |= {c for c, _, _ in aside} | {c for c, *_ in unclear}
        self._note_aside(sheet, aside, problems)
        self._note_derived(sheet, ind_row, header_end, columns, problems)
        # The row above the labels is part of the header unless it is a title line.
        above = ind_row - 1 if ind_row > 0 and sheet.filled(ind_row - 1) >= 2 else ind_row
        self._note_columns(
            sheet,
            range(above, header_end + 1),
            range(header_end + 1, end),
            columns,
            used,
            problems,
        )
        first_value_col = min((col.col for col in columns), default=width)
        value_columns = _ValueColumns(columns)
        body = _Body(sheet)
        uncached: list[Location] = []  # formulas without a value in rows only checked
        hidden: list[int] = []  # unit rows hidden by hand: counted, and said
        set_aside: list[tuple[int, str]] = []  # rows of plans, ratios, other periods
        named_groups: list[tuple[int, str]] = []  # group rows named like a unit
        for r in range(header_end + 1, end):
            if not any(sheet.texts[r]):
                if body.closed and not self._unit_follows(sheet, r, unit_col):
                    break  # what follows the table's totals row and a blank line is another matter
                continue  # a blank line inside the table: unit rows may follow
            name = self.header_text(sheet, r, unit_col, False) if unit_col is not None else ""
            lead = [t for c in range(first_value_col) if (t := sheet.text(r, c))]
            numbering = [
                t for c in range(first_value_col) if c != unit_col and (t := sheet.text(r, c))
            ]
            has_numbers = any(looks_numeric(sheet.value(r, col.col)) for col in columns)
            if name and is_column_number(name):
                continue
            label = name or next((t for t in lead if not looks_numeric(t)), "")
            unit = self.match_unit(without_bullet(label)) if label else None
            kind = None if unit is not None else row_kind(label) if label else None
            if kind is None and unit is None and any(is_section_marker(t) for t in numbering):
                kind = GROUP
            elif kind is None and self._heads_units(sheet, r, unit_col):
                kind = GROUP  # 'I | BẢO THẮNG' over '1 | Xã Phong Hải': a group, not the unit
                if unit is not None:
                    named_groups.append((r, label))
            if kind is not None and kind != BREAKDOWN:
                quiet: list[Problem] = []  # figures only checked: unreadable ones are skipped
                row = self._row_values(sheet, r, label, unit_col, value_columns, quiet)
                body.add_sum_row(kind, _unchecked(row, quiet, uncached), has_numbers)
                continue
            if kind == BREAKDOWN and body.breakdown_applies(label):
                quiet = []
                row = self._row_values(sheet, r, label, unit_col, value_columns, quiet)
                body.add_breakdown(_unchecked(row, quiet, uncached))
                continue
            if unit is None and kind is None and has_numbers and _row_role(label):
                set_aside.append((r, label))  # 'Kế hoạch năm 2024', 'Tỷ lệ (%)' under the units
                continue
            if not name:
                if has_numbers and any(
                    sheet.text(r, col.col) not in {"", "0", "-"} for col in columns
                ):
                    problems.append(
                        Problem(
                            "unit_name_missing",
                            "Dòng có số liệu nhưng không có tên đơn vị. Ghi tên đơn vị vào ô "
                            "này hoặc xóa dòng.",
                            sheet.location(r, unit_col if unit_col is not None else 0),
                        )
                    )
                continue
            if unit is None and not has_numbers:
                continue  # a heading, a note or a signature line
            if unit is not None and not has_numbers and _says_not_reported(sheet.texts[r]):
                continue  # the unit's row says it sent nothing: it stays a unit not reported
            raw = without_bullet(name) if bullet(name) else name
            body.add_unit(self._row_values(sheet, r, raw, unit_col, value_columns, problems), name)
            if r in sheet.hidden_rows:
                hidden.append(r)
        rows, totals = body.finish(problems)
        self._check_resolved(sheet, resolved, rows, problems)
        if uncached:
            problems.append(_uncached_notice(uncached))
        if set_aside:
            problems.append(
                Problem(
                    "rows_not_added",
                    f"{_rows_named(set_aside)} là kế hoạch, tỷ lệ hoặc số của kỳ khác, không "
                    "phải kết quả của một đơn vị: không cộng vào báo cáo.",
                    sheet.location(set_aside[0][0], unit_col if unit_col is not None else 0),
                    severity="warning",
                )
            )
        if named_groups:
            problems.append(
                Problem(
                    "rows_not_added",
                    f"{_rows_named(named_groups)} trùng tên một đơn vị nhưng được viết như dòng "
                    "đầu nhóm của các dòng đơn vị bên dưới (số thứ tự I trên 1, 2…, 1 trên 1.1, "
                    "1.2…; hoặc tên viết in hoa, không số thứ tự, trên các tên viết thường đánh "
                    "số lại từ 1): đọc là dòng nhóm, số liệu được đối chiếu với các dòng bên "
                    "dưới, không cộng vào báo cáo.",
                    sheet.location(named_groups[0][0], unit_col if unit_col is not None else 0),
                    severity="warning",
                )
            )
        if hidden:
            problems.append(_hidden_notice(sheet, hidden, unit_col))
        whole = self._summary_of_unit(sheet, ind_row, rows, totals)
        if whole is not None and totals is not None:
            problems.append(
                Problem(
                    "summary_of_unit",
                    f"Biểu tổng hợp của {whole.raw_name}: các dòng đơn vị không có trong cấu "
                    "hình (là đơn vị cấp dưới), nên dòng Tổng cộng được đọc làm số liệu của "
                    f"{whole.raw_name} ({len(rows)} dòng đơn vị đã đối chiếu với dòng này).",
                    whole.location,
                    severity="warning",
                )
            )
            rows = [UnitRow(whole.raw_name, whole.location, totals.values)]
        codes = frozenset(col.code for col in columns)
        table = SheetData(
            sheet.file, sheet.name, "A", period, period_loc, rows, totals, codes, lacking
        )
        return table, stop

    # ----- layout A with each unit over several rows ----------------------------------------

    def _kind_column(self, sheet: Sheet, ind_row: int) -> int | None:
        """A column left of the indicators telling, row by row, what each row of a unit holds
        ('Trong kỳ', 'Lũy kế'), where no header row under the indicators tells it: the unit
        is written over two (or more) rows."""
        labels = [c for c, text in enumerate(sheet.texts[ind_row]) if self._names(text)]
        if not labels:
            return None
        for r in (ind_row + 1, ind_row + 2):
            if any(column_role(sheet.text(r, c), True) is not None for c in labels):
                return None  # the kinds are in the header: one row per unit
        rows = range(ind_row + 1, min(len(sheet.rows), ind_row + 16))
        report = self._find_period(sheet, ind_row)[0] or self.period
        others = {CUMULATIVE, PAST_CUMULATIVE, YEAR_TO_DATE, AMBIGUOUS, UNCLEAR}
        for c in range(min(labels)):
            roles = {column_role(sheet.text(r, c), True, report) for r in rows if sheet.text(r, c)}
            if PERIOD in roles and roles & others:
                return c
        return None

    def _read_units_over_rows(
        self, sheet: Sheet, ind_row: int, kind_col: int, problems: list[Problem]
    ) -> tuple[SheetData, int | None]:
        """A summary whose units each take a row per kind of figure (a unit's name merged
        over its rows, or written on its first row), the kind told in kind_col."""
        period, period_loc = self._find_period(sheet, ind_row, problems)
        report = period or self.period
        columns: list[Column] = []
        for c, text in enumerate(sheet.texts[ind_row]):
            if c > kind_col and (indicator := self._names(text)) is not None:
                columns.append(Column(c, indicator.code, ""))
        seen: dict[str, int] = {}
        for col in columns:
            if col.code in seen:
                problems.append(
                    Problem(
                        "duplicate_column",
                        f'Chỉ tiêu "{self.config.indicator(col.code).label}" có hai cột '
                        f"({sheet.location(ind_row, seen[col.code]).cell} và cột này). Giữ lại "
                        "một cột.",
                        sheet.location(ind_row, col.col),
                    )
                )
            seen.setdefault(col.code, col.col)
        columns = [col for col in columns if seen[col.code] == col.col]
        unit_col = self._unit_column(sheet, ind_row, ind_row, columns)
        if unit_col is None or unit_col == kind_col:
            unit_col = next(
                (c for c in range(kind_col) if fold(sheet.text(ind_row, c)) not in _IGNORED_HEADER),
                None,
            )
        stop = self._next_table(sheet, ind_row)
        end = stop if stop is not None else len(sheet.rows)
        blocks: list[tuple[str, int, dict[str, int]]] = []  # (name, first row, kind → row)
        unclear: list[tuple[str, Location]] = []
        aside: list[tuple[int, str]] = []
        for r in range(ind_row + 1, end):
            kind_text = sheet.text(r, kind_col)
            name = self.header_text(sheet, r, unit_col, False) if unit_col is not None else ""
            origin = sheet.merged_origin(r, unit_col) if unit_col is not None else None
            starts = bool(name) and (origin is None or origin[0] == r)
            if not kind_text:
                if any(looks_numeric(sheet.value(r, col.col)) for col in columns):
                    problems.append(
                        Problem(
                            "kind_row_unclear",
                            f"Dòng {r + 1} có số liệu nhưng ô {sheet.location(r, kind_col).cell} "
                            "không ghi đó là số trong kỳ hay số lũy kế. Ghi «Trong kỳ» hoặc «Lũy "
                            "kế từ khi thực hiện Đề án» vào ô này.",
                            sheet.location(r, kind_col),
                        )
                    )
                continue
            if starts or not blocks:
                blocks.append((name, r, {}))
            role = column_role(kind_text, True, report)
            if role in (UNCLEAR, AMBIGUOUS) or role is None:
                unclear.append((kind_text, sheet.location(r, kind_col)))
                continue
            if role not in (PERIOD, CUMULATIVE, PAST_CUMULATIVE, YEAR_TO_DATE, PLAN):
                aside.append((r, kind_text))
                continue
            kinds = blocks[-1][2]
            if role in kinds:
                problems.append(
                    Problem(
                        "duplicate_column",
                        f"{blocks[-1][0] or 'Đơn vị'} có hai dòng «{_kind_name(role)}» (dòng "
                        f"{kinds[role] + 1} và dòng {r + 1}). Giữ lại một dòng.",
                        sheet.location(r, kind_col),
                    )
                )
                continue
            kinds[role] = r
        if unclear:
            ambiguous = any(column_role(t, True, report) == AMBIGUOUS for t, _ in unclear)
            kind = AMBIGUOUS if ambiguous else UNCLEAR
            problems.append(self._unclear_columns(sheet, kind, unclear, report))
        rows: list[UnitRow] = []
        totals: UnitRow | None = None
        hidden: list[int] = []
        skipped: list[tuple[int, str]] = []
        for name, first, kinds in blocks:
            where = sheet.location(first, unit_col if unit_col is not None else 0)
            if not name:
                problems.append(
                    Problem(
                        "unit_name_missing",
                        "Dòng có số liệu nhưng không có tên đơn vị. Ghi tên đơn vị vào ô này "
                        "hoặc xóa dòng.",
                        where,
                    )
                )
                continue
            unit = self.match_unit(without_bullet(name))
            row_type = None if unit is not None else row_kind(name)
            if row_type in (GROUP, SUBTOTAL, BREAKDOWN):
                skipped.append((first, name))
                continue
            lacking = [k for k in (PERIOD, CUMULATIVE) if k not in kinds]
            if CUMULATIVE in lacking and PAST_CUMULATIVE in kinds:
                lacking.remove(CUMULATIVE)
            if lacking:
                problems.append(
                    Problem(
                        "kind_row_missing",
                        f"{name} thiếu dòng "
                        f"{join_vi([f'«{_kind_name(k)}»' for k in lacking])} (ghi ở cột "
                        f"{a1(0, kind_col)[:-1]}).",
                        where,
                    )
                )
                continue
            values: dict[str, dict[str, Figure]] = {}
            for col in columns:
                figures = {k: self._figure(sheet, kr, col.col, problems) for k, kr in kinds.items()}
                derive_cumulative(figures)
                values[col.code] = figures
            row = UnitRow(name, where, values)
            if row_type == TOTAL:
                totals = row
                continue
            rows.append(row)
            hidden += [kr for kr in kinds.values() if kr in sheet.hidden_rows]
        if skipped or aside:
            problems.append(
                Problem(
                    "rows_not_added",
                    f"{_rows_named(sorted(skipped + aside))} là dòng nhóm, dòng cộng, tỷ lệ "
                    "hoặc số của kỳ khác: không cộng vào báo cáo.",
                    sheet.location(sorted(skipped + aside)[0][0], kind_col),
                    severity="warning",
                )
            )
        if hidden:
            problems.append(_hidden_notice(sheet, hidden, unit_col))
        problems.append(
            Problem(
                "units_over_rows",
                f"Mỗi đơn vị ghi trên nhiều dòng, cột {a1(0, kind_col)[:-1]} cho biết dòng nào "
                "là số trong kỳ, dòng nào là số lũy kế: đã đọc theo cột này.",
                Location(sheet.file, sheet.name, ""),
                severity="warning",
            )
        )
        codes = frozenset(seen)
        absent = [f'"{i.label}"' for i in self.config.indicators if i.code not in codes]
        lacking_tables = (
            [
                Problem(
                    "indicator_missing",
                    f"Biểu không có cột của chỉ tiêu {join_vi(absent)}. Bổ sung các cột này "
                    "(hoặc dùng cấu hình khác).",
                    Location(sheet.file, sheet.name, ""),
                )
            ]
            if absent
            else []
        )
        table = SheetData(
            sheet.file, sheet.name, "A", period, period_loc, rows, totals, codes, lacking_tables
        )
        return table, stop

    def _next_table(self, sheet: Sheet, header_end: int) -> int | None:
        """The first row below a table's header that is another table's header: several
        cells, all words and no figure, one of them an indicator's label."""
        for r in range(header_end + 1, len(sheet.rows)):
            texts = [t for t in sheet.texts[r] if t]
            if len(texts) < 2 or any(looks_numeric(t) for t in texts):
                continue
            if any(self._names(t) for t in texts):
                return r
        return None

    def _summary_of_unit(
        self, sheet: Sheet, ind_row: int, rows: list[UnitRow], totals: UnitRow | None
    ) -> UnitRow | None:
        """A summary whose unit rows are none of the configured units, with a totals row and
        a title line naming a configured unit, is that unit's report (a province's summary of
        its communes, read where the units are provinces): the unit, from its title line."""
        if totals is None or not rows or not self.units:
            return None
        for r in range(min(ind_row, len(sheet.rows))):
            for c, text in enumerate(sheet.texts[r]):
                if not text or looks_numeric(text) or (unit := self.match_unit(text)) is None:
                    continue
                # A row may share the unit's bare name ("Phường Lào Cai" in "Tỉnh Lào Cai").
                if all(
                    self.match_unit(without_bullet(row.raw_name)) in (None, unit) for row in rows
                ):
                    return UnitRow(text, sheet.location(r, c))
                return None
        return None

    def _unit_follows(self, sheet: Sheet, blank: int, unit_col: int | None) -> bool:
        """Whether the next written row after a blank line names a configured unit: then the
        blank line, even after a totals row, does not end the table."""
        if unit_col is None or not self.units:
            return False
        for r in range(blank + 1, len(sheet.rows)):
            if any(sheet.texts[r]):
                name = without_bullet(self.header_text(sheet, r, unit_col, False))
                return bool(name) and self.match_unit(name) is not None
        return False

    def _unit_column(
        self, sheet: Sheet, ind_row: int, header_end: int, columns: list[Column]
    ) -> int | None:
        value_cols = {col.col for col in columns}
        for r in range(max(0, ind_row - 3), header_end + 1):
            if sheet.filled(r) < 2 and r != ind_row:
                continue  # a title line above the table, not a header row
            for c in range(sheet.width):
                if c in value_cols:
                    continue
                text = fold(sheet.text(r, c))
                if (
                    any(text.startswith(word) for word in _UNIT_HEADER)
                    and len(text) <= 30
                    and not text.startswith("don vi tinh")
                ):
                    return c
        # No header word: the nearest column left of the figures that holds text below.
        first = min(value_cols, default=sheet.width)
        for c in range(first - 1, -1, -1):
            texts = [sheet.text(r, c) for r in range(header_end + 1, len(sheet.rows))]
            if any(t and not looks_numeric(t) for t in texts):
                return c
        return None

    def _row_values(
        self,
        sheet: Sheet,
        row: int,
        name: str,
        unit_col: int | None,
        columns: _ValueColumns,
        problems: list[Problem],
    ) -> UnitRow:
        values: dict[str, dict[str, Figure]] = {code: {} for code in columns.codes}
        cells = sheet.rows[row] if 0 <= row < len(sheet.rows) else []
        number = str(row + 1)
        plain = not (sheet.uncached or sheet.errors)
        file, title = sheet.file, sheet.name
        for c, code, kind, letters in columns.cells:
            raw = cells[c] if c < len(cells) else ""
            if plain and type(raw) is float and raw.is_integer() and 0 <= raw <= self.max_value:
                # The usual cell, at once: what _figure gives it (the named tuples made as
                # tuples, without their constructors' call: a large summary has 300.000).
                where = _new(Location, (file, title, letters + number))
                figure = _new(Figure, (int(raw), where, False, False))
            else:
                figure = self._figure(sheet, row, c, problems)
            values[code][kind] = figure
        for code in columns.derived:
            derive_cumulative(values[code])
        if sheet.merged_cells:
            self._note_merged_figures(sheet, [(row, c) for c, *_ in columns.cells], problems)
        where = sheet.location(row, unit_col if unit_col is not None else 0)
        return UnitRow(name, where, values)

    def _heads_units(self, sheet: Sheet, row: int, unit_col: int | None) -> bool:
        """Whether a row is written as the heading of the unit rows below it: its STT numbers
        them as its own ('I' over '1', '2'; '1' over '1.1', '1.2'), or, with no STT, its name
        is in capitals over names that are not, numbered again from 1 ('ĐẢNG BỘ BẢO THẮNG'
        over '1 | Xã Gia Phú'). The row is their group (its figures their subtotal), even
        where its name is also a unit's."""
        if unit_col is None or unit_col == 0:
            return False
        own = sheet.text(row, 0)
        below = next(
            (b for b in range(row + 1, min(len(sheet.rows), row + 4)) if sheet.text(b, 0)), None
        )
        if below is None:
            return False
        child = sheet.text(below, 0)
        name = sheet.text(below, unit_col)
        if not own:
            letters = [ch for ch in sheet.text(row, unit_col) if ch.isalpha()]
            under = [ch for ch in name if ch.isalpha()]
            numbered = (
                bool(letters)
                and all(ch.isupper() for ch in letters)
                and not all(ch.isupper() for ch in under)
                and child.rstrip(".") == "1"
            )
        elif is_section_marker(own):
            numbered = _WHOLE_NUMBER.fullmatch(child) is not None
        else:
            parent = own.rstrip(".")
            numbered = parent.isdigit() and re.fullmatch(rf"{parent}\.\d+\.?", child) is not None
        return numbered and bool(name) and self.match_unit(without_bullet(name)) is not None

    def _note_merged_figures(
        self, sheet: Sheet, cells: list[tuple[int, int]], problems: list[Problem]
    ) -> None:
        """A figure cell merged with another row's or another column's: one number shown for
        two figures, read for the top-left one and as 0 for the others. An error naming the
        range, once."""
        for row, c in cells:
            span = sheet.merged_cells.get((row, c))
            if span is None:
                continue
            r0, c0, r1, c1 = span
            origin = sheet.location(r0, c0)
            if origin in self._said or sheet.text(r0, c0) in ("", "0", "-"):
                continue  # said once; nothing (or 0) merged over cells is 0 for each
            self._said.add(origin)
            shown = sheet.text(r0, c0)
            where = f"{a1(r0, c0)}:{a1(r1, c1)}"
            across = (
                f"dòng {r0 + 1} đến {r1 + 1}"
                if c0 == c1
                else f"cột {a1(0, c0)[:-1]} đến {a1(0, c1)[:-1]}"
            )
            if r0 != r1 and c0 != c1:
                across = f"dòng {r0 + 1} đến {r1 + 1}, cột {a1(0, c0)[:-1]} đến {a1(0, c1)[:-1]}"
            problems.append(
                Problem(
                    "value_merged",
                    f"Ô số liệu {where} là ô gộp ({across}): một số ({shown}) cho nhiều ô số "
                    "liệu, không biết là số của ô nào. Bỏ gộp ô và ghi số vào từng ô (ô không có "
                    "kết quả ghi 0).",
                    origin,
                )
            )

    def _figure(self, sheet: Sheet, row: int, col: int, problems: list[Problem]) -> Figure:
        where = sheet.location(row, col)
        if where.cell in sheet.uncached:
            problems.append(
                Problem(
                    "formula_no_value",
                    "Ô chứa công thức nhưng không có giá trị đã tính (tệp do một chương trình tạo "
                    "ra và chưa được mở bằng Excel). Mở tệp bằng Excel, lưu lại rồi gửi lại.",
                    where,
                )
            )
            return Figure(0, where)
        if where.cell in sheet.errors:
            problems.append(
                Problem(
                    "value_excel_error",
                    f"Ô chứa lỗi Excel {sheet.errors[where.cell]} thay vì số (thường do công thức "
                    "chia cho 0 hoặc tham chiếu ô đã xóa). Sửa công thức hoặc nhập số rồi gửi lại.",
                    where,
                )
            )
            return Figure(0, where)
        raw = sheet.value(row, col)
        value, problem = parse_count(raw, where, self.max_value)
        if problem is not None:
            problems.append(problem)
        return Figure(value, where, blank=is_blank(raw))

    def _check_columns(
        self,
        sheet: Sheet,
        columns: list[Column],
        header_row: int,
        problems: list[Problem],
        aside: list[tuple[int, str, str]],
    ) -> list[Problem]:
        """Problems of the columns: a kind missing or given twice. Returns the problem naming
        the indicators with no column at all, which stands unless another table gives them."""
        seen: dict[tuple[str, str], int] = {}
        for col in columns:
            key = (col.code, col.kind)
            if key in seen:
                problems.append(
                    Problem(
                        "duplicate_column",
                        f'Chỉ tiêu "{self.config.indicator(col.code).label}" có hai cột '
                        f"{_kind_name(col.kind)} ({sheet.location(header_row, seen[key]).cell} và "
                        f"cột này). Giữ lại một cột.",
                        sheet.location(header_row, col.col),
                    )
                )
            seen.setdefault(key, col.col)
        present = {code for code, _ in seen}
        for kind in (PERIOD, CUMULATIVE):
            missing = [
                f'"{indicator.label}"'
                for indicator in self.config.indicators
                if indicator.code in present
                and (indicator.code, kind) not in seen
                and not (kind == CUMULATIVE and (indicator.code, PAST_CUMULATIVE) in seen)
            ]
            if missing:
                problems.append(
                    Problem(
                        "indicator_missing",
                        f"Biểu thiếu cột {_kind_name(kind)} của chỉ tiêu {join_vi(missing)}. "
                        "Bổ sung cột này (hoặc dùng cấu hình khác)."
                        + _not_used([(t, r) for _, r, t in aside], kind),
                        Location(sheet.file, sheet.name, ""),
                    )
                )
        absent = [f'"{i.label}"' for i in self.config.indicators if i.code not in present]
        if not absent:
            return []
        # Another table of the workbook may give these (one table per group of indicators).
        return [
            Problem(
                "indicator_missing",
                f"Biểu không có cột của chỉ tiêu {join_vi(absent)} (cột {_kind_name(PERIOD)} và "
                f"cột {_kind_name(CUMULATIVE)}). Bổ sung các cột này (hoặc dùng cấu hình khác)."
                + _not_used([(t, r) for _, r, t in aside], PERIOD),
                Location(sheet.file, sheet.name, ""),
            )
        ]

    # ----- column roles ---------------------------------------------------------------------

    def _resolve_unclear(
        self,
        sheet: Sheet,
        columns: list[Column],
        unclear: list[tuple[int, str, str, Location, str]],
        problems: list[Problem],
        report: Period | None,
    ) -> list[Column]:
        """A bare 'Lũy kế' beside a column that is the year to date is the cumulative since
        the programme; any other column whose role cannot be told is refused, named."""
        if not unclear:
            return []
        has_year = any(col.kind == YEAR_TO_DATE for col in columns)
        resolved: list[Column] = []
        refused: list[tuple[str, str, Location]] = []
        for c, kind, text, where, code in unclear:
            if kind == AMBIGUOUS and has_year:
                resolved.append(Column(c, code, CUMULATIVE))
                continue
            refused.append((kind, text, where))
        for kind in (AMBIGUOUS, UNCLEAR):
            cells = [(text, where) for k, text, where in refused if k == kind]
            if cells:
                problems.append(self._unclear_columns(sheet, kind, cells, report))
        return resolved

    @staticmethod
    def _check_resolved(
        sheet: Sheet, resolved: list[Column], rows: list[UnitRow], problems: list[Problem]
    ) -> None:
        """A bare 'Lũy kế' taken as the cumulative since the programme because a year-to-date
        column stands beside it must differ from that column somewhere: figures equal in
        every cell may be a second year to date, so the column is refused."""
        if not resolved:
            return
        letters = {a1(0, col.col)[:-1] for col in resolved}
        pairs = [
            (kinds[CUMULATIVE].value, kinds[YEAR_TO_DATE].value)
            for row in rows
            for kinds in row.values.values()
            if CUMULATIVE in kinds
            and YEAR_TO_DATE in kinds
            and kinds[CUMULATIVE].location.cell.rstrip("0123456789") in letters
        ]
        if pairs and all(c == y for c, y in pairs):
            cols = ", ".join(sorted(letters, key=lambda x: (len(x), x)))
            problems.append(
                Problem(
                    "cumulative_ambiguous",
                    f"Cột «Lũy kế» (cột {cols}) không nói lũy kế từ khi nào và mọi số của nó "
                    "bằng số ở cột lũy kế từ đầu năm bên cạnh: không biết đó là lũy kế từ khi "
                    "thực hiện Đề án hay lũy kế từ đầu năm. Ghi rõ tiêu đề cột: «Lũy kế từ khi "
                    "thực hiện Đề án» hoặc «Lũy kế từ đầu năm».",
                    Location(sheet.file, sheet.name, ""),
                )
            )

    @staticmethod
    def _unclear_columns(
        sheet: Sheet, kind: str, cells: list[tuple[str, Location]], report: Period | None
    ) -> Problem:
        named = "; ".join(
            f"«{text}» ({', '.join(w.cell for t, w in cells if t == text)})"
            for text in dict.fromkeys(text for text, _ in cells)
        )
        period = f" của báo cáo {report.label}" if report is not None else ""
        # Without the report's period no column can be told against it: that is said first.
        unknown = (
            ""
            if report is not None
            else " Biểu không ghi kỳ báo cáo (dòng «Kỳ báo cáo: …», tiêu đề hay tên trang): ghi "
            "kỳ báo cáo vào biểu, hoặc chọn kỳ bằng --period sau khi xem lại số liệu."
        )
        if kind == AMBIGUOUS:
            return Problem(
                "cumulative_ambiguous",
                f"Cột lũy kế {named} không nói lũy kế từ khi nào: trong kỳ{period}, lũy kế từ "
                "đầu năm khác lũy kế từ khi thực hiện Đề án, nên không đọc theo phỏng đoán. Ghi "
                "rõ tiêu đề cột: «Lũy kế từ khi thực hiện Đề án» hoặc «Lũy kế từ đầu năm»."
                + unknown,
                cells[0][1],
            )
        return Problem(
            "column_role_unclear",
            f"Không xác định được cột {named} chứa số gì so với kỳ báo cáo{period} (số trong "
            "kỳ, số của kỳ khác, lũy kế từ đầu năm hay lũy kế từ khi thực hiện Đề án), nên "
            "không đọc theo phỏng đoán. Sửa tiêu đề cột cho rõ (ví dụ «Trong kỳ», «Lũy kế từ "
            "đầu năm», «Lũy kế từ khi thực hiện Đề án») hoặc xóa cột." + unknown,
            cells[0][1],
        )

    @staticmethod
    def _note_aside(
        sheet: Sheet, aside: list[tuple[int, str, str]], problems: list[Problem]
    ) -> None:
        """One notice naming the columns read as comparisons, estimates or ratios."""
        if not aside:
            return
        parts = []
        for text in dict.fromkeys(text for _, _, text in aside):
            cols = [a1(0, c)[:-1] for c, _, t in aside if t == text]
            role = next(kind for _, kind, t in aside if t == text)
            parts.append(f"«{text}» (cột {', '.join(cols)}: {ROLE_NAMES[role]})")
        problems.append(
            Problem(
                "columns_not_added",
                f"Các cột {'; '.join(parts)} không phải số của kỳ báo cáo: không cộng vào số "
                "trong kỳ hay lũy kế.",
                Location(sheet.file, sheet.name, ""),
                severity="warning",
            )
        )

    @staticmethod
    def _note_derived(
        sheet: Sheet, top: int, bottom: int, columns: list[Column], problems: list[Problem]
    ) -> None:
        """One notice where this period's cumulative is derived from the cumulative to the
        end of the period before."""
        codes = {col.code for col in columns if col.kind == CUMULATIVE}
        past = [col for col in columns if col.kind == PAST_CUMULATIVE and col.code not in codes]
        if not past:
            return
        heads = dict.fromkeys(
            next(
                (
                    t
                    for r in range(bottom, top - 1, -1)
                    if (t := TableFinder.header_text(sheet, r, col.col, False))
                ),
                "",
            )
            for col in past
        )
        cols = ", ".join(a1(0, col.col)[:-1] for col in past)
        problems.append(
            Problem(
                "cumulative_derived",
                f"Cột {', '.join(f'«{h}»' for h in heads if h)} (cột {cols}) là số lũy kế đến "
                "hết kỳ trước; số lũy kế từ khi thực hiện Đề án của kỳ này được tính bằng số đó "
                "cộng số trong kỳ (biểu không ghi số này).",
                Location(sheet.file, sheet.name, ""),
                severity="warning",
            )
        )

    def _unknown_indicator(self, text: str, where: Location) -> Problem:
        known = "; ".join(i.label for i in self.config.indicators)
        return Problem(
            "unknown_indicator",
            f'Không nhận ra chỉ tiêu "{escaped(text)}". Các chỉ tiêu trong cấu hình: {known}. '
            "Sửa tên chỉ tiêu hoặc thêm bí danh (aliases) trong cấu hình.",
            where,
        )

    def _note_columns(
        self,
        sheet: Sheet,
        header: range,
        body: range,
        columns: list[Column],
        used: set[int],
        problems: list[Problem],
    ) -> None:
        """Warn of plan columns (read as assigned targets) and of columns left unread."""
        plans = sorted(
            {a1(header.start, col.col).rstrip("0123456789") for col in columns if col.kind == PLAN}
        )
        if plans:
            problems.append(
                Problem(
                    "plan_columns",
                    f"Các cột {', '.join(plans)} là kế hoạch (chỉ tiêu giao) của đơn vị, không "
                    "phải kết quả: không cộng vào số trong kỳ hay lũy kế.",
                    Location(sheet.file, sheet.name, ""),
                    severity="warning",
                )
            )
        skipped = []
        for c in range(sheet.width):
            if c in used:
                continue
            head = ""
            for r in header:
                origin = sheet.merged_origin(r, c)
                if origin is not None and origin[1] != c:
                    head = ""
                    break  # part of a header merged from a column on the left
                if head := sheet.text(r, c):
                    break
            if (
                not head
                or looks_numeric(head)
                or is_column_number(head)
                or fold(head) in _NUMBERING_HEADER
                or not any(sheet.text(r, c) for r in body)
            ):
                continue
            skipped.append(f"«{head}» (cột {a1(0, c)[:-1]})")
        if skipped:
            problems.append(
                Problem(
                    "columns_ignored",
                    f"Bỏ qua các cột không phải số liệu của Đề án: {'; '.join(skipped)}.",
                    Location(sheet.file, sheet.name, ""),
                    severity="warning",
                )
            )

    def _not_an_indicator(
        self, sheet: Sheet, row: int, col: int, label: str, above: int | None
    ) -> Problem:
        """A row with figures that names no indicator: say what it could be and the fix."""
        where = sheet.location(row, col)
        if above is None:
            return self._unknown_indicator(label, where)
        over = sheet.text(above, col)
        known = "; ".join(i.label for i in self.config.indicators)
        return Problem(
            "unknown_indicator",
            f"Dòng {row + 1} «{escaped(label)}» có số liệu nhưng không phải một chỉ tiêu trong cấu "
            f"hình. Nếu đây là số chi tiết của chỉ tiêu ở dòng {above + 1} "
            f"(«{escaped(over)}»), ghi «Trong đó:» ở đầu dòng; nếu là một chỉ tiêu, sửa tên cho "
            f"đúng một trong các chỉ tiêu ({known}) hoặc thêm bí danh (aliases) trong cấu hình.",
            where,
        )

    def _note_unknown_rows(
        self,
        sheet: Sheet,
        col: int,
        unknown: list[tuple[int, str, int | None]],
        complete: bool,
        problems: list[Problem],
    ) -> None:
        """Rows with figures that name no indicator. Where every indicator has its row, a row
        that counts something of its own ('Số doanh nghiệp tư nhân trên địa bàn') is not the
        programme's: named in a notice. Any other is refused, in one message for them all."""
        own = [
            (r, label)
            for r, label, _ in unknown
            if complete and name_key(label).startswith(_OWN_COUNT) and len(label) > 12
        ]
        if own:
            problems.append(
                Problem(
                    "rows_not_programme",
                    f"{_rows_named(own)} có số liệu nhưng không phải chỉ tiêu của Đề án: không "
                    "đọc vào báo cáo.",
                    sheet.location(own[0][0], col),
                    severity="warning",
                )
            )
        rest = [item for item in unknown if (item[0], item[1]) not in own]
        if len(rest) == 1:
            r, label, above = rest[0]
            problems.append(self._not_an_indicator(sheet, r, col, label, above))
        elif rest:
            known = "; ".join(i.label for i in self.config.indicators)
            listed = "; ".join(f"dòng {r + 1} «{escaped(label)}»" for r, label, _ in rest)
            problems.append(
                Problem(
                    "unknown_indicator",
                    f"{len(rest)} dòng có số liệu nhưng không phải một chỉ tiêu trong cấu hình: "
                    f"{listed}. Dòng nào là số chi tiết của chỉ tiêu phía trên thì ghi «Trong "
                    "đó:» ở đầu dòng (hoặc «-» ở cột STT); dòng nào là một chỉ tiêu thì sửa tên "
                    f"cho đúng một trong các chỉ tiêu ({known}) hoặc thêm bí danh (aliases) "
                    "trong cấu hình.",
                    sheet.location(rest[0][0], col),
                )
            )

    def _twice(
        self, sheet: Sheet, row: int, col: int, indicator: Indicator, rows: dict[str, int]
    ) -> Problem:
        first = rows[indicator.code]
        return Problem(
            "duplicate_indicator",
            f'Chỉ tiêu "{indicator.label}" có số liệu ở hai dòng: dòng {first + 1} '
            f"«{sheet.text(first, col)}» và dòng {row + 1} "
            f"«{sheet.text(row, col)}». Nếu dòng {row + 1} là số chi tiết (một "
            f"phần) của dòng {first + 1}, ghi «Trong đó:» ở đầu dòng {row + 1}; nếu là cùng "
            "một chỉ tiêu, kiểm tra lại số liệu và chỉ để số ở dòng đúng.",
            sheet.location(row, col),
        )

    # ----- layout B -------------------------------------------------------------------------

    def _read_unit_form(self, sheet: Sheet, label_col: int, problems: list[Problem]) -> SheetData:
        first_label_row = next(
            r
            for r in range(len(sheet.rows))
            if (t := sheet.text(r, label_col)) and not looks_numeric(t) and self.match_indicator(t)
        )
        # The header rows: up to three rows above the first label that hold column kinds.
        kinds, header_top = self._form_kinds(sheet, label_col, first_label_row, False, None)
        period, period_loc = self._find_period(sheet, header_top, problems)
        report = period or self.period
        kinds, header_top = self._form_kinds(sheet, label_col, first_label_row, False, report)
        if PERIOD not in kinds.values():
            # No column says 'Trong kỳ': one headed by the period's name holds the period.
            kinds, header_top = self._form_kinds(sheet, label_col, first_label_row, True, report)
        aside = [
            (c, kind, self._form_header(sheet, header_top, first_label_row, c))
            for c, kind in sorted(kinds.items())
            if kind in SET_ASIDE
        ]
        unclear = [
            (c, kind, head, self._header_origin(sheet, r, c), "")
            for c, kind in sorted(kinds.items())
            if kind in (UNCLEAR, AMBIGUOUS)
            for r, head in [self._form_header_cell(sheet, header_top, first_label_row, c)]
        ]
        columns = [
            Column(c, "", kind)
            for c, kind in sorted(kinds.items())
            if kind not in SET_ASIDE and kind not in (NOTE, UNCLEAR, AMBIGUOUS)
        ]
        resolved = self._resolve_unclear(sheet, columns, unclear, problems, report)
        columns = sorted(columns + resolved, key=lambda col: col.col)
        groups = self._unit_groups(sheet, header_top, columns)
        if groups is None and PERIOD not in kinds.values():
            groups = self._unit_groups_by_rows(sheet, label_col, first_label_row)
            header_top = first_label_row - 1 if groups is not None else header_top
        if groups is not None:
            return self._read_transposed(sheet, label_col, header_top, groups, problems)
        by_kind: dict[str, int] = {}
        for col in columns:
            if col.kind in by_kind:
                problems.append(
                    Problem(
                        "duplicate_column",
                        f"Biểu có hai cột {_kind_name(col.kind)}; giữ lại một cột.",
                        sheet.location(header_top, col.col),
                    )
                )
            by_kind.setdefault(col.kind, col.col)
        self._note_aside(sheet, aside, problems)
        self._note_derived(sheet, header_top, first_label_row - 1, columns, problems)
        self._note_columns(
            sheet,
            range(header_top, first_label_row),
            range(first_label_row, len(sheet.rows)),
            columns,
            {label_col, *by_kind.values(), *(c for c, _, _ in aside), *(c for c, *_ in unclear)},
            problems,
        )
        beside = [(t, r) for _, r, t in aside] + [
            (self._form_header(sheet, header_top, first_label_row, c), YEAR_TO_DATE)
            for c, k in kinds.items()
            if k == YEAR_TO_DATE
        ]
        for kind in (PERIOD, CUMULATIVE):
            if kind == CUMULATIVE and PAST_CUMULATIVE in by_kind:
                continue  # derived: the cumulative to the period before + the period
            if kind not in by_kind:
                problems.append(
                    Problem(
                        "column_missing",
                        f'Biểu thiếu cột "{_kind_name(kind)}". Bổ sung cột này vào biểu.'
                        + _not_used(beside, kind),
                        Location(sheet.file, sheet.name, ""),
                    )
                )
        lacking: list[Problem] = []  # stands unless another form of the unit gives them
        label_rows = self._indicator_rows(
            sheet, label_col, header_top, by_kind.values(), problems, lacking
        )
        values = {
            code: {kind: self._figure(sheet, r, c, problems) for kind, c in by_kind.items()}
            for code, r in label_rows.items()
        }
        for figures in values.values():
            derive_cumulative(figures)
        if sheet.merged_cells:
            cells = [(r, c) for r in label_rows.values() for c in by_kind.values()]
            self._note_merged_figures(sheet, cells, problems)
        name, where = self._unit_of_form(sheet, header_top, problems)
        rows = [UnitRow(name, where, values)] if name else []
        self._check_resolved(sheet, resolved, [UnitRow(name, where, values)], problems)
        codes = frozenset(label_rows)
        return SheetData(
            sheet.file, sheet.name, "B", period, period_loc, rows, None, codes, lacking
        )

    def _indicator_rows(
        self,
        sheet: Sheet,
        label_col: int,
        header_top: int,
        value_cols: Iterable[int],
        problems: list[Problem],
        lacking: list[Problem] | None = None,
    ) -> dict[str, int]:
        """Indicator → the row its figures are on. Breakdown rows, section headings and rows
        that name no indicator are told apart, and said when they hold figures. An indicator
        without its row is named in lacking where given, else in problems."""
        value_cols = list(value_cols)
        label_rows: dict[str, int] = {}
        blank_rows: set[str] = set()  # indicators read from a row without any figure
        breakdowns: list[int] = []
        unknown: list[tuple[int, str, int | None]] = []  # rows with figures naming nothing
        above: int | None = None  # the last indicator row, for breakdown rows under it
        for r in range(header_top + 1, len(sheet.rows)):
            label = sheet.text(r, label_col)
            if not label or looks_numeric(label) or is_column_number(label):
                continue
            cells = [sheet.value(r, c) for c in value_cols]
            numbers = any(looks_numeric(v) for v in cells)
            figures = any(cell_text(v) for v in cells)
            marked = any(_STT_BREAKDOWN.match(sheet.text(r, c)) for c in range(label_col))
            if (marked or row_kind(label) == BREAKDOWN) and above is not None:
                # A breakdown names an indicator of its own only exactly ('Trong đó: số học
                # viên …' under the classes); anything else is part of the row above.
                indicator = self.indicators.get(label_key(_TRONG_DO.sub("", without_bullet(label))))
                if indicator is None or indicator.code in label_rows:
                    if figures:
                        breakdowns.append(r)
                    continue
            else:
                indicator = self.match_indicator(label)
            if indicator is None:
                if numbers:
                    unknown.append((r, label, above))
                continue
            heading = is_section_heading(label) and label_key(label) not in self.indicators
            if not figures and (heading or indicator.code in label_rows):
                continue  # a section heading over the indicator rows, not one of them
            if indicator.code in label_rows and indicator.code not in blank_rows:
                problems.append(self._twice(sheet, r, label_col, indicator, label_rows))
                continue
            label_rows[indicator.code] = r
            if figures:
                blank_rows.discard(indicator.code)
            else:
                blank_rows.add(indicator.code)
            above = r
        if breakdowns:
            problems.append(
                Problem(
                    "breakdown_rows",
                    "Các dòng chi tiết (bắt đầu bằng «Trong đó», «-», «+») ở dòng "
                    f"{', '.join(str(r + 1) for r in breakdowns)} là một phần số liệu của chỉ "
                    "tiêu phía trên; không cộng vào chỉ tiêu nào.",
                    sheet.location(breakdowns[0], label_col),
                    severity="warning",
                )
            )
        if unknown:
            complete = all(ind.code in label_rows for ind in self.config.indicators)
            self._note_unknown_rows(sheet, label_col, unknown, complete, problems)
        for indicator in self.config.indicators:
            if indicator.code not in label_rows:
                (problems if lacking is None else lacking).append(
                    Problem(
                        "indicator_missing",
                        f'Biểu thiếu dòng của chỉ tiêu "{indicator.label}". Bổ sung dòng này.',
                        Location(sheet.file, sheet.name, ""),
                    )
                )
        return label_rows

    # ----- transposed summary: units as columns ---------------------------------------------

    def _unit_groups(
        self, sheet: Sheet, header_top: int, columns: list[Column]
    ) -> list[tuple[str, Location, dict[int, str]]] | None:
        """Units written as columns over 'Trong kỳ' | 'Lũy kế' sub-columns: each unit's name,
        its header cell and its value columns; None when the sheet is a unit form."""
        if sum(1 for col in columns if col.kind == PERIOD) < 2 or header_top == 0:
            return None
        row = header_top - 1
        groups: dict[int, tuple[str, dict[int, str]]] = {}
        for col in columns:
            origin = sheet.merged_origin(row, col.col)
            if origin is None:
                origin = next(
                    ((row, c) for c in range(col.col, -1, -1) if sheet.text(row, c)),
                    None,
                )
            if origin is None:
                continue
            name = sheet.text(*origin)
            if not name or looks_numeric(name) or column_role(name) is not None:
                continue
            groups.setdefault(origin[1], (name, {}))[1][col.col] = col.kind
        if len(groups) < 2:
            return None
        return [(name, sheet.location(row, c), kinds) for c, (name, kinds) in groups.items()]

    def _unit_groups_by_rows(
        self, sheet: Sheet, label_col: int, first_label_row: int
    ) -> list[tuple[str, Location, dict[int, str]]] | None:
        """Units as columns with 'Trong kỳ' | 'Lũy kế' as sub-rows of each indicator, told by
        a column beside the labels: each unit's column is keyed by the kind column."""
        kind_col = None
        for c in range(label_col + 1, min(sheet.width, label_col + 4)):
            roles = [
                column_role(sheet.text(r, c))
                for r in range(first_label_row, min(len(sheet.rows), first_label_row + 6))
            ]
            if PERIOD in roles and CUMULATIVE in roles:
                kind_col = c
                break
        if kind_col is None or first_label_row == 0:
            return None
        row = first_label_row - 1
        groups = []
        for c in range(kind_col + 1, sheet.width):
            name = sheet.text(row, c)
            if name and not looks_numeric(name) and column_role(name) is None:
                groups.append((name, sheet.location(row, c), {c: _BY_ROWS + str(kind_col)}))
        return groups if len(groups) >= 2 else None

    def _read_transposed(
        self,
        sheet: Sheet,
        label_col: int,
        header_top: int,
        groups: list[tuple[str, Location, dict[int, str]]],
        problems: list[Problem],
    ) -> SheetData:
        """A summary with the units as columns and the indicators as rows, read like one
        with a row per unit."""
        value_cols = [c for _, _, kinds in groups for c in kinds]
        label_rows = self._indicator_rows(sheet, label_col, header_top, value_cols, problems)
        rows: list[UnitRow] = []
        totals: UnitRow | None = None
        for name, where, kinds in groups:
            by_kind: dict[str, int] = {}
            by_rows: tuple[int, int] | None = None  # (kind column, the unit's column)
            for c, kind in kinds.items():
                if kind.startswith(_BY_ROWS):
                    by_rows = (int(kind.removeprefix(_BY_ROWS)), c)
                    by_kind = {PERIOD: c, CUMULATIVE: c}
            for c, kind in sorted(kinds.items()):
                if by_rows is not None:
                    break
                if kind in by_kind:
                    problems.append(
                        Problem(
                            "duplicate_column",
                            f"Đơn vị «{name}» có hai cột {_kind_name(kind)}; giữ lại một cột.",
                            sheet.location(header_top, c),
                        )
                    )
                by_kind.setdefault(kind, c)
            for kind in (PERIOD, CUMULATIVE):
                if kind not in by_kind:
                    problems.append(
                        Problem(
                            "column_missing",
                            f'Đơn vị «{name}» thiếu cột "{_kind_name(kind)}". Bổ sung cột này.',
                            where,
                        )
                    )
            values = {
                code: {kind: self._figure(sheet, r, c, problems) for kind, c in by_kind.items()}
                for code, r in label_rows.items()
            }
            if by_rows:
                values = self._values_by_rows(sheet, by_rows, label_rows, label_col, problems)
            row = UnitRow(name, where, values)
            if row_kind(name) == TOTAL:
                totals = row
            elif row_kind(name) in (SUBTOTAL, GROUP):
                problems.append(
                    Problem(
                        "group_column_not_added",
                        f"Cột của «{name}» là cột cộng nhóm: không cộng vào tổng, báo cáo chỉ "
                        "cộng các cột đơn vị.",
                        where,
                        severity="warning",
                    )
                )
            else:
                rows.append(row)
        period, period_loc = self._find_period(sheet, header_top - 1)
        return SheetData(sheet.file, sheet.name, "A", period, period_loc, rows, totals)

    def _values_by_rows(
        self,
        sheet: Sheet,
        by_rows: tuple[int, int],
        label_rows: dict[str, int],
        label_col: int,
        problems: list[Problem],
    ) -> dict[str, dict[str, Figure]]:
        """One unit's figures when each indicator has a 'Trong kỳ' and a 'Lũy kế' sub-row."""
        kind_col, col = by_rows
        values: dict[str, dict[str, Figure]] = {}
        for code, r in label_rows.items():
            rows = self._kind_rows(sheet, kind_col, r, label_rows)
            values[code] = {
                kind: self._figure(sheet, kr, col, problems) for kind, kr in rows.items()
            }
            for kind in (PERIOD, CUMULATIVE):
                if kind not in rows and sheet.location(r, label_col) not in self._said:
                    self._said.add(sheet.location(r, label_col))
                    problems.append(
                        Problem(
                            "kind_row_missing",
                            f'Chỉ tiêu ở dòng {r + 1} thiếu dòng "{_kind_name(kind)}" (ghi '
                            f"«{_kind_name(kind)}» ở cột {a1(0, kind_col)[:-1]}).",
                            sheet.location(r, label_col),
                        )
                    )
        return values

    @staticmethod
    def _kind_rows(
        sheet: Sheet, kind_col: int, label_row: int, label_rows: dict[str, int]
    ) -> dict[str, int]:
        """Kind → row, for the sub-rows of one indicator ('Trong kỳ', 'Lũy kế' beside it)."""
        following = sorted(r for r in label_rows.values() if r > label_row)
        end = min([*following, label_row + 4, len(sheet.rows)])
        found: dict[str, int] = {}
        for r in range(label_row, end):
            role = column_role(sheet.text(r, kind_col))
            if role in (PERIOD, CUMULATIVE, YEAR_TO_DATE, PLAN):
                found.setdefault(role, r)
        return found

    def _form_header_cell(
        self, sheet: Sheet, header_top: int, first_label_row: int, col: int
    ) -> tuple[int, str]:
        """The lowest header row with text at a column, and that text."""
        for r in range(first_label_row - 1, header_top - 1, -1):
            if text := self.header_text(sheet, r, col, False):
                return r, text
        return header_top, ""

    def _form_header(self, sheet: Sheet, header_top: int, first_label_row: int, col: int) -> str:
        return self._form_header_cell(sheet, header_top, first_label_row, col)[1]

    def _form_kinds(
        self,
        sheet: Sheet,
        label_col: int,
        first_label_row: int,
        period_names: bool,
        report: Period | None,
    ) -> tuple[dict[int, str], int]:
        """Column → role from the header rows (up to three above the first label), and the
        header's top row."""
        kinds: dict[int, str] = {}
        header_top = first_label_row
        for r in range(first_label_row - 1, max(-1, first_label_row - 4), -1):
            if sheet.filled(r) < 2:
                if r == first_label_row - 1 and is_section_heading(sheet.text(r, _first(sheet, r))):
                    continue  # a section heading right under the header, over the rows
                break  # a title line: the header is below it
            found = False
            for c in range(sheet.width):
                if c == label_col or c in kinds:
                    continue
                text = self.header_text(sheet, r, c, False)
                if text and (kind := column_role(text, period_names, report)):
                    kinds[c] = kind
                    found = True
            if found:
                header_top = r
        return kinds, header_top

    def _unit_of_form(
        self, sheet: Sheet, header_top: int, problems: list[Problem]
    ) -> tuple[str, Location]:
        """The unit a form belongs to: a 'Đơn vị: …' line, a title naming a unit, the sheet
        name or the file name, in that order."""
        title_cells = [
            (r, c, sheet.text(r, c))
            for r in range(header_top)
            for c in range(len(sheet.rows[r]))
            if sheet.text(r, c)
        ]
        for r, c, text in title_cells:
            head, colon, _ = text.partition(":")
            if colon and _UNIT_LINE.match(fold(head) + ":") and (rest := self._after_colon(text)):
                return rest, sheet.location(r, c)
        for r, c, text in title_cells:
            if self.match_unit(text) is not None:
                return text, sheet.location(r, c)
        if self.match_unit(sheet.name) is not None or (
            not self.units and not _GENERIC_SHEET.match(fold(sheet.name))
        ):
            return sheet.name, Location(sheet.file, sheet.name, "")
        stem = PurePath(sheet.file).stem
        if self.match_unit(stem.replace("_", " ")) is not None:
            return stem.replace("_", " "), Location(sheet.file, sheet.name, "")
        problems.append(
            Problem(
                "unit_not_found",
                'Không xác định được biểu này của đơn vị nào. Thêm dòng "Đơn vị: <tên đơn vị>" '
                "phía trên bảng.",
                Location(sheet.file, sheet.name, "A1"),
            )
        )
        return "", Location(sheet.file, sheet.name, "")

    @staticmethod
    def _after_colon(text: str) -> str:
        _, _, rest = text.partition(":")
        return rest.strip()

    # ----- period ---------------------------------------------------------------------------

    def _find_period(
        self, sheet: Sheet, header_row: int, problems: list[Problem] | None = None
    ) -> tuple[Period | None, Location | None]:
        """The period named above the table: a 'Kỳ báo cáo' line first, then any title line,
        then the sheet name, then the file name.

        With problems: a title naming another period than the 'Kỳ báo cáo' line is an error
        naming both; a sheet name naming another period is a notice."""
        cells = [
            (r, c, sheet.text(r, c))
            for r in range(min(header_row, len(sheet.rows)))
            for c in range(len(sheet.rows[r]))
        ]
        cells = [(r, c, t) for r, c, t in cells if t and not looks_numeric(t)]
        found: tuple[Period, Location] | None = None
        for r, c, text in cells:
            if fold(text).startswith(("ky bao cao", "thoi ky bao cao", "ky")) and (
                period := find_period(text, allow_year=True) or period_of_dates(text)
            ):
                found = period, sheet.location(r, c)
                break
        titled = [
            (period, sheet.location(r, c), text)
            for r, c, text in cells
            if (period := find_period(text, allow_year=False) or period_of_dates(text))
            and column_role(text) not in _NOT_THIS_PERIOD  # 'Kế hoạch quý II/2026'
        ]
        if found is None and titled:
            found = titled[0][:2]
        if found is not None:
            if problems is not None:
                # Only title lines (a cell or two: the title, the date line beside it) are
                # compared: a header row may name the periods of its columns.
                lines = [(p, w, t) for p, w, t in titled if sheet.filled(_row_of(w)) <= 2]
                self._check_named_periods(sheet, found, lines, problems)
                self._note_year_title(sheet, found, cells, problems)
            return found
        if period := find_period(sheet.name, allow_year=True):
            return period, Location(sheet.file, sheet.name, "")
        if period := find_period(PurePath(sheet.file).stem, allow_year=False):
            return period, Location(sheet.file, "", "")
        years = [
            (r, c, p)
            for r, c, text in cells
            if fold(text).startswith(("bao cao", "bieu", "ket qua", "tong hop"))
            and (p := find_period(text, allow_year=True))
        ]
        if len({p for _, _, p in years}) == 1:
            r, c, period = years[0]
            return period, sheet.location(r, c)
        return None, None

    @staticmethod
    def _note_year_title(
        sheet: Sheet,
        found: tuple[Period, Location],
        cells: list[tuple[int, int, str]],
        problems: list[Problem],
    ) -> None:
        """A title naming the whole year over a period line naming a part of it ('BÁO CÁO KẾT
        QUẢ … NĂM 2024' over 'Kỳ báo cáo: 6 tháng cuối năm 2024'): read by the period line, and
        said, since the figures may be the year's."""
        period, where = found
        if period.kind == "Y":
            return
        for r, c, text in cells:
            if (r, c) == (_row_of(where), _col_of(where)) or sheet.filled(r) > 2:
                continue
            if not fold(text).startswith(("bao cao", "bieu", "ket qua", "tong hop")):
                continue
            named = find_period(text, allow_year=True)
            if named is None or (named.kind, named.year) != ("Y", period.year):
                continue
            problems.append(
                Problem(
                    "period_title_year",
                    f"Tiêu đề ở ô {sheet.location(r, c).cell} ghi «{named.label}» nhưng ô "
                    f"{where.cell} ghi kỳ báo cáo «{period.label}»: số liệu được đọc là của "
                    f"{period.label}. Nếu cột trong kỳ là số cả năm, sửa dòng kỳ báo cáo (hoặc "
                    f"chọn --period {period.year}).",
                    where,
                    severity="warning",
                )
            )
            return

    @staticmethod
    def _check_named_periods(
        sheet: Sheet,
        found: tuple[Period, Location],
        titled: list[tuple[Period, Location, str]],
        problems: list[Problem],
    ) -> None:
        period, where = found
        other = next(
            ((p, w) for p, w, t in titled if p != period and not _NOT_THE_PERIOD.search(fold(t))),
            None,
        )
        line = sheet.text(_row_of(where), _col_of(where))
        dated = period_of_dates(line) if find_period(line, allow_year=True) else None
        if dated is not None and dated != period:
            # 'Kỳ báo cáo: Quý II năm 2024 (từ ngày 01/01/2024 đến ngày 30/6/2024)'
            problems.append(
                Problem(
                    "period_title_mismatch",
                    f"Ô {where.cell} ghi kỳ báo cáo «{period.label}» nhưng các ngày ghi cùng dòng "
                    f"(từ {format_date(dated.start)} đến {format_date(dated.end)}) là "
                    f"«{dated.label}»: không biết số liệu là của kỳ nào. Sửa cho kỳ và các ngày "
                    "khớp nhau (hoặc chọn kỳ bằng --period sau khi kiểm tra số liệu).",
                    where,
                )
            )
            return
        if other is not None:
            problems.append(
                Problem(
                    "period_title_mismatch",
                    f"Ô {where.cell} ghi kỳ báo cáo «{period.label}» nhưng ô {other[1].cell} ghi "
                    f"«{other[0].label}»: không biết số liệu là của kỳ nào. Sửa cho hai dòng "
                    "ghi cùng một kỳ (hoặc chọn kỳ bằng --period sau khi kiểm tra số liệu).",
                    where,
                )
            )
        named = find_period(sheet.name, allow_year=True)
        if named is not None and named != period and (named.kind, named.year) != ("Y", period.year):
            problems.append(
                Problem(
                    "sheet_name_other_period",
                    f"Tên trang «{sheet.name}» ghi kỳ «{named.label}», nhưng ô {where.cell} ghi "
                    f"kỳ báo cáo «{period.label}»: đọc theo kỳ ghi ở ô {where.cell}. Đổi tên "
                    "trang cho khớp để tránh nhầm.",
                    Location(sheet.file, sheet.name, ""),
                    severity="warning",
                )
            )


_NOT_REPORTED = ("chua bao cao", "khong bao cao", "chua gui bao cao", "chua co bao cao")


def _rows_named(rows: Sequence[tuple[int, str]]) -> str:
    """'Dòng 13 «Kế hoạch»' or 'Các dòng 13 «Kế hoạch»; 14 «Tỷ lệ»', each label as it reads
    with its characters that show nothing written out."""
    listed = "; ".join(f"{r + 1} «{escaped(label)}»" for r, label in rows)
    return f"Dòng {listed}" if len(rows) == 1 else f"Các dòng {listed}"


def _hidden_notice(sheet: Sheet, hidden: list[int], unit_col: int | None) -> Problem:
    listed = ", ".join(str(r + 1) for r in hidden)
    return Problem(
        "hidden_rows_counted",
        f"Các dòng {listed} đang bị ẩn nhưng là dòng đơn vị có số liệu: đã được cộng vào báo cáo "
        "như mọi dòng khác. Nếu ẩn để loại đơn vị ra, xóa dòng đó rồi lập lại báo cáo.",
        sheet.location(hidden[0], unit_col if unit_col is not None else 0),
        severity="warning",
    )


def _says_not_reported(texts: list[str]) -> bool:
    """Whether a row's words say that its unit sent no report ("Chưa báo cáo")."""
    return any(fold(text).startswith(_NOT_REPORTED) for text in texts if text)


_KIND_NAMES = {
    PERIOD: "Trong kỳ",
    CUMULATIVE: "Lũy kế từ khi thực hiện Đề án",
    YEAR_TO_DATE: "Lũy kế từ đầu năm",
    PLAN: "Kế hoạch (chỉ tiêu giao)",
}


def _kind_name(kind: str) -> str:
    return _KIND_NAMES.get(kind, ROLE_NAMES.get(kind, kind))


def _not_used(heads: list[tuple[str, str]], kind: str) -> str:
    """Why the columns beside could not stand for the missing one: ' Cột «Cùng kỳ năm 2023»
    là số của kỳ khác (để so sánh), không dùng làm số Trong kỳ.' heads: (header, role)."""
    said = list(dict.fromkeys(f"«{text}» là {ROLE_NAMES[role]}" for text, role in heads if text))
    if not said:
        return ""
    return f" Cột {join_vi(said)}, không dùng làm số {_kind_name(kind)}."


def _row_role(label: str) -> bool:
    """Whether a row's label says it holds plans, targets, ratios or another period's figures
    ('Chỉ tiêu giao', 'Tỷ lệ (%)', 'Cùng kỳ năm 2023'), not a unit's results."""
    return column_role(label) in (PLAN, *SET_ASIDE)


def _col_of(where: Location) -> int:
    """The 0-based column of a location's cell ('D12' → 3)."""
    col = 0
    for letter in where.cell.rstrip("0123456789"):
        col = col * 26 + ord(letter) - ord("A") + 1
    return col - 1


def _row_of(where: Location) -> int:
    """The 0-based row of a location's cell ('D12' → 11)."""
    return int(where.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1


def _first(sheet: Sheet, row: int) -> int:
    """The column of the first written cell of a row (0 if none)."""
    return next((c for c, t in enumerate(sheet.texts[row]) if t), 0)


def _unchecked(row: UnitRow, quiet: list[Problem], uncached: list[Location]) -> UnitRow:
    """A row only checked, without its formulas that hold no value (they cannot be checked;
    never read as 0)."""
    cells = {p.location for p in quiet if p.code == "formula_no_value"}
    if not cells:
        return row
    uncached.extend(sorted(cells, key=lambda where: (len(where.cell), where.cell)))
    values = {
        code: {kind: f for kind, f in kinds.items() if f.location not in cells}
        for code, kinds in row.values.items()
    }
    return UnitRow(row.raw_name, row.location, values)


def _uncached_notice(cells: list[Location]) -> Problem:
    listed = ", ".join(where.cell for where in cells)
    return Problem(
        "formula_no_value",
        f"Các ô {listed} (dòng tổng cộng, dòng cộng hoặc dòng chi tiết) chứa công thức nhưng "
        "không có giá trị đã tính (tệp do một chương trình tạo ra và chưa được mở bằng Excel): "
        "không kiểm tra được các ô này. Báo cáo chỉ cộng các dòng đơn vị; mở tệp bằng Excel, "
        "lưu lại rồi gửi lại nếu cần kiểm tra dòng tổng.",
        cells[0],
        severity="warning",
    )


def derive_cumulative(kinds: dict[str, Figure]) -> None:
    """This period's cumulative from the cumulative to the end of the period before and the
    period's figure, where the table gives no cumulative of its own (marked derived)."""
    past = kinds.get(PAST_CUMULATIVE)
    if past is None or CUMULATIVE in kinds or PERIOD not in kinds:
        return
    in_period = kinds[PERIOD]
    kinds[CUMULATIVE] = Figure(
        past.value + in_period.value,
        past.location,
        blank=past.blank and in_period.blank,
        derived=True,
    )
