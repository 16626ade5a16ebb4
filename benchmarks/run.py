"""Time the commands a user runs; prints a Markdown table for benchmarks/README.md.

The commands run as after an install: the package's modules compiled to bytecode (pip does it
for a regular install; an editable one, or PYTHONDONTWRITEBYTECODE, would compile them on every
run) and a cache folder of their own. The side-by-side line shows both a first run (an empty
cache: the narrative templates compiled, the configuration checked) and the runs after it.

Run: python benchmarks/run.py [--quick]  (from the repository root, with dean24 installed)
"""

from __future__ import annotations

import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], repeat: int = 5) -> tuple[float, float]:
    """Median and best wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def big_summary(path: Path, units: int) -> Path:
    """A summary workbook with many units, for a configuration that lists none."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import make_summary

    rows = {f"Xã số {i}": [(i % 7, i % 7 + 10)] * 7 for i in range(units)}
    return make_summary(path, rows)


def _outputs(stem: Path, *suffixes: str) -> list[str]:
    return [arg for suffix in suffixes for arg in ("-o", str(stem.with_suffix(suffix)))]


def big_notes(path: Path, size: int = 480_000) -> Path:
    """A notes file of about size bytes: many one-line tasks and some long paragraphs."""
    lines = ["## Nhiệm vụ, giải pháp", ""]
    total, number = 0, 0
    while total < size:
        number += 1
        line = (
            f"- Nhiệm vụ thứ {number}: rà soát các đơn vị kinh tế tư nhân đủ điều kiện thành "
            "lập tổ chức đảng, đoàn thể; bồi dưỡng quần chúng ưu tú."
        )
        if number % 50 == 0:
            line = "\n" + "Đoạn văn dài về nhiệm vụ của kỳ sau. " * 400 + "\n"
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    import dean24 as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    dean24 = [sys.executable, "-m", "dean24"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ENV["DEAN24_CACHE_DIR"] = str(out / "cache")
        report = [
            *dean24,
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            *_outputs(out / "h", ".md", ".json", ".docx"),
        ]
        floor = [sys.executable, "-c", "import pandas"]
        first = first_runs(floor, report, out / "cache")
        pandas, ours = side_by_side(floor, report, repeat=15)
        print(
            "Side by side (alternating, 15 runs each, medians; wall and CPU time): import "
            f"pandas {pandas[0]:.3f} s ({pandas[1]:.3f} s CPU); summary → .md + .json + .docx "
            f"{ours[0]:.3f} s ({ours[1]:.3f} s CPU): {ours[0] / pandas[0]:.2f}× wall, "
            f"{ours[1] / pandas[1]:.2f}× CPU. First run (empty cache), 5 each: "
            f"{first[1]:.3f} s against {first[0]:.3f} s: {first[1] / first[0]:.2f}×.\n"
        )
        if "--quick" in sys.argv:
            return
        config = out / "no_units.toml"
        import re

        from dean24.programme.config import default_config_text

        config.write_text(
            re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
        )
        big = big_summary(out / "big.xlsx", 2000)
        thousand = big_summary(out / "thousand.xlsx", 1000)
        notes = big_notes(out / "notes.md")
        summary = str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx")
        cases = [
            ("python -c 'import pandas' (for comparison)", [sys.executable, "-c", "import pandas"]),
            ("dean24 --help", [*dean24, "--help"]),
            (
                "report: summary workbook → .md + .json + .docx",
                [*dean24, "report", summary, *_outputs(out / "e", ".md", ".json", ".docx")],
            ),
            (
                "report: 1.000-unit summary → .docx",
                [*dean24, "report", str(thousand), "--config", str(config), "-o", f"{out}/f.docx"],
            ),
            (
                "report: summary workbook, 480 KB of notes (under the limit) → .docx",
                [*dean24, "report", summary, "--notes", str(notes), "-o", str(out / "g.docx")],
            ),
            (
                "report: summary workbook → .md + .json",
                [
                    *dean24,
                    "report",
                    str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
                    "-o",
                    str(out / "a.md"),
                    "-o",
                    str(out / "a.json"),
                ],
            ),
            (
                "report: folder of 10 unit workbooks → .md",
                [
                    *dean24,
                    "report",
                    str(SAMPLES / "don_vi_6thang_dau_2024"),
                    "-o",
                    str(out / "b.md"),
                ],
            ),
            (
                "report: summary workbook → .docx",
                [
                    *dean24,
                    "report",
                    str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
                    "-o",
                    str(out / "c.docx"),
                ],
            ),
            (
                "report: 2.000-unit summary → .json",
                [*dean24, "report", str(big), "--config", str(config), "-o", str(out / "d.json")],
            ),
        ]
        one_form = SAMPLES / "don_vi_6thang_dau_2024"
        first_form = sorted(one_form.glob("*.xlsx"))[0]
        province = out / "lc.toml"
        subprocess.run(
            [*dean24, "config", "init", str(province), "--province", "Lào Cai"],
            check=True,
            capture_output=True,
        )
        cases += [
            ("check: one unit workbook", [*dean24, "check", str(first_form)]),
            (
                "config init --province: 99 communes",
                [
                    *dean24,
                    "config",
                    "init",
                    str(out / "p.toml"),
                    "--province",
                    "Lào Cai",
                    "--force",
                ],
            ),
            (
                "form: 99 commune forms",
                [
                    *dean24,
                    "form",
                    str(out / "forms"),
                    "--period",
                    "2025-H2",
                    "--config",
                    str(province),
                    "--force",
                ],
            ),
        ]
        print("| command | median (s) | best (s) |")
        print("|---|---:|---:|")
        for name, command in cases:
            median, best = timed(command)
            print(f"| {name} | {median:.2f} | {best:.2f} |")
        print(f"Word body from 900 KB of notes, in the process: {notes_in_process(out):.2f} s")


def _run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU time (user + system) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def side_by_side(
    first: list[str], second: list[str], repeat: int = 7
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median wall and CPU times of two commands run in turn, so that both see the same load."""
    runs: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(repeat):
        for command, bucket in zip((first, second), runs, strict=True):
            bucket.append(_run(command))
    return tuple(  # type: ignore[return-value]
        (statistics.median(r[0] for r in bucket), statistics.median(r[1] for r in bucket))
        for bucket in runs
    )


def first_runs(floor: list[str], command: list[str], cache: Path) -> tuple[float, float]:
    """Median wall times of floor and of command run with an empty cache, in turn."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(5):
        shutil.rmtree(cache, ignore_errors=True)
        times[0].append(_run(floor)[0])
        times[1].append(_run(command)[0])
    return statistics.median(times[0]), statistics.median(times[1])


def notes_in_process(out: Path) -> float:
    """Seconds to build and render a report whose notes are 900 KB: above the CLI's limit for
    a notes file (500 KB), below what a template may build (a million characters), to show
    the Word writer stays linear."""
    from datetime import date

    from dean24.commands.pipeline import ReportSettings, build_report_model
    from dean24.programme.config import load_config
    from dean24.render.docx import render_docx
    from dean24.words.document import build_document
    from dean24.words.narrative import Narrative
    from dean24.words.notes import parse_notes

    config = load_config()
    day = date(2024, 7, 17)
    settings = ReportSettings(inputs=(SAMPLES / "tong_hop_6thang_dau_2024.xlsx",), report_date=day)
    model, _ = build_report_model(settings, config)
    text = big_notes(out / "notes_900kb.md", 900_000).read_text("utf-8")
    started = time.perf_counter()
    render_docx(build_document(model, config, parse_notes(text), day, Narrative()), config)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
