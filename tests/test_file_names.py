"""A unit form in a file named for another unit is read as the form says, with a warning; a
file name that names no unit, or the form's own unit, says nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import make_unit_form

FIGURES = [(1, 3)] * 7
H2_25 = "Kỳ báo cáo: 6 tháng cuối năm 2025"


def _warnings(runner: CliRunner, folder: Path, out: Path) -> list[dict[str, str]]:
    result = runner.invoke(app, ["report", str(folder), "-o", str(out), "--date", "2026-01-10"])
    assert result.exit_code == 0, result.output
    model = json.loads(out.read_text("utf-8"))
    assert {u["name"] for u in model["units"] if u["reported"]} == {"Xã Bảo Yên"}
    return [w for w in model["warnings"] if w["code"] == "file_name_other_unit"]


def test_a_form_in_a_file_named_for_another_unit_is_said(runner: CliRunner, in_tmp: Path) -> None:
    folder = in_tmp / "hop_thu"
    folder.mkdir()
    make_unit_form(folder / "Xã Bảo Hà.xlsx", "Đảng bộ xã Bảo Yên", FIGURES, period_line=H2_25)
    (said,) = _warnings(runner, folder, in_tmp / "r.json")
    assert "Xã Bảo Hà.xlsx" in said["message"] and "Xã Bảo Yên" in said["message"]
    assert said["file"].endswith("Xã Bảo Hà.xlsx")


@pytest.mark.parametrize(
    "name",
    [
        "Xã Bảo Yên.xlsx",  # its own unit
        "Bảo Yên.xlsx",  # the district of that name too, but also the form's commune
        "bao_cao_quy_4.xlsx",  # names no unit
        "Xa Bao Ha.xlsx",  # marks are part of a name: no unit of that name
    ],
)
def test_a_file_name_that_fits_or_names_no_unit_says_nothing(
    runner: CliRunner, in_tmp: Path, name: str
) -> None:
    folder = in_tmp / "hop_thu"
    folder.mkdir()
    make_unit_form(folder / name, "Đảng bộ xã Bảo Yên", FIGURES, period_line=H2_25)
    assert _warnings(runner, folder, in_tmp / "r.json") == []
