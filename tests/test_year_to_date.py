"""A form's own year-to-date column ('Lũy kế từ đầu năm', 'Lũy kế 9 tháng', 'Năm 2024'): the
per-year targets are judged on it when the history lacks the year's earlier periods; the
history comes first where it has them, and a form that disagrees with it is said."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import CODES, make_unit_form, only_districts

Q1 = "Kỳ báo cáo: quý I năm 2024"
Q2 = "Kỳ báo cáo: quý II năm 2024"
Q3 = "Kỳ báo cáo: quý III năm 2024"
Q4 = "Kỳ báo cáo: quý IV năm 2024"
NINE_MONTHS = ("Trong quý", "Lũy kế 9 tháng", "Lũy kế từ khi thực hiện Đề án")

# Q3 of Huyện Bát Xát per indicator: (quarter, nine months, since the programme). Admissions:
# 5 in the quarter, 40 in nine months (44 were due: behind); youth-union organisations: 1 in
# the quarter, 3 in nine months (3 were due: met).
Q3_ROWS = [(5, 40, 60), (1, 2, 7), (1, 4, 30), (20, 90, 3000), (1, 3, 16), (1, 3, 17), (2, 9, 28)]


def form(
    path: Path,
    period_line: str,
    rows: list[tuple[int, ...]],
    heads: tuple[str, ...] = NINE_MONTHS,
    unit: str = "Huyện ủy Bát Xát",
) -> Path:
    """A unit form with one column per header (the last is always the cumulative)."""
    wb = make_unit_form(path, unit, [(r[0], r[-1]) for r in rows], save=False)
    ws = wb.active
    assert ws is not None
    ws["A3"] = period_line
    for col, head in enumerate(heads, 4):
        ws.cell(row=5, column=col, value=head)
    for i, row in enumerate(rows):
        for col, value in enumerate(row, 4):
            ws.cell(row=6 + i, column=col, value=value)
    wb.save(path)
    return path


def report(path: Path, tmp: Path, *args: str) -> tuple[dict[str, Any], str]:
    """Report one unit's form, with Huyện Bát Xát the only unit expected (a form of one unit
    among ten leaves a shortfall unproven: see test_year_coverage)."""
    out = tmp / f"{path.stem}.json"
    md = tmp / f"{path.stem}.md"
    config = only_districts(tmp / "bat_xat.toml", ["Huyện Bát Xát"])
    args = ("--config", str(config), *args)
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(out), "-o", str(md), *args])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8")), md.read_text("utf-8")


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)


def codes(data: dict[str, Any]) -> set[str]:
    return {w["code"] for w in data["warnings"]}


def test_q3_form_with_nine_months_and_no_history_is_judged_on_the_nine_months(
    tmp_path: Path,
) -> None:
    data, text = report(form(tmp_path / "q3.xlsx", Q3, Q3_ROWS), tmp_path)
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["horizon"] == "year_to_date"
    assert admitted["year_to_date"] == {
        "value": 40,
        "target": 44,  # 58 a year, three quarters, rounded up
        "annual": 58,
        "months": 9,
        "periods": ["2024-Q3"],
        "from_file": True,
    }
    assert admitted["status"] == "behind"  # not "not_judged": the nine months are known
    assert admitted["still_needed"] == {"value": 18, "by": "2024-12-31", "horizon": "year"}
    youth = indicator(data, "to_chuc_doan")
    assert youth["year_to_date"]["value"] == 3 and youth["status"] == "met"
    # The figures added are the quarter's and the cumulative's, never the nine months'.
    assert admitted["period_value"] == 5 and admitted["cumulative_value"] == 60
    assert "year_to_date_incomplete" not in codes(data)
    (notice,) = [w for w in data["warnings"] if w["code"] == "year_to_date_from_file"]
    assert '"Số đảng viên được kết nạp"' in notice["message"]
    assert "Lũy kế từ đầu năm 2024 (theo số lũy kế từ đầu năm các đơn vị ghi trong biểu)" in text
    assert "kết nạp được 40 đảng viên" in text
    assert "tính đến hết quý III năm 2024 cần ít nhất 44 đảng viên" in text


def test_without_the_column_the_same_quarter_is_not_judged(tmp_path: Path) -> None:
    """The contrast: the quarter alone (5 of 44 due) cannot tell the year."""
    rows = [(p, c) for p, _, c in Q3_ROWS]
    data, _ = report(form(tmp_path / "q3.xlsx", Q3, rows, ("Trong quý", NINE_MONTHS[2])), tmp_path)
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "not_judged" and "year_to_date" not in admitted
    assert "year_to_date_incomplete" in codes(data)


def test_the_history_comes_first_and_a_form_that_disagrees_is_said(tmp_path: Path) -> None:
    """Q1 and Q2 in the store: the year to date is theirs plus Q3's quarter (10 + 12 + 5 =
    27), whatever the form's nine months say (40); the difference is a warning naming both."""
    store = tmp_path / "s.sqlite"
    q1 = [(10, 40), (0, 5), (1, 27), (30, 2890), (1, 13), (1, 15), (3, 22)]
    q2 = [(12, 52), (1, 6), (2, 29), (40, 2980), (1, 15), (1, 16), (4, 26)]
    # Q3: every nine-months figure agrees with the history but the admissions'.
    q3 = [(5, 40, 57), (1, 2, 7), (1, 4, 30), (20, 90, 3000), (1, 3, 16), (1, 3, 17), (2, 9, 28)]
    heads = ("Trong quý", NINE_MONTHS[2])
    report(form(tmp_path / "q1.xlsx", Q1, q1, heads), tmp_path, "--store", str(store))
    report(form(tmp_path / "q2.xlsx", Q2, q2, heads), tmp_path, "--store", str(store))
    data, _ = report(form(tmp_path / "q3.xlsx", Q3, q3), tmp_path, "--store", str(store))
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["year_to_date"] == {
        "value": 27,
        "target": 44,
        "annual": 58,
        "months": 9,
        "periods": ["2024-Q1", "2024-Q2", "2024-Q3"],
    }
    assert admitted["status"] == "behind"
    assert "year_to_date_from_file" not in codes(data)
    (mismatch,) = [w for w in data["warnings"] if w["code"] == "year_to_date_mismatch"]
    assert mismatch["cell"] == "E6"
    message = mismatch["message"]
    assert "biểu ghi lũy kế từ đầu năm 40" in message
    assert "quý I năm 2024 và quý II năm 2024 trong lịch sử (22)" in message
    assert "là 27" in message and "theo lịch sử cộng số trong kỳ" in message


def test_a_store_with_part_of_the_year_leaves_the_forms_year_to_date_in_use(
    tmp_path: Path,
) -> None:
    """Only Q2 in the store: Q1 is missing, so the history cannot give the nine months."""
    store = tmp_path / "s.sqlite"
    q2 = [(12, 55), (1, 6), (2, 29), (40, 2980), (1, 15), (1, 16), (4, 26)]
    heads = ("Trong quý", NINE_MONTHS[2])
    report(form(tmp_path / "q2.xlsx", Q2, q2, heads), tmp_path, "--store", str(store))
    data, _ = report(form(tmp_path / "q3.xlsx", Q3, Q3_ROWS), tmp_path, "--store", str(store))
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["year_to_date"]["value"] == 40
    assert admitted["year_to_date"]["from_file"] is True


def test_one_form_without_the_column_leaves_the_year_unjudged(tmp_path: Path) -> None:
    """Two units, one form with nine months and one without: the province's year to date is
    not known, so the quarter is judged alone (never the one unit's nine months as the
    province's)."""
    folder = tmp_path / "in"
    folder.mkdir()
    form(folder / "bat_xat.xlsx", Q3, Q3_ROWS)
    rows = [(1, 10)] * len(CODES)
    form(folder / "sa_pa.xlsx", Q3, rows, ("Trong quý", NINE_MONTHS[2]), unit="Thị ủy Sa Pa")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "not_judged" and "year_to_date" not in admitted
    assert "year_to_date_incomplete" in codes(data)


def test_a_year_to_date_below_the_quarter_is_not_used(tmp_path: Path) -> None:
    """Nine months (3) below the quarter (5): the column is wrong somewhere, so the year is
    not judged on it, and the cells are named."""
    rows = [(5, 3, 60), *Q3_ROWS[1:]]
    data, _ = report(form(tmp_path / "q3.xlsx", Q3, rows), tmp_path)
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "not_judged" and "year_to_date" not in admitted
    (odd,) = [w for w in data["warnings"] if w["code"] == "year_to_date_inconsistent"]
    assert odd["cell"] == "E6"
    # The other per-year target still has its nine months.
    assert indicator(data, "to_chuc_doan")["year_to_date"]["from_file"] is True


def test_the_whole_year_column_of_a_q4_form_judges_the_year(tmp_path: Path) -> None:
    """'Quý IV | Năm 2024 | Lũy kế …' with no history: the year is judged on 'Năm 2024'."""
    rows = [(5, 50, 70), (1, 2, 7), (1, 4, 30), (20, 90, 3000), (1, 4, 17), (1, 3, 17), (2, 9, 28)]
    heads = ("Quý IV", "Năm 2024", NINE_MONTHS[2])
    data, text = report(form(tmp_path / "q4.xlsx", Q4, rows, heads), tmp_path)
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["horizon"] == "year" and admitted["status"] == "not_met"
    assert admitted["year_to_date"]["value"] == 50 and admitted["year_to_date"]["from_file"]
    assert indicator(data, "to_chuc_doan")["status"] == "exceeded"
    assert "còn thiếu 8 đảng viên" in text
    # every indicator has its year on the form: the report is the year's, its figures said once
    # to come from the forms
    assert "**Kết quả năm 2024 thực hiện Đề án" in text
    assert (
        "Số liệu cả năm 2024 dưới đây tổng hợp theo số cả năm trong báo cáo của các đảng bộ."
        in (text)
    )
    assert "Năm 2024, toàn tỉnh kết nạp được 50 đảng viên" in text
    assert "Riêng quý IV năm 2024, toàn tỉnh kết nạp được 5 đảng viên" in text
    assert "| Quý IV năm 2024 | Cả năm 2024 |" in text


def test_the_forms_year_to_date_is_never_added_as_figures(tmp_path: Path) -> None:
    """The JSON's unit figures are the quarter's and the cumulative's, each at its own cell."""
    data, _ = report(form(tmp_path / "q3.xlsx", Q3, Q3_ROWS), tmp_path)
    (unit,) = [u for u in data["units"] if u["reported"]]
    values = unit["values"]["ket_nap_dang_vien"]
    assert (values["period"], values["cumulative"]) == (5, 60)
    assert values["cells"] == {"period": "D6", "cumulative": "F6"}


def test_a_form_of_one_unit_among_ten_proves_a_year_met_but_no_shortfall(tmp_path: Path) -> None:
    """The same nine-months form with the shipped ten districts: nine sent nothing and could
    only add to the year, so the admissions' shortfall (40 of 44) is not judged, while the
    youth unions' 3 of 3 stand as met."""
    path = form(tmp_path / "q3.xlsx", Q3, Q3_ROWS)
    out, md = tmp_path / "q3.json", tmp_path / "q3.md"
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(out), "-o", str(md)])
    assert result.exit_code == 0, result.output
    data, text = json.loads(out.read_text("utf-8")), md.read_text("utf-8")
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["status"] == "not_judged" and admitted["horizon"] == "year_to_date"
    (lacking,) = admitted["year_to_date"]["incomplete"]
    assert (lacking["period"], lacking["reported"], lacking["expected"]) == ("2024-Q3", 1, 10)
    assert admitted["still_needed"] is None
    assert indicator(data, "to_chuc_doan")["status"] == "met"
    assert "chưa đủ cơ sở đánh giá tiến độ năm" in text
    assert "chưa đạt tiến độ năm" not in text


def test_the_forms_year_stands_for_earlier_periods_a_unit_did_not_report(tmp_path: Path) -> None:
    """Bát Xát reports every quarter of 2024, Sa Pa skips the third; the Q4 forms give each
    unit's whole year ('Năm 2024'): the year is theirs (5 × 4 + 3 × 4 = 32), never the stored
    quarters' 29 that lack Sa Pa's third."""
    config = only_districts(tmp_path / "hai.toml", ["Huyện Bát Xát", "Thị xã Sa Pa"])
    store = tmp_path / "s.sqlite"
    plan = {"Huyện ủy Bát Xát": (5, [1, 2, 3]), "Thị ủy Sa Pa": (3, [1, 2])}
    heads = ("Trong quý", NINE_MONTHS[2])
    for quarter, line in ((1, Q1), (2, Q2), (3, Q3)):
        folder = tmp_path / f"q{quarter}"
        folder.mkdir()
        for unit, (each, quarters) in plan.items():
            if quarter in quarters:
                rows = [(each, each * quarter)] * len(CODES)
                form(folder / f"{each}.xlsx", line, rows, heads, unit=unit)
        report_args = ["report", str(folder), "--config", str(config), "--store", str(store)]
        done = CliRunner().invoke(app, [*report_args, "-o", str(tmp_path / f"q{quarter}.json")])
        assert done.exit_code == 0, done.output
    folder = tmp_path / "q4"
    folder.mkdir()
    for unit, (each, _) in plan.items():
        rows = [(each, each * 4, each * 4)] * len(CODES)
        form(folder / f"{each}.xlsx", Q4, rows, ("Quý IV", "Năm 2024", NINE_MONTHS[2]), unit=unit)
    out, md = tmp_path / "q4.json", tmp_path / "q4.md"
    args = ["report", str(folder), "--config", str(config), "--store", str(store)]
    result = CliRunner().invoke(app, [*args, "-o", str(out), "-o", str(md)])
    assert result.exit_code == 0, result.output
    data, text = json.loads(out.read_text("utf-8")), md.read_text("utf-8")
    admitted = indicator(data, "ket_nap_dang_vien")
    assert admitted["year_to_date"]["value"] == 32 and admitted["year_to_date"]["from_file"]
    assert "Số liệu cả năm 2024 dưới đây tổng hợp theo số cả năm" in text
    assert "Năm 2024, toàn tỉnh kết nạp được 32 đảng viên" in text
    assert "29" not in text.split("## PHỤ LỤC")[0]
