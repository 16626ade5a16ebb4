"""A stray far cell never makes the spreadsheet reader build a giant grid: the extent a sheet
really uses is checked, streamed, before any grid is built."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.errors import InputFileError
from dean24.reading.container import open_workbook
from dean24.reading.limits import MAX_COLUMNS, MAX_ROWS, column_letters
from dean24.reading.workbook import load_sheets
from tests.broken_corpus import BOF, EOF, biff_records, ole_bytes, rewrite_zip, zip_bytes
from tests.conftest import SAMPLES


def far_xlsx(path: Path, *cells: str, hidden: bool = False, dimension: bool = True) -> Path:
    """A small real workbook with a value at A1 and at each of `cells`; without `dimension`,
    its sheet does not declare its extent (as some writers do)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Biểu 01"
    ws["A1"] = "Đơn vị"
    for ref in cells:
        ws[ref] = 7
    if hidden:
        ws.sheet_state = "hidden"
        wb.create_sheet("Hiện")["A1"] = "Đơn vị"
    wb.save(path)
    if not dimension:
        with zipfile.ZipFile(path) as zf:
            sheet = zf.read("xl/worksheets/sheet1.xml")
        sheet = re.sub(rb"<dimension [^>]*/>", b"", sheet)
        path.write_bytes(rewrite_zip(path.read_bytes(), {"xl/worksheets/sheet1.xml": sheet}))
    return path


def far_xls(path: Path, row: int, col: int) -> Path:
    """A BIFF8 .xls with one sheet holding numbers at A1 and at (row, col), 0-based."""

    def number(r: int, c: int) -> tuple[int, bytes]:
        return 0x0203, struct.pack("<HHHd", r, c, 15, 7.0)

    name = "Biểu 01".encode("utf-16-le")
    sheet = biff_records(
        (0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x1FD6, 0x07CD, 0x000100C1, 0x406)),
        number(0, 0),
        number(row, col),
        EOF,
    )

    def globals_(offset: int) -> bytes:
        bound = struct.pack("<IBBBB", offset, 0, 0, len("Biểu 01"), 1) + name
        return biff_records(BOF, (0x0085, bound), EOF)

    offset = len(globals_(0))
    stream = (globals_(offset) + sheet).ljust(5000, b"\0")
    path.write_bytes(ole_bytes({"Workbook": stream}))
    return path


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def far_ods(path: Path, rows_between: int, columns_before: int) -> Path:
    """An .ods whose table "Biểu 01" has a value at A1 and one after `rows_between` repeated
    empty rows and `columns_before` repeated empty cells, as LibreOffice writes them."""
    cell = '<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p>'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
        '<office:body><office:spreadsheet><table:table table:name="Biểu 01">'
        f"<table:table-row>{cell}</table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows_between}">'
        "<table:table-cell/></table:table-row>"
        f'<table:table-row><table:table-cell table:number-columns-repeated="{columns_before}"/>'
        f"{cell}</table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path.write_bytes(
        zip_bytes(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": content.encode(),
            }
        )
    )
    return path


def refused_quickly(path: Path) -> InputFileError:
    tracemalloc.start()
    try:
        start = time.process_time()  # CPU time: a busy machine stretches only the clock
        with pytest.raises(InputFileError) as info:
            open_workbook(path)
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 20 * 2**20
    return info.value


@pytest.mark.parametrize("far", ["XFD1048576", "ZZ200000", "A10001", "IW1"])
@pytest.mark.parametrize("dimension", [True, False])
def test_a_far_cell_in_an_xlsx_is_refused_naming_it(
    tmp_path: Path, far: str, dimension: bool
) -> None:
    error = refused_quickly(far_xlsx(tmp_path / "xa.xlsx", "C5", far, dimension=dimension))
    assert error.code == "file_cell_too_far"
    assert (error.location.file, error.location.sheet, error.location.cell) == (
        "xa.xlsx",
        "Biểu 01",
        far,
    )
    assert f"ô {far}" in error.message
    assert "Ctrl+End" in error.message


def test_the_last_cell_inside_the_limits_is_read(tmp_path: Path) -> None:
    corner = f"{column_letters(MAX_COLUMNS)}{MAX_ROWS}"
    (sheet,), _ = load_sheets(far_xlsx(tmp_path / "gần.xlsx", corner), "gần.xlsx")
    assert len(sheet.rows) == MAX_ROWS
    assert sheet.width == MAX_COLUMNS
    assert sheet.rows[-1][-1] == 7


def test_a_far_cell_on_a_hidden_sheet_is_not_read_and_not_refused(tmp_path: Path) -> None:
    path = far_xlsx(tmp_path / "ẩn.xlsx", "XFD1048576", hidden=True)
    (sheet,), _ = load_sheets(path, "ẩn.xlsx")
    assert sheet.name == "Hiện"


def test_a_stray_far_cell_in_an_old_xls_is_refused(tmp_path: Path) -> None:
    error = refused_quickly(far_xls(tmp_path / "cũ.xls", 65535, 255))
    assert error.code == "file_cell_too_far"
    assert (error.location.sheet, error.location.cell) == ("Biểu 01", "IV65536")


def test_an_old_xls_within_the_limits_passes(tmp_path: Path) -> None:
    assert open_workbook(far_xls(tmp_path / "cũ.xls", 40, 10)).kind == "xls"


@pytest.mark.parametrize(
    ("rows", "columns", "far"), [(65534, 255, "IV65536"), (199998, 701, "ZZ200000")]
)
def test_a_far_cell_in_an_ods_is_refused(tmp_path: Path, rows: int, columns: int, far: str) -> None:
    error = refused_quickly(far_ods(tmp_path / "xa.ods", rows, columns))
    assert error.code == "file_cell_too_far"
    assert (error.location.sheet, error.location.cell) == ("Biểu 01", far)


def test_an_ods_within_the_limits_passes(tmp_path: Path) -> None:
    assert open_workbook(far_ods(tmp_path / "gần.ods", 40, 10)).kind == "ods"


def test_report_on_a_far_cell_workbook_ends_with_a_message_not_a_crash(tmp_path: Path) -> None:
    """In a child process: before the check, python-calamine aborted the process (SIGABRT)."""
    path = far_xlsx(tmp_path / "xa.xlsx", "XFD1048576")
    done = subprocess.run(
        [sys.executable, "-m", "dean24", "report", str(path), "-o", str(tmp_path / "r.md")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert "[file_cell_too_far]" in done.stderr
    assert "ô XFD1048576" in done.stderr
    assert not (tmp_path / "r.md").exists()


def test_a_batch_with_a_far_cell_workbook_still_renders_the_good_inputs(
    runner: CliRunner, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tong_hop_6thang_dau_2024.xlsx", inbox)
    far_xlsx(inbox / "xa.xlsx", "XFD1048576")
    far_xls(inbox / "cũ.xls", 65535, 255)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(inbox), "--out", str(out), "--formats", "json"])
    assert result.exit_code == 1
    lines = {
        Path(x["input"]).name: x
        for x in map(json.loads, result.stderr.splitlines())
        if isinstance(x, dict) and "input" in x
    }
    assert lines["tong_hop_6thang_dau_2024.xlsx"]["status"] == "ok"
    assert (out / "tong_hop_6thang_dau_2024.json").exists()
    for name, cell in (("xa.xlsx", "XFD1048576"), ("cũ.xls", "IV65536")):
        assert lines[name]["status"] == "failed"
        (error,) = lines[name]["error"]
        assert (error["code"], error["cell"]) == ("file_cell_too_far", cell)


def long_xlsx(path: Path, last_row: str) -> Path:
    """A real workbook whose sheet part holds over 4 MB of plain number cells (inflated in
    several chunks), then `last_row`, the XML of one more row, at its very end."""
    far_xlsx(path)
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{column_letters(c)}{r}" t="n"><v>{r % 7}</v></c>' for c in range(1, 17))
        + "</row>"
        for r in range(2, 9001)
    )
    with zipfile.ZipFile(path) as zf:
        part = zf.read("xl/worksheets/sheet1.xml")
    part = re.sub(rb"<dimension [^>]*/>", b"", part)
    part = part.replace(b"</row></sheetData>", f"</row>{rows}{last_row}</sheetData>".encode())
    assert len(part) > 4 * 2**20
    path.write_bytes(rewrite_zip(path.read_bytes(), {"xl/worksheets/sheet1.xml": part}))
    return path


def test_a_long_plain_sheet_is_read_whole(tmp_path: Path) -> None:
    path = long_xlsx(tmp_path / "dài.xlsx", '<row r="9001"><c r="IV9001"><v>5</v></c></row>')
    (sheet,), _ = load_sheets(path, "dài.xlsx")
    assert (len(sheet.rows), sheet.width) == (9001, 256)
    assert sheet.rows[-1][-1] == 5
    assert (sheet.uncached, sheet.errors, sheet.hidden_rows) == (set(), {}, frozenset())


@pytest.mark.parametrize(
    ("last_row", "noted"),
    [
        ('<row r="9001"><c r="B9001"><f>SUM(B2:B3)</f></c></row>', ("uncached", {"B9001"})),
        (
            '<row r="9001"><c r="C9001" t="e"><v>#DIV/0!</v></c></row>',
            ("errors", {"C9001": "#DIV/0!"}),
        ),
        ('<row r="9001" hidden="1"><c r="A9001"><v>1</v></c></row>', ("hidden_rows", {9000})),
    ],
)
def test_what_the_end_of_a_long_sheet_holds_is_noted(
    tmp_path: Path, last_row: str, noted: tuple[str, object]
) -> None:
    """A formula without its value, an error cell or a hidden row after megabytes of plain
    cells is found as on a short sheet."""
    (sheet,), _ = load_sheets(long_xlsx(tmp_path / "dài.xlsx", last_row), "dài.xlsx")
    attribute, expected = noted
    assert getattr(sheet, attribute) == expected


def test_a_far_cell_at_the_end_of_a_long_sheet_is_refused(tmp_path: Path) -> None:
    path = long_xlsx(tmp_path / "dài.xlsx", '<row r="10001"><c r="A10001"><v>7</v></c></row>')
    with pytest.raises(InputFileError) as info:
        open_workbook(path)
    assert (info.value.code, info.value.location.cell) == ("file_cell_too_far", "A10001")


@pytest.mark.parametrize("seed", range(6))
def test_a_part_fed_in_pieces_is_judged_as_when_whole(seed: int) -> None:
    """PlainCheck, fed a part cut anywhere (inside tags too), gives plain_within_limits's
    verdict on the whole part."""
    import random

    from dean24.reading.sheetscan import PlainCheck, plain_within_limits

    rnd = random.Random(seed)
    cells = [f'<c r="{column_letters(rnd.randint(1, 256))}{r}"><v>1</v></c>' for r in range(1, 400)]
    extras = [
        "<c><v>2</v></c>",
        '<c r="B9" t="e"><v>#N/A</v></c>',
        "<c r='A3'><f>1+1</f></c>",
        '<c r="IW5"><v>3</v></c>',
    ]
    verdicts = []
    for extra in ([], *[[e] for e in extras]):
        body = cells[:]
        for e in extra:
            body.insert(rnd.randrange(len(body)), e)
        part = "<worksheet><sheetData><row>" + "".join(body) + "</row></sheetData></worksheet>"
        data = part.encode()
        cuts = sorted(rnd.sample(range(1, len(data)), 40))
        check = PlainCheck()
        for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True):
            check.feed(data[a:b])
        verdicts.append(check.finish())
        assert verdicts[-1] == plain_within_limits(data)
    assert verdicts == [True, False, False, False, False]
