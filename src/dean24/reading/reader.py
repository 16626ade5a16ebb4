"""Read every workbook of a run (files or folders) into tables with their cells.

Many files are read in parallel by a pool of processes sized to the machine; results come
back in the inputs' order and carry the same problems a serial read gives. A file whose
reading kills its process (a crash in native code) fails alone, named in a problem.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dean24.core.errors import InputFileError, Location, Problem
from dean24.core.model import ReadResult, SheetData, UnitRow
from dean24.core.periods import Period
from dean24.programme.config import Config
from dean24.reading.cells import CUMULATIVE, PERIOD
from dean24.reading.layouts.detect import TableFinder
from dean24.reading.workbook import load_sheets

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
# Below this many files a pool's start-up costs more than it saves.
PARALLEL_MIN_FILES = 24
# A worker is started for every this many files at least.
FILES_PER_WORKER = 8
# Files a worker reads per round trip, at most: enough that passing results back costs the
# parent little (a third less of its time than 8 on 3.321 files), few enough that memory
# stays bounded and that the files read again alone after a crash stay few.
CHUNK_FILES = 32

Progress = Callable[[int, int], None]  # (files read so far, files in all)


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given, and the workbooks directly inside each folder, in name order.

    Office lock files ('~$…') and hidden files are skipped.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            with os.scandir(path) as entries:
                names = [
                    entry.name
                    for entry in entries
                    if _is_file(entry)
                    and is_workbook_name(entry.name)
                    and not entry.name.startswith(("~$", "."))
                ]
            # The order of the paths themselves (case-blind where paths are).
            inside = [path / name for name in sorted(names, key=os.path.normcase)]
            if not inside:
                raise InputFileError(
                    "folder_empty",
                    "Thư mục không có sổ Excel nào (.xlsx, .xls, .ods).",
                    Location(file=str(path)),
                )
            files.extend(inside)
        else:
            files.append(path)
    return files


def is_workbook_name(name: str) -> bool:
    """Whether a file name has a workbook's suffix (as Path.suffix gives it), in any case."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:].lower() in WORKBOOK_SUFFIXES


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Path.is_file() of a folder entry, without a stat for a plain file."""
    try:
        return entry.is_file()
    except OSError:
        return Path(entry.path).is_file()  # a link that loops is no file; other faults raise


@dataclass
class FileRead:
    """The tables found in one file, and the problems met reading it."""

    sheets: list[SheetData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_file(path: Path, finder: TableFinder) -> FileRead:
    """Read one workbook's tables; its problems are gathered, never raised."""
    display = str(path)
    result = FileRead()
    try:
        raw_sheets, notes = load_sheets(path, display)
    except InputFileError as exc:
        result.problems.extend(exc.problems)
        return result
    result.problems.extend(notes)
    found: list[tuple[SheetData, list[Problem]]] = []
    for sheet in raw_sheets:
        said: list[Problem] = []
        tables = finder.read(sheet, said)
        if not tables:
            result.problems.extend(said)
        for i, table in enumerate(tables):
            found.append((table, said if i == 0 else []))
    repeated = repeated_totals([table for table, _ in found])
    kept: list[SheetData] = []
    for i, (table, said) in enumerate(found):
        if i not in repeated:
            kept.append(table)
            result.problems.extend(said)
    result.sheets = finder.join(kept, result.problems)
    for table in result.sheets:
        if table.layout != "B":  # a unit form's other groups may be in another file
            result.problems.extend(table.lacking)
        elif len(table.rows) == 1:
            result.problems.extend(_file_named_for_another(path, table.rows[0], finder))
    if not result.sheets:
        result.problems.append(
            Problem(
                "no_table",
                "Không tìm thấy bảng số liệu của Đề án trong sổ này: cần dòng tiêu đề có tên "
                'các chỉ tiêu và các cột "Trong kỳ", "Lũy kế từ khi thực hiện Đề án".',
                Location(file=display),
            )
        )
    return result


def _file_named_for_another(path: Path, row: UnitRow, finder: TableFinder) -> list[Problem]:
    """A unit form in a file whose name is another unit's ('Xã Bảo Hà.xlsx' holding Bảo Yên's
    form): read as the form says, with a warning, since an office may have sent the wrong file.
    A file name that names no unit, or one of the units the form's name may be, says nothing."""
    named = finder.context.units.candidates(re.sub(r"[_\s]+", " ", path.stem).strip())
    written = finder.context.units.candidates(row.raw_name)
    if not named or not written or {u.name for u in named} & {u.name for u in written}:
        return []
    return [
        Problem(
            "file_name_other_unit",
            f"Tệp {path.name} mang tên {named[0].name} nhưng biểu trong tệp là của "
            f"{written[0].name}: đọc theo biểu ({written[0].name}).",
            row.location,
            severity="warning",
            advised=True,
        )
    ]


def repeated_totals(tables: list[SheetData]) -> set[int]:
    """The unit forms of a workbook that only repeat the totals of a summary in the same
    workbook (the summary's own table of indicators): the same figures again, compared
    and found equal, never a second report to add."""
    summaries = [t for t in tables if t.layout == "A" and t.totals is not None]
    repeated: set[int] = set()
    for i, table in enumerate(tables):
        if table.layout != "B" or len(table.rows) != 1:
            continue
        for summary in summaries:
            assert summary.totals is not None
            same_period = None in (table.period, summary.period) or table.period == summary.period
            if same_period and _same_figures(table.rows[0], summary.totals):
                repeated.add(i)
                break
    return repeated


def _same_figures(form: UnitRow, totals: UnitRow) -> bool:
    """Every period and cumulative figure of totals is the form's, and the form has no other."""
    kinds = (PERIOD, CUMULATIVE)
    wanted = {
        (c, k): f.value for c, ks in totals.values.items() for k, f in ks.items() if k in kinds
    }
    given = {(c, k): f.value for c, ks in form.values.items() for k, f in ks.items() if k in kinds}
    return bool(wanted) and wanted == given


def read_inputs(
    paths: list[Path],
    config: Config,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
    period: Period | None = None,
) -> ReadResult:
    """Read all inputs; problems of every file are gathered, not stopped at the first.

    progress, if given, is called after each file with (files read, files in all).
    meanwhile, if given, is called once: while worker processes read, if any do (the caller's
    own preparations then cost no time of their own), else before this process reads.
    period, if given (on the command line), is the one a sheet naming none is read against.
    """
    files = expand_inputs(paths)
    report = progress or (lambda _done, _total: None)
    workers = pool_size(len(files))
    if workers > 1:
        results = _read_parallel(files, config, workers, report, meanwhile, period)
    else:
        if meanwhile is not None:
            meanwhile()
        finder = TableFinder(config, period)
        results = []
        for path in files:
            results.append(read_file(path, finder))
            report(len(results), len(files))
    sheets = [sheet for result in results for sheet in result.sheets]
    problems = [problem for result in results for problem in result.problems]
    if any(sheet.layout == "B" and sheet.lacking for sheet in sheets):
        sheets = TableFinder(config, period).join_forms(sheets, problems)
    return ReadResult(sheets, problems)


def pool_size(files: int) -> int:
    """Worker processes for reading `files` files: one per core, 1 for a few files or where
    this process may not start others (a daemon process)."""
    if files < PARALLEL_MIN_FILES or multiprocessing.current_process().daemon:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, files // FILES_PER_WORKER))


def chunk_size(files: int, workers: int) -> int:
    """Files per round trip: CHUNK_FILES, or fewer so that each worker gets four rounds at
    least (the last rounds then end close together)."""
    return max(1, min(CHUNK_FILES, files // (4 * workers)))


# ----------------------------------------------------------------------------- the pool

_finder: TableFinder | None = None


def _start_worker(config: Config, period: Period | None = None) -> None:
    global _finder
    gc.enable()  # forked while its parent had collection off
    _finder = TableFinder(config, period)


def _read_in_worker(path: Path) -> FileRead:
    assert _finder is not None
    return read_file(path, _finder)


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux where it is safe (no other thread running), which starts workers at once
    with everything imported; else a fresh interpreter per worker."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _pool(config: Config, workers: int, period: Period | None = None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_start_worker, initargs=(config, period)
    )


def _read_parallel(
    files: list[Path],
    config: Config,
    workers: int,
    report: Progress,
    meanwhile: Callable[[], None] | None = None,
    period: Period | None = None,
) -> list[FileRead]:
    results: list[FileRead] = []
    chunk = chunk_size(len(files), workers)
    with _collector_aside():
        while len(results) < len(files):
            rest = files[len(results) :]
            try:
                with _pool(config, workers, period) as pool:
                    # Every file is handed out at once, so the workers have started.
                    reading = pool.map(_read_in_worker, rest, chunksize=chunk)
                    if meanwhile is not None:
                        meanwhile()
                        meanwhile = None
                    for result in reading:
                        results.append(result)
                        report(len(results), len(files))
            except BrokenProcessPool:
                # A worker died: the files it may have held are read one process each, so that
                # the one that kills its process is named; the rest go on in a new pool.
                for path in files[len(results) : len(results) + chunk * workers]:
                    results.append(_read_alone(path, config, period))
                    report(len(results), len(files))
    return results


@contextmanager
def _collector_aside() -> Iterator[None]:
    """No garbage collection in this process while the pool reads: it only gathers results,
    which hold no reference cycles, and each collection walked every result gathered so far.
    Then what this process holds is frozen: the results live as long as the report, and the
    collections of the steps after reading need not walk them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _read_alone(path: Path, config: Config, period: Period | None = None) -> FileRead:
    try:
        with _pool(config, 1, period) as pool:
            return pool.submit(_read_in_worker, path).result()
    except BrokenProcessPool:
        return FileRead(
            problems=[
                Problem(
                    "file_crashed",
                    "Đọc tệp này làm chương trình đọc bảng tính dừng đột ngột (lỗi bên trong "
                    "thư viện đọc Excel), nên tệp bị bỏ qua.",
                    Location(file=str(path)),
                    advised=True,
                )
            ]
        )
