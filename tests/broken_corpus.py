"""Build, on the fly, every kind of broken or hostile input file the sniffer must refuse."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

SHEET_TITLE = "Tổng hợp"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BOMB_SIZE = 2**30 + 2**20  # what the zip bomb's sheet part inflates to (> 1 GB)


def expected_code(key: str) -> str | None:
    """The error code a corpus key stands for ("file_csv:tsv" -> "file_csv"); None if readable."""
    return key.split(":", 1)[0] if key.startswith("file_") else None


# ----------------------------------------------------------------------------- real workbooks


def _workbook(formula: bool) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    ws["A1"] = "Biểu tổng hợp kết quả thực hiện Đề án"
    ws["A4"], ws["B4"], ws["D4"] = "STT", "Đơn vị", "Số hộ"
    ws["A5"], ws["B5"], ws["D5"] = 1, "Phường Bến Nghé", 120
    ws["A6"], ws["B6"], ws["D6"] = 2, "Phường Đa Kao", 1234567
    if formula:
        ws["D7"] = "=SUM(D5:D6)"
    wb.create_sheet("Ghi chú")["A1"] = "Số liệu đến hết quý II"
    return wb


def write_xlsx(path: Path, *, formula: bool = False) -> Path:
    """A small, normal openpyxl workbook; with `formula`, D7 holds =SUM(D5:D6) (no cached value)."""
    _workbook(formula).save(path)
    return path


def xlsx_bytes(*, formula: bool = False) -> bytes:
    """The bytes of write_xlsx's workbook."""
    buf = io.BytesIO()
    _workbook(formula).save(buf)
    return buf.getvalue()


def rewrite_zip(
    source: bytes,
    replace: dict[str, bytes | None],
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A copy of a zip with some entries replaced (or dropped, for None); new names are added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            data = replace.get(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in replace.items():
            if data is not None and name not in src.namelist():
                dst.writestr(name, data)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding exactly these entries, in this order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


# ----------------------------------------------------------------------------- a raw zip writer


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from already-deflated entries: (name, raw deflate data, crc32, inflated size)."""
    body, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        offset = len(body)
        encoded = name.encode()
        body += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        body += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded),
            0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    return bytes(body + central + end)


def deflated(data: bytes) -> tuple[str, bytes, int, int]:
    """A small entry ready for raw_zip (name left empty)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return "", comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)


def bomb_entry(name: str, size: int, chunk: int = 2**20) -> tuple[str, bytes, int, int]:
    """A worksheet part inflating to about `size` bytes of blanks inside valid XML.

    One chunk of blanks is deflated once after a full flush; that output is independent of
    what precedes it, so repeating it builds the stream without deflating `size` bytes.
    """
    prefix = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
        '<dimension ref="A1"/><sheetData>'
    ).encode()
    suffix = b"</sheetData></worksheet>"
    blanks = b" " * chunk
    count = max(1, (size - len(prefix) - len(suffix)) // chunk)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = again.compress(blanks) + again.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = tail.compress(suffix) + tail.flush()
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(blanks, crc)
    crc = zlib.crc32(suffix, crc)
    total = len(prefix) + count * chunk + len(suffix)
    return name, head + block * count + end, crc, total


def _xlsx_skeleton() -> list[tuple[str, bytes, int, int]]:
    """The parts of a one-sheet xlsx other than the sheet itself, ready for raw_zip."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{SHEET_TITLE}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    return [(name, *deflated(text.encode())[1:]) for name, text in parts.items()]


# ----------------------------------------------------------------------------- a small OLE writer

_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file (512-byte sectors) whose root holds these streams.

    Streams under 4096 bytes go to the mini stream, as real writers do.
    """
    ss, mini_ss, cutoff = 512, 64, 4096
    small = {n: d for n, d in streams.items() if len(d) < cutoff}
    big = {n: d for n, d in streams.items() if len(d) >= cutoff}
    ministream, minifat = bytearray(), list[int]()
    starts: dict[str, int] = {}
    for name, data in small.items():
        count = -(-len(data) // mini_ss)
        starts[name] = len(minifat) if count else _ENDOFCHAIN
        first = len(minifat)
        minifat += [first + i + 1 for i in range(count - 1)] + ([_ENDOFCHAIN] if count else [])
        ministream += data.ljust(count * mini_ss, b"\0")

    def sectors(length: int) -> int:
        return -(-length // ss)

    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    n_dir = sectors(128 * (1 + len(names)))
    n_minifat = sectors(4 * len(minifat))
    n_mstream = sectors(len(ministream))
    n_big = [sectors(len(big[n])) for n in big]
    n_data = n_dir + n_minifat + n_mstream + sum(n_big)
    n_fat = 1
    while n_fat * (ss // 4) < n_fat + n_data:
        n_fat += 1
    assert n_fat <= 109, "this writer keeps the whole FAT in the header's DIFAT"
    fat: list[int] = [_FATSECT] * n_fat
    cursor = n_fat

    def run(length: int) -> int:
        nonlocal cursor
        if length == 0:
            return _ENDOFCHAIN
        start = cursor
        fat.extend([cursor + i + 1 for i in range(length - 1)] + [_ENDOFCHAIN])
        cursor += length
        return start

    dir_start = run(n_dir)
    minifat_start = run(n_minifat)
    mstream_start = run(n_mstream)
    for name, count in zip(big, n_big, strict=True):
        starts[name] = run(count)
    fat += [_FREESECT] * (n_fat * (ss // 4) - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded + b"\0\0", len(encoded) + 2, kind, 1, _NOSTREAM, right, child,
            b"\0" * 16, 0, 0, 0, start, size,
        )  # fmt: skip

    directory = entry("Root Entry", 5, 1 if names else _NOSTREAM, _NOSTREAM, mstream_start,
                      len(ministream))  # fmt: skip
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else _NOSTREAM
        directory += entry(name, 2, _NOSTREAM, right, starts[name], len(streams[name]))
    difat = [n for n in range(n_fat)] + [_FREESECT] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        bytes.fromhex("d0cf11e0a1b11ae1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, n_fat, dir_start, 0, cutoff,
        minifat_start if minifat else _ENDOFCHAIN, n_minifat, _ENDOFCHAIN, 0, *difat,
    )  # fmt: skip
    body = struct.pack(f"<{len(fat)}I", *fat)
    body += directory.ljust(n_dir * ss, b"\0")
    body += struct.pack(f"<{len(minifat)}I", *minifat).ljust(n_minifat * ss, b"\xff")
    body += bytes(ministream).ljust(n_mstream * ss, b"\0")
    for name, count in zip(big, n_big, strict=True):
        body += big[name].ljust(count * ss, b"\0")
    return header + body


def biff_records(*records: tuple[int, bytes]) -> bytes:
    """BIFF records (type, payload) laid end to end."""
    return b"".join(struct.pack("<HH", kind, len(data)) + data for kind, data in records)


BOF = (0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x1FD6, 0x07CD, 0x000100C1, 0x00000406))
EOF = (0x000A, b"")
FILEPASS = (0x002F, struct.pack("<HHH", 1, 1, 2) + bytes(range(48)))


def write_xls(path: Path) -> Path:
    """A minimal BIFF8 workbook in an OLE container (enough to be sniffed as .xls)."""
    workbook = biff_records(BOF, (0x0042, struct.pack("<H", 1200)), EOF).ljust(5000, b"\0")
    summary = b"\xfe\xff" + b"\0" * 46
    path.write_bytes(ole_bytes({"Workbook": workbook, "\x05SummaryInformation": summary}))
    return path


# ----------------------------------------------------------------------------- the corpus


def _not_found(folder: Path) -> Path:
    return folder / "không_có_tệp_này.xlsx"


def _empty(folder: Path) -> Path:
    path = folder / "báo_cáo_rỗng.xlsx"
    path.write_bytes(b"")
    return path


_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Báo cáo tổng hợp</title></head>
<body><table border="1"><tr><td>STT</td><td>Đơn vị</td><td>Số hộ</td></tr>
<tr><td>1</td><td>Phường Bến Nghé</td><td>120</td></tr></table></body></html>
"""


def _html(folder: Path) -> Path:
    path = folder / "báo_cáo_phường_1.xls"
    path.write_bytes(b"\xef\xbb\xbf" + _HTML.encode())
    return path


def _html_table_only(folder: Path) -> Path:
    path = folder / "xuat_tu_phan_mem.xls"
    text = "\r\n<table>\r\n<tr><td>Đơn vị</td><td>Số hộ</td></tr>\r\n</table>\r\n"
    path.write_bytes(text.encode("cp1258", "replace"))
    return path


def _mhtml(folder: Path) -> Path:
    path = folder / "báo_cáo_web.xls"
    text = (
        "MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01DA0000.12345678"\r\n\r\n'
        "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
        "------=_NextPart_01DA0000.12345678\r\nContent-Location: file:///C:/abc/bao_cao.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; "
        'charset="utf-8"\r\n\r\n<html><body><table><tr><td>1</td></tr></table></body></html>\r\n'
    )
    path.write_bytes(text.encode())
    return path


def _csv(folder: Path) -> Path:
    path = folder / "so_lieu.xlsx"
    path.write_text("STT,Đơn vị,Số hộ\n1,Phường Bến Nghé,120\n2,Phường Đa Kao,95\n", "utf-8")
    return path


def _tsv(folder: Path) -> Path:
    path = folder / "văn_bản_unicode.xls"
    text = "STT\tĐơn vị\tSố hộ\r\n1\tPhường Bến Nghé\t120\r\n2\tPhường Đa Kao\t95\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def _pdf(folder: Path) -> Path:
    path = folder / "bao_cao_scan.xlsx"
    path.write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
        b"%%EOF\n"
    )
    return path


def _docx(folder: Path) -> Path:
    path = folder / "công_văn.xlsx"
    path.write_bytes(
        zip_bytes(
            {
                "[Content_Types].xml": (
                    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    b'package/2006/content-types"><Override PartName="/word/document.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                    b'wordprocessingml.document.main+xml"/></Types>'
                ),
                "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
                "word/document.xml": b'<?xml version="1.0"?><w:document/>',
            }
        )
    )
    return path


def _doc(folder: Path) -> Path:
    path = folder / "to_trinh.xls"
    path.write_bytes(ole_bytes({"WordDocument": b"\xec\xa5" + b"\0" * 5000, "1Table": b"\0" * 600}))
    return path


def _random(folder: Path) -> Path:
    path = folder / "tệp_lạ.xls"
    path.write_bytes(b"\x00\x01\x02\x03" + random.Random(24).randbytes(4092))
    return path


def _truncated(folder: Path) -> Path:
    path = folder / "gửi_dở.xlsx"
    data = xlsx_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _crc(folder: Path) -> Path:
    path = folder / "sai_crc.xlsx"
    data = rewrite_zip(xlsx_bytes(), {}, zipfile.ZIP_STORED)
    assert data.count(b"<v>1234567</v>") == 1
    path.write_bytes(data.replace(b"<v>1234567</v>", b"<v>7654321</v>"))
    return path


def _missing_workbook(folder: Path) -> Path:
    path = folder / "thiếu_phần.xlsx"
    path.write_bytes(rewrite_zip(xlsx_bytes(), {"xl/workbook.xml": None}))
    return path


def _zip_bomb(folder: Path) -> Path:
    """An .xlsx of about 1 MB whose sheet part inflates to more than 1 GB."""
    path = folder / "bom_nén.xlsx"
    path.write_bytes(
        raw_zip([*_xlsx_skeleton(), bomb_entry("xl/worksheets/sheet1.xml", BOMB_SIZE)])
    )
    return path


def _ratio_bomb(folder: Path) -> Path:
    """Within the total cap (50 MB) but at a ratio of about 1000:1."""
    path = folder / "nén_bất_thường.xlsx"
    path.write_bytes(raw_zip([*_xlsx_skeleton(), bomb_entry("xl/worksheets/sheet1.xml", 50 << 20)]))
    return path


def _lying_sizes(folder: Path) -> Path:
    """A sheet part that declares 4 KB in the central directory but inflates to 64 MB."""
    path = folder / "khai_sai_cỡ.xlsx"
    name, data, crc, _size = bomb_entry("xl/worksheets/sheet1.xml", 64 << 20)
    path.write_bytes(raw_zip([*_xlsx_skeleton(), (name, data, crc, 4096)]))
    return path


def _many_entries(folder: Path) -> Path:
    path = folder / "nhiều_phần.xlsx"
    entries = {f"xl/media/image{i}.bin": b"" for i in range(10_001)}
    source = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    path.write_bytes(zip_bytes(parts | entries, zipfile.ZIP_STORED))
    return path


_LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
ENTITY_BOMB_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{_LAUGHS}]>\n'
    f'<worksheet xmlns="{MAIN_NS}"><dimension ref="A1"/><sheetData><row r="1">'
    '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
).encode()


def _entity_bomb(folder: Path) -> Path:
    path = folder / "bom_thực_thể.xlsx"
    path.write_bytes(rewrite_zip(xlsx_bytes(), {"xl/worksheets/sheet1.xml": ENTITY_BOMB_SHEET}))
    return path


def _encrypted(folder: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE file, not a zip."""
    path = folder / "có_mật_khẩu.xlsx"
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
        b'xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>'
    )
    package = struct.pack("<Q", 9000) + random.Random(7).randbytes(9008)
    path.write_bytes(ole_bytes({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def _encrypted_xls(folder: Path) -> Path:
    """A BIFF8 workbook whose globals start with FILEPASS (small: it lives in the mini stream)."""
    path = folder / "bảo_vệ.xls"
    workbook = biff_records(BOF, FILEPASS, EOF) + random.Random(3).randbytes(400)
    path.write_bytes(ole_bytes({"Workbook": workbook}))
    return path


def _huge_dimension(folder: Path) -> Path:
    path = folder / "vùng_khổng_lồ.xlsx"
    source = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    sheet, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    assert count == 1
    path.write_bytes(rewrite_zip(source, {"xl/worksheets/sheet1.xml": sheet}))
    return path


def _uncached_formula(folder: Path) -> Path:
    """Readable: D7 of "Tổng hợp" holds =SUM(D5:D6) without a cached value."""
    return write_xlsx(folder / "chưa_tính_lại.xlsx", formula=True)


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "file_not_found": _not_found,
    "file_empty": _empty,
    "file_html": _html,
    "file_html:table_only": _html_table_only,
    "file_mhtml": _mhtml,
    "file_csv": _csv,
    "file_csv:tsv": _tsv,
    "file_pdf": _pdf,
    "file_not_workbook:docx": _docx,
    "file_not_workbook:doc": _doc,
    "file_not_workbook:random": _random,
    "file_corrupt:truncated": _truncated,
    "file_corrupt:crc": _crc,
    "file_corrupt:missing_workbook": _missing_workbook,
    "file_corrupt:lying_sizes": _lying_sizes,
    "file_too_large:zip_bomb": _zip_bomb,
    "file_too_large:ratio": _ratio_bomb,
    "file_too_large:entries": _many_entries,
    "file_xml_entities": _entity_bomb,
    "file_encrypted": _encrypted,
    "file_encrypted:xls": _encrypted_xls,
    "file_too_many_cells": _huge_dimension,
    "formula_uncached": _uncached_formula,
}


def build_corpus(folder: Path) -> dict[str, Path]:
    """Build every corpus file in `folder`, keyed by expected error code (":variant" if several).

    Keys that do not start with "file_" are readable files (see expected_code).
    """
    folder.mkdir(parents=True, exist_ok=True)
    return {key: build(folder) for key, build in BUILDERS.items()}
