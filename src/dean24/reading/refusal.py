"""The words of a refused input file: one InputFileError per reason, naming the file."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import NoReturn

from dean24.core.errors import InputFileError, Location

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".xltx")
SAVE_AS = "Mở tệp bằng Excel rồi chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx) và gửi lại."
ASK_AGAIN = "Hãy xin đơn vị gửi lại tệp được lưu trực tiếp bằng Excel."
ASK_XLSX = "Hãy xin đơn vị gửi lại báo cáo dưới dạng sổ Excel (.xlsx)."


def refuse(path: Path, code: str, message: str, sheet: str = "", cell: str = "") -> NoReturn:
    raise InputFileError(
        code,
        unicodedata.normalize("NFC", message),
        Location(file=path.name, sheet=unicodedata.normalize("NFC", sheet), cell=cell),
    )


def num(value: float) -> str:
    """A number the Vietnamese way: 5.000.000."""
    return f"{value:,.0f}".replace(",", ".")


def mb(size: int) -> str:
    return f"{num(size / 2**20)} MB" if size >= 2**20 else f"{num(size)} byte"


def renamed(path: Path) -> str:
    suffix = path.suffix.lower()
    return f" được đặt tên đuôi {suffix}" if suffix in WORKBOOK_SUFFIXES else ""


def corrupt(path: Path, detail: str) -> NoReturn:
    refuse(
        path,
        "file_corrupt",
        f"Tệp này bị hỏng hoặc không đầy đủ ({detail}), thường do tải xuống hoặc sao chép bị "
        "gián đoạn. Hãy xin đơn vị gửi lại tệp.",
    )


def not_workbook(path: Path, what: str, advice: str = ASK_XLSX) -> NoReturn:
    refuse(path, "file_not_workbook", f"Tệp này là {what}, không phải sổ Excel. {advice}")


def encrypted(path: Path, what: str = "") -> NoReturn:
    refuse(
        path,
        "file_encrypted",
        f"Tệp {what}này được đặt mật khẩu (đã mã hóa) nên chương trình không đọc được. Mở tệp "
        "bằng Excel, gỡ bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật "
        "khẩu, xóa trống mật khẩu), lưu lại dạng .xlsx và gửi lại.",
    )


def too_many_entries(path: Path, count: int, limit: int) -> NoReturn:
    refuse(
        path,
        "file_too_large",
        f"Tệp này chứa quá nhiều thành phần ({num(count)}, giới hạn {num(limit)}), không giống "
        f"một sổ Excel bình thường. {ASK_AGAIN}",
    )


def entities(path: Path, part: str = "") -> NoReturn:
    where = f"Phần {part} trong tệp này" if part else "Tệp này có phần XML"
    refuse(
        path,
        "file_xml_entities",
        f'{where} có khai báo DOCTYPE/ENTITY (có thể là "bom thực thể" làm treo máy) nên '
        f"không được mở. {ASK_AGAIN}",
    )
