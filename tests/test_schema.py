"""The JSON contract: `dean24 schema` prints a Draft 2020-12 schema every report satisfies."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.model import SCHEMA_VERSION
from tests.conftest import SAMPLES
from tests.test_horizons import UNITS, Province, figures


def _validator(runner: CliRunner) -> Draft202012Validator:
    shown = runner.invoke(app, ["schema"])
    assert shown.exit_code == 0, shown.stderr
    schema = json.loads(shown.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, report: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]


def _report(runner: CliRunner, tmp_path: Path, *inputs: Path, store: Path | None = None) -> Any:
    out = tmp_path / f"{inputs[0].stem}.json"
    args = ["report", *map(str, inputs), "-o", str(out), "--date", "2025-01-05"]
    if store is not None:
        args += ["--store", str(store)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text("utf-8"))


@pytest.fixture(scope="module")
def sample_validator() -> Draft202012Validator:
    return _validator(CliRunner())


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The JSON report of one sample summary, made once here; each test changes a copy."""
    folder = tmp_path_factory.mktemp("schema")
    return _report(CliRunner(), folder, SAMPLES / "tong_hop_6thang_dau_2024.xlsx")


def test_every_sample_report_satisfies_the_schema(runner: CliRunner, tmp_path: Path) -> None:
    validator = _validator(runner)
    store = tmp_path / "h.sqlite"
    reports = [
        _report(runner, tmp_path, SAMPLES / f"tong_hop_{name}.xlsx", store=store)
        for name in ("6thang_cuoi_2023", "6thang_dau_2024", "6thang_cuoi_2024")
    ]
    reports.append(_report(runner, tmp_path, SAMPLES / "theo_don_vi_6thang_dau_2024.xlsx"))
    reports.append(_report(runner, tmp_path, SAMPLES / "don_vi_6thang_dau_2024"))
    for report in reports:
        assert report["schema_version"] == SCHEMA_VERSION
        assert _errors(validator, report) == []
    # The history added comparisons to the last one: the schema covers them too.
    assert "previous" in reports[2]["indicators"][0]


def test_reports_over_a_whole_phase_satisfy_the_schema(runner: CliRunner, tmp_path: Path) -> None:
    validator = _validator(runner)
    province = Province(tmp_path, runner, start=5)
    reports = [
        province.report("y2023", "Kỳ báo cáo: năm 2023", figures(60, 4, 10, 3, 800))[0],
        province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(20, 1, 3, 1, 300))[0],
        province.report(
            "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(27, 4, 7, 3, 600), units=UNITS[:2]
        )[0],
        province.report("y2025", "Kỳ báo cáo: năm 2025", figures(58, 5, 8, 2, 700))[0],
        province.report("y2026", "Kỳ báo cáo: năm 2026", figures(10, 1, 1, 1, 100))[0],
    ]
    keys = {key for report in reports for item in report["indicators"] for key in item}
    keys |= {key for report in reports for unit in report["units"] for key in unit}
    assert {"year_to_date", "still_needed", "carried_from", "closing"} <= keys
    for report in reports:
        assert _errors(validator, report) == []


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (lambda r: r.pop("schema_version"), "'schema_version' is a required property"),
        (lambda r: r["indicators"][0].update(status="tot"), "'tot' is not one of"),
        (lambda r: r["units"][0].update(reported="có"), "'có' is not of type 'boolean'"),
        (lambda r: r["period"].update(start="17/7/2024"), "does not match"),
        (lambda r: r["indicators"][0].update(period_value=-1), "less than the minimum of 0"),
        (lambda r: r["warnings"].append({"code": "tot", "message": "?"}), "'tot' is not one of"),
    ],
)
def test_the_schema_refuses_a_broken_report(
    sample_validator: Draft202012Validator, sample_report: Any, change: Any, found: str
) -> None:
    report = copy.deepcopy(sample_report)
    assert _errors(sample_validator, report) == []
    change(report)
    assert any(found in error for error in _errors(sample_validator, report))


def test_added_keys_are_allowed(sample_validator: Draft202012Validator, sample_report: Any) -> None:
    report = copy.deepcopy(sample_report)
    report["new_key"] = 1
    report["indicators"][0]["new_key"] = {"x": 1}
    report["units"][0]["new_key"] = []
    assert _errors(sample_validator, report) == []
