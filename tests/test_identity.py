"""A unit's identity keeps its marks: communes whose names differ by one mark are two units."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.text import label_key, name_key, unit_key
from dean24.programme.config import default_config_text, load_config
from tests.conftest import SMALL, make_summary

FIGURES = list(SMALL.values())


def communes_config(folder: Path, *names: str) -> Path:
    """The default configuration with its units replaced by these commune-level units."""
    text = re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
    units = "".join(f'[[units]]\nname = "{name}"\n\n' for name in names)
    path = folder / "communes.toml"
    path.write_text(units + text if not names else text + "\n" + units, "utf-8")
    return path


def report(runner: CliRunner, folder: Path, book: Path, config: Path) -> tuple[int, str, Any]:
    out = folder / "r.json"
    result = runner.invoke(app, ["report", str(book), "-o", str(out), "--config", str(config)])
    data = json.loads(out.read_text("utf-8")) if result.exit_code == 0 else None
    return result.exit_code, re.sub(r"\s+", " ", result.stderr), data


def reported(data: Any) -> dict[str, int]:
    """Unit name → its cumulative count of admitted party members."""
    return {
        u["name"]: u["values"]["ket_nap_dang_vien"]["cumulative"]
        for u in data["units"]
        if u["reported"]
    }


TWINS = [
    ("Xã Tân Thành", "Xã Tân Thạnh"),
    ("Xã Văn Lang", "Xã Văn Lăng"),
    ("Xã Cẩm Giang", "Xã Cẩm Giàng"),
    ("Xã Sơn Hà", "Xã Sơn Hạ"),
    ("Xã Ba Tơ", "Xã Ba Tô"),
    ("Phường Đông Sơn", "Phường Dông Sơn"),
]


@pytest.mark.parametrize(("one", "other"), TWINS)
def test_names_that_differ_by_a_mark_have_different_keys(one: str, other: str) -> None:
    assert unit_key(one) != unit_key(other)
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Huyện ủy Bắc Hà", "Huyện uỷ Bắc Hà"),
        ("Xã Hòa Bình", "Xã Hoà Bình"),
        ("Phường Thủy Nguyên", "PHƯỜNG THUỶ NGUYÊN"),
        ("Xã Khỏe", "xã khoẻ"),
        ("Xã Quỳ Hợp", "Xã Qùy Hợp"),
        ("Xã Hòa Bình", unicodedata.normalize("NFD", "Xã  Hoà  Bình")),
        ("Xã Yên Hòa - Hà Nội", "xã Yên Hoà (Hà Nội)"),
    ],
)
def test_tone_placement_case_and_spacing_do_not_change_a_name(one: str, other: str) -> None:
    assert unit_key(one) == unit_key(other)


def test_indicator_labels_keep_their_marks() -> None:
    assert label_key("Số đảng viên được kết nạp") == label_key("1. SỐ ĐẢNG VIÊN ĐƯỢC KẾT NẠP")
    assert label_key("Số đảng viên được kết nạp") != label_key("So dang vien duoc ket nap")


def test_a_configuration_may_list_twins(tmp_path: Path) -> None:
    config = load_config(communes_config(tmp_path, *TWINS[0], *TWINS[1]))
    assert [u.name for u in config.units] == [*TWINS[0], *TWINS[1]]


def test_twins_in_one_summary_are_two_units(runner: CliRunner, tmp_path: Path) -> None:
    config = communes_config(tmp_path, "Xã Tân Thành", "Xã Tân Thạnh", "Xã Văn Lang", "Xã Văn Lăng")
    rows = {"Xã Tân Thạnh": FIGURES[0], "Xã Tân Thành": FIGURES[1], "Xã Văn Lăng": FIGURES[2]}
    code, stderr, data = report(runner, tmp_path, make_summary(tmp_path / "a.xlsx", rows), config)
    assert code == 0, stderr
    assert reported(data) == {"Xã Tân Thành": 14, "Xã Tân Thạnh": 52, "Xã Văn Lăng": 12}
    assert data["missing_units"] == ["Xã Văn Lang"]


def test_twins_in_an_open_unit_list_are_two_units(runner: CliRunner, tmp_path: Path) -> None:
    rows = {"Xã Sơn Hà": FIGURES[0], "Xã Sơn Hạ": FIGURES[1]}
    book = make_summary(tmp_path / "a.xlsx", rows)
    code, stderr, data = report(runner, tmp_path, book, communes_config(tmp_path))
    assert code == 0, stderr
    assert reported(data) == {"Xã Sơn Hà": 52, "Xã Sơn Hạ": 14}


def test_one_commune_written_twice_is_still_a_duplicate(runner: CliRunner, tmp_path: Path) -> None:
    rows = {"Xã Hòa Bình": FIGURES[0], unicodedata.normalize("NFD", "XÃ HOÀ BÌNH"): FIGURES[1]}
    book = make_summary(tmp_path / "a.xlsx", rows)
    code, stderr, _ = report(runner, tmp_path, book, communes_config(tmp_path))
    assert code == 1
    assert "[duplicate_unit]" in stderr and "ô B8" in stderr


def test_the_unlisted_twin_is_refused_not_filed_under_the_other(
    runner: CliRunner, tmp_path: Path
) -> None:
    config = communes_config(tmp_path, "Xã Tân Thành", "Xã Y Tý")
    rows = {"Xã Tân Thành": FIGURES[0], "Xã Tân Thạnh": FIGURES[1]}
    code, stderr, _ = report(runner, tmp_path, make_summary(tmp_path / "a.xlsx", rows), config)
    assert code == 1
    assert "[unknown_unit] tệp" in stderr and "ô B8" in stderr
    assert 'Không nhận ra đơn vị "Xã Tân Thạnh"' in stderr


def test_a_name_without_marks_is_only_a_suggestion(runner: CliRunner, tmp_path: Path) -> None:
    config = communes_config(tmp_path, "Xã Tân Thành", "Xã Y Tý")
    rows = {"Xa Tan Thanh": FIGURES[0], "Xã Y Tý": FIGURES[1]}
    code, stderr, _ = report(runner, tmp_path, make_summary(tmp_path / "a.xlsx", rows), config)
    assert code == 1
    assert 'Không nhận ra đơn vị "Xa Tan Thanh". Có phải là "Xã Tân Thành"?' in stderr


def test_bare_names_match_the_one_configured_unit(runner: CliRunner, tmp_path: Path) -> None:
    config = communes_config(tmp_path, "Xã Y Tý", "Phường Cam Đường", "Xã Tân Thạnh")
    rows = {"Y Tý": FIGURES[0], "Cam Đường": FIGURES[1], "Đảng ủy xã Tân Thạnh": FIGURES[2]}
    code, stderr, data = report(runner, tmp_path, make_summary(tmp_path / "a.xlsx", rows), config)
    assert code == 0, stderr
    assert reported(data) == {"Xã Y Tý": 52, "Phường Cam Đường": 14, "Xã Tân Thạnh": 12}


def test_a_bare_name_two_units_share_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    config = communes_config(tmp_path, "Xã Bình Minh", "Phường Bình Minh")
    rows = {"Bình Minh": FIGURES[0], "Phường Bình Minh": FIGURES[1]}
    code, stderr, _ = report(runner, tmp_path, make_summary(tmp_path / "a.xlsx", rows), config)
    assert code == 1
    assert "[unit_ambiguous]" in stderr and "ô B7" in stderr
    assert 'Tên "Bình Minh" có thể là "Xã Bình Minh" hoặc "Phường Bình Minh"' in stderr
