"""Each target judged over its horizon, with the periods reported in order into one store:
the year to date, the whole year, the phase's last period, after the phase, missing units."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import (
    CODES,
    COMMITTEES,
    districts_for_every_period,
    make_summary,
    make_unit_form,
)

UNITS = ["Thành ủy Lào Cai", "Thị ủy Sa Pa", "Huyện ủy Bát Xát"]
# Every district: a year judged on all the units' reports (a report missing leaves a shortfall
# unproven, see the tests with `units=UNITS`).
ALL = COMMITTEES


class Province:
    """Unit workbooks for successive periods whose cumulative figures follow each other."""

    def __init__(self, tmp: Path, runner: CliRunner, start: int = 0) -> None:
        self.tmp = tmp
        self.runner = runner
        self.store = tmp / "lich_su.sqlite"
        self.cumulative = {unit: [start] * len(CODES) for unit in ALL}
        # The same three units from 2022 to 2027: the horizons, apart from the change of units.
        self.config = districts_for_every_period(tmp / "huyen.toml")

    def report(
        self,
        name: str,
        period_line: str,
        first_unit: list[int],
        *,
        units: list[str] | None = None,
        store: bool = True,
    ) -> tuple[dict[str, Any], str]:
        """The first unit carries the given period figures; the others report zeros."""
        rows = {}
        for i, unit in enumerate(units or ALL):
            values = first_unit if i == 0 else [0] * len(CODES)
            self.cumulative[unit] = [
                c + v for c, v in zip(self.cumulative[unit], values, strict=True)
            ]
            rows[unit] = list(zip(values, self.cumulative[unit], strict=True))
        book = make_summary(self.tmp / f"{name}.xlsx", rows, period_line=period_line)
        args = ["report", str(book), "-o", str(self.tmp / f"{name}.json")]
        args += ["-o", str(self.tmp / f"{name}.md"), "--date", "2026-01-15"]
        args += ["--config", str(self.config)]
        if store:
            args += ["--store", str(self.store)]
        result = self.runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        data = json.loads((self.tmp / f"{name}.json").read_text("utf-8"))
        return data, (self.tmp / f"{name}.md").read_text("utf-8")


def figures(
    ket_nap: int = 0, dang: int = 0, cong_doan: int = 0, doan: int = 0, members: int = 0
) -> list[int]:
    """Period figures of party admissions, party, trade-union and youth-union organisations
    and trade-union members; classes and learners follow the admissions."""
    return [ket_nap, dang, cong_doan, members, doan, ket_nap // 10, ket_nap // 4]


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)


def section(text: str, heading: str) -> str:
    """The text of one '## ' section of the Markdown report."""
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else None]


def test_quarters_are_judged_on_the_year_to_date_in_whole_numbers(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner)
    q1, _ = province.report("q1", "Kỳ báo cáo: quý I năm 2024", figures(ket_nap=10, doan=4))
    # Q1 alone: a quarter of 58 is 15 people (never 14,5), of 3 organisations 1 (never 0,75).
    assert indicator(q1, "ket_nap_dang_vien")["year_to_date"]["target"] == 15
    assert indicator(q1, "to_chuc_doan")["year_to_date"]["target"] == 1
    province.report("q2", "Kỳ báo cáo: quý II năm 2024", figures(ket_nap=12))
    q3, text = province.report("q3", "Kỳ báo cáo: quý III năm 2024", figures(ket_nap=20))
    ket_nap = indicator(q3, "ket_nap_dang_vien")
    assert ket_nap["horizon"] == "year_to_date"
    assert ket_nap["year_to_date"] == {
        "value": 42,
        "target": 44,
        "annual": 58,
        "months": 9,
        "periods": ["2024-Q1", "2024-Q2", "2024-Q3"],
    }
    assert ket_nap["status"] == "behind"
    assert ket_nap["still_needed"] == {"value": 16, "by": "2024-12-31", "horizon": "year"}
    # The youth-union target was met for the whole year in Q1: Q3 alone does not undo it.
    doan = indicator(q3, "to_chuc_doan")
    assert doan["year_to_date"]["value"] == 4 and doan["status"] == "exceeded"
    assert "Lũy kế từ đầu năm 2024, toàn tỉnh kết nạp được 42 đảng viên" in text
    assert "tính đến hết quý III năm 2024 cần ít nhất 44 đảng viên" in text
    assert "Quý IV năm 2024 cần kết nạp thêm ít nhất 16 đảng viên để đạt chỉ tiêu năm" in text
    assert not re.search(r"\d+,\d+ (đảng viên|tổ chức)", text)  # no fractions of people

    q4, text = province.report("q4", "Kỳ báo cáo: quý IV năm 2024", figures(ket_nap=10, doan=1))
    ket_nap = indicator(q4, "ket_nap_dang_vien")
    assert ket_nap["horizon"] == "year" and ket_nap["status"] == "not_met"
    assert ket_nap["year_to_date"]["value"] == 52
    assert ket_nap["still_needed"] is None
    assert "không đạt chỉ tiêu năm, còn thiếu 6 đảng viên" in text
    assert "Cả năm 2024 chỉ kết nạp được 52 đảng viên" in section(text, "## III.")


def test_a_year_end_half_that_beats_half_the_target_does_not_hide_a_missed_year(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(ket_nap=15, doan=1))
    h2, text = province.report(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(ket_nap=32, doan=1)
    )
    ket_nap = indicator(h2, "ket_nap_dang_vien")
    # 32 > 29 (half of 58), but 15 + 32 = 47 < 58: the year is missed.
    assert ket_nap["status"] == "not_met" and ket_nap["horizon"] == "year"
    assert ket_nap["year_to_date"]["periods"] == ["2024-H1", "2024-H2"]
    doan = indicator(h2, "to_chuc_doan")
    assert doan["status"] == "not_met" and doan["year_to_date"]["value"] == 2
    results = section(text, "## II.")
    assert "vượt" not in results.split("32 đảng viên")[1].split("\n")[0]
    assert "Năm 2024, toàn tỉnh kết nạp được 47 đảng viên" in results
    shortcomings = section(text, "## III.")
    assert "không đạt chỉ tiêu năm (58 đảng viên), còn thiếu 11 đảng viên" in shortcomings
    assert "không đạt chỉ tiêu năm (3 tổ chức đoàn thanh niên)" in shortcomings
    assert "| Không đạt chỉ tiêu năm |" in text


def test_h2_without_h1_is_judged_alone_and_says_so_once(runner: CliRunner, tmp_path: Path) -> None:
    province = Province(tmp_path, runner)
    h2, text = province.report(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(ket_nap=32, doan=1)
    )
    ket_nap = indicator(h2, "ket_nap_dang_vien")
    assert ket_nap["horizon"] == "period" and "year_to_date" not in ket_nap
    # H2 ends the year: its yardstick is the whole year's 58, never an invented half-year 29.
    # 32 alone cannot show the year met or missed while H1 is unknown: no verdict.
    assert ket_nap["status"] == "not_judged"
    assert ket_nap["target"]["for_period"] == 58
    warnings = [w for w in h2["warnings"] if w["code"] == "year_to_date_incomplete"]
    assert len(warnings) == 1
    assert "Số đảng viên được kết nạp" in warnings[0]["message"]
    results = section(text, "## II.")
    assert (
        "Báo cáo này tổng hợp số liệu 6 tháng cuối năm 2024, không gồm 6 tháng đầu năm 2024; "
        "kết quả cả năm 2024 so với chỉ tiêu năm được đánh giá khi tổng hợp đủ số liệu của năm."
        in results
    )
    assert "mức của kỳ" not in text and "29 đảng viên" not in text
    assert "không đạt" not in results and "vượt" not in results.split("32 đảng viên")[1]
    shortcomings = section(text, "### 2. Hạn chế")
    assert "không đạt" not in shortcomings and "còn thiếu" not in shortcomings
    assert "| Chưa đủ cơ sở đánh giá cả năm |" in text


def test_a_year_end_period_alone_proves_the_year_when_it_reaches_the_annual_target(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner)
    q4, text = province.report("q4", "Kỳ báo cáo: quý IV năm 2024", figures(ket_nap=60, doan=3))
    ket_nap = indicator(q4, "ket_nap_dang_vien")
    assert ket_nap["status"] == "exceeded" and ket_nap["horizon"] == "period"
    assert indicator(q4, "to_chuc_doan")["status"] == "met"
    assert (
        "Riêng số của quý IV năm 2024 đã vượt chỉ tiêu cả năm (58 đảng viên), như vậy năm 2024 "
        "vượt chỉ tiêu năm." in text
    )
    assert "mức của kỳ" not in text


def test_the_final_year_gives_a_plain_closing_verdict(runner: CliRunner, tmp_path: Path) -> None:
    province = Province(tmp_path, runner)
    # three of the ten districts report every year
    province.report("y2023", "Kỳ báo cáo: năm 2023", figures(60, 4, 10, 3, 800), units=UNITS)
    province.report("y2024", "Kỳ báo cáo: năm 2024", figures(47, 5, 10, 4, 900), units=UNITS)
    y2025, text = province.report(
        "y2025", "Kỳ báo cáo: năm 2025", figures(58, 5, 8, 2, 700), units=UNITS
    )
    statuses = {i["code"]: (i["status"], i["final"]) for i in y2025["indicators"][:5]}
    assert statuses == {
        "ket_nap_dang_vien": ("met", True),
        # 14 of 15, and 2.400 of 2.500, from 3 of the 10 units: the 7 that never reported could
        # make up the rest, so no "not met" on the phase
        "to_chuc_dang": ("not_judged", True),
        "cong_doan": ("met", True),  # 28, within 25 - 30
        "doan_vien_cong_doan": ("not_judged", True),
        # 2 of 3 from the three: the seven silent units could make up the year, no "not met"
        "to_chuc_doan": ("not_judged", True),
    }
    years = indicator(y2025, "ket_nap_dang_vien")["phase_years"]
    assert [(y["year"], y["value"], y["met"]) for y in years] == [
        (2023, 60, True),
        (2024, 47, None),  # short on three units' reports: not judged
        (2025, 58, True),
    ]
    assert "tiến độ thời gian" not in text and "đã qua" not in text
    assert "chưa đạt" not in text.lower()
    assert (
        "Do còn 7/10 đảng bộ chưa gửi báo cáo, chưa đủ cơ sở đánh giá kết quả cả giai đoạn "
        "2022 - 2025 đối với chỉ tiêu này." in text
    )
    assert (
        "Năm 2023 đạt, vượt chỉ tiêu năm; năm 2024 chưa đủ cơ sở đánh giá (47 đảng viên, số liệu "
        "năm 2024 chưa có báo cáo của 7/10 đảng bộ)." in text
    )
    assert "không đạt" not in section(text, "## II.")
    assert "mới đạt" not in text and "mới " + "kết nạp được" not in text


def test_after_the_phase_targets_are_closed_and_new_counts_stand_alone(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner)
    province.report("y2025", "Kỳ báo cáo: năm 2025", figures(58, 14, 28, 3))
    after, text = province.report(
        "h1_2026", "Kỳ báo cáo: 6 tháng đầu năm 2026", figures(9, 2, 1, 1)
    )
    targeted = [i for i in after["indicators"] if i["status"] != "no_target"]
    assert {i["status"] for i in targeted} == {"closed"}
    closing = indicator(after, "to_chuc_dang")["closing"]
    assert closing == {"period": "2025", "value": 14, "status": "not_met"}
    assert "Kết thúc giai đoạn 2022 - 2025, toàn tỉnh đã thành lập được 14 tổ chức đảng" in text
    assert "thành lập được 2 tổ chức đảng" in section(text, "## II.")
    assert "đã qua" not in text and "tiến độ thời gian" not in text
    # The 16 organisations since the start are not judged against the closed phase's 15 as a
    # verdict on the phase; the closing result stands, and the target reached since is credited.
    assert "vượt mục tiêu Đề án (thành lập 15" not in text
    assert "Đã hết giai đoạn" in text
    assert (
        "không đạt mục tiêu Đề án (thành lập 15 tổ chức đảng), còn thiếu 1 tổ chức đảng; đến "
        "hết 6 tháng đầu năm 2026 đã vượt mục tiêu này." in section(text, "## II.")
    )
    assert (
        "Đến hết 6 tháng đầu năm 2026, toàn tỉnh đã thành lập được 16 tổ chức đảng, vượt mục "
        "tiêu Đề án (khi kết thúc giai đoạn 2022 - 2025 đạt 14)." in section(text, "### 1. Ưu điểm")
    )
    assert "chậm so với thời hạn của giai đoạn 2022 - 2025" in section(text, "### 2. Hạn chế")


def test_a_unit_that_did_not_report_keeps_its_last_cumulative_figures(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner, start=5)
    h1, _ = province.report(
        "h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(ket_nap=3), units=UNITS
    )
    before = indicator(h1, "ket_nap_dang_vien")["cumulative_value"]
    h2, text = province.report(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(ket_nap=4), units=UNITS[:2]
    )
    # Bát Xát sent nothing: its H1 cumulative (5) stays in the province's total.
    assert indicator(h2, "ket_nap_dang_vien")["cumulative_value"] == before + 4
    bat_xat = next(u for u in h2["units"] if u["name"] == "Huyện Bát Xát")
    assert bat_xat["reported"] is False and bat_xat["carried_from"] == "2024-H1"
    assert bat_xat["values"]["ket_nap_dang_vien"] == {"period": 0, "cumulative": 5}
    assert "số lũy kế của huyện Bát Xát lấy theo báo cáo 6 tháng đầu năm 2024" in text
    assert "carried_forward" in {w["code"] for w in h2["warnings"]}


def test_a_unit_that_did_not_report_without_history_is_simply_missing(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner, start=5)
    h2, text = province.report(
        "h2",
        "Kỳ báo cáo: 6 tháng cuối năm 2024",
        figures(ket_nap=4),
        units=UNITS[:2],
        store=False,
    )
    assert indicator(h2, "ket_nap_dang_vien")["cumulative_value"] == 5 + 4 + 5
    bat_xat = next(u for u in h2["units"] if u["name"] == "Huyện Bát Xát")
    assert bat_xat == {"name": "Huyện Bát Xát", "reported": False, "values": {}}
    assert "lấy theo báo cáo" not in text


def ytd_form(path: Path, period_line: str, rows: list[tuple[int, int, int]]) -> Path:
    """A unit form with 'Trong kỳ' | 'Lũy kế từ đầu năm' | 'Lũy kế từ khi thực hiện Đề án'."""
    wb = make_unit_form(path, "Huyện ủy Bát Xát", [(p, c) for p, _, c in rows], save=False)
    ws = wb.active
    assert ws is not None
    ws["A3"] = period_line
    ws.insert_cols(5)
    ws["E5"] = "Lũy kế từ đầu năm"
    for i, (_, year, _) in enumerate(rows):
        ws.cell(row=6 + i, column=5, value=year)
    wb.save(path)
    return path


def test_a_year_to_date_column_is_checked_against_the_history(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = tmp_path / "s.sqlite"
    h1 = [(3, 3, 10)] + [(1, 1, 5)] * 6
    # H2: 4 admitted, so the year to date is 3 + 4 = 7, but the form says 9.
    h2 = [(4, 9, 14)] + [(1, 2, 6)] * 6
    for name, line, rows in (
        ("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", h1),
        ("h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", h2),
    ):
        book = ytd_form(tmp_path / f"{name}.xlsx", line, rows)
        out = tmp_path / f"{name}.json"
        result = runner.invoke(app, ["report", str(book), "--store", str(store), "-o", str(out)])
        assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "h2.json").read_text("utf-8"))
    (mismatch,) = [w for w in data["warnings"] if w["code"] == "year_to_date_mismatch"]
    assert mismatch["cell"] == "E6"
    assert "Huyện Bát Xát" in mismatch["message"] and "là 7" in mismatch["message"]
    # The figures used are the period's, never the year-to-date column's.
    assert indicator(data, "ket_nap_dang_vien")["year_to_date"]["value"] == 7


def test_a_quarter_judged_alone_names_the_quarter_missing(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Q1 stored, Q3 reported: the year cannot be judged, and what is missing is Q2 (never
    "6 tháng đầu năm", of which Q1 is known)."""
    province = Province(tmp_path, runner)
    province.report("q1", "Kỳ báo cáo: quý I năm 2024", figures(ket_nap=10))
    q3, text = province.report("q3", "Kỳ báo cáo: quý III năm 2024", figures(ket_nap=5))
    assert indicator(q3, "ket_nap_dang_vien")["status"] == "not_judged"
    assert "không gồm quý II năm 2024; kết quả từ đầu năm 2024 so với chỉ tiêu năm" in text
    assert "6 tháng đầu năm 2024" not in section(text, "## II.")


def test_the_months_missing_before_a_period() -> None:
    from dean24.core.model import PastPeriod
    from dean24.core.periods import parse_code
    from dean24.judging.horizons import missing_months

    def past(*codes: str) -> list[PastPeriod]:
        return [PastPeriod(parse_code(code), {}) for code in codes]

    assert missing_months(2024, 6, past("2024-Q1")) == ((4, 6),)
    assert missing_months(2024, 9, past()) == ((1, 9),)
    assert missing_months(2024, 9, past("2024-Q2")) == ((1, 3), (7, 9))
    assert missing_months(2024, 9, past("2023-Q1", "2024-H1")) == ((7, 9),)
    assert missing_months(2024, 0, past()) == ()


def test_a_phase_end_lacking_units_is_no_closing_verdict_after_the_phase(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The year 2025 from three of the ten districts (14 party organisations): a report after
    the phase from all ten does not take 14 as the phase's closing result, 'không đạt'; the
    seven silent districts could have made up the rest."""
    province = Province(tmp_path, runner)
    province.report("y2025", "Kỳ báo cáo: năm 2025", figures(58, 14, 28, 3), units=UNITS)
    after, text = province.report(
        "h1_2026", "Kỳ báo cáo: 6 tháng đầu năm 2026", figures(9, 0, 1, 1)
    )
    closing = indicator(after, "to_chuc_dang")["closing"]
    assert closing == {"period": "2025", "value": 14, "status": "not_judged"}
    assert "còn thiếu 1 tổ chức đảng" not in text
    assert "chưa đủ cơ sở đánh giá kết quả cả giai đoạn" in section(text, "## II.")
    assert "thành lập tổ chức đảng" not in section(text, "### 2. Hạn chế").split("\n- ")[0]


def test_a_third_quarter_judged_alone_speaks_of_the_year_so_far(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Q3 alone, short of what was due by September for both per-year targets: neither is
    'chưa đủ cơ sở đánh giá cả năm' (the year has a quarter to go), although three quarters of
    3 youth unions round up to the whole 3; a Q3 that already holds the year's 3 says so."""
    province = Province(tmp_path, runner)
    _, text = province.report("q3", "Kỳ báo cáo: quý III năm 2024", figures(ket_nap=5, doan=1))
    assert "Chưa đủ cơ sở đánh giá cả năm" not in text
    assert text.count("| Chưa đủ cơ sở đánh giá tiến độ năm |") == 2
    _, text = province.report(
        "q3b", "Kỳ báo cáo: quý III năm 2024", figures(ket_nap=5, doan=4), store=False
    )
    assert "| Vượt chỉ tiêu năm |" in text
