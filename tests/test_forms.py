"""dean24 form: blank unit forms that the report reads back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dean24.cli import app
from dean24.config import default_config_text, load_config
from tests.conftest import CODES, make_summary


def fill(folder: Path, period_text: str | None = None, seed: int = 0) -> dict[str, dict]:
    """Type figures into the unlocked cells of every form, as an office would.

    Returns unit name → indicator → (period, cumulative), the figures typed.
    """
    typed: dict[str, dict] = {}
    for n, path in enumerate(sorted(folder.glob("*.xlsx")), start=seed):
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        assert ws is not None
        unit = str(ws["A2"].value).removeprefix("Đơn vị: ")
        values: dict[str, tuple[int, int]] = {}
        for i, code in enumerate(CODES):
            row = 7 + i
            in_period, cumulative = (n * 7 + i) % 13, (n * 7 + i) % 13 + 1000 + n
            ws.cell(row=row, column=4, value=in_period)
            ws.cell(row=row, column=5, value=cumulative)
            values[code] = (in_period, cumulative)
        if period_text is not None:
            ws["C3"] = period_text
        wb.save(path)
        typed[unit] = values
    return typed


def report_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["report", *args, "-o", "out.json"])
    assert result.exit_code == 0, result.output
    return json.loads(Path("out.json").read_text("utf-8"))


def assert_read_back(model: dict, typed: dict[str, dict]) -> None:
    read = {
        u["name"]: {c: (v["period"], v["cumulative"]) for c, v in u["values"].items()}
        for u in model["units"]
        if u["reported"]
    }
    assert read == typed
    for indicator in model["indicators"]:
        code = indicator["code"]
        assert indicator["period_value"] == sum(v[code][0] for v in typed.values())
        assert indicator["cumulative_value"] == sum(v[code][1] for v in typed.values())


def test_every_configured_unit_round_trips(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(app, ["form", "forms", "--period", "2024-H2"])
    assert result.exit_code == 0, result.output
    config = load_config()
    names = sorted(p.stem for p in (in_tmp / "forms").glob("*.xlsx"))
    # The units of 2024: the districts, none of the communes of 7/2025.
    assert names == sorted(u.name for u in config.units if u.valid_until is not None)
    assert len(names) == 10
    typed = fill(in_tmp / "forms")
    model = report_json(runner, "forms")
    assert model["period"]["code"] == "2024-H2"
    assert_read_back(model, typed)
    # Without a history, H2's per-year targets are judged on the half alone, and it says so.
    expected = {"year_to_date_incomplete"}
    assert not [w for w in model["warnings"] if w["code"] not in expected]


@pytest.mark.slow
def test_every_commune_of_the_province_round_trips(runner: CliRunner, in_tmp: Path) -> None:
    made = runner.invoke(app, ["config", "init", "lc.toml", "--province", "Lào Cai"])
    assert made.exit_code == 0
    result = runner.invoke(app, ["form", "xa", "--period", "2025-H2", "--config", "lc.toml"])
    assert result.exit_code == 0, result.output
    assert len(list((in_tmp / "xa").glob("*.xlsx"))) == 99
    typed = fill(in_tmp / "xa")
    model = report_json(runner, "xa", "--config", "lc.toml")
    assert_read_back(model, typed)
    assert len(typed) == 99


def test_the_form_guards_its_structure_and_checks_each_entry(
    runner: CliRunner, in_tmp: Path
) -> None:
    assert runner.invoke(app, ["form", "f", "--period", "2024-H1"]).exit_code == 0
    wb = openpyxl.load_workbook(in_tmp / "f" / "Huyện Bát Xát.xlsx")
    ws = wb.active
    assert ws is not None
    assert ws["A2"].value == "Đơn vị: Huyện Bát Xát"
    assert ws["A3"].value == "Kỳ báo cáo: 6 tháng đầu năm 2024"
    assert ws.protection.sheet and not ws.protection.password
    assert wb.security is not None and wb.security.lockStructure
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    assert unlocked == {f"{col}{r}" for col in "DE" for r in range(7, 14)}
    labels = [ws.cell(row=r, column=2).value for r in range(7, 14)]
    assert labels == [i.label for i in load_config().indicators]
    assert ws["C7"].value == "người"
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "whole" and validation.operator == "between"
    assert (validation.formula1, validation.formula2) == ("0", "100000")
    assert validation.showErrorMessage and validation.errorStyle == "stop"
    assert "số nguyên" in validation.error and "số nguyên" in validation.prompt
    assert len(validation.prompt) <= 255 and len(validation.error) <= 255
    assert str(validation.sqref) == " ".join(f"D{r}:E{r}" for r in range(7, 14))
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)


def test_without_a_period_the_office_writes_it(runner: CliRunner, in_tmp: Path) -> None:
    assert runner.invoke(app, ["form", "f", "--units", "Bát Xát"]).exit_code == 0
    # Without a period, the units of today: the commune, not the abolished district.
    path = in_tmp / "f" / "Xã Bát Xát.xlsx"
    ws = openpyxl.load_workbook(path).active
    assert ws is not None and ws["C3"].protection.locked is False
    blank = runner.invoke(app, ["report", "f", "-o", "x.json"])
    assert blank.exit_code == 1 and "period_missing" in blank.output
    typed = fill(in_tmp / "f", "6 tháng đầu năm 2026")
    model = report_json(runner, "f")
    assert model["period"]["code"] == "2026-H1"
    assert_read_back(model, typed)


def test_with_a_store_the_last_cumulative_is_shown_and_read(
    runner: CliRunner, in_tmp: Path
) -> None:
    made = runner.invoke(
        app, ["report", str(make_summary(in_tmp / "h1.xlsx")), "--store", "h.sqlite", "-o", "a.md"]
    )
    assert made.exit_code == 0, made.output
    result = runner.invoke(
        app, ["form", "f", "--period", "2024-H2", "--store", "h.sqlite", "--units", "Sa Pa"]
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(in_tmp / "f" / "Thị xã Sa Pa.xlsx").active
    assert ws is not None
    assert ws["F6"].value == "Số đã báo cáo đến hết 6 tháng đầu năm 2024"
    # Thị ủy Sa Pa in the summary: cumulative 14, 1, 4, 402, 2, 5, 8.
    assert [ws.cell(row=r, column=6).value for r in range(7, 14)] == [14, 1, 4, 402, 2, 5, 8]
    assert ws["F7"].protection.locked is not False
    typed = fill(in_tmp / "f")
    model = report_json(runner, "f")
    assert_read_back(model, typed)


def _sa_pa_form_with_its_previous_cumulative(runner: CliRunner, in_tmp: Path) -> Path:
    made = runner.invoke(
        app, ["report", str(make_summary(in_tmp / "h1.xlsx")), "--store", "h.sqlite", "-o", "a.md"]
    )
    assert made.exit_code == 0, made.output
    result = runner.invoke(
        app, ["form", "f", "--period", "2024-H2", "--store", "h.sqlite", "--units", "Sa Pa"]
    )
    assert result.exit_code == 0, result.output
    return in_tmp / "f" / "Thị xã Sa Pa.xlsx"


def _type(path: Path, rows: list[tuple[int, int]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    for i, (in_period, cumulative) in enumerate(rows):
        ws.cell(row=7 + i, column=4, value=in_period)
        ws.cell(row=7 + i, column=5, value=cumulative)
    wb.save(path)


def test_an_untouched_form_with_its_previous_cumulative_is_not_a_report(
    runner: CliRunner, in_tmp: Path
) -> None:
    path = _sa_pa_form_with_its_previous_cumulative(runner, in_tmp)
    result = runner.invoke(app, ["report", str(path), "-o", "r.json"])
    assert result.exit_code == 1
    assert "[no_data]" in result.output


def test_a_unit_without_history_gets_the_plain_form(runner: CliRunner, in_tmp: Path) -> None:
    runner.invoke(
        app, ["report", str(make_summary(in_tmp / "h1.xlsx")), "--store", "h.sqlite", "-o", "a.md"]
    )
    result = runner.invoke(
        app, ["form", "f", "--period", "2024-H2", "--store", "h.sqlite", "--units", "Văn Bàn"]
    )
    assert result.exit_code == 0
    assert "Huyện Văn Bàn" in result.output
    ws = openpyxl.load_workbook(in_tmp / "f" / "Huyện Văn Bàn.xlsx").active
    assert ws is not None and ws["F6"].value is None


def test_without_units_in_the_configuration_it_says_what_to_do(
    runner: CliRunner, in_tmp: Path
) -> None:
    # The default configuration without its [[units]] tables.
    head, _, tail = default_config_text().partition("\n[[units]]\n")
    _, _, rest = tail.partition("\n[[indicators]]\n")
    (in_tmp / "none.toml").write_text(head + "\n[[indicators]]\n" + rest, "utf-8")
    assert not load_config(in_tmp / "none.toml").units
    result = runner.invoke(app, ["form", "f", "--config", "none.toml"])
    assert result.exit_code == 2
    assert "no_units" in result.output and "--units" in result.output
    named = runner.invoke(
        app, ["form", "f", "--config", "none.toml", "--units", "Xã Tân Thành", "--period", "2025"]
    )
    assert named.exit_code == 0, named.output
    assert (in_tmp / "f" / "Xã Tân Thành.xlsx").is_file()


def test_forms_are_never_written_over(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "f").mkdir()
    (in_tmp / "f" / "Huyện Bát Xát.xlsx").write_bytes(b"mine")
    result = runner.invoke(app, ["form", "f", "--period", "2024-H1"])
    assert result.exit_code == 2 and "file_exists" in result.output
    assert (in_tmp / "f" / "Huyện Bát Xát.xlsx").read_bytes() == b"mine"
    assert list((in_tmp / "f").iterdir()) == [in_tmp / "f" / "Huyện Bát Xát.xlsx"]
    unknown = runner.invoke(app, ["form", "g", "--units", "Huyện Sa Pa Mới"])
    assert unknown.exit_code == 2 and "unknown_unit" in unknown.output


@pytest.mark.parametrize("bad", ["2024-H3", "H1"])
def test_a_bad_period_is_a_usage_error(runner: CliRunner, in_tmp: Path, bad: str) -> None:
    result = runner.invoke(app, ["form", "f", "--period", bad])
    assert result.exit_code == 2
    assert not (in_tmp / "f").exists()


def test_a_store_not_yet_made_is_the_first_period(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(
        app, ["form", "f", "--period", "2024-H1", "--store", "new.sqlite", "--units", "Bắc Hà"]
    )
    assert result.exit_code == 0, result.output
    assert "chưa có kỳ nào" in result.output
    assert not (in_tmp / "new.sqlite").exists()
    ws = openpyxl.load_workbook(in_tmp / "f" / "Huyện Bắc Hà.xlsx").active
    assert ws is not None and ws["F6"].value is None
