"""Cell values: A1 references, header words, and counts read from numbers or Vietnamese text."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from dean24.errors import Location, Problem
from dean24.periods import find_period
from dean24.text import format_int, name_key, nfc

_BLANK_TEXT = {"", "-", "–", "—", "_", "0"}
_PLAIN = re.compile(r"^\d+$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_SPACE_THOUSANDS = re.compile(r"^\d{1,3}(?: \d{3})+$")
_WHOLE_DECIMAL = re.compile(r"^(\d+)[.,]0+$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_NEGATIVE = re.compile(r"^[-−]\s*\d[\d.,]*$")


@lru_cache(maxsize=65536)
def a1(row: int, col: int) -> str:
    """0-based (row, col) → 'D12'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_text = lru_cache(maxsize=8192)(nfc)  # the labels and headers of a form repeat in every file


def cell_text(value: Any) -> str:
    """Any cell value as NFC text ('' for blanks; 3.0 → '3')."""
    if isinstance(value, str):
        return _text(value)  # '' for a blank text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


_NUMERIC_TEXT = re.compile(r"[-−]?\s*[\d][\d .,]*")


@lru_cache(maxsize=65536)
def _numeric_text(text: str) -> bool:
    compact = text.strip().replace("\xa0", " ")
    return bool(compact) and bool(_NUMERIC_TEXT.fullmatch(compact))


def looks_numeric(value: Any) -> bool:
    """Whether a cell holds something meant as a figure (a number, or text made of digits)."""
    if isinstance(value, str):
        return _numeric_text(value)
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float)


def parse_count(value: Any, location: Location, max_value: int) -> tuple[int, Problem | None]:
    """Read a whole non-negative count from a cell; blanks and '-' are 0.

    Returns (value, None), or (0, problem) when the cell cannot be read as a count.
    """
    kind = type(value)
    if kind is float and value.is_integer() and 0 <= value <= max_value:
        return int(value), None  # the usual cell, at once
    if kind is int and 0 <= value <= max_value:
        return value, None

    def fail(code: str, message: str) -> tuple[int, Problem]:
        return 0, Problem(code, message, location)

    if isinstance(value, bool):
        return fail("value_not_number", f'Ô chứa giá trị logic "{value}", cần một số nguyên.')
    if isinstance(value, datetime | date | time | timedelta):
        shown = value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)
        return fail(
            "value_date",
            f"Ô chứa ngày tháng ({shown}) thay vì số: có thể ô bị định dạng kiểu Date. "
            "Đổi định dạng ô sang Number rồi nhập lại số.",
        )
    number: int
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return fail(
                "value_decimal",
                f"Ô chứa số thập phân {str(value).replace('.', ',')}; cần một số nguyên.",
            )
        number = int(value)
    elif value is None:
        return 0, None
    else:
        text = nfc(str(value)).replace("\xa0", " ")
        compact = text.replace(" ", "") if _SPACE_THOUSANDS.match(text) else text
        if compact in _BLANK_TEXT:
            return 0, None
        if _PLAIN.match(compact):
            number = int(compact)
        elif _DOT_THOUSANDS.match(compact):
            number = int(compact.replace(".", ""))
        elif _COMMA_THOUSANDS.match(compact):
            number = int(compact.replace(",", ""))
        elif match := _WHOLE_DECIMAL.match(compact):
            number = int(match.group(1))
        elif _NEGATIVE.match(compact):
            return fail("value_negative", f'Ô chứa số âm "{text}"; cần một số không âm.')
        elif _DECIMAL.match(compact):
            return fail("value_decimal", f'Ô chứa số thập phân "{text}"; cần một số nguyên.')
        else:
            return fail(
                "value_not_number",
                f'Ô chứa "{text}", không phải một số. Cần một số nguyên không âm '
                '(để trống hoặc ghi "-" nếu bằng 0).',
            )
    if number < 0:
        return fail("value_negative", f"Ô chứa số âm {number}; cần một số không âm.")
    if number > max_value:
        return fail(
            "value_too_large",
            f"Ô chứa {format_int(number)}, vượt giới hạn {format_int(max_value)} cho một ô số "
            "liệu; "
            "kiểm tra lại số (giới hạn đặt ở programme.max_value trong cấu hình).",
        )
    return number, None


# What a value column holds, told by its header words (compared with their marks).
PERIOD = "period"  # the period's results: 'Trong kỳ', 'Thực hiện', 'Kết quả 6 tháng …'
CUMULATIVE = "cumulative"  # since the programme began: 'Lũy kế từ khi thực hiện Đề án'
YEAR_TO_DATE = "year_to_date"  # since the start of the year: 'Lũy kế từ đầu năm'
PLAN = "plan"  # the unit's assigned target: 'Kế hoạch năm 2024', 'Chỉ tiêu giao'
NOTE = "note"  # 'Ghi chú (ghi rõ tên doanh nghiệp …)': never figures


def _keys(*words: str) -> tuple[str, ...]:
    """The words' keys, each between spaces: found as whole words in a key so padded."""
    return tuple(f" {name_key(word)} " for word in words)


_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        PLAN,
        _keys(
            "kế hoạch",
            "kh",
            "chỉ tiêu giao",
            "chỉ tiêu được giao",
            "chỉ tiêu kế hoạch",
            "chỉ tiêu năm",
            "được giao",
            "số giao",
            "mục tiêu",
            "dự kiến",
        ),
    ),
    (
        YEAR_TO_DATE,
        _keys("từ đầu năm", "đầu năm đến", "lũy kế năm", "lũy kế trong năm", "lũy kế cả năm"),
    ),
    (
        CUMULATIVE,
        _keys(
            "lũy kế",
            "từ khi thực hiện",
            "từ khi triển khai",
            "từ khi có đề án",
            "từ đầu đề án",
            "cộng dồn",
        ),
    ),
    (
        PERIOD,
        _keys(
            "trong kỳ",
            "kết quả kỳ",
            "phát sinh",
            "trong 6 tháng",
            "trong quý",
            "trong năm",
            "thực hiện",
            "kết quả",
            "số mới",
        ),
    ),
)
_NOTE = name_key("ghi chú")
_EARLIER = _keys("kỳ trước", "đã báo cáo", "báo cáo kỳ trước")


@lru_cache(maxsize=4096)
def column_role(text: str, period_names: bool = False) -> str | None:
    """What a header says its column holds: PERIOD, CUMULATIVE, YEAR_TO_DATE, PLAN, NOTE, or
    None ('Số DN trên địa bàn': not a figure of the programme).

    With period_names, a column headed by a period's name ('6 tháng đầu năm 2024') holds the
    period's figures; only for header rows, never for title lines.
    """
    key = name_key(text)
    if key == _NOTE or key.startswith(_NOTE + " "):
        return NOTE
    padded = f" {key} "
    if any(word in padded for word in _EARLIER):
        return None  # last period's figures, shown for reference
    for role, words in _ROLE_WORDS:
        if any(word in padded for word in words):
            return role
    named = period_names and ":" not in text  # 'Kỳ báo cáo: …' is a title, not a header
    return PERIOD if named and find_period(text, allow_year=True) else None


def is_note_header(text: str) -> bool:
    """column_role(text) == NOTE, without looking for the other roles."""
    key = name_key(text)
    return key == _NOTE or key.startswith(_NOTE + " ")


_COLUMN_NUMBER = re.compile(r"\(?\s*(?:\d{1,2}|[A-Za-z])\s*\)?")


def is_column_number(text: str) -> bool:
    """'(1)', '2', 'A', '(B)': the row of column numbers under a form's header."""
    return bool(_COLUMN_NUMBER.fullmatch(text.strip()))
