"""Golden reports for the period kinds not covered elsewhere (Q4 at the year's end, a unit
carried forward, a commune-level H2 2025 that closes the phase), and what no golden report may
say: the phrases a reviewer would strike."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from dean24.cli import app
from dean24.config import default_config_text
from tests.conftest import make_summary
from tests.test_horizons import UNITS, Province, figures, section
from tests.test_report import GOLDEN, check_golden


def test_golden_q4_at_the_year_end(runner: CliRunner, tmp_path: Path) -> None:
    province = Province(tmp_path, runner)
    province.report("q1", "Kỳ báo cáo: quý I năm 2024", figures(10, 1, 2, 1, 100))
    province.report("q2", "Kỳ báo cáo: quý II năm 2024", figures(12, 0, 1, 0, 80))
    province.report("q3", "Kỳ báo cáo: quý III năm 2024", figures(20, 2, 3, 1, 120))
    _, text = province.report("q4", "Kỳ báo cáo: quý IV năm 2024", figures(10, 1, 2, 0, 90))
    check_golden("quy_4_2024", "expected.md", text)
    assert "Cả năm 2024, toàn tỉnh kết nạp được 52 đảng viên" in text


def test_golden_a_unit_carried_forward(runner: CliRunner, tmp_path: Path) -> None:
    province = Province(tmp_path, runner, start=5)
    province.report("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(30, 2, 3, 2, 400))
    _, text = province.report(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(20, 1, 2, 1, 300), units=UNITS[:2]
    )
    check_golden("chuyen_ky_h2_2024", "expected.md", text)
    assert "số lũy kế của huyện Bát Xát lấy theo báo cáo 6 tháng đầu năm 2024" in text


def commune_rows(names: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Figures for communes that vary as a province's would: some admit, most do not set up
    a party organisation, a few set up a youth union."""
    rows = {}
    for k, name in enumerate(names):
        period = [
            1 if k % 3 == 0 else 0,  # party members admitted
            1 if k % 10 == 0 else 0,  # party organisations
            1 if k % 7 == 0 else 0,  # trade unions
            (k % 5) * 3,  # trade-union members
            1 if k % 30 == 0 else 0,  # youth unions
            1 if k % 4 == 0 else 0,  # classes
            3 if k % 4 == 0 else 0,  # learners
        ]
        earlier = [k % 4, k % 2, k % 3, 20 + k, k % 2, 1, 4]
        rows[name] = [(p, p + e) for p, e in zip(period, earlier, strict=True)]
    return rows


def test_golden_commune_level_h2_2025(runner: CliRunner, in_tmp: Path) -> None:
    # The shipped configuration: the commune-level units report from 1/7/2025.
    config = tomllib.loads(default_config_text())
    names = [u["name"] for u in config["units"] if "from" in u]
    assert len(names) >= 99
    book = make_summary(
        in_tmp / "xa.xlsx",
        commune_rows(names[:70]),
        period_line="Kỳ báo cáo: 6 tháng cuối năm 2025",
    )
    args = ["report", str(book), "-o", "xa.md", "--date", "2026-01-10"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = (in_tmp / "xa.md").read_text("utf-8")
    check_golden("xa_h2_2025", "expected.md", text)
    shortcomings = section(text, "### 2. Hạn chế")
    assert "chi tiết tại Phụ lục" in shortcomings
    assert not any(name in shortcomings for name in names)  # counts, not forty names


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
]


def test_no_golden_report_says_what_a_reviewer_would_strike() -> None:
    """None of the phrases a cán bộ strikes, and no software word, in any golden report."""
    found = []
    for path in sorted(GOLDEN.glob("*/*.md")):
        text = path.read_text("utf-8")
        for phrase in STRUCK:
            if phrase.lower() in text.lower():
                found.append(f"{path.parent.name}/{path.name}: {phrase!r}")
        for word in ("--store", "SQLite", "JSON", "Excel", ".xlsx", "template", "None"):
            if re.search(rf"(?<![\w-]){re.escape(word)}(?!\w)", text):
                found.append(f"{path.parent.name}/{path.name}: {word!r}")
    assert not found, "\n".join(found)


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


def test_golden_docx_text_at_the_year_end_and_after_the_phase(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The Word report's words, as a reviewer reads them, for H2 at the year's end (H1 in the
    history) and for H1 2026 after the phase."""
    from tests.conftest import SAMPLES

    store = tmp_path / "h.sqlite"
    for name in ("6thang_dau_2024", "6thang_cuoi_2024"):
        book = SAMPLES / f"tong_hop_{name}.xlsx"
        out = tmp_path / f"{name}.docx"
        args = ["report", str(book), "--store", str(store), "-o", str(out)]
        result = runner.invoke(app, [*args, "--date", "2025-01-05"])
        assert result.exit_code == 0, result.output
    check_golden("h2_2024", "docx.txt", docx_text(tmp_path / "6thang_cuoi_2024.docx"))

    province = Province(tmp_path, runner)
    province.report("y2025", "Kỳ báo cáo: năm 2025", figures(58, 14, 28, 3))
    province.report("h1_2026", "Kỳ báo cáo: 6 tháng đầu năm 2026", figures(9, 2, 1, 1))
    out = tmp_path / "h1_2026.docx"
    args = ["report", str(tmp_path / "h1_2026.xlsx"), "--config", str(province.config)]
    args += ["--store", str(province.store), "-o", str(out), "--date", "2026-07-15"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    check_golden("sau_giai_doan_2026", "docx.txt", text)
    assert "Kết thúc giai đoạn" in text and "14 (không đạt)" in text


def test_a_leader_is_named_only_where_there_is_a_real_lead() -> None:
    from dean24.facts import UnitName, _leaders
    from dean24.model import UnitResult

    def units(*values: int) -> list[UnitResult]:
        return [UnitResult(f"U{i}", True, {"x": (v, v)}) for i, v in enumerate(values)]

    names = {f"U{i}": UnitName(f"U{i}", "", f"U{i}") for i in range(4)}
    assert _leaders("x", units(1, 0, 0), names) == []  # one unit holds the whole count
    assert _leaders("x", units(2, 2, 1), names) == []  # level with another
    assert _leaders("x", units(0, 0, 0), names) == []
    (leader,) = _leaders("x", units(3, 1, 0), names)
    assert leader.unit.name == "U0" and leader.value == 3
