"""Every heading a user reads is the templates': the terminal's summary and history tables
and the summary workbook change by editing bang.j2 alone."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import make_summary


def _edited(runner: CliRunner, folder: Path) -> None:
    """A copy of the templates whose bang.j2 says 'Cộng dồn' for 'Lũy kế', 'Các kỳ trong sổ'
    for 'Các kỳ đã lưu' and 'Người tổng hợp' for 'Người lập biểu'."""
    made = runner.invoke(app, ["template", "init", str(folder)])
    assert made.exit_code == 0, made.stderr
    path = folder / "bang.j2"
    text = path.read_text("utf-8")
    for old, new in (
        ('"luy_ke": "Lũy kế"', '"luy_ke": "Cộng dồn"'),
        ('"da_luu": "Các kỳ đã lưu"', '"da_luu": "Các kỳ trong sổ"'),
        ('"nguoi_lap": "Người lập biểu"', '"nguoi_lap": "Người tổng hợp"'),
        ("Kết quả {{ period.label }}", "Số liệu {{ period.label }}"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")


def test_headings_change_by_editing_one_template(runner: CliRunner, in_tmp: Path) -> None:
    _edited(runner, in_tmp / "mau")
    book = make_summary(in_tmp / "a.xlsx")
    args = ["report", str(book), "--templates", "mau", "--store", "h.sqlite"]
    made = runner.invoke(app, [*args, "-o", "r.docx", "-o", "r.xlsx"], env={"COLUMNS": "160"})
    assert made.exit_code == 0, made.stderr
    # the terminal's summary
    assert "Số liệu 6 tháng" in made.stderr and "Cộng dồn" in made.stderr
    assert "Lũy kế" not in made.stderr
    # the history's tables
    shown = runner.invoke(
        app, ["history", "--store", "h.sqlite", "--templates", "mau"], env={"COLUMNS": "160"}
    )
    assert shown.exit_code == 0, shown.output
    assert "Các kỳ trong sổ" in shown.output and "Các kỳ đã lưu" not in shown.output
    # the workbook: Bảng 2's sub-heading over each indicator's period figures, its signer line
    sheet = openpyxl.load_workbook(in_tmp / "r.xlsx")["Tổng hợp"]
    texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "Người tổng hợp" in texts and "Người lập biểu" not in texts
    # and the Word report's tables, from the same macro
    import docx

    cells = {
        c.text
        for t in docx.Document(str(in_tmp / "r.docx")).tables
        for r in t.rows
        for c in r.cells
    }
    assert "Cộng dồn" in cells and "Lũy kế" not in cells
