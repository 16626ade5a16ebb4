"""What a row of a table is, from the words of its label: totals, subtotal, group, breakdown.

Words are compared with their marks ('Tổng' is not 'Tống', 'Cộng' is not 'Công'), as whole
words, so communes named 'Tống Trân', 'Công Sơn' or 'Tổng Cọt' stay units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dean24.core.text import name_key

TOTAL = "total"  # the table's grand total: checked against the unit rows, never added
SUBTOTAL = "subtotal"  # 'Cộng khối phường': checked against the rows of its group
GROUP = "group"  # 'I. CÁC PHƯỜNG', 'Các xã': starts a group; its figures, if any, are checked
BREAKDOWN = "breakdown"  # 'Trong đó: nữ', '- đảng viên là chủ doanh nghiệp': part of the row above


def _keys(*words: str) -> frozenset[str]:
    return frozenset(name_key(word) for word in words)


_GRAND = _keys(
    "tổng cộng",
    "cộng",
    "tổng",
    "tổng số",
    "tổng cộng chung",
    "cộng chung",
    "tổng chung",
    "toàn tỉnh",
    "tổng toàn tỉnh",
    "cộng toàn tỉnh",
    "tổng cộng toàn tỉnh",
    "tổng số toàn tỉnh",
    "toàn huyện",
    "tổng cộng toàn huyện",
    "toàn thành phố",
    "tổng cộng toàn thành phố",
)
# A row naming the province ('Tỉnh Lào Cai', 'ĐẢNG BỘ TỈNH LÀO CAI') holds its totals: units
# are districts, communes and blocs, never a province.
_PROVINCE = _keys("tỉnh", "đảng bộ tỉnh", "toàn đảng bộ tỉnh", "tỉnh ủy")
_SUM_WORDS = ("tổng cộng", "tổng số", "cộng", "tổng")
# Words after 'Cộng'/'Tổng' that name a group of units, not a commune ('Cộng Hòa' is a name).
_GROUP_WORDS = _keys(
    "khối",
    "các",
    "nhóm",
    "cụm",
    "vùng",
    "khu vực",
    "phường",
    "xã",
    "huyện",
    "thị trấn",
    "đặc khu",
    "đảng bộ",
    "đơn vị",
    "mục",
    "phần",
)
# The kinds of units: 'Cộng thành phố, thị xã' adds the rows of two kinds, naming no unit.
_KINDS = tuple(
    name_key(w) for w in ("thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "phường", "xã")
)
_AND = name_key("và")
_PLURAL_START = _keys("các", "khối phường", "khối xã", "khối huyện", "khối các")
_SECTION = re.compile(r"^\s*(?:[IVX]{1,4}|[A-D])\s*[.):/-]\s*\S")
_ROMAN = re.compile(r"^\(?\s*(?:[IVX]{1,4}|[A-D])\s*[.)]?$")
_NUMERALS = re.compile(r"^(?:[ivx]{1,4}|[a-d]|\d{1,2})(?: |$)")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_BULLET = re.compile(r"^\s*([-+*•–—])\s*")
_BREAKDOWN = name_key("trong đó")


def bullet(label: str) -> str:
    """The mark a label starts with ('-', '+', '*', '•'), or ''."""
    match = _BULLET.match(label)
    return match.group(1) if match else ""


def without_bullet(label: str) -> str:
    return _BULLET.sub("", label, count=1)


def is_section_marker(text: str) -> bool:
    """'I', 'II.', 'A' in an STT column: the row heads a group, it is not a unit."""
    return bool(_ROMAN.match(text.strip()))


def is_section_heading(label: str) -> bool:
    """'I. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN', 'A - Công tác …': a heading over rows below."""
    return bool(_SECTION.match(label)) or (label.isupper() and len(label) > 12)


def _starts(key: str, word: str) -> bool:
    return key == word or key.startswith(word + " ")


class _Words:
    """Keys a key may start with, as a whole word: one look for a key that starts with none
    (most labels are units' names)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(words)
        self._exact = frozenset(self.words)
        self._spaced = tuple(f"{word} " for word in self.words)

    def start(self, key: str) -> bool:
        return key in self._exact or key.startswith(self._spaced)


_PROVINCE_START = _Words(_PROVINCE)
_SUM_START = _Words(_SUM_WORDS)
_GROUP_START = _Words(_GROUP_WORDS)
_PLURAL = _Words(_PLURAL_START)
_TOAN = name_key("toàn")


def _kinds_only(rest: str) -> bool:
    """Whether words are kinds of units alone ('thành phố thị xã', 'huyện và thị xã'): what a
    subtotal adds, never a unit's name, which follows its kind."""
    words = rest.split()
    found = 0
    while words:
        if words[0] == _AND and found:
            words = words[1:]
            continue
        kind = next((k for k in _KINDS if words[: len(k.split())] == k.split()), None)
        if kind is None:
            return False
        words = words[len(kind.split()) :]
        found += 1
    return found > 0


@lru_cache(maxsize=16384)
def row_kind(label: str) -> str | None:
    """TOTAL, SUBTOTAL, GROUP or BREAKDOWN for a row label; None for anything else (a unit,
    an indicator, a heading or a note, told apart by the reader)."""
    key = name_key(_BRACKETED.sub(" ", label))
    if not key:
        return None
    if key in _GRAND or _PROVINCE_START.start(key):
        return TOTAL
    if bullet(label) or _starts(key, _BREAKDOWN):
        return BREAKDOWN
    if _SUM_START.start(key):
        for word in _SUM_WORDS:
            if _starts(key, word):
                rest = key[len(word) :].strip()
                if rest in _GRAND or _starts(rest, _TOAN):
                    return TOTAL
                if _GROUP_START.start(rest) or _NUMERALS.match(rest) or _kinds_only(rest):
                    return SUBTOTAL
                break
    if _SECTION.match(label) or _PLURAL.start(key):
        return GROUP
    return None
