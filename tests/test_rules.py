"""The programme's own rules from the configuration: breaches per unit and for the province,
with their cells, as errors or warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.programme.config import default_config_text
from tests.conftest import SMALL, make_summary

RULE = """
[[rules]]
left = "hoc_vien"
operator = ">="
right = "lop_boi_duong"
when = "lop_boi_duong"
importance = "{importance}"
instruction = "Có lớp bồi dưỡng thì phải có học viên; kiểm tra lại hai ô này."
"""


def _config(tmp_path: Path, importance: str = "warning", extra: str = "") -> Path:
    path = tmp_path / "cau_hinh.toml"
    path.write_text(default_config_text() + RULE.format(importance=importance) + extra, "utf-8")
    return path


def _rows() -> dict[str, list[tuple[int, int]]]:
    rows = {name: list(values) for name, values in SMALL.items()}
    # Sa Pa held 2 classes with 0 learners in the period (cumulative still ≥ period).
    rows["Thị ủy Sa Pa"][6] = (0, 5)
    return rows


def test_a_rule_breach_is_a_warning_with_its_cells(runner: CliRunner, tmp_path: Path) -> None:
    source = make_summary(tmp_path / "tong_hop.xlsx", _rows())
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["report", str(source), "-o", str(out), "--config", str(_config(tmp_path))]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    breaches = [w for w in data["warnings"] if w["code"] == "rule_breach"]
    assert len(breaches) == 1, breaches
    breach = breaches[0]
    # Row 8 is Sa Pa; học viên is the seventh indicator (O, P), lớp bồi dưỡng the sixth (M, N).
    assert (breach["sheet"], breach["cell"]) == ("Tổng hợp", "O8")
    assert breach["message"] == (
        'Thị xã Sa Pa: "Số học viên là người lao động trong đơn vị kinh tế tư nhân" trong kỳ '
        'là 0 (ô O8), "Số lớp bồi dưỡng nhận thức về Đảng" trong kỳ là 2 (ô M8); quy tắc của '
        'chương trình: "Số học viên là người lao động trong đơn vị kinh tế tư nhân" không nhỏ '
        'hơn "Số lớp bồi dưỡng nhận thức về Đảng" khi "Số lớp bồi dưỡng nhận thức về Đảng" '
        "trong kỳ lớn hơn 0. Có lớp bồi dưỡng thì phải có học viên; kiểm tra lại hai ô này."
    )
    assert data["open_problem_units"] == ["Thị xã Sa Pa"]


def test_a_rule_of_importance_error_stops_the_report(runner: CliRunner, tmp_path: Path) -> None:
    source = make_summary(tmp_path / "tong_hop.xlsx", _rows())
    out = tmp_path / "r.json"
    result = runner.invoke(
        app,
        ["report", str(source), "-o", str(out), "--config", str(_config(tmp_path, "error"))],
    )
    assert result.exit_code == 1
    assert "[rule_breach]" in result.stderr and "ô O8" in result.stderr
    assert not out.exists()


def test_no_breach_no_problem_and_the_province_is_checked(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = make_summary(tmp_path / "tong_hop.xlsx")
    out = tmp_path / "r.json"
    # Each unit admitted at most 5 in the period (5, 0, 1); the province's total (6) did not.
    extra = """
[[rules]]
left = "ket_nap_dang_vien"
operator = "<="
right = 5
importance = "warning"
instruction = "Kiểm tra lại số kết nạp."
"""
    config = tmp_path / "c.toml"
    config.write_text(default_config_text() + extra, "utf-8")
    result = runner.invoke(app, ["report", str(source), "-o", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.stderr
    breaches = [
        w for w in json.loads(out.read_text("utf-8"))["warnings"] if w["code"] == "rule_breach"
    ]
    assert [(b["cell"], b["message"]) for b in breaches] == [
        (
            "",
            'Tổng các đơn vị: "Số đảng viên được kết nạp" trong kỳ là 6; quy tắc của chương '
            'trình: "Số đảng viên được kết nạp" không lớn hơn 5. Kiểm tra lại số kết nạp.',
        )
    ]
    # The same rule over a single unit's file: that unit's own figure is judged.
    alone = make_summary(tmp_path / "mot.xlsx", {"Thành ủy Lào Cai": SMALL["Thành ủy Lào Cai"]})
    result = runner.invoke(
        app, ["report", str(alone), "-o", str(tmp_path / "m.json"), "--config", str(config)]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "m.json").read_text("utf-8"))
    assert not [w for w in data["warnings"] if w["code"] == "rule_breach"]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('left = "khong_co"', "left"),
        ('operator = "=>"', "operator"),
        ('importance = "fatal"', "importance"),
    ],
)
def test_a_bad_rule_is_a_configuration_error(
    runner: CliRunner, tmp_path: Path, line: str, key: str
) -> None:
    rule = RULE.format(importance="warning")
    field = line.split(" = ")[0]
    rule = "\n".join(line if row.startswith(f"{field} =") else row for row in rule.splitlines())
    config = tmp_path / "c.toml"
    config.write_text(default_config_text() + rule, "utf-8")
    result = runner.invoke(app, ["config", "show", "--config", str(config)])
    assert result.exit_code == 2
    assert key in result.stderr
