"""Units change over time: the districts report until 30/6/2025, the communes from 1/7/2025.
The shipped configuration is true for every period; a contradicting kind word is another
unit; a unit outside its validity, or a bare name two valid units share, is an error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.periods import parse_code
from dean24.programme.config import Unit, load_config
from dean24.programme.unitnames import UnitNames
from tests.conftest import SMALL, make_unit_form

H1_2024 = "Kỳ báo cáo: 6 tháng đầu năm 2024"
H1_2026 = "Kỳ báo cáo: 6 tháng đầu năm 2026"
FIGURES = next(iter(SMALL.values()))


def _check(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("Xã Bát Xát", "Xã Bát Xát"),
        ("Đảng ủy xã Bát Xát", "Xã Bát Xát"),
        ("Bát Xát", "Xã Bát Xát"),
        ("Phường Lào Cai", "Phường Lào Cai"),
        ("Phường Sa Pa", "Phường Sa Pa"),
        ("Xã Văn Bàn", "Xã Văn Bàn"),
    ],
)
def test_a_commune_form_checks_as_its_commune_without_config(
    runner: CliRunner, tmp_path: Path, written: str, unit: str
) -> None:
    path = make_unit_form(tmp_path / "x.xlsx", written, FIGURES, period_line=H1_2026) and (
        tmp_path / "x.xlsx"
    )
    code, output = _check(runner, path)
    assert code == 0, output
    assert f"Đơn vị: {unit} (" in output
    assert "ĐẠT" in output and "Huyện" not in output and "Thành phố" not in output


@pytest.mark.parametrize(
    ("written", "period_line", "named"),
    [
        ("Huyện Bát Xát", H1_2026, "Huyện Bát Xát (báo cáo đến 30/6/2025)"),
        ("Huyện ủy Bát Xát", H1_2026, "Huyện Bát Xát (báo cáo đến 30/6/2025)"),
        ("Thành ủy Lào Cai", H1_2026, "Thành phố Lào Cai (báo cáo đến 30/6/2025)"),
        ("Thị xã Sa Pa", H1_2026, "Thị xã Sa Pa (báo cáo đến 30/6/2025)"),
        ("Xã Bát Xát", H1_2024, "Xã Bát Xát (báo cáo từ 1/7/2025)"),
        ("Phường Lào Cai", H1_2024, "Phường Lào Cai (báo cáo từ 1/7/2025)"),
    ],
)
def test_a_unit_outside_its_validity_is_an_error_naming_it(
    runner: CliRunner, tmp_path: Path, written: str, period_line: str, named: str
) -> None:
    make_unit_form(tmp_path / "x.xlsx", written, FIGURES, period_line=period_line)
    code, output = _check(runner, tmp_path / "x.xlsx")
    assert code == 1
    assert "[unit_outside_validity]" in output and named in output
    assert "CHƯA ĐẠT" in output


def test_a_bare_name_in_2024_is_the_district(runner: CliRunner, tmp_path: Path) -> None:
    make_unit_form(tmp_path / "x.xlsx", "Bát Xát", FIGURES, period_line=H1_2024)
    code, output = _check(runner, tmp_path / "x.xlsx")
    assert code == 0, output
    assert "Đơn vị: Huyện Bát Xát (" in output


def _units(*names: str, since: date | None = None) -> list[Unit]:
    return [Unit(n, n, valid_from=since) for n in names]


def test_a_contradicting_kind_word_never_matches() -> None:
    names = UnitNames(
        [
            Unit("Huyện Bát Xát", "Bát Xát"),
            Unit("Thành phố Lào Cai", "thành phố Lào Cai", ("Thành ủy Lào Cai",)),
            Unit("Thị xã Sa Pa", "Sa Pa", ("Sa Pa",)),
        ]
    )
    for written in ("Xã Bát Xát", "Đảng ủy xã Bát Xát", "Phường Lào Cai", "Phường Sa Pa"):
        assert names.find(written) is None, written
    communes = UnitNames(_units("Xã Bát Xát", "Phường Lào Cai", "Phường Sa Pa"))
    for written in ("Huyện ủy Bát Xát", "Huyện Bát Xát", "Thành phố Lào Cai", "Thị xã Sa Pa"):
        assert communes.find(written) is None, written
    assert communes.find("Bát Xát") == communes.units[0]


def test_a_bare_name_two_valid_units_share_is_an_error_listing_both(
    runner: CliRunner, in_tmp: Path
) -> None:
    text = (
        (Path(__file__).parent.parent / "src/dean24/data/de_an_24_lao_cai.toml")
        .read_text("utf-8")
        .replace(
            "\n[[units]]",
            '\n[[units]]\nname = "Phường Bát Xát"\nshort = "phường Bát Xát"\nfrom = 2025-07-01\n\n'
            "[[units]]",
            1,
        )
    )
    (in_tmp / "c.toml").write_text(text, "utf-8")
    make_unit_form(in_tmp / "x.xlsx", "Bát Xát", FIGURES, period_line=H1_2026)
    result = runner.invoke(app, ["check", "x.xlsx", "--config", "c.toml"])
    assert result.exit_code == 1
    assert "[unit_ambiguous]" in result.output
    assert '"Xã Bát Xát" hoặc "Phường Bát Xát"' in result.output


def test_the_shipped_configuration_expects_the_units_of_the_period() -> None:
    config = load_config()
    h1_2024, h1_2026 = parse_code("2024-H1"), parse_code("2026-H1")
    before = config.units_expected(h1_2024.end)
    after = config.units_expected(h1_2026.end)
    assert len(before) == 10 and "Huyện Bát Xát" in {u.name for u in before}
    assert len(after) == 99 and {u.kind for u in after} == {"xã", "phường"}
    assert config.at(h1_2024.start).document.recipients[2].startswith("Các huyện ủy")
    commune_era = config.at(h1_2026.start)
    assert "Các đảng ủy xã, phường," in commune_era.document.recipients
    assert not any("huyện" in line for line in commune_era.document.recipients)
    assert commune_era.programme.units_noun == "đảng bộ xã, phường"


def test_a_commune_report_names_no_abolished_district(runner: CliRunner, in_tmp: Path) -> None:
    inbox = in_tmp / "xa"
    inbox.mkdir()
    for i, written in enumerate(("Xã Bát Xát", "Phường Lào Cai", "Phường Sa Pa", "Xã Văn Bàn")):
        make_unit_form(inbox / f"{i}.xlsx", written, FIGURES, period_line=H1_2026)
    result = runner.invoke(app, ["report", "xa", "-o", "r.json", "-o", "r.md"])
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "r.json").read_text("utf-8"))
    reported = {u["name"] for u in model["units"] if u["reported"]}
    assert reported == {"Xã Bát Xát", "Phường Lào Cai", "Phường Sa Pa", "Xã Văn Bàn"}
    text = (in_tmp / "r.md").read_text("utf-8")
    for abolished in ("Huyện", "huyện ủy", "Thành phố Lào Cai", "Thị xã Sa Pa"):
        assert abolished not in text, abolished
    assert "Các đảng ủy xã, phường," in text
