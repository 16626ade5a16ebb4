"""The report on the sample data: golden Markdown, JSON figures and statuses, input forms."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import docx
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SAMPLES

SUMMARY = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
NOTES = SAMPLES / "ghi_chu_6thang_dau_2024.md"


def run_ok(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["report", *args, "--date", "2024-07-17"])
    assert result.exit_code == 0, result.stderr
    return result


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
        "17 lớp bồi dưỡng nhận thức về Đảng, có 28 học viên",
        "Kết nạp mới 15 đảng viên",
        "174 đảng viên",
        "thành lập được 3 tổ chức đảng",
        "7 tổ chức đảng",
        "46,7%",
        "bằng 1% tổng số 1.434 đảng viên",
        "58 đảng viên trở lên",
        "thị xã Sa Pa và các huyện Mường Khương, Si Ma Cai, Bắc Hà, Bảo Yên",
        "ngày 17 tháng 7 năm 2024",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ]:
        assert phrase in text, phrase
    assert "3/5 chỉ tiêu đạt và vượt tiến độ" in text and "2 chỉ tiêu chưa đạt tiến độ" in text


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


def _body(text: str) -> str:
    """The Markdown report from the title to the signature block."""
    return text.split("# BÁO CÁO", 1)[1].split("| **Nơi nhận:**", 1)[0]


def _paragraphs(text: str) -> list[str]:
    """Paragraphs and bullets of the body, headings and placeholders left out."""
    lines = [line.removeprefix("- ") for line in _body(text).splitlines()]
    return [line for line in lines if line and not line.startswith(("#", ">", "**", "|"))]


def test_the_h1_report_reads_as_a_report(runner: CliRunner, in_tmp: Path) -> None:
    run_ok(runner, str(SUMMARY), "-o", "r.md")
    text = (in_tmp / "r.md").read_text("utf-8")
    # No frame opens more than two paragraphs.
    openings = Counter(" ".join(p.split()[:3]) for p in _paragraphs(text))
    assert max(openings.values()) <= 2, openings
    # Indicators grouped as a real report groups them, one overall verdict first.
    results = text.split("## II.")[1].split("## III.")[0]
    assert "### 1. Phát triển đảng viên, tổ chức đảng" in results
    assert "### 2. Xây dựng tổ chức công đoàn, đoàn thanh niên" in results
    # Each group once, by what it is: ahead of time is not reached, nothing counted twice.
    assert (
        "So với mục tiêu Đề án 24, 3/5 chỉ tiêu đạt và vượt tiến độ (thành lập công đoàn cơ sở, "
        "kết nạp đoàn viên công đoàn và thành lập tổ chức đoàn thanh niên) và 2 chỉ tiêu chưa đạt "
        "tiến độ (kết nạp đảng viên và thành lập tổ chức đảng)." in results
    )
    # Strengths before shortcomings; shortcomings name no target already reached.
    assessment = text.split("## III.")[1].split("## IV.")[0]
    assert assessment.index("Ưu điểm") < assessment.index("Hạn chế")
    assert "thành phố Lào Cai dẫn đầu toàn tỉnh" in assessment
    shortcomings = assessment.split("Hạn chế")[1].split("Nguyên nhân")[0]
    for reached in ("công đoàn cơ sở", "đoàn viên công đoàn", "tổ chức đoàn thanh niên"):
        assert reached not in shortcomings, reached
    assert "cần kết nạp thêm ít nhất 43 đảng viên" in shortcomings
    assert "cần thành lập thêm ít nhất 8 tổ chức đảng" in shortcomings
    # Units with nothing on any targeted indicator, and with no party organisation yet.
    assert "2/10 đảng bộ chưa có kết quả ở cả 5 chỉ tiêu của Đề án 24" in shortcomings
    assert "các huyện Mường Khương và Si Ma Cai" in shortcomings
    assert "còn 5 đảng bộ chưa thành lập được tổ chức đảng nào (các huyện Bát Xát" in (shortcomings)


def test_notices_are_word_comments_not_report_text(runner: CliRunner, in_tmp: Path) -> None:
    run_ok(runner, str(SUMMARY), "--period", "2024-H2", "-o", "r.md", "-o", "r.docx")
    text = (in_tmp / "r.md").read_text("utf-8")
    for tool_word in ("dòng lệnh", ".xlsx", "period_mismatch", "--period", "Lưu ý"):
        assert tool_word not in text, tool_word
    assert not re.search(r"ô [A-Z]{1,3}\d", text)
    word = docx.Document(str(in_tmp / "r.docx"))
    comments = list(word.comments)
    assert [c.author for c in comments] == ["dean24", "dean24"]
    assert "[period_mismatch]" in comments[0].text and "dòng lệnh" in comments[0].text
    assert "tong_hop_6thang_dau_2024.xlsx" in comments[0].text
    assert "[year_to_date_incomplete]" in comments[1].text
    body = "\n".join(p.text for p in word.paragraphs)
    assert "dòng lệnh" not in body and "period_mismatch" not in body
    # Each comment sits on the paragraph it concerns: the opening one, the admissions one.
    anchored = [
        "".join(p.itertext()) for p in word.element.body.xpath(".//w:p[w:commentRangeStart]")
    ]
    assert anchored[0].startswith("Thực hiện Đề án số 24-ĐA/TU")
    assert "15 đảng viên" in anchored[1]


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
