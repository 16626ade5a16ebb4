"""Period codes, labels, dates and periods named in free text."""

from __future__ import annotations

from datetime import date

import pytest

from dean24.core.errors import UsageError
from dean24.core.periods import Period, find_period, parse_code


def test_half_year() -> None:
    period = parse_code("2024-H1")
    assert period.label == "6 tháng đầu năm 2024"
    assert (period.start, period.end) == (date(2024, 1, 1), date(2024, 6, 30))
    assert period.next().label == "6 tháng cuối năm 2024"
    assert period.previous().code == "2023-H2"
    assert period.year_before().code == "2023-H1"


def test_quarter_and_year() -> None:
    assert parse_code("2024-Q3").label == "quý III năm 2024"
    assert parse_code("2024-Q4").end == date(2024, 12, 31)
    assert parse_code("2024").label == "năm 2024"
    assert parse_code("2024-q4").next().code == "2025-Q1"


@pytest.mark.parametrize("code", ["2024-H3", "H1", "2024-Q5", "24-H1", ""])
def test_bad_codes_are_usage_errors(code: str) -> None:
    with pytest.raises(UsageError):
        parse_code(code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kỳ báo cáo: 6 tháng đầu năm 2024", "2024-H1"),
        ("BÁO CÁO KẾT QUẢ 6 THÁNG CUỐI NĂM 2023", "2023-H2"),
        ("quý I/2024", "2024-Q1"),
        ("Quý 1/2024", "2024-Q1"),
        ("quý III năm 2024", "2024-Q3"),
        ("Kỳ báo cáo: năm 2024", "2024"),
        ("bao_cao_6thang_dau_2024", "2024-H1"),
    ],
)
def test_periods_named_in_text(text: str, code: str) -> None:
    found = find_period(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    "text",
    [
        "giai đoạn 2022 - 2025, định hướng đến năm 2030",
        "Lào Cai, ngày 17 tháng 7 năm 2024",
        "Đề án số 24-ĐA/TU ngày 21/10/2022",
    ],
)
def test_dates_and_programme_spans_are_not_periods(text: str) -> None:
    assert find_period(text, allow_year=False) is None
    assert find_period(text) is None


def test_period_order() -> None:
    assert Period(2023, "H", 2) < Period(2024, "H", 1)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KẾT QUẢ 6 THÁNG ĐẦU NĂM, PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024", "2024-H1"),
        ("Kết quả quý I, nhiệm vụ trọng tâm quý II năm 2026", "2026-Q1"),
        ("KẾT QUẢ QUÝ III VÀ NHIỆM VỤ QUÝ IV NĂM 2024", "2024-Q3"),
        ("Kết quả 6 tháng cuối năm, phương hướng 6 tháng đầu năm 2025", "2024-H2"),
        ("Kết quả quý IV năm 2024, nhiệm vụ quý I năm 2025", "2024-Q4"),
        ("Kết quả và phương hướng nhiệm vụ 6 tháng cuối năm 2024", None),
    ],
)
def test_a_title_with_the_next_periods_tasks_gives_the_results_period(
    text: str, code: str | None
) -> None:
    found = find_period(text)
    assert (found.code if found is not None else None) == code
