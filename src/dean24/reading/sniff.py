"""Tell what an input file really is from its bytes, and refuse what is not a workbook."""

from __future__ import annotations

import codecs
import io
import posixpath
import stat
import struct
import zipfile
from pathlib import Path
from typing import IO, NoReturn

from dean24.reading.ole import STREAM, Damaged, OleReader, biff_encrypted
from dean24.reading.refusal import (
    ASK_XLSX,
    SAVE_AS,
    WORKBOOK_SUFFIXES,
    corrupt,
    encrypted,
    not_workbook,
    refuse,
    renamed,
)
from dean24.reading.zipparts import ZIP_MAGICS, find_workbook, member_head, open_zip

__all__ = ["HEAD_BYTES", "ZIP_KINDS", "kind_of", "read_file", "sniff"]

HEAD_BYTES = 8192  # what sniff reads of a file
MAX_FILE_BYTES = 200 * 2**20  # what a workbook file may weigh at all
_BIFF_HEAD_BYTES = 2048

ZIP_KINDS = frozenset({"xlsx", "xlsb", "ods"})
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_ODS_MIMES = (
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
)


def sniff(path: Path) -> str:
    """Say what the file really is from its bytes: "xlsx", "xlsb", "ods" or "xls"; else refuse."""
    path = Path(path)
    head = _read_head(path, HEAD_BYTES)
    if head.startswith(_OLE_MAGIC):
        with path.open("rb") as fh:
            return _sniff_ole(path, fh)
    if head[:4] in ZIP_MAGICS:
        with open_zip(path) as zf:
            return _sniff_zip(path, zf)
    _sniff_head(path, head)


def read_file(path: Path) -> bytes:
    """The whole file, once; refused when missing, not a file, empty or too large."""
    path = Path(path)
    try:
        found = path.stat()
    except OSError:
        found = None
    if found is None or not stat.S_ISREG(found.st_mode):
        _read_head(path, 0)  # refuses it with the words that fit (missing, a folder …)
        _unreadable(path)
    try:
        size = found.st_size
        if size > MAX_FILE_BYTES:
            refuse(
                path,
                "file_too_large",
                f"Tệp này nặng {size // 2**20} MB, vượt giới hạn {MAX_FILE_BYTES // 2**20} MB "
                "cho một sổ báo cáo. Xóa các trang, hình ảnh thừa hoặc xin đơn vị gửi lại bản "
                "báo cáo gọn hơn.",
            )
        data = path.read_bytes()
    except OSError:
        _unreadable(path)
    if not data:
        _empty(path)
    return data


def kind_of(path: Path, data: bytes) -> tuple[str, zipfile.ZipFile | None]:
    """What the file holding `data` is, and for a zip workbook its container, open once."""
    head = data[:HEAD_BYTES]
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path, io.BytesIO(data)), None
    if head[:4] in ZIP_MAGICS:
        zf = open_zip(path, data=io.BytesIO(data))
        try:
            return _sniff_zip(path, zf), zf
        except BaseException:
            zf.close()
            raise
    _sniff_head(path, head)


def _sniff_head(path: Path, head: bytes) -> NoReturn:
    if not head:
        _empty(path)
    if b"%PDF-" in head[:1024]:
        refuse(
            path,
            "file_pdf",
            "Tệp này là tài liệu PDF, không phải sổ Excel, nên không lấy được số liệu. Hãy xin "
            "đơn vị gửi bản Excel gốc (.xlsx) của báo cáo.",
        )
    _sniff_other(path, head)


def _empty(path: Path) -> NoReturn:
    refuse(
        path,
        "file_empty",
        "Tệp này rỗng (0 byte), không có dữ liệu nào. Có thể tệp bị lỗi khi tải xuống hoặc "
        "sao chép; hãy xin đơn vị gửi lại tệp.",
    )


def _unreadable(path: Path) -> NoReturn:
    refuse(
        path,
        "file_not_found",
        "Không mở được tệp này để đọc. Kiểm tra quyền truy cập, hoặc đóng tệp nếu nó đang mở "
        "trong chương trình khác, rồi chạy lại.",
    )


def _read_head(path: Path, size: int) -> bytes:
    try:
        if path.is_dir():
            refuse(
                path,
                "file_not_found",
                "Đường dẫn này là một thư mục, không phải tệp. Hãy chỉ ra tệp Excel cần đọc.",
            )
        if not path.exists():
            refuse(
                path,
                "file_not_found",
                "Không tìm thấy tệp này. Kiểm tra lại đường dẫn và tên tệp (kể cả phần đuôi) rồi "
                "chạy lại.",
            )
        if not path.is_file():
            refuse(path, "file_not_found", "Đây không phải tệp thông thường nên không đọc được.")
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        _unreadable(path)


# --- zip containers


def _sniff_zip(path: Path, zf: zipfile.ZipFile) -> str:
    found = find_workbook(path, zf)
    if found is not None:
        kind, part = found
        if kind == "missing":
            corrupt(path, f"thiếu phần sổ làm việc {part}")
        return kind
    infos = zf.infolist()
    lower = [info.filename.lower() for info in infos]
    if "mimetype" in lower:
        info = infos[lower.index("mimetype")]
        mime = member_head(path, zf, info, 256).decode("ascii", "replace").strip()
        if mime in _ODS_MIMES:
            return "ods"
        if mime.startswith("application/vnd.oasis.opendocument."):
            not_workbook(path, "một tài liệu OpenDocument không phải bảng tính (ví dụ .odt)")
    if any(name.startswith("xl/") for name in lower):
        corrupt(path, "thiếu phần sổ làm việc xl/workbook.xml")
    if any(name.startswith("word/") for name in lower):
        not_workbook(path, "một tài liệu Word (.docx)")
    if any(name.startswith("ppt/") for name in lower):
        not_workbook(path, "một bản trình chiếu PowerPoint (.pptx)")
    inner = [info.filename for info in infos if info.filename.lower().endswith(WORKBOOK_SUFFIXES)]
    if inner:
        not_workbook(
            path,
            f"một tệp nén ZIP chứa {posixpath.basename(inner[0])} bên trong",
            "Hãy giải nén rồi dùng trực tiếp tệp Excel ở bên trong.",
        )
    not_workbook(path, "một tệp nén ZIP")


# --- OLE2 compound files (.xls, password-protected .xlsx, .doc)


def _sniff_ole(path: Path, fh: IO[bytes]) -> str:
    try:
        size = fh.seek(0, 2)
        fh.seek(0)
        ole = OleReader(fh, size)
        entries = ole.entries()
        names = {entry.name.lower(): entry for entry in entries}
        if "encryptioninfo" in names or "encryptedpackage" in names:
            encrypted(path)
        book = names.get("workbook") or names.get("book")
        if book is not None and book.kind == STREAM:
            root = ole.root(entries)
            if biff_encrypted(ole.read_head(book, _BIFF_HEAD_BYTES, root)):
                encrypted(path, "Excel 97-2003 (.xls) ")
            return "xls"
    except (Damaged, OSError, struct.error, ValueError, OverflowError, MemoryError):
        corrupt(path, "cấu trúc tệp Office dạng cũ (.xls) không hợp lệ hoặc bị cắt cụt")
    if "worddocument" in names:
        not_workbook(path, "một tài liệu Word 97-2003 (.doc)")
    if "powerpoint document" in names:
        not_workbook(path, "một bản trình chiếu PowerPoint 97-2003 (.ppt)")
    not_workbook(path, "một tệp Office dạng cũ không chứa sổ Excel")


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
                not_workbook(path, what, advice)
        refuse(
            path,
            "file_not_workbook",
            "Không nhận dạng được nội dung tệp này: đây không phải sổ Excel (cũng không phải văn "
            f"bản hay trang web). {ASK_XLSX}",
        )
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    start = lowered[:4096]
    if _is_mhtml(lowered):
        refuse(
            path,
            "file_mhtml",
            'Tệp này là một trang web lưu thành một tệp (MHTML, "Single File Web Page")'
            f"{renamed(path)}, không phải sổ Excel. {SAVE_AS}",
        )
    if (
        start.startswith("<?xml")
        and "urn:schemas-microsoft-com:office:spreadsheet" in start
        and ("<html" not in start)
    ):
        not_workbook(path, "một bảng tính XML 2003 (XML Spreadsheet)", SAVE_AS)
    if (start.startswith("<") and any(tag in start for tag in _HTML_TAGS)) or (
        "<html" in start[:1024] or "<table" in start[:1024]
    ):
        refuse(
            path,
            "file_html",
            f"Tệp này là một trang web (HTML){renamed(path)}, không phải sổ Excel. {SAVE_AS}",
        )
    if start.startswith("<?xml"):
        not_workbook(path, "một tệp XML")
    if start.startswith("{\\rtf"):
        not_workbook(path, "một văn bản RTF")
    lines = [line for line in text.splitlines() if line.strip()][:30]
    best, best_hits = "", 0
    for delimiter, name in _DELIMITERS:
        hits = sum(1 for line in lines if delimiter in line)
        if hits > best_hits and hits * 2 >= len(lines):
            best, best_hits = name, hits
    if best:
        refuse(
            path,
            "file_csv",
            f"Tệp này là văn bản dạng CSV/TSV (các cột ngăn cách bằng {best}){renamed(path)}, "
            "không phải sổ Excel. Mở tệp bằng Excel, kiểm tra các cột được tách đúng, rồi chọn "
            "Lưu thành (Save As) kiểu Excel Workbook (.xlsx) và gửi lại.",
        )
    not_workbook(path, "một văn bản thuần (không có cột ngăn cách)")
