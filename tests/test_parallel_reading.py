"""Reading many workbooks: in parallel, in the inputs' order, with the same problems as a
serial read, a crash of one file failing it alone, and progress on a terminal."""

from __future__ import annotations

import faulthandler
import io
import multiprocessing
from pathlib import Path

import pytest
from rich.console import Console

from dean24.commands.progress import ReadingProgress
from dean24.core.errors import Location, Problem
from dean24.core.model import ReadResult
from dean24.programme.config import load_config
from dean24.reading import limits, reader
from dean24.reading.reader import pool_size, read_inputs
from tests.conftest import make_unit_form
from tests.test_bounded_reading import far_xlsx

UNITS = 30


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 unit forms, a text file named .xlsx and a workbook with a far cell."""
    path = tmp_path_factory.mktemp("don_vi")
    for i in range(UNITS):
        pairs = [(i % 3, i % 3 + k) for k in range(7)]
        make_unit_form(path / f"{i:02d}.xlsx", f"Xã Số {i}, Tỉnh Lào Cai", pairs)
    (path / "15a.xlsx").write_text("STT;Đơn vị\n1;Bát Xát\n", "utf-8")
    far_xlsx(path / "20a.xlsx", "XFD1048576", dimension=False)
    return path


def serial(folder: Path, monkeypatch: pytest.MonkeyPatch) -> ReadResult:
    with monkeypatch.context() as patch:
        patch.setattr(reader, "PARALLEL_MIN_FILES", 10**6)
        return read_inputs([folder], load_config(None))


def test_many_files_read_in_parallel_as_a_serial_read_would(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []
    parallel = read_inputs(
        [folder], load_config(None), lambda done, total: calls.append((done, total))
    )
    assert parallel == serial(folder, monkeypatch)
    assert [s.rows[0].raw_name for s in parallel.sheets] == [
        f"Xã Số {i}, Tỉnh Lào Cai" for i in range(UNITS)
    ]
    assert [(p.code, Path(p.location.file).name) for p in parallel.problems] == [
        ("file_csv", "15a.xlsx"),
        ("file_cell_too_far", "20a.xlsx"),
    ]
    assert calls == [(n, UNITS + 2) for n in range(1, UNITS + 3)]


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_afresh_read_the_same(
    folder: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Where fork is not used (other systems, or a thread running), workers import dean24
    themselves and get the configuration pickled: same result."""
    expected = serial(folder, monkeypatch)
    monkeypatch.setattr(reader, "_context", lambda: multiprocessing.get_context(method))
    assert read_inputs([folder], load_config(None)) == expected


def test_the_pool_is_sized_to_the_machine_and_left_out_for_a_few_files() -> None:
    assert pool_size(3) == 1
    assert pool_size(reader.PARALLEL_MIN_FILES - 1) == 1
    assert 1 <= pool_size(10_000) <= len(__import__("os").sched_getaffinity(0))


@pytest.mark.slow
def test_a_file_that_kills_its_process_fails_alone(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the extent check, python-calamine aborts the process reading 20a.xlsx (it asks
    for 512 GB): that file fails with its own problem and every other file is read."""
    monkeypatch.setattr(limits, "MAX_ROWS", 2**31)
    monkeypatch.setattr(limits, "MAX_COLUMNS", 2**31)
    if pool_size(UNITS + 2) == 1:
        pytest.skip("one core: files are read in this process")
    dumping = faulthandler.is_enabled()
    faulthandler.disable()  # the dying worker would print pytest's traceback dump
    try:
        result = read_inputs([folder], load_config(None))
    finally:
        if dumping:
            faulthandler.enable()
    assert len(result.sheets) == UNITS
    crashed = [p for p in result.problems if p.code == "file_crashed"]
    assert [Path(p.location.file).name for p in crashed] == ["20a.xlsx"]
    assert "Excel" in crashed[0].message


def test_progress_shows_a_bar_on_a_terminal_only() -> None:
    for terminal in (True, False):
        out = io.StringIO()
        console = Console(file=out, force_terminal=terminal, width=80)
        with ReadingProgress(console) as progress:
            for done in range(1, 11):
                progress(done, 10)
        assert ("Đang đọc các sổ Excel" in out.getvalue()) is terminal
        assert ("10/10" in out.getvalue()) is terminal


def test_no_bar_for_a_few_files() -> None:
    out = io.StringIO()
    with ReadingProgress(Console(file=out, force_terminal=True)) as progress:
        for done in range(1, 4):
            progress(done, 3)
    assert out.getvalue() == ""


def test_meanwhile_runs_once_while_workers_read_and_never_in_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the caller prepares meanwhile (pandas, for adding up) is not in the workers."""
    if pool_size(UNITS + 2) == 1:
        pytest.skip("one core: files are read in this process")
    calls: list[int] = []
    read_file = reader.read_file

    def seen_by_worker(path: Path, finder: reader.TableFinder) -> reader.FileRead:
        result = read_file(path, finder)
        if calls:
            result.problems.append(Problem("meanwhile_seen", "", Location(file=str(path))))
        return result

    monkeypatch.setattr(reader, "read_file", seen_by_worker)
    result = read_inputs([folder], load_config(None), meanwhile=lambda: calls.append(1))
    assert calls == [1]
    assert len(result.sheets) == UNITS
    assert not [p for p in result.problems if p.code == "meanwhile_seen"]
