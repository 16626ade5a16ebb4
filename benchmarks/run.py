"""Time the commands a user runs; prints a Markdown table for benchmarks/README.md.

Run: python benchmarks/run.py  (from the repository root, with dean24 installed)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"


def timed(command: list[str], repeat: int = 5) -> tuple[float, float]:
    """Median and best wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
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


def big_notes(path: Path, size: int = 3_000_000) -> Path:
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
    dean24 = [sys.executable, "-m", "dean24"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        config = out / "no_units.toml"
        import re

        from dean24.config import default_config_text

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
                "report: summary workbook, 3 MB of notes → .docx",
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


if __name__ == "__main__":
    main()
