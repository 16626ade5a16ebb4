"""config init --province: the communes and wards of a province since 1/7/2025."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.programme.config import load_config
from dean24.programme.unitnames import UnitNames
from tests.conftest import SMALL, make_unit_form


def _init(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["config", "init", *args])
    return result.exit_code, result.output


def test_lao_cai_has_its_99_communes_and_wards(runner: CliRunner, in_tmp: Path) -> None:
    code, output = _init(runner, "lc.toml", "--province", "Lào Cai")
    assert code == 0, output
    assert "99 đơn vị" in output
    text = (in_tmp / "lc.toml").read_text("utf-8")
    assert text.startswith("# Cấu hình tạo bằng dean24 config init --province cho Lào Cai")
    assert "CẦN RÀ SOÁT" in text
    config = load_config(in_tmp / "lc.toml")
    names = [u.name for u in config.units]
    assert len(names) == len(set(names)) == 99
    assert {"Xã Bát Xát", "Phường Sa Pa", "Phường Yên Bái", "Xã Bắc Hà"} <= set(names)
    assert not any(n.startswith("Huyện") for n in names)
    # The rest is the default configuration.
    default = load_config()
    assert config.programme == default.programme
    # ... but for the percentage target, whose base (1.434) was Lào Cai's before 2025.
    same = [i for i in default.indicators if i.code != "ket_nap_dang_vien"]
    assert [i for i in config.indicators if i.code != "ket_nap_dang_vien"] == same
    assert config.indicator("ket_nap_dang_vien").target is None
    assert "1434" not in text and "base = 0  # CẦN BỔ SUNG" in text
    # Commune-era recipients; the Party committees that are not communes are a step to do.
    assert "Các đảng ủy xã, phường," in config.document.recipients
    assert not any("huyện ủy" in r for r in config.document.recipients)
    assert "không phải xã, phường" in text and "không phải xã, phường" in output
    # Kind words are not part of the name a district office writes.
    names = UnitNames(config.units)
    for written, unit in (
        ("Bát Xát", "Xã Bát Xát"),
        ("Đảng bộ xã Bát Xát", "Xã Bát Xát"),
        ("Đảng ủy phường Sa Pa", "Phường Sa Pa"),
        ("XÃ  BẮC HÀ", "Xã Bắc Hà"),
    ):
        assert (found := names.find(written)) is not None and found.name == unit


def test_the_province_name_is_read_loosely_and_an_unknown_one_gets_close_names(
    runner: CliRunner, in_tmp: Path
) -> None:
    code, _ = _init(runner, "a.toml", "--province", "tỉnh lào cai")
    assert code == 0
    assert len(load_config(in_tmp / "a.toml").units) == 99
    code, output = _init(runner, "b.toml", "--province", "Lao Cay")
    assert code == 2
    assert "unknown_province" in output and "Lào Cai" in output
    assert not (in_tmp / "b.toml").exists()
    code, output = _init(runner, "c.toml", "--province", "Hà Nội")
    assert code == 0, output
    assert "Phường Hoàn Kiếm" in {u.name for u in load_config(in_tmp / "c.toml").units}


def test_an_existing_file_is_not_overwritten(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "lc.toml").write_text("keep", "utf-8")
    code, output = _init(runner, "lc.toml", "--province", "Lào Cai")
    assert code == 2 and "file_exists" in output
    assert (in_tmp / "lc.toml").read_text("utf-8") == "keep"


def test_commune_workbooks_report_with_the_province_configuration(
    runner: CliRunner, in_tmp: Path
) -> None:
    assert _init(runner, "lc.toml", "--province", "Lào Cai")[0] == 0
    inbox = in_tmp / "xa"
    inbox.mkdir()
    figures = list(SMALL.values())
    for i, written in enumerate(("Đảng ủy xã Bát Xát", "Đảng bộ phường Sa Pa", "Bắc Hà")):
        make_unit_form(
            inbox / f"{i}.xlsx",
            written,
            figures[i],
            period_line="Kỳ báo cáo: 6 tháng cuối năm 2025",
        )
    result = runner.invoke(app, ["report", "xa", "--config", "lc.toml", "-o", "out.json"])
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "out.json").read_text("utf-8"))
    reported = {u["name"] for u in model["units"] if u["reported"]}
    assert reported == {"Xã Bát Xát", "Phường Sa Pa", "Xã Bắc Hà"}
    by_code = {i["code"]: i for i in model["indicators"]}
    assert by_code["ket_nap_dang_vien"]["cumulative_value"] == 52 + 14 + 12
    missing = next(w for w in model["warnings"] if w["code"] == "units_missing")
    assert "Chưa có báo cáo của 96 đơn vị" in missing["message"]
    assert "Xã Khao Mang" in missing["message"]


def test_every_province_gives_a_configuration_that_loads() -> None:
    from vietnam_provinces import Province

    from dean24.programme.config import default_config_text
    from dean24.programme.provinces import build_province_config
    from dean24.programme.unitnames import UnitNames

    total = 0
    for province in Province.iter_all():
        _, config, found = build_province_config(province.name, default_config_text())
        assert len(config.units) == len(found.units) > 0
        total += len(config.units)
        if province.name == "Tây Ninh":
            names = UnitNames(config.units)
            found_thanh, found_thanh_dot = names.find("Tân Thành"), names.find("Tân Thạnh")
            assert found_thanh is not None and found_thanh.name == "Xã Tân Thành"
            assert found_thanh_dot is not None and found_thanh_dot.name == "Xã Tân Thạnh"
    assert total == 3321


def test_without_the_package_it_says_how_to_install_it(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)  # as if not installed
    code, output = _init(runner, "lc.toml", "--province", "Lào Cai")
    assert code == 1
    assert "provinces_unavailable" in output and "pip install vietnam-provinces" in output
    assert not (in_tmp / "lc.toml").exists()


def test_the_new_commands_have_help(runner: CliRunner) -> None:
    for command in (["form"], ["check"], ["config", "init"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "--config" in result.stdout or "--province" in result.stdout


@pytest.mark.parametrize(
    ("merged", "into"),
    [("Yên Bái", "Lào Cai"), ("tỉnh Hà Giang", "Tuyên Quang"), ("Bình Dương", "Hồ Chí Minh")],
)
def test_a_merged_province_answers_with_the_one_it_merged_into(
    runner: CliRunner, in_tmp: Path, merged: str, into: str
) -> None:
    code, output = _init(runner, "c.toml", "--province", merged)
    assert code == 2
    assert "[province_merged]" in output and f'--province "{into}"' in output
    assert "Điện Biên" not in output and not (in_tmp / "c.toml").exists()


def test_history_counts_reporting_and_carried_units_apart(runner: CliRunner, in_tmp: Path) -> None:
    from dean24.store.history import History

    h1 = "Kỳ báo cáo: 6 tháng đầu năm 2024"
    h2 = "Kỳ báo cáo: 6 tháng cuối năm 2024"
    for period_line, names in ((h1, ("Bát Xát", "Bắc Hà")), (h2, ("Bát Xát",))):
        folder = in_tmp / period_line[-14:].replace(" ", "_")
        folder.mkdir()
        for i, name in enumerate(names):
            make_unit_form(folder / f"{i}.xlsx", name, [(0, 5)] * 7, period_line=period_line)
        made = runner.invoke(app, ["report", str(folder), "--store", "h.sqlite", "-o", "r.md"])
        assert made.exit_code == 0, made.output
    with History(in_tmp / "h.sqlite", readonly=True) as history:
        stored = {s.period.code: (s.units, s.carried) for s in history.periods()}
    assert stored == {"2024-H1": (2, 0), "2024-H2": (1, 1)}
    shown = runner.invoke(app, ["history", "--store", "h.sqlite"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0, shown.output
    assert "Lũy kế cũ" in shown.output and "số lũy kế lấy theo" in shown.output
