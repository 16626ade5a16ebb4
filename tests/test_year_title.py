"""A year's summary whose only period words are a title line 'Kết quả năm 2024' is read as the
year 2024 (its 'Lũy kế đến 31/12/2024' then is the cumulative since the programme began)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dean24.commands.cli import app

LABELS = [
    "Số đảng viên được kết nạp",
    "Số tổ chức đảng được thành lập",
    "Số công đoàn cơ sở được thành lập",
    "Số đoàn viên công đoàn được kết nạp",
    "Số tổ chức đoàn thanh niên được thành lập",
    "Số lớp bồi dưỡng nhận thức về Đảng",
    "Số học viên là người lao động trong đơn vị kinh tế tư nhân",
]
UNITS = ["Thành ủy Lào Cai", "Thị ủy Sa Pa", "Huyện ủy Bát Xát"]


def _summary(path: Path, title: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24-ĐA/TU"
    ws["A2"] = title
    ws.cell(4, 1, "TT")
    ws.cell(4, 2, "Tên đơn vị")
    for k, label in enumerate(LABELS):
        ws.cell(4, 3 + 2 * k, label)
        ws.cell(5, 3 + 2 * k, "Năm 2024")
        ws.cell(5, 4 + 2 * k, "Lũy kế đến 31/12/2024")
    for i, unit in enumerate(UNITS):
        ws.cell(6 + i, 1, i + 1)
        ws.cell(6 + i, 2, unit)
        for k in range(7):
            ws.cell(6 + i, 3 + 2 * k, i + k)
            ws.cell(6 + i, 4 + 2 * k, 10 + i + k)
    wb.save(path)


def test_a_title_naming_only_the_year_gives_the_period(runner: CliRunner, in_tmp: Path) -> None:
    _summary(in_tmp / "nam.xlsx", "Kết quả năm 2024")
    result = runner.invoke(app, ["report", "nam.xlsx", "-o", "r.json"])
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "r.json").read_text("utf-8"))
    assert model["period"]["code"] == "2024"
    first = model["indicators"][0]
    assert (first["period_value"], first["cumulative_value"]) == (0 + 1 + 2, 10 + 11 + 12)


def test_a_title_year_that_disagrees_with_the_columns_is_not_guessed(
    runner: CliRunner, in_tmp: Path
) -> None:
    _summary(in_tmp / "nam.xlsx", "Kết quả năm 2023")  # the columns say 2024
    result = runner.invoke(app, ["report", "nam.xlsx", "-o", "r.json"])
    assert result.exit_code == 1
    assert not (in_tmp / "r.json").exists()


def test_without_any_period_the_message_says_the_period_is_missing(
    runner: CliRunner, in_tmp: Path
) -> None:
    _summary(in_tmp / "nam.xlsx", "Kết quả thực hiện Đề án")  # no period anywhere above
    result = runner.invoke(app, ["report", "nam.xlsx", "-o", "r.json"])
    assert result.exit_code == 1
    assert "[column_role_unclear]" in result.stderr
    assert "Biểu không ghi kỳ báo cáo" in result.stderr and "--period" in result.stderr
    retried = runner.invoke(app, ["report", "nam.xlsx", "--period", "2024", "-o", "r.json"])
    assert retried.exit_code == 0, retried.output


def _titled(path: Path, title: str, line: str) -> None:
    from tests.conftest import SMALL, make_summary

    wb_path = make_summary(path, SMALL, period_line=line)
    wb = openpyxl.load_workbook(wb_path)
    ws = wb.active
    assert ws is not None
    ws["A2"] = title
    wb.save(wb_path)


def test_a_year_title_over_a_half_year_line_is_read_by_the_line_and_said(
    runner: CliRunner, in_tmp: Path
) -> None:
    """'BÁO CÁO KẾT QUẢ … NĂM 2024' over 'Kỳ báo cáo: 6 tháng cuối năm 2024': the figures may be
    the year's; the line is followed, and the ambiguity is named."""
    cases = {
        ("BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24 NĂM 2024", "Kỳ báo cáo: 6 tháng cuối năm 2024"): True,
        ("BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24", "Kỳ báo cáo: 6 tháng cuối năm 2024"): False,
        ("BÁO CÁO KẾT QUẢ 6 THÁNG CUỐI NĂM 2024", "Kỳ báo cáo: 6 tháng cuối năm 2024"): False,
        ("BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24 NĂM 2024", "Kỳ báo cáo: năm 2024"): False,
    }
    for n, ((title, line), said) in enumerate(cases.items()):
        _titled(in_tmp / f"t{n}.xlsx", title, line)
        result = runner.invoke(app, ["report", f"t{n}.xlsx", "-o", f"r{n}.json"])
        assert result.exit_code == 0, result.output
        model = json.loads((in_tmp / f"r{n}.json").read_text("utf-8"))
        assert model["period"]["code"] == ("2024" if line.endswith(": năm 2024") else "2024-H2")
        codes = [w["code"] for w in model["warnings"]]
        assert ("period_title_year" in codes) is said, (title, line, codes)
