"""Time `dean24 report` on a folder of one workbook per commune-level unit of Vietnam (3.321)
and on 332 of them, side by side with the read floor (benchmarks/read_floor.py: import pandas,
read every sheet with python-calamine), and check the report's totals.

Runs alternate (floor, dean24, floor, dean24 …) so that both see the same machine load; each
run is a fresh process. Wall time, CPU time (user + system, the process and its children) and
the peak memory of the whole process tree (polled from /proc) are shown; best and median.

Run: python benchmarks/scale.py [--folders DIR] [--rounds N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national import build, expected_totals  # noqa: E402

SIZES = (1, 332, 3321)


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def timed(command: list[str]) -> Run:
    """One run: wall time, CPU time of the process tree, peak resident memory of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=poll)
    watcher.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"{command} failed:\n{stderr.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak / 2**20)


def check(json_path: Path, names: list[str]) -> None:
    """The report adds up exactly, with every unit distinct."""
    data = json.loads(json_path.read_text("utf-8"))
    units = [u["name"] for u in data["units"] if u["reported"]]
    assert len(units) == len(set(units)) == len(names), (len(units), len(set(units)))
    totals = [(i["period_value"], i["cumulative_value"]) for i in data["indicators"]]
    assert totals == expected_totals(len(names)), totals


def row(label: str, runs: list[Run]) -> str:
    walls = [r.wall for r in runs]
    cpus = [r.cpu for r in runs]
    peak = max(r.peak_mb for r in runs)
    return (
        f"| {label} | {min(walls):.2f} | {statistics.median(walls):.2f} | "
        f"{min(cpus):.2f} | {peak:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--folders", type=Path, default=Path(tempfile.gettempdir()) / "dean24-scale"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    lines = [
        "| run | best wall (s) | median wall (s) | best CPU (s) | peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    best: dict[tuple[str, int], float] = {}
    best_cpu: dict[tuple[str, int], float] = {}
    for count in SIZES:
        folder = args.folders / f"communes_{count}"
        names, config = build(folder, None if count == 3321 else count)
        out = args.folders / f"report_{count}.json"
        floor_cmd = [python, str(HERE / "read_floor.py"), str(folder)]
        dean24_cmd = [
            python, "-m", "dean24", "report", str(folder), "--config", str(config), "-o", str(out)
        ]  # fmt: skip
        floor_runs, dean24_runs = [], []
        for _ in range(args.rounds):
            floor_runs.append(timed(floor_cmd))
            dean24_runs.append(timed(dean24_cmd))
        check(out, names)
        best[("floor", count)] = min(r.wall for r in floor_runs)
        best[("dean24", count)] = min(r.wall for r in dean24_runs)
        best_cpu[("floor", count)] = min(r.cpu for r in floor_runs)
        best_cpu[("dean24", count)] = min(r.cpu for r in dean24_runs)
        files = f"{count:,}".replace(",", ".") + (" file" if count == 1 else " files")
        lines.append(row(f"read floor, {files}", floor_runs))
        lines.append(row(f"dean24 report → .json, {files}", dean24_runs))
    load = os.getloadavg()[0]
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"{time.strftime('%Y-%m-%d')}, load average {load:.1f} at the end; "
          "totals checked, every unit distinct.\n")  # fmt: skip
    print("\n".join(lines))
    print()
    for count in SIZES[1:]:
        ratio = best[("dean24", count)] / best[("floor", count)]
        cpu = best_cpu[("dean24", count)] / best_cpu[("floor", count)]
        print(
            f"- {count} files: dean24 / floor = {ratio:.1f}× in wall time, {cpu:.1f}× in CPU time"
        )
    growth = best[("dean24", 3321)] / best[("dean24", 332)]
    fixed = best[("dean24", 1)]
    net = (best[("dean24", 3321)] - fixed) / (best[("dean24", 332)] - fixed)
    print(
        f"- dean24, 3.321 files / 332 files = {growth:.1f}× (best wall times); "
        f"{net:.1f}× once the time of a 1-file run ({fixed:.2f} s: start-up, imports, "
        "writing) is taken off both"
    )
    # CPU time is not hidden by what runs at once (pandas loading while the workers read the
    # first files), so it shows how the work itself grows with the files.
    work = (best_cpu[("dean24", 3321)] - best_cpu[("dean24", 1)]) / (
        best_cpu[("dean24", 332)] - best_cpu[("dean24", 1)]
    )
    print(
        f"- dean24, CPU time beyond a 1-file run: 3.321 files / 332 files = {work:.1f}× "
        "(10× the files)"
    )
    for who in ("dean24", "floor"):
        first = (best[(who, 332)] - best[(who, 1)]) / 331 * 1000
        then = (best[(who, 3321)] - best[(who, 332)]) / 2989 * 1000
        print(
            f"- {who}, wall time per added file: {first:.2f} ms from 1 to 332 files, "
            f"{then:.2f} ms from 332 to 3.321"
        )


if __name__ == "__main__":
    main()
