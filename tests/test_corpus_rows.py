"""The workbooks of tests/corpus_rows.py: each read with its figures, or refused as stated."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus_rows import BUILDERS
from tests.test_variety import check_variant


@pytest.mark.parametrize("name", list(BUILDERS))
def test_variant(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    check_variant(BUILDERS[name](folder), tmp_path)


def test_committed_files_are_what_the_builders_write(tmp_path: Path) -> None:
    """The .xls/.ods files of this corpus under tests/data/variety match their builders."""
    pytest.importorskip("xlwt")
    pytest.importorskip("odf")
    from python_calamine import CalamineWorkbook

    from tests.corpus_rows import COMMITTED
    from tests.variety import DATA_DIR

    for name, build in COMMITTED.items():
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
