"""`dean24 batch` and `dean24 history`: unattended runs over an inbox, idempotence, locking."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from dean24.commands.batch import LOCK
from dean24.commands.cli import app
from dean24.store.history import SCHEMA_VERSION
from tests.conftest import SAMPLES


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", folder)
    shutil.copytree(SAMPLES / "don_vi_6thang_dau_2024", folder / "don_vi")
    (folder / "hong.xlsx").write_text("STT;Đơn vị;Trong kỳ\n1;Bát Xát;3\n", "utf-8")
    (folder / "ghi_chu.txt").write_text("không phải biểu", "utf-8")
    return folder


def batch(runner: CliRunner, inbox: Path, out: Path, *extra: str) -> Any:
    return runner.invoke(
        app, ["batch", str(inbox), "--out", str(out), "--formats", "md,json", *extra]
    )


def all_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def log_lines(text: str) -> list[dict[str, Any]]:
    """The lines of the inputs, without the skipped files and the closing summary."""
    return [line for line in all_lines(text) if line["event"] == "input"]


def test_good_inputs_are_reported_and_a_broken_one_fails_alone(
    runner: CliRunner, inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = batch(runner, inbox, out)
    assert result.exit_code == 1
    lines = {Path(line["input"]).name: line for line in log_lines(result.stderr)}
    assert set(lines) == {"tong_hop_6thang_dau_2024.xlsx", "don_vi", "hong.xlsx"}
    assert lines["hong.xlsx"]["status"] == "failed"
    assert lines["hong.xlsx"]["error"][0]["code"] == "file_csv"
    assert len(lines["hong.xlsx"]["error"]) == 1
    for name in ("tong_hop_6thang_dau_2024.xlsx", "don_vi"):
        assert lines[name]["status"] == "ok"
        assert lines[name]["period"] == "2024-H1"
        assert len(lines[name]["sha256"]) == 64
    produced = sorted(p.name for p in out.iterdir() if p.suffix in {".md", ".json"})
    assert produced == [
        "dean24-manifest.json",
        "don_vi.json",
        "don_vi.md",
        "tong_hop_6thang_dau_2024.json",
        "tong_hop_6thang_dau_2024.md",
    ]
    a = json.loads((out / "don_vi.json").read_text("utf-8"))
    b = json.loads((out / "tong_hop_6thang_dau_2024.json").read_text("utf-8"))
    assert a["indicators"] == b["indicators"]


def test_a_second_run_rewrites_nothing(runner: CliRunner, inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch(runner, inbox, out)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    time.sleep(0.05)
    result = batch(runner, inbox, out)
    assert result.exit_code == 1  # the broken file still fails
    statuses = {Path(x["input"]).name: x["status"] for x in log_lines(result.stderr)}
    assert statuses == {
        "tong_hop_6thang_dau_2024.xlsx": "skipped",
        "don_vi": "skipped",
        "hong.xlsx": "failed",
    }
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name != LOCK}
    assert {k: v for k, v in before.items() if k != LOCK} == after


def test_a_changed_input_or_configuration_is_rendered_again(
    runner: CliRunner, inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (inbox / "hong.xlsx").unlink()
    assert batch(runner, inbox, out).exit_code == 0
    shutil.copy(SAMPLES / "tong_hop_6thang_cuoi_2024.xlsx", inbox / "tong_hop_6thang_dau_2024.xlsx")
    result = batch(runner, inbox, out)
    statuses = {Path(x["input"]).name: x["status"] for x in log_lines(result.stderr)}
    assert statuses == {"tong_hop_6thang_dau_2024.xlsx": "ok", "don_vi": "skipped"}
    from dean24.programme.config import default_config_text

    config = tmp_path / "c.toml"
    config.write_text(default_config_text().replace('place = "Lào Cai"', 'place = "Sa Pa"'))
    result = batch(runner, inbox, out, "--config", str(config))
    assert {x["status"] for x in log_lines(result.stderr)} == {"ok"}


def test_log_file_gets_one_line_per_input(runner: CliRunner, inbox: Path, tmp_path: Path) -> None:
    log = tmp_path / "batch.log"
    batch(runner, inbox, tmp_path / "out", "--log", str(log))
    lines = log_lines(log.read_text("utf-8"))
    assert len(lines) == 3
    assert set(lines[0]) == {
        "time",
        "level",
        "event",
        "input",
        "sha256",
        "period",
        "status",
        "outputs",
        "warnings",
        "error",
        "duration",
    }


def test_an_overlapping_run_exits_75_at_once(inbox: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK)):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "dean24", "batch", str(inbox), "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 75
    locked, summary = all_lines(result.stderr)  # JSON lines only: stderr is not a terminal
    assert (locked["event"], locked["level"], locked["code"]) == (
        "error",
        "warning",
        "batch_locked",
    )
    assert (summary["event"], summary["exit_code"], summary["inputs"]) == ("summary", 75, 0)
    assert time.monotonic() - started < 10
    assert [p.name for p in out.iterdir()] == [LOCK]


def test_history_compares_periods_and_flags_the_planted_break(
    runner: CliRunner, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("6thang_cuoi_2024", "6thang_dau_2024", "6thang_cuoi_2023"):
        shutil.copy(SAMPLES / f"tong_hop_{name}.xlsx", inbox)
    out = tmp_path / "out"
    result = batch(runner, inbox, out, "--formats", "md,json,docx")
    assert result.exit_code == 0, result.stderr
    # Run in period order whatever the file names: H2 2024 compares with both earlier periods.
    report = json.loads((out / "tong_hop_6thang_cuoi_2024.json").read_text("utf-8"))
    ket_nap = report["indicators"][0]
    assert ket_nap["previous"] == {"period": "2024-H1", "period_value": 15, "cumulative_value": 174}
    assert ket_nap["year_before"]["period"] == "2023-H2"
    (warning,) = report["warnings"]
    assert warning["code"] == "continuity_break"
    assert "Huyện Văn Bàn" in warning["message"]
    assert (
        "130" in warning["message"] and "31" in warning["message"] and "181" in warning["message"]
    )
    text = (out / "tong_hop_6thang_cuoi_2024.md").read_text("utf-8")
    assert (
        "Riêng 6 tháng cuối năm 2024, toàn tỉnh kết nạp được 32 đảng viên, gấp hơn 2 lần 6 tháng "
        "đầu năm 2024 (15) và tăng 1 đảng viên so với cùng kỳ năm 2023 (31), nâng tổng số" in text
    )
    # The break is a note for the reviewer: a Word comment on the paragraph of its indicator,
    # never text of the report.
    assert "continuity_break" not in text and "lũy kế kỳ trước" not in text
    word = docx.Document(str(out / "tong_hop_6thang_cuoi_2024.docx"))
    (comment,) = list(word.comments)
    assert comment.author == "dean24" and "[continuity_break] Huyện Văn Bàn" in comment.text
    anchored = word.element.body.xpath(".//w:p[w:commentRangeStart]")
    assert len(anchored) == 1 and "đoàn viên công đoàn" in "".join(anchored[0].itertext())
    # H2 is judged on the whole year (H1 + H2 from the history), not on the half alone.
    assert ket_nap["status"] == "not_met" and ket_nap["horizon"] == "year"
    assert ket_nap["year_to_date"]["periods"] == ["2024-H1", "2024-H2"]
    assert "Năm 2024, toàn tỉnh kết nạp được 47 đảng viên, bằng 3,3% tổng số 1.434" in text
    assert "không đạt chỉ tiêu năm, còn thiếu 11 đảng viên" in text
    assert "Bảng 3. So sánh số trong kỳ với các kỳ trước" in text
    h1 = json.loads((out / "tong_hop_6thang_dau_2024.json").read_text("utf-8"))
    assert h1["warnings"] == []

    listing = runner.invoke(app, ["history", "--store", str(out / "dean24.sqlite")])
    assert listing.exit_code == 0
    assert "6 tháng cuối năm 2023" in listing.stdout and "2024-H2" in listing.stdout
    assert "15 / 174" in listing.stdout


def test_report_with_store_replaces_a_period_when_recorded_again(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = tmp_path / "h.sqlite"
    for _ in range(2):
        result = runner.invoke(
            app,
            [
                "report",
                str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
                "--store",
                str(store),
                "-o",
                str(tmp_path / "r.md"),
            ],
        )
        assert result.exit_code == 0
    db = sqlite3.connect(store)
    assert db.execute("SELECT COUNT(*) FROM periods").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 70
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.slow
def test_history_survives_a_run_killed_halfway(tmp_path: Path) -> None:
    """Kill report runs at various moments: the database always opens and holds whole periods."""
    store = tmp_path / "h.sqlite"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "dean24",
        "report",
        str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
        "--store",
        str(store),
        "-o",
        str(tmp_path / "r.md"),
    ]
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=60)
    for delay in (0.3, 0.6, 0.9, 1.2):
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        db = sqlite3.connect(store)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 70
        db.close()


def test_word_report_gets_a_trend_chart_with_three_periods(
    runner: CliRunner, tmp_path: Path
) -> None:
    import docx

    store = tmp_path / "h.sqlite"
    pictures = []
    for name in ("6thang_cuoi_2023", "6thang_dau_2024", "6thang_cuoi_2024"):
        out = tmp_path / f"{name}.docx"
        result = runner.invoke(
            app,
            [
                "report",
                str(SAMPLES / f"tong_hop_{name}.xlsx"),
                "--store",
                str(store),
                "-o",
                str(out),
                "-o",
                str(tmp_path / f"{name}.md"),
            ],
        )
        assert result.exit_code == 0, result.stderr
        pictures.append(len(docx.Document(str(out)).inline_shapes))
    # The progress chart always; once three periods are stored, a small trend chart for each
    # of the seven indicators.
    assert pictures == [1, 1, 8]
    text = (tmp_path / "6thang_cuoi_2024.md").read_text("utf-8")
    assert "Bảng 4. Diễn biến các chỉ tiêu qua các kỳ báo cáo" in text
    assert "| 1 | Số đảng viên được kết nạp | 31 / 159 | 15 / 174 | 32 / 206 |" in text
