"""The workbooks of tests/corpus_shapes.py: each read with its figures, or refused as stated;
a variant read with a notice of its own (tables joined, units over rows, a hidden row) says it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus_shapes import BUILDERS
from tests.test_variety import check_variant


@pytest.mark.parametrize("name", list(BUILDERS))
def test_variant(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    v = BUILDERS[name](folder)
    check_variant(v, tmp_path)
    if v.error is None:
        data = json.loads((tmp_path / "out.json").read_text("utf-8"))
        said = {w["code"] for w in data["warnings"]}
        assert v.warnings - {"units_missing", "year_to_date_incomplete"} <= said, said


def test_the_corpus_is_large_enough() -> None:
    assert len(BUILDERS) >= 20
