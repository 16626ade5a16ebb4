"""The value columns of a table and the unit column: a column's indicator and role, the roles
left unclear by their headers resolved or refused, and the notices naming columns set aside,
derived, planned or left unread."""

from __future__ import annotations

from dataclasses import dataclass

from dean24.core.errors import Location, Problem
from dean24.core.model import UnitRow
from dean24.core.periods import Period
from dean24.core.text import fold, join_vi
from dean24.reading.cells import a1, is_column_number, looks_numeric
from dean24.reading.columnroles import (
    AMBIGUOUS,
    CUMULATIVE,
    PAST_CUMULATIVE,
    PERIOD,
    PLAN,
    ROLE_NAMES,
    UNCLEAR,
    YEAR_TO_DATE,
)
from dean24.reading.layouts.headers import header_text
from dean24.reading.workbook import Sheet

_UNIT_HEADER = ("don vi", "ten don vi", "dang bo", "co so dang")
_NUMBERING_HEADER = ("stt", "so tt", "tt", "dvt", "don vi tinh")
IGNORED_HEADER = ("stt", "so tt", "tt", "ghi chu", "dvt", "don vi tinh")
_KIND_NAMES = {
    PERIOD: "Trong kỳ",
    CUMULATIVE: "Lũy kế từ khi thực hiện Đề án",
    YEAR_TO_DATE: "Lũy kế từ đầu năm",
    PLAN: "Kế hoạch (chỉ tiêu giao)",
}


@dataclass(frozen=True)
class Column:
    """A value column: its column, the indicator it gives and the role of its figures."""

    col: int
    code: str
    kind: str


def kind_name(kind: str) -> str:
    """A role's name as a message writes it ('Trong kỳ')."""
    return _KIND_NAMES.get(kind, ROLE_NAMES.get(kind, kind))


def column_twice(sheet: Sheet, label: str, kind: str, row: int, col: int, first: int) -> Problem:
    """The error of an indicator's second column of a kind (any kind where kind is empty),
    naming the first."""
    of_kind = f"{kind_name(kind)} " if kind else ""
    return Problem(
        "duplicate_column",
        f'Chỉ tiêu "{label}" có hai cột {of_kind}({sheet.location(row, first).cell} và cột này).',
        sheet.location(row, col),
        advised=True,
    )


def not_used(heads: list[tuple[str, str]], kind: str) -> str:
    """Why the columns beside could not stand for the missing one: ' Cột «Cùng kỳ năm 2023»
    là số của kỳ khác (để so sánh), không dùng làm số Trong kỳ.' heads: (header, role)."""
    said = list(dict.fromkeys(f"«{text}» là {ROLE_NAMES[role]}" for text, role in heads if text))
    if not said:
        return ""
    return f" Cột {join_vi(said)}, không dùng làm số {kind_name(kind)}."


def unit_column(sheet: Sheet, ind_row: int, header_end: int, columns: list[Column]) -> int | None:
    """The column of the unit names: the one headed by a unit word, else the nearest column
    left of the figures that holds words below the header."""
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


def resolve_unclear(
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
            problems.append(unclear_columns(sheet, kind, cells, report))
    return resolved


def check_resolved(
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
                "thực hiện Đề án hay lũy kế từ đầu năm.",
                Location(sheet.file, sheet.name, ""),
                advised=True,
            )
        )


def unclear_columns(
    sheet: Sheet, kind: str, cells: list[tuple[str, Location]], report: Period | None
) -> Problem:
    """The error naming columns whose role cannot be told against the report's period."""
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
            "đầu năm khác lũy kế từ khi thực hiện Đề án, nên không đọc theo phỏng đoán." + unknown,
            cells[0][1],
            advised=True,
        )
    return Problem(
        "column_role_unclear",
        f"Không xác định được cột {named} chứa số gì so với kỳ báo cáo{period} (số trong "
        "kỳ, số của kỳ khác, lũy kế từ đầu năm hay lũy kế từ khi thực hiện Đề án), nên "
        "không đọc theo phỏng đoán." + unknown,
        cells[0][1],
        advised=True,
    )


def note_aside(sheet: Sheet, aside: list[tuple[int, str, str]], problems: list[Problem]) -> None:
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


def note_derived(
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
            (t for r in range(bottom, top - 1, -1) if (t := header_text(sheet, r, col.col, False))),
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


def note_columns(
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
