"""batch: each input's duration is its own reading and reporting, and progress moves as each
input is read, not only once all are."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from dean24.commands.batch import BatchSettings, Outcome, run_batch
from tests.conftest import SAMPLES


def test_durations_add_up_to_the_run_and_progress_follows_each_input(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a", "b", "c", "d"):
        shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox / f"{name}.xlsx")
    shutil.copytree(SAMPLES / "don_vi_6thang_dau_2024", inbox / "e")
    events: list[str] = []

    def on_read(path: Path) -> None:
        events.append(f"read {path.name}")

    def on_outcome(outcome: Outcome) -> None:
        events.append(f"{outcome.status} {Path(outcome.input).name}")

    settings = BatchSettings(inbox=inbox, out=tmp_path / "out", formats=("md",))
    started = time.monotonic()
    outcomes = run_batch(settings, on_outcome=on_outcome, on_read=on_read)
    elapsed = time.monotonic() - started
    assert [o.status for o in outcomes] == ["ok"] * 5
    # Each input is read (and the bar moves) before any is reported.
    assert events[:5] == [f"read {n}" for n in ("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e")]
    assert sorted(events[5:]) == [f"ok {n}" for n in ("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e")]
    durations = [o.duration for o in outcomes]
    assert all(d > 0 for d in durations)
    # Counted from the start of the read phase, five inputs would "take" far more than the run.
    assert sum(durations) <= elapsed
