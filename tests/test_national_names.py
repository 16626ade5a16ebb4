"""Every commune-level unit of Vietnam (since 1/7/2025) keeps its own identity."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import vietnam_provinces as provinces
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.text import bare_unit_key, fold, unit_key
from tests.corpus_rows import communes_config, made_up
from tests.variety import (
    CODES,
    KINDS,
    LABELS,
    PERIOD_LINE,
    UNITS_OF_MEASURE,
    Book,
    SheetSpec,
    titles,
)


def communes() -> list[tuple[str, str]]:
    """(commune-level unit, its province) for all of Vietnam."""
    return [
        (ward.name, province.name)
        for province in provinces.Province.iter_all()
        for ward in provinces.Ward.iter_by_province(province.code)
    ]


def test_every_unit_written_with_its_province_is_distinct() -> None:
    names = communes()
    assert len(names) == 3321
    assert len({unit_key(f"{name}, {province}") for name, province in names}) == 3321


def test_within_a_province_names_and_bare_names_are_distinct() -> None:
    names = communes()
    assert max(Counter((unit_key(n), p) for n, p in names).values()) == 1
    assert max(Counter((bare_unit_key(n), p) for n, p in names).values()) == 1


def twins() -> list[tuple[str, str]]:
    """Units of one province whose names differ only by their marks."""
    loose = Counter((fold(n), p) for n, p in communes())
    return [(n, p) for n, p in communes() if loose[(fold(n), p)] > 1]


def test_twins_of_one_province_are_read_as_two_units(runner: CliRunner, tmp_path: Path) -> None:
    """A folder of unit forms, one per twin, names written with their province, no unit
    list: every twin is its own unit with its own figures."""
    pairs = twins()
    assert len(pairs) >= 16  # eight pairs in the data of 2025
    folder = tmp_path / "in"
    folder.mkdir()
    expected = {}
    for i, (name, province) in enumerate(pairs):
        written = f"{name}, {province}"
        values = made_up(i)
        expected[written] = values[0]
        s = SheetSpec("Biểu")
        titles(s, f"Đơn vị: {written}", PERIOD_LINE)
        s.row(4, 1, ["STT", "Chỉ tiêu", "ĐVT", *KINDS])
        for j, code in enumerate(CODES):
            s.row(5 + j, 1, [j + 1, LABELS[code], UNITS_OF_MEASURE[j], *values[j]])
        Book([s]).save(folder / f"don_vi_{i:02}.xlsx")
    out = tmp_path / "r.json"
    config = communes_config(tmp_path)
    result = runner.invoke(app, ["report", str(folder), "-o", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    read = {
        u["name"]: (
            u["values"]["ket_nap_dang_vien"]["period"],
            u["values"]["ket_nap_dang_vien"]["cumulative"],
        )
        for u in data["units"]
    }
    assert read == expected
