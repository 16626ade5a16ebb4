"""Property: how a summary is laid out never changes its totals.

Permuting the unit rows, inserting blank rows and blank columns, and writing each unit under
any of its configured names give the same figures for every unit and indicator.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dean24.checking.validation import validate
from dean24.judging.aggregate import build_model
from dean24.programme.config import load_config
from dean24.reading.reader import read_inputs
from tests.corpus_rows import Row, flat, sum_row, summary_with_body
from tests.variety import CODES, DATA, Book, SheetSpec

CONFIG = load_config()
UNITS = {unit.name: unit for unit in CONFIG.units}


def names_of(unit: str) -> list[str]:
    u = UNITS[unit]
    return [u.name, u.short, *u.aliases, u.name.upper(), unicodedata.normalize("NFD", u.name)]


def with_blank_columns(s: SheetSpec, columns: list[int]) -> SheetSpec:
    """The same sheet with an empty column inserted before each of `columns` (1-based)."""
    for at in sorted(set(columns), reverse=True):
        s.cells = {(r, c + (c >= at)): v for (r, c), v in s.cells.items()}
        s.merges = [(r0, c0 + (c0 >= at), r1, c1 + (c1 >= at)) for r0, c0, r1, c1 in s.merges]
    return s


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(list(DATA)),
    picks=st.lists(st.integers(0, 20), min_size=len(DATA), max_size=len(DATA)),
    blank_rows=st.lists(st.integers(0, len(DATA)), max_size=4),
    blank_columns=st.lists(st.integers(1, 2 + 2 * len(CODES)), max_size=3),
    totals=st.booleans(),
)
def test_layout_never_changes_the_figures(
    order: list[str],
    picks: list[int],
    blank_rows: list[int],
    blank_columns: list[int],
    totals: bool,
) -> None:
    rows: list[Row] = []
    for n, unit in enumerate(order, 1):
        names = names_of(unit)
        rows.append([n, names[picks[n - 1] % len(names)], *flat(DATA[unit])])
    for at in sorted(blank_rows, reverse=True):
        rows.insert(at, None)
    if totals:
        rows.append(sum_row("Tổng cộng", list(DATA)))
    sheet = with_blank_columns(summary_with_body(rows), blank_columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Book([sheet]).save(Path(folder) / "tong_hop.xlsx")
        model = build_model(validate(read_inputs([path], CONFIG), CONFIG), CONFIG)
    for i, code in enumerate(CODES):
        result = model.indicator(code)
        want = (sum(v[i][0] for v in DATA.values()), sum(v[i][1] for v in DATA.values()))
        assert (result.period_value, result.cumulative_value) == want, code
    read = {u.name: u.values for u in model.units if u.reported}
    assert read == {
        unit: dict(zip(CODES, map(tuple, values), strict=True)) for unit, values in DATA.items()
    }
    assert not [w for w in model.warnings if w.code not in {"units_missing", "totals_mismatch"}]
    assert not [w for w in model.warnings if w.code == "totals_mismatch"]
