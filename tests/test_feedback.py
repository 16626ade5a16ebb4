"""Marked copies to send back: cells at fault filled and commented, originals untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SMALL, make_summary, make_unit_form

VALUES: list[Any] = [(1, 10), (0, 1), (1, 3), (40, 100), (0, 1), (1, 2), (5, 9)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inputs(folder: Path) -> dict[str, Path]:
    """Three unit forms: two clean, one with an error (cumulative below period, E9)."""
    folder.mkdir()
    bad = list(VALUES)
    bad[3] = (40, 20)
    files = {
        "clean": (folder / "bat_xat.xlsx", "Huyện ủy Bát Xát", VALUES),
        "bad": (folder / "sa_pa.xlsx", "Thị ủy Sa Pa", bad),
        "clean2": (folder / "bac_ha.xlsx", "Huyện ủy Bắc Hà", VALUES),
    }
    for path, unit, values in files.values():
        make_unit_form(path, unit, values)
    return {name: path for name, (path, _, _) in files.items()}


def _comments(path: Path) -> dict[tuple[str, str], str]:
    workbook = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): cell.comment.text
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.comment is not None
    }


def test_report_with_errors_still_writes_the_marked_copy(runner: CliRunner, tmp_path: Path) -> None:
    files = _inputs(tmp_path / "in")
    before = {name: _digest(path) for name, path in files.items()}
    feedback = tmp_path / "gop_y"
    result = runner.invoke(
        app,
        [
            "report",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "r.json"),
            "--feedback",
            str(feedback),
        ],
    )
    assert result.exit_code == 1
    assert not (tmp_path / "r.json").exists()
    assert (
        f"Đã ghi bản đánh dấu để gửi lại đơn vị: {feedback / 'sa_pa.gop_y.xlsx'}" in result.stderr
    )
    # Only the faulty file has a copy; the originals are unchanged.
    assert sorted(p.name for p in feedback.iterdir()) == ["sa_pa.gop_y.xlsx"]
    assert {name: _digest(path) for name, path in files.items()} == before
    copy = openpyxl.load_workbook(feedback / "sa_pa.gop_y.xlsx")
    assert copy.sheetnames == ["Cần kiểm tra", "Biểu"]
    listing = [row for row in copy["Cần kiểm tra"].iter_rows(values_only=True)]
    assert ("STT", "Trang", "Ô", "Mức", "Mã", "Nội dung", "Cần làm") in listing
    assert any(row[:5] == (1, "Biểu", "E9", "Lỗi", "cumulative_below_period") for row in listing)
    comments = _comments(feedback / "sa_pa.gop_y.xlsx")
    assert list(comments) == [("Biểu", "E9")]
    assert comments[("Biểu", "E9")].startswith("Lỗi [cumulative_below_period]: Số lũy kế (20)")
    assert "Cần làm: " in comments[("Biểu", "E9")]
    assert copy["Biểu"]["E9"].fill.start_color.rgb.endswith("FFC7CE")
    # The copy keeps the unit's figures where they were.
    assert copy["Biểu"]["D9"].value == 40 and copy["Biểu"]["E9"].value == 20


def test_report_with_warnings_writes_report_and_copy(runner: CliRunner, tmp_path: Path) -> None:
    # A totals row that does not match the sum is a warning at its cell.
    flat = [
        v
        for pair in [(6, 78), (1, 3), (3, 15), (606, 1664), (3, 8), (7, 18), (11, 29)]
        for v in pair
    ]
    flat[0] = 7  # 5 + 0 + 1 = 6
    source = make_summary(tmp_path / "tong_hop.xlsx", SMALL, totals=flat)
    before = _digest(source)
    feedback = tmp_path / "gop_y"
    result = runner.invoke(
        app, ["report", str(source), "-o", str(tmp_path / "r.json"), "--feedback", str(feedback)]
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "r.json").is_file()
    copy = feedback / "tong_hop.gop_y.xlsx"
    assert f"Đãghi:{copy}" in "".join(result.stderr.split())
    comments = _comments(copy)
    assert ("Tổng hợp", "C10") in comments
    assert comments[("Tổng hợp", "C10")].startswith("Cảnh báo [totals_mismatch]")
    assert _digest(source) == before


def test_clean_inputs_get_no_copy(runner: CliRunner, tmp_path: Path) -> None:
    source = make_summary(tmp_path / "tong_hop.xlsx")
    feedback = tmp_path / "gop_y"
    result = runner.invoke(
        app, ["report", str(source), "-o", str(tmp_path / "r.json"), "--feedback", str(feedback)]
    )
    assert result.exit_code == 0, result.stderr
    assert not feedback.exists() or list(feedback.iterdir()) == []


def test_check_writes_the_copy_for_one_file(runner: CliRunner, tmp_path: Path) -> None:
    files = _inputs(tmp_path / "in")
    feedback = tmp_path / "gop_y"
    result = runner.invoke(app, ["check", str(files["bad"]), "--feedback", str(feedback)])
    assert result.exit_code == 1
    assert (
        f"Đã ghi bản đánh dấu để gửi lại đơn vị: {feedback / 'sa_pa.gop_y.xlsx'}" in result.stdout
    )
    assert list(_comments(feedback / "sa_pa.gop_y.xlsx")) == [("Biểu", "E9")]
    clean = runner.invoke(app, ["check", str(files["clean"]), "--feedback", str(feedback)])
    assert clean.exit_code == 0
    assert sorted(p.name for p in feedback.iterdir()) == ["sa_pa.gop_y.xlsx"]


def test_a_copy_that_would_replace_an_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    files = _inputs(tmp_path / "in")
    # An input named like the copy of another, in the feedback folder itself.
    clash = tmp_path / "in" / "sa_pa.gop_y.xlsx"
    clash.write_bytes(files["clean"].read_bytes())
    before = _digest(clash)
    result = runner.invoke(
        app,
        [
            "report",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "r.json"),
            "--feedback",
            str(tmp_path / "in"),
        ],
    )
    assert result.exit_code == 2
    assert "[output_is_input]" in result.stderr
    assert _digest(clash) == before


def test_xls_input_gets_an_xlsx_copy_of_its_values(runner: CliRunner, tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Biểu")
    sheet.write(0, 0, "THỊ ỦY SA PA")
    sheet.write(1, 0, "Đơn vị: Thị ủy Sa Pa")
    sheet.write(2, 0, "Kỳ báo cáo: 6 tháng đầu năm 2024")
    for col, text in enumerate(
        ["STT", "Chỉ tiêu", "ĐVT", "Trong kỳ", "Lũy kế từ khi thực hiện Đề án"]
    ):
        sheet.write(4, col, text)
    from tests.conftest import LABELS

    for i, (label, pair) in enumerate(zip(LABELS.values(), VALUES, strict=True)):
        sheet.write(5 + i, 0, i + 1)
        sheet.write(5 + i, 1, label)
        sheet.write(5 + i, 2, "người")
        sheet.write(5 + i, 3, pair[0])
        sheet.write(5 + i, 4, 20 if i == 3 else pair[1])
    source = tmp_path / "sa_pa.xls"
    book.save(str(source))
    before = _digest(source)
    feedback = tmp_path / "gop_y"
    result = runner.invoke(app, ["check", str(source), "--feedback", str(feedback)])
    assert result.exit_code == 1
    copy = feedback / "sa_pa.gop_y.xlsx"
    workbook = openpyxl.load_workbook(copy)
    assert (
        workbook["Biểu"]["E9"].value == 20
        and workbook["Biểu"]["B9"].value == LABELS["doan_vien_cong_doan"]
    )
    assert list(_comments(copy)) == [("Biểu", "E9")]
    notes = [r[0] for r in workbook["Cần kiểm tra"].iter_rows(values_only=True) if r[0]]
    assert any("không phải dạng .xlsx" in str(n) and "chỉ giữ giá trị" in str(n) for n in notes)
    assert _digest(source) == before


def test_batch_writes_a_copy_for_each_faulty_input(runner: CliRunner, tmp_path: Path) -> None:
    files = _inputs(tmp_path / "inbox")
    feedback = tmp_path / "gop_y"
    log = tmp_path / "log.jsonl"
    result = runner.invoke(
        app,
        [
            "batch",
            str(tmp_path / "inbox"),
            "--out",
            str(tmp_path / "out"),
            "--formats",
            "json",
            "--feedback",
            str(feedback),
            "--log",
            str(log),
            "-q",
        ],
    )
    assert result.exit_code == 1  # the faulty input failed, the others were reported
    assert sorted(p.name for p in feedback.iterdir()) == ["sa_pa.gop_y.xlsx"]
    assert list(_comments(feedback / "sa_pa.gop_y.xlsx")) == [("Biểu", "E9")]
    assert (tmp_path / "out" / "bat_xat.json").is_file()
    assert not (tmp_path / "out" / "sa_pa.json").exists()
    failed = [line for line in log.read_text("utf-8").splitlines() if '"status": "failed"' in line]
    assert len(failed) == 1 and "sa_pa.gop_y.xlsx" in failed[0]
    assert files["bad"].is_file()
