"""A run killed (SIGKILL) at any instant of replacing its outputs leaves, once the next run has
started, either the whole previous set or the whole new one, and the history agrees."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SAMPLES

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL as on a Linux server"),
    pytest.mark.slow,
]


def write_in_child(plan: dict[str, object], kill_at: int) -> tuple[int, int]:
    """Write a set of outputs with a history record through the real writer and a real store,
    in a forked child that counts every file-system step (and the store's commit) of
    write_all and, at step kill_at, kills itself with SIGKILL. The child's exit status, and
    the number of steps it took (when it was not killed)."""
    read, written = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to the test runner
        try:
            os.close(read)
            steps = _write_counted(plan, kill_at)
            os.write(written, str(steps).encode())
        finally:
            os._exit(0)
    os.close(written)
    with os.fdopen(read) as pipe:
        told = pipe.read()
    _, status = os.waitpid(pid, 0)
    return status, int(told or 0)


def _write_counted(plan: dict[str, object], kill_at: int) -> int:
    from types import SimpleNamespace

    import dean24.store.history as history
    import dean24.store.outputs as outputs
    from dean24.core.periods import parse_code

    outputs._recovered.clear()  # a new run
    os.chdir(str(plan["cwd"]))
    steps, active = 0, False

    def step() -> None:
        nonlocal steps
        if active:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    def counted(owner: object, name: str) -> None:
        real = getattr(owner, name)

        def wrapped(*args: object, **kwargs: object) -> object:
            step()
            result = real(*args, **kwargs)
            step()
            return result

        setattr(owner, name, wrapped)

    # Syncing matters for a power cut, not for a kill (the kernel keeps what was written):
    # it is a step here, but takes no time.
    os.fsync = lambda fd: None
    for name in ("open", "fsync", "link", "replace", "unlink"):
        counted(os, name)
    counted(history.History, "commit")

    def unit(name: str, n: int) -> SimpleNamespace:
        values = {"ket_nap_dang_vien": (n, 10 * n)}
        return SimpleNamespace(name=name, reported=True, carried_from=None, values=values)

    model = SimpleNamespace(
        period=parse_code("2024-H1"),
        units=[unit("Xã Bản Lầu", 3), unit("Phường Cam Đường", 5)],
        sources=["tong_hop.xlsx"],
    )
    files = plan["outputs"]
    assert isinstance(files, dict)
    outs = {Path(path): text.encode("utf-8") for path, text in files.items()}
    with history.History(Path(str(plan["store"]))) as store:
        store.db.execute("PRAGMA synchronous = OFF")  # as fsync above
        store.prepare_record(model)  # type: ignore[arg-type]
        active = True
        outputs.write_all(outs, store)
        active = False
    return steps


OLD = {"a/r.md": "cũ: r.md\n", "a/r.json": "cũ: r.json\n"}
NEW = {"a/r.md": "mới: r.md\n", "a/r.json": "mới: r.json\n", "a/r.docx": "mới: r.docx\n"}


def previous_state(folder: Path, split: bool) -> dict[str, str]:
    """The previous set (r.docx not there yet) and a store that holds 2023-H2 only."""
    saved = folder.with_name(f"{folder.name}.previous")
    if not saved.exists():
        (saved / "a").mkdir(parents=True)
        (saved / "b").mkdir()
        from dean24.store.history import History

        with History(saved / "lich_su.sqlite") as store:
            store.db.execute(
                "INSERT INTO periods VALUES ('2023-H2', '6 tháng cuối năm 2023', '2023-07-01', "
                "'2023-12-31', '2024-01-05T08:00:00+00:00', 'cu.xlsx')"
            )
            store.db.execute(
                "INSERT INTO figures VALUES "
                "('2023-H2', 'Xã Bản Lầu', 'ket_nap_dang_vien', 1, 7, NULL)"
            )
        for name, text in OLD.items():
            (saved / placed(name, split)).write_text(text, "utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(saved, folder)
    return {placed(k, split): v for k, v in OLD.items()}


def placed(name: str, split: bool) -> str:
    """With split, the JSON output goes to another folder (b/) than the others (a/)."""
    return name.replace("a/", "b/") if split and name.endswith(".json") else name


def write(folder: Path, kill_at: int, split: bool, relative: bool = False) -> tuple[int, int]:
    """Write NEW into folder; with relative, the paths are given relative to folder, the
    current folder of the run."""
    base = Path() if relative else folder
    plan = {
        "store": str(folder / "lich_su.sqlite"),
        "outputs": {str(base / placed(k, split)): v for k, v in NEW.items()},
        "cwd": str(folder),
    }
    return write_in_child(plan, kill_at)


def outputs_now(folder: Path, split: bool) -> dict[str, str]:
    found = {}
    for name in NEW:
        path = folder / placed(name, split)
        if path.exists():
            found[placed(name, split)] = path.read_text("utf-8")
    return found


def stored_periods(folder: Path) -> list[str]:
    db = sqlite3.connect(folder / "lich_su.sqlite")
    try:
        return [code for (code,) in db.execute("SELECT code FROM periods ORDER BY code")]
    finally:
        db.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".dean24-*"))


def next_run_starts(folder: Path, first: str) -> None:
    """What every run does first in each folder it writes to (a report run with a store
    asks the store whether the record was committed)."""
    import dean24.store.history
    import dean24.store.outputs

    dean24.store.outputs._recovered.clear()
    for name in (first, "b" if first == "a" else "a"):
        dean24.store.outputs.recover(folder / name, dean24.store.history.recorded)


@pytest.mark.parametrize(
    ("split", "first", "relative"),
    [(False, "a", False), (True, "a", False), (True, "b", False), (False, "a", True)],
    ids=["one", "a-b", "b-a", "relative"],
)
def test_a_kill_at_every_step_leaves_a_whole_set(
    tmp_path: Path, split: bool, first: str, relative: bool
) -> None:
    folder = tmp_path / "run"
    old = previous_state(folder, split)
    status, steps = write(folder, 0, split, relative)
    assert status == 0 and steps > 20
    new = {placed(k, split): v for k, v in NEW.items()}
    assert outputs_now(folder, split) == new and leftovers(folder) == []
    outcomes = set()
    for kill_at in range(1, steps + 1):
        old = previous_state(folder, split)
        status, _ = write(folder, kill_at, split, relative)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, kill_at
        next_run_starts(folder, first)
        found, periods = outputs_now(folder, split), stored_periods(folder)
        if found == old:
            assert periods == ["2023-H2"], kill_at
            outcomes.add("previous")
        else:
            assert found == new, (kill_at, found)
            assert periods == ["2023-H2", "2024-H1"], kill_at
            outcomes.add("new")
        assert leftovers(folder) == [], (kill_at, leftovers(folder))
    assert outcomes == {"previous", "new"}


# --- the whole command, killed right after its first rename --------------------------------

KILL_AFTER_FIRST_RENAME = """
import os, signal, sys
real_replace = os.replace
def replace(src, dst):
    real_replace(src, dst)
    if os.path.basename(str(src)).startswith(".dean24-tmp-"):
        os.kill(os.getpid(), signal.SIGKILL)  # a power cut between two renames
os.replace = replace
from dean24.commands.cli import main
sys.argv = ["dean24", *sys.argv[1:]]
main()
"""


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_batch_killed_between_renames_is_made_whole_by_the_next_run(
    runner: CliRunner, tmp_path: Path
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_cuoi_2023.xlsx", inbox / "tong_hop.xlsx")
    args = ["batch", str(inbox), "--out", str(out), "--formats", "md,docx,json"]
    assert runner.invoke(app, args).exit_code == 0
    before = {k: v for k, v in files(out).items() if k.startswith("tong_hop.")}
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox / "tong_hop.xlsx")
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_RENAME, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    mixed = {k: v for k, v in files(out).items() if k.startswith("tong_hop.")}
    assert mixed != before  # one of the three is new: the set is mixed on disk
    assert any(p.name.startswith(".dean24-tmp-") for p in out.iterdir())
    # The next run starts with the previous set whole (the period was not recorded), then
    # reports the changed input anew.
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.stderr
    new = {k: v for k, v in files(out).items() if k.startswith("tong_hop.")}
    assert all(new[name] != before[name] for name in before)
    assert "2024-H1" in new["tong_hop.json"].decode("utf-8")
    assert not [p.name for p in out.iterdir() if p.name.startswith(".dean24-tmp-")]
    db = sqlite3.connect(out / "dean24.sqlite")
    assert [c for (c,) in db.execute("SELECT code FROM periods ORDER BY code")] == [
        "2023-H2",
        "2024-H1",
    ]
    db.close()


def test_a_report_that_fails_still_makes_the_previous_set_whole(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = tmp_path / "lich_su.sqlite"
    outs = ["-o", str(tmp_path / "r.md"), "-o", str(tmp_path / "r.json")]
    first = SAMPLES / "tong_hop_6thang_cuoi_2023.xlsx"
    assert runner.invoke(app, ["report", str(first), "--store", str(store), *outs]).exit_code == 0
    before = files(tmp_path)
    second = [str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"), "--store", str(store), *outs]
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_RENAME, "report", *second],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    broken = tmp_path / "hong.xlsx"
    broken.write_text("không phải sổ Excel", "utf-8")
    failed = runner.invoke(app, ["report", str(broken), "--store", str(store), *outs])
    assert failed.exit_code == 1
    now = files(tmp_path)
    assert {k: now[k] for k in ("r.md", "r.json")} == {k: before[k] for k in ("r.md", "r.json")}
    assert not [name for name in now if name.startswith(".dean24-")]
    db = sqlite3.connect(store)
    assert [c for (c,) in db.execute("SELECT code FROM periods")] == ["2023-H2"]
    db.close()


def test_a_planted_journal_moves_nothing_outside_its_folder(tmp_path: Path) -> None:
    """A journal someone wrote into the output folder names a file elsewhere: nothing is
    renamed or removed outside the folder, and the planted files go."""
    import dean24.store.outputs
    from dean24.store.outputs import write_atomic

    out, elsewhere = tmp_path / "out", tmp_path / "cua_toi"
    out.mkdir()
    elsewhere.mkdir()
    precious = elsewhere / "luan_van.docx"
    precious.write_bytes(b"work of a year")
    token = "00112233445566ff"
    planted = {
        "dean24_journal": 1,
        "token": token,
        "folders": [str(out)],
        "targets": [
            {"path": str(precious), "new": str(elsewhere / f".dean24-tmp-{token}-0.new")},
            {"path": str(out / "r.md"), "new": str(elsewhere / "luan_van.docx"), "old": None},
        ],
        "record": None,
    }
    for target in planted["targets"]:
        target.setdefault("old", None)
    (out / f".dean24-tmp-{token}.journal").write_text(json.dumps(planted), "utf-8")
    (elsewhere / f".dean24-tmp-{token}-0.new").write_bytes(b"")
    dean24.store.outputs._recovered.clear()
    write_atomic(out / "r.md", b"x")
    assert precious.read_bytes() == b"work of a year"
    assert sorted(p.name for p in out.iterdir()) == ["r.md"]
