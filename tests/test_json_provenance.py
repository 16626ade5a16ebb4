"""The JSON names the file and sheet of a unit's figures once, and the cell of each figure."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.errors import Location
from dean24.core.model import UnitResult
from dean24.core.periods import Period
from dean24.render.jsonout import compact_unit, unit_line, unit_text
from tests.conftest import SMALL, make_unit_form


def where(file: str, sheet: str, cell: str) -> dict[str, str]:
    return {"file": file, "sheet": sheet, "cell": cell}


def test_a_unit_names_its_source_once_and_each_figure_its_cells() -> None:
    unit = {
        "name": "Xã A",
        "reported": True,
        "values": {
            "x": {"period": 1, "cumulative": 2, "cells": {
                "period": where("a.xlsx", "S", "D6"), "cumulative": where("a.xlsx", "S", "E6")
            }},
            "y": {"period": 3, "cumulative": 4, "cells": {
                "period": where("a.xlsx", "S", "D7"), "cumulative": where("a.xlsx", "S", "E7")
            }},
            "z": {"period": 5, "cumulative": 6, "cells": {
                "period": where("b.xlsx", "T", "D8"), "cumulative": where("b.xlsx", "T", "E8")
            }},
            "w": {"period": 7, "cumulative": 8, "cells": {
                "period": where("a.xlsx", "S", "D9"), "cumulative": where("c.xlsx", "U", "E9")
            }},
        },
        "carried_from": "2024-H1",
    }  # fmt: skip
    compact = compact_unit(unit)
    assert list(compact) == ["name", "reported", "source", "values", "carried_from"]
    assert compact["source"] == {"file": "a.xlsx", "sheet": "S"}
    values = compact["values"]
    assert values["x"] == {
        "period": 1,
        "cumulative": 2,
        "cells": {"period": "D6", "cumulative": "E6"},
    }
    assert values["z"]["source"] == {"file": "b.xlsx", "sheet": "T"}
    assert values["z"]["cells"] == {"period": "D8", "cumulative": "E8"}
    assert values["w"] == unit["values"]["w"]  # two sheets: each cell says where


def test_a_unit_without_cells_is_left_as_it_is() -> None:
    unit = {"name": "Xã B", "reported": False, "values": {"x": {"period": 0, "cumulative": 9}}}
    assert compact_unit(unit) == unit


def test_the_report_json_of_a_folder_names_each_file_once_per_unit(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "don_vi"
    folder.mkdir()
    for i, (name, pairs) in enumerate(SMALL.items()):
        make_unit_form(folder / f"{i}.xlsx", name, pairs)
    result = runner.invoke(app, ["report", str(folder), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "r.json").read_text("utf-8")
    data = json.loads(text)
    unit_lines = [line for line in text.splitlines() if line.startswith('    {"name": ')]
    assert [json.loads(line.rstrip(",")) for line in unit_lines] == data["units"]
    reported = [u for u in data["units"] if u["reported"]]
    assert len(reported) == len(SMALL)
    for i in range(len(SMALL)):
        (unit,) = [u for u in reported if u["source"]["file"] == str(folder / f"{i}.xlsx")]
        assert unit["source"]["sheet"] == "Biểu"
        assert unit["values"]["ket_nap_dang_vien"]["cells"] == {"period": "D6", "cumulative": "E6"}
        assert text.count(str(folder / f"{i}.xlsx")) == 2  # the unit's source and `sources`


def test_each_unit_line_is_the_compact_form_of_the_unit() -> None:
    def at(file: str, sheet: str, cell: str) -> Location:
        return Location(file, sheet, cell)

    units = [
        UnitResult("Xã A", True, {"x": (1, 2)}, {"x": (at("a", "S", "D6"), at("a", "S", "E6"))}),
        UnitResult(
            "Xã B",
            True,
            {"x": (1, 2), "y": (3, 4), "z": (5, 6), "w": (7, 8), "v": (9, 9)},
            {
                "x": (at("b", "T", "D6"), at("b", "T", "E6")),
                "y": (at("a", "S", "D7"), at("a", "S", "E7")),
                "z": (at("a", "S", "D8"), at("a", "S", "E8")),
                "w": (at("a", "S", "D9"), at("c", "U", "E9")),
            },
            Period(2024, "H", 1),
            {"x": (5, at("a", "S", "F6")), "y": (6, at("d", "V", "F7"))},
        ),
        UnitResult("Xã C", False, {"x": (0, 9)}, carried_from=Period(2023, "Y")),
        UnitResult("Xã D", True, {"x": (1, 1)}, {"x": (at("e", "W", "D6"), at("e", "W", "E6"))}),
    ]
    for unit in units:
        assert unit_line(unit) == compact_unit(unit.as_dict())
        assert list(unit_line(unit)) == list(compact_unit(unit.as_dict()))
        for code, value in unit_line(unit)["values"].items():
            assert list(value) == list(compact_unit(unit.as_dict())["values"][code])


def test_each_unit_text_is_the_json_of_its_line() -> None:
    def at(file: str, sheet: str, cell: str) -> Location:
        return Location(file, sheet, cell)

    a, b = at('a "x"\\y', "Biểu\t1", "D6"), at('a "x"\\y', "Biểu\t1", "E6")
    units = [
        UnitResult('Xã "A"\\', True, {"x": (1, 2), "y": (0, 0)}, {"x": (a, b), "y": (a, b)}),
        UnitResult("Xã B", True, {"y": (-3, 4), "x": (1, 2)}, {"x": (a, b)}),
        UnitResult("Xã C", True, {"x": (1, 2)}, {"x": (a, at("a", "Biểu\t1", "E6"))}),
        UnitResult("Xã D", True, {"x": (1, 2)}, {"x": (a, at('a "x"\\y', "Khác", "E6"))}),
        UnitResult(
            "Xã E", True, {"x": (1, 2), "y": (3, 4)}, {"x": (a, b), "y": (at("c", "S", "D7"),) * 2}
        ),
        UnitResult("Xã F", True, {"x": (1, 2)}, {"x": (a, b)}, targets={"x": (5, a)}),
        UnitResult("Xã G", False, {"x": (0, 9)}, carried_from=Period(2023, "Y")),
        UnitResult("Xã H", False, {}),
        UnitResult("Xã I", True, {"x": (1, 2)}, {"z": (a, b)}),
    ]
    for unit in units:
        text = unit_text(unit)
        assert text == json.dumps(unit_line(unit), ensure_ascii=False)
        assert json.loads(text) == compact_unit(unit.as_dict())
