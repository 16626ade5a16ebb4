"""The history store is data, never code: a store that holds anything the tool does not make is
refused before anything runs or is written, and every value read is checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SAMPLES

FIRST = SAMPLES / "tong_hop_6thang_cuoi_2023.xlsx"
SECOND = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
THIRD = SAMPLES / "tong_hop_6thang_cuoi_2024.xlsx"


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real store of two periods (2023-H2, 2024-H1), as report runs leave it."""
    folder = tmp_path_factory.mktemp("store")
    store = folder / "lich_su.sqlite"
    runner = CliRunner()
    for workbook in (FIRST, SECOND):
        args = ["report", str(workbook), "--store", str(store), "-o", str(folder / "r.md")]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
    return store.read_bytes()


def planted(folder: Path, original: bytes, *statements: str) -> Path:
    """The store of two periods, changed by SQL run with the sqlite3 module (as a hostile
    user with the sqlite3 shell would)."""
    store = folder / "lich_su.sqlite"
    store.write_bytes(original)
    db = sqlite3.connect(store)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return store


def periods_in(store: Path) -> list[str]:
    db = sqlite3.connect(store)
    try:
        return [code for (code,) in db.execute("SELECT code FROM periods ORDER BY code")]
    finally:
        db.close()


def refused_everywhere(runner: CliRunner, folder: Path, store: Path, code: str) -> list[str]:
    """history, report and batch all refuse the store with code, exit 1, write nothing and
    leave the store as it was; the messages, for the caller to read."""
    before = store.read_bytes()
    messages = []
    listed = runner.invoke(app, ["history", "--store", str(store)])
    out = folder / "bao_cao.md"
    reported = runner.invoke(app, ["report", str(THIRD), "--store", str(store), "-o", str(out)])
    for result in (listed, reported):
        assert result.exit_code == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith(f"Lỗi [{code}] tệp {store}: "), result.stderr
        messages.append(lines[-1])
    assert not out.exists()
    inbox, outbox = folder / "inbox", folder / "out"
    inbox.mkdir()
    (inbox / "ky_moi.xlsx").write_bytes(THIRD.read_bytes())
    batch = runner.invoke(
        app, ["batch", str(inbox), "--out", str(outbox), "--store", str(store), "--formats", "md"]
    )
    assert batch.exit_code == 1
    assert f'"code": "{code}"' in batch.stderr
    assert not (outbox / "ky_moi.md").exists()
    assert store.read_bytes() == before
    return messages


def test_a_planted_trigger_never_runs(
    runner: CliRunner, tmp_path: Path, two_periods: bytes
) -> None:
    store = planted(
        tmp_path,
        two_periods,
        "CREATE TRIGGER don_dep AFTER INSERT ON periods "
        "BEGIN DELETE FROM periods WHERE code <> NEW.code; DELETE FROM figures; END",
    )
    messages = refused_everywhere(runner, tmp_path, store, "history_schema_changed")
    assert 'trigger "don_dep" trên bảng periods' in messages[1]
    assert "--store với tệp khác" in messages[1]
    assert periods_in(store) == ["2023-H2", "2024-H1"]  # the earlier periods are all there


def test_a_trigger_cannot_fire_even_past_the_check(tmp_path: Path, two_periods: bytes) -> None:
    """The connection itself lets no trigger run: were the schema check ever to miss one, the
    statement that would fire it fails and the transaction is undone."""
    from dean24.store.history import History

    store = planted(
        tmp_path,
        two_periods,
        "CREATE TRIGGER don_dep AFTER INSERT ON periods BEGIN DELETE FROM figures; END",
    )
    db = History._connect(str(store))
    with pytest.raises(sqlite3.OperationalError, match="trigger"):
        db.execute("INSERT INTO periods VALUES ('2025', '', '', '', '', '')")
    db.close()
    check = sqlite3.connect(store)
    assert check.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 140
    check.close()


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("CREATE VIEW tong AS SELECT * FROM figures", 'view "tong"'),
        ("CREATE INDEX theo_don_vi ON figures(unit)", 'chỉ mục "theo_don_vi" trên bảng figures'),
        ("CREATE TABLE ghi_chu (x TEXT)", 'bảng "ghi_chu"'),
        ("ALTER TABLE periods ADD COLUMN y TEXT DEFAULT 'x'", 'bảng "periods" đã bị sửa'),
    ],
)
def test_a_store_with_objects_the_tool_did_not_make_is_refused(
    runner: CliRunner, tmp_path: Path, two_periods: bytes, statement: str, named: str
) -> None:
    store = planted(tmp_path, two_periods, statement)
    messages = refused_everywhere(runner, tmp_path, store, "history_schema_changed")
    assert all(named in message for message in messages)


@pytest.mark.parametrize(
    ("statements", "where", "what"),
    [
        (
            ["UPDATE figures SET period_value = 'mười hai' WHERE rowid = 3"],
            'bảng figures, dòng số 3 (kỳ 2023-H2, đơn vị "',
            'cột period_value là chữ "mười hai", cần một số nguyên không âm',
        ),
        (
            [
                "UPDATE periods SET code = '2024-H9' WHERE code = '2024-H1'",
                "UPDATE figures SET period = '2024-H9' WHERE period = '2024-H1'",
            ],
            "bảng periods, dòng số 2:",
            'cột code là chữ "2024-H9", không phải mã kỳ hợp lệ',
        ),
        (
            ["UPDATE figures SET cumulative_value = -50000 WHERE rowid = 80"],
            'bảng figures, dòng số 80 (kỳ 2024-H1, đơn vị "',
            "cột cumulative_value là -50000 (số âm)",
        ),
        (
            ["UPDATE figures SET period_value = 2.5 WHERE rowid = 80"],
            "bảng figures, dòng số 80 (kỳ 2024-H1",
            "cột period_value là số thập phân 2.5",
        ),
        (
            ["UPDATE figures SET period_value = 99999999999 WHERE rowid = 80"],
            "bảng figures, dòng số 80 (kỳ 2024-H1",
            "là 99999999999 (lớn hơn 10.000.000)",
        ),
        (
            ["UPDATE figures SET unit = 'Xa\u0301 Ba\u0300n' WHERE rowid = 80"],
            "bảng figures, dòng số 80 (kỳ 2024-H1)",
            "(không ở dạng NFC)",
        ),
        (
            ["UPDATE figures SET unit = 'X' || char(27) || '[2J' WHERE rowid = 80"],
            "bảng figures, dòng số 80 (kỳ 2024-H1)",
            'cột unit là chữ "X\\x1b[2J" (có ký tự điều khiển)',
        ),
        (
            ["UPDATE figures SET indicator = x'00ff' WHERE rowid = 80"],
            "bảng figures, dòng số 80 (kỳ 2024-H1, đơn vị",
            "cột indicator là dữ liệu nhị phân (2 byte)",
        ),
        (
            ["UPDATE figures SET carried_from = 'kỳ trước' WHERE rowid = 80"],
            "bảng figures, dòng số 80 (kỳ 2024-H1",
            'cột carried_from là chữ "kỳ trước", không phải mã kỳ hợp lệ',
        ),
        (
            ["UPDATE periods SET recorded_at = 'hôm qua' WHERE code = '2023-H2'"],
            "bảng periods, dòng số 1 (kỳ 2023-H2)",
            'cột recorded_at là chữ "hôm qua", không phải thời điểm',
        ),
    ],
)
def test_a_damaged_row_is_refused_naming_the_store_table_and_key(
    runner: CliRunner,
    tmp_path: Path,
    two_periods: bytes,
    statements: list[str],
    where: str,
    what: str,
) -> None:
    store = planted(tmp_path, two_periods, *statements)
    for message in refused_everywhere(runner, tmp_path, store, "history_row_invalid"):
        assert f"Cơ sở dữ liệu lịch sử có một dòng hỏng: {where}" in message, message
        assert what in message, message
        assert "Sửa hoặc xóa dòng đó" in message


def test_a_damaged_row_is_refused_by_check_and_form(
    runner: CliRunner, tmp_path: Path, two_periods: bytes
) -> None:
    store = planted(
        tmp_path, two_periods, "UPDATE figures SET cumulative_value = -1 WHERE rowid = 80"
    )
    checked = runner.invoke(app, ["check", str(THIRD), "--store", str(store)])
    forms = runner.invoke(app, ["form", str(tmp_path / "bieu"), "--store", str(store)])
    for result in (checked, forms):
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith("Lỗi [history_row_invalid]"), result.stderr
        assert "internal_error" not in result.stderr and "bad_period" not in result.stderr


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (
            ["PRAGMA user_version = 1", "CREATE TABLE notes (x TEXT)"],
            "không có các bảng periods và figures của dean24",
        ),
        (
            [
                "PRAGMA user_version = 2",
                "CREATE TABLE periods (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE TABLE figures (id INTEGER, value REAL)",
            ],
            "các bảng periods và figures không phải của dean24",
        ),
        (["CREATE TABLE notes (x TEXT)"], "không có các bảng periods và figures của dean24"),
        (
            [
                "CREATE TABLE periods (code TEXT PRIMARY KEY, label TEXT NOT NULL, start TEXT "
                "NOT NULL, end TEXT NOT NULL, recorded_at TEXT NOT NULL, sources TEXT NOT NULL)",
                "CREATE TABLE figures (x TEXT)",
            ],
            "không có số phiên bản của dean24",
        ),
    ],
)
def test_another_programs_database_is_refused_as_such(
    runner: CliRunner, tmp_path: Path, make: list[str], why: str
) -> None:
    store = tmp_path / "khac.sqlite"
    db = sqlite3.connect(store)
    for statement in make:
        db.execute(statement)
    db.commit()
    db.close()
    for message in refused_everywhere(runner, tmp_path, store, "history_foreign"):
        assert f"không phải cơ sở dữ liệu lịch sử của dean24 ({why})" in message


def test_a_file_that_is_not_sqlite_is_refused_as_not_a_store(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = tmp_path / "ghi_chu.sqlite"
    store.write_text("Ghi chú của tôi, không phải cơ sở dữ liệu.\n" * 200, "utf-8")
    for message in refused_everywhere(runner, tmp_path, store, "history_foreign"):
        assert "không phải tệp SQLite, hoặc tệp đã hỏng" in message


def test_statistics_sqlite_makes_itself_are_data(
    runner: CliRunner, tmp_path: Path, two_periods: bytes
) -> None:
    store = planted(tmp_path, two_periods, "ANALYZE")
    result = runner.invoke(app, ["history", "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    assert "2024-H1" in result.stdout


def test_a_store_of_the_previous_version_is_still_taken(runner: CliRunner, tmp_path: Path) -> None:
    from dean24.store.history import _MIGRATIONS

    store = tmp_path / "cu.sqlite"
    db = sqlite3.connect(store)
    db.executescript(_MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["report", str(SECOND), "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert periods_in(store) == ["2024-H1"]


@pytest.mark.slow
def test_history_lists_a_store_left_by_a_killed_writer(tmp_path: Path, two_periods: bytes) -> None:
    """A run killed inside its write leaves SQLite's journal beside the store; `history` lets
    SQLite undo it and lists the periods as they were."""
    import os
    import signal
    import subprocess
    import sys

    store = planted(tmp_path, two_periods)
    code = (
        "import os, signal, sqlite3\n"
        f"db = sqlite3.connect({str(store)!r}, isolation_level=None)\n"
        "db.execute('PRAGMA cache_size = 1')\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute('DELETE FROM figures')\n"
        "db.execute('DELETE FROM periods')\n"
        "for i in range(3000):\n"
        "    db.execute('INSERT INTO periods VALUES (?, 1, 1, 1, 1, 1)', (str(i) * 40,))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == -signal.SIGKILL
    assert (tmp_path / "lich_su.sqlite-journal").exists()
    result = CliRunner().invoke(app, ["history", "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    assert "2023-H2" in result.stdout and "2024-H1" in result.stdout
    assert not os.path.exists(tmp_path / "lich_su.sqlite-journal")
