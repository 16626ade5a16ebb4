"""Workbooks from other hands: each variant of tests/variety.py is read and its figures checked.

A variant either must be read (the JSON holds exactly the figures written, by canonical unit
name, and the period), or must be refused with exit code 1 and a Vietnamese message naming
the cell. Variants the tool still mis-reads are marked xfail(strict) with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.variety import BUILDERS, CODES, Variant

# Variants the tool mis-reads: layout, symptom, and where it goes wrong (none today; each
# earlier entry was fixed and its variant now checks the figures).
XFAIL: dict[str, str] = {}


def _params() -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=XFAIL[name]))
        if name in XFAIL
        else name
        for name in BUILDERS
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _check_read(data: Any, v: Variant) -> None:
    assert data["period"]["code"] == v.period
    by_code = {ind["code"]: ind for ind in data["indicators"]}
    assert list(by_code) == CODES
    for i, code in enumerate(CODES):
        want = (sum(p[i][0] for p in v.units.values()), sum(p[i][1] for p in v.units.values()))
        got = (by_code[code]["period_value"], by_code[code]["cumulative_value"])
        assert got == want, f"{code}: read {got}, written {want}"
    reported = {u["name"]: u for u in data["units"] if u["reported"]}
    assert set(reported) == set(v.units)
    for name, pairs in v.units.items():
        got_unit = reported[name]["values"]
        for i, code in enumerate(CODES):
            got = (got_unit[code]["period"], got_unit[code]["cumulative"])
            assert got == pairs[i], f"{name} / {code}: read {got}, written {pairs[i]}"
    codes = {w["code"] for w in data["warnings"]}
    assert codes <= v.warnings, data["warnings"]


@pytest.mark.parametrize("name", _params())
def test_variant(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    check_variant(BUILDERS[name](folder), tmp_path)


def check_variant(v: Variant, tmp_path: Path) -> None:
    """Report on the variant's inputs: its figures read exactly, or its refusal said."""
    out = tmp_path / "out.json"
    runner = CliRunner()
    result = runner.invoke(app, ["report", *map(str, v.inputs), "-o", str(out), *v.args])
    stderr = _flat(result.stderr)
    if v.error is not None:
        assert result.exit_code == 1, stderr
        assert not out.exists()
        assert f"[{v.error}]" in stderr, stderr
        if v.error_cell:
            assert f"ô {v.error_cell}" in stderr, stderr
        assert v.error_file in stderr, stderr
        assert v.error_words in stderr, stderr
        return
    assert result.exit_code == 0, stderr
    _check_read(json.loads(out.read_text("utf-8")), v)


def check_committed(committed: dict[str, Any], tmp_path: Path) -> None:
    """Each committed .xls/.ods file still holds the cells its builder writes today."""
    from python_calamine import CalamineWorkbook

    from tests.variety import DATA_DIR

    for name, build in committed.items():
        fresh = build().save(tmp_path / name)
        grids = []
        for path in (fresh, DATA_DIR / name):
            wb = CalamineWorkbook.from_path(str(path))
            grids.append(
                {
                    s: wb.get_sheet_by_name(s).to_python(skip_empty_area=False)
                    for s in wb.sheet_names
                }
            )
            wb.close()
        assert grids[0] == grids[1], name


def test_committed_files_are_what_the_builders_write(tmp_path: Path) -> None:
    """The .xls/.ods files under tests/data/variety still match their builders' cells."""
    from tests.variety import COMMITTED

    check_committed(COMMITTED, tmp_path)
