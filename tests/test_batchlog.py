"""The batch log as an operator reads it: timed, levelled JSON lines, skipped files, a summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dean24 import __version__
from dean24.commands.cli import app
from tests.conftest import SAMPLES


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox / "tot.xlsx")
    (inbox / "hong.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    (inbox / "so_lieu.csv").write_text("STT;Đơn vị\n", "utf-8")
    return inbox


def test_a_run_logs_timed_levelled_lines_one_for_the_csv_and_a_summary(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    log = tmp_path / "batch.log"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dean24",
            "batch",
            str(inbox),
            "--out",
            str(tmp_path / "out"),
            "--formats",
            "md",
            "--log",
            str(log),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    lines = _lines(log.read_text("utf-8"))
    for line in lines:
        stamp = datetime.fromisoformat(line["time"])
        assert stamp.utcoffset() is not None
        assert line["level"] in {"info", "warning", "error"}
    events = [(line["event"], Path(line.get("input", "")).name, line["level"]) for line in lines]
    assert events[0] == ("skipped_file", "so_lieu.csv", "warning")
    assert sorted(events[1:-1]) == [("input", "hong.xlsx", "error"), ("input", "tot.xlsx", "info")]
    assert lines[0]["warnings"][0]["code"] == "not_a_workbook"
    summary = lines[-1]
    assert summary["event"] == "summary" and summary["level"] == "error"
    assert (summary["inputs"], summary["ok"], summary["skipped"], summary["failed"]) == (2, 1, 0, 1)
    assert summary["skipped_files"] == 1 and summary["exit_code"] == 1
    assert summary["version"] == __version__ and summary["duration"] > 0
    # Stderr is not a terminal but the lines went to --log: stderr is left to other messages.
    assert '"event"' not in result.stderr


def test_without_a_log_file_stderr_carries_only_json(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dean24",
            "batch",
            str(inbox),
            "--out",
            str(tmp_path / "out"),
            "--formats",
            "md",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    lines = _lines(result.stderr)  # every line parses
    assert lines[-1]["event"] == "summary"


def test_a_fatal_error_is_a_json_line_then_a_summary(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text("[programme]\nnmae = 1\n", "utf-8")
    log = tmp_path / "batch.log"
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(_inbox(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--config",
            str(bad),
            "--log",
            str(log),
        ],
    )
    assert result.exit_code == 2
    error, summary = _lines(log.read_text("utf-8"))
    assert (error["event"], error["level"]) == ("error", "error")
    codes = [error["code"], *(p["code"] for p in error["problems"])]
    assert "config_unknown_key" in codes and "config_missing_key" in codes
    assert any("programme.nmae" in p["message"] for p in error["problems"])
    assert (summary["event"], summary["exit_code"]) == ("summary", 2)
    assert "[config_unknown_key]" in result.stderr  # the operator at the terminal reads it too
    assert not (tmp_path / "out" / "tot.md").exists()


def test_notes_by_name_and_the_period(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox / "tong_hop.xlsx")
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox / "khac.xlsx")
    notes = tmp_path / "ghi_chu"
    notes.mkdir()
    shutil.copy(SAMPLES / "ghi_chu_6thang_dau_2024.md", notes / "tong_hop.md")
    out = tmp_path / "out"
    args = [
        "batch",
        str(inbox),
        "--out",
        str(out),
        "--formats",
        "md",
        "--notes",
        str(notes),
        "--log",
        str(tmp_path / "log"),
    ]
    runner = CliRunner()
    first = runner.invoke(app, [*args, "--period", "2024-H1"])
    assert first.exit_code == 0, first.stderr
    with_notes = (out / "tong_hop.md").read_text("utf-8")
    without = (out / "khac.md").read_text("utf-8")
    assert "CẦN BỔ SUNG" not in with_notes.split("II.")[0]
    assert "CẦN BỔ SUNG" in without
    # Changed notes render that input again, and only it.
    with (notes / "tong_hop.md").open("a", encoding="utf-8") as handle:
        handle.write("\nThêm một dòng.\n")
    again = runner.invoke(app, [*args, "--period", "2024-H1"])
    statuses = {
        Path(line["input"]).name: line["status"]
        for line in _lines((tmp_path / "log").read_text("utf-8"))[-3:-1]
    }
    assert statuses == {"tong_hop.xlsx": "ok", "khac.xlsx": "skipped"}, again.stderr
    # Another period from the command line is a new recipe: every input again, with a warning.
    third = runner.invoke(app, [*args, "--period", "2024-Q2"])
    assert third.exit_code == 0, third.stderr
    last = _lines((tmp_path / "log").read_text("utf-8"))[-3:-1]
    assert {line["period"] for line in last} == {"2024-Q2"}
    assert all(line["status"] == "ok" and line["warnings"] for line in last)


def test_a_missing_notes_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(_inbox(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--notes",
            str(tmp_path / "khong_co"),
        ],
    )
    assert result.exit_code == 2 and "[notes_dir_not_found]" in result.stderr
