"""The workbooks of tests/corpus_roles.py: each read with its figures, or refused as stated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.corpus_roles import BUILDERS
from tests.test_variety import check_variant


@pytest.mark.parametrize("name", list(BUILDERS))
def test_variant(name: str, tmp_path: Path) -> None:
    """Read with its figures, or refused as stated; a variant read with a notice of its own
    (a derived cumulative, columns not added, a hidden row) must say it."""
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    v = BUILDERS[name](folder)
    check_variant(v, tmp_path)
    if v.error is None:
        data = json.loads((tmp_path / "out.json").read_text("utf-8"))
        said = {w["code"] for w in data["warnings"]}
        assert v.warnings - {"units_missing", "year_to_date_incomplete"} <= said, said


def test_derived_cumulative_is_marked_in_the_json(tmp_path: Path) -> None:
    """A cumulative worked out from 'Lũy kế đến 31/12/2023' + the period is marked as such,
    its cell the one holding the cumulative before."""
    import json

    from typer.testing import CliRunner

    from dean24.commands.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    v = BUILDERS["past_cumulative_dated_before_the_period"](folder)
    out = tmp_path / "out.json"
    text = tmp_path / "out.md"
    args = ["report", *map(str, v.inputs), "-o", str(out), "-o", str(text)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    # the report itself says how its cumulative came about, not only the notice
    said = next(
        line for line in text.read_text("utf-8").splitlines() if "ghi số lũy kế đến hết kỳ" in line
    )
    assert said.endswith("bằng số ấy cộng số trong kỳ."), said  # a paragraph of its own
    unit = next(u for u in data["units"] if u["name"] == "Huyện Bắc Hà")
    admitted = unit["values"]["ket_nap_dang_vien"]
    assert admitted == {
        "period": 3,
        "cumulative": 21,
        "cells": {"period": "E6", "cumulative": "D6"},
        "cumulative_derived": True,
    }
    notice = next(w for w in data["warnings"] if w["code"] == "cumulative_derived")
    assert "«Lũy kế đến 31/12/2023»" in notice["message"]


# ---- property: whatever the columns hold, no wrong figure comes out with exit 0 ---------------

# Header wordings, and what a column so headed may hold in a report of each period: the
# meanings a careful person could give it (more than one where the header does not say).
_PERIODS = {
    "2024-H1": ("Kỳ báo cáo: 6 tháng đầu năm 2024", "6 tháng đầu năm 2024"),
    "2024-H2": ("Kỳ báo cáo: 6 tháng cuối năm 2024", "6 tháng cuối năm"),
    "2024-Q2": ("Kỳ báo cáo: Quý II năm 2024", "Quý II"),
    "2024-Q3": ("Kỳ báo cáo: quý III/2024", "Quý III năm 2024"),
    "2024-Q4": ("Kỳ báo cáo: Quý IV năm 2024", "Quý IV"),
}
_HEADERS: list[tuple[str, tuple[str, ...]]] = [
    ("Trong kỳ", ("p",)),
    ("Thực hiện", ("p",)),
    ("{own}", ("p",)),
    ("Lũy kế từ khi thực hiện Đề án", ("c",)),
    ("Lũy kế đến nay", ("c",)),
    ("Lũy kế", ("c", "ytd")),
    ("Lũy kế từ đầu năm", ("ytd",)),
    ("Lũy kế từ 01/01/2024 đến nay", ("ytd",)),
    ("Lũy kế năm 2023", ("cmp",)),
    ("Lũy kế giai đoạn 2022 - 2025", ("c",)),
    ("Cả năm 2024", ("ytd", "est", "plan")),
    ("Lũy kế 9 tháng", ("ytd", "cmp")),
    ("Lũy kế đến 31/12/2023", ("prev", "cmp")),
    ("Số đã báo cáo đến hết kỳ trước", ("prev",)),
    ("Cùng kỳ năm 2023", ("cmp",)),
    ("Quý I", ("cmp",)),
    ("Kết quả 6 tháng đầu năm 2023", ("cmp",)),
    ("Kế hoạch năm 2024", ("plan",)),
    ("Ước thực hiện cả năm", ("est",)),
    ("Tỷ lệ %", ("pct",)),
]
_YEAR_START = {"2024-H1"}


def _holds(header: str, meanings: tuple[str, ...], code: str, pick: int) -> str:
    """What the column holds in a report of this period: one of its meanings, or the
    meaning fixed by the period ('Lũy kế 9 tháng' is the year to date only in Q3)."""
    if header == "Lũy kế 9 tháng" and code != "2024-Q3":
        return "cmp"
    if header == "Lũy kế" and code in _YEAR_START:
        return "c"  # the year to date of a first half is the period itself
    if header == "Lũy kế đến 31/12/2023" and code == "2024-H1":
        return "prev"
    if header == "Cả năm 2024" and code in ("2024-H2", "2024-Q4"):
        return "ytd"
    if header in ("Quý I", "Kết quả 6 tháng đầu năm 2023") or header == "{own}":
        return meanings[0]
    return meanings[pick % len(meanings)]


def _figures_of(data: dict[str, Any]) -> dict[str, tuple[int, int]]:
    unit = next(u for u in data["units"] if u["name"] == "Huyện Bắc Hà")
    return {code: (v["period"], v["cumulative"]) for code, v in unit["values"].items()}


def test_no_column_layout_gives_wrong_figures_with_exit_0(tmp_path: Path) -> None:
    """Forms and summaries with two to four columns drawn from the wordings above, each
    holding what its header may mean: every one is read with its true figures or refused;
    never a figure read from a column of another meaning with exit 0."""
    import json
    import random

    from typer.testing import CliRunner

    from dean24.commands.cli import app
    from tests.corpus_roles import form, summary
    from tests.variety import CODES, DATA, Book

    rng = random.Random(24)
    runner = CliRunner()
    truth = {code: DATA["Huyện Bắc Hà"][i] for i, code in enumerate(CODES)}
    outcomes = {"read": 0, "refused": 0}
    for n in range(48):
        code = rng.choice(list(_PERIODS))
        line, own = _PERIODS[code]
        # A period column and a cumulative one as a form has them, and up to two more.
        chosen = [rng.choice(_HEADERS[:3]), rng.choice(_HEADERS[3:6] + _HEADERS[9:11])]
        chosen += rng.sample(_HEADERS[5:], rng.randint(0, 2))
        rng.shuffle(chosen)
        heads = [
            (h.replace("{own}", own), _holds(h, meanings, code, rng.randrange(6)))
            for h, meanings in chosen
        ]
        folder = tmp_path / f"f{n}"
        folder.mkdir()
        path = folder / "bieu.xlsx"
        summary_layout = n % 3 == 0
        if summary_layout:
            sheet = summary(line, heads, units=["Huyện Bắc Hà"])
        else:
            sheet = form("Huyện Bắc Hà", line, heads)
        Book([sheet]).save(path)
        out = folder / "out.json"
        result = runner.invoke(app, ["report", str(path), "-o", str(out)])
        if result.exit_code != 0:
            assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
            outcomes["refused"] += 1
            continue
        data = json.loads(out.read_text("utf-8"))
        assert data["period"]["code"] == code, heads
        assert _figures_of(data) == truth, (code, heads)
        outcomes["read"] += 1
    assert outcomes["read"] >= 5 and outcomes["refused"] >= 5, outcomes


def test_one_cause_in_many_files_is_said_once(tmp_path: Path) -> None:
    """Three forms that lack the cumulative since the programme: one message naming the
    three files, not three copies of it."""
    from typer.testing import CliRunner

    from dean24.commands.cli import app
    from tests.corpus_roles import Q3, form
    from tests.variety import Book

    folder = tmp_path / "in"
    folder.mkdir()
    heads = [("Trong quý", "p"), ("Lũy kế 9 tháng", "ytd")]
    for unit in ("Huyện Bắc Hà", "Thị xã Sa Pa", "Huyện Bát Xát"):
        Book([form(unit, Q3, heads)]).save(folder / f"{unit}.xlsx")
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "[column_missing]" in line]
    assert len(lines) == 1, result.stderr
    assert "3 nơi cùng một vấn đề" in lines[0]
    for unit in ("Huyện Bắc Hà", "Thị xã Sa Pa", "Huyện Bát Xát"):
        assert f"{unit}.xlsx" in lines[0]


def _warning_messages(paths: list[Path], tmp_path: Path, code: str) -> list[str]:
    import json

    from typer.testing import CliRunner

    from dean24.commands.cli import app

    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["report", *map(str, paths), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    return [w["message"] for w in data["warnings"] if w["code"] == code]


def test_rows_set_aside_under_a_summary_name_their_labels_as_read(tmp_path: Path) -> None:
    """A plan row and a ratio row whose labels carry characters that show nothing: a format
    character (a direction mark) is dropped, as everywhere in cell text; a control character
    left by a bad conversion is written out, so the label shown is not one that looks right."""
    from tests.corpus_roles import H1, one_sheet, province_totals, summary, with_row
    from tests.variety import DATA

    heads = [("Trong kỳ", "p"), ("Lũy kế từ khi thực hiện Đề án", "c")]
    s = summary(H1, heads)
    last = 6 + len(DATA)
    with_row(s, last + 1, "Tổng cộng", province_totals(heads))
    with_row(s, last + 2, "Chỉ tiêu\u200e giao năm 2024", [30] * 14)
    with_row(s, last + 3, "Kế hoạch năm\x90 2024", [40] * 14)
    folder = tmp_path / "in"
    folder.mkdir()
    (message,) = _warning_messages(one_sheet(folder, s), tmp_path, "rows_not_added")
    assert message.startswith(
        f"Các dòng {last + 2} «Chỉ tiêu giao năm 2024»; {last + 3} «Kế hoạch năm\\u0090 2024» là"
    ), message
    assert "\x90" not in message and "\u200e" not in message


def test_rows_set_aside_among_units_over_rows_name_their_labels_as_read(tmp_path: Path) -> None:
    """Units over two rows with a group subtotal whose label carries a control character."""
    from tests.corpus_shapes import DISTRICTS, H1_24, TWO_KINDS, over_rows, save, value

    s = over_rows(DISTRICTS, H1_24, TWO_KINDS)
    r = 6 + 2 * len(DISTRICTS)
    s.merge(r, 2, r + 1, 2, "Cộng các huyện\x9d")
    for k, (word, role) in enumerate(TWO_KINDS):
        s.put(r + k, 3, word)
        s.row(r + k, 4, [sum(value(DISTRICTS, role)(u, i) for u in DISTRICTS) for i in range(7)])
    folder = tmp_path / "in"
    folder.mkdir()
    paths = save(folder, [s], "nhom.xlsx")
    (message,) = _warning_messages(paths, tmp_path, "rows_not_added")
    assert message.startswith(f"Dòng {r} «Cộng các huyện\\u009d» là dòng nhóm"), message
    assert "\x9d" not in message
