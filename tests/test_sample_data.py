"""Checks of the generated sample data (sample_data/), with openpyxl only.

The project's own reader is developed separately; these tests parse the workbooks with a small
reader of their own so that the sample data can be trusted independently of it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sample_data"
SCRIPT = ROOT / "scripts" / "make_sample_data.py"
UNIT_DIR = DATA / "don_vi_6thang_dau_2024"
H2_2023 = DATA / "tong_hop_6thang_cuoi_2023.xlsx"
H1_2024 = DATA / "tong_hop_6thang_dau_2024.xlsx"
H2_2024 = DATA / "tong_hop_6thang_cuoi_2024.xlsx"
MULTI = DATA / "theo_don_vi_6thang_dau_2024.xlsx"

CODES = (
    "ket_nap_dang_vien",
    "to_chuc_dang",
    "cong_doan",
    "doan_vien_cong_doan",
    "to_chuc_doan",
    "lop_boi_duong",
    "hoc_vien",
)
LABELS = (
    "Số đảng viên được kết nạp",
    "Số tổ chức đảng được thành lập",
    "Số công đoàn cơ sở được thành lập",
    "Số đoàn viên công đoàn được kết nạp",
    "Số tổ chức đoàn thanh niên được thành lập",
    "Số lớp bồi dưỡng nhận thức về Đảng",
    "Số học viên là người lao động trong đơn vị kinh tế tư nhân",
)
UNITS = (
    "Thành phố Lào Cai",
    "Thị xã Sa Pa",
    "Huyện Bát Xát",
    "Huyện Mường Khương",
    "Huyện Si Ma Cai",
    "Huyện Bắc Hà",
    "Huyện Bảo Thắng",
    "Huyện Bảo Yên",
    "Huyện Văn Bàn",
    "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
)
# Provincial figures of 6 tháng đầu năm 2024 (domain reference): (Trong kỳ, Lũy kế).
H1_2024_TOTALS = {
    "ket_nap_dang_vien": (15, 174),
    "to_chuc_dang": (3, 7),
    "cong_doan": (6, 33),
    "doan_vien_cong_doan": (1204, 3274),
    "to_chuc_doan": (5, 16),
    "lop_boi_duong": (17, 45),
    "hoc_vien": (28, 71),
}
NO_ADMISSION_H1_2024 = {
    "Thị xã Sa Pa",
    "Huyện Bảo Yên",
    "Huyện Bắc Hà",
    "Huyện Si Ma Cai",
    "Huyện Mường Khương",
}
# The one planted continuity break: H2 2024, Văn Bàn, đoàn viên công đoàn, cumulative +20.
BREAK = ("Huyện Văn Bàn", "doan_vien_cong_doan", 20)

Values = dict[str, tuple[int, int]]  # indicator code -> (period, cumulative)
UnitValues = dict[str, Values]  # canonical unit -> values

# --------------------------------------------------------------------------------------------
# A minimal reader
# --------------------------------------------------------------------------------------------


def norm(text: object) -> str:
    """NFC, collapsed white space, lower case, old "uỷ" tone placement made "ủy"."""
    s = " ".join(unicodedata.normalize("NFC", str(text)).split()).lower()
    return s.replace("uỷ", "ủy")


UNIT_PREFIXES = (
    "đơn vị:",
    "đảng bộ",
    "đảng ủy",
    "huyện ủy",
    "thị ủy",
    "thành ủy",
    "thành phố",
    "thị xã",
    "huyện",
    "tp.",
    "tp",
    "tx",
    "h.",
)
UNIT_ALIASES = {
    "khối cq-dn tỉnh": "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
    "khối cơ quan - doanh nghiệp tỉnh": "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
}


def unit_core(name: str) -> str:
    key = norm(name)
    changed = True
    while changed:
        changed = False
        for prefix in UNIT_PREFIXES:
            if key.startswith(prefix + " "):
                key = key[len(prefix) :].strip()
                changed = True
    return key


UNIT_BY_CORE = {unit_core(u): u for u in UNITS} | UNIT_ALIASES


def canonical_unit(name: str) -> str:
    core = unit_core(name)
    assert core in UNIT_BY_CORE, f"unknown unit name {name!r}"
    return UNIT_BY_CORE[core]


def number(value: object) -> int:
    """A count written as a number, as Vietnamese text ("1.204") or as "-" (zero)."""
    if isinstance(value, bool):
        raise AssertionError(f"not a count: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        assert value.is_integer(), value
        return int(value)
    assert isinstance(value, str), f"not a count: {value!r}"
    text = value.strip()
    if text == "-":
        return 0
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text), f"not a Vietnamese count: {value!r}"
    return int(text.replace(".", ""))


def label_code(label: object) -> str | None:
    text = re.sub(r"\([^)]*\)", " ", norm(label))
    text = re.sub(r"^\d+\.\s*", "", text)
    text = " ".join(text.split())
    for code, known in zip(CODES, LABELS, strict=True):
        if text == norm(known):
            return code
    return None


def visible_data_sheets(path: Path) -> list[Worksheet]:
    wb = openpyxl.load_workbook(path)
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible" and ws.max_row > 1]


def read_summary(path: Path) -> tuple[str, UnitValues, Values]:
    """Layout A: (period line, unit rows, Tổng cộng row)."""
    sheets = visible_data_sheets(path)
    assert len(sheets) == 1, [ws.title for ws in sheets]
    ws = sheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    period = next(norm(r[0]) for r in rows if r[0] and norm(r[0]).startswith("kỳ báo cáo:"))
    head = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[head][1] == "Đơn vị"
    columns: dict[str, int] = {}
    for col, cell in enumerate(rows[head]):
        code = label_code(cell) if cell else None
        if code:
            columns[code] = col
            assert rows[head + 1][col] == "Trong kỳ"
            assert rows[head + 1][col + 1] == "Lũy kế từ khi thực hiện Đề án"
    assert list(columns) == list(CODES)
    assert rows[head + 2][0] == "(1)"
    units: UnitValues = {}
    total: Values | None = None
    for r in rows[head + 3 :]:
        if not r[1]:
            continue
        values = {c: (number(r[col]), number(r[col + 1])) for c, col in columns.items()}
        if norm(r[1]) == "tổng cộng":
            total = values
            break
        unit = canonical_unit(str(r[1]))
        assert unit not in units
        units[unit] = values
    assert total is not None
    return period, units, total


def read_unit_sheet(ws: Worksheet) -> tuple[str, str, Values]:
    """Layout B: (canonical unit, period line, values)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    first = [norm(c) for r in rows for c in r if isinstance(c, str)]
    name = next(t for t in first if t.startswith("đơn vị:"))
    period = next(t for t in first if t.startswith("kỳ báo cáo:"))
    head = next(i for i, r in enumerate(rows) if any(c and norm(c) == "chỉ tiêu" for c in r))
    headers = [norm(c) if c else "" for c in rows[head]]
    label_col = headers.index("chỉ tiêu")
    period_col = headers.index("trong kỳ")
    cum_col = headers.index(norm("Lũy kế từ khi thực hiện Đề án"))
    values: Values = {}
    for r in rows[head + 1 :]:
        code = label_code(r[label_col]) if r[label_col] else None
        if code:
            assert code not in values
            values[code] = (number(r[period_col]), number(r[cum_col]))
    assert list(values) == list(CODES)
    return canonical_unit(name), period, values


def all_strings(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    out = list(wb.sheetnames)
    for ws in wb.worksheets:
        out += [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    return out


def sums(units: UnitValues) -> Values:
    return {
        c: (sum(v[c][0] for v in units.values()), sum(v[c][1] for v in units.values()))
        for c in CODES
    }


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_h1_2024_units_add_up_to_provincial_figures() -> None:
    period, units, total = read_summary(H1_2024)
    assert period == "kỳ báo cáo: 6 tháng đầu năm 2024"
    assert list(units) == list(UNITS)
    assert sums(units) == H1_2024_TOTALS
    assert total == H1_2024_TOTALS
    no_admission = {u for u, v in units.items() if v["ket_nap_dang_vien"][0] == 0}
    assert no_admission == NO_ADMISSION_H1_2024
    largest = max(units, key=lambda u: units[u]["doan_vien_cong_doan"][1])
    assert largest == "Thành phố Lào Cai"


@pytest.mark.parametrize(
    ("path", "label"),
    [
        (H2_2023, "6 tháng cuối năm 2023"),
        (H1_2024, "6 tháng đầu năm 2024"),
        (H2_2024, "6 tháng cuối năm 2024"),
    ],
)
def test_summary_is_consistent(path: Path, label: str) -> None:
    period, units, total = read_summary(path)
    assert period == f"kỳ báo cáo: {label}"
    assert list(units) == list(UNITS)
    assert total == sums(units)
    for unit, values in units.items():
        for code, (p, c) in values.items():
            assert 0 <= p <= c, (unit, code, p, c)


@pytest.mark.parametrize("path", [H2_2023, H1_2024, H2_2024])
def test_summary_layout(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Sheet1", "Danh mục"]
    assert wb["Danh mục"].sheet_state == "hidden"
    assert wb["Sheet1"].max_row == 1 and wb["Sheet1"]["A1"].value is None
    ws = wb["Tổng hợp"]
    assert ws["A1"].value == (
        "BAN CHỈ ĐẠO XÂY DỰNG TỔ CHỨC ĐẢNG, ĐOÀN THỂ TRONG CÁC ĐƠN VỊ KINH TẾ TƯ NHÂN"
    )
    assert ws["A3"].value == "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN SỐ 24-ĐA/TU"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A6:A7", "B6:B7", "C6:D6", "O6:P6"} <= merged
    assert ws["C6"].value == "Số đảng viên được kết nạp (người)"
    assert ws["A6"].font.bold
    formulas = [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for r in ws.iter_rows(min_row=9, max_row=18, min_col=3) for c in r}
    assert "-" in texts
    assert any(isinstance(t, str) and t != "-" for t in texts)  # a count typed as text
    strings = all_strings(path)
    assert "Huyện uỷ Bắc Hà" in strings and "H. Si Ma Cai" in strings
    assert "T/M BAN CHỈ ĐẠO" in strings and "Người lập biểu" in strings


def test_h1_2024_text_figures() -> None:
    ws = openpyxl.load_workbook(H1_2024)["Tổng hợp"]
    row = {ws.cell(row=r, column=2).value: r for r in range(9, 19)}
    lao_cai = row["Thành ủy Lào Cai"]
    assert ws.cell(row=lao_cai, column=10).value == "1.166"  # đoàn viên công đoàn, lũy kế
    assert ws.cell(row=row["H. Si Ma Cai"], column=8).value == "-"  # công đoàn, lũy kế


def test_unit_workbooks_match_summary() -> None:
    _, summary, _ = read_summary(H1_2024)
    files = sorted(UNIT_DIR.glob("*.xlsx"))
    assert len(files) == 10
    seen: dict[str, str] = {}
    for path in files:
        assert path.name.isascii()
        sheets = visible_data_sheets(path)
        assert len(sheets) == 1, path.name
        unit, period, values = read_unit_sheet(sheets[0])
        assert unit not in seen, (path.name, seen.get(unit))
        seen[unit] = path.name
        assert period == "kỳ báo cáo: 6 tháng đầu năm 2024"
        assert values == summary[unit], path.name
    assert set(seen) == set(UNITS)


def test_multi_sheet_workbook_matches_summary() -> None:
    _, summary, _ = read_summary(H1_2024)
    wb = openpyxl.load_workbook(MULTI)
    assert len(wb.sheetnames) == 10
    assert "Bát Xát" in wb.sheetnames
    seen = []
    for ws in wb.worksheets:
        unit, period, values = read_unit_sheet(ws)
        assert unit_core(ws.title) in unit_core(unit) or "khối" in norm(ws.title)
        assert period == "kỳ báo cáo: 6 tháng đầu năm 2024"
        assert values == summary[unit], ws.title
        seen.append(unit)
    assert sorted(seen) == sorted(UNITS)


def test_continuity_except_planted_break() -> None:
    _, before, _ = read_summary(H2_2023)
    _, now, _ = read_summary(H1_2024)
    _, after, _ = read_summary(H2_2024)
    for unit in UNITS:
        for code in CODES:
            assert before[unit][code][1] == now[unit][code][1] - now[unit][code][0], (unit, code)
    gaps = {
        (unit, code): after[unit][code][1] - (now[unit][code][1] + after[unit][code][0])
        for unit in UNITS
        for code in CODES
    }
    breaks = {key: gap for key, gap in gaps.items() if gap != 0}
    assert breaks == {(BREAK[0], BREAK[1]): BREAK[2]}


def test_unit_workbook_quirks() -> None:
    # NFD everywhere.
    nfd = all_strings(UNIT_DIR / "muong_khuong.xlsx")
    assert all(unicodedata.is_normalized("NFD", s) for s in nfd)
    assert not all(unicodedata.is_normalized("NFC", s) for s in nfd)
    # Lũy kế before Trong kỳ.
    ws = openpyxl.load_workbook(UNIT_DIR / "bao_thang.xlsx").active
    assert ws is not None
    header = [c.value for c in ws[7]]
    assert header == ["STT", "Chỉ tiêu", "ĐVT", "Lũy kế từ khi thực hiện Đề án", "Trong kỳ"]
    # Numbers stored as text.
    ws = openpyxl.load_workbook(UNIT_DIR / "thanh_pho_lao_cai.xlsx").active
    assert ws is not None
    figures = [c.value for r in ws.iter_rows(min_row=9, max_row=15, min_col=4) for c in r]
    assert all(isinstance(v, str) for v in figures) and "1.166" in figures
    # Extra blank column and blank rows inside the table.
    ws = openpyxl.load_workbook(UNIT_DIR / "van_ban.xlsx").active
    assert ws is not None
    assert [c.value for c in ws[7]] == [
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        None,
        "Trong kỳ",
        "Lũy kế từ khi thực hiện Đề án",
    ]
    table = [[c.value for c in r] for r in ws.iter_rows(min_row=9, max_row=17)]
    assert sum(1 for r in table if all(v is None for v in r)) == 2
    # Sheet named after the unit, after an empty Sheet1.
    wb = openpyxl.load_workbook(UNIT_DIR / "bac_ha.xlsx")
    assert wb.sheetnames == ["Sheet1", "Bắc Hà"]
    assert wb["Sheet1"].max_row == 1 and wb["Sheet1"]["A1"].value is None
    # Leading numbers in some files, none in others.
    labels = all_strings(UNIT_DIR / "bat_xat.xlsx")
    assert "1. Số đảng viên được kết nạp" in labels
    assert "Số đảng viên được kết nạp" in all_strings(UNIT_DIR / "bac_ha.xlsx")


def test_unit_name_forms_vary() -> None:
    lines = set()
    for path in UNIT_DIR.glob("*.xlsx"):
        lines |= {norm(s) for s in all_strings(path) if norm(s).startswith("đơn vị:")}
    assert lines == {
        norm(f"Đơn vị: {name}")
        for name in (
            "TP. Lào Cai",
            "Thị ủy Sa Pa",
            "Huyện ủy Bát Xát",
            "Huyện ủy Mường Khương",
            "H. Si Ma Cai",
            "Huyện uỷ Bắc Hà",
            "Đảng bộ huyện Bảo Thắng",
            "Huyện Bảo Yên",
            "Huyện ủy Văn Bàn",
            "Đảng ủy Khối CQ-DN tỉnh",
        )
    }
    ws = openpyxl.load_workbook(UNIT_DIR / "bat_xat.xlsx").active
    assert ws is not None
    assert ws["A1"].value == "ĐẢNG BỘ HUYỆN BÁT XÁT"


def test_notes_headings() -> None:
    text = (DATA / "ghi_chu_6thang_dau_2024.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Công tác lãnh đạo, chỉ đạo",
        "## Nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2024",
        "## Nguyên nhân của hạn chế",
    ]
    assert unicodedata.is_normalized("NFC", text)


def test_readme_mentions_totals_and_break() -> None:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    for figure in ("3.274", "1.204", "174", "181", "161"):
        assert figure in text
    assert "Văn Bàn" in text


@pytest.mark.slow
def test_script_regenerates_identical_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True
    )
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(DATA) for p in DATA.rglob("*") if p.is_file())
    assert fresh == committed
    for rel in fresh:
        assert (tmp_path / rel).read_bytes() == (DATA / rel).read_bytes(), rel
