"""Cell values: A1 references, header words, and counts read from numbers or Vietnamese text."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from dean24.core.errors import Location, Problem
from dean24.core.text import format_int, nfc
from dean24.reading.columnroles import (
    CUMULATIVE,
    NOTE,
    PERIOD,
    PLAN,
    YEAR_TO_DATE,
    column_role,
    is_note_header,
)

_BLANK_TEXT = {"", "-", "–", "—", "_", "0", "x", "không", "khong", "không có", "ko"}
# A count written with its unit of measure: '02 tổ chức', '15 người', '3 lớp'.
_WITH_UNIT = re.compile(
    r"^(\d[\d.]*)\s*(?:người|tổ chức|tc|lớp|đảng viên|đv|đoàn viên|học viên|công đoàn|"
    r"cơ sở|tổ chức đảng|tổ chức đoàn|chi bộ|đảng bộ|đồng chí|đ/c|đ\.c|học sinh|lượt người|"
    r"lượt|cđcs|tcđ)\.?$",
    re.I,
)
_NEAR_WHOLE = 1e-9  # a float this close to a whole number is that number (52.00000000000001)
_PLAIN = re.compile(r"^\d+$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_SPACE_THOUSANDS = re.compile(r"^\d{1,3}(?: \d{3})+$")
_WHOLE_DECIMAL = re.compile(r"^(\d+)[.,]0+$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_NEGATIVE = re.compile(r"^[-−]\s*\d[\d.,]*$")


@lru_cache(maxsize=1024)
def column_name(col: int) -> str:
    """0-based column → 'D'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based (row, col) → 'D12'."""
    return f"{column_name(col)}{row + 1}"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Characters that show nothing (Unicode's format characters a text editor or a web page
# leaves in a cell: zero-width spaces and joiners, direction marks and embeddings, invisible
# operators, a byte order mark, a soft hyphen): a name holding one looks right and matches
# nothing.
_FORMAT = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
INVISIBLE = dict.fromkeys(
    map(ord, _FORMAT + "".join(map(chr, range(0x2060, 0x2070))) + "\ufeff\ufff9\ufffa\ufffb")
)


@lru_cache(maxsize=8192)  # the labels and headers of a form repeat in every file
def _text(value: str) -> str:
    return nfc(value.translate(INVISIBLE))


def cell_text(value: Any) -> str:
    """Any cell value as NFC text ('' for blanks; 3.0 → '3')."""
    if isinstance(value, str):
        return _text(value)  # '' for a blank text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value).translate(INVISIBLE))


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
    if kind is float and abs(value - round(value)) < _NEAR_WHOLE:
        value = float(round(value))  # a sum pasted as its value: 52.00000000000001
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
        text = nfc(str(value).translate(INVISIBLE)).replace("\xa0", " ")
        if match := _WITH_UNIT.match(text):
            text = match.group(1)
        compact = text.replace(" ", "") if _SPACE_THOUSANDS.match(text) else text
        if compact.casefold() in _BLANK_TEXT:
            return 0, None
        if _PLAIN.match(compact):
            number = int(compact)
        elif _DOT_THOUSANDS.match(compact):
            number = int(compact.replace(".", ""))
        elif _COMMA_THOUSANDS.match(compact):
            # In Vietnamese writing the comma is the decimal mark: '1,204' may be 1,204 or,
            # written the English way, 1204. Which one is not for the reader to pick.
            return fail(
                "value_decimal",
                f'Ô ghi "{text}" (chữ): theo cách viết tiếng Việt, dấu phẩy là dấu thập phân, nên '
                f"đây là số thập phân; nếu là {format_int(int(compact.replace(',', '')))}, ghi "
                f'"{compact.replace(",", ".")}" hoặc nhập ô dạng số.',
            )
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


_COLUMN_NUMBER = re.compile(r"\(?\s*(?:\d{1,2}|[A-Za-z])\s*\)?")


def is_column_number(text: str) -> bool:
    """'(1)', '2', 'A', '(B)': the row of column numbers under a form's header."""
    return bool(_COLUMN_NUMBER.fullmatch(text.strip()))


__all__ = [
    "CUMULATIVE",
    "NOTE",
    "PERIOD",
    "PLAN",
    "YEAR_TO_DATE",
    "a1",
    "cell_text",
    "column_name",
    "column_role",
    "is_blank",
    "is_column_number",
    "is_note_header",
    "looks_numeric",
    "parse_count",
]
