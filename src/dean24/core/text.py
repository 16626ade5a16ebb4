"""Vietnamese text: NFC, name matching keys, number, percent and date formatting, list joining."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# The five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aeiouy")
_PUNCT = re.compile(r"[\s\-–—.,;:()\"'“”/\\_]+")


def nfc(text: str) -> str:
    """Return text in Unicode NFC with runs of white space collapsed and the ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A loose form of text for finding words: no marks at all, no case, đ → d, punctuation
    and spaces collapsed.

    Only for spotting known words (periods, section headings); never an identity: "Tân
    Thành" and "Tân Thạnh" fold alike. Names are compared with name_key.
    """
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch)
    )
    plain = plain.replace("đ", "d")
    return _PUNCT.sub(" ", plain).strip()


def _tone_last(decomposed: str) -> str:
    """Move each word's tone mark onto its last vowel, so the old and the new placement
    ('hòa'/'hoà', 'thủy'/'thuỷ') give one spelling; every other mark stays where it is.

    A word is a run of letters and combining marks. Text within Latin letters and their
    marks (all of Vietnamese) is cut into words by a regular expression and each distinct
    word placed once; other text letter by letter, with the same result.
    """
    if not _ANY_TONE.search(decomposed):
        return decomposed
    if max(decomposed) < _LATIN_END:
        return "".join(map(_place_tones, _LATIN_WORDS.split(decomposed)))
    out: list[str] = []
    word: list[str] = []
    for ch in decomposed:
        if ch in _TONE_MARKS or ch.isalpha() or unicodedata.combining(ch):
            word.append(ch)
        else:
            out.append(_place_tones("".join(word)))
            out.append(ch)
            word.clear()
    out.append(_place_tones("".join(word)))
    return "".join(out)


@lru_cache(maxsize=8192)
def _place_tones(word: str) -> str:
    """One word with its tone marks moved after its last vowel and that vowel's marks."""
    tones = [ch for ch in word if ch in _TONE_MARKS]
    if not tones:
        return word
    rest = [ch for ch in word if ch not in _TONE_MARKS]
    at = len(rest)
    for i in range(len(rest) - 1, -1, -1):
        if rest[i] in _VOWELS:
            at = i + 1
            while at < len(rest) and unicodedata.combining(rest[at]):
                at += 1
            break
    return "".join(rest[:at]) + "".join(tones) + "".join(rest[at:])


_ANY_TONE = re.compile("[" + "".join(sorted(_TONE_MARKS)) + "]")
_LATIN_END = "\u0370"  # Latin letters and the combining diacritical marks lie below
# Splits text below _LATIN_END into words and what lies between them (both kept).
_LATIN_WORDS = re.compile(
    "((?:["
    + "".join(
        f"\\u{code:04x}"
        for code in range(ord(_LATIN_END))
        if chr(code).isalpha() or unicodedata.combining(chr(code))
    )
    + "])+)"
)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Key of a name that keeps every letter's marks: 'Tân Thành' ≠ 'Tân Thạnh', 'Đ' ≠ 'D'.

    Only what does not change a name is set aside: case, NFC/NFD, spacing and punctuation,
    and the old and new tone placement ('Huyện ủy'/'Huyện uỷ', 'hòa'/'hoà').
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    key = unicodedata.normalize("NFC", _tone_last(decomposed))
    return _PUNCT.sub(" ", key).strip()


def _keys(*words: str) -> tuple[str, ...]:
    return tuple(name_key(word) for word in words)


# Prefixes that name the kind of party committee or district, not the unit itself.
UNIT_PREFIXES: tuple[str, ...] = _keys(
    "ban thường vụ",
    "ban chấp hành",
    "bch",
    "đảng bộ",
    "đảng ủy",
    "huyện ủy",
    "thị ủy",
    "thành ủy",
    "thành phố",
    "thị xã",
    "huyện",
    "tp",
    "tx",
    "h",
)
# Kind words of commune-level units: part of the name ('Xã Tân Thành' and 'Phường Tân
# Thành' may both exist), set aside only to match a bare name against a configured list.
COMMUNE_KINDS: tuple[str, ...] = _keys("đặc khu", "thị trấn", "phường", "xã", "p", "x", "tt")


def _spaced(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix} " for prefix in prefixes)


def _strip_prefixes(key: str, spaced: tuple[str, ...]) -> str:
    """key without the prefixes (each given with the space after it), again and again."""
    if not key.startswith(spaced):
        return key  # most names: nothing to take off
    changed = True
    while changed:
        changed = False
        for prefix in spaced:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                changed = True
    return key


_UNIT_PREFIXES = _spaced(UNIT_PREFIXES)
_COMMUNE_KINDS = _spaced(COMMUNE_KINDS)
_NUMBERED = re.compile(r"^\d{1,2} ")


# A remark after a name saying it is the new unit or naming the former one: 'Xã Bảo Hà (mới)',
# 'Xã Bảo Yên (huyện Bảo Yên cũ)'; any other bracket ('(Hà Nội)') is part of the name.
_REMARK = re.compile(r"\s*\((?:mới|[^()]*\scũ)\)\s*$", re.I)


@lru_cache(maxsize=65536)
def unit_key(name: str) -> str:
    """Identity key of a reporting unit: name_key without 'Đảng bộ', 'Huyện ủy', 'TP.' … nor
    a remark in brackets after the name."""
    bare = _REMARK.sub("", name) if name.endswith(")") else name
    return _strip_prefixes(_NUMBERED.sub("", name_key(bare or name)), _UNIT_PREFIXES)


@lru_cache(maxsize=65536)
def bare_unit_key(name: str) -> str:
    """unit_key without a commune kind word: 'Xã Y Tý' → 'y tý' (to match a bare name)."""
    return _strip_prefixes(unit_key(name), _COMMUNE_KINDS)


# The kind of unit a prefix says: the three district-level kinds and the commune-level ones.
# Words of the Party committee ('Đảng bộ', 'Đảng ủy') say no kind; 'Huyện ủy' says huyện.
_KIND_OF_PREFIX: dict[str, str] = {
    name_key(word): kind
    for kind, words in (
        ("huyện", ("huyện", "huyện ủy", "h")),
        ("thị xã", ("thị xã", "thị ủy", "tx")),
        ("thành phố", ("thành phố", "thành ủy", "tp")),
        ("xã", ("xã", "x")),
        ("phường", ("phường", "p")),
        ("đặc khu", ("đặc khu",)),
        ("thị trấn", ("thị trấn",)),
    )
    for word in words
}
_KIND_WORDS = sorted(((f"{k} ", v) for k, v in _KIND_OF_PREFIX.items()), key=lambda kv: -len(kv[0]))
_ANY_PREFIX = sorted((*_UNIT_PREFIXES, *_COMMUNE_KINDS), key=len, reverse=True)


@lru_cache(maxsize=65536)
def unit_kind(name: str) -> str | None:
    """The kind of unit a name's prefixes say ('Huyện ủy Bát Xát' → 'huyện', 'Đảng ủy xã Y
    Tý' → 'xã', 'Thành ủy Lào Cai' → 'thành phố'), or None when they say none ('Bát Xát').

    The last kind word before the name itself counts: 'Đảng bộ huyện' says huyện."""
    key = _NUMBERED.sub("", name_key(name))
    kind = None
    changed = True
    while changed:
        changed = False
        for word, said in _KIND_WORDS:
            if key.startswith(word) and len(key) > len(word):
                key, kind, changed = key[len(word) :], said, True
                break
        else:
            for prefix in _ANY_PREFIX:
                if key.startswith(prefix) and len(key) > len(prefix):
                    key, changed = key[len(prefix) :], True
                    break
    return kind


_LOOSE_PREFIXES = _spaced(tuple(fold(prefix) for prefix in (*UNIT_PREFIXES, *COMMUNE_KINDS)))


@lru_cache(maxsize=65536)
def loose_unit_key(name: str) -> str:
    """unit_key with every mark removed: only ever used to suggest a name ('có phải là …?')."""
    return _strip_prefixes(fold(bare_unit_key(name)), _LOOSE_PREFIXES)


_LEADING_NUMBER = re.compile(r"^\s*(?:[0-9]+|[ivxlc]+|[a-z])\s*[.)/-]\s*")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEADING_DIGITS = re.compile(r"^\d+\s+")
_SO = name_key("số") + " "


@lru_cache(maxsize=65536)
def label_key(label: str) -> str:
    """Key of an indicator label (marks kept): no leading '1.' or 'a)', no bracketed units."""
    key = name_key(_BRACKETS.sub(" ", label))
    key = _LEADING_NUMBER.sub("", key)
    # Remove a leading number glued to the label ("1 số đảng viên" → "số đảng viên").
    key = _LEADING_DIGITS.sub("", key).strip()
    # "Số đảng viên được kết nạp" and "Đảng viên được kết nạp" name the same thing.
    return key[len(_SO) :] if key.startswith(_SO) else key


def format_int(value: int) -> str:
    """3274 → '3.274'."""
    if type(value) is int and 0 <= value < 1000:
        return str(value)  # most figures of a unit: no thousands to mark
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


def _shown(ch: str) -> str:
    if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cf", "Cc"):
        return ch
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escaped(text: str) -> str:
    """Text for a message, with characters that show nothing written out ('Bắc\\u200bHà'):
    format characters (zero-width spaces and joiners, direction marks, a byte order mark, a
    soft hyphen) and control characters; tabs and line breaks stay as they are."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_shown(ch) for ch in text)
