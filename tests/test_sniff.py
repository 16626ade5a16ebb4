"""Tests of the file sniffer and the resource checks, on a corpus of broken and hostile files."""

from __future__ import annotations

import contextlib
import io
import re
import struct
import time
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dean24.core.errors import InputFileError
from dean24.reading.container import open_workbook
from dean24.reading.limits import MAX_ENTRIES, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED, zip_limits
from dean24.reading.sniff import sniff
from tests.broken_corpus import (
    BOF,
    BUILDERS,
    EOF,
    MAIN_NS,
    SHEET_TITLE,
    biff_records,
    expected_code,
    ole_bytes,
    rewrite_zip,
    write_xls,
    write_xlsx,
    xlsx_bytes,
    zip_bytes,
)

KINDS = {"xlsx", "xlsb", "ods", "xls"}
ERROR_KEYS = [key for key in BUILDERS if expected_code(key)]
SHEET_PART = "xl/worksheets/sheet1.xml"


def open_checks(path: Path) -> str:
    """Every check of opening a workbook; the kind of workbook."""
    return open_workbook(path).kind


def uncached_formula_cells(path: Path, sheet: str, *, limit: int | None = None) -> list[str]:
    """The cells of a sheet holding a formula with no value, as the opening pass finds them."""
    scan = open_workbook(path).scan(sheet)
    found = list(scan.uncached) if scan else []
    return found[:limit] if limit is not None else found


def check_zip_limits(
    path: Path, max_entries: int = MAX_ENTRIES, max_ratio: int = MAX_RATIO
) -> None:
    """The zip's declared sizes against limits given here (the opening uses the defaults)."""
    with zipfile.ZipFile(path) as zf:
        zip_limits(path, zf, MAX_TOTAL_UNCOMPRESSED, max_entries, max_ratio)


@pytest.fixture
def corpus(broken_corpus: dict[str, Path]) -> dict[str, Path]:
    return broken_corpus


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


def refused(path: Path, check: object = open_checks) -> InputFileError:
    """Run a check that must refuse; give back the error, after checking how it names the file."""
    assert callable(check)
    with pytest.raises(InputFileError) as info:
        check(path)
    error = info.value
    assert error.location.file == path.name
    assert path.name in str(error)
    assert error.message == unicodedata.normalize("NFC", error.message)
    return error


# ----------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("key", ERROR_KEYS)
def test_corpus_file_is_refused_with_its_code(corpus: dict[str, Path], key: str) -> None:
    path = corpus[key]
    start = time.process_time()  # CPU time: a busy machine stretches only the clock
    error = refused(path)
    elapsed = time.process_time() - start
    assert error.code == expected_code(key)
    assert elapsed < 2.0
    sentences = re.findall(r"[.!?](?=\s|$)", error.message)
    assert 1 <= len(sentences) <= 2, error.message
    assert error.message.endswith(".")


def test_html_message_says_what_to_do(corpus: dict[str, Path]) -> None:
    error = refused(corpus["file_html"])
    assert error.message == (
        "Tệp này là một trang web (HTML) được đặt tên đuôi .xls, không phải sổ Excel. Mở tệp "
        "bằng Excel rồi chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx) và gửi lại."
    )


def test_encrypted_message_says_remove_the_password(corpus: dict[str, Path]) -> None:
    assert "gỡ bỏ mật khẩu" in refused(corpus["file_encrypted"]).message
    assert "gỡ bỏ mật khẩu" in refused(corpus["file_encrypted:xls"]).message


def test_csv_message_names_the_delimiter(corpus: dict[str, Path]) -> None:
    assert "dấu phẩy" in refused(corpus["file_csv"]).message
    assert "dấu tab" in refused(corpus["file_csv:tsv"]).message


def test_too_many_cells_names_the_sheet(corpus: dict[str, Path]) -> None:
    error = refused(corpus["file_too_many_cells"])
    assert error.location.sheet == SHEET_TITLE
    assert "A1:XFD1048576" in error.message


@pytest.mark.parametrize(
    "key",
    [
        "file_too_large:zip_bomb",
        "file_too_large:ratio",
        "file_xml_entities",
        "file_corrupt:lying_sizes",
    ],
)
def test_bombs_are_refused_fast_and_small(corpus: dict[str, Path], key: str) -> None:
    tracemalloc.start()
    try:
        start = time.process_time()  # CPU time: a busy machine stretches only the clock
        with pytest.raises(InputFileError):
            open_checks(corpus[key])
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 20 * 2**20  # far under the 200 MB budget


def test_zip_bomb_really_is_one(corpus: dict[str, Path]) -> None:
    with zipfile.ZipFile(corpus["file_too_large:zip_bomb"]) as zf:
        info = zf.getinfo(SHEET_PART)
    assert info.file_size > 2**30
    assert corpus["file_too_large:zip_bomb"].stat().st_size < 2 * 2**20


def test_uncached_formula_file_opens(corpus: dict[str, Path]) -> None:
    path = corpus["formula_uncached"]
    assert open_checks(path) == "xlsx"
    assert uncached_formula_cells(path, SHEET_TITLE) == ["D7"]


# ----------------------------------------------------------------------------- real workbooks


@pytest.mark.parametrize("name", ["báo_cáo.xlsx", "macro.xlsm", "đổi_tên.xls", "lạ.csv"])
def test_openpyxl_workbook_is_xlsx_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = write_xlsx(tmp_path / name)
    assert sniff(path) == "xlsx"
    assert open_checks(path) == "xlsx"
    check_zip_limits(path)


def test_biff_workbook_is_xls(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "cũ.xls")
    assert sniff(path) == "xls"
    assert open_checks(path) == "xls"
    assert uncached_formula_cells(path, "Sheet1") == []


def test_small_biff_workbook_in_the_mini_stream_is_xls(tmp_path: Path) -> None:
    path = tmp_path / "nhỏ.xls"
    path.write_bytes(ole_bytes({"Workbook": biff_records(BOF, EOF), "Book": b"\0" * 10}))
    assert open_checks(path) == "xls"


def test_ods_is_ods(tmp_path: Path) -> None:
    path = tmp_path / "bảng.ods"
    path.write_bytes(
        zip_bytes(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office='
                b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            }
        )
    )
    assert open_checks(path) == "ods"


def test_odt_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "văn_bản.ods"
    path.write_bytes(zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}))
    assert refused(path).code == "file_not_workbook"


def test_xlsb_is_xlsb(tmp_path: Path) -> None:
    path = tmp_path / "nhị_phân.xlsb"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"}))
    assert open_checks(path) == "xlsb"


def test_zip_holding_a_workbook_says_unzip(tmp_path: Path) -> None:
    path = tmp_path / "gửi_kèm.xlsx"
    path.write_bytes(zip_bytes({"báo cáo/q2.xlsx": xlsx_bytes()}))
    error = refused(path)
    assert error.code == "file_not_workbook"
    assert "q2.xlsx" in error.message


def test_workbook_part_found_through_content_types(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(formula=True))) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"/xl/workbook.xml", b"/xl/book.xml"
    )
    parts["xl/book.xml"] = parts.pop("xl/workbook.xml")
    parts["xl/_rels/book.xml.rels"] = parts.pop("xl/_rels/workbook.xml.rels")
    path = tmp_path / "lạ.xlsx"
    path.write_bytes(zip_bytes(parts))
    assert open_checks(path) == "xlsx"
    assert uncached_formula_cells(path, SHEET_TITLE) == ["D7"]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert refused(tmp_path / "không_có.xlsx").code == "file_not_found"
    folder = tmp_path / "thư_mục.xlsx"
    folder.mkdir()
    assert refused(folder).code == "file_not_found"


def test_xml_spreadsheet_2003_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "xml2003.xls"
    path.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns='
        '"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell><Data>1'
        "</Data></Cell></Row></Table></Worksheet></Workbook>\n",
        "utf-8",
    )
    error = refused(path)
    assert error.code == "file_not_workbook"
    assert "Save As" in error.message


@pytest.mark.parametrize(
    ("head", "what"),
    [(b"\x89PNG\r\n\x1a\n" + bytes(100), "ảnh PNG"), (b"\xff\xd8\xff\xe0" + bytes(100), "ảnh")],
)
def test_pictures_are_named(tmp_path: Path, head: bytes, what: str) -> None:
    path = tmp_path / "chụp_màn_hình.xlsx"
    path.write_bytes(head)
    error = refused(path)
    assert error.code == "file_not_workbook"
    assert what in error.message


# ----------------------------------------------------------------------------- limits


def test_total_cap_applies_even_when_ratio_is_allowed(corpus: dict[str, Path]) -> None:
    path = corpus["file_too_large:zip_bomb"]
    error = refused(path, lambda p: check_zip_limits(p, max_ratio=10**9))
    assert error.code == "file_too_large"
    assert "vượt giới hạn" in error.message


def test_entry_cap(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ít.xlsx")
    assert refused(path, lambda p: check_zip_limits(p, max_entries=3)).code == "file_too_large"


def test_small_entries_may_compress_well(tmp_path: Path) -> None:
    path = tmp_path / "đều.xlsx"
    path.write_bytes(rewrite_zip(xlsx_bytes(), {"xl/media/blank.xml": b" " * 500_000}))
    check_zip_limits(path)


def test_dimension_cap_is_a_parameter(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nhỏ.xlsx")
    open_workbook(path)
    error = refused(path, lambda p: open_workbook(p, max_cells=5))
    assert error.code == "file_too_many_cells"


def _with_sheet(tmp_path: Path, name: str, sheet: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(rewrite_zip(xlsx_bytes(), {SHEET_PART: sheet}))
    return path


def test_doctype_hidden_behind_a_long_prolog(tmp_path: Path) -> None:
    padding = b"<!-- " + b"x" * 40_000 + b" -->"
    sheet = b'<?xml version="1.0"?>' + padding + b'<!DOCTYPE w [<!ENTITY a "b">]><worksheet/>'
    assert refused(_with_sheet(tmp_path, "dài.xlsx", sheet)).code == "file_xml_entities"


def test_doctype_in_utf16_part(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "b">]><worksheet/>'
    sheet = b"\xff\xfe" + text.encode("utf-16-le")
    assert refused(_with_sheet(tmp_path, "u16.xlsx", sheet)).code == "file_xml_entities"


def test_doctype_in_content_types(tmp_path: Path) -> None:
    source = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        types = zf.read("[Content_Types].xml")
    types = b'<!DOCTYPE Types [<!ENTITY x "y">]>' + types
    path = tmp_path / "loại.xlsx"
    path.write_bytes(rewrite_zip(source, {"[Content_Types].xml": types}))
    assert refused(path).code == "file_xml_entities"


def test_unusual_compression_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bzip2.xlsx"
    path.write_bytes(rewrite_zip(xlsx_bytes(), {}, zipfile.ZIP_BZIP2))
    assert refused(path).code == "file_corrupt"


def test_zip_level_password_is_refused(tmp_path: Path) -> None:
    data = bytearray(xlsx_bytes())
    central = data.index(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, central + 8)[0]
    struct.pack_into("<H", data, central + 8, flags | 1)
    path = tmp_path / "zip_khóa.xlsx"
    path.write_bytes(bytes(data))
    assert refused(path).code == "file_encrypted"


def test_crc_error_in_a_large_part_is_found_by_the_integrity_pass(tmp_path: Path) -> None:
    filler = b"<!-- " + b"0123456789" * 5000 + b" -->"
    source = rewrite_zip(xlsx_bytes(), {"xl/extra.xml": b"<x/>" + filler}, zipfile.ZIP_STORED)
    data = source.replace(b"0123456789 -->", b"0123456780 -->", 1)
    path = tmp_path / "hỏng_giữa.xlsx"
    path.write_bytes(data)
    error = refused(path)
    assert error.code == "file_corrupt"
    assert "CRC" in error.message


# ----------------------------------------------------------------------------- formulas

CELLS_SHEET = (
    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><dimension ref="A1:C4"/>'
    "<sheetData>"
    '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c>'
    '<c r="C1"><f>A1+1</f></c></row>'
    '<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B1</f><v></v></c>'
    '<c r="B2" t="str"><f>"x"</f><v>x</v></c></row>'
    '<row r="3"><c r="A3"><f t="shared" si="0"/></c></row>'
    "<row><c><f>1</f></c><c><v>3</v></c><c><f>2</f><v/></c></row>"
    "</sheetData><mergeCells/></worksheet>"
).encode()


def test_uncached_formulas_are_listed(tmp_path: Path) -> None:
    path = _with_sheet(tmp_path, "công_thức.xlsx", CELLS_SHEET)
    assert open_checks(path) == "xlsx"
    assert uncached_formula_cells(path, SHEET_TITLE) == ["C1", "A2", "A3", "A4", "C4"]
    assert uncached_formula_cells(path, SHEET_TITLE, limit=2) == ["C1", "A2"]
    assert uncached_formula_cells(path, SHEET_TITLE.upper()) == ["C1", "A2", "A3", "A4", "C4"]
    assert uncached_formula_cells(path, "Ghi chú") == []
    assert uncached_formula_cells(path, "Không có") == []


def test_uncached_formulas_refuse_bombs_alone(corpus: dict[str, Path]) -> None:
    entity = corpus["file_xml_entities"]
    error = refused(entity, lambda p: uncached_formula_cells(p, SHEET_TITLE))
    assert error.code == "file_xml_entities"
    start = time.process_time()  # CPU time: a busy machine stretches only the clock
    bomb = corpus["file_too_large:zip_bomb"]
    error = refused(bomb, lambda p: uncached_formula_cells(p, SHEET_TITLE))
    assert error.code == "file_too_large"
    assert time.process_time() - start < 2.0


# ----------------------------------------------------------------------------- never anything else

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
XLSX = xlsx_bytes(formula=True)
SEEDS = {
    "xlsx": XLSX,
    "stored": rewrite_zip(XLSX, {}, zipfile.ZIP_STORED),
    "xls": ole_bytes({"Workbook": biff_records(BOF, EOF).ljust(5000, b"\0")}),
    "mini": ole_bytes({"Workbook": biff_records(BOF, EOF), "EncryptionInfo": b"\0" * 70}),
}


def outcome(folder: Path, data: bytes, suffix: str = ".xlsx") -> str:
    """open_checks on these bytes: the kind, or the code; anything else fails the test."""
    path = folder / f"mẫu{suffix}"
    path.write_bytes(data)
    try:
        kind: str = open_checks(path)
    except InputFileError as error:
        assert error.code.startswith("file_")
        assert error.location.file == path.name
        code: str = error.code
        return code
    assert kind in KINDS
    if kind == "xlsx":
        with contextlib.suppress(InputFileError):
            uncached_formula_cells(path, SHEET_TITLE)
    return kind


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(scratch: Path, data: bytes) -> None:
    outcome(scratch, data)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(XLSX)))
def test_prefixes_of_a_real_xlsx(scratch: Path, cut: int) -> None:
    result = outcome(scratch, XLSX[:cut])
    if cut < len(XLSX):
        assert result in {"file_empty", "file_corrupt", "file_not_workbook"}


@FUZZ
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    changes=st.lists(
        st.tuples(st.integers(min_value=0, max_value=2**16), st.integers(0, 255)), max_size=12
    ),
)
def test_damaged_workbooks(scratch: Path, seed: str, changes: list[tuple[int, int]]) -> None:
    data = bytearray(SEEDS[seed])
    for where, value in changes:
        data[where % len(data)] = value
    outcome(scratch, bytes(data))


@FUZZ
@given(magic=st.sampled_from([bytes.fromhex("d0cf11e0a1b11ae1"), b"PK\x03\x04"]), rest=st.binary())
def test_magic_then_garbage(scratch: Path, magic: bytes, rest: bytes) -> None:
    outcome(scratch, magic + rest, ".xls")


@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1258"]))
def test_random_text(scratch: Path, text: str, encoding: str) -> None:
    outcome(scratch, text.encode(encoding, "replace"), ".csv")


def test_a_part_seen_intact_in_one_workbook_is_still_checked_in_the_next(tmp_path: Path) -> None:
    """Parts shared byte for byte by workbooks of one form are inflated once; a copy whose
    CRC or bytes differ is checked again and refused."""
    source = rewrite_zip(xlsx_bytes(), {}, zipfile.ZIP_STORED)
    good = tmp_path / "lành.xlsx"
    good.write_bytes(source)
    assert open_checks(good) == "xlsx"
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        styles = zf.read("xl/styles.xml")
    damaged = tmp_path / "hỏng.xlsx"
    damaged.write_bytes(source.replace(styles, styles[:-2] + b"x>", 1))
    error = refused(damaged)
    assert error.code == "file_corrupt"
    assert "CRC" in error.message
    assert open_checks(good) == "xlsx"
