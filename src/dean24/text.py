"""Vietnamese text: NFC, name matching keys, number, percent and date formatting, list joining."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# Combining marks that carry a tone (sắc, huyền, hỏi, ngã, nặng); the vowel marks (ă, â, ơ, ư ...)
# are kept, so "Bảo Yên" and "Bảo Yến" stay apart while "ủy" and "uỷ" compare equal.
_TONE_MARKS = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}
_PUNCT = re.compile(r"[\s\-–—.,;:()\"'“”/\\_]+")

# Prefixes that name the kind of party committee or administrative unit, not the unit itself.
# They are compared on folded text (no tones, "đ" kept as "d", lower case).
UNIT_PREFIXES: tuple[str, ...] = (
    "ban thuong vu",
    "ban chap hanh",
    "bch",
    "dang bo",
    "dang uy",
    "huyen uy",
    "thi uy",
    "thanh uy",
    "thanh pho",
    "thi xa",
    "huyen",
    "tp",
    "tx",
    "h",
)


def nfc(text: str) -> str:
    """Return text in Unicode NFC with runs of white space collapsed and the ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Fold text for comparison: no tone marks, no case, đ → d, punctuation and spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    kept = unicodedata.normalize("NFC", kept)
    # Remove the remaining vowel marks too for a plain Latin key; tones are already gone,
    # and the names of one configuration never differ only by a vowel mark.
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", kept) if not unicodedata.combining(ch)
    )
    plain = plain.replace("đ", "d")
    return _PUNCT.sub(" ", plain).strip()


@lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """Identity key of a reporting unit: folded, with 'Đảng bộ', 'Huyện ủy', 'TP.' ... removed."""
    key = re.sub(r"^\d{1,2} ", "", fold(name))
    changed = True
    while changed:
        changed = False
        for prefix in UNIT_PREFIXES:
            if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
                key = key[len(prefix) + 1 :]
                changed = True
    return key


_LEADING_NUMBER = re.compile(r"^\s*(?:[0-9]+|[ivxlc]+|[a-z])\s*[.)/-]\s*")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """Key of an indicator label: folded, without a leading '1.' or 'a)' and bracketed units."""
    text = _BRACKETS.sub(" ", label)
    key = fold(text)
    key = _LEADING_NUMBER.sub("", key)
    # Remove a leading number glued to the label by the folding ("1 so dang vien" → "so dang vien").
    key = re.sub(r"^\d+\s+", "", key).strip()
    # "Số đảng viên được kết nạp" and "Đảng viên được kết nạp" name the same thing.
    return key[3:] if key.startswith("so ") else key


def format_int(value: int) -> str:
    """3274 → '3.274'."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_number(value: float | int | Decimal, decimals: int = 1) -> str:
    """A number with ',' for decimals and '.' for thousands; a whole number shows no decimals."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return format_int(int(rounded))
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    frac = frac.rstrip("0")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{format_int(int(whole))},{frac}"


def format_percent(value: float | Decimal, decimals: int = 1) -> str:
    """0.4667 → '46,7%'; 0.01 → '1%' (value is a fraction)."""
    return format_number(Decimal(str(value)) * 100, decimals) + "%"


def format_date(day: date) -> str:
    """date(2022, 10, 21) → '21/10/2022'."""
    return f"{day.day}/{day.month}/{day.year}"


def format_date_line(day: date) -> str:
    """date(2024, 7, 17) → 'ngày 17 tháng 7 năm 2024'; date(2025, 1, 5) → 'ngày 05 tháng 01 năm
    2025': the date line of a document, where HD 36 pads a day below 10 and the months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def join_vi(items: list[str]) -> str:
    """['A', 'B', 'C'] → 'A, B và C'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]


def sentence_case(text: str) -> str:
    """Upper-case the first letter only."""
    return text[:1].upper() + text[1:] if text else text
