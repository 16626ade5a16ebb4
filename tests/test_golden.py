"""Golden reports: each folder of tests/golden is a case (case.toml, its inputs, the expected
outputs of its last run), run by one test. A case whose expected output is missing fails.

To rewrite the expected outputs after a deliberate change: `make golden` (DEAN24_UPDATE_GOLDEN=1);
the run that rewrites them still fails, so the new text is read before a second run passes.

case.toml:
    about = "…"                       what the case shows
    date = "2026-01-15"               --date of every run
    config = "huyen.toml"             optional: a configuration in the folder
    outputs = ["expected.md", "docx.txt"]   of the last run: Markdown, the Word text
    contains = ["…"]                  phrases the last report holds (optional)
    absent = ["…"]                    phrases it must not hold (optional)
    [[runs]]                          in order, into one store when there are several
    inputs = ["q1.xlsx"]              paths relative to the folder
    notes = "ghi_chu.md"              optional
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())
OUTPUTS = {"expected.md", "docx.txt"}

# What a cán bộ strikes from a report, and software words: never in a golden report.
STRUCK = [
    "có 0 năm",
    "chưa đủ số liệu",
    "Số này bằng",
    "cơ sở dữ liệu",
    "lịch sử",
    "mức của kỳ",
    "mới đạt",
    "trong kỳ là",
    "Một số đảng bộ có kết quả nổi bật",
    "và cả năm",
    "Đánh giá này",
    "chưa đầy đủ",
    " 0/5 chỉ tiêu",
    "được 0 ",
    "trước đó 9 đơn vị",
    "chỉ được đối chiếu",
    "báo cáo chưa đánh giá",
    "chỉ tiêu nào có mục tiêu",
    "Một số đảng bộ",
    "ở cả hai kỳ là",
    "lớp bồi dưỡng so với",
    "đoàn thanh niên so với",
    "đoàn viên công đoàn so với",
    "chỉ tiêu có mục tiêu",
    "đạt và vượt yêu cầu",
    "được báo cáo để theo dõi",
    "mục tiêu của giai đoạn 2022 - 2025 đã kết thúc",
    "trên cơ sở báo cáo của 10/10",
    "trên cơ sở báo cáo của 99/99",
    "trên cơ sở báo cáo của 3/3",
    "đoàn thanh niên đạt, vượt mục tiêu Đề án",  # a per-year target: "chỉ tiêu các năm …"
    "chưa đảng bộ",  # "chưa có đảng bộ … nào"
    "đạt hay không đạt",
    "Kết luận này trên cơ sở",  # a shortfall on partial reports is not judged, not withdrawn
]
SOFTWARE = ("--store", "SQLite", "JSON", "Excel", ".xlsx", "template", "None", "True", "False")


def docx_text(path: Path) -> str:
    """The text of a .docx in reading order: paragraphs, and each table row as cells joined
    by ' | ' (the header's layout tables included)."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                lines.append(text)
        elif tag == "tbl":
            for row in DocxTable(child, document).rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def compare(path: Path, actual: str) -> str | None:
    """None when the file holds actual; else what differs. With DEAN24_UPDATE_GOLDEN=1 the
    file is rewritten, and it is still reported, so an update never passes a run by itself."""
    expected = path.read_text("utf-8") if path.is_file() else None
    if actual == expected:
        return None
    name = f"{path.parent.name}/{path.name}"
    if os.environ.get("DEAN24_UPDATE_GOLDEN"):
        path.write_text(actual, "utf-8")
        return f"{name}: rewritten; read the change, then run the tests again"
    if expected is None:
        return f"{name}: missing; write it with `make golden` and read it"
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"{name} (expected)",
        "actual",
    )
    return "".join(diff)


def run_case(case: Path, runner: CliRunner, tmp: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """Run the case's reports in order; the last run's outputs by name, and its JSON."""
    spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
    outputs = spec["outputs"]
    assert outputs and set(outputs) <= OUTPUTS, f"{case.name}: outputs {outputs}"
    runs = spec["runs"]
    for n, run in enumerate(runs, start=1):
        args = ["report", *[str(case / name) for name in run["inputs"]]]
        args += ["--date", spec["date"], "-o", str(tmp / f"{n}.json")]
        if "config" in spec:
            args += ["--config", str(case / spec["config"])]
        if len(runs) > 1:
            args += ["--store", str(tmp / "lich_su.sqlite")]
        if "notes" in run:
            args += ["--notes", str(case / run["notes"])]
        if n == len(runs):
            args += ["-o", str(tmp / "r.md")]
            args += ["-o", str(tmp / "r.docx")] if "docx.txt" in outputs else []
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{case.name}, run {n}: {result.output}"
    made = {
        "expected.md": lambda: (tmp / "r.md").read_text("utf-8"),
        "docx.txt": lambda: docx_text(tmp / "r.docx"),
    }
    model = json.loads((tmp / f"{len(runs)}.json").read_text("utf-8"))
    return {name: made[name]() for name in outputs}, model


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, runner: CliRunner, tmp_path: Path) -> None:
    if not (case / "case.toml").is_file():
        pytest.fail(f"{case.name}: no case.toml (every folder of tests/golden is a case)")
    spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
    texts, model = run_case(case, runner, tmp_path)
    problems = [d for name, text in texts.items() if (d := compare(case / name, text))]
    assert not problems, "\n".join(problems)
    text = texts.get("expected.md") or texts["docx.txt"]
    for phrase in spec.get("contains", []):
        assert phrase in text, f"{case.name}: {phrase!r} not in the report"
    for phrase in spec.get("absent", []):
        assert phrase not in text, f"{case.name}: {phrase!r} in the report"
    # The overall verdict names every target still open once: never "cả 4" when 5 have targets.
    open_targets = [
        i
        for i in model["indicators"]
        if i.get("target") is not None and i["status"] not in {"closed"}
    ]
    results = text.split("II. KẾT QUẢ")[1].split("III. ĐÁNH GIÁ")[0]
    verdict = [
        p
        for p in results.splitlines()
        if p.startswith("So với mục tiêu") or re.search(r"Kết thúc giai đoạn [^,]+, (có|cả) ", p)
    ]
    counted = [int(n) for p in verdict for n in re.findall(r"(\d+)(?:/\d+)? chỉ tiêu", p)]
    if any(i["status"] != "not_judged" for i in open_targets):
        assert len(verdict) == 1, f"{case.name}: no overall verdict, or more than one"
        assert sum(counted) == len(open_targets), (counted, len(open_targets))


def golden_files() -> list[Path]:
    return sorted(p for case in CASES for p in case.iterdir() if p.name in OUTPUTS)


def test_every_case_has_its_expected_outputs() -> None:
    for case in CASES:
        spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
        missing = [name for name in spec["outputs"] if not (case / name).is_file()]
        assert not missing, f"{case.name}: {missing}"
    assert len(golden_files()) >= len(CASES)


def test_no_golden_report_says_what_a_reviewer_would_strike() -> None:
    """None of the phrases a cán bộ strikes, and no software word, in any golden report."""
    found = []
    for path in golden_files():
        text = path.read_text("utf-8")
        for phrase in STRUCK:
            if phrase.lower() in text.lower():
                found.append(f"{path.parent.name}/{path.name}: {phrase!r}")
        for word in SOFTWARE:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?!\w)", text):
                found.append(f"{path.parent.name}/{path.name}: {word!r}")
    assert not found, "\n".join(found)


def test_no_golden_report_leaves_a_sentence_unfinished() -> None:
    """Every paragraph of every golden report ends as a sentence does, never on a comma."""
    for path in [p for p in golden_files() if p.suffix == ".md"]:
        for line in path.read_text("utf-8").splitlines():
            text = line.strip()
            if text and not text.startswith("|") and " | " not in text:
                assert not text.endswith((",", ";", ":")) or text.endswith("như sau:"), (
                    f"{path.parent.name}/{path.name}: {text[-80:]}"
                )


def test_no_golden_report_glues_two_sentences() -> None:
    """'… tổ chức đảng.Thành lập …': a sentence always starts after a space."""
    for path in [p for p in golden_files() if p.suffix == ".md"]:
        for line in path.read_text("utf-8").splitlines():
            glued = re.search(r"[^\W\d][.;,][^\W\d]", line)
            assert glued is None, f"{path.parent.name}/{path.name}: …{glued.group()}…"


def test_a_year_report_names_its_last_period_where_it_speaks_of_it() -> None:
    """An H2 or Q4 report whose year is known is the year's report ('Kết quả năm 2024'): there
    "trong kỳ" reads as the whole year, so facts of the last period name it ('trong quý IV năm
    2024 chỉ có …'), never 'trong kỳ'."""
    checked = []
    for path in [p for p in golden_files() if p.name == "expected.md"]:
        text = path.read_text("utf-8")
        subject = re.search(r"^\*\*Kết quả (năm \d{4}) ", text, re.M)
        # Bảng 1 of a year's report made from its last period: that period's column, then the
        # year's ("| Quý IV năm 2024 | Cả năm 2024 |")
        table = re.search(r"^\| TT \| Chỉ tiêu \| ĐVT \| (.+?) \| Cả năm \d{4} \|", text, re.M)
        if not subject or not table or table.group(1) == "Trong kỳ":
            continue  # not a year's report made from its last period
        assert f"**Bảng 1. Kết quả thực hiện các chỉ tiêu {subject.group(1)}**" in text
        body = text.split("## PHỤ LỤC")[0]
        said = re.findall(r"(?i)(?<!số )\btrong kỳ\b", body)
        assert not said, f"{path.parent.name}: 'trong kỳ' in a report on {subject.group(1)}"
        checked.append(path.parent.name)
    assert len(checked) >= 2, checked  # h2_2024, quy_4_2024 at least
