"""Check a Word template's container before python-docx opens it: the limits a workbook meets.

A .docx is a zip of XML parts, like a workbook: the entry count, the declared sizes, the
compression ratios and the encryption are read from the zip's directory (nothing inflated);
then each XML part is streamed through expat in bounded chunks, which refuses a DOCTYPE or
entity declaration (entity expansion), counts its elements and checks its CRC. python-docx
then parses every XML part into a tree: a part of 1 GiB or 50 MB of XML would take gigabytes,
so none reaches it.
"""

from __future__ import annotations

import io
import pyexpat
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, NoReturn

from dean24.core.errors import Location, TemplateError
from dean24.core.text import format_int

# The limits of a workbook's container (reading/limits.py and reading/zipparts.py: a test keeps
# them equal; the render stage does not import the reading stage).
MAX_ENTRIES = 10_000
MAX_TOTAL_UNCOMPRESSED = 100 * 2**20
MAX_RATIO = 200
RATIO_MIN_BYTES = 2**20
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    IndexError,
    KeyError,
    OverflowError,
)

# A Word template is a letterhead and a few paragraphs: the shipped one's largest XML part
# (its styles) is 440 KB and all of them hold about 19.000 elements.
MAX_XML_PART = 5 * 2**20  # bytes of one XML part, inflated
MAX_XML_TOTAL = 20 * 2**20  # bytes of all XML parts, inflated
MAX_ELEMENTS = 500_000  # elements of all XML parts
_CHUNK = 2**20

__all__ = ["MAX_ELEMENTS", "MAX_XML_PART", "MAX_XML_TOTAL", "check_word_template"]


def _refuse(path: Path, code: str, why: str) -> NoReturn:
    raise TemplateError(
        code, f'Mẫu Word "{path.name}" không được mở: {why}', Location(file=str(path))
    )


_SAVE_AGAIN = (
    "Mở mẫu bằng Word, xóa phần thừa (hình ảnh lớn, đối tượng nhúng), lưu lại dạng .docx "
    "rồi dùng lại."
)


def check_word_template(path: Path, data: bytes) -> None:
    """Refuse (TemplateError naming the template) a Word template whose container or XML goes
    beyond the limits, reading its zip directory and streaming its XML parts once."""
    declared = _declared_entries(io.BytesIO(data))
    if declared is not None and declared > MAX_ENTRIES:
        _too_many_entries(path, declared)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        _refuse(path, "template_invalid", "cấu trúc nén ZIP của tệp .docx hỏng hoặc bị cắt cụt.")
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            _too_many_entries(path, len(infos))
        total = xml_total = 0
        for info in infos:
            _check_entry(path, info)
            total += info.file_size
            if _is_xml(info.filename):
                xml_total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            _refuse(
                path,
                "template_too_large",
                f"khi giải nén mẫu chiếm {_mb(total)}, vượt giới hạn "
                f"{_mb(MAX_TOTAL_UNCOMPRESSED)}. {_SAVE_AGAIN}",
            )
        if xml_total > MAX_XML_TOTAL:
            _refuse(
                path,
                "template_too_large",
                f"các phần XML của mẫu chiếm {_mb(xml_total)}, vượt giới hạn {_mb(MAX_XML_TOTAL)} "
                f"cho một mẫu. {_SAVE_AGAIN}",
            )
        elements = 0
        for info in infos:
            if _is_xml(info.filename) and not info.is_dir():
                elements = _stream_xml(path, zf, info, elements)


def _too_many_entries(path: Path, count: int) -> NoReturn:
    _refuse(
        path,
        "template_too_large",
        f"tệp chứa quá nhiều thành phần ({format_int(count)}, giới hạn "
        f"{format_int(MAX_ENTRIES)}), không giống một mẫu Word bình thường. {_SAVE_AGAIN}",
    )


def _check_entry(path: Path, info: zipfile.ZipInfo) -> None:
    """An entry's encryption, method, ratio and, for XML, size: from the directory alone."""
    if info.flag_bits & 0x1:
        _refuse(
            path,
            "template_invalid",
            "mẫu được đặt mật khẩu (đã mã hóa). Gỡ mật khẩu trong Word, lưu lại rồi dùng lại.",
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        _refuse(path, "template_invalid", f"phần {info.filename} nén bằng phương pháp không chuẩn.")
    size = info.file_size
    if size > RATIO_MIN_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
        ratio = size // max(info.compress_size, 1)
        _refuse(
            path,
            "template_too_large",
            f"phần {info.filename} nén với tỉ lệ bất thường ({format_int(ratio)}:1, bung ra "
            f'{_mb(size)}), là dấu hiệu của "bom nén" (zip bomb).',
        )
    if _is_xml(info.filename) and size > MAX_XML_PART:
        _refuse(
            path,
            "template_too_large",
            f"phần {info.filename} của mẫu chiếm {_mb(size)} XML, vượt giới hạn "
            f"{_mb(MAX_XML_PART)} cho một phần. {_SAVE_AGAIN}",
        )


def _stream_xml(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, elements: int) -> int:
    """Stream one XML part through expat (no DOCTYPE, no entity), counting its elements on top
    of those before it; the count after it."""
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    count = [elements]

    def start(_tag: str, _attrs: object) -> None:
        count[0] += 1
        if count[0] > MAX_ELEMENTS:
            _refuse(
                path,
                "template_too_large",
                f"các phần XML của mẫu có hơn {format_int(MAX_ELEMENTS)} phần tử, vượt giới "
                f"hạn cho một mẫu. {_SAVE_AGAIN}",
            )

    parser.StartElementHandler = start
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _DtdForbidden:
        _refuse(
            path,
            "template_xml_entities",
            f'phần {info.filename} có khai báo DOCTYPE/ENTITY (có thể là "bom thực thể"). '
            "Lưu lại mẫu bằng Word rồi dùng lại.",
        )
    except (pyexpat.ExpatError, *_ZIP_ERRORS):
        _refuse(path, "template_invalid", f"phần XML {info.filename} hỏng hoặc không đọc được.")
    return count[0]


class _DtdForbidden(Exception):
    """A part declares a DOCTYPE or an entity."""


def _forbid(*_args: object) -> None:
    raise _DtdForbidden


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _mb(size: int) -> str:
    return f"{format_int(round(size / 2**20))} MB" if size >= 2**20 else f"{format_int(size)} byte"


def _declared_entries(fh: IO[bytes]) -> int | None:
    """The entry count the end-of-central-directory record declares, read without zipfile."""
    try:
        size = fh.seek(0, 2)
        tail_len = min(size, 22 + 65535 + 20)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        total: int = struct.unpack_from("<H", tail, at + 10)[0]
        if total == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
            offset: int = struct.unpack_from("<Q", tail, at - 12)[0]
            if offset + 56 <= size:
                fh.seek(offset)
                record = fh.read(56)
                if record[:4] == b"PK\x06\x06":
                    total = struct.unpack_from("<Q", record, 32)[0]
        return total
    except (OSError, struct.error):
        return None
