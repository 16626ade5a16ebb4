"""A plan column gives each unit its assigned target in the JSON, never a result."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.corpus_rows import (
    c_form_plan_done_year_and_cumulative,
    c_plan_done_cumulative_subcolumns,
)
from tests.variety import CODES, DATA


def run(runner: CliRunner, tmp_path: Path, inputs: list[Path]) -> dict:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["report", *map(str, inputs), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text("utf-8"))


def test_a_summary_plan_column_is_each_units_target(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = run(runner, tmp_path, c_plan_done_cumulative_subcolumns(folder).inputs)
    bac_ha = next(u for u in data["units"] if u["name"] == "Huyện Bắc Hà")
    # Bắc Hà is the fourth unit: its plan is 100 + 10 * 3 + i; 'Kế hoạch' is the first of
    # the three sub-columns of each indicator (C, F, I, …) on row 10.
    assert bac_ha["targets"]["ket_nap_dang_vien"] == {"value": 130, "cell": "C10"}
    assert bac_ha["targets"]["hoc_vien"] == {"value": 136, "cell": "U10"}
    assert bac_ha["values"]["ket_nap_dang_vien"]["period"] == DATA["Huyện Bắc Hà"][0][0]
    first = data["indicators"][0]
    assert first["period_value"] == sum(v[0][0] for v in DATA.values())
    assert "plan_columns" in {w["code"] for w in data["warnings"]}


def test_a_unit_form_plan_column_is_its_target(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = run(runner, tmp_path, c_form_plan_done_year_and_cumulative(folder).inputs)
    (sa_pa,) = [u for u in data["units"] if u["reported"]]
    assert sa_pa["name"] == "Thị xã Sa Pa"
    assert {code: t["value"] for code, t in sa_pa["targets"].items()} == {
        code: 110 + i for i, code in enumerate(CODES)
    }
    assert sa_pa["targets"]["cong_doan"]["cell"] == "D8"


def test_no_plan_column_no_targets(runner: CliRunner, tmp_path: Path) -> None:
    from tests.variety import a_baseline

    folder = tmp_path / "in"
    folder.mkdir()
    data = run(runner, tmp_path, a_baseline(folder).inputs)
    assert all("targets" not in u for u in data["units"])
