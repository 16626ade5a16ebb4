"""The summary workbook (-o tong_hop.xlsx) and the PDF (-o bao_cao.pdf): what they hold, that
dean24 reads its own summary back to the same figures, and that a folder of provinces'
summaries rolls up to the next level."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.programme.config import load_config
from dean24.render.pdf import INSTALL_HINT, font_notice
from tests.conftest import CODES, SAMPLES, make_summary

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) không có trên máy này"
)
needs_calc = pytest.mark.skipif(
    SOFFICE is None
    or not any(
        (Path(os.path.realpath(SOFFICE)).parent / name).exists()
        for name in ("libsclo.so", "sclo.dll", "libsclo.dylib")
    ),
    reason="LibreOffice Calc (libreoffice-calc-nogui) không có trên máy này",
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) không có trên máy này"
)
H1 = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"


def report(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["report", *args, "--date", "2024-07-17", "-q"])
    assert result.exit_code == 0, result.stderr
    return result


def figures(path: Path) -> dict[str, Any]:
    """What a JSON report says: totals, units (reported or not), period."""
    data = json.loads(path.read_text("utf-8"))
    return {
        "period": data["period"],
        "totals": {
            i["code"]: (i["period_value"], i["cumulative_value"]) for i in data["indicators"]
        },
        "units": [u["name"] for u in data["units"]],
        "missing": data["missing_units"],
        "status": {i["code"]: i["status"] for i in data["indicators"]},
    }


def total_row(sheet: Any) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng cộng")


# ----- the workbook ----------------------------------------------------------------------------


def test_the_totals_row_holds_formulas_with_their_values(runner: CliRunner, in_tmp: Path) -> None:
    report(runner, str(H1), "-o", "a.json", "-o", "tong_hop.xlsx")
    model = figures(in_tmp / "a.json")
    formulas = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx")
    values = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx", data_only=True)
    assert formulas.sheetnames == ["Tổng hợp", "Chỉ tiêu", "Nguồn số liệu"]
    sheet, stored = formulas["Tổng hợp"], values["Tổng hợp"]
    row = total_row(sheet)
    first = row - len(model["units"])
    assert [sheet.cell(r, 2).value for r in range(first, row)] == model["units"]
    for i, code in enumerate(CODES):
        for j in range(2):
            col = 3 + 2 * i + j
            letter = openpyxl.utils.get_column_letter(col)
            assert sheet.cell(row, col).value == f"=SUM({letter}{first}:{letter}{row - 1})"
            assert stored.cell(row, col).value == model["totals"][code][j]
            added = sum(stored.cell(r, col).value for r in range(first, row))
            assert added == model["totals"][code][j]
    # The header as the units' summaries have it: a label merged over its two columns.
    head = sheet.cell(7, 3)
    assert head.value == "Số đảng viên được kết nạp (người)"
    assert "C7:D7" in {str(m) for m in sheet.merged_cells.ranges}
    assert [sheet.cell(8, c).value for c in (3, 4)] == ["Trong kỳ", "Lũy kế từ khi thực hiện Đề án"]
    assert sheet.cell(5, 1).value == "Kỳ báo cáo: 6 tháng đầu năm 2024"


def test_the_workbook_is_ready_to_print(runner: CliRunner, in_tmp: Path) -> None:
    report(runner, str(H1), "-o", "tong_hop.xlsx")
    book = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx")
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.paperSize in (9, "9"), sheet.title
        # One page wide (1 is the default, left out of the file), as many pages high as needed.
        assert sheet.page_setup.fitToWidth in (None, 1, "1")
        assert sheet.page_setup.fitToHeight in (0, "0")
        assert sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows, sheet.title
        assert sheet.cell(1, 1).font.name == "Times New Roman"
    summary = book["Tổng hợp"]
    assert summary.print_title_rows == "$7:$9"
    row = total_row(summary)
    assert r"[>=1000]#\.##0" in summary.cell(row, 6).number_format  # 3.274 in any locale


def test_the_indicator_sheet_judges_each_target_in_words(runner: CliRunner, in_tmp: Path) -> None:
    report(runner, str(H1), "-o", "tong_hop.xlsx")
    book = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx", data_only=True)
    sheet = book["Chỉ tiêu"]
    rows = {
        sheet.cell(r, 2).value: [sheet.cell(r, c).value for c in range(4, 9)]
        for r in range(8, sheet.max_row + 1)
        if sheet.cell(r, 2).value
    }
    assert rows["Số công đoàn cơ sở được thành lập"] == [
        6,
        33,
        "25 - 30",
        "vượt 3 so với mức cao nhất",
        "Vượt mục tiêu",
    ]
    assert rows["Số tổ chức đảng được thành lập"][2:] == ["15", "46,7% mục tiêu", "Chậm tiến độ"]
    assert rows["Số lớp bồi dưỡng nhận thức về Đảng"][2] == "—"
    formulas = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx")["Chỉ tiêu"]
    assert str(formulas.cell(8, 4).value).startswith("='Tổng hợp'!C")


def test_the_sources_sheet_names_each_units_file_and_the_notices(
    runner: CliRunner, in_tmp: Path
) -> None:
    folder = _forms_without(in_tmp, "bac_ha.xlsx")
    report(runner, str(folder), "-o", "a.json", "-o", "tong_hop.xlsx")
    sheet = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx")["Nguồn số liệu"]
    texts = [[c.value for c in row] for row in sheet.iter_rows()]
    units = {row[1]: row[2:] for row in texts[3:] if isinstance(row[0], int) and row[2]}
    assert units["Huyện Văn Bàn"] == ["van_ban.xlsx", "Biểu"] or units["Huyện Văn Bàn"][0] == (
        "van_ban.xlsx"
    )
    assert units["Huyện Bắc Hà"][0] == "Chưa báo cáo"
    warnings = json.loads((in_tmp / "a.json").read_text("utf-8"))["warnings"]
    assert warnings
    listed = [row for row in texts if row[1] in {w["code"] for w in warnings}]
    assert [row[2] for row in listed] == [w["message"] for w in warnings]


# ----- not reported, carried -------------------------------------------------------------------


def _forms_without(tmp: Path, *left_out: str) -> Path:
    folder = tmp / "don_vi"
    folder.mkdir()
    for path in (SAMPLES / "don_vi_6thang_dau_2024").iterdir():
        if path.name not in left_out:
            shutil.copy(path, folder / path.name)
    return folder


def test_a_unit_that_did_not_report_is_marked_and_read_back_as_such(
    runner: CliRunner, in_tmp: Path
) -> None:
    folder = _forms_without(in_tmp, "bac_ha.xlsx", "sa_pa.xlsx")
    report(runner, str(folder), "-o", "a.json", "-o", "tong_hop.xlsx")
    sheet = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx")["Tổng hợp"]
    rows = {sheet.cell(r, 2).value: r for r in range(10, total_row(sheet))}
    expected = [u.name for u in load_config(None).units if u.expected_on(date(2024, 6, 30))]
    assert list(rows) == expected  # the configuration's order
    for name in ("Huyện Bắc Hà", "Thị xã Sa Pa"):
        assert sheet.cell(rows[name], 3).value == "Chưa báo cáo"
        assert all(sheet.cell(rows[name], c).value is None for c in range(4, 17))
    assert sheet.cell(rows["Huyện Bát Xát"], 3).value == 1
    report(runner, "tong_hop.xlsx", "-o", "b.json")
    first, again = figures(in_tmp / "a.json"), figures(in_tmp / "b.json")
    assert first == again
    assert again["missing"] == ["Thị xã Sa Pa", "Huyện Bắc Hà"]


def test_carried_figures_are_marked_and_keep_the_totals(runner: CliRunner, in_tmp: Path) -> None:
    store = str(in_tmp / "s.sqlite")
    report(runner, str(SAMPLES / "tong_hop_6thang_cuoi_2023.xlsx"), "--store", store, "-o", "x.md")
    folder = _forms_without(in_tmp, "bac_ha.xlsx")
    report(runner, str(folder), "--store", store, "-o", "a.json", "-o", "tong_hop.xlsx")
    data = json.loads((in_tmp / "a.json").read_text("utf-8"))
    carried = next(u for u in data["units"] if u["name"] == "Huyện Bắc Hà")
    assert carried["carried_from"] == "2023-H2"
    book = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx")
    sheet = book["Tổng hợp"]
    row = next(r for r in range(10, total_row(sheet)) if sheet.cell(r, 2).value == "Huyện Bắc Hà")
    comment = sheet.cell(row, 2).comment
    assert comment is not None and "6 tháng cuối năm 2023" in comment.text
    assert sheet.cell(row, 4).value == carried["values"]["ket_nap_dang_vien"]["cumulative"]
    notes = [sheet.cell(r, 1).value for r in range(total_row(sheet) + 1, sheet.max_row + 1)]
    assert any(str(n).startswith("(*) Huyện Bắc Hà: Chưa báo cáo kỳ này") for n in notes)
    report(runner, "tong_hop.xlsx", "-o", "b.json")
    assert figures(in_tmp / "b.json")["totals"] == figures(in_tmp / "a.json")["totals"]


# ----- round trip and roll-up --------------------------------------------------------------


def test_the_summary_reads_back_to_the_same_figures(runner: CliRunner, in_tmp: Path) -> None:
    report(runner, str(H1), "-o", "a.json", "-o", "tong_hop.xlsx")
    result = runner.invoke(app, ["report", "tong_hop.xlsx", "-o", "b.json", "--date", "2024-07-17"])
    assert result.exit_code == 0, result.stderr
    assert "Cảnh báo" not in result.stderr  # its own tables are neither added nor warned about
    assert figures(in_tmp / "a.json") == figures(in_tmp / "b.json")


def _province_config(runner: CliRunner, tmp: Path, province: str, body: str) -> Path:
    path = tmp / f"{body.split()[-1].lower()}.toml"
    result = runner.invoke(app, ["config", "init", "--province", province, str(path)])
    assert result.exit_code == 0, result.stderr
    text = path.read_text("utf-8")
    text = re.sub(r'(?m)^superior_body = ".*"$', f'superior_body = "{body}"', text)
    path.write_text(text, "utf-8")
    return path


def _commune_summary(path: Path, config: Path, count: int, seed: int) -> dict[str, list[Any]]:
    units = [u.name for u in load_config(config).units][:count]
    rows = {
        name: [((n * 7 + i + seed) % 5, (n * 7 + i + seed) % 5 + n % 11 + i) for i in range(7)]
        for n, name in enumerate(units)
    }
    make_summary(path, rows, period_line="Kỳ báo cáo: 6 tháng đầu năm 2026")
    return rows


def test_the_99_communes_read_back_and_two_provinces_roll_up(
    runner: CliRunner, in_tmp: Path
) -> None:
    lao_cai = _province_config(runner, in_tmp, "Lào Cai", "ĐẢNG BỘ TỈNH LÀO CAI")
    tuyen_quang = _province_config(runner, in_tmp, "Tuyên Quang", "ĐẢNG BỘ TỈNH TUYÊN QUANG")
    assert len(load_config(lao_cai).units) == 99
    lc_rows = _commune_summary(in_tmp / "lc.xlsx", lao_cai, 60, 1)
    tq_rows = _commune_summary(in_tmp / "tq.xlsx", tuyen_quang, 124, 2)
    (in_tmp / "tinh").mkdir()
    for name, config, source in (("lao_cai", lao_cai, "lc"), ("tuyen_quang", tuyen_quang, "tq")):
        out = f"tinh/{name}.xlsx"
        report(runner, f"{source}.xlsx", "--config", str(config), "-o", f"{name}.json", "-o", out)
        report(runner, out, "--config", str(config), "-o", f"{name}_again.json")
        assert figures(in_tmp / f"{name}.json") == figures(in_tmp / f"{name}_again.json")
    assert len(figures(in_tmp / "lao_cai.json")["missing"]) == 39

    # The next level: its units are the provinces.
    text = lao_cai.read_text("utf-8")
    start = re.search(r"(?m)^\[\[units\]\]", text)
    end = re.search(r"(?m)^\[\[indicators\]\]", text)
    assert start is not None and end is not None
    start, end = start.start(), end.start()
    provinces = "".join(
        f'[[units]]\nname = "Tỉnh {p}"\nshort = "{p}"\n\n'
        for p in ("Lào Cai", "Tuyên Quang", "Thái Nguyên")
    )
    centre = in_tmp / "trung_uong.toml"
    centre.write_text(text[:start] + provinces + text[end:], "utf-8")
    tomllib.loads(centre.read_text("utf-8"))
    result = runner.invoke(
        app,
        ["report", "tinh", "--config", str(centre), "-o", "ca_nuoc.json", "--date", "2026-07-20"],
    )
    assert result.exit_code == 0, result.stderr
    rolled = figures(in_tmp / "ca_nuoc.json")
    for i, code in enumerate(CODES):
        expected = tuple(
            sum(v[i][j] for rows in (lc_rows, tq_rows) for v in rows.values()) for j in range(2)
        )
        assert rolled["totals"][code] == expected, code
    assert rolled["missing"] == ["Tỉnh Thái Nguyên"]
    data = json.loads((in_tmp / "ca_nuoc.json").read_text("utf-8"))
    assert {w["code"] for w in data["warnings"]} >= {"summary_of_unit"}


# ----- LibreOffice -----------------------------------------------------------------------------

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _recalculated(tmp: Path, book: Path) -> Path:
    """book opened by LibreOffice Calc, every formula recalculated, saved again as .xlsx."""
    assert SOFFICE is not None
    profile = tmp / "lo"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, "utf-8")
    out = tmp / "recalculated"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / book.name


@pytest.mark.slow
@needs_calc
def test_libreoffice_recalculates_the_same_totals(runner: CliRunner, in_tmp: Path) -> None:
    report(runner, str(H1), "-o", "a.json", "-o", "tong_hop.xlsx")
    model = figures(in_tmp / "a.json")
    # Stored results wiped: only a recalculation can give the totals back.
    wiped = in_tmp / "wiped.xlsx"
    with zipfile.ZipFile(in_tmp / "tong_hop.xlsx") as src, zipfile.ZipFile(wiped, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v>0</v>", data)
            dst.writestr(item, data)
    sheet = openpyxl.load_workbook(wiped, data_only=True)["Tổng hợp"]
    assert sheet.cell(total_row(sheet), 4).value == 0
    again = openpyxl.load_workbook(_recalculated(in_tmp, wiped), data_only=True)
    sheet = again["Tổng hợp"]
    row = total_row(sheet)
    for i, code in enumerate(CODES):
        assert (sheet.cell(row, 3 + 2 * i).value, sheet.cell(row, 4 + 2 * i).value) == model[
            "totals"
        ][code]
    indicators = again["Chỉ tiêu"]
    assert indicators.cell(11, 5).value == model["totals"]["doan_vien_cong_doan"][1]


@pytest.mark.slow
@needs_soffice
@needs_pdftotext
def test_the_pdf_holds_the_key_figures_and_leaves_nothing_behind(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = in_tmp / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    result = runner.invoke(
        app,
        [
            *("report", str(H1), "--date", "2024-07-17"),
            *("-o", "bao_cao.docx", "-o", "bao_cao.pdf", "-o", "tong_hop.xlsx"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    pdf = in_tmp / "bao_cao.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    for figure in ("3.274", "1.204", "174", "46,7%", "BÁO CÁO", "Tổng cộng"):
        assert figure in text, figure
    assert list(scratch.iterdir()) == []  # no profile or work folder left
    assert _processes_naming(scratch) == set()  # LibreOffice ran in scratch and is gone
    assert sorted(p.name for p in in_tmp.iterdir() if p.is_file()) == [
        "bao_cao.docx",
        "bao_cao.pdf",
        "tong_hop.xlsx",
    ]


def _processes_naming(folder: Path) -> set[int]:
    """The processes whose command line names something inside folder."""
    found = set()
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                if str(folder).encode() in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def test_without_libreoffice_the_pdf_is_refused_before_anything_is_written(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dean24.render.pdf.find_soffice", lambda: None)
    (in_tmp / "bao_cao.docx").write_bytes(b"old")
    result = runner.invoke(
        app, ["report", str(H1), "-o", "bao_cao.docx", "-o", "bao_cao.pdf", "-o", "t.xlsx"]
    )
    assert result.exit_code == 2
    assert "[libreoffice_missing]" in result.stderr
    assert "sudo apt install libreoffice-writer-nogui" in result.stderr
    assert "winget install TheDocumentFoundation.LibreOffice" in result.stderr
    assert INSTALL_HINT.split("«")[0] in result.stderr
    assert sorted(p.name for p in in_tmp.iterdir()) == ["bao_cao.docx"]
    assert (in_tmp / "bao_cao.docx").read_bytes() == b"old"


def test_a_batch_writes_the_workbook_and_refuses_the_pdf_without_libreoffice(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = in_tmp / "inbox"
    inbox.mkdir()
    shutil.copy(H1, inbox / "h1.xlsx")
    result = runner.invoke(
        app, ["batch", "inbox", "--out", "out", "--formats", "json,xlsx", "--date", "2024-07-17"]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (in_tmp / "out").iterdir() if not p.name.startswith(".")) == [
        "dean24-manifest.json",
        "dean24.sqlite",
        "h1.json",
        "h1.xlsx",
    ]
    manifest = json.loads((in_tmp / "out" / "dean24-manifest.json").read_text("utf-8"))
    assert any(o.endswith("h1.xlsx") for o in manifest["h1.xlsx"]["outputs"])
    monkeypatch.setattr("dean24.render.pdf.find_soffice", lambda: None)
    shutil.copy(H1, inbox / "h1b.xlsx")
    result = runner.invoke(app, ["batch", "inbox", "--out", "out", "--formats", "pdf"])
    assert result.exit_code == 2
    assert "libreoffice-writer-nogui" in result.stderr
    assert not (in_tmp / "out" / "h1b.pdf").exists()


def test_an_unknown_format_names_xlsx_and_pdf(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(app, ["report", str(H1), "-o", "r.odt"])
    assert result.exit_code == 2
    assert ".xlsx, .pdf" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="fc-list is for Linux and macOS")
@pytest.mark.parametrize(
    ("families", "said"),
    [
        ("DejaVu Serif\nLiberation Serif\n", "PDF dùng phông Liberation Serif"),
        ("DejaVu Serif\n", "cũng không có Liberation Serif"),
        ("Times New Roman\nLiberation Serif\n", None),
    ],
)
def test_the_font_used_for_the_pdf_is_said_when_times_new_roman_is_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, families: str, said: str | None
) -> None:
    fc_list = tmp_path / "fc-list"
    fc_list.write_text(f"#!/bin/sh\nprintf '{families}'\n", "utf-8")
    fc_list.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    notice = font_notice("Times New Roman")
    if said is None:
        assert notice is None
    else:
        assert notice is not None and notice.code == "font_substituted"
        assert said in notice.message and notice.severity == "warning"


def test_at_the_years_end_the_indicator_sheet_keeps_target_and_status_in_place(
    runner: CliRunner, in_tmp: Path
) -> None:
    # Bảng 1 of a year-end report has a whole-year column: the words are still taken from its
    # last three columns.
    report(runner, str(SAMPLES / "tong_hop_6thang_cuoi_2024.xlsx"), "-o", "tong_hop.xlsx")
    sheet = openpyxl.load_workbook(in_tmp / "tong_hop.xlsx", data_only=True)["Chỉ tiêu"]
    rows = {
        sheet.cell(r, 2).value: [sheet.cell(r, c).value for c in range(6, 9)]
        for r in range(8, sheet.max_row + 1)
        if sheet.cell(r, 2).value
    }
    assert rows["Số công đoàn cơ sở được thành lập"][0] == "25 - 30"
    assert rows["Số tổ chức đoàn thanh niên được thành lập"][0] == "3/năm"
    assert all(words[2] for words in rows.values())
