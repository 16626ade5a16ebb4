"""dean24 form: blank unit forms that the report reads back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.programme.config import default_config_text, load_config
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
    # Its column F was written by the tool, not the office: checking it says it is not filled.
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 1, checked.output
    assert "[form_not_filled]" in checked.output and "Kết quả: CHƯA ĐẠT" in checked.output


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


# --- the form's own previous cumulative (column F of a form made with --store) -------------

# Thị ủy Sa Pa's cumulative figures reported for the first half of 2024, as column F shows them.
SA_PA_H1 = [14, 1, 4, 402, 2, 5, 8]


def _following(added: list[int]) -> list[tuple[int, int]]:
    """This period's figures and cumulatives that follow from Sa Pa's previous cumulatives."""
    return [(n, before + n) for n, before in zip(added, SA_PA_H1, strict=True)]


def test_a_clean_form_with_its_previous_cumulative_gives_no_warning(
    runner: CliRunner, in_tmp: Path
) -> None:
    path = _sa_pa_form_with_its_previous_cumulative(runner, in_tmp)
    _type(path, _following([1, 0, 2, 30, 0, 1, 5]))
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "Cảnh báo" not in checked.output and "columns_ignored" not in checked.output
    assert "Kết quả: ĐẠT" in checked.output
    with_store = runner.invoke(app, ["check", str(path), "--store", "h.sqlite"])
    assert with_store.exit_code == 0 and "Cảnh báo" not in with_store.output
    model = report_json(runner, str(path), "--store", "h.sqlite")
    codes = {w["code"] for w in model["warnings"]}
    assert not codes & {"columns_ignored", "continuity_break", "previous_differs"}, codes
    (sa_pa,) = [u for u in model["units"] if u["reported"]]
    assert sa_pa["values"]["ket_nap_dang_vien"]["cumulative"] == 15
    assert "cumulative_derived" not in sa_pa["values"]["ket_nap_dang_vien"]


def test_a_cumulative_below_the_forms_previous_one_is_an_error(
    runner: CliRunner, in_tmp: Path
) -> None:
    path = _sa_pa_form_with_its_previous_cumulative(runner, in_tmp)
    rows = _following([1, 0, 2, 30, 0, 1, 5])
    rows[0] = (1, 5)  # 14 were reported by the end of June; 5 cannot be the cumulative now
    _type(path, rows)
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 1, checked.output
    (line,) = [x for x in checked.output.splitlines() if "cumulative_below_previous" in x]
    assert "ô E7" in line and "ô F7" in line and "(5, ô E7)" in line and "(14, ô F7)" in line
    assert "Kết quả: CHƯA ĐẠT" in checked.output
    reported = runner.invoke(app, ["report", str(path), "-o", "r.json"])
    assert reported.exit_code == 1 and "cumulative_below_previous" in reported.output
    assert not (in_tmp / "r.json").exists()


def test_a_cumulative_that_does_not_follow_from_the_form_is_a_warning_without_a_store(
    runner: CliRunner, in_tmp: Path
) -> None:
    path = _sa_pa_form_with_its_previous_cumulative(runner, in_tmp)
    rows = _following([1, 0, 2, 30, 0, 1, 5])
    rows[3] = (30, 440)  # 402 + 30 = 432
    _type(path, rows)
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    (line,) = [x for x in checked.output.splitlines() if "continuity_break" in x]
    assert "ô F10" in line and "ô D10" in line and "ô E10" in line
    assert "402" in line and "432" in line and "440" in line and "chênh 8" in line
    model = report_json(runner, str(path))
    (warning,) = [w for w in model["warnings"] if w["code"] == "continuity_break"]
    assert warning["cell"] == "E10" and "Thị xã Sa Pa" in warning["message"]
    # With the store, the same break is said once, against the stored report.
    stored = runner.invoke(app, ["check", str(path), "--store", "h.sqlite"])
    breaks = [x for x in stored.output.splitlines() if "continuity_break" in x]
    assert len(breaks) == 1 and "6 tháng đầu năm 2024" in breaks[0]


def _restore_sa_pa(store: Path, indicator: str, cumulative: int) -> None:
    """Sa Pa's stored first-half cumulative of an indicator, re-recorded as another figure."""
    import sqlite3

    db = sqlite3.connect(store)
    with db:
        db.execute(
            "UPDATE figures SET cumulative_value = ? WHERE unit = 'Thị xã Sa Pa' AND indicator = ?",
            (cumulative, indicator),
        )
    db.close()


def test_a_store_that_disagrees_with_the_forms_previous_cumulative_is_said(
    runner: CliRunner, in_tmp: Path
) -> None:
    path = _sa_pa_form_with_its_previous_cumulative(runner, in_tmp)
    _type(path, _following([1, 0, 2, 30, 0, 1, 5]))
    # the first half re-recorded after the form was made: 13, not 14
    _restore_sa_pa(in_tmp / "h.sqlite", "ket_nap_dang_vien", 13)
    checked = runner.invoke(app, ["check", str(path), "--store", "h.sqlite"])
    assert checked.exit_code == 0, checked.output
    (differs,) = [x for x in checked.output.splitlines() if "previous_differs" in x]
    assert "ô F7" in differs and "14" in differs and "13" in differs
    assert "6 tháng đầu năm 2024" in differs
    (broken,) = [x for x in checked.output.splitlines() if "continuity_break" in x]
    assert "ô E7" in broken and "13" in broken and "15" in broken


def test_a_cumulative_below_what_the_store_holds_is_an_error(
    runner: CliRunner, in_tmp: Path
) -> None:
    """The store holds 16 for the first half (re-recorded after the form was made): the
    form's cumulative 15 is below a count that never falls, so no report is made on it."""
    path = _sa_pa_form_with_its_previous_cumulative(runner, in_tmp)
    _type(path, _following([1, 0, 2, 30, 0, 1, 5]))
    _restore_sa_pa(in_tmp / "h.sqlite", "ket_nap_dang_vien", 16)
    made = runner.invoke(app, ["report", str(path), "--store", "h.sqlite", "-o", "r.md"])
    assert made.exit_code == 1, made.output
    assert "cumulative_below_previous" in made.output
    assert "(15) nhỏ hơn số lũy kế đơn vị đã báo cáo 6 tháng đầu năm 2024 (16)" in made.output
    assert not (in_tmp / "r.md").exists()


def test_a_form_after_a_period_the_unit_missed_keeps_only_the_floor(
    runner: CliRunner, in_tmp: Path
) -> None:
    """Sa Pa reported for the first half of 2024 only: its 2025-H1 form shows that cumulative,
    which the new one may exceed by more than this period's figure, never fall below."""
    made = runner.invoke(
        app, ["report", str(make_summary(in_tmp / "h1.xlsx")), "--store", "h.sqlite", "-o", "a.md"]
    )
    assert made.exit_code == 0, made.output
    form = runner.invoke(
        app, ["form", "f", "--period", "2025-H1", "--store", "h.sqlite", "--units", "Sa Pa"]
    )
    assert form.exit_code == 0, form.output
    path = in_tmp / "f" / "Thị xã Sa Pa.xlsx"
    ws = openpyxl.load_workbook(path).active
    assert ws is not None and ws["F6"].value == "Số đã báo cáo đến hết 6 tháng đầu năm 2024"
    rows = [(n, before + n + 3) for n, before in zip([1, 0, 2, 30, 0, 1, 5], SA_PA_H1, strict=True)]
    _type(path, rows)
    checked = runner.invoke(app, ["check", str(path), "--period", "2025-H1"])
    assert checked.exit_code == 0, checked.output
    assert "Cảnh báo" not in checked.output
    stored = runner.invoke(app, ["check", str(path), "--store", "h.sqlite"])
    assert stored.exit_code == 0 and "Cảnh báo" not in stored.output, stored.output
    _restore_sa_pa(in_tmp / "h.sqlite", "cong_doan", 5)
    differs = runner.invoke(app, ["check", str(path), "--store", "h.sqlite"])
    (line,) = [x for x in differs.output.splitlines() if "previous_differs" in x]
    assert "ô F9" in line and "là 4" in line and "là 5" in line
    rows[2] = (0, 3)  # 4 were reported by June 2024
    _type(path, rows)
    below = runner.invoke(app, ["check", str(path), "--period", "2025-H1"])
    assert below.exit_code == 1
    assert "cumulative_below_previous" in below.output and "ô F9" in below.output
