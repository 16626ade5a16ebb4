"""Property-based tests: whatever a sheet holds, the reader reads it or raises its own error."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dean24.checking.validation import validate
from dean24.core.errors import Dean24Error
from dean24.judging.aggregate import build_model
from dean24.programme.config import load_config
from dean24.reading.reader import read_inputs
from tests.conftest import LABELS, SMALL, make_summary

CONFIG = load_config()
WORDS = [
    *LABELS.values(),
    "Trong kỳ",
    "Lũy kế từ khi thực hiện Đề án",
    "Đơn vị",
    "STT",
    "Tổng cộng",
    "Kỳ báo cáo: 6 tháng đầu năm 2024",
    "Huyện ủy Bát Xát",
    "Thị ủy Sa Pa",
    "Chỉ tiêu",
    "Đơn vị: Huyện Bắc Hà",
    "-",
    "1.204",
    "khoảng 20",
]
cells = st.one_of(
    st.none(),
    st.integers(min_value=-10, max_value=10**7),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(WORDS),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ÀÁĐ0123456789.,-()/:", max_size=30),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    st.booleans(),
)
grids = st.lists(st.lists(cells, min_size=0, max_size=18), min_size=0, max_size=25)


def _run(path: Path) -> None:
    try:
        result = read_inputs([path], CONFIG)
        data = validate(result, CONFIG)
        build_model(data, CONFIG)
    except Dean24Error:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=grids, title=st.sampled_from(["Sheet1", "Tổng hợp", "6 tháng đầu năm 2024"]))
def test_random_sheets_are_read_or_refused(grid: list[list[Any]], title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = title
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                ws.cell(row=r, column=c, value=value)
        wb.save(path)
        _run(path)


values = st.one_of(
    st.integers(min_value=0, max_value=5000),
    st.integers(min_value=-100, max_value=-1),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.sampled_from(["", "-", "1.204", "3,274", "khoảng 20", "12 ", "0"]),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.none(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_values_in_a_real_table(data: st.DataObject) -> None:
    rows = {
        name: [(data.draw(values), data.draw(values)) for _ in pairs]
        for name, pairs in SMALL.items()
    }
    with tempfile.TemporaryDirectory() as folder:
        path = make_summary(Path(folder) / "t.xlsx", rows, add_totals=data.draw(st.booleans()))
        try:
            model = build_model(validate(read_inputs([path], CONFIG), CONFIG), CONFIG)
        except Dean24Error as exc:
            assert exc.problems and all(p.code and p.message for p in exc.problems)
            return
        # Read without error: every figure is a whole non-negative number, cumulative ≥ period.
        for unit in model.units:
            for p, c in unit.values.values():
                assert 0 <= p <= c
