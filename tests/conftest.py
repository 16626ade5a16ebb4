"""Shared fixtures: small real workbooks built on the fly, and the CLI runner."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import typer.main
import typer.testing
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

# Compiled modules are kept (in __pycache__, which git ignores) even where the environment says
# not to write them: otherwise every test module's rewritten asserts and every dean24 module that
# a test runs in a new process (`python -m dean24`) are compiled again each time, a second or two
# per process. What is compiled does not change what runs.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _temporary_files_in_memory() -> None:
    """Where the machine has a memory file system with room (Linux's /dev/shm) and the user
    named no folder for temporary files, the tests' files (tmp_path, the commands they start)
    go there: on a busy disk, writing, syncing and removing thousands of small files took more
    time than the work tested. Renames, syncs, locks, FIFOs and permissions behave alike."""
    shm = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not shm.is_dir() or not os.access(shm, os.W_OK | os.X_OK):
        return
    room = os.statvfs(shm)
    if room.f_bavail * room.f_frsize < 4 * 2**30:  # the largest test writes about 1 GB
        return
    os.environ["TMPDIR"] = str(shm)
    tempfile.tempdir = str(shm)


_temporary_files_in_memory()


def pytest_configure(config: pytest.Config) -> None:
    """The tests keep dean24's cache (compiled templates) in a
    folder of their own, not in the user's, and the commands they run do too."""
    os.environ["DEAN24_CACHE_DIR"] = tempfile.mkdtemp(prefix="dean24-test-cache-")
    # Completion scripts are asked for by shell name; the shell that started pytest (or none,
    # under a scheduler or an IDE) must not change what the tests see.
    os.environ["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"


def pytest_unconfigure(config: pytest.Config) -> None:
    """The cache folder goes with the run that made it."""
    folder = os.environ.pop("DEAN24_CACHE_DIR", None)
    if folder and Path(folder).name.startswith("dean24-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)


# CliRunner.invoke builds the Click command from the app's signatures on every call (about
# 0.1 s, most of a short command-line test); the app is the same object all along, so each is
# built once and reused, as a process running dean24 builds it once.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[assignment]

SAMPLES = ROOT / "sample_data"

LABELS = {
    "ket_nap_dang_vien": "Số đảng viên được kết nạp (người)",
    "to_chuc_dang": "Số tổ chức đảng được thành lập",
    "cong_doan": "Số công đoàn cơ sở được thành lập",
    "doan_vien_cong_doan": "Số đoàn viên công đoàn được kết nạp",
    "to_chuc_doan": "Số tổ chức đoàn thanh niên được thành lập",
    "lop_boi_duong": "Số lớp bồi dưỡng nhận thức về Đảng",
    "hoc_vien": "Số học viên là người lao động trong đơn vị kinh tế tư nhân",
}
CODES = list(LABELS)

# A small, consistent data set: unit name → per indicator (period, cumulative).
SMALL: dict[str, list[Any]] = {
    "Thành ủy Lào Cai": [(5, 52), (1, 2), (2, 9), (412, 1166), (2, 5), (4, 10), (7, 17)],
    "Thị ủy Sa Pa": [(0, 14), (0, 1), (1, 4), (156, 402), (1, 2), (2, 5), (3, 8)],
    "Huyện ủy Bát Xát": [(1, 12), (0, 0), (0, 2), (38, 96), (0, 1), (1, 3), (1, 4)],
}


def _nfd(value: Any) -> Any:
    return unicodedata.normalize("NFD", value) if isinstance(value, str) else value


def make_summary(
    path: Path,
    rows: dict[str, Sequence[Any]] | None = None,
    *,
    period_line: str | None = "Kỳ báo cáo: 6 tháng đầu năm 2024",
    totals: Sequence[Any] | None = None,
    add_totals: bool = True,
    nfd: bool = False,
    swap_kinds: bool = False,
    labels: dict[str, str] | None = None,
    extra_column: str | None = None,
    sheet_title: str = "Tổng hợp",
) -> Path:
    """A layout-A summary workbook: title, merged two-row header, one row per unit, totals."""
    rows = SMALL if rows is None else rows
    labels = {**LABELS, **(labels or {})}
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title
    put: Callable[[int, int, Any], None] = lambda r, c, v: ws.cell(  # noqa: E731
        row=r, column=c, value=_nfd(v) if nfd else v
    )
    put(1, 1, "BAN CHỈ ĐẠO XÂY DỰNG TỔ CHỨC ĐẢNG, ĐOÀN THỂ")
    put(2, 1, "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN SỐ 24-ĐA/TU")
    if period_line:
        put(3, 1, period_line)
    put(5, 1, "STT")
    put(5, 2, "Đơn vị")
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    headers = [labels[c] for c in CODES] + ([extra_column] if extra_column else [])
    kinds = ["Trong kỳ", "Lũy kế từ khi thực hiện Đề án"]
    if swap_kinds:
        kinds.reverse()
    for i, label in enumerate(headers):
        col = 3 + 2 * i
        put(5, col, label)
        ws.merge_cells(f"{get_column_letter(col)}5:{get_column_letter(col + 1)}5")
        put(6, col, kinds[0])
        put(6, col + 1, kinds[1])
    r = 7
    sums = [[0, 0] for _ in headers]
    for n, (name, values) in enumerate(rows.items(), start=1):
        put(r, 1, n)
        put(r, 2, name)
        for i, pair in enumerate(values):
            p, c = pair if not swap_kinds else (pair[1], pair[0])
            put(r, 3 + 2 * i, p)
            put(r, 4 + 2 * i, c)
            if isinstance(p, int) and isinstance(c, int):
                sums[i][0] += p
                sums[i][1] += c
        r += 1
    if add_totals:
        put(r, 2, "Tổng cộng")
        flat = list(totals) if totals is not None else [v for pair in sums for v in pair]
        for i, value in enumerate(flat):
            put(r, 3 + i, value)
        r += 1
    put(r + 1, 8, "T/M BAN CHỈ ĐẠO")
    wb.save(path)
    return path


def make_unit_form(
    path: Path,
    unit_line: str,
    values: Sequence[Any],
    *,
    period_line: str | None = "Kỳ báo cáo: 6 tháng đầu năm 2024",
    sheet_title: str = "Biểu",
    workbook: openpyxl.Workbook | None = None,
    save: bool = True,
) -> openpyxl.Workbook:
    """A layout-B unit form: unit and period lines, then one row per indicator."""
    wb = workbook or openpyxl.Workbook()
    ws = wb.active if workbook is None else wb.create_sheet(sheet_title)
    assert ws is not None
    ws.title = sheet_title
    ws["A1"] = unit_line.upper()
    ws["A2"] = f"Đơn vị: {unit_line}"
    if period_line:
        ws["A3"] = period_line
    for col, text in enumerate(
        ["STT", "Chỉ tiêu", "ĐVT", "Trong kỳ", "Lũy kế từ khi thực hiện Đề án"]
    ):
        ws.cell(row=5, column=col + 1, value=text)
    for i, (code, pair) in enumerate(zip(CODES, values, strict=True)):
        ws.cell(row=6 + i, column=1, value=i + 1)
        ws.cell(row=6 + i, column=2, value=LABELS[code])
        ws.cell(row=6 + i, column=3, value="người")
        ws.cell(row=6 + i, column=4, value=pair[0])
        ws.cell(row=6 + i, column=5, value=pair[1])
    if save:
        wb.save(path)
    return wb


@pytest.fixture(scope="session")
def broken_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The files of tests/broken_corpus.py, built once for the run (a few seconds): the tests
    that use them only read them."""
    from tests.broken_corpus import build_corpus

    return build_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def districts_for_every_period(path: Path) -> Path:
    """The shipped configuration with its district-level units reporting in every period and
    no commune-level units: for tests of how targets are judged over the years, apart from
    the change of units in 2025."""
    import re

    from dean24.programme.config import default_config_text

    text = default_config_text()
    text = text.replace("until = 2025-06-30\n", "")
    text = re.sub(r"# Các đảng bộ xã, phường.*?(?=# Chỉ tiêu\.)", "", text, flags=re.S)
    text = re.sub(r"\[\[eras\]\].*?(?=# Thể thức)", "", text, flags=re.S)
    path.write_text(text, "utf-8")
    return path


def only_districts(path: Path, names: list[str]) -> Path:
    """As `districts_for_every_period`, with only the named district-level units: a form of
    each is every report the period expects."""
    import re

    districts_for_every_period(path)
    text = path.read_text("utf-8")
    blocks = re.findall(r'\[\[units\]\]\nname = "([^"]+)".*?(?=\n\[\[|\n# |\Z)', text, flags=re.S)
    assert set(names) <= set(blocks), blocks

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if match.group(1) in names else ""

    text = re.sub(r'\[\[units\]\]\nname = "([^"]+)".*?(?=\n\[\[|\n# |\Z)', keep, text, flags=re.S)
    path.write_text(text, "utf-8")
    return path


# The ten district-level units by their committees' names, as offices write them in a summary.
COMMITTEES = [
    "Thành ủy Lào Cai",
    "Thị ủy Sa Pa",
    "Huyện ủy Bát Xát",
    "Huyện ủy Mường Khương",
    "Huyện ủy Si Ma Cai",
    "Huyện ủy Bắc Hà",
    "Huyện ủy Bảo Thắng",
    "Huyện ủy Bảo Yên",
    "Huyện ủy Văn Bàn",
    "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
]
