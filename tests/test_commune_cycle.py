"""The reporting cycle in the commune era as a new user follows it: 99 forms written, 60 filled
and returned into the same folder, the report on the folder; and comparisons like with like."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.store.history import History
from tests.conftest import make_unit_form

Forms = Callable[[Path, str], list[Path]]


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory: pytest.TempPathFactory) -> Forms:
    """`dean24 form DIR --period P` into DIR, the blank forms sorted: the command writes a
    period's forms (99 communes take seconds) once in this module; each test fills a copy."""
    written: dict[str, Path] = {}

    def make(folder: Path, period: str) -> list[Path]:
        if period not in written:
            source = tmp_path_factory.mktemp("forms") / period
            made = CliRunner().invoke(app, ["form", str(source), "--period", period])
            assert made.exit_code == 0, made.output
            written[period] = source
        shutil.copytree(written[period], folder)
        return sorted(folder.glob("*.xlsx"))

    return make


# A blank form's bytes, seed and base → the form as _fill leaves it: tests that fill the same
# forms alike (the first 40 of 2026-H1) load and save each once.
_FILLED: dict[tuple[bytes, int, int], bytes] = {}


def _fill(path: Path, seed: int, base: int = 0) -> None:
    """Period figures 0-2 and cumulatives up to 6 above `base` (a later period's base above
    every earlier cumulative: a cumulative never falls)."""
    key = (hashlib.sha256(path.read_bytes()).digest(), seed, base)
    if key in _FILLED:
        path.write_bytes(_FILLED[key])
        return
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    for i in range(7):
        in_period = (seed + i) % 3
        ws.cell(row=7 + i, column=4, value=in_period)
        ws.cell(row=7 + i, column=5, value=base + in_period + (seed + 2 * i) % 5)
    wb.save(path)
    _FILLED[key] = path.read_bytes()


def test_the_cycle_with_60_of_99_forms_filled(
    runner: CliRunner, in_tmp: Path, blank_forms: Forms
) -> None:
    forms = blank_forms(in_tmp / "bieu", "2026-H1")
    assert len(forms) == 99
    for n, path in enumerate(forms[:60]):
        _fill(path, n)
    filled = {p.stem for p in forms[:60]}
    result = runner.invoke(
        app, ["report", "bieu", "--store", "h.sqlite", "-o", "r.json", "-o", "r.md"]
    )
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "r.json").read_text("utf-8"))
    assert model["coverage"] == {"reported": 60, "expected": 99, "carried": 0}
    assert {u["name"] for u in model["units"] if u["reported"]} == filled
    assert len(model["missing_units"]) == 39 and not filled & set(model["missing_units"])
    for indicator in model["indicators"]:
        assert not set(indicator.get("units_without_result", [])) & set(model["missing_units"])
    (blank,) = [w for w in model["warnings"] if w["code"] == "form_not_filled"]
    assert blank["message"].startswith("39 biểu chưa điền số liệu nào")
    text = (in_tmp / "r.md").read_text("utf-8")
    assert "trên cơ sở báo cáo của 60/99 đảng bộ xã, phường" in text
    assert "còn 39 đảng bộ xã, phường chưa có báo cáo, chi tiết tại Phụ lục" in text
    # A unit that sent nothing is never among units with no result.
    blamed = [line for line in text.splitlines() if "chưa có kết quả" in line]
    for name in model["missing_units"]:
        bare = name.split(" ", 1)[1]
        assert not [line for line in blamed if f" {bare}" in line], name
    for abolished in ("Huyện", "huyện ủy", "Thành phố Lào Cai", "Thị xã Sa Pa"):
        assert abolished not in text
    # The history holds the 60 reports, never 39 reports of zeros.
    with History(in_tmp / "h.sqlite", readonly=True) as history:
        (stored,) = history.periods()
        assert (stored.units, stored.carried) == (60, 0)
    # Every returned form checks as the commune it is, without --config.
    for path in forms[:3]:
        checked = runner.invoke(app, ["check", str(path)])
        assert checked.exit_code == 0, checked.output
        assert f"Đơn vị: {path.stem} (" in checked.output


def test_a_comparison_across_a_change_of_senders_is_like_for_like(
    runner: CliRunner, in_tmp: Path
) -> None:
    reports = (
        ("h1", "6 tháng đầu năm 2024", (("Bát Xát", 10), ("Bắc Hà", 26), ("Sa Pa", 5))),
        ("h2", "6 tháng cuối năm 2024", (("Bát Xát", 3), ("Sa Pa", 4))),
    )
    cumulative: dict[str, int] = {}
    for folder, period, units in reports:
        (in_tmp / folder).mkdir()
        for i, (name, value) in enumerate(units):
            cumulative[name] = cumulative.get(name, 0) + value
            make_unit_form(
                in_tmp / folder / f"{i}.xlsx",
                name,
                [(value, cumulative[name])] * 7,
                period_line=f"Kỳ báo cáo: {period}",
            )
        args = [
            "report",
            folder,
            "--store",
            "h.sqlite",
            "-o",
            f"{folder}.json",
            "-o",
            f"{folder}.md",
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    text = (in_tmp / "h2.md").read_text("utf-8")
    # 7 now against 15 from the same two units, never against 41 with Bắc Hà's 26.
    # The basis is said once; each comparison is then over the same two units.
    assert (
        "Các số so sánh với 6 tháng đầu năm 2024 dưới đây không tính huyện Bắc Hà, chưa báo cáo "
        "kỳ này." in text
    )
    assert text.count("không tính huyện Bắc Hà") == 2  # the section, once; the table's note
    assert (
        "Riêng 6 tháng cuối năm 2024, các đảng bộ đã báo cáo kết nạp được 7 đảng viên, giảm 8 đảng "
        "viên so với 6 tháng đầu năm 2024 (15)" in text
    )
    assert "(41)" not in text
    model = json.loads((in_tmp / "h2.json").read_text("utf-8"))
    previous = model["indicators"][0]["previous"]
    assert previous["period_value"] == 15
    assert previous["same_units"] == {
        "units": 2,
        "period_value_now": 7,
        "left_out": ["Huyện Bắc Hà"],
    }
    # Bắc Hà's cumulative is carried and said so where the verdicts state their basis.
    assert model["coverage"] == {"reported": 2, "expected": 10, "carried": 1}
    assert "trên cơ sở báo cáo của 2/10 đảng bộ và số lũy kế kỳ trước của 1 đảng bộ" in text


def test_units_that_did_not_report_the_period_before_are_left_out_once(
    runner: CliRunner, in_tmp: Path
) -> None:
    """Units reporting now that did not report the period before: the comparison is said over
    the units of both periods once, before the results; a sentence never sets the earlier figure
    beside a figure it was not compared with, and the table shows the figure it compared."""
    reports = (
        ("h1", "6 tháng đầu năm 2024", (("Bát Xát", 10), ("Sa Pa", 5))),
        ("h2", "6 tháng cuối năm 2024", (("Bát Xát", 12), ("Bắc Hà", 4), ("Sa Pa", 5))),
    )
    cumulative: dict[str, int] = {}
    for folder, period, units in reports:
        (in_tmp / folder).mkdir()
        for i, (name, value) in enumerate(units):
            cumulative[name] = cumulative.get(name, 0) + value
            make_unit_form(
                in_tmp / folder / f"{i}.xlsx",
                name,
                [(value, cumulative[name])] * 7,
                period_line=f"Kỳ báo cáo: {period}",
            )
        args = ["report", folder, "--store", "h.sqlite", "-o", f"{folder}.md"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    text = (in_tmp / "h2.md").read_text("utf-8")
    body = text.split("## III.")[0]
    assert (
        "Các số so sánh với 6 tháng đầu năm 2024 dưới đây không tính huyện Bắc Hà, chưa báo cáo "
        "kỳ đó." in body
    )
    assert body.count("Bắc Hà") == 1
    # 21 this half year, 17 of it from the two units that reported both times, against 15.
    assert (
        "Riêng 6 tháng cuối năm 2024, các đảng bộ đã báo cáo kết nạp được 21 đảng viên, tăng 2 "
        "đảng viên so với 6 tháng đầu năm 2024 (tính trên cùng các đơn vị: 17 so với 15);" in body
    )
    assert "(15)" not in body and "cả hai kỳ" not in body
    rows = [line for line in text.splitlines() if line.startswith("| 1 | Số đảng viên")]
    header = next(line for line in text.splitlines() if "(cùng đơn vị)" in line)
    assert header.split(" | ")[2:6] == [
        "6 tháng cuối năm 2024",
        "6 tháng cuối năm 2024 (cùng đơn vị)",
        "6 tháng đầu năm 2024",
        "Tăng (+), giảm (-)",
    ]
    assert rows[-1].split(" | ")[2:6] == ["21", "17", "15", "+2"]
    assert (
        "So với 6 tháng đầu năm 2024, số liệu và mức tăng, giảm không tính huyện Bắc Hà, chưa "
        "báo cáo kỳ đó." in text
    )


def test_many_units_carried_forward_are_said_in_a_whole_sentence(
    runner: CliRunner, in_tmp: Path, blank_forms: Forms
) -> None:
    """Units that sent nothing this time, too many to name, are 'các đơn vị này' (all of the
    missing) or a count (some of them) whose cumulative comes from their last report; never a
    sentence with a hole in it."""

    def cycle(period: str, filled: int) -> str:
        folder = in_tmp / period
        for n, path in enumerate(blank_forms(folder, period)[:filled]):
            _fill(path, n)
        result = runner.invoke(app, ["report", str(folder), "--store", "h.sqlite", "-o", "r.md"])
        assert result.exit_code == 0, result.output
        text = (in_tmp / "r.md").read_text("utf-8")
        assert "của chi tiết" not in text
        lines = [x for x in text.splitlines() if "chưa gửi báo cáo" in x and x.startswith("- ")]
        assert len(lines) <= 1
        return lines[0] if lines else ""

    assert cycle("2024-H1", 10) == ""
    line = cycle("2024-H2", 3)  # the 7 others all reported before
    assert line.startswith("- Còn 7/10 ")
    assert "số lũy kế của các đơn vị này lấy theo báo cáo 6 tháng đầu năm 2024." in line
    cycle("2025-H1", 2)
    line = cycle("2025-H2", 50)  # 49 communes missing, none reported before
    assert "số liệu trong báo cáo chưa bao gồm các đơn vị này." in line
    line = cycle("2026-H1", 40)  # 59 missing: 10 reported in 2025-H2, 49 never
    assert (
        "số lũy kế của 10 đảng bộ xã, phường (chi tiết tại Phụ lục, Bảng 2) lấy theo báo cáo"
        in line
    )


def test_the_comparison_table_compares_the_same_units(
    runner: CliRunner, in_tmp: Path, blank_forms: Forms
) -> None:
    """Where some units reported in one period only, the table's change is worked out over
    the units of both periods, this period's figure over them stands beside the earlier one (a
    row's figures give its change), and the note names the units left out."""
    for period, filled, base in (("2024-H1", 6, 0), ("2024-H2", 8, 7)):
        folder = in_tmp / period
        for n, path in enumerate(blank_forms(folder, period)[:filled]):
            _fill(path, n + 7 * filled, base)
        result = runner.invoke(
            app, ["report", str(folder), "--store", "h.sqlite", "-o", "r.md", "-o", "r.json"]
        )
        assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "r.json").read_text("utf-8"))
    text = (in_tmp / "r.md").read_text("utf-8")
    table = text[text.index("So sánh số trong kỳ với các kỳ trước") :]
    basis = (
        "So với 6 tháng đầu năm 2024, số liệu và mức tăng, giảm không tính thành phố Lào Cai và "
        "huyện Văn Bàn, chưa báo cáo kỳ đó."
    )
    assert basis in table
    assert "| 6 tháng cuối năm 2024 | 6 tháng cuối năm 2024 (cùng đơn vị) | 6 tháng đầu" in table
    differs = 0
    for number, indicator in enumerate(model["indicators"], start=1):
        earlier = indicator["previous"]
        now = earlier["same_units"]["period_value_now"]
        differs += now != indicator["period_value"]
        change = now - earlier["period_value"]
        (row,) = [line for line in table.splitlines() if line.startswith(f"| {number} |")]
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2:6] == [
            str(indicator["period_value"]),
            str(now),
            str(earlier["period_value"]),
            f"{'+' if change > 0 else ''}{change}",
        ]
    assert differs  # the two units new this period changed the totals, not the comparison


def test_units_with_no_result_since_the_start_point_to_the_appendix_once(
    runner: CliRunner, in_tmp: Path, blank_forms: Forms
) -> None:
    """Two long lists of communes with no result since the programme began: counted in one
    bullet, with one pointer to the appendix, not one per list."""
    for n, path in enumerate(blank_forms(in_tmp / "bieu", "2025-H2")):
        figures = [(1, 2), (1, 1) if n < 10 else (0, 0), (1, 1) if n < 20 else (0, 0)]
        figures += [(5, 50), (0, 1), (0, 1), (0, 2)]
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        assert ws is not None
        for i, (in_period, cumulative) in enumerate(figures):
            ws.cell(row=7 + i, column=4, value=in_period)
            ws.cell(row=7 + i, column=5, value=cumulative)
        wb.save(path)
    result = runner.invoke(app, ["report", "bieu", "-o", "r.md"])
    assert result.exit_code == 0, result.output
    text = (in_tmp / "r.md").read_text("utf-8")
    (line,) = [
        x for x in text.splitlines() if x.startswith("- Từ khi thực hiện Đề án đến nay, còn")
    ]
    assert line == (
        "- Từ khi thực hiện Đề án đến nay, còn 89 đảng bộ xã, phường chưa thành lập được tổ chức "
        "đảng nào; 79 đảng bộ xã, phường chưa thành lập được công đoàn cơ sở nào (chi tiết tại "
        "Phụ lục, Bảng 3)."
    )
