"""What the summary workbook (-o .xlsx) adds to a national-scale run, and what the PDF costs.

1. Over one summary workbook of 3.321 unit rows (every commune-level unit of Vietnam, named as
   benchmarks/national.py names them, with its figures), runs alternate `dean24 report BOOK
   -o r.json` and `… -o r.json -o tong_hop.xlsx`; the workbook's cost is the difference of the
   medians (and of the best runs). The workbook is then read back with `dean24 report
   tong_hop.xlsx` and must give the same totals.
2. On the sample summary, `-o r.docx` against `-o r.docx -o r.pdf`: the PDF's cost is
   LibreOffice's start and conversion, reported apart.

Run: python benchmarks/summary.py [--rounds N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national import figures, open_config, units  # noqa: E402
from scale import Run, timed  # noqa: E402

SAMPLE = HERE.parent / "sample_data" / "tong_hop_6thang_dau_2024.xlsx"


def totals(path: Path) -> list[tuple[int, int]]:
    data = json.loads(path.read_text("utf-8"))
    return [(i["period_value"], i["cumulative_value"]) for i in data["indicators"]]


def line(label: str, runs: list[Run]) -> str:
    walls = [r.wall for r in runs]
    return (
        f"| {label} | {min(walls):.2f} | {statistics.median(walls):.2f} | "
        f"{min(r.cpu for r in runs):.2f} | {max(r.peak_mb for r in runs):.0f} |"
    )


def pairs(first: list[str], second: list[str], rounds: int) -> tuple[list[Run], list[Run]]:
    a: list[Run] = []
    b: list[Run] = []
    for _ in range(rounds):
        a.append(timed(first))
        b.append(timed(second))
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    out = Path(tempfile.mkdtemp(prefix="dean24-summary-bench-"))
    try:
        sys.path.insert(0, str(HERE.parent))
        from tests.conftest import make_summary

        names = units()
        book = make_summary(out / "units.xlsx", {name: figures(i) for i, name in enumerate(names)})
        config = open_config(out / "open.toml")
        base = [python, "-m", "dean24", "report", str(book), "--config", str(config), "-q"]
        json_only = [*base, "-o", str(out / "a.json")]
        with_book = [*base, "-o", str(out / "b.json"), "-o", str(out / "tong_hop.xlsx")]
        plain, workbook = pairs(json_only, with_book, args.rounds)
        again = [python, "-m", "dean24", "report", str(out / "tong_hop.xlsx"), "-q"]
        read_back = timed([*again, "--config", str(config), "-o", str(out / "c.json")])
        assert totals(out / "a.json") == totals(out / "b.json") == totals(out / "c.json")
        print("| run | best wall (s) | median wall (s) | best CPU (s) | peak memory (MB) |")
        print("|---|---:|---:|---:|---:|")
        print(line(f"report → .json, {len(names)} unit rows", plain))
        print(line(f"report → .json + .xlsx, {len(names)} unit rows", workbook))
        print(line("report tong_hop.xlsx (3.321 rows) → .json", [read_back]))
        size = (out / "tong_hop.xlsx").stat().st_size
        median = statistics.median(r.wall for r in workbook) - statistics.median(
            r.wall for r in plain
        )
        best = min(r.wall for r in workbook) - min(r.wall for r in plain)
        print(
            f"\nThe workbook adds {median:.2f} s (medians), {best:.2f} s (best runs); "
            f"{size / 1024:.0f} KB; read back to the same totals."
        )
        if shutil.which("soffice") is None:
            print("LibreOffice is not installed: the PDF is not timed.")
            return
        docx = [python, "-m", "dean24", "report", str(SAMPLE), "-q", "--date", "2024-07-17"]
        word, pdf = pairs(
            [*docx, "-o", str(out / "r.docx")],
            [*docx, "-o", str(out / "p.docx"), "-o", str(out / "p.pdf")],
            args.rounds,
        )
        print("\n| run | best wall (s) | median wall (s) | best CPU (s) | peak memory (MB) |")
        print("|---|---:|---:|---:|---:|")
        print(line("report sample → .docx", word))
        print(line("report sample → .docx + .pdf", pdf))
        cost = statistics.median(r.wall for r in pdf) - statistics.median(r.wall for r in word)
        print(f"\nThe PDF (LibreOffice) adds {cost:.2f} s (medians).")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
