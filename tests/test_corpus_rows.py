"""The workbooks of tests/corpus_rows.py: each read with its figures, or refused as stated."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus_rows import BUILDERS
from tests.test_variety import check_committed, check_variant


@pytest.mark.parametrize("name", list(BUILDERS))
def test_variant(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    check_variant(BUILDERS[name](folder), tmp_path)


def test_committed_files_are_what_the_builders_write(tmp_path: Path) -> None:
    """The .xls/.ods files of this corpus under tests/data/variety match their builders."""
    from tests.corpus_rows import COMMITTED

    check_committed(COMMITTED, tmp_path)
