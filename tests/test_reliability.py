"""The user's files are never overwritten; outputs change all together or not at all."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.words.templates_path import templates_dir
from tests.conftest import SAMPLES

WORKBOOK = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
NOTES = SAMPLES / "ghi_chu_6thang_dau_2024.md"


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".dean24-"))


# --- never overwrite what the user gave ---------------------------------------------------


@pytest.fixture
def desk(in_tmp: Path) -> Path:
    """A folder as an analyst keeps it: the summary, notes of the same name, a template."""
    shutil.copy(WORKBOOK, in_tmp / "tong_hop.xlsx")
    shutil.copy(NOTES, in_tmp / "tong_hop.md")
    return in_tmp


def assert_refused(result: object, *names: str) -> None:
    exit_code = getattr(result, "exit_code")  # noqa: B009
    stderr = getattr(result, "stderr")  # noqa: B009
    assert exit_code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi [output_is_input]"), stderr
    for name in names:
        assert name in lines[0]


def test_notes_named_like_the_default_output_are_not_overwritten(
    runner: CliRunner, desk: Path
) -> None:
    before = files(desk)
    result = runner.invoke(app, ["report", "tong_hop.xlsx", "--notes", "tong_hop.md"])
    assert_refused(result, "tong_hop.md", "tệp ghi chú")
    assert files(desk) == before  # nothing written, not even the .docx


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--notes", "tong_hop.md", "-o", "tong_hop.md"], ("tệp ghi chú",)),
        (["--notes", "tong_hop.md", "-o", "./sub/../tong_hop.md"], ("tệp ghi chú",)),
        (["--template", "mau.docx", "-o", "mau.docx"], ("mẫu Word", "mau.docx")),
        (["--template", "mau.md", "-o", "r.json", "-o", "mau.md"], ("mẫu Markdown",)),
        (["--store", "lich_su.json", "-o", "lich_su.json"], ("cơ sở dữ liệu lịch sử",)),
    ],
)
def test_an_output_that_is_one_of_the_users_files_is_refused(
    runner: CliRunner, desk: Path, args: list[str], names: tuple[str, ...]
) -> None:
    (desk / "sub").mkdir()
    shutil.copy(templates_dir() / "report.docx", desk / "mau.docx")
    (desk / "mau.md").write_text("{{ doc }}", "utf-8")
    (desk / "lich_su.json").write_text("{}", "utf-8")
    before = files(desk)
    result = runner.invoke(app, ["report", "tong_hop.xlsx", *args])
    assert_refused(result, *names)
    assert files(desk) == before


def test_a_workbook_named_like_a_report_is_not_overwritten(runner: CliRunner, in_tmp: Path) -> None:
    shutil.copy(WORKBOOK, in_tmp / "bao_cao.docx")  # a workbook saved under the wrong name
    before = files(in_tmp)
    result = runner.invoke(app, ["report", "bao_cao.docx"])
    assert_refused(result, "bao_cao.docx", "đầu vào")
    assert files(in_tmp) == before


def test_links_to_a_users_file_are_seen_through(runner: CliRunner, desk: Path) -> None:
    os.link(desk / "tong_hop.md", desk / "cung_tep.md")
    os.symlink(desk / "tong_hop.md", desk / "lien_ket.md")
    before = files(desk)
    for name in ("cung_tep.md", "lien_ket.md"):
        result = runner.invoke(
            app, ["report", "tong_hop.xlsx", "--notes", "tong_hop.md", "-o", name]
        )
        assert_refused(result, name, "tong_hop.md")
    assert files(desk) == before


def test_a_workbook_inside_an_input_folder_is_protected(runner: CliRunner, in_tmp: Path) -> None:
    folder = in_tmp / "don_vi"
    shutil.copytree(SAMPLES / "don_vi_6thang_dau_2024", folder)
    workbook = sorted(folder.iterdir())[0]
    target = in_tmp / "bao_cao.md"
    os.symlink(workbook, target)
    result = runner.invoke(app, ["report", "don_vi", "-o", "bao_cao.md"])
    assert_refused(result, "bao_cao.md", workbook.name)


def test_an_output_given_twice_or_a_folder_is_refused_before_writing(
    runner: CliRunner, in_tmp: Path
) -> None:
    (in_tmp / "thu_muc.md").mkdir()
    result = runner.invoke(app, ["report", str(WORKBOOK), "-o", "good.md", "-o", "thu_muc.md"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi [output_is_directory]")
    assert "Word" not in result.stderr
    result = runner.invoke(app, ["report", str(WORKBOOK), "-o", "good.md", "-o", "./good.md"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi [output_twice]")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["thu_muc.md"]


# --- all or nothing -------------------------------------------------------------------------


@pytest.fixture
def old_set(in_tmp: Path) -> dict[str, bytes]:
    """A previous run's outputs, to be replaced all together or kept."""
    for name in ("r.md", "r.json"):
        (in_tmp / name).write_text(f"cũ: {name}\n", "utf-8")
    return files(in_tmp)


def test_a_failed_rename_midway_puts_back_every_previous_output(
    in_tmp: Path, old_set: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dean24.store.outputs import OutputError, write_all

    real_replace = os.replace
    calls: list[str] = []

    def replace_then_fail(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 3:  # r.md and r.json went in; the third output fails (disk full)
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    outputs = {Path("r.md"): b"new md", Path("r.json"): b"new json", Path("r.docx"): b"new"}
    with pytest.raises(OutputError) as caught:
        write_all(outputs)
    monkeypatch.undo()
    assert caught.value.code == "disk_full"
    assert "r.docx" in str(caught.value) and "Word" not in str(caught.value)
    assert files(in_tmp) == old_set  # r.md, r.json back as they were; no r.docx
    assert leftovers(in_tmp) == []


def test_when_nothing_can_be_put_back_the_error_names_the_new_files(
    in_tmp: Path, old_set: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dean24.store.outputs import OutputError, write_all

    real_replace = os.replace
    calls: list[str] = []

    def replace_then_lose_the_disk(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) > 2:  # the third rename and every undo fail: the disk went away
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_lose_the_disk)
    outputs = {Path("r.md"): b"new md", Path("r.json"): b"new json", Path("r.docx"): b"new"}
    with pytest.raises(OutputError) as caught:
        write_all(outputs)
    monkeypatch.undo()
    assert caught.value.code == "output_partial"
    assert "r.md, r.json" in str(caught.value) and "r.docx" in str(caught.value)
    assert (in_tmp / "r.md").read_bytes() == b"new md"


def test_a_failed_record_puts_back_every_previous_output(
    in_tmp: Path, old_set: dict[str, bytes]
) -> None:
    from dean24.store.outputs import write_all

    class FailingRecord:
        rolled_back = False

        def commit(self) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def rollback(self) -> None:
            self.rolled_back = True

        def journal_entry(self) -> dict[str, str | int]:
            return {}

        def recorded(self, entry: dict[str, object]) -> bool:
            return False

    record = FailingRecord()
    with pytest.raises(sqlite3.OperationalError):
        write_all({Path("r.md"): b"new", Path("r.json"): b"new", Path("r.docx"): b"new"}, record)
    assert record.rolled_back
    assert files(in_tmp) == old_set
    assert leftovers(in_tmp) == []


def test_a_locked_store_waits_briefly_then_changes_nothing(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dean24.store.history

    store = in_tmp / "lich_su.sqlite"
    args = ["report", str(WORKBOOK), "-o", "r.md", "-o", "r.json", "--store", str(store)]
    assert runner.invoke(app, args).exit_code == 0
    before = files(in_tmp)
    monkeypatch.setattr(dean24.store.history, "LOCK_WAIT", 0.3)
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run is writing the store
    try:
        started = time.monotonic()
        result = runner.invoke(app, args)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi [history_locked]"), result.stderr
    assert "lich_su.sqlite" in result.stderr
    assert elapsed < 10
    assert files(in_tmp) == before
    assert leftovers(in_tmp) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_store_means_no_output_replaced(runner: CliRunner, in_tmp: Path) -> None:
    store = in_tmp / "lich_su.sqlite"
    args = ["report", str(WORKBOOK), "-o", "r.md", "--store", str(store)]
    assert runner.invoke(app, args).exit_code == 0
    (in_tmp / "r.md").write_text("cũ\n", "utf-8")
    store.chmod(0o444)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi [history_read_only]"), result.stderr
    assert (in_tmp / "r.md").read_text("utf-8") == "cũ\n"


def test_the_store_keeps_a_rollback_journal_and_takes_a_wal_store_back(in_tmp: Path) -> None:
    from dean24.store.history import History

    legacy = in_tmp / "cu.sqlite"
    with History(legacy):
        pass
    db = sqlite3.connect(legacy)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.execute("PRAGMA journal_mode = WAL")  # as earlier versions left it
    db.close()
    with History(legacy):
        pass
    db = sqlite3.connect(legacy)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def open_new_store(path: Path, start: Any, errors: Any) -> None:
    """In a process of its own: open (create) the store as a first run does, all at once."""
    from dean24.store.history import History

    start.wait()
    try:
        with History(path):
            pass
    except Exception as exc:  # sent to the test, which asserts on it
        errors.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.slow
def test_first_runs_in_parallel_on_a_new_store_do_not_race(in_tmp: Path) -> None:
    import multiprocessing

    from dean24.store.history import History

    context = multiprocessing.get_context()
    errors = context.Queue()
    for round_ in range(30):
        store = in_tmp / f"moi_{round_}.sqlite"
        start = context.Barrier(8)
        runs = [
            context.Process(target=open_new_store, args=(store, start, errors)) for _ in range(8)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=60)
            assert run.exitcode == 0
        with History(store, readonly=True) as db:
            assert db.periods() == []
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []


def test_a_newer_store_is_not_met_with_advice_to_upgrade_it(
    runner: CliRunner, in_tmp: Path
) -> None:
    store = in_tmp / "moi_hon.sqlite"
    db = sqlite3.connect(store)
    db.execute("CREATE TABLE periods (code TEXT)")
    db.execute("PRAGMA user_version = 7")
    db.commit()
    db.close()
    for args in (
        ["history", "--store", str(store)],
        ["report", str(WORKBOOK), "-o", "r.md", "--store", str(store)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr.startswith("Lỗi [history_too_new]"), result.stderr
        assert "Cập nhật dean24" in result.stderr and "nâng cấp tệp" not in result.stderr
    assert not (in_tmp / "r.md").exists()


def test_outputs_get_the_permissions_of_the_umask(in_tmp: Path) -> None:
    from dean24.store.outputs import write_all

    previous = os.umask(0o022)
    try:
        write_all({Path("r.md"): b"x", Path("r.json"): b"{}"})
    finally:
        os.umask(previous)
    for name in ("r.md", "r.json"):
        assert stat.S_IMODE((in_tmp / name).stat().st_mode) == 0o644


def test_batch_reports_and_manifest_are_readable_by_others(
    runner: CliRunner, tmp_path: Path
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(WORKBOOK, inbox / "tong_hop.xlsx")
    previous = os.umask(0o022)
    try:
        result = runner.invoke(app, ["batch", str(inbox), "--out", str(out)])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    for name in ("tong_hop.md", "tong_hop.docx", "tong_hop.json", "dean24-manifest.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name


def test_a_long_vietnamese_name_is_written(in_tmp: Path) -> None:
    from dean24.store.outputs import write_atomic

    name = "ệ" * 83 + ".md"  # 252 bytes: legal; a temporary name built from it would not be
    assert len(name.encode("utf-8")) <= 255
    write_atomic(Path(name), b"x")
    assert (in_tmp / name).read_bytes() == b"x"
    assert leftovers(in_tmp) == []


def test_only_the_tools_own_leftovers_are_removed_and_at_any_age(in_tmp: Path) -> None:
    from dean24.store.outputs import EARLIER_STALE_AFTER, write_atomic

    old = time.time() - EARLIER_STALE_AFTER - 60
    theirs = [".luan_van.md.k3j4h5g6.tmp", ".r.md.k2x_9qzw.tmp", ".an_toan.tmp", "x.bak"]
    for name in theirs:
        (in_tmp / name).write_bytes(b"another program's")
        os.utime(in_tmp / name, (old, old))
    # A killed run's files (no live run holds its lock), made just now: removed at once.
    for name in ("-0.new", "-1.old", ".lock"):
        (in_tmp / f".dean24-tmp-0123456789abcdef{name}").write_bytes(b"half")
    # Left by earlier versions: removed once old enough that none of their runs still writes.
    (in_tmp / ".dean24-0123abcd.tmp").write_bytes(b"half")
    os.utime(in_tmp / ".dean24-0123abcd.tmp", (old, old))
    (in_tmp / ".dean24-fedcba98.tmp").write_bytes(b"an earlier version's run, now")
    write_atomic(Path("r.md"), b"x")
    assert sorted(p.name for p in in_tmp.iterdir()) == sorted(
        [*theirs, ".dean24-fedcba98.tmp", "r.md"]
    )


def test_a_live_runs_files_are_never_removed(in_tmp: Path) -> None:
    from dean24.store.outputs import _take_lock, write_atomic

    live = in_tmp / ".dean24-tmp-fedcba9876543210.lock"
    fd = _take_lock(live, new=True)  # as a run writing now holds it
    assert fd is not None
    (in_tmp / ".dean24-tmp-fedcba9876543210-0.new").write_bytes(b"being written")
    try:
        write_atomic(Path("r.md"), b"x")
        assert sorted(p.name for p in in_tmp.iterdir()) == [
            ".dean24-tmp-fedcba9876543210-0.new",
            ".dean24-tmp-fedcba9876543210.lock",
            "r.md",
        ]
    finally:
        os.close(fd)


# --- SIGTERM and SIGINT -----------------------------------------------------------------------

# Runs the real command with a slow disk: fsync of the first temporary file waits, so the
# test can signal the run inside its write window.
SLOW_DISK = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    if os.environ.get("SLOW_AT") == "fsync":
        sys.stdout.write("ready\\n"); sys.stdout.flush(); time.sleep(30)
real_replace = os.replace
def replace(src, dst):
    real_replace(src, dst)
    if os.environ.get("SLOW_AT") == "replace":
        os.kill(os.getpid(), int(os.environ["SIGNAL"]))  # arrives between two renames
os.fsync = slow_fsync
os.replace = replace
from dean24.commands.cli import main
sys.argv = ["dean24", *sys.argv[1:]]
main()
"""


def run_slowly(
    folder: Path, at: str, signum: int, args: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", SLOW_DISK]
    command += args or ["report", str(WORKBOOK), "-o", "r.md", "-o", "r.json"]
    command += ["--store", "lich_su.sqlite"]
    env = {**os.environ, "SLOW_AT": at, "SIGNAL": str(signum), "NO_COLOR": "1"}
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if at == "fsync":
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals sent as on a Linux server")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_in_the_write_window_leaves_the_previous_set(
    in_tmp: Path, old_set: dict[str, bytes], signum: int, code: int
) -> None:
    done = run_slowly(in_tmp, "fsync", signum)
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Dừng [interrupted]"), done.stderr
    assert files(in_tmp).keys() == {"r.md", "r.json", "lich_su.sqlite"}
    assert {k: v for k, v in files(in_tmp).items() if k != "lich_su.sqlite"} == old_set
    assert leftovers(in_tmp) == []
    with sqlite3.connect(in_tmp / "lich_su.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM periods").fetchone()[0] == 0


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals sent as on a Linux server")
def test_a_signal_between_renames_waits_for_the_whole_set(
    in_tmp: Path, old_set: dict[str, bytes]
) -> None:
    done = run_slowly(in_tmp, "replace", signal.SIGTERM)
    assert done.returncode == 143, done.stderr
    new = files(in_tmp)
    assert all(new[name] != old for name, old in old_set.items())  # both replaced
    assert leftovers(in_tmp) == []
    with sqlite3.connect(in_tmp / "lich_su.sqlite") as db:
        assert db.execute("SELECT code FROM periods").fetchall() == [("2024-H1",)]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals sent as on a Linux server")
def test_a_batch_stopped_by_systemd_leaves_its_previous_reports(
    runner: CliRunner, in_tmp: Path
) -> None:
    inbox, out = in_tmp / "inbox", in_tmp / "out"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_cuoi_2024.xlsx", inbox / "tong_hop.xlsx")
    args = ["batch", "inbox", "--out", "out", "--formats", "md,json"]
    assert runner.invoke(app, [*args, "--store", "lich_su.sqlite"]).exit_code == 0
    before = files(out)
    shutil.copy(WORKBOOK, inbox / "tong_hop.xlsx")  # a new report is due
    done = run_slowly(in_tmp, "fsync", signal.SIGTERM, args)
    assert done.returncode == 143, done.stderr
    *_, stop, summary = done.stderr.strip().splitlines()  # JSON lines: not a terminal
    assert '"code": "interrupted"' in stop and '"event": "error"' in stop
    assert '"event": "summary"' in summary and '"exit_code": 143' in summary
    assert files(out) == before
    assert leftovers(out) == []
    again = runner.invoke(app, [*args, "--store", "lich_su.sqlite"])  # the lock was let go
    assert again.exit_code == 0, again.stderr
    assert files(out) != before


# --- a batch keeps going ---------------------------------------------------------------------


def far_cell_workbook(path: Path) -> Path:
    """5 KB: cells at A1 and XFD1048576 and no declared extent; a grid of it would take
    512 GB, and python-calamine aborts the process (SIGABRT) trying to build it."""
    import re
    import zipfile

    import openpyxl

    plain = path.with_suffix(".plain.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "Biểu tổng hợp"
    sheet["XFD1048576"] = 1
    workbook.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            dst.writestr(item, data)
    plain.unlink()
    return path


@pytest.mark.skipif(sys.platform != "linux", reason="file names as raw bytes, as on Linux")
def test_a_batch_renders_its_good_inputs_whatever_lies_beside_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    import json

    inbox, out, outside = tmp_path / "inbox", tmp_path / "out", tmp_path / "ngoai"
    inbox.mkdir()
    outside.mkdir()
    shutil.copy(WORKBOOK, inbox / "tong_hop.xlsx")
    far_cell_workbook(inbox / "o_xa.xlsx")
    raw = os.fsencode(inbox) + b"/Bi\xea\xfau.xlsx"  # a cp1258 name from a Windows zip
    shutil.copy(WORKBOOK, os.fsdecode(raw))
    units = inbox / "don_vi"
    shutil.copytree(SAMPLES / "don_vi_6thang_dau_2024", units)
    shutil.copy(WORKBOOK, os.fsdecode(os.fsencode(units) + b"/\xc4\x90\xe0.xlsx"))
    shutil.copy(WORKBOOK, outside / "mat.xlsx")
    os.symlink(outside / "mat.xlsx", inbox / "lien_ket.xlsx")
    os.symlink(inbox / "da_xoa.xlsx", inbox / "gay.xlsx")
    out.mkdir()
    (out / "dean24-manifest.json").write_text('{"tong_hop.xlsx": 5}', "utf-8")
    log = tmp_path / "batch.log"
    args = ["batch", str(inbox), "--out", str(out), "--formats", "md,json", "--log", str(log)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.stderr
    lines = [json.loads(line) for line in log.read_bytes().decode("utf-8").splitlines()]
    by_name = {Path(line["input"]).name: line for line in lines if "input" in line}
    assert by_name["tong_hop.xlsx"]["status"] == "ok"
    assert (out / "tong_hop.md").is_file() and (out / "tong_hop.json").is_file()
    far = by_name["o_xa.xlsx"]
    assert far["status"] == "failed"
    assert far["error"][0]["code"] in {"input_crashed", "file_cell_too_far"}
    assert by_name["Bi\\xea\\xfau.xlsx"]["error"][0]["code"] == "file_name_undecodable"
    assert by_name["don_vi"]["error"][0]["code"] == "file_name_undecodable"
    assert "Đ\\xe0.xlsx" in by_name["don_vi"]["error"][0]["file"]
    assert by_name["lien_ket.xlsx"]["status"] == "skipped"
    assert by_name["lien_ket.xlsx"]["warnings"][0]["code"] == "link_outside_inbox"
    assert by_name["gay.xlsx"]["warnings"][0]["code"] == "link_broken"
    assert by_name["dean24-manifest.json"]["warnings"][0]["code"] == "manifest_invalid"
    manifest = json.loads((out / "dean24-manifest.json").read_text("utf-8"))
    assert manifest["tong_hop.xlsx"]["period"] == "2024-H1"  # written anew
    assert not (out / "lien_ket.md").exists() and not (out / "mat.md").exists()


class AbortsTheReader:
    """An input whose unpickling in the reader aborts it natively (SIGABRT), as python-calamine
    does on a grid it cannot allocate."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (os.abort, ())

    def __str__(self) -> str:
        return "vo.xlsx"


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGABRT as on Linux")
def test_a_reader_that_dies_fails_its_input_alone() -> None:
    from dean24.commands.pipeline import ReportSettings
    from dean24.commands.worker import ReadWorker
    from dean24.core.errors import InputFileError
    from dean24.programme.config import load_config

    worker = ReadWorker(load_config(None))
    try:
        first = worker.read(ReportSettings(inputs=(WORKBOOK,)))
        with pytest.raises(InputFileError) as caught:
            worker.read(ReportSettings(inputs=(AbortsTheReader(),)))  # type: ignore[arg-type]
        assert caught.value.code == "input_crashed"
        assert f"mã {-signal.SIGABRT}" in str(caught.value) and "vo.xlsx" in str(caught.value)
        again = worker.read(ReportSettings(inputs=(WORKBOOK,)))  # a fresh reader goes on
        assert again.period == first.period and len(again.units) == len(first.units)
    finally:
        worker.close()


# --- bounded work -----------------------------------------------------------------------------

TEMPLATE_BOMBS = [
    ("{{ 'x' * 10**9 }}", "template_too_large"),
    ("{{ 'x'.ljust(10**9) }}", "template_too_large"),
    ("{{ 'x'|center(10**9) }}", "template_too_large"),
    ("{{ '{:>300000000}'.format(1) }}", "template_too_large"),
    ("{{ '%900000000s' % 1 }}", "template_too_large"),
    ("{{ range(10**8)|list|length }}", "template_too_large"),
    ("{{ 7 ** 100000 }}", "template_too_large"),
    (
        "{% set ns = namespace(s='xx') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "template_too_large",
    ),
    ("{% for i in range(100000) %}{{ 'y' * 999999 }}{% endfor %}", "template_too_large"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "template_recursion"),
    # Stopped by the time limit: each runs a second of CPU time.
    pytest.param(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "template_too_slow",
        marks=pytest.mark.slow,
    ),
    pytest.param(
        "{% set L = [1] * 1000000 %}{% for a in L %}{% for b in L %}{% endfor %}{% endfor %}",
        "template_too_slow",
        marks=pytest.mark.slow,
    ),
]


@pytest.mark.parametrize(("body", "code"), TEMPLATE_BOMBS)
def test_a_template_bomb_ends_quickly_with_its_line(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, body: str, code: str
) -> None:
    import dean24.words.limits

    monkeypatch.setattr(dean24.words.limits, "TIME_LIMIT", 1.0)
    (in_tmp / "mau.md.j2").write_text(f"# {{{{ doc.title }}}}\n{body}\n", "utf-8")
    started = time.process_time()  # the limit counts CPU time, which a busy machine keeps
    result = runner.invoke(
        app, ["report", str(WORKBOOK), "--template", "mau.md.j2", "-o", "r.md", "-o", "r.json"]
    )
    elapsed = time.process_time() - started
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Lỗi [{code}] tệp mau.md.j2: Mẫu báo cáo bị dừng"), lines[0]
    if code != "template_too_large" or "range(100000)" not in body:
        assert "ở dòng 2" in lines[0]
    assert elapsed < 8
    assert sorted(p.name for p in in_tmp.iterdir()) == ["mau.md.j2"]


def test_the_limits_leave_an_ordinary_template_alone(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "mau.md.j2").write_text(
        "# {{ doc.title }}\n{% for i in range(3) %}{{ '-' * 40 }} {{ '%5d' % i }}\n{% endfor %}"
        "{{ '{:>6}'.format('a') }}|{{ 'b'|center(7) }}|{{ 2 ** 10 }}\n",
        "utf-8",
    )
    result = runner.invoke(app, ["report", str(WORKBOOK), "--template", "mau.md.j2", "-o", "r.md"])
    assert result.exit_code == 0, result.stderr
    text = (in_tmp / "r.md").read_text("utf-8")
    assert f"{'-' * 40}     2\n" in text
    assert "     a|   b   |1024\n" in text


def test_control_characters_in_notes_are_dropped_with_a_warning(
    runner: CliRunner, in_tmp: Path
) -> None:
    from docx import Document

    notes = in_tmp / "ghi_chu.md"
    notes.write_text(
        "## Công tác lãnh đạo, chỉ đạo\n\nĐã ban hành\x01 kế hoạch\x1b số 12.\n\n"
        "## Nhiệm vụ, giải pháp\n\n- Tiếp tục\x7f rà soát.\n",
        "utf-8",
    )
    result = runner.invoke(
        app, ["report", str(WORKBOOK), "--notes", str(notes), "-o", "r.docx", "-o", "r.md"]
    )
    assert result.exit_code == 0, result.stderr
    assert "[notes_control_chars]" in result.stderr and "dòng 3, 7" in result.stderr
    text = "\n".join(p.text for p in Document(str(in_tmp / "r.docx")).paragraphs)
    assert "Đã ban hành kế hoạch số 12." in text and "Tiếp tục rà soát." in text
    assert "Đã ban hành kế hoạch số 12." in (in_tmp / "r.md").read_text("utf-8")


def test_notes_beyond_the_cap_are_refused_at_once(runner: CliRunner, in_tmp: Path) -> None:
    notes = in_tmp / "ghi_chu.md"
    line = "Các cấp ủy đã quán triệt, triển khai thực hiện Đề án đến từng chi bộ. " * 4 + "\n\n"
    notes.write_text("## Công tác lãnh đạo, chỉ đạo\n\n" + line * 11_000, "utf-8")  # 3 MB
    started = time.process_time()  # CPU time: a busy machine stretches only the clock
    result = runner.invoke(app, ["report", str(WORKBOOK), "--notes", str(notes), "-o", "r.docx"])
    assert time.process_time() - started < 10
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi [notes_too_large] tệp "), result.stderr
    assert "500.000 byte" in result.stderr
    assert not (in_tmp / "r.docx").exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{{ 'x' * 10**9 }}", "template_too_large"),
        ("{% for i in range(100000) %}{{ 'y' * 999999 }}{% endfor %}", "template_too_large"),
        pytest.param(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "template_too_slow",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_word_template_bomb_ends_quickly(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, body: str, code: str
) -> None:
    from docx import Document

    import dean24.words.limits

    monkeypatch.setattr(dean24.words.limits, "TIME_LIMIT", 1.0)
    template = Document(str(templates_dir() / "report.docx"))
    template.add_paragraph(body)
    template.save(str(in_tmp / "mau.docx"))
    started = time.process_time()  # CPU time: a busy machine stretches only the clock
    result = runner.invoke(app, ["report", str(WORKBOOK), "--template", "mau.docx", "-o", "r.docx"])
    assert time.process_time() - started < 8
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f'Lỗi [{code}] tệp mau.docx: Mẫu Word "mau.docx" bị dừng')
    assert not (in_tmp / "r.docx").exists()
