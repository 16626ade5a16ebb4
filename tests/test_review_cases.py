"""Cases found by reviewing the reader, the configuration and the history for silent errors."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.programme.config import default_config_text
from tests.conftest import SAMPLES, SMALL, make_summary

EXPECTED_KET_NAP = [6, 78]


def no_units_config(folder: Path) -> Path:
    path = folder / "no_units.toml"
    text = re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
    path.write_text(text, "utf-8")
    return path


def ket_nap(runner: CliRunner, folder: Path, book: Path, *extra: str) -> Any:
    out = folder / "r.json"
    result = runner.invoke(app, ["report", str(book), "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    first = data["indicators"][0]
    return [first["period_value"], first["cumulative_value"]], data


@pytest.mark.parametrize("label", ["Cộng toàn tỉnh", "Tổng toàn tỉnh", "TỔNG CỘNG:", "Cộng"])
def test_totals_rows_are_never_added_in(runner: CliRunner, tmp_path: Path, label: str) -> None:
    book = make_summary(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["B10"] = label
    wb.save(book)
    figures, _ = ket_nap(runner, tmp_path, book, "--config", str(no_units_config(tmp_path)))
    assert figures == EXPECTED_KET_NAP


def test_a_unit_named_tong_cong_ty_is_a_unit(runner: CliRunner, tmp_path: Path) -> None:
    rows = {
        "Tổng công ty Khoáng sản": SMALL["Thành ủy Lào Cai"],
        "Xã Cốc San": SMALL["Thị ủy Sa Pa"],
    }
    book = make_summary(tmp_path / "a.xlsx", rows)
    figures, data = ket_nap(runner, tmp_path, book, "--config", str(no_units_config(tmp_path)))
    assert figures == [5, 66]
    assert [u["name"] for u in data["units"]] == ["Tổng công ty Khoáng sản", "Xã Cốc San"]


def test_an_excel_error_in_a_figure_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    book = make_summary(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["C8"] = "#DIV/0!"  # openpyxl stores it as an error cell (t="e"), as Excel does
    wb.save(book)
    result = runner.invoke(app, ["report", str(book), "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 1
    assert "[value_excel_error]" in result.stderr and "ô C8" in result.stderr
    assert "#DIV/0!" in result.stderr


def test_totals_first_then_a_blank_row_keeps_every_unit(runner: CliRunner, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(make_summary(tmp_path / "a.xlsx", add_totals=False))
    ws = wb.active
    assert ws is not None
    ws.insert_rows(7, 2)  # totals row first, then a blank row, then the units
    ws["B7"] = "Tổng cộng"
    for i, value in enumerate([6, 78, 1, 3, 3, 15, 606, 1664, 3, 8, 7, 18, 11, 29]):
        ws.cell(row=7, column=3 + i, value=value)
    wb.save(tmp_path / "a.xlsx")
    figures, data = ket_nap(runner, tmp_path, tmp_path / "a.xlsx")
    assert figures == EXPECTED_KET_NAP
    assert not [w for w in data["warnings"] if w["code"] == "totals_mismatch"]


def test_a_year_to_date_column_is_not_the_programmes_cumulative(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = make_summary(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["D6"] = "Lũy kế từ đầu năm"
    wb.save(book)
    result = runner.invoke(app, ["report", str(book), "-o", str(tmp_path / "r.md")])
    assert result.exit_code == 1
    assert "[indicator_missing]" in result.stderr and "Số đảng viên được kết nạp" in result.stderr


def test_a_letterhead_over_the_stt_column_is_not_the_unit_header(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = make_summary(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["A4"] = "ĐẢNG BỘ TỈNH LÀO CAI"
    wb.save(book)
    figures, _ = ket_nap(runner, tmp_path, book)
    assert figures == EXPECTED_KET_NAP


def test_two_inputs_with_one_report_name_fail_instead_of_overwriting(
    runner: CliRunner, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox / "bao_cao.xlsx")
    shutil.copytree(SAMPLES / "don_vi_6thang_dau_2024", inbox / "bao_cao")
    shutil.copy(SAMPLES / "tong_hop_6thang_cuoi_2023.xlsx", inbox / "khac.xlsx")
    result = runner.invoke(
        app, ["batch", str(inbox), "--out", str(tmp_path / "out"), "--formats", "json"]
    )
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stderr.splitlines() if x.startswith("{")]
    lines = [x for x in lines if x["event"] == "input"]
    status = {
        Path(x["input"]).name: (x["status"], (x["error"] or [{}])[0].get("code")) for x in lines
    }
    assert status == {
        "bao_cao": ("failed", "output_name_clash"),
        "bao_cao.xlsx": ("failed", "output_name_clash"),
        "khac.xlsx": ("ok", None),
    }
    assert not (tmp_path / "out" / "bao_cao.json").exists()


def test_history_listing_reads_without_changing_the_file(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "h.sqlite"
    runner.invoke(
        app,
        [
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            "--store",
            str(store),
            "-o",
            str(tmp_path / "r.md"),
        ],
    )
    before = store.read_bytes()
    store.chmod(0o444)
    result = runner.invoke(app, ["history", "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    assert "2024-H1" in result.stdout
    assert store.read_bytes() == before


def test_another_programs_sqlite_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (x TEXT)")
    db.commit()
    db.close()
    before = other.read_bytes()
    listed = runner.invoke(app, ["history", "--store", str(other)])
    assert listed.exit_code == 1 and "[history_foreign]" in listed.stderr
    reported = runner.invoke(
        app,
        [
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            "--store",
            str(other),
            "-o",
            str(tmp_path / "r.md"),
        ],
    )
    assert reported.exit_code == 1 and "[history_foreign]" in reported.stderr
    assert other.read_bytes() == before
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('number_line = "Số     -BC/BCĐ"', "number_line = 5", "number_line"),
        ("max_value = 100000", "max_value = inf", "max_value"),
        ("start = 2022-10-21", "start = 2022-10-21T08:00:00", "start"),
        ("percent = 4", "percent = -4", "percent"),
        ("margin_left_mm = 30", "margin_left_mm = 190", "document.format"),
        ("body_pt = 14", "body_pt = 0", "document.format"),
        ("max = 30", "max = 20", "max"),
        ('subject = "kết quả {period}', 'subject = "kết quả {perio}', "subject"),
    ],
)
def test_configuration_values_are_checked(
    runner: CliRunner, tmp_path: Path, old: str, new: str, key: str
) -> None:
    text = default_config_text()
    assert old in text
    (tmp_path / "c.toml").write_text(text.replace(old, new, 1), "utf-8")
    result = runner.invoke(
        app,
        [
            "report",
            str(make_summary(tmp_path / "a.xlsx")),
            "--config",
            str(tmp_path / "c.toml"),
            "-o",
            str(tmp_path / "r.md"),
        ],
    )
    assert result.exit_code == 2
    assert "[config_invalid]" in result.stderr and key in result.stderr
    shown = runner.invoke(app, ["config", "show", "--config", str(tmp_path / "c.toml")])
    assert shown.exit_code == 2 and "Traceback" not in shown.stderr


def test_the_current_folder_as_input_names_the_report_after_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "don_vi"
    shutil.copytree(SAMPLES / "don_vi_6thang_dau_2024", folder)
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["report", "."])
    assert result.exit_code == 0, result.stderr
    assert (folder / "don_vi.md").is_file() and (folder / "don_vi.docx").is_file()


@pytest.mark.parametrize("args", [["--date", "2024-13-01"], ["--period", "0000-H1"]])
def test_impossible_dates_and_periods_are_usage_errors(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    result = runner.invoke(app, ["report", str(make_summary(tmp_path / "a.xlsx")), *args])
    assert result.exit_code == 2
    assert "internal_error" not in result.stderr
