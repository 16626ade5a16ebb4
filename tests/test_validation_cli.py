"""Bad inputs through the CLI: one clear message naming the cell, exit 1, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SMALL, make_summary, make_unit_form


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["report", *args, "-o", "r.md", "-o", "r.json"])


def assert_refused(result: Any, folder: Path, *fragments: str) -> None:
    assert result.exit_code == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in folder.iterdir() if p.suffix in {".md", ".json", ".docx"}) == []


def with_row(name: str, values: list[Any]) -> dict[str, list[Any]]:
    rows = dict(SMALL)
    rows[name] = values
    return rows


BASE = [(1, 2)] * 7


def test_unknown_unit(runner: CliRunner, in_tmp: Path) -> None:
    book = make_summary(in_tmp / "a.xlsx", with_row("Huyện Ba Vì", BASE))
    result = run(runner, str(book))
    assert_refused(result, in_tmp, "[unknown_unit]", 'trang "Tổng hợp", ô B10', '"Huyện Ba Vì"')


def test_same_unit_twice(runner: CliRunner, in_tmp: Path) -> None:
    book = make_summary(in_tmp / "a.xlsx", with_row("Đảng bộ huyện Bát Xát ", BASE))
    # The summary now names Bát Xát twice (as "Huyện ủy Bát Xát" and "Đảng bộ huyện Bát Xát").
    result = run(runner, str(book))
    assert_refused(result, in_tmp, "[duplicate_unit]", "ô B10", "Huyện Bát Xát", "ô B9")


def test_same_unit_in_two_workbooks(runner: CliRunner, in_tmp: Path) -> None:
    make_unit_form(in_tmp / "a.xlsx", "Huyện ủy Bát Xát", BASE)
    make_unit_form(in_tmp / "b.xlsx", "Bát Xát", BASE)
    result = run(runner, str(in_tmp / "a.xlsx"), str(in_tmp / "b.xlsx"))
    assert_refused(result, in_tmp, "[duplicate_unit]", "b.xlsx", "a.xlsx")


def test_unknown_indicator_column(runner: CliRunner, in_tmp: Path) -> None:
    rows = {name: [*values, (1, 1)] for name, values in SMALL.items()}
    book = make_summary(in_tmp / "a.xlsx", rows, extra_column="Số hội viên hội nông dân")
    result = run(runner, str(book))
    assert_refused(result, in_tmp, "[unknown_indicator]", "ô Q5", '"Số hội viên hội nông dân"')


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        ("khoảng 20", "value_not_number", '"khoảng 20"'),
        (2.5, "value_decimal", "2,5"),
        ("2,5", "value_decimal", '"2,5"'),
        (-3, "value_negative", "-3"),
        (250000, "value_too_large", "250.000"),
    ],
)
def test_values_that_are_not_counts(
    runner: CliRunner, in_tmp: Path, value: Any, code: str, shown: str
) -> None:
    book = make_summary(in_tmp / "a.xlsx", with_row("Huyện Bảo Yên", [(value, 300000), *BASE[1:]]))
    result = run(runner, str(book))
    assert_refused(result, in_tmp, f"[{code}]", "ô C10", shown)


def test_every_error_is_listed_together(runner: CliRunner, in_tmp: Path) -> None:
    rows = with_row("Huyện Ba Vì", BASE)
    rows["Huyện Bảo Yên"] = [("mười", 5), *BASE[1:]]
    book = make_summary(in_tmp / "a.xlsx", rows)
    result = run(runner, str(book))
    assert_refused(result, in_tmp, "có 2 lỗi", "[unknown_unit]", "[value_not_number]")


def test_cumulative_below_period(runner: CliRunner, in_tmp: Path) -> None:
    book = make_summary(in_tmp / "a.xlsx", with_row("Huyện Bảo Yên", [(5, 3), *BASE[1:]]))
    result = run(runner, str(book))
    assert_refused(result, in_tmp, "[cumulative_below_period]", "ô D10", "Số lũy kế (3)")


def test_no_period_anywhere(runner: CliRunner, in_tmp: Path) -> None:
    book = make_summary(in_tmp / "a.xlsx", period_line=None, sheet_title="Sheet1")
    result = run(runner, str(book))
    assert_refused(result, in_tmp, "[period_missing]", "--period")


def test_no_period_in_the_workbook_but_on_the_command_line(runner: CliRunner, in_tmp: Path) -> None:
    book = make_summary(in_tmp / "a.xlsx", period_line=None, sheet_title="Sheet1")
    result = run(runner, str(book), "--period", "2024-Q2")
    assert result.exit_code == 0, result.stderr
    assert json.loads((in_tmp / "r.json").read_text("utf-8"))["period"]["code"] == "2024-Q2"


def test_workbooks_naming_different_periods(runner: CliRunner, in_tmp: Path) -> None:
    make_unit_form(in_tmp / "a.xlsx", "Bát Xát", BASE)
    make_unit_form(in_tmp / "b.xlsx", "Bắc Hà", BASE, period_line="Kỳ báo cáo: quý I/2024")
    result = run(runner, str(in_tmp / "a.xlsx"), str(in_tmp / "b.xlsx"))
    assert_refused(result, in_tmp, "[period_conflict]", "quý I năm 2024", "6 tháng đầu năm 2024")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--period", "2024-H3"], "[bad_period]"),
        (["-o", "r.odt"], "[bad_output]"),
        (["--date", "17/7/2024"], "YYYY-MM-DD"),
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, in_tmp: Path, args: list[str], fragment: str
) -> None:
    book = make_summary(in_tmp / "a.xlsx")
    result = runner.invoke(app, ["report", str(book), *args])
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert not list(in_tmp.glob("*.md"))


def test_missing_input_file(runner: CliRunner, in_tmp: Path) -> None:
    result = run(runner, "khong_co.xlsx")
    assert_refused(result, in_tmp, "khong_co.xlsx")


def test_debug_shows_the_traceback(runner: CliRunner, in_tmp: Path) -> None:
    book = make_summary(in_tmp / "a.xlsx", with_row("Huyện Ba Vì", BASE))
    result = runner.invoke(app, ["report", str(book), "--debug", "-o", "r.md"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
