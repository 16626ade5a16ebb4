"""Open a zip workbook with its entry count checked first, and find its parts by name."""

from __future__ import annotations

import posixpath
import pyexpat
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import IO
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from dean24.reading.refusal import corrupt, encrypted, too_many_entries

MAX_ENTRIES = 10_000
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CONTENT_TYPES_BYTES = 2**20
_XLSX_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
    "application/vnd.ms-excel.addin.macroenabled.main+xml",
)
_XLSB_MAIN_TYPE = "application/vnd.ms-excel.sheet.binary.macroenabled.main"

# Everything zipfile and zlib raise on a damaged or hostile archive.
ZIP_ERRORS: tuple[type[Exception], ...] = (
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
XML_ERRORS: tuple[type[Exception], ...] = (
    ParseError,
    pyexpat.ExpatError,
    DefusedXmlException,
    *ZIP_ERRORS,
)


def declared_entries(source: Path | IO[bytes]) -> int | None:
    """The entry count the end-of-central-directory record declares, read without zipfile."""
    try:
        if isinstance(source, Path):
            with source.open("rb") as fh:
                return _declared_entries(fh)
        return _declared_entries(source)
    except (OSError, struct.error):
        return None


def _declared_entries(fh: IO[bytes]) -> int | None:
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


def open_zip(
    path: Path, max_entries: int = MAX_ENTRIES, data: IO[bytes] | None = None
) -> zipfile.ZipFile:
    """Open a zip (the file, or its bytes already read) after checking, from its last bytes
    alone, that it does not list too much."""
    declared = declared_entries(data if data is not None else path)
    if declared is not None and declared > max_entries:
        too_many_entries(path, declared, max_entries)
    try:
        if data is not None:
            data.seek(0)
            return zipfile.ZipFile(data)
        return zipfile.ZipFile(path)
    except ZIP_ERRORS:
        corrupt(path, "cấu trúc nén ZIP không hợp lệ hoặc bị cắt cụt")


def check_member(path: Path, info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        encrypted(path)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        corrupt(path, f"phần {info.filename} nén bằng phương pháp không chuẩn")


def member_head(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """At most `size` inflated bytes of one entry (deflate output is bounded per read)."""
    check_member(path, info)
    try:
        with zf.open(info) as fh:
            return fh.read(size)
    except ZIP_ERRORS:
        corrupt(path, f"phần {info.filename} không giải nén được")


def lookup(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    """An entry by part name; OPC part names compare without regard to case."""
    wanted = name.lstrip("/").lower()
    for info in zf.infolist():
        if info.filename.lower() == wanted:
            return info
    return None


_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_OVERRIDE = re.compile(r"<(?:[\w.-]+:)?Override\b([^>]*)>", re.IGNORECASE)


def find_workbook(path: Path, zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """(kind, part name) of the workbook part; kind "missing" when declared but absent."""
    names = {info.filename.lower(): info.filename for info in zf.infolist()}
    if "xl/workbook.xml" in names:
        return "xlsx", names["xl/workbook.xml"]
    if "xl/workbook.bin" in names:
        return "xlsb", names["xl/workbook.bin"]
    types = names.get("[content_types].xml")
    if types is None:
        return None
    head = member_head(path, zf, zf.getinfo(types), _CONTENT_TYPES_BYTES)
    text = head.decode("utf-8", "replace")
    for match in _OVERRIDE.finditer(text):
        attrs = {k.lower(): a or b for k, a, b in _ATTR.findall(match.group(1))}
        content_type = attrs.get("contenttype", "").strip().lower()
        if content_type in _XLSX_MAIN_TYPES:
            kind = "xlsx"
        elif content_type == _XLSB_MAIN_TYPE:
            kind = "xlsb"
        else:
            continue
        part = attrs.get("partname", "").lstrip("/").lower()
        return (kind, names[part]) if part in names else ("missing", part)
    return None


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class DtdForbidden(Exception):
    """A part declares a DOCTYPE or an entity."""


def _forbid(*_args: object) -> None:
    raise DtdForbidden


def forbidding_parser() -> pyexpat.XMLParserType:
    """An expat parser that reports local names and refuses any DOCTYPE or entity."""
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    return parser


Reader = Callable[[zipfile.ZipInfo], bytes]  # an entry's inflated bytes


class PartReader:
    """Inflates the entries of a zip held in memory, each once, checking its size and CRC.

    Small entries are inflated straight from the bytes (far cheaper than zipfile's file
    objects), never past their declared size; larger ones go through zipfile.
    """

    SMALL = 2**20

    def __init__(self, zf: zipfile.ZipFile, data: bytes) -> None:
        self.zf = zf
        self.data = data
        self._done: dict[str, bytes] = {}

    def __call__(self, info: zipfile.ZipInfo) -> bytes:
        found = self._done.get(info.filename)
        if found is None:
            found = self._done[info.filename] = self._inflate(info)
        return found

    def _inflate(self, info: zipfile.ZipInfo) -> bytes:
        start = info.header_offset
        header = self.data[start : start + 30]
        if info.file_size > self.SMALL or len(header) < 30 or header[:4] != b"PK\x03\x04":
            return self.zf.read(info)
        name_len, extra_len = struct.unpack_from("<HH", header, 26)
        start += 30 + name_len + extra_len
        raw = self.data[start : start + info.compress_size]
        if info.file_size <= SAME_PART_BYTES:
            return _inflated(raw, info.compress_type, info.file_size, info.CRC, info.filename)
        return _inflate_raw(raw, info.compress_type, info.file_size, info.CRC, info.filename)


# Workbooks made from one form share most of their small parts byte for byte (content types,
# relationships, styles, the workbook part): each distinct one is inflated and checked once.
SAME_PART_BYTES = 2**16


def _inflate_raw(raw: bytes, method: int, size: int, crc: int, name: str) -> bytes:
    """An entry's bytes from its compressed bytes, checked against its size and CRC."""
    out = (
        zlib.decompressobj(-15).decompress(raw, size + 1) if method == zipfile.ZIP_DEFLATED else raw
    )
    if len(out) != size or zlib.crc32(out) != crc:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")
    return out


_inflated = lru_cache(maxsize=64)(_inflate_raw)  # the same compressed bytes inflate alike


def iter_named(
    path: Path, zf: zipfile.ZipFile, part: str, name: str, read: Reader | None = None
) -> list[dict[str, str]]:
    """Attributes (by local name) of each element with that local name in a small part."""
    info = lookup(zf, part)
    if info is None:
        return []
    check_member(path, info)
    data = (read or zf.read)(info)
    found = _same_named(data, name) if len(data) <= SAME_PART_BYTES else _named(data, name)
    return [dict(attrs) for attrs in found]


def _named(data: bytes, name: str) -> tuple[dict[str, str], ...]:
    found: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if local(tag) == name:
            found.append({local(k): v for k, v in attrs.items()})

    parser = forbidding_parser()
    parser.StartElementHandler = start
    parser.Parse(data, True)
    return tuple(found)


# A small part is parsed once: workbooks made from one form share their workbook part and
# its relationships.
_same_named = lru_cache(maxsize=64)(_named)


def sheet_parts(
    path: Path, zf: zipfile.ZipFile, read: Reader | None = None
) -> list[tuple[str, str, bool]]:
    """(sheet name, worksheet part, visible) in workbook order, through the workbook's
    relationships."""
    found = find_workbook(path, zf)
    if found is None or found[0] != "xlsx":
        return []
    workbook = found[1]
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}
    for attrs in iter_named(path, zf, rels_part, "Relationship", read):
        target = unquote(attrs.get("Target", ""))
        if attrs.get("TargetMode", "").lower() == "external" or not target:
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        targets[attrs.get("Id", "")] = resolved
    sheets: list[tuple[str, str, bool]] = []
    for attrs in iter_named(path, zf, workbook, "sheet", read):
        rel_id = attrs.get("id", "")
        if rel_id in targets:
            visible = attrs.get("state", "visible").strip().lower() == "visible"
            sheets.append((attrs.get("name", ""), targets[rel_id], visible))
    return sheets
