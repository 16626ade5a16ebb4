"""Broken and hostile files through the CLI: one clear message, exit 1, nothing written, fast."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.broken_corpus import expected_code
from tests.conftest import SAMPLES

CORPUS_KEYS = [
    "file_not_found",
    "file_empty",
    "file_html",
    "file_html:table_only",
    "file_mhtml",
    "file_csv",
    "file_csv:tsv",
    "file_pdf",
    "file_not_workbook:docx",
    "file_not_workbook:doc",
    "file_not_workbook:random",
    "file_corrupt:truncated",
    "file_corrupt:crc",
    "file_corrupt:missing_workbook",
    "file_corrupt:lying_sizes",
    "file_too_large:zip_bomb",
    "file_too_large:ratio",
    "file_too_large:entries",
    "file_xml_entities",
    "file_encrypted",
    "file_encrypted:xls",
    "file_too_many_cells",
]


@pytest.fixture
def corpus(broken_corpus: dict[str, Path]) -> dict[str, Path]:
    return broken_corpus


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_each_broken_file_is_refused_clearly(
    runner: CliRunner, in_tmp: Path, corpus: dict[str, Path], key: str
) -> None:
    path = corpus[key]
    started, cpu_started = time.monotonic(), time.process_time()
    result = runner.invoke(app, ["report", str(path), "-o", "r.md", "-o", "r.json"])
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Lỗi [{expected_code(key)}]"), lines[0]
    assert path.name in lines[0]
    assert "Traceback" not in result.stderr
    # CPU time is the bound (a busy machine stretches only the clock); the clock catches a hang.
    assert cpu < 2.0 and elapsed < 30
    assert not (in_tmp / "r.md").exists() and not (in_tmp / "r.json").exists()


def test_uncached_formula_in_a_report_table(runner: CliRunner, in_tmp: Path) -> None:
    import openpyxl

    from tests.conftest import make_summary

    book = make_summary(in_tmp / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["D9"] = "=D7+D8"  # written by a program: no cached value
    wb.save(book)
    result = runner.invoke(app, ["report", str(book), "-o", "r.md"])
    assert result.exit_code == 1
    assert "[formula_no_value]" in result.stderr and "ô D9" in result.stderr
    assert not (in_tmp / "r.md").exists()


# Runs the CLI and reports the process's own peak memory (KiB) and CPU time (s) on the last
# line of stderr. VmHWM belongs to this program; ru_maxrss would also count the pytest process
# it forked from. CPU time, not the clock: a busy machine stretches the one, not the other.
_MEASURED = """
import sys
import time
from dean24.commands.cli import main
try:
    main()
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"\\nPEAK_KIB {peak} CPU_S {time.process_time():.3f}\\n")
"""


@pytest.mark.parametrize("key", ["file_too_large:zip_bomb", "file_xml_entities"])
def test_bombs_are_refused_within_bounds_in_a_fresh_process(
    corpus: dict[str, Path], tmp_path: Path, key: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "report", str(corpus[key]), "-o", str(tmp_path / "r.md")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    peak_kib, cpu_s = result.stderr.rsplit("PEAK_KIB", 1)[1].split()[::2]
    assert result.returncode == 1
    assert f"[{expected_code(key)}]" in result.stderr
    # Interpreter start-up and imports are included in both figures.
    assert float(cpu_s) < 5.0
    assert int(peak_kib) < 200 * 1024
    assert not (tmp_path / "r.md").exists()


@pytest.mark.slow
def test_a_killed_run_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    target = tmp_path / "bao_cao.md"
    target.write_text("BÁO CÁO CŨ\n", "utf-8")
    command = [
        sys.executable,
        "-m",
        "dean24",
        "report",
        str(SAMPLES / "don_vi_6thang_dau_2024"),
        "-o",
        str(target),
    ]
    complete = subprocess.run(command, capture_output=True, timeout=60, check=True)
    assert complete.returncode == 0
    new_text = target.read_text("utf-8")
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4):
        target.write_text("BÁO CÁO CŨ\n", "utf-8")
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        assert target.read_text("utf-8") in {"BÁO CÁO CŨ\n", new_text}


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from dean24.store.outputs import OutputError, write_atomic

    target = tmp_path / "r.md"
    target.write_text("cũ", "utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError):
        write_atomic(target, b"new")
    assert target.read_text("utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_inputs_are_never_modified(runner: CliRunner, in_tmp: Path) -> None:
    import hashlib

    source = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
    before = hashlib.sha256(source.read_bytes()).hexdigest(), source.stat().st_mtime_ns
    assert runner.invoke(app, ["report", str(source), "-o", "r.md"]).exit_code == 0
    assert (hashlib.sha256(source.read_bytes()).hexdigest(), source.stat().st_mtime_ns) == before
