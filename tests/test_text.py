"""Vietnamese formatting and name matching."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from dean24.core.text import (
    escaped,
    format_date,
    format_date_line,
    format_int,
    format_percent,
    join_vi,
    label_key,
    name_key,
    unit_key,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (58, "58"),
        (999, "999"),
        (1000, "1.000"),
        (1434, "1.434"),
        (3274, "3.274"),
        (1234567, "1.234.567"),
        (-5, "-5"),
        (-1434, "-1.434"),
        (True, "1"),
    ],
)
def test_format_int_uses_dots_for_thousands(value: int, shown: str) -> None:
    assert format_int(value) == shown


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [(7 / 15, "46,7%"), (15 / 1434, "1%"), (33 / 25, "132%"), (0.53, "53%"), (5 / 1.5, "333,3%")],
)
def test_format_percent_uses_a_decimal_comma(fraction: float, shown: str) -> None:
    assert format_percent(fraction) == shown


def test_dates_and_lists() -> None:
    assert format_date(date(2022, 10, 21)) == "21/10/2022"
    assert format_date_line(date(2024, 7, 17)) == "ngày 17 tháng 7 năm 2024"
    assert join_vi(["A", "B", "C"]) == "A, B và C"
    assert join_vi(["A", "B"]) == "A và B"
    assert join_vi(["A"]) == "A"


@pytest.mark.parametrize(
    "name",
    [
        "Huyện Bắc Hà",
        "Huyện ủy Bắc Hà",
        "Huyện uỷ Bắc Hà",
        "Đảng bộ huyện Bắc Hà",
        "H. Bắc Hà",
        "  BẮC   HÀ ",
        unicodedata.normalize("NFD", "Huyện ủy Bắc Hà"),
    ],
)
def test_unit_names_match_whatever_their_form(name: str) -> None:
    assert unit_key(name) == unit_key("Bắc Hà")


def test_different_units_keep_different_keys() -> None:
    assert unit_key("Thành ủy Lào Cai") == unit_key("TP. Lào Cai")
    assert unit_key("Bảo Yên") != unit_key("Bảo Thắng")
    assert unit_key("Đảng bộ tỉnh Lào Cai") != unit_key("Thành phố Lào Cai")


def test_indicator_labels_ignore_numbering_units_and_case() -> None:
    key = label_key("Số đảng viên được kết nạp")
    assert label_key("1. Số đảng viên được kết nạp (người)") == key
    assert label_key("SỐ ĐẢNG VIÊN ĐƯỢC KẾT NẠP") == key
    assert label_key(unicodedata.normalize("NFD", "Đảng viên được kết nạp")) == key


def test_tone_placement_is_the_same_whichever_way_a_text_is_cut_into_words() -> None:
    """Latin text is cut into words by a pattern, other text letter by letter: one result."""
    from dean24.core.text import _tone_last

    for text in ["Hoà Bình", "thuỷ", "Quận 1, TP. Hồ Chí Minh", "oà-oà", "Xã Ỷ Tý", "hòa"]:
        decomposed = unicodedata.normalize("NFD", text.casefold())
        mixed = _tone_last(decomposed + " Ж")  # a Cyrillic letter: letter by letter
        assert mixed == _tone_last(decomposed) + " Ж"
    assert name_key("Hoà Bình") == name_key("Hòa Bình")
    assert name_key("thuỷ") == name_key("thủy")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Bắc Hà", "Bắc Hà"),
        ("Bắc\u200bHà", "Bắc\\u200bHà"),
        ("\ufeffSa Pa", "\\ufeffSa Pa"),
        ("Sa Pa\u200e", "Sa Pa\\u200e"),
        ("Kế hoạch\x90", "Kế hoạch\\u0090"),
        ("Tổng số\ntrong đó\tnữ", "Tổng số\ntrong đó\tnữ"),
        ("tag\U000e0041", "tag\\U000e0041"),
    ],
)
def test_escaped_writes_out_what_shows_nothing(text: str, shown: str) -> None:
    assert escaped(text) == shown


@pytest.mark.parametrize(
    ("written", "configured"),
    [
        ("P. Cam Đường", "Phường Cam Đường"),
        ("P.Sa Pa", "Phường Sa Pa"),
        ("X. Bảo Hà", "Xã Bảo Hà"),
        ("Xã Bảo Hà (mới)", "Xã Bảo Hà"),
        ("Xã Bảo Yên (huyện Bảo Yên cũ)", "Xã Bảo Yên"),
    ],
)
def test_commune_names_abbreviated_or_with_a_remark_are_the_commune(
    written: str, configured: str
) -> None:
    from dean24.core.text import bare_unit_key, unit_kind

    assert bare_unit_key(written) == bare_unit_key(configured)
    assert unit_kind(written) == unit_kind(configured)
