"""Figures far from the usual range: a typo found at its cell, small counts left alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dean24.checking.plausibility import check_plausibility, usual_range
from dean24.commands.cli import app
from dean24.commands.pipeline import ReportSettings, run_report
from dean24.core.errors import Location
from dean24.core.model import Figure, Past, UnitFigures
from dean24.core.periods import parse_code
from dean24.programme.config import Plausibility, load_config
from tests.conftest import CODES, COMMITTEES, make_summary

UNITS = COMMITTEES
LABELS = {
    "2023-H1": "6 tháng đầu năm 2023",
    "2023-H2": "6 tháng cuối năm 2023",
    "2024-H1": "6 tháng đầu năm 2024",
    "2024-H2": "6 tháng cuối năm 2024",
}
# Ordinary period figures per unit (index in UNITS) for each indicator: small, mostly zero
# counts, and union members in the hundreds for the larger units.
ORDINARY = {
    "ket_nap_dang_vien": [3, 0, 1, 0, 0, 2, 1, 0, 0, 1],
    "to_chuc_dang": [1, 0, 0, 0, 0, 0, 1, 0, 0, 0],
    "cong_doan": [2, 1, 0, 0, 1, 0, 1, 0, 1, 2],
    "doan_vien_cong_doan": [412, 156, 38, 20, 12, 25, 90, 40, 30, 210],
    "to_chuc_doan": [1, 1, 0, 0, 0, 0, 1, 0, 0, 1],
    "lop_boi_duong": [4, 2, 1, 1, 1, 1, 2, 1, 1, 3],
    "hoc_vien": [60, 25, 8, 0, 5, 10, 15, 6, 7, 40],
}


def _write_periods(
    folder: Path, changes: dict[str, dict[tuple[str, str], int]] | None = None
) -> dict[str, Path]:
    """One summary per period, cumulative figures adding up period after period; `changes`
    sets (unit, indicator) period figures of a period (the cumulative follows)."""
    changes = changes or {}
    folder.mkdir(parents=True, exist_ok=True)
    running = {(u, c): 0 for u in UNITS for c in CODES}
    files = {}
    for code, label in LABELS.items():
        rows: dict[str, list[Any]] = {}
        for i, unit in enumerate(UNITS):
            pairs = []
            for indicator in CODES:
                value = changes.get(code, {}).get((unit, indicator), ORDINARY[indicator][i])
                running[(unit, indicator)] += value
                pairs.append((value, running[(unit, indicator)]))
            rows[unit] = pairs
        files[code] = make_summary(
            folder / f"{code}.xlsx", rows, period_line=f"Kỳ báo cáo: {label}"
        )
    return files


def _report(tmp_path: Path, files: dict[str, Path], store: Path) -> dict[str, Any]:
    """Report every period in turn into the store; the last period's JSON."""
    data: dict[str, Any] = {}
    for code, path in files.items():
        out = tmp_path / f"{code}.json"
        run_report(
            ReportSettings(
                inputs=(path,), outputs=(out,), store_path=store, period=parse_code(code)
            )
        )
        data = json.loads(out.read_text("utf-8"))
    return data


def _implausible(data: dict[str, Any]) -> list[dict[str, str]]:
    return [w for w in data["warnings"] if w["code"] == "implausible_value"]


def test_typo_times_ten_with_matching_cumulative_is_found_at_its_cell(tmp_path: Path) -> None:
    files = _write_periods(
        tmp_path, {"2024-H2": {("Thành ủy Lào Cai", "doan_vien_cong_doan"): 4120}}
    )
    data = _report(tmp_path, files, tmp_path / "store.sqlite")
    found = _implausible(data)
    assert len(found) == 1, found
    warning = found[0]
    # Row 7 is the first unit; đoàn viên công đoàn is the fourth indicator: columns I, J.
    assert (warning["file"], warning["sheet"], warning["cell"]) == (
        str(files["2024-H2"]),
        "Tổng hợp",
        "I7",
    )
    assert warning["message"].startswith("Thành phố Lào Cai: ")
    assert "là 4.120 người" in warning["message"]
    assert "thường từ" in warning["message"]
    assert (
        "6 tháng đầu năm 2023, 6 tháng cuối năm 2023 và 6 tháng đầu năm 2024"
        in (warning["message"])
    )
    # The cumulative was made to match: no continuity warning speaks of it.
    assert not [w for w in data["warnings"] if w["code"] == "continuity_break"]
    assert data["units_with_open_problems"] >= 1
    assert data["open_problem_units"][0] == "Thành phố Lào Cai"


def test_ordinary_small_counts_raise_no_alarm(tmp_path: Path) -> None:
    # A unit that admitted no one for three periods admits 6; one that held one class holds
    # 3; members of a union move within the usual spread.
    files = _write_periods(
        tmp_path,
        {
            "2024-H2": {
                ("Huyện ủy Bảo Yên", "ket_nap_dang_vien"): 6,
                ("Huyện ủy Bát Xát", "lop_boi_duong"): 3,
                ("Thành ủy Lào Cai", "doan_vien_cong_doan"): 690,
                ("Huyện ủy Si Ma Cai", "hoc_vien"): 0,
            }
        },
    )
    data = _report(tmp_path, files, tmp_path / "store.sqlite")
    assert _implausible(data) == []


def test_zero_heavy_peers_raise_no_alarm_without_history(tmp_path: Path) -> None:
    # No store: judged against the other units only; most have 0, a few have results.
    files = _write_periods(tmp_path)
    out = tmp_path / "alone.json"
    run_report(ReportSettings(inputs=(files["2024-H1"],), outputs=(out,)))
    data = json.loads(out.read_text("utf-8"))
    assert _implausible(data) == []
    assert data["units_with_open_problems"] == 0
    assert data["open_problem_units"] == []


def _unit(name: str, values: dict[str, int]) -> UnitFigures:
    where = Location("f.xlsx", "S", "D7")
    return UnitFigures(name, {c: (Figure(v, where), Figure(v, where)) for c, v in values.items()})


def test_peers_judge_without_history_and_few_peers_claim_nothing() -> None:
    config = load_config()
    period = parse_code("2024-H1")
    units = [_unit(f"U{i}", {"doan_vien_cong_doan": v}) for i, v in enumerate([40, 55, 70, 38])]
    typo = _unit("Typo", {"doan_vien_cong_doan": 5200})
    # Four other units: too few to judge.
    assert check_plausibility(period, [*units, typo], Past(), config) == []
    units.append(_unit("U4", {"doan_vien_cong_doan": 61}))
    found = check_plausibility(period, [*units, typo], Past(), config)
    assert [p.message.split(":")[0] for p in found] == ["Typo"]
    assert "5 đơn vị khác trong 6 tháng đầu năm 2024" in found[0].message
    assert (
        check_plausibility(period, [*units, typo], Past(), config, Plausibility(enabled=False))
        == []
    )


def test_usual_range_on_small_counts() -> None:
    settings = Plausibility()
    # All zero: nothing to judge by.
    assert usual_range([0, 0, 0, 0, 0, 0], settings, 5, "") is None
    # Mostly zero: 0 → 2, 0 → 9 are no alarm.
    mostly_zero = usual_range([0, 0, 0, 1, 0, 2, 0, 3, 1, 1, 0, 0, 2], settings, 5, "")
    assert mostly_zero is not None
    assert mostly_zero.holds(0) and mostly_zero.holds(2) and mostly_zero.holds(9)
    stable = usual_range([400, 400, 400], settings, 3, "")
    assert stable is not None and stable.holds(401) and stable.holds(1200)
    assert not stable.holds(4000)


def test_an_acknowledged_warning_is_not_raised_again_for_the_same_figure(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = tmp_path / "store.sqlite"
    files = _write_periods(
        tmp_path, {"2024-H2": {("Thành ủy Lào Cai", "doan_vien_cong_doan"): 4120}}
    )
    assert len(_implausible(_report(tmp_path, files, store))) == 1
    result = runner.invoke(
        app,
        [
            "ack",
            "Thành ủy Lào Cai",
            "doan_vien_cong_doan",
            "--period",
            "2024-H2",
            "--reason",
            "Đã xác minh: một doanh nghiệp lớn thành lập công đoàn.",
            "--store",
            str(store),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "Đã ghi nhận [implausible_value] của Thành phố Lào Cai" in result.stderr
    out = tmp_path / "again.json"
    settings = ReportSettings(
        inputs=(files["2024-H2"],), outputs=(out,), store_path=store, period=parse_code("2024-H2")
    )
    run_report(settings)
    data = json.loads(out.read_text("utf-8"))
    assert _implausible(data) == []
    assert data["units_with_open_problems"] == 0
    [kept] = data["acknowledged"]
    assert kept["code"] == "implausible_value" and kept["cell"] == "I7"
    assert (kept["unit"], kept["indicator"], kept["value"]) == (
        "Thành phố Lào Cai",
        "doan_vien_cong_doan",
        4120,
    )
    assert kept["reason"] == "Đã xác minh: một doanh nghiệp lớn thành lập công đoàn."
    # Another figure for the same cell raises the warning again.
    changed = _write_periods(
        tmp_path / "sua", {"2024-H2": {("Thành ủy Lào Cai", "doan_vien_cong_doan"): 5120}}
    )
    run_report(
        ReportSettings(
            inputs=(changed["2024-H2"],),
            outputs=(out,),
            store_path=store,
            period=parse_code("2024-H2"),
        )
    )
    data = json.loads(out.read_text("utf-8"))
    assert len(_implausible(data)) == 1 and data["acknowledged"] == []


def test_ack_refuses_a_period_that_is_not_stored(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    files = _write_periods(tmp_path)
    _report(tmp_path, {"2024-H1": files["2024-H1"]}, store)
    result = runner.invoke(
        app,
        ["ack", "Sa Pa", "hoc_vien", "--period", "2024-H2", "--reason", "x", "--store", str(store)],
    )
    assert result.exit_code == 2
    assert "[ack_period_not_stored]" in result.stderr


def test_many_units_are_checked_against_one_shared_range() -> None:
    """From hundreds of units the peers' range is computed once (linear, not quadratic), and a
    figure far out is still found."""
    import time

    from dean24.checking.plausibility import check_plausibility
    from dean24.core.errors import Location
    from dean24.core.model import Figure, Past, UnitFigures
    from dean24.core.periods import parse_code
    from dean24.programme.config import load_config

    config = load_config(None)
    code = config.indicators[0].code
    units = [
        UnitFigures(
            f"Đơn vị {i}",
            {code: (Figure(i % 7, Location(cell=f"C{i}")), Figure(i % 7, Location(cell=f"D{i}")))},
        )
        for i in range(5000)
    ]
    units[17] = UnitFigures(
        "Đơn vị 17", {code: (Figure(4000, Location(cell="C17")), Figure(4000, Location()))}
    )
    started = time.process_time()
    found = check_plausibility(parse_code("2024-H1"), units, Past(), config)
    assert time.process_time() - started < 5
    assert [p.location.cell for p in found] == ["C17"]


def test_the_chart_axis_reaches_any_percentage() -> None:
    from dean24.render.chart import _percent_axis

    assert _percent_axis([50.0]) == (120.0, 20.0)
    top, step = _percent_axis([25_000.0])
    assert top >= 25_000 and top / step <= 8


def _past(history: dict[str, list[int]], code: str) -> Past:
    """Stored half years before 2024-H2, unit → its period figures of `code`, oldest first."""
    from dean24.core.model import PastPeriod

    labels = ["2023-H1", "2023-H2", "2024-H1"]
    periods = []
    for n, label in enumerate(labels):
        units = {
            name: {code: (values[n - len(labels) + len(values)], 0)}
            for name, values in history.items()
            if n >= len(labels) - len(values)
        }
        periods.append(PastPeriod(parse_code(label), {}, units))
    return Past(periods)


def test_a_figure_below_the_usual_range_is_never_a_warning() -> None:
    """0 or a small figure where a unit usually has many is news, not a typo: no warning, by
    its own earlier periods or by the other units."""
    config = load_config()
    code = "doan_vien_cong_doan"
    period = parse_code("2024-H2")
    past = _past({"Huyện Si Ma Cai": [40, 111, 60]}, code)
    for value in (0, 1, 4):
        unit = _unit("Huyện Si Ma Cai", {code: value})
        assert check_plausibility(period, [unit], past, config) == [], value
    peers = [_unit(f"U{i}", {code: v}) for i, v in enumerate([40, 55, 70, 38, 61, 90])]
    assert check_plausibility(period, [*peers, _unit("Nhỏ", {code: 0})], Past(), config) == []
    # Above its own range, the same unit is still found.
    found = check_plausibility(period, [_unit("Huyện Si Ma Cai", {code: 1100})], past, config)
    assert [p.subject for p in found] == [("Huyện Si Ma Cai", code, 1100)]


def test_the_usual_leader_just_above_the_others_is_no_warning() -> None:
    """Units differ in size: the largest one a little above every other unit's range (12
    where the others have 0 to 11) is judged by the highest figures it is compared with, the
    others' and its own earlier ones, with a margin; a typed extra digit is still found."""
    config = load_config()
    code = "ket_nap_dang_vien"
    period = parse_code("2024-H2")
    values = [1, 1, 1, 2, 1, 1, 0, 1, 3]
    peers = [_unit(f"Huyện {i}", {code: v}) for i, v in enumerate(values)]
    expected = usual_range([float(v) for v in values], Plausibility(), 5, "")
    assert expected is not None and expected.high < 12  # 12 is above the others' range
    past = _past({"Thành phố Lào Cai": [10, 9]}, code)  # too few periods to judge by alone
    leader = _unit("Thành phố Lào Cai", {code: 12})
    assert check_plausibility(period, [*peers, leader], past, config) == []
    assert check_plausibility(period, [*peers, leader], Past(), config) == []
    typo = _unit("Thành phố Lào Cai", {code: 120})
    found = check_plausibility(period, [*peers, typo], past, config)
    assert [p.subject for p in found] == [("Thành phố Lào Cai", code, 120)]
    assert "theo 9 đơn vị khác trong 6 tháng cuối năm 2024" in found[0].message
