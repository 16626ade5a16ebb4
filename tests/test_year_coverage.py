"""A year's figure summed from stored periods carries their coverage: a period of the year that
lacked a unit's report is said at the figure a shortfall rests on, in the opening of the year's
report and in the JSON (`year_to_date.incomplete`); a level reached stands without it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import CODES, districts_for_every_period, make_summary

DISTRICTS = [
    "Thành phố Lào Cai",
    "Thị xã Sa Pa",
    "Huyện Bát Xát",
    "Huyện Mường Khương",
    "Huyện Si Ma Cai",
    "Huyện Bắc Hà",
    "Huyện Bảo Thắng",
    "Huyện Bảo Yên",
    "Huyện Văn Bàn",
    "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
]
GAP = "số liệu 6 tháng đầu năm 2024 chưa có báo cáo của huyện Si Ma Cai"


class Province:
    """Summaries of the ten districts for successive periods, cumulative figures following on;
    a unit left out of a period sends nothing for it."""

    def __init__(self, tmp: Path, runner: CliRunner) -> None:
        self.tmp, self.runner = tmp, runner
        self.store = tmp / "lich_su.sqlite"
        self.config = districts_for_every_period(tmp / "huyen.toml")
        self.cumulative = {unit: [0] * len(CODES) for unit in DISTRICTS}

    def report(
        self, name: str, line: str, each: list[int], *, without: tuple[str, ...] = ()
    ) -> tuple[dict[str, Any], str]:
        """Every unit but `without` reports `each` (period figures per indicator)."""
        rows = {}
        for unit in DISTRICTS:
            if unit in without:
                continue
            self.cumulative[unit] = [
                c + v for c, v in zip(self.cumulative[unit], each, strict=True)
            ]
            rows[unit] = list(zip(each, self.cumulative[unit], strict=True))
        book = make_summary(self.tmp / f"{name}.xlsx", rows, period_line=line)
        out = self.tmp / name
        args = ["report", str(book), "-o", f"{out}.json", "-o", f"{out}.md"]
        args += ["--date", "2025-01-10", "--config", str(self.config), "--store", str(self.store)]
        result = self.runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return json.loads(Path(f"{out}.json").read_text("utf-8")), Path(f"{out}.md").read_text(
            "utf-8"
        )


def figures(ket_nap: int, doan: int = 0) -> list[int]:
    """Per unit: admissions, youth-union organisations; the other indicators 0 or 1."""
    return [ket_nap, 0, 0, 1, doan, 0, 0]


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)


def paragraph(text: str, start: str) -> str:
    at = text.index(start)
    return text[at : text.index("\n", at)]


def test_a_year_short_of_its_target_says_the_half_year_that_lacked_a_unit(
    runner: CliRunner, tmp_path: Path
) -> None:
    """H1 2024 by 9 of 10 districts (Si Ma Cai, which had sent nothing before, sends its first
    report in H2), H2 by all ten: the year (27 + 30 = 57 admissions against 58) is short by 1
    on the units that reported. Si Ma Cai's missing half could only add to it, and with no
    earlier report its cumulative cannot say what that half brought, so the year is not
    judged, and the verdict names the half year without Si Ma Cai; the youth unions' 2 + 1 org
    per unit exceed the year's 3, which stands as it is."""
    province = Province(tmp_path, runner)
    province.report(
        "h2_2023", "Kỳ báo cáo: 6 tháng cuối năm 2023", figures(2), without=("Huyện Si Ma Cai",)
    )
    province.report(
        "h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3), without=("Huyện Si Ma Cai",)
    )
    data, text = province.report("h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(3, doan=1))
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "not_judged" and admitted["horizon"] == "year"
    assert admitted["percent_of_target"] is None
    assert admitted["year_to_date"]["value"] == 57
    assert admitted["year_to_date"]["incomplete"] == [
        {"period": "2024-H1", "reported": 9, "expected": 10, "missing": ["Huyện Si Ma Cai"]}
    ]
    assert data["schema_version"] == "1.6"
    # the opening: every unit reported this half, not in the first half of the year
    assert f"trên cơ sở báo cáo của 10/10 đảng bộ ({GAP})," in text
    # the verdict says why there is none; no shortfall anywhere
    assert (
        f"do {GAP}, chưa đủ cơ sở đánh giá kết quả cả năm 2024 so với chỉ tiêu năm."
        in paragraph(text, "Năm 2024, theo các báo cáo đã nhận, kết nạp")
    )
    assert "không đạt" not in text and "còn thiếu" not in text
    assert "| Chưa đủ cơ sở đánh giá cả năm |" in text
    assert "kết nạp đảng viên" not in text[text.index("## 2. Hạn chế") :]
    # the youth unions' year (10 in the second half, against 3) is reached: no word of the gap
    youth = paragraph(text, "Năm 2024, theo các báo cáo đã nhận, thành lập được 10 tổ chức đoàn")
    assert "năm 2024 vượt chỉ tiêu năm." in youth
    assert "chưa có báo cáo" not in youth
    assert "incomplete" in indicator(data, "to_chuc_doan")["year_to_date"]
    # Bảng 1's year column says it too
    assert f'Cột "Cả năm 2024": {GAP}. Thời gian' in text
    assert text.count("chưa có báo cáo của huyện Si Ma Cai") == 4  # and once before the results


def test_a_unit_back_after_a_silent_half_brings_its_results_into_the_year(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Si Ma Cai sends nothing for H1 2024 but admits 3 then; its H2 cumulative carries them.
    Its H2 2023 and H2 2024 cumulatives give those 3, so the year is 27 + 3 + 30 = 60
    (exceeded), complete, in the year's own report and in every later one: the phase's years
    at its end say the same, never 'not judged' on a half that lacked the unit."""
    province = Province(tmp_path, runner)
    province.report("h2_2023", "Kỳ báo cáo: 6 tháng cuối năm 2023", figures(2))
    province.report(
        "h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3), without=("Huyện Si Ma Cai",)
    )
    province.cumulative["Huyện Si Ma Cai"][0] += 3  # what its H2 cumulative brings of H1
    data, text = province.report("h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(3))
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "exceeded"
    assert admitted["year_to_date"]["value"] == 60
    assert "incomplete" not in admitted["year_to_date"]
    assert "Năm 2024, toàn tỉnh kết nạp được 60 đảng viên" in text
    province.report("h1_2025", "Kỳ báo cáo: 6 tháng đầu năm 2025", figures(3))
    data, _ = province.report("h2_2025", "Kỳ báo cáo: 6 tháng cuối năm 2025", figures(3))
    (y2024,) = [y for y in indicator(data, "ket_nap_dang_vien")["phase_years"] if y["year"] == 2024]
    assert (y2024["value"], y2024["status"]) == (60, "exceeded")


def test_the_year_to_date_of_a_quarter_says_the_stored_half_without_a_unit(
    runner: CliRunner, tmp_path: Path
) -> None:
    """H1 2024 without Si Ma Cai and nothing earlier (no cumulative to carry): Q3's year to
    date (27 + 10 = 37 against 44) says that its first half lacks Si Ma Cai's report: the
    shortfall is not proven, so no verdict on the year's progress."""
    province = Province(tmp_path, runner)
    province.report(
        "h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3), without=("Huyện Si Ma Cai",)
    )
    data, text = province.report("q3", "Kỳ báo cáo: quý III năm 2024", figures(1))
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "not_judged" and admitted["horizon"] == "year_to_date"
    assert admitted["still_needed"] is None
    assert admitted["year_to_date"]["incomplete"][0]["missing"] == ["Huyện Si Ma Cai"]
    assert (
        "Lũy kế từ đầu năm 2024, theo các báo cáo đã nhận, kết nạp được 37 đảng viên, bằng 2,6% "
        in text
    )
    assert f"cần ít nhất 44 đảng viên. Do {GAP}, chưa đủ cơ sở đánh giá tiến độ năm." in text, (
        paragraph(text, "Kết nạp mới")
    )
    assert "chưa đạt tiến độ năm" not in text
    assert "| Chưa đủ cơ sở đánh giá tiến độ năm |" in text
    # a quarter is not the year's report: the opening says this quarter's coverage alone, and
    # every unit reported this quarter, so it says none
    assert "trên cơ sở báo cáo của" not in text.split("## I.")[0]


def test_a_whole_year_of_every_unit_says_nothing_of_coverage(
    runner: CliRunner, tmp_path: Path
) -> None:
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3))
    data, text = province.report("h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(2))
    assert "incomplete" not in indicator(data, "ket_nap_dang_vien")["year_to_date"]
    assert "năm 2024 không đạt chỉ tiêu năm, còn thiếu 8 đảng viên." in text
    assert "chưa có báo cáo" not in text


def test_after_the_phase_a_closed_year_that_lacked_a_unit_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The phase's last year 2025 (H1 without Si Ma Cai; 27 + 30 = 57) closed short on the units
    that reported: a 2026 report says that year was not judged and names the half year without
    Si Ma Cai, never a shortfall; the year 2026's own admissions are said (20 + 20 = 40)."""
    province = Province(tmp_path, runner)
    province.report(
        "h1_25", "Kỳ báo cáo: 6 tháng đầu năm 2025", figures(3), without=("Huyện Si Ma Cai",)
    )
    province.report("h2_25", "Kỳ báo cáo: 6 tháng cuối năm 2025", figures(3))
    province.report("h1_26", "Kỳ báo cáo: 6 tháng đầu năm 2026", figures(2))
    data, text = province.report("h2_26", "Kỳ báo cáo: 6 tháng cuối năm 2026", figures(2))
    (y2025,) = [y for y in indicator(data, "ket_nap_dang_vien")["phase_years"] if y["year"] == 2025]
    assert y2025["value"] == 57 and y2025["incomplete"][0]["missing"] == ["Huyện Si Ma Cai"]
    assert y2025["status"] == "not_judged" and y2025["met"] is None
    gap = "số liệu 6 tháng đầu năm 2025 chưa có báo cáo của huyện Si Ma Cai"
    results = paragraph(text, "Năm 2026, toàn tỉnh kết nạp")
    assert "Năm 2026, toàn tỉnh kết nạp được 40 đảng viên." in results
    assert (
        f"Năm 2025, toàn tỉnh kết nạp được 57 đảng viên ({gap}), chưa đủ cơ sở đánh giá so với "
        "chỉ tiêu năm (58 đảng viên)." in results
    )
    assert "chưa đủ cơ sở đánh giá (kết nạp đảng viên" in text  # the phase's closing results
    assert "kết nạp đảng viên" not in text[text.index("## 2. Hạn chế") :]
    assert "Năm 2025: 57 (chưa đủ cơ sở đánh giá)" in text  # Bảng 1's closing column


def unit_figures(ket_nap: dict[str, int], dang: dict[str, int]) -> dict[str, list[int]]:
    """Per unit: admissions and party organisations (others 0, one trade-union member)."""
    return {u: [ket_nap.get(u, 0), dang.get(u, 0), 0, 1, 0, 0, 0] for u in DISTRICTS}


class Units(Province):
    """A province whose units report figures of their own."""

    def report_units(
        self, name: str, line: str, each: dict[str, list[int]], *, docx: bool = False
    ) -> tuple[dict[str, Any], str, Path]:
        rows = {}
        for unit, values in each.items():
            self.cumulative[unit] = [
                c + v for c, v in zip(self.cumulative[unit], values, strict=True)
            ]
            rows[unit] = list(zip(values, self.cumulative[unit], strict=True))
        book = make_summary(self.tmp / f"{name}.xlsx", rows, period_line=line)
        out = self.tmp / name
        args = ["report", str(book), "-o", f"{out}.json", "-o", f"{out}.md"]
        args += ["-o", f"{out}.docx"] if docx else []
        args += ["--date", "2025-01-10", "--config", str(self.config), "--store", str(self.store)]
        result = self.runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        text = Path(f"{out}.md").read_text("utf-8")
        return json.loads(Path(f"{out}.json").read_text("utf-8")), text, Path(f"{out}.docx")


def test_a_year_report_from_its_last_half_states_the_units_facts_over_the_year(
    runner: CliRunner, tmp_path: Path
) -> None:
    """H1 2024: Sa Pa and Bắc Hà admit members, Khối CQ-DN sets up a party organisation; H2:
    only Lào Cai admits (12) and sets one up. The year's report says what holds for the year:
    three units admitted members in 2024 (not Lào Cai alone), Lào Cai and Khối set up party
    organisations;
    Bảng 2 gives each unit's year; Lào Cai (12 + 2 = 14 of 18 admissions) holds most of the
    province's count, so it is not said to lead."""
    province = Units(tmp_path, runner)
    khoi = "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
    province.report_units(
        "h1",
        "Kỳ báo cáo: 6 tháng đầu năm 2024",
        unit_figures({"Thành phố Lào Cai": 2, "Thị xã Sa Pa": 2, "Huyện Bắc Hà": 2}, {khoi: 1}),
    )
    data, text, docx = province.report_units(
        "h2",
        "Kỳ báo cáo: 6 tháng cuối năm 2024",
        unit_figures({"Thành phố Lào Cai": 12}, {"Thành phố Lào Cai": 1}),
        docx=True,
    )
    # the JSON keeps the period's own units without a result
    admitted = indicator(data, "ket_nap_dang_vien")
    assert len(admitted["units_without_result"]) == 9
    shortcomings = text[text.index("## 2. Hạn chế") :]
    assert (
        "trong năm 2024 chỉ có thành phố Lào Cai, thị xã Sa Pa và huyện Bắc Hà kết nạp được "
        "đảng viên." in shortcomings
    )
    assert (
        "trong năm 2024 chỉ có thành phố Lào Cai và Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh "
        "thành lập được tổ chức đảng" in shortcomings
    )
    assert "trong 6 tháng cuối năm 2024 chỉ có" not in text
    assert "dẫn đầu" not in text
    assert "**Bảng 2. Kết quả của từng đảng bộ năm 2024**" in text
    assert "| 1 | Thành phố Lào Cai | 14 / 14 | 1 / 1 |" in text
    assert "| 2 | Thị xã Sa Pa | 2 / 2 | 0 / 0 |" in text
    assert "|  | Tổng cộng | 18 / 18 | 2 / 2 |" in text
    assert "*Mỗi ô: số cả năm 2024 / số lũy kế từ khi thực hiện Đề án.*" in text
    from docx import Document

    words = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Kết quả của từng đảng bộ năm 2024" in words


def test_a_year_whose_units_differ_between_its_halves_names_the_last_half(
    runner: CliRunner, tmp_path: Path
) -> None:
    """H1 2024 without Si Ma Cai: the year per unit is not known, so the units' facts name
    the last half ('trong 6 tháng cuối năm 2024'), as does Bảng 2."""
    province = Units(tmp_path, runner)
    first = unit_figures({"Thị xã Sa Pa": 2}, {})
    del first["Huyện Si Ma Cai"]
    province.report_units("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", first)
    _, text, _ = province.report_units(
        "h2",
        "Kỳ báo cáo: 6 tháng cuối năm 2024",
        unit_figures({"Thành phố Lào Cai": 12}, {"Thành phố Lào Cai": 1}),
    )
    assert "Trong 6 tháng cuối năm 2024, chỉ có thành phố Lào Cai kết nạp được đảng viên." in text
    assert "**Bảng 2. Kết quả của từng đảng bộ 6 tháng cuối năm 2024**" in text
    assert "trong năm 2024 chỉ có" not in text


def test_a_lead_is_said_only_with_a_clear_margin(runner: CliRunner, tmp_path: Path) -> None:
    """8 admissions against 7 is no lead; 9 against 5 (of 20) is."""
    province = Units(tmp_path, runner)
    _, text, _ = province.report_units(
        "h1",
        "Kỳ báo cáo: 6 tháng đầu năm 2024",
        unit_figures({"Thành phố Lào Cai": 8, "Huyện Bảo Thắng": 7, "Huyện Bắc Hà": 5}, {}),
    )
    assert "dẫn đầu" not in text
    (tmp_path / "b").mkdir()
    province = Units(tmp_path / "b", runner)
    _, text, _ = province.report_units(
        "h1",
        "Kỳ báo cáo: 6 tháng đầu năm 2024",
        unit_figures(
            {"Thành phố Lào Cai": 9, "Huyện Bảo Thắng": 5, "Huyện Bắc Hà": 4, "Huyện Văn Bàn": 2},
            {},
        ),
    )
    assert (
        "Trong kỳ, thành phố Lào Cai dẫn đầu toàn tỉnh về kết nạp đảng viên (9 đảng viên)." in text
    )


def test_a_year_given_as_one_period_names_the_year_not_the_period(
    runner: CliRunner, tmp_path: Path
) -> None:
    """'Kỳ báo cáo: năm 2024': the units' facts and the lead speak of 'năm 2024', never 'kỳ'."""
    province = Units(tmp_path, runner)
    _, text, _ = province.report_units(
        "nam",
        "Kỳ báo cáo: năm 2024",
        unit_figures(
            {"Thành phố Lào Cai": 9, "Huyện Bảo Thắng": 5, "Huyện Bắc Hà": 4, "Huyện Văn Bàn": 2},
            {"Huyện Bắc Hà": 1},
        ),
    )
    assert "Trong năm 2024, thành phố Lào Cai dẫn đầu toàn tỉnh về kết nạp đảng viên" in text
    assert "trong năm 2024 chỉ có huyện Bắc Hà thành lập được tổ chức đảng" in text
    assert "trong kỳ" not in text.lower().split("## phụ lục")[0]


def test_a_unit_back_after_a_missed_half_year_brings_its_results_in_its_cumulative(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Si Ma Cai sent nothing for H2 2024 but admitted 2 members and set up a youth-union
    organisation then: its H1 2025 cumulative holds them, and the report says so once, so
    that the province's cumulative adds up from the last report's."""
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3))
    before, _ = province.report(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(3), without=("Huyện Si Ma Cai",)
    )
    unreported = [2, 0, 0, 0, 1, 0, 3]  # what Si Ma Cai did in H2 2024: 3 learners, no class
    province.cumulative["Huyện Si Ma Cai"] = [
        c + v for c, v in zip(province.cumulative["Huyện Si Ma Cai"], unreported, strict=True)
    ]
    data, text = province.report("h1_25", "Kỳ báo cáo: 6 tháng đầu năm 2025", figures(1))
    assert data["late"] == [
        {
            "unit": "Huyện Si Ma Cai",
            "last_report": "2024-H1",
            "months": [{"year": 2024, "from": 7, "to": 12}],
            "values": {"ket_nap_dang_vien": 2, "to_chuc_doan": 1, "hoc_vien": 3},
        }
    ]
    admitted = indicator(data, "ket_nap_dang_vien")
    # 57 before (Si Ma Cai's H1 figure carried), 10 this half, 2 brought late
    assert indicator(before, "ket_nap_dang_vien")["cumulative_value"] == 57
    assert admitted["cumulative_value"] == 57 + 10 + 2
    assert (
        "Số lũy kế từ khi thực hiện Đề án 24 dưới đây có tính thêm kết quả 6 tháng cuối năm "
        "2024 của huyện Si Ma Cai (đơn vị chưa báo cáo kỳ đó): 2 đảng viên, 1 tổ chức đoàn "
        "thanh niên, 3 học viên." in text
    )
    assert "continuity_break" not in {w["code"] for w in data["warnings"]}
    from jsonschema import Draft202012Validator

    from dean24.render.contract import report_schema

    assert not list(Draft202012Validator(report_schema()).iter_errors(data))


def test_many_units_back_after_a_missed_half_are_summed_once_and_listed_in_the_appendix(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Six districts sent nothing for H2 2024 and each admitted 2 members then: more than a
    handful, so the report says once what they brought together and names them in the
    appendix, never six sentences in a row."""
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3))
    silent = tuple(DISTRICTS[:6])
    province.report("h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(3), without=silent)
    for unit in silent:
        province.cumulative[unit][0] += 2
    data, text = province.report("h1_25", "Kỳ báo cáo: 6 tháng đầu năm 2025", figures(1))
    assert len(data["late"]) == 6
    assert (
        "Số lũy kế từ khi thực hiện Đề án 24 dưới đây có tính thêm kết quả các tháng chưa báo cáo "
        "trước kỳ này của 6 đảng bộ (chi tiết tại Phụ lục, Bảng 3), tổng cộng 12 đảng viên." in text
    )
    assert "(đơn vị chưa báo cáo kỳ đó)" not in text
    row = next(
        line
        for line in text.splitlines()
        if "có tính thêm kết quả các tháng" in line and line.startswith("|")
    )
    assert "| 6 |" in row and "Sa Pa" in row and "Bát Xát" in row


def test_the_months_a_unit_missed_are_told_per_year() -> None:
    from datetime import date

    from dean24.judging.comparisons import _months

    assert _months(date(2024, 7, 1), date(2025, 1, 1)) == ((2024, 7, 12),)
    assert _months(date(2024, 7, 1), date(2025, 4, 1)) == ((2024, 7, 12), (2025, 1, 3))
    assert _months(date(2024, 4, 1), date(2024, 10, 1)) == ((2024, 4, 9),)


def test_a_year_report_compares_the_year_with_the_year_before(
    runner: CliRunner, tmp_path: Path
) -> None:
    """2024 in two halves by every unit (30 + 20 admissions), then 2025: its last half's
    report says the whole year against 2024, and so does a report of the year 2025 as one
    period; a 2024 that lacked a unit's report is no yardstick."""
    province = Province(tmp_path, runner)
    province.report("h1_24", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3, doan=1))
    province.report("h2_24", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(2))
    province.report("h1_25", "Kỳ báo cáo: 6 tháng đầu năm 2025", figures(4))
    _, text = province.report("h2_25", "Kỳ báo cáo: 6 tháng cuối năm 2025", figures(4, doan=1))
    assert (
        "Năm 2025, toàn tỉnh kết nạp được 80 đảng viên, tăng 30 đảng viên so với năm 2024 "
        "(50)" in text
    )
    youth = "Năm 2025, toàn tỉnh thành lập được 10 tổ chức đoàn thanh niên trong các đơn vị "
    youth += "kinh tế tư nhân, bằng năm 2024 (10)"
    assert youth in text
    # the year as one period, in a store of its own holding 2024's halves
    (tmp_path / "nam").mkdir()
    alone = Province(tmp_path / "nam", runner)
    alone.report("h1_24", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3, doan=1))
    alone.report("h2_24", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(2))
    _, text = alone.report("y25", "Kỳ báo cáo: năm 2025", figures(8, doan=1))
    assert "Kết nạp mới 80 đảng viên, tăng 30 đảng viên so với năm 2024 (50)" in text
    # 2024's first half without Si Ma Cai: the year 2024 is partial, no comparison with it
    (tmp_path / "thieu").mkdir()
    gap = Province(tmp_path / "thieu", runner)
    gap.report(
        "h1_24", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3), without=("Huyện Si Ma Cai",)
    )
    gap.report("h2_24", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(2))
    _, text = gap.report("y25", "Kỳ báo cáo: năm 2025", figures(8))
    assert "so với năm 2024" not in text


def test_a_half_year_after_its_own_first_quarter_raises_no_continuity_warning(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Q1 2024 stored, then H1 2024: the unit's last report lies inside this period, so its
    cumulative is not its Q1 cumulative plus the half year's figure (which holds Q1 again)."""
    province = Province(tmp_path, runner)
    province.report("q1", "Kỳ báo cáo: quý I năm 2024", figures(3))
    for unit in DISTRICTS:  # H1's cumulative is the start's plus the half year, not Q1's plus it
        province.cumulative[unit] = [
            c - v for c, v in zip(province.cumulative[unit], figures(3), strict=True)
        ]
    data, _ = province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(5))
    assert "continuity_break" not in {w["code"] for w in data["warnings"]}
    assert indicator(data, "ket_nap_dang_vien")["cumulative_value"] == 50


def test_a_range_met_on_the_units_that_reported_is_said_as_at_least_met(
    runner: CliRunner, tmp_path: Path
) -> None:
    """At the phase's end 9 of 10 districts report: their 27 trade unions and Văn Bàn's carried
    2 make 29, within 25 - 30. What Văn Bàn did in the half could carry the province above 30,
    so 'met' is said as met on the units that reported, perhaps exceeded (`at_least`)."""
    province = Province(tmp_path, runner)
    province.report("h1_2025", "Kỳ báo cáo: 6 tháng đầu năm 2025", [6, 0, 2, 0, 0, 0, 0])
    data, text = province.report(
        "h2_2025",
        "Kỳ báo cáo: 6 tháng cuối năm 2025",
        [6, 0, 1, 0, 0, 0, 0],
        without=("Huyện Văn Bàn",),
    )
    unions = indicator(data, "cong_doan")
    assert (unions["cumulative_value"], unions["status"], unions["final"]) == (29, "met", True)
    assert unions["at_least"] is True
    assert "| Ít nhất đạt mục tiêu |" in text  # Bảng 1 says so too
    assert "thành lập công đoàn cơ sở ít nhất đạt mục tiêu" in text  # and the strengths
    assert "at_least" not in indicator(data, "ket_nap_dang_vien")
    said = paragraph(text, "Riêng 6 tháng cuối năm 2025, các đảng bộ đã báo cáo thành lập được 9")
    assert (
        "kết quả này đã đạt mục tiêu Đề án (thành lập từ 25 - 30 công đoàn cơ sở) theo báo cáo "
        "của 9/10 đảng bộ; kết quả của 1 đảng bộ chưa gửi báo cáo có thể đưa số này vượt mức cao "
        "nhất (30 công đoàn cơ sở)." in said
    ), said


def test_a_per_year_target_missed_in_one_year_closes_the_phase_with_that_year(
    runner: CliRunner, tmp_path: Path
) -> None:
    """2024 exceeded both per-year targets (60 admissions, 10 youth unions), 2025 missed them:
    the phase's closing names the year missed beside those targets, never a bare 'không đạt'
    that reads as failed throughout, and the same after the phase."""
    province = Province(tmp_path, runner)
    province.report("h1_2024", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3, doan=1))
    province.report("h2_2024", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(3))
    province.report("h1_2025", "Kỳ báo cáo: 6 tháng đầu năm 2025", figures(2))
    _, text = province.report("h2_2025", "Kỳ báo cáo: 6 tháng cuối năm 2025", figures(2))
    said = "kết nạp đảng viên và thành lập tổ chức đoàn thanh niên: năm 2025 không đạt chỉ tiêu năm"
    assert said in paragraph(text, "Từ khi thực hiện Đề án 24 đến hết giai đoạn")
    _, after = province.report("h1_2026", "Kỳ báo cáo: 6 tháng đầu năm 2026", figures(2))
    assert said in paragraph(after, "Giai đoạn 2022 - 2025 đã kết thúc với")


def test_a_period_run_again_with_fewer_units_says_what_it_drops(
    runner: CliRunner, tmp_path: Path
) -> None:
    """H1 stored from the ten districts, then run again with the two late ones alone: the run
    replaces the stored period, so it warns that the other eight are no longer in it."""
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3))
    data, _ = province.report("h1_lai", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3))
    assert "period_replaced_fewer_units" not in {w["code"] for w in data["warnings"]}
    late = ("Huyện Si Ma Cai", "Huyện Văn Bàn")
    data, _ = province.report(
        "h1_muon",
        "Kỳ báo cáo: 6 tháng đầu năm 2024",
        figures(3),
        without=tuple(u for u in DISTRICTS if u not in late),
    )
    (warning,) = [w for w in data["warnings"] if w["code"] == "period_replaced_fewer_units"]
    assert warning["message"].startswith(
        "Lịch sử đã lưu 6 tháng đầu năm 2024 với báo cáo của 10 đơn vị; lần lập báo cáo này thay "
        "bản lưu đó mà không có báo cáo của 8 đơn vị (Thành phố Lào Cai, Thị xã Sa Pa,"
    )


def test_nothing_set_up_is_said_of_the_units_that_reported_when_some_did_not(
    runner: CliRunner, tmp_path: Path
) -> None:
    """No youth union this half from the nine districts that reported: Văn Bàn, silent, may
    have set one up, so 'chưa … nào' is said of the units that reported, never of the province
    or without a subject."""
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3, doan=1))
    _, text = province.report(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(3), without=("Huyện Văn Bàn",)
    )
    body = text.split("## III.")[0]
    said = [s for s in re.split(r"(?<=[.;])\s", body) if "tổ chức đoàn thanh niên nào" in s]
    assert said, body
    for sentence in said:
        assert "các đảng bộ đã báo cáo chưa" in sentence.lower(), sentence


def test_a_year_below_a_stored_half_of_it_is_named(runner: CliRunner, tmp_path: Path) -> None:
    """The store holds H1 2024 with 30 admissions; the year 2024 then comes as one period with
    20: both cannot be the province's year, so the warning names both figures."""
    province = Province(tmp_path, runner)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(3))
    data, _ = province.report("nam", "Kỳ báo cáo: năm 2024", figures(2))
    (warning,) = [w for w in data["warnings"] if w["code"] == "year_below_stored"]
    assert warning["message"].startswith(
        "Số liệu năm 2024 nhỏ hơn số liệu 6 tháng đầu năm 2024 đã lưu trong lịch sử "
        '("Số đảng viên được kết nạp": 20 so với 30'
    ), warning["message"]
    data, _ = province.report("nam_lai", "Kỳ báo cáo: năm 2024", figures(4))
    assert "year_below_stored" not in {w["code"] for w in data["warnings"]}


def test_after_the_phase_a_per_year_target_with_no_year_known_is_not_left_out(
    runner: CliRunner, tmp_path: Path
) -> None:
    """H1 2026 with a store holding only H2 2025: neither year of the phase is known for the
    per-year targets, so the phase's closing counts them as not judged, never silently drops
    them beside the whole-phase targets."""
    province = Province(tmp_path, runner)
    province.report("h2_2025", "Kỳ báo cáo: 6 tháng cuối năm 2025", figures(3))
    _, text = province.report("h1_2026", "Kỳ báo cáo: 6 tháng đầu năm 2026", figures(3))
    closing = paragraph(text, "Giai đoạn 2022 - 2025 đã kết thúc với")
    assert (
        "chỉ tiêu chưa đủ cơ sở đánh giá (kết nạp đảng viên và thành lập tổ chức đoàn thanh niên)"
        in closing
    ), closing
