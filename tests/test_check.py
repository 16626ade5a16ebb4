"""dean24 check: what report would read and reject, for an office before it sends a file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SMALL, make_summary, make_unit_form


def _form(runner: CliRunner, unit: str = "Bát Xát") -> Path:
    result = runner.invoke(app, ["form", "forms", "--period", "2024-H2", "--units", unit])
    assert result.exit_code == 0, result.output
    (path,) = Path("forms").glob("*.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    for i in range(7):
        ws.cell(row=7 + i, column=4, value=i)
        ws.cell(row=7 + i, column=5, value=10 * i + 10)
    wb.save(path)
    return path


def test_a_good_form_passes_and_shows_what_was_read(runner: CliRunner, in_tmp: Path) -> None:
    path = _form(runner)
    before = sorted(p.name for p in in_tmp.rglob("*"))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Kỳ báo cáo: 6 tháng cuối năm 2024" in out and "ô A3" in out
    assert "Đơn vị: Huyện Bát Xát" in out
    assert "Đoàn viên công đoàn" in out and "40" in out
    assert "ĐẠT" in out and "CHƯA ĐẠT" not in out
    assert "units_missing" not in out  # the other units are the province's concern
    assert sorted(p.name for p in in_tmp.rglob("*")) == before  # nothing written
    report = runner.invoke(app, ["report", str(path), "-o", "r.json"])
    assert report.exit_code == 0


def test_a_bad_form_names_each_cell_and_fails(runner: CliRunner, in_tmp: Path) -> None:
    path = _form(runner)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws["D8"] = "khoảng 20"
    ws["E9"] = "ba mươi"  # read as 0: not also below the period's 2
    ws["E7"] = 2.5
    ws["D12"] = 500  # more in the period than since the start
    wb.save(path)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    out = result.stdout
    assert "Lỗi (4):" in out and "CHƯA ĐẠT" in out
    assert "ô E9" in out and out.count("[cumulative_below_period]") == 1
    assert "[value_not_number]" in out and "ô D8" in out and "khoảng 20" in out
    assert "[value_decimal]" in out and "ô E7" in out
    assert "[cumulative_below_period]" in out and "ô E12" in out
    assert "Đơn vị: Huyện Bát Xát" in out
    report = runner.invoke(app, ["report", str(path), "-o", "r.json"])
    assert report.exit_code == 1
    for code in ("value_not_number", "value_decimal", "cumulative_below_period"):
        assert code in report.output
    assert not (in_tmp / "r.json").exists()


def test_an_untouched_form_is_not_a_report_and_says_so(runner: CliRunner, in_tmp: Path) -> None:
    filled = _form(runner)
    made = runner.invoke(app, ["form", "blank", "--period", "2024-H2", "--units", "Si Ma Cai"])
    assert made.exit_code == 0, made.output
    (untouched,) = Path("blank").glob("*.xlsx")
    result = runner.invoke(app, ["check", str(untouched)])
    assert result.exit_code == 1
    out = result.stdout
    assert "Lỗi (1):" in out and "[form_not_filled]" in out and "no_data" not in out
    assert "Biểu của Huyện Si Ma Cai chưa điền số liệu nào" in out and "ghi 0" in out
    # Empty cells are shown empty, never as zeros the office did not write.
    assert all(
        line.split()[-2:] == ["—", "—"]
        for line in out.splitlines()
        if line.startswith("  ") and not line.startswith("  -") and "Chỉ tiêu" not in line
    )
    both = runner.invoke(app, ["check", str(filled), str(untouched)])
    assert both.exit_code == 1
    assert both.stdout.count("[form_not_filled]") == 1 and "Huyện Bát Xát" in both.stdout


def test_an_unknown_unit_and_a_missing_period_are_named(runner: CliRunner, in_tmp: Path) -> None:
    make_unit_form(
        in_tmp / "x.xlsx", "Huyện ủy Bát Sát", SMALL["Huyện ủy Bát Xát"], period_line=None
    )
    result = runner.invoke(app, ["check", "x.xlsx"])
    assert result.exit_code == 1
    assert "[unknown_unit]" in result.stdout and "Bát Sát" in result.stdout
    assert "không có trong cấu hình" in result.stdout
    assert "Kỳ báo cáo: chưa xác định được" in result.stdout
    given = runner.invoke(app, ["check", "x.xlsx", "--period", "2024-H1"])
    assert "Kỳ báo cáo: 6 tháng đầu năm 2024 (theo --period)" in given.stdout


def test_continuity_against_the_history(runner: CliRunner, in_tmp: Path) -> None:
    first = runner.invoke(
        app, ["report", str(make_summary(in_tmp / "h1.xlsx")), "--store", "h.sqlite", "-o", "a.md"]
    )
    assert first.exit_code == 0, first.output
    # Bát Xát had 12 party members by H1 2024; 3 more in H2 must make 15, not 14.
    values = [(3, 14), (0, 0), (0, 2), (0, 96), (0, 1), (0, 3), (0, 4)]
    make_unit_form(
        in_tmp / "bx.xlsx",
        "Huyện ủy Bát Xát",
        values,
        period_line="Kỳ báo cáo: 6 tháng cuối năm 2024",
    )
    result = runner.invoke(app, ["check", "bx.xlsx", "--store", "h.sqlite"])
    assert result.exit_code == 0  # report accepts it, with a warning
    (line,) = [x for x in result.stdout.splitlines() if "continuity_break" in x]
    assert "ô E6" in line and "12" in line and "15" in line and "14" in line
    stored = runner.invoke(app, ["history", "--store", "h.sqlite"])
    assert "2024-H2" not in stored.stdout  # check records nothing


def test_check_imports_neither_word_nor_charts(in_tmp: Path) -> None:
    make_unit_form(in_tmp / "x.xlsx", "Huyện ủy Bát Xát", SMALL["Huyện ủy Bát Xát"])
    code = (
        "import sys\n"
        "sys.argv = ['dean24', 'check', 'x.xlsx']\n"
        "from dean24.commands.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('EXIT', e.code)\n"
        "heavy = [m for m in ('pandas', 'docx', 'docxtpl', 'matplotlib', 'jinja2') "
        "if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=in_tmp
    )
    assert "EXIT 0" in result.stdout, result.stdout + result.stderr
    assert "HEAVY []" in result.stdout


def test_a_store_of_the_previous_version_is_read_without_a_report_first(
    runner: CliRunner, in_tmp: Path
) -> None:
    """A store written before acknowledgements existed (version 2) is listed by `history` and
    read by `check --store` as it is; only a report run, which writes, brings it up to date."""
    import sqlite3

    make_summary(in_tmp / "h1.xlsx", SMALL, period_line="Kỳ báo cáo: 6 tháng đầu năm 2024")
    first = runner.invoke(app, ["report", "h1.xlsx", "--store", "h.sqlite", "-o", "r.json"])
    assert first.exit_code == 0, first.stderr
    with sqlite3.connect("h.sqlite") as db:  # as the previous version of the tool left it
        db.execute("DROP TABLE acknowledgements")
        db.execute("PRAGMA user_version = 2")
    db.close()
    before = (in_tmp / "h.sqlite").read_bytes()
    listing = runner.invoke(app, ["history", "--store", "h.sqlite"])
    assert listing.exit_code == 0, listing.stderr
    assert "2024-H1" in listing.stdout
    make_unit_form(
        in_tmp / "bx.xlsx",
        "Huyện ủy Bát Xát",
        SMALL["Huyện ủy Bát Xát"],
        period_line="Kỳ báo cáo: 6 tháng cuối năm 2024",
    )
    checked = runner.invoke(app, ["check", "bx.xlsx", "--store", "h.sqlite"])
    assert "history_version" not in checked.stdout + checked.stderr
    assert (in_tmp / "h.sqlite").read_bytes() == before  # read, never changed
