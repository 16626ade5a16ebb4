"""Workbooks as district offices send them: NFD, text numbers, other column orders, folders."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SMALL, districts_for_every_period, make_summary, make_unit_form

EXPECTED_KET_NAP = (6, 78)  # 5 + 0 + 1, 52 + 14 + 12 in SMALL


def report_json(runner: CliRunner, folder: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> Any:
    result = runner.invoke(app, ["report", *map(str, inputs), "-o", str(folder / "r.json"), *extra])
    assert result.exit_code == 0, result.stderr
    return json.loads((folder / "r.json").read_text("utf-8"))


def ket_nap(data: Any) -> tuple[int, int]:
    first = data["indicators"][0]
    assert first["code"] == "ket_nap_dang_vien"
    return first["period_value"], first["cumulative_value"]


def test_nfd_text_is_read(runner: CliRunner, tmp_path: Path) -> None:
    book = make_summary(tmp_path / "a.xlsx", nfd=True)
    data = report_json(runner, tmp_path, book)
    assert ket_nap(data) == EXPECTED_KET_NAP
    assert data["period"]["code"] == "2024-H1"


def test_numbers_stored_as_vietnamese_text(runner: CliRunner, tmp_path: Path) -> None:
    rows = {name: [(str(p), f"{c:,}".replace(",", ".")) for p, c in v] for name, v in SMALL.items()}
    rows["Thị ủy Sa Pa"][0] = ("-", "14")
    book = make_summary(tmp_path / "a.xlsx", rows, add_totals=False)
    data = report_json(runner, tmp_path, book)
    assert ket_nap(data) == EXPECTED_KET_NAP
    assert data["indicators"][3]["cumulative_value"] == 1166 + 402 + 96


def test_value_columns_in_the_other_order(runner: CliRunner, tmp_path: Path) -> None:
    book = make_summary(tmp_path / "a.xlsx", swap_kinds=True)
    data = report_json(runner, tmp_path, book)
    assert ket_nap(data) == EXPECTED_KET_NAP


def test_a_folder_of_unit_forms(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "don_vi"
    folder.mkdir()
    for i, (name, values) in enumerate(SMALL.items()):
        make_unit_form(folder / f"{i}.xlsx", name, values)
    (folder / "~$0.xlsx").write_bytes(b"lock file of an open workbook")
    data = report_json(runner, tmp_path, folder)
    assert ket_nap(data) == EXPECTED_KET_NAP


def test_one_workbook_with_a_sheet_per_unit_and_noise_sheets(
    runner: CliRunner, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"  # type: ignore[union-attr]
    for name, values in SMALL.items():
        make_unit_form(
            tmp_path / "x.xlsx", name, values, workbook=wb, sheet_title=name[-8:], save=False
        )
    hidden = wb.create_sheet("Ẩn")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "Huyện ủy Bảo Yên"
    wb.save(tmp_path / "x.xlsx")
    data = report_json(runner, tmp_path, tmp_path / "x.xlsx")
    assert ket_nap(data) == EXPECTED_KET_NAP


def test_units_that_sent_nothing_are_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    book = make_summary(tmp_path / "a.xlsx")
    result = runner.invoke(
        app, ["report", str(book), "-o", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.md")]
    )
    assert result.exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    missing = [u["name"] for u in data["units"] if not u["reported"]]
    assert len(missing) == 7 and "Huyện Bắc Hà" in missing
    assert data["warnings"][0]["code"] == "units_missing"
    assert "[units_missing]" in result.stderr
    text = (tmp_path / "r.md").read_text("utf-8")
    # More than a handful: a count in the shortcomings, the names in the opening and Bảng 2.
    assert (
        "Còn 7/10 đảng bộ chưa gửi báo cáo 6 tháng đầu năm 2024 (chi tiết tại Phụ lục, Bảng 3)"
        in text
    )
    assert "Huyện Bảo Thắng (chưa báo cáo)" in text


def test_wrong_totals_row_is_checked_not_added(runner: CliRunner, tmp_path: Path) -> None:
    totals: list[Any] = [6, 78, 1, 3, 3, 15, 606, 1664, 3, 8, 7, 18, 11, 29]
    totals[0] = 60  # the office typed 60 instead of 6
    book = make_summary(tmp_path / "a.xlsx", totals=totals)
    data = report_json(runner, tmp_path, book)
    assert ket_nap(data) == EXPECTED_KET_NAP
    (warning,) = [w for w in data["warnings"] if w["code"] != "units_missing"]
    assert warning["code"] == "totals_mismatch"
    assert warning["cell"] == "C10"
    assert "ở 1 ô: ô C10 ghi 60, cộng được 6." in warning["message"]


def test_configuration_without_units_accepts_any_unit(runner: CliRunner, tmp_path: Path) -> None:
    from dean24.programme.config import default_config_text

    config = re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
    assert "[[units]]" not in config.replace("mục [[units]]", "")
    (tmp_path / "c.toml").write_text(config, "utf-8")
    rows = {"Xã Cốc San": SMALL["Thành ủy Lào Cai"], "Phường Cam Đường": SMALL["Thị ủy Sa Pa"]}
    book = make_summary(tmp_path / "a.xlsx", rows)
    data = report_json(runner, tmp_path, book, extra=("--config", str(tmp_path / "c.toml")))
    assert [u["name"] for u in data["units"]] == ["Xã Cốc San", "Phường Cam Đường"]
    assert data["warnings"] == []


def test_legacy_font_text_is_converted_and_reported(runner: CliRunner, tmp_path: Path) -> None:
    from tests.conftest import LABELS
    from tests.test_legacy import encode_tcvn3, encode_vni

    labels = {code: encode_tcvn3(label) for code, label in LABELS.items()}
    labels["cong_doan"] = encode_vni(LABELS["cong_doan"])
    rows = {encode_tcvn3(name): values for name, values in SMALL.items()}
    book = make_summary(tmp_path / "a.xlsx", rows, labels=labels, add_totals=False)
    result = runner.invoke(
        app, ["report", str(book), "-o", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.md")]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert ket_nap(data) == EXPECTED_KET_NAP
    (converted,) = [w for w in data["warnings"] if w["code"] == "legacy_font_converted"]
    assert "TCVN3 và VNI" in converted["message"]
    assert "B7" in converted["message"] and "G5" in converted["message"]
    # A note for the reviewer (terminal, JSON, Word comment), not text of the report.
    assert "legacy_font_converted" in result.stderr
    assert "Unicode" not in (tmp_path / "r.md").read_text("utf-8")


def test_a_legacy_font_decides_where_the_text_alone_cannot(tmp_path: Path) -> None:
    """'Sè' is a valid Unicode word too; set in .VnTime it is TCVN3 for 'Số'."""
    from openpyxl.styles import Font

    from dean24.reading.container import open_workbook
    from dean24.reading.workbook import load_sheets

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Sè"
    ws["A1"].font = Font(name=".VnTime")
    ws["A2"] = "Sè"  # same text in an ordinary font stays as typed
    ws["B1"] = "B¸t X¸t"
    ws["B1"].font = Font(name="VNI-Times")  # the font wins: read as VNI, not TCVN3
    path = tmp_path / "fonts.xlsx"
    wb.save(path)
    scan = open_workbook(path).scan(ws.title)
    assert scan is not None
    assert dict(scan.fonts) == {"A1": ".VnTime", "B1": "VNI-Times"}
    (sheet,), notes = load_sheets(path, "fonts.xlsx")
    assert sheet.rows[0][0] == "Số"
    assert sheet.rows[1][0] == "Sè"
    assert sheet.converted["A1"] == "TCVN3"
    assert notes and "A1" in notes[0].message


def test_a_period_after_the_phase_is_judged_as_closed(runner: CliRunner, tmp_path: Path) -> None:
    book = make_summary(tmp_path / "a.xlsx", period_line="Kỳ báo cáo: 6 tháng đầu năm 2026")
    config = districts_for_every_period(tmp_path / "c.toml")
    data = report_json(runner, tmp_path, book, extra=("--config", str(config)))
    codes = [w["code"] for w in data["warnings"]]
    # The programme goes on after its targeted phase: no warning that the period is outside it.
    assert "period_outside_programme" not in codes
    # After the phase, its targets are closed, never judged against the new counts.
    to_chuc_dang = data["indicators"][1]
    assert to_chuc_dang["status"] == "closed"
    assert {i["status"] for i in data["indicators"] if i["status"] != "no_target"} == {"closed"}
    assert data["elapsed_share_percent"] == 100.0


def test_an_unfilled_unit_form_is_a_unit_that_has_not_reported(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    make_unit_form(folder / "bat_xat.xlsx", "Huyện ủy Bát Xát", [(1, 12)] * 7)
    make_unit_form(folder / "bac_ha.xlsx", "Huyện ủy Bắc Hà", [(None, None)] * 7)
    data = report_json(runner, tmp_path, folder)
    assert ket_nap(data) == (1, 12)
    (blank,) = [w for w in data["warnings"] if w["code"] == "form_not_filled"]
    assert "1 biểu chưa điền số liệu nào" in blank["message"]
    assert "Huyện Bắc Hà" in blank["message"] and "bac_ha.xlsx" in blank["file"]
    bac_ha = next(u for u in data["units"] if u["name"] == "Huyện Bắc Hà")
    assert bac_ha["reported"] is False
    missing = next(w for w in data["warnings"] if w["code"] == "units_missing")
    assert "Huyện Bắc Hà" in missing["message"]
    # Nowhere among units with no result: it sent nothing.
    for indicator in data["indicators"]:
        assert "Huyện Bắc Hà" not in indicator.get("units_without_result", [])


def test_a_partly_filled_form_counts_its_empty_cells_as_zero_with_one_notice(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    make_unit_form(folder / "bat_xat.xlsx", "Huyện ủy Bát Xát", [(1, 12)] + [(None, None)] * 6)
    make_unit_form(folder / "bac_ha.xlsx", "Huyện ủy Bắc Hà", [(2, 5)] * 6 + [(None, 3)])
    data = report_json(runner, tmp_path, folder)
    assert ket_nap(data) == (3, 17)
    (notice,) = [w for w in data["warnings"] if w["code"] == "cells_blank"]
    assert notice["message"].startswith("13 ô số liệu để trống được tính là 0:")
    assert "Huyện Bát Xát (D7, E7, D8, E8 …)" in notice["message"]
    assert "Huyện Bắc Hà (D12)" in notice["message"]


def test_a_blank_form_beside_the_returned_one_is_no_duplicate(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    make_unit_form(folder / "Huyện Bát Xát.xlsx", "Huyện Bát Xát", [(None, None)] * 7)
    make_unit_form(folder / "Huyện Bát Xát (1).xlsx", "Huyện Bát Xát", [(1, 12)] * 7)
    data = report_json(runner, tmp_path, folder)
    assert ket_nap(data) == (1, 12)
    assert not [w for w in data["warnings"] if w["code"] == "form_not_filled"]


def test_a_folder_lists_its_workbooks_as_pathlib_would(tmp_path: Path) -> None:
    from dean24.reading.reader import WORKBOOK_SUFFIXES, expand_inputs

    folder = tmp_path / "don_vi"
    folder.mkdir()
    names = ["b.XLSX", "a.xls", "B2.ods", ".xlsx", "...xlsx", "x.", "~$a.xlsx", ".an.xlsx", "c.csv"]
    names += ["xlsx", "d.xlsb", "e.xlsm", "10.xlsx", "9.xlsx", "Z.xlsx"]
    for name in names:
        (folder / name).write_bytes(b"")
    (folder / "thu_muc.xlsx").mkdir()
    (folder / "lien_ket.xlsx").symlink_to(folder / "a.xls")
    (folder / "hong.xlsx").symlink_to(folder / "khong_co")
    (folder / "vong.xlsx").symlink_to(folder / "vong.xlsx")
    expected = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in WORKBOOK_SUFFIXES
        and not p.name.startswith(("~$", "."))
    )
    assert expand_inputs([folder]) == expected
    assert [p.name for p in expected][:3] == ["10.xlsx", "9.xlsx", "B2.ods"]


def test_a_usual_cell_read_at_once_is_the_figure_read_cell_by_cell() -> None:
    """A unit row's whole numbers are read straight from the row; each Figure is the one the
    cell-by-cell reading gives (value, cell, blank, derived), and other cells go that way."""
    from dean24.core.errors import Problem
    from dean24.programme.config import load_config
    from dean24.reading.layouts.columns import Column
    from dean24.reading.layouts.context import Context
    from dean24.reading.layouts.figures import figure as read_figure
    from dean24.reading.layouts.summary import ValueColumns, row_values
    from dean24.reading.workbook import Sheet

    context = Context(load_config())
    row = ["1", "Xã A", 3.0, 12.0, "4", None, 2.5, 7]
    sheet = Sheet("t.xlsx", "Biểu", [[""] * len(row), row])
    columns = [Column(c, f"i{c}", "period") for c in range(2, len(row))]
    columns.append(Column(30, "far", "period"))
    said: list[Problem] = []
    read = row_values(context, sheet, 1, "Xã A", 1, ValueColumns(columns), [])
    for col in columns:
        expected = read_figure(context, sheet, 1, col.col, said)
        figure = read.values[col.code]["period"]
        assert figure == expected
        assert type(figure) is type(expected)
        assert figure.location == ("t.xlsx", "Biểu", expected.location.cell)
    assert read.values["i2"]["period"].location.cell == "C2"
    assert read.values["i2"]["period"].value == 3
    assert [p.code for p in said] == ["value_decimal"]
