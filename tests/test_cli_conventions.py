"""Command-line conventions: -h, completion, usage errors in Vietnamese, --quiet, metavars."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SAMPLES


def _dean24(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dean24", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("command", [[], ["report"], ["batch"], ["config", "show"]])
def test_dash_h_is_help(runner: CliRunner, command: list[str]) -> None:
    short = runner.invoke(app, [*command, "-h"])
    assert short.exit_code == 0
    assert short.stdout == runner.invoke(app, [*command, "--help"]).stdout


def test_help_shows_real_metavars(runner: CliRunner) -> None:
    report = runner.invoke(app, ["report", "-h"]).stdout
    for shown in (
        "-o, --output FILE",
        "--period CODE",
        "--config FILE",
        "--notes FILE",
        "--date YYYY-MM-DD",
        "--store FILE",
    ):
        assert shown in report, shown
    assert "INPUT" in report
    batch = runner.invoke(app, ["batch", "-h"]).stdout
    for shown in ("--out DIR", "--notes DIR", "--log FILE", "-q, --quiet"):
        assert shown in batch, shown


def test_shell_completion_is_available() -> None:
    script = Path(sys.executable).with_name("dean24")
    result = subprocess.run(
        [str(script), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "_dean24_completion" in result.stdout
    assert "--install-completion" in _dean24("-h").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--foo"], "Lỗi [usage_error] Không có tùy chọn --foo."),
        (["report"], "Lỗi [usage_error] Thiếu đối số INPUT."),
        (["batch", "inbox"], "Lỗi [usage_error] Thiếu tùy chọn --out."),
        (["reprot"], "Lỗi [usage_error] Không có lệnh reprot."),
        (["report", "a.xlsx", "-o"], "Lỗi [usage_error] Tùy chọn -o cần một giá trị."),
        (
            ["report", "a.xlsx", "--date", "17/7/2024"],
            'Lỗi [usage_error] Giá trị không hợp lệ cho --date: "17/7/2024" không phải ngày dạng '
            "YYYY-MM-DD.",
        ),
    ],
)
def test_usage_errors_are_vietnamese_one_language_per_line(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = _dean24(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == message
    assert not any(word in result.stderr for word in ("Error", "Usage:", "Try ", "Missing"))
    assert "Traceback" not in result.stderr


def test_report_quiet_prints_only_what_was_asked(runner: CliRunner, tmp_path: Path) -> None:
    args = ["report", str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"), "--date", "2024-07-17"]
    loud = runner.invoke(app, [*args, "-o", str(tmp_path / "a.md")])
    quiet = runner.invoke(app, [*args, "-o", str(tmp_path / "b.md"), "--quiet"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "Đã ghi" in loud.stderr and quiet.stderr == ""
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()
