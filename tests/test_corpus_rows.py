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
