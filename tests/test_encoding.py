"""Standard output and error are UTF-8 whatever the console's code page (Windows defaults)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import SAMPLES


def _run(args: list[str], encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "dean24", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_markdown_on_stdout_is_utf8(encoding: str, tmp_path: Path) -> None:
    result = _run(
        [
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            "-o",
            "-",
            "--date",
            "2024-07-17",
        ],
        encoding,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")  # raises if the bytes are not UTF-8
    assert "Đề án" in text and "Lào Cai, ngày 17 tháng 7 năm 2024" in text
    assert "Kết quả 6 tháng đầu năm 2024" in result.stderr.decode("utf-8")
    assert list(tmp_path.iterdir()) == []  # -o - writes nothing else


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_config_show_is_utf8(encoding: str, tmp_path: Path) -> None:
    result = _run(["config", "show"], encoding, tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    config = tomllib.loads(result.stdout.decode("utf-8"))
    assert config["programme"]["name"] == "Đề án số 24-ĐA/TU"


def test_an_error_message_is_utf8(tmp_path: Path) -> None:
    result = _run(["report", "không_có.xlsx", "-o", "-"], "cp1252", tmp_path)
    assert result.returncode != 0
    message = result.stderr.decode("utf-8")
    assert "không_có.xlsx" in message and "Traceback" not in message
