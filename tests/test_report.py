"""The report on the sample data: golden Markdown, JSON figures and statuses, input forms."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dean24.cli import app
from tests.conftest import SAMPLES

GOLDEN = Path(__file__).parent / "golden"
SUMMARY = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
NOTES = SAMPLES / "ghi_chu_6thang_dau_2024.md"


def run_ok(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["report", *args, "--date", "2024-07-17"])
    assert result.exit_code == 0, result.stderr
    return result


def check_golden(case: str, name: str, actual: str) -> None:
    path = GOLDEN / case / name
    if os.environ.get("DEAN24_UPDATE_GOLDEN"):
        path.write_text(actual, "utf-8")
    expected = path.read_text("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"{case}/{name} (expected)",
                "actual",
            )
        )
        pytest.fail(f"Markdown differs from the golden file:\n{diff}")


@pytest.mark.parametrize("with_notes", [False, True], ids=["placeholders", "notes"])
def test_golden_markdown(runner: CliRunner, in_tmp: Path, with_notes: bool) -> None:
    args = [str(SUMMARY), "-o", "bao_cao.md"] + (["--notes", str(NOTES)] if with_notes else [])
    run_ok(runner, *args)
    text = (in_tmp / "bao_cao.md").read_text("utf-8")
    check_golden("h1_2024", "with_notes.md" if with_notes else "expected.md", text)


def test_markdown_states_every_figure_of_the_h1_2024_report(
    runner: CliRunner, in_tmp: Path
) -> None:
    run_ok(runner, str(SUMMARY), "-o", "r.md")
    text = (in_tmp / "r.md").read_text("utf-8")
    for phrase in [
        "33 công đoàn cơ sở",
        "25 - 30 công đoàn cơ sở",
        "3.274 đoàn viên công đoàn",
        "2.500 - 3.000 đoàn viên",
        "16 tổ chức đoàn thanh niên",
        "mỗi năm thành lập được 3 tổ chức đoàn",
        "17 lớp bồi dưỡng nhận thức về Đảng, trong đó có 28 học viên",
        "kết nạp được 15 đảng viên",
        "174 đảng viên",
        "thành lập được 3 tổ chức đảng",
        "7 tổ chức đảng",
        "46,7%",
        "bằng 1% tổng số 1.434 đảng viên",
        "58 đảng viên trở lên",
        "Sa Pa, Mường Khương, Si Ma Cai, Bắc Hà và Bảo Yên",
        "ngày 17 tháng 7 năm 2024",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ]:
        assert phrase in text, phrase
    assert "2 chỉ tiêu vượt mục tiêu" in text and "1 chỉ tiêu vượt mục tiêu năm" in text


def test_json_figures_and_statuses(runner: CliRunner, in_tmp: Path) -> None:
    run_ok(runner, str(SUMMARY), "-o", "r.json")
    data = json.loads((in_tmp / "r.json").read_text("utf-8"))
    assert data["period"] == {
        "code": "2024-H1",
        "label": "6 tháng đầu năm 2024",
        "start": "2024-01-01",
        "end": "2024-06-30",
    }
    got = {
        i["code"]: (i["period_value"], i["cumulative_value"], i["status"])
        for i in data["indicators"]
    }
    assert got == {
        "ket_nap_dang_vien": (15, 174, "behind"),
        "to_chuc_dang": (3, 7, "behind"),
        "cong_doan": (6, 33, "exceeded"),
        "doan_vien_cong_doan": (1204, 3274, "exceeded"),
        "to_chuc_doan": (5, 16, "exceeded"),
        "lop_boi_duong": (17, 45, "no_target"),
        "hoc_vien": (28, 71, "no_target"),
    }
    ket_nap = data["indicators"][0]
    assert ket_nap["units_without_result"] == [
        "Thị xã Sa Pa",
        "Huyện Mường Khương",
        "Huyện Si Ma Cai",
        "Huyện Bắc Hà",
        "Huyện Bảo Yên",
    ]
    assert ket_nap["target"]["annual"] == 58
    assert ket_nap["target"]["for_period"] == 29
    assert data["indicators"][1]["percent_of_target"] == 46.7
    assert len(data["units"]) == 10 and all(u["reported"] for u in data["units"])
    bac_ha = next(u for u in data["units"] if u["name"] == "Huyện Bắc Hà")
    assert set(bac_ha["values"]) == {i["code"] for i in data["indicators"]}
    # Every figure says where it was read.
    assert bac_ha["values"]["cong_doan"]["period"] == 0
    assert bac_ha["source"] == {"file": str(SUMMARY), "sheet": "Tổng hợp"}
    assert bac_ha["values"]["cong_doan"]["cells"] == {"period": "G14", "cumulative": "H14"}
    assert data["warnings"] == []


def _figures(path: Path) -> dict[str, Any]:
    """The JSON without what names the input: sources and the cells of each figure."""
    data = json.loads(path.read_text("utf-8"))
    data.pop("sources")
    for unit in data["units"]:
        unit.pop("source")
        for value in unit["values"].values():
            value.pop("cells")
    return data


def test_summary_folder_and_sheet_per_unit_give_identical_json(
    runner: CliRunner, in_tmp: Path
) -> None:
    run_ok(runner, str(SUMMARY), "-o", "a.json")
    run_ok(runner, str(SAMPLES / "don_vi_6thang_dau_2024"), "-o", "b.json")
    run_ok(runner, str(SAMPLES / "theo_don_vi_6thang_dau_2024.xlsx"), "-o", "c.json")
    a, b, c = (_figures(in_tmp / f"{x}.json") for x in "abc")
    assert a == b == c


def test_default_output_is_named_after_the_input(runner: CliRunner, in_tmp: Path) -> None:
    result = run_ok(runner, str(SUMMARY))
    assert (in_tmp / "tong_hop_6thang_dau_2024.md").is_file()
    assert (in_tmp / "tong_hop_6thang_dau_2024.docx").is_file()
    assert "Đã ghi: tong_hop_6thang_dau_2024.md" in result.stderr


def test_dash_prints_markdown_on_stdout_and_the_summary_on_stderr(
    runner: CliRunner, in_tmp: Path
) -> None:
    result = run_ok(runner, str(SUMMARY), "-o", "-")
    assert result.stdout.startswith("| ĐẢNG BỘ TỈNH LÀO CAI |")
    assert "Chậm tiến độ" in result.stderr
    assert "Chậm tiến độ" not in result.stdout.split("PHỤ LỤC")[0]
    assert list(in_tmp.iterdir()) == []


def test_period_on_the_command_line_wins_with_a_warning(runner: CliRunner, in_tmp: Path) -> None:
    result = run_ok(runner, str(SUMMARY), "--period", "2024-H2", "-o", "r.json")
    data = json.loads((in_tmp / "r.json").read_text("utf-8"))
    assert data["period"]["code"] == "2024-H2"
    # H2 without H1 in a history: the per-year targets are judged on the half alone, said once.
    assert [w["code"] for w in data["warnings"]] == ["period_mismatch", "year_to_date_incomplete"]
    assert "6 tháng đầu năm 2024" in result.stderr and "period_mismatch" in result.stderr


def test_notes_fill_the_qualitative_sections(runner: CliRunner, in_tmp: Path) -> None:
    run_ok(runner, str(SUMMARY), "--notes", str(NOTES), "-o", "r.md")
    text = (in_tmp / "r.md").read_text("utf-8")
    assert "CẦN BỔ SUNG" not in text
