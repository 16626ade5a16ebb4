"""Time the largest reports dean24 accepts and the refusals of hostile templates and sizes, side
by side in one run: wall time, CPU time and the peak memory of the process tree (polled from
/proc), each case a fresh process, the cases alternating round after round.

Cases: 20.000 units (one summary workbook of three sheets, a configuration listing none) to
.docx, to .md, and to both; a configuration of 100.000 units; Word templates with a 1 GiB part
(1 MB on disk), 50 MB of XML, 100.000 dead tags; Markdown templates joining a 999.999-character
string 2.500 times and with 60.000 dead tags (780 KB). Every case must end within 10 s and 500 MB.

Run: python benchmarks/bounds.py [--folder DIR] [--rounds N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from scale import _tree_rss  # noqa: E402

SAMPLE = ROOT / "sample_data" / "tong_hop_6thang_dau_2024.xlsx"
UNITS = 20_000
SHEETS = 3
LIMIT_S, LIMIT_MB = 10.0, 500
CASE_TIMEOUT_S = 900  # a case still running then is stopped and said (a busy machine is slow)


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    code: int
    said: str


def measured(command: list[str]) -> Run:
    """One run: wall time, CPU time of the tree, peak resident memory of the tree, exit code
    and the first line of stderr; stopped after CASE_TIMEOUT_S."""
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
    try:
        _, stderr = process.communicate(timeout=CASE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        stderr = f"stopped after {CASE_TIMEOUT_S} s\n".encode() + stderr
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    first = stderr.decode("utf-8", "replace").strip().splitlines()
    return Run(wall, cpu, peak / 2**20, process.returncode, first[0] if first else "")


def summary_workbook(path: Path) -> Path:
    """A summary workbook of UNITS units over SHEETS sheets, each with its totals row."""
    if path.exists():
        return path
    import openpyxl
    from tests.conftest import make_summary

    per = -(-UNITS // SHEETS)
    parts = []
    for sheet in range(SHEETS):
        names = range(sheet * per, min(UNITS, (sheet + 1) * per))
        rows = {f"Xã số {i}": [(i % 7, i % 7 + 10)] * 7 for i in names}
        parts.append(
            make_summary(path.with_name(f"part{sheet}.xlsx"), rows, sheet_title=f"Tổng hợp {sheet}")
        )
    book = openpyxl.load_workbook(parts[0])
    for part in parts[1:]:
        source = openpyxl.load_workbook(part).active
        assert source is not None
        sheet = book.create_sheet(source.title)
        for cells in source.iter_rows():
            for cell in cells:
                if cell.value is not None:
                    sheet.cell(row=cell.row, column=cell.column, value=cell.value)
        for merged in source.merged_cells.ranges:
            sheet.merge_cells(str(merged))
    book.save(path)
    for part in parts:
        part.unlink()
    return path


def configurations(folder: Path) -> tuple[Path, Path]:
    from dean24.programme.config import default_config_text

    no_units = re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
    none = folder / "no_units.toml"
    none.write_text(no_units, "utf-8")
    many = folder / "units_100000.toml"
    units = "".join(f'[[units]]\nname = "Xã số {i}"\n\n' for i in range(100_000))
    many.write_text(no_units + "\n" + units, "utf-8")
    return none, many


def say(text: str) -> None:
    """A line of progress on stderr, at once (a round of the 20.000-unit cases takes minutes on
    a busy machine)."""
    print(text, file=sys.stderr, flush=True)


def word_template(path: Path, body: bytes = b"", big_part: int = 0) -> Path:
    if path.exists():
        return path  # built by an earlier run (the 1 GiB part takes a while to deflate)
    from dean24.words.templates_path import templates_dir

    part = path.with_name(path.name + ".part")  # a run stopped while writing leaves no template
    with (
        zipfile.ZipFile(templates_dir() / "report.docx") as source,
        zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and body:
                data = data.replace(b"<w:sectPr", body + b"<w:sectPr", 1)
            out.writestr(info.filename, data)
        if big_part:
            with out.open("word/media/image9.bin", "w", force_zip64=True) as fh:
                block = b"\0" * 2**20
                for _ in range(big_part // 2**20):
                    fh.write(block)
    part.replace(path)
    return path


def templates(folder: Path) -> dict[str, Path]:
    rnd = random.Random(24)

    def paragraph(text: str) -> bytes:
        return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()

    found = {"gib": word_template(folder / "gib.docx", big_part=2**30)}
    if not (folder / "xml50.docx").exists():
        xml = b"".join(
            paragraph(" ".join(f"{rnd.random():.12f}" for _ in range(12))) for _ in range(300_000)
        )
        word_template(folder / "xml50.docx", xml)
    found["xml"] = folder / "xml50.docx"
    dead = "".join(f"{{% if a{n} %}}{{% endif %}}" for n in range(100_000))
    found["dead_docx"] = word_template(folder / "dead.docx", paragraph(dead))
    join = folder / "join.md.j2"
    join.write_text('# {{ doc.title }}\n{% set s = "x" * 999999 %}{{ ([s] * 2500)|join }}\n')
    dead_md = folder / "dead.md.j2"
    dead_md.write_text("# {{ doc.title }}\n" + "{% if false %}{% endif %}\n" * 30_000)
    found.update(join=join, dead_md=dead_md)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(tempfile.gettempdir()) / "dean24-bounds"
    parser.add_argument("--folder", type=Path, default=default)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    say(f"Building the inputs in {folder} (kept for later runs)…")
    big = summary_workbook(folder / f"units_{UNITS}.xlsx")
    none, many = configurations(folder)
    hostile = templates(folder)
    dean24 = [sys.executable, "-m", "dean24", "report"]
    out = folder / "out"
    out.mkdir(exist_ok=True)
    report = [*dean24, str(big), "--config", str(none)]
    sample = [*dean24, str(SAMPLE)]

    def given(template: str, name: str) -> list[str]:
        return [*sample, "--template", str(hostile[template]), "-o", str(out / name)]

    cases = {
        "20.000 units → .docx": [*report, "-o", str(out / "a.docx")],
        "20.000 units → .md": [*report, "-o", str(out / "a.md")],
        "20.000 units → .docx + .md": [*report, "-o", str(out / "b.docx"), "-o", str(out / "b.md")],
        "configuration of 100.000 units": [*sample, "--config", str(many), "-o", str(out / "c.md")],
        "Word template, 1 GiB part (1 MB file)": given("gib", "d.docx"),
        "Word template, 50 MB of XML": given("xml", "e.docx"),
        "Word template, 100.000 dead tags": given("dead_docx", "f.docx"),
        "Markdown template, ([s] * 2500)|join": given("join", "g.md"),
        "Markdown template, 60.000 dead tags": given("dead_md", "h.md"),
    }
    runs: dict[str, list[Run]] = {label: [] for label in cases}
    for round_ in range(1, args.rounds + 1):
        for number, (label, command) in enumerate(cases.items(), start=1):
            say(f"round {round_}/{args.rounds}, case {number}/{len(cases)}: {label} …")
            run = measured(command)
            runs[label].append(run)
            say(
                f"  exit {run.code}, {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
                f"{run.peak_mb:.0f} MB"
            )
    print("| case | exit | best wall (s) | median wall (s) | best CPU (s) | peak memory (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, done in runs.items():
        walls = [r.wall for r in done]
        peak = max(r.peak_mb for r in done)
        flag = "" if max(walls) <= LIMIT_S and peak <= LIMIT_MB else " (beyond 10 s / 500 MB)"
        print(
            f"| {label}{flag} | {done[0].code} | {min(walls):.2f} | "
            f"{statistics.median(walls):.2f} | {min(r.cpu for r in done):.2f} | {peak:.0f} |"
        )
    print()
    for label, done in runs.items():
        print(f"- {label}: {done[0].said[:160]}")


if __name__ == "__main__":
    main()
