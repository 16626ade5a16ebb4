"""Tell what an input file really is and refuse broken, hostile or unusable files before reading."""

from __future__ import annotations

import codecs
import posixpath
import pyexpat
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as _safe_iterparse

from dean24.errors import InputFileError, Location

__all__ = [
    "MAX_CELLS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_TOTAL_UNCOMPRESSED",
    "check_xml_safety",
    "check_zip_integrity",
    "check_zip_limits",
    "open_checks",
    "sniff",
    "uncached_formula_cells",
]

MAX_TOTAL_UNCOMPRESSED = 100 * 2**20  # bytes, sum of the declared sizes of all zip entries
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # uncompressed / compressed, judged for entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 2**20  # a small entry cannot hurt whatever its ratio
# Cells a sheet's <dimension ref=...> may declare; sheets converted from .xls often declare
# A1:IV65536 (16,8 million), which must pass. The 100 MB inflation cap bounds real data.
MAX_CELLS = 20_000_000
HEAD_BYTES = 8192  # what sniff reads of a file
XML_HEAD_BYTES = 16384  # what the XML checks inflate of each part
_CONTENT_TYPES_BYTES = 2**20
_BIFF_HEAD_BYTES = 2048
_CHUNK = 2**20

ZIP_KINDS = frozenset({"xlsx", "xlsb", "ods"})
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_ODS_MIMES = (
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
)
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".xltx")
_XLSX_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
    "application/vnd.ms-excel.addin.macroenabled.main+xml",
)
_XLSB_MAIN_TYPE = "application/vnd.ms-excel.sheet.binary.macroenabled.main"

# Everything zipfile and zlib raise on a damaged or hostile archive.
_ZIP_ERRORS: tuple[type[Exception], ...] = (
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
_XML_ERRORS: tuple[type[Exception], ...] = (
    ParseError,
    pyexpat.ExpatError,
    DefusedXmlException,
    *_ZIP_ERRORS,
)

_SAVE_AS = "Mở tệp bằng Excel rồi chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx) và gửi lại."
_ASK_AGAIN = "Hãy xin đơn vị gửi lại tệp được lưu trực tiếp bằng Excel."
_ASK_XLSX = "Hãy xin đơn vị gửi lại báo cáo dưới dạng sổ Excel (.xlsx)."


# ----------------------------------------------------------------------------- refusals


def _refuse(path: Path, code: str, message: str, sheet: str = "") -> NoReturn:
    raise InputFileError(
        code, unicodedata.normalize("NFC", message), Location(file=path.name, sheet=sheet)
    )


def _num(value: float) -> str:
    """A number the Vietnamese way: 5.000.000."""
    return f"{value:,.0f}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{_num(size / 2**20)} MB" if size >= 2**20 else f"{_num(size)} byte"


def _renamed(path: Path) -> str:
    suffix = path.suffix.lower()
    return f" được đặt tên đuôi {suffix}" if suffix in _WORKBOOK_SUFFIXES else ""


def _corrupt(path: Path, detail: str) -> NoReturn:
    _refuse(
        path,
        "file_corrupt",
        f"Tệp này bị hỏng hoặc không đầy đủ ({detail}), thường do tải xuống hoặc sao chép bị "
        "gián đoạn. Hãy xin đơn vị gửi lại tệp.",
    )


def _not_workbook(path: Path, what: str, advice: str = _ASK_XLSX) -> NoReturn:
    _refuse(path, "file_not_workbook", f"Tệp này là {what}, không phải sổ Excel. {advice}")


def _encrypted(path: Path, what: str = "") -> NoReturn:
    _refuse(
        path,
        "file_encrypted",
        f"Tệp {what}này được đặt mật khẩu (đã mã hóa) nên chương trình không đọc được. Mở tệp "
        "bằng Excel, gỡ bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật "
        "khẩu, xóa trống mật khẩu), lưu lại dạng .xlsx và gửi lại.",
    )


# ----------------------------------------------------------------------------- sniff


def sniff(path: Path) -> str:
    """Say what the file really is from its bytes: "xlsx", "xlsb", "ods" or "xls"; else refuse."""
    path = Path(path)
    head = _read_head(path, HEAD_BYTES)
    if not head:
        _refuse(
            path,
            "file_empty",
            "Tệp này rỗng (0 byte), không có dữ liệu nào. Có thể tệp bị lỗi khi tải xuống hoặc "
            "sao chép; hãy xin đơn vị gửi lại tệp.",
        )
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head[:4] in _ZIP_MAGICS:
        return _sniff_zip(path)
    if b"%PDF-" in head[:1024]:
        _refuse(
            path,
            "file_pdf",
            "Tệp này là tài liệu PDF, không phải sổ Excel, nên không lấy được số liệu. Hãy xin "
            "đơn vị gửi bản Excel gốc (.xlsx) của báo cáo.",
        )
    _sniff_other(path, head)


def _read_head(path: Path, size: int) -> bytes:
    try:
        if path.is_dir():
            _refuse(
                path,
                "file_not_found",
                "Đường dẫn này là một thư mục, không phải tệp. Hãy chỉ ra tệp Excel cần đọc.",
            )
        if not path.exists():
            _refuse(
                path,
                "file_not_found",
                "Không tìm thấy tệp này. Kiểm tra lại đường dẫn và tên tệp (kể cả phần đuôi) rồi "
                "chạy lại.",
            )
        if not path.is_file():
            _refuse(path, "file_not_found", "Đây không phải tệp thông thường nên không đọc được.")
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        _refuse(
            path,
            "file_not_found",
            "Không mở được tệp này để đọc. Kiểm tra quyền truy cập, hoặc đóng tệp nếu nó đang mở "
            "trong chương trình khác, rồi chạy lại.",
        )


# --- zip containers


def _declared_entries(path: Path) -> int | None:
    """The entry count the end-of-central-directory record declares, read without zipfile."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
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


def _too_many_entries(path: Path, count: int, limit: int) -> NoReturn:
    _refuse(
        path,
        "file_too_large",
        f"Tệp này chứa quá nhiều thành phần ({_num(count)}, giới hạn {_num(limit)}), không giống "
        f"một sổ Excel bình thường. {_ASK_AGAIN}",
    )


def _open_zip(path: Path, max_entries: int = MAX_ENTRIES) -> zipfile.ZipFile:
    """Open a zip after checking, from its last bytes alone, that it does not list too much."""
    declared = _declared_entries(path)
    if declared is not None and declared > max_entries:
        _too_many_entries(path, declared, max_entries)
    try:
        return zipfile.ZipFile(path)
    except _ZIP_ERRORS:
        _corrupt(path, "cấu trúc nén ZIP không hợp lệ hoặc bị cắt cụt")


def _check_member(path: Path, info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        _encrypted(path)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        _corrupt(path, f"phần {info.filename} nén bằng phương pháp không chuẩn")


def _member_head(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """At most `size` inflated bytes of one entry (deflate output is bounded per read)."""
    _check_member(path, info)
    try:
        with zf.open(info) as fh:
            return fh.read(size)
    except _ZIP_ERRORS:
        _corrupt(path, f"phần {info.filename} không giải nén được")


def _lookup(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    """An entry by part name; OPC part names compare without regard to case."""
    wanted = name.lstrip("/").lower()
    for info in zf.infolist():
        if info.filename.lower() == wanted:
            return info
    return None


_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_OVERRIDE = re.compile(r"<(?:[\w.-]+:)?Override\b([^>]*)>", re.IGNORECASE)


def _find_workbook(path: Path, zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """(kind, part name) of the workbook part; kind "missing" when declared but absent."""
    names = {info.filename.lower(): info.filename for info in zf.infolist()}
    if "xl/workbook.xml" in names:
        return "xlsx", names["xl/workbook.xml"]
    if "xl/workbook.bin" in names:
        return "xlsb", names["xl/workbook.bin"]
    types = names.get("[content_types].xml")
    if types is None:
        return None
    head = _member_head(path, zf, zf.getinfo(types), _CONTENT_TYPES_BYTES)
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


def _sniff_zip(path: Path) -> str:
    with _open_zip(path) as zf:
        found = _find_workbook(path, zf)
        if found is not None:
            kind, part = found
            if kind == "missing":
                _corrupt(path, f"thiếu phần sổ làm việc {part}")
            return kind
        infos = zf.infolist()
        lower = [info.filename.lower() for info in infos]
        if "mimetype" in lower:
            info = infos[lower.index("mimetype")]
            mime = _member_head(path, zf, info, 256).decode("ascii", "replace").strip()
            if mime in _ODS_MIMES:
                return "ods"
            if mime.startswith("application/vnd.oasis.opendocument."):
                _not_workbook(path, "một tài liệu OpenDocument không phải bảng tính (ví dụ .odt)")
        if any(name.startswith("xl/") for name in lower):
            _corrupt(path, "thiếu phần sổ làm việc xl/workbook.xml")
        if any(name.startswith("word/") for name in lower):
            _not_workbook(path, "một tài liệu Word (.docx)")
        if any(name.startswith("ppt/") for name in lower):
            _not_workbook(path, "một bản trình chiếu PowerPoint (.pptx)")
        inner = [
            info.filename for info in infos if info.filename.lower().endswith(_WORKBOOK_SUFFIXES)
        ]
        if inner:
            _not_workbook(
                path,
                f"một tệp nén ZIP chứa {posixpath.basename(inner[0])} bên trong",
                "Hãy giải nén rồi dùng trực tiếp tệp Excel ở bên trong.",
            )
        _not_workbook(path, "một tệp nén ZIP")


# --- OLE2 compound files (.xls, password-protected .xlsx, .doc)

_ENDOFCHAIN = 0xFFFFFFFE
_MAXREGSECT = 0xFFFFFFFA  # sector numbers from here up are markers, not sectors
_MAX_DIR_SECTORS = 4096
_STORAGE, _STREAM, _ROOT = 1, 2, 5


class _Damaged(Exception):
    """The compound file's structures do not hold together."""


@dataclass(frozen=True)
class _OleEntry:
    name: str
    kind: int
    start: int
    size: int


class _OleReader:
    """Just enough of [MS-CFB] to list directory entries and read the head of a stream.

    Every chain walk is bounded by the number of sectors the file can hold and stops on a loop.
    """

    def __init__(self, fh: IO[bytes], size: int) -> None:
        self._fh = fh
        header = fh.read(512)
        if len(header) < 512:
            raise _Damaged("header")
        byte_order, shift, mini_shift = struct.unpack_from("<HHH", header, 28)
        if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
            raise _Damaged("header fields")
        self.ss = 1 << shift
        self.mini_ss = 1 << mini_shift
        (num_fat, self._first_dir, _, self._cutoff, self._first_minifat, _, first_difat, _) = (
            struct.unpack_from("<8I", header, 44)
        )
        self.nsectors = max(0, (size - self.ss + self.ss - 1) // self.ss)
        fat_count = min(num_fat, self.nsectors)
        fat_sectors = list(struct.unpack_from("<109I", header, 76))[: min(fat_count, 109)]
        per = self.ss // 4 - 1
        seen: set[int] = set()
        difat = first_difat
        while len(fat_sectors) < fat_count and difat < _MAXREGSECT:
            if difat in seen:
                raise _Damaged("DIFAT loop")
            seen.add(difat)
            values = struct.unpack_from(f"<{per + 1}I", self._sector(difat))
            fat_sectors.extend(values[:per])
            difat = values[per]
        self._fat_sectors = fat_sectors[:fat_count]
        self._fat_cache: dict[int, bytes] = {}

    def _sector(self, number: int) -> bytes:
        if not 0 <= number < self.nsectors:
            raise _Damaged(f"sector {number} outside the file")
        self._fh.seek((number + 1) * self.ss)
        data = self._fh.read(self.ss)
        if not data:
            raise _Damaged("short read")
        return data.ljust(self.ss, b"\0")

    def _next(self, number: int) -> int:
        index, slot = divmod(number, self.ss // 4)
        if index >= len(self._fat_sectors):
            raise _Damaged("FAT too short")
        fat_sector = self._fat_sectors[index]
        data = self._fat_cache.get(fat_sector)
        if data is None:
            data = self._fat_cache[fat_sector] = self._sector(fat_sector)
        value: int = struct.unpack_from("<I", data, slot * 4)[0]
        return value

    def chain(self, start: int, limit: int) -> Iterator[int]:
        seen: set[int] = set()
        number = start
        while number < _MAXREGSECT:
            if number in seen or len(seen) >= limit or number >= self.nsectors:
                raise _Damaged("broken chain")
            seen.add(number)
            yield number
            number = self._next(number)

    def entries(self) -> list[_OleEntry]:
        found: list[_OleEntry] = []
        for sector in self.chain(self._first_dir, _MAX_DIR_SECTORS):
            data = self._sector(sector)
            for off in range(0, self.ss, 128):
                name_len = struct.unpack_from("<H", data, off + 64)[0]
                kind = data[off + 66]
                if kind not in (_STORAGE, _STREAM, _ROOT) or not 2 <= name_len <= 64:
                    continue
                name = data[off : off + name_len - 2].decode("utf-16-le", "replace")
                start, size = struct.unpack_from("<IQ", data, off + 116)
                if self.ss == 512:
                    size &= 0xFFFFFFFF
                found.append(_OleEntry(name, kind, start, size))
        return found

    def read_head(self, entry: _OleEntry, size: int, root: _OleEntry | None) -> bytes:
        want = min(size, entry.size)
        buf = bytearray()
        if want <= 0:
            return b""
        if entry.size >= self._cutoff:
            for sector in self.chain(entry.start, self.nsectors):
                buf += self._sector(sector)
                if len(buf) >= want:
                    break
            return bytes(buf[:want])
        if root is None:
            raise _Damaged("no root entry")
        minifat = list(self.chain(self._first_minifat, self.nsectors))
        root_iter = self.chain(root.start, self.nsectors)
        root_chain: list[int] = []
        per = self.ss // 4
        seen: set[int] = set()
        mini = entry.start
        while mini < _MAXREGSECT and len(buf) < want:
            if mini in seen:
                raise _Damaged("mini chain loop")
            seen.add(mini)
            index, inner = divmod(mini * self.mini_ss, self.ss)
            while len(root_chain) <= index:
                nxt = next(root_iter, None)
                if nxt is None:
                    raise _Damaged("mini stream too short")
                root_chain.append(nxt)
            buf += self._sector(root_chain[index])[inner : inner + self.mini_ss]
            index, slot = divmod(mini, per)
            if index >= len(minifat):
                raise _Damaged("mini FAT too short")
            mini = struct.unpack_from("<I", self._sector(minifat[index]), slot * 4)[0]
        if len(buf) < want:
            raise _Damaged("stream shorter than declared")
        return bytes(buf[:want])


def _biff_encrypted(head: bytes) -> bool:
    """Whether a BIFF globals substream has a FILEPASS record (a password-protected .xls)."""
    pos = 0
    for _ in range(64):
        if pos + 4 > len(head):
            return False
        record, length = struct.unpack_from("<HH", head, pos)
        if record == 0x002F:
            return True
        if record == 0x000A:  # EOF
            return False
        pos += 4 + length
    return False


def _sniff_ole(path: Path) -> str:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            ole = _OleReader(fh, size)
            entries = ole.entries()
            names = {entry.name.lower(): entry for entry in entries}
            if "encryptioninfo" in names or "encryptedpackage" in names:
                _encrypted(path)
            book = names.get("workbook") or names.get("book")
            if book is not None and book.kind == _STREAM:
                root = next((entry for entry in entries if entry.kind == _ROOT), None)
                if _biff_encrypted(ole.read_head(book, _BIFF_HEAD_BYTES, root)):
                    _encrypted(path, "Excel 97-2003 (.xls) ")
                return "xls"
    except (_Damaged, OSError, struct.error, ValueError, OverflowError, MemoryError):
        _corrupt(path, "cấu trúc tệp Office dạng cũ (.xls) không hợp lệ hoặc bị cắt cụt")
    if "worddocument" in names:
        _not_workbook(path, "một tài liệu Word 97-2003 (.doc)")
    if "powerpoint document" in names:
        _not_workbook(path, "một bản trình chiếu PowerPoint 97-2003 (.ppt)")
    _not_workbook(path, "một tệp Office dạng cũ không chứa sổ Excel")


# --- everything else: text, web pages, known binary formats

_BINARY_KINDS = (
    (b"\x89PNG", "một ảnh PNG"),
    (b"\xff\xd8\xff", "một ảnh JPEG"),
    (b"GIF8", "một ảnh GIF"),
    (b"Rar!", "một tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "một tệp nén 7-Zip"),
    (b"\x1f\x8b", "một tệp nén GZIP"),
)
_HTML_TAGS = (
    "<html", "<!doctype html", "<head", "<body", "<table", "<meta", "<title", "<style", "<div",
    "<tr", "<td", "<font", "<p>", "<br",
)  # fmt: skip
_DELIMITERS = (("\t", "dấu tab"), (";", "dấu chấm phẩy"), (",", "dấu phẩy"))


def _decode(data: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text: str = decoder.decode(data, final=False)
    return text


def _as_text(head: bytes) -> str | None:
    """The head decoded as text, or None when it looks binary."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            text = _decode(head[len(bom) :], encoding)
            break
    else:
        if b"\0" in head:
            even, odd = head[0::2], head[1::2]
            if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
                text = _decode(head, "utf-16-le")
            elif even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
                text = _decode(head, "utf-16-be")
            else:
                return None
        else:
            try:
                text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            except UnicodeDecodeError:
                text = head.decode("cp1252", "replace")
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a") or ch == "\ufffd")
    return text if bad <= len(text) * 0.02 else None


def _is_mhtml(text: str) -> bool:
    header = text.replace("\r\n", "\n").split("\n\n", 1)[0]
    for line in header.split("\n")[:40]:
        if line.startswith("mime-version:"):
            return True
        if line.startswith("content-type:") and "multipart/" in line:
            return True
    return False


def _sniff_other(path: Path, head: bytes) -> NoReturn:
    text = _as_text(head)
    if text is None:
        for magic, what in _BINARY_KINDS:
            if head.startswith(magic):
                advice = (
                    "Hãy giải nén rồi dùng trực tiếp tệp Excel ở bên trong."
                    if "nén" in what
                    else "Hãy xin đơn vị gửi bản Excel gốc (.xlsx) thay vì ảnh chụp."
                )
                _not_workbook(path, what, advice)
        _refuse(
            path,
            "file_not_workbook",
            "Không nhận dạng được nội dung tệp này: đây không phải sổ Excel (cũng không phải văn "
            f"bản hay trang web). {_ASK_XLSX}",
        )
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    start = lowered[:4096]
    if _is_mhtml(lowered):
        _refuse(
            path,
            "file_mhtml",
            'Tệp này là một trang web lưu thành một tệp (MHTML, "Single File Web Page")'
            f"{_renamed(path)}, không phải sổ Excel. {_SAVE_AS}",
        )
    if (
        start.startswith("<?xml")
        and "urn:schemas-microsoft-com:office:spreadsheet" in start
        and ("<html" not in start)
    ):
        _not_workbook(path, "một bảng tính XML 2003 (XML Spreadsheet)", _SAVE_AS)
    if (start.startswith("<") and any(tag in start for tag in _HTML_TAGS)) or (
        "<html" in start[:1024] or "<table" in start[:1024]
    ):
        _refuse(
            path,
            "file_html",
            f"Tệp này là một trang web (HTML){_renamed(path)}, không phải sổ Excel. {_SAVE_AS}",
        )
    if start.startswith("<?xml"):
        _not_workbook(path, "một tệp XML")
    if start.startswith("{\\rtf"):
        _not_workbook(path, "một văn bản RTF")
    lines = [line for line in text.splitlines() if line.strip()][:30]
    best, best_hits = "", 0
    for delimiter, name in _DELIMITERS:
        hits = sum(1 for line in lines if delimiter in line)
        if hits > best_hits and hits * 2 >= len(lines):
            best, best_hits = name, hits
    if best:
        _refuse(
            path,
            "file_csv",
            f"Tệp này là văn bản dạng CSV/TSV (các cột ngăn cách bằng {best}){_renamed(path)}, "
            "không phải sổ Excel. Mở tệp bằng Excel, kiểm tra các cột được tách đúng, rồi chọn "
            "Lưu thành (Save As) kiểu Excel Workbook (.xlsx) và gửi lại.",
        )
    _not_workbook(path, "một văn bản thuần (không có cột ngăn cách)")


# ----------------------------------------------------------------------------- zip limits


def check_zip_limits(
    path: Path,
    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse (file_too_large) a zip whose declared sizes, ratios or entry count are excessive.

    Only the central directory is read: nothing is inflated.
    """
    path = Path(path)
    with _open_zip(path, max_entries) as zf:
        _zip_limits(path, zf, max_total_uncompressed, max_entries, max_ratio)


def _zip_limits(
    path: Path, zf: zipfile.ZipFile, max_total: int, max_entries: int, max_ratio: int
) -> None:
    infos = zf.infolist()
    if len(infos) > max_entries:
        _too_many_entries(path, len(infos), max_entries)
    total = 0
    for info in infos:
        _check_member(path, info)
        size = info.file_size
        if size > RATIO_MIN_BYTES and size > max_ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            _refuse(
                path,
                "file_too_large",
                f"Phần {info.filename} trong tệp này nén với tỉ lệ bất thường ({_num(ratio)}:1, "
                f'bung ra {_mb(size)}), là dấu hiệu của "bom nén" (zip bomb) nên không được mở. '
                f"{_ASK_AGAIN}",
            )
        total += size
    if total > max_total:
        _refuse(
            path,
            "file_too_large",
            f"Tệp này khi giải nén chiếm {_mb(total)}, vượt giới hạn {_mb(max_total)} cho một báo "
            "cáo. Xóa các trang, hình ảnh thừa hoặc xin đơn vị gửi lại bản báo cáo gọn hơn.",
        )


def check_zip_integrity(path: Path) -> None:
    """Inflate every entry in bounded chunks so CRC errors and damaged data show up now.

    Call it after check_zip_limits: zipfile never inflates past an entry's declared size.
    """
    path = Path(path)
    with _open_zip(path) as zf:
        _zip_integrity(path, zf)


def _zip_integrity(path: Path, zf: zipfile.ZipFile) -> None:
    for info in zf.infolist():
        if info.filename.endswith("/"):
            continue
        _check_member(path, info)
        try:
            with zf.open(info) as fh:
                while fh.read(_CHUNK):
                    pass
        except _ZIP_ERRORS:
            _corrupt(path, f"dữ liệu phần {info.filename} bị hỏng, sai mã kiểm tra CRC")


# ----------------------------------------------------------------------------- XML safety

_DTD_ANYWHERE = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ROOT_TAG = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_DIMENSION = re.compile(
    r"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _xml_text(head: bytes) -> str:
    """Enough of an XML part's head decoded to scan its markup."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:].decode("latin-1")
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(b"<\0"):
        return _decode(head.removeprefix(codecs.BOM_UTF16_LE), "utf-16-le")
    if head.startswith(codecs.BOM_UTF16_BE) or head.startswith(b"\0<"):
        return _decode(head.removeprefix(codecs.BOM_UTF16_BE), "utf-16-be")
    return head.decode("latin-1")


def _prolog(text: str, truncated: bool) -> tuple[str, str]:
    """("dtd" | "long" | "ok", root element's local name) from the start of an XML part."""
    pos = 0
    while pos < len(text):
        match = _SPACE.match(text, pos)
        if match:
            pos = match.end()
            continue
        if text.startswith("<?", pos):
            closing = "?>"
        elif text.startswith("<!--", pos):
            closing = "-->"
        else:
            break
        end = text.find(closing, pos + 2)
        if end < 0:
            pos = len(text)
            break
        pos = end + len(closing)
    rest = text[pos : pos + 16]
    if rest[:9].upper() == "<!DOCTYPE":
        return "dtd", ""
    root = _ROOT_TAG.match(rest)
    if root:
        return "ok", root.group(1)
    if truncated and (not rest or rest.startswith("<!") or "<!DOCTYPE".startswith(rest.upper())):
        return "long", ""
    return "ok", ""


def _ref_cells(ref: str) -> int | None:
    corners = [_CELL.fullmatch(part.strip()) for part in ref.strip().split(":")]
    if not 1 <= len(corners) <= 2 or any(c is None for c in corners):
        return None
    coords = [(_column_number(c.group(1)), int(c.group(2))) for c in corners if c is not None]
    (col1, row1), (col2, row2) = coords[0], coords[-1]
    return (abs(row2 - row1) + 1) * (abs(col2 - col1) + 1)


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_xml_safety(
    path: Path, *, max_cells: int = MAX_CELLS, head_bytes: int = XML_HEAD_BYTES
) -> None:
    """Refuse XML parts that declare a DOCTYPE/ENTITY and sheets whose dimension is absurd.

    Reads at most `head_bytes` inflated bytes of each XML part.
    """
    path = Path(path)
    with _open_zip(path) as zf:
        _xml_safety(path, zf, max_cells, head_bytes)


def _xml_safety(path: Path, zf: zipfile.ZipFile, max_cells: int, head_bytes: int) -> None:
    for info in zf.infolist():
        if info.filename.endswith("/") or not _is_xml_part(info.filename):
            continue
        head = _member_head(path, zf, info, head_bytes)
        text = _xml_text(head)
        verdict, root = _prolog(text, truncated=len(head) >= head_bytes)
        if verdict == "dtd" or _DTD_ANYWHERE.search(text):
            _refuse(
                path,
                "file_xml_entities",
                f"Phần {info.filename} trong tệp này có khai báo DOCTYPE/ENTITY (có thể là "
                f'"bom thực thể" làm treo máy) nên không được mở. {_ASK_AGAIN}',
            )
        if verdict == "long":
            _refuse(
                path,
                "file_xml_entities",
                f"Phần {info.filename} trong tệp này có phần mở đầu XML dài bất thường nên không "
                f"được mở. {_ASK_AGAIN}",
            )
        if root != "worksheet":
            continue
        match = _DIMENSION.search(text)
        if match is None:
            continue
        ref = match.group(1) if match.group(1) is not None else match.group(2)
        cells = _ref_cells(ref)
        if cells is not None and cells > max_cells:
            sheet = _sheet_name_of(zf, info.filename) or info.filename
            _refuse(
                path,
                "file_too_many_cells",
                f'Trang "{sheet}" khai báo vùng dữ liệu {ref} gồm {_num(cells)} ô, vượt giới hạn '
                f"{_num(max_cells)} ô. Xóa các hàng, cột trống thừa ở cuối trang (hoặc chép phần "
                "có số liệu sang trang mới), lưu lại và gửi lại.",
                sheet=sheet,
            )


def _sheet_name_of(zf: zipfile.ZipFile, part: str) -> str:
    """The sheet name for a worksheet part, best effort (only used to word a message)."""
    try:
        for name, sheet_part in _sheet_parts(Path(zf.filename or "workbook"), zf):
            if sheet_part.lower() == part.lower():
                return name
    except InputFileError:
        pass
    except _XML_ERRORS:
        pass
    return ""


# ----------------------------------------------------------------------------- formulas


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _iter_named(path: Path, zf: zipfile.ZipFile, part: str, local: str) -> Iterator[dict[str, str]]:
    """Attributes of each element with that local name in a part, streamed and defused."""
    info = _lookup(zf, part)
    if info is None:
        return
    _check_member(path, info)
    with zf.open(info) as fh:
        for _event, elem in _safe_iterparse(fh, events=("end",), forbid_dtd=True):
            if _local(elem.tag) == local:
                yield {_local(k): v for k, v in elem.attrib.items()}
                elem.clear()


def _sheet_parts(path: Path, zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in workbook order, through the workbook's relationships."""
    found = _find_workbook(path, zf)
    if found is None or found[0] != "xlsx":
        return []
    workbook = found[1]
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}
    for attrs in _iter_named(path, zf, rels_part, "Relationship"):
        target = unquote(attrs.get("Target", ""))
        if attrs.get("TargetMode", "").lower() == "external" or not target:
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        targets[attrs.get("Id", "")] = resolved
    sheets: list[tuple[str, str]] = []
    for attrs in _iter_named(path, zf, workbook, "sheet"):
        rel_id = attrs.get("id", "")
        if rel_id in targets:
            sheets.append((attrs.get("name", ""), targets[rel_id]))
    return sheets


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _DtdForbidden(Exception):
    """A part declares a DOCTYPE or an entity."""


class _FormulaScan:
    """Stream a worksheet part through expat, noting formula cells without a cached value and
    cells that hold an Excel error (#DIV/0!, #REF!, ...), which spreadsheet readers show blank.

    Works on qualified names (any prefix), keeps no tree, and refuses any DOCTYPE or entity.
    """

    def __init__(self, limit: int | None) -> None:
        self.found: list[str] = []
        self.errors: dict[str, str] = {}
        self._type = ""
        self._vtext: list[str] = []
        self.done = False
        self._limit = limit
        self._in_data = False
        self._row = 0
        self._col = 0
        self._col_known = True
        self._ref = ""
        self._formula = self._value = self._in_v = False
        parser = pyexpat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._forbid
        parser.EntityDeclHandler = self._forbid
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self._parser = parser

    @staticmethod
    def _forbid(*_args: object) -> None:
        raise _DtdForbidden

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if not self._in_data:
            self._in_data = name == "sheetData"
        elif name == "c":
            ref = attrs.get("r")
            if ref:
                self._ref, self._col_known = ref, False
            else:
                if not self._col_known:
                    match = _CELL.fullmatch(self._ref.strip())
                    self._col = _column_number(match.group(1)) if match else 0
                self._col += 1
                self._col_known = True
                self._ref = f"{_column_letters(self._col)}{self._row}"
            self._formula = self._value = False
            self._type = attrs.get("t", "")
            self._vtext = []
        elif name == "f":
            self._formula = True
        elif name == "v":
            self._in_v = True
        elif name == "row":
            ref = attrs.get("r", "")
            self._row = int(ref) if ref.isdigit() else self._row + 1
            self._col, self._col_known, self._ref = 0, True, ""

    def _end(self, name: str) -> None:
        if not self._in_data:
            return
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "v":
            self._in_v = False
        elif name == "c":
            if self._type == "e" and len(self.errors) < 1000:
                self.errors[self._ref] = "".join(self._vtext).strip() or "#ERROR"
            if self._formula and not self._value and not self.done:
                self.found.append(self._ref)
                if self._limit is not None and len(self.found) >= self._limit:
                    self.done = True
        elif name == "sheetData":
            self._in_data = False
            self.done = True

    def _text(self, data: str) -> None:
        if self._in_v and data:
            self._value = True
            self._vtext.append(data)

    def feed(self, fh: IO[bytes]) -> list[str]:
        while not self.done:
            chunk = fh.read(_CHUNK)
            self._parser.Parse(chunk, not chunk)
            if not chunk:
                break
        return self.found


def uncached_formula_cells(path: Path, sheet_name: str, *, limit: int | None = None) -> list[str]:
    """A1 refs of cells holding a formula but no cached value, in one sheet of an .xlsx.

    Returns [] for other kinds of file and for a sheet name the workbook does not list.
    """
    scan = _scan_sheet(Path(path), sheet_name, limit)
    return scan.found if scan else []


def error_value_cells(path: Path, sheet_name: str) -> tuple[list[str], dict[str, str]]:
    """In one sheet of an .xlsx: formula cells with no cached value, and A1 ref → Excel error
    text (#DIV/0!, #REF!, #N/A ...) of cells holding an error. One pass over the sheet."""
    scan = _scan_sheet(Path(path), sheet_name, None)
    return (scan.found, scan.errors) if scan else ([], {})


def _scan_sheet(path: Path, sheet_name: str, limit: int | None) -> _FormulaScan | None:
    if _read_head(path, 4) not in _ZIP_MAGICS:
        return None
    with _open_zip(path) as zf:
        _zip_limits(path, zf, MAX_TOTAL_UNCOMPRESSED, MAX_ENTRIES, MAX_RATIO)
        try:
            sheets = _sheet_parts(path, zf)
            part = next((p for n, p in sheets if n == sheet_name), None) or next(
                (p for n, p in sheets if n.casefold() == sheet_name.casefold()), None
            )
            info = _lookup(zf, part) if part else None
            if info is None:
                return None
            _check_member(path, info)
            scan = _FormulaScan(limit)
            with zf.open(info) as fh:
                scan.feed(fh)
            return scan
        except (DefusedXmlException, _DtdForbidden):
            _refuse(
                path,
                "file_xml_entities",
                'Tệp này có phần XML khai báo DOCTYPE/ENTITY (có thể là "bom thực thể") nên '
                f"không được mở. {_ASK_AGAIN}",
            )
        except _XML_ERRORS:
            _corrupt(path, "phần XML của sổ làm việc không đọc được")


# ----------------------------------------------------------------------------- entry point


def open_checks(path: Path) -> str:
    """Sniff the file and, for zip workbooks, check limits, XML safety and CRCs; return the kind."""
    path = Path(path)
    kind = sniff(path)
    if kind in ZIP_KINDS:
        with _open_zip(path) as zf:
            _zip_limits(path, zf, MAX_TOTAL_UNCOMPRESSED, MAX_ENTRIES, MAX_RATIO)
            _xml_safety(path, zf, MAX_CELLS, XML_HEAD_BYTES)
            _zip_integrity(path, zf)
    return kind
