"""JSON output: the contract read by scheduled jobs and other programs.

Each unit is written on one line. Every unit figure says where it was read, without repeating
the file and sheet in each cell: a unit carries its `source` ({file, sheet}) once, and each
figure's `cells` give the cell of the period figure and of the cumulative one ("D12"). A
figure read from another sheet than most of the unit's (rare) carries its own `source`; one
whose two cells lie on different sheets keeps {"file", "sheet", "cell"} for each.
"""

from __future__ import annotations

import json
from collections import Counter
from json.encoder import encode_basestring
from typing import Any

from dean24.core.errors import Location
from dean24.core.model import ReportModel, UnitResult


def render_json(model: ReportModel) -> str:
    """The model as JSON: indented, except that each unit takes one line (thousands of units
    stay readable line by line, and are written quickly: see unit_text)."""
    data = model.as_dict(unit_text)
    members = []
    for key, value in data.items():
        if key == "units" and value:
            lines = ",\n".join(f"    {unit}" for unit in value)
            text = f"[\n{lines}\n  ]"
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        members.append(f"  {_dump(key)}: {text}")
    return "{\n" + ",\n".join(members) + "\n}\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False), made once


def _dump(value: Any) -> str:
    return _ENCODER.encode(value)


def unit_text(unit: UnitResult) -> str:
    """The JSON of unit_line(unit), written straight for the usual unit: every figure read on
    one sheet, no assigned target, nothing carried. Any other unit goes through unit_line."""
    if unit.targets or unit.carried_from is not None or unit.derived:
        return _dump(unit_line(unit))
    cells = unit.cells
    file = sheet = None
    values: list[str] = []
    for code, (period, cumulative) in unit.values.items():
        where = cells.get(code)
        if where is None:
            values.append(
                f'{encode_basestring(code)}: {{"period": {period}, "cumulative": {cumulative}}}'
            )
            continue
        at_period, at_cumulative = where
        if file is None:
            file, sheet = at_period.file, at_period.sheet
        if not (
            at_period.file == at_cumulative.file == file
            and at_period.sheet == at_cumulative.sheet == sheet
        ):
            return _dump(unit_line(unit))
        values.append(
            f'{encode_basestring(code)}: {{"period": {period}, "cumulative": {cumulative}, '
            f'"cells": {{"period": {encode_basestring(at_period.cell)}, '
            f'"cumulative": {encode_basestring(at_cumulative.cell)}}}}}'
        )
    if file is None or sheet is None:
        return _dump(unit_line(unit))
    return (
        f'{{"name": {encode_basestring(unit.name)}, '
        f'"reported": {"true" if unit.reported else "false"}, '
        f'"source": {{"file": {encode_basestring(file)}, "sheet": {encode_basestring(sheet)}}}, '
        f'"values": {{{", ".join(values)}}}}}'
    )


def unit_line(unit: UnitResult) -> dict[str, Any]:
    """compact_unit(unit.as_dict()), built straight from the unit: the full form of each
    cell is made only where it is written."""
    cells = unit.cells
    wheres = [where for code in unit.values if code in cells for where in cells[code]]
    if not wheres:
        return unit.as_dict()
    first = wheres[0]
    if all(w.file == first.file and w.sheet == first.sheet for w in wheres):
        file, sheet = first.file, first.sheet
    else:
        file, sheet = Counter((w.file, w.sheet) for w in wheres).most_common(1)[0][0]
    values: dict[str, dict[str, Any]] = {}
    for code, (period, cumulative) in unit.values.items():
        value: dict[str, Any] = {"period": period, "cumulative": cumulative}
        if code in unit.derived:
            value["cumulative_derived"] = True
        values[code] = value
        if code not in cells:
            continue
        at_period, at_cumulative = cells[code]
        source = (at_period.file, at_period.sheet)
        if source != (at_cumulative.file, at_cumulative.sheet):
            value["cells"] = {"period": _where(at_period), "cumulative": _where(at_cumulative)}
            continue
        if source != (file, sheet):
            value["source"] = {"file": at_period.file, "sheet": at_period.sheet}
        value["cells"] = {"period": at_period.cell, "cumulative": at_cumulative.cell}
    data: dict[str, Any] = {
        "name": unit.name,
        "reported": unit.reported,
        "source": {"file": file, "sheet": sheet},
        "values": values,
    }
    if unit.carried_from is not None:
        data["carried_from"] = unit.carried_from.code
    if unit.targets:
        data["targets"] = {
            code: (
                {"value": value, "cell": where.cell}
                if (where.file, where.sheet) == (file, sheet)
                else {"value": value, **_where(where)}
            )
            for code, (value, where) in unit.targets.items()
        }
    return data


def _where(location: Location) -> dict[str, str]:
    return {"file": location.file, "sheet": location.sheet, "cell": location.cell}


def compact_unit(unit: dict[str, Any]) -> dict[str, Any]:
    """A unit whose figures' cells are {"file", "sheet", "cell"} each, given its source once."""
    values: dict[str, dict[str, Any]] = unit.get("values", {})
    wheres = [where for value in values.values() for where in value.get("cells", {}).values()]
    if not wheres:
        return unit
    file, sheet = Counter((w["file"], w["sheet"]) for w in wheres).most_common(1)[0][0]
    compact: dict[str, Any] = {}
    for key, item in unit.items():
        if key == "values":
            compact["source"] = {"file": file, "sheet": sheet}
            compact["values"] = {
                code: _compact_value(value, file, sheet) for code, value in values.items()
            }
        elif key == "targets":
            compact["targets"] = {
                code: _compact_target(target, file, sheet) for code, target in item.items()
            }
        else:
            compact[key] = item
    return compact


def _compact_value(value: dict[str, Any], file: str, sheet: str) -> dict[str, Any]:
    cells: dict[str, dict[str, str]] | None = value.get("cells")
    if not cells:
        return value
    sources = {(w["file"], w["sheet"]) for w in cells.values()}
    if len(sources) > 1:
        return value  # its two cells lie on different sheets: each says where
    compact = {key: item for key, item in value.items() if key != "cells"}
    if sources != {(file, sheet)}:
        ((other_file, other_sheet),) = sources
        compact["source"] = {"file": other_file, "sheet": other_sheet}
    compact["cells"] = {kind: where["cell"] for kind, where in cells.items()}
    return compact


def _compact_target(target: dict[str, Any], file: str, sheet: str) -> dict[str, Any]:
    """An assigned target {"value", "cell"}, with its own source if not the unit's."""
    if (target["file"], target["sheet"]) != (file, sheet):
        return target
    return {"value": target["value"], "cell": target["cell"]}
