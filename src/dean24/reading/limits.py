"""How much of a workbook dean24 agrees to read, and the refusals when a file asks for more.

The caps are module constants: the sizes of a zip container, the XML prologs of its parts and
the extent a sheet really uses (its farthest cell holding a value), which bounds the memory a
spreadsheet reader allocates for the sheet's grid.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from dean24.reading.refusal import ASK_AGAIN, entities, mb, num, refuse, too_many_entries
from dean24.reading.zipparts import MAX_ENTRIES, check_member

MAX_TOTAL_UNCOMPRESSED = 100 * 2**20  # bytes, sum of the declared sizes of all zip entries
MAX_RATIO = 200  # uncompressed / compressed, judged for entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 2**20  # a small entry cannot hurt whatever its ratio
# Cells a sheet's <dimension ref=...> may declare; sheets converted from .xls often declare
# A1:IV65536 (16,8 million), which must pass: the cells really used are capped below.
MAX_CELLS = 20_000_000
# The farthest cell holding a value that a sheet may have: a report form has a few dozen
# columns and at most a few thousand rows (every commune-level unit of Vietnam is 3.321).
MAX_ROWS = 10_000
MAX_COLUMNS = 256  # A … IV
XML_HEAD_BYTES = 16384  # what the XML checks inflate of each part

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_TOTAL_UNCOMPRESSED",
    "XML_HEAD_BYTES",
    "check_dimension",
    "check_xml_head",
    "column_letters",
    "column_number",
    "is_xml_part",
    "refuse_far_cell",
    "zip_limits",
]


def zip_limits(
    path: Path,
    zf: zipfile.ZipFile,
    max_total: int = MAX_TOTAL_UNCOMPRESSED,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse (file_too_large) a zip whose declared sizes, ratios or entry count are excessive.

    Only the central directory is read: nothing is inflated.
    """
    infos = zf.infolist()
    if len(infos) > max_entries:
        too_many_entries(path, len(infos), max_entries)
    total = 0
    for info in infos:
        check_member(path, info)
        size = info.file_size
        if size > RATIO_MIN_BYTES and size > max_ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            refuse(
                path,
                "file_too_large",
                f"Phần {info.filename} trong tệp này nén với tỉ lệ bất thường ({num(ratio)}:1, "
                f'bung ra {mb(size)}), là dấu hiệu của "bom nén" (zip bomb) nên không được mở. '
                f"{ASK_AGAIN}",
            )
        total += size
    if total > max_total:
        refuse(
            path,
            "file_too_large",
            f"Tệp này khi giải nén chiếm {mb(total)}, vượt giới hạn {mb(max_total)} cho một báo "
            "cáo. Xóa các trang, hình ảnh thừa hoặc xin đơn vị gửi lại bản báo cáo gọn hơn.",
        )


# ----------------------------------------------------------------------------- XML prologs

_DTD_ANYWHERE = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ROOT_TAG = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_DIMENSION = re.compile(
    r"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)
CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _decode(data: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text: str = decoder.decode(data, final=False)
    return text


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
    corners = [CELL.fullmatch(part.strip()) for part in ref.strip().split(":")]
    if not 1 <= len(corners) <= 2 or any(c is None for c in corners):
        return None
    coords = [(column_number(c.group(1)), int(c.group(2))) for c in corners if c is not None]
    (col1, row1), (col2, row2) = coords[0], coords[-1]
    return (abs(row2 - row1) + 1) * (abs(col2 - col1) + 1)


def column_number(letters: str) -> int:
    """'A' → 1, 'IV' → 256."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    """1 → 'A', 256 → 'IV'."""
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_xml_head(path: Path, part: str, head: bytes, truncated: bool) -> str | None:
    """Refuse a part whose head declares a DOCTYPE/ENTITY; for a worksheet, give back the
    dimension its head declares (None when there is none or the part is no worksheet)."""
    verdict, dimension = _head_verdict(head, truncated)
    if verdict == "dtd":
        entities(path, part)
    if verdict == "long":
        refuse(
            path,
            "file_xml_entities",
            f"Phần {part} trong tệp này có phần mở đầu XML dài bất thường nên không "
            f"được mở. {ASK_AGAIN}",
        )
    return dimension


@lru_cache(maxsize=256)
def _head_verdict(head: bytes, truncated: bool) -> tuple[str, str | None]:
    """("dtd" | "long" | "ok", the dimension a worksheet declares) of an XML part's head,
    worked out once per distinct head: workbooks made from one form share most parts."""
    text = _xml_text(head)
    verdict, root = _prolog(text, truncated)
    if verdict == "dtd" or ("<!" in text and _DTD_ANYWHERE.search(text)):
        return "dtd", None
    if verdict == "long" or root != "worksheet":
        return verdict, None
    match = _DIMENSION.search(text)
    if match is None:
        return "ok", None
    return "ok", match.group(1) if match.group(1) is not None else match.group(2)


def check_dimension(path: Path, sheet: str, ref: str | None, max_cells: int = MAX_CELLS) -> None:
    """Refuse a sheet whose declared dimension covers more than max_cells cells."""
    cells = _ref_cells(ref) if ref else None
    if cells is not None and cells > max_cells:
        refuse(
            path,
            "file_too_many_cells",
            f'Trang "{sheet}" khai báo vùng dữ liệu {ref} gồm {num(cells)} ô, vượt giới hạn '
            f"{num(max_cells)} ô. Xóa các hàng, cột trống thừa ở cuối trang (hoặc chép phần "
            "có số liệu sang trang mới), lưu lại và gửi lại.",
            sheet=sheet,
        )


# ----------------------------------------------------------------------------- sheet extent


def refuse_far_cell(path: Path, sheet: str, row: int, col: int) -> None:
    """Refuse a sheet whose cell at (row, col), 1-based, lies beyond MAX_ROWS × MAX_COLUMNS."""
    if row <= MAX_ROWS and col <= MAX_COLUMNS:
        return
    ref = f"{column_letters(col)}{row}"
    corner = f"{column_letters(MAX_COLUMNS)}{num(MAX_ROWS)}".replace(".", "")
    refuse(
        path,
        "file_cell_too_far",
        f'Trang "{sheet}" có dữ liệu ở ô {ref}, ngoài vùng một biểu báo cáo có thể chiếm '
        f"(tối đa {num(MAX_ROWS)} dòng và {num(MAX_COLUMNS)} cột, tức đến ô {corner}), nên tệp "
        "không được đọc. Mở tệp bằng Excel, nhấn Ctrl+End để tới ô đó: nếu là ô thừa ở xa "
        "bảng số liệu thì xóa đi, lưu lại và gửi lại; nếu bảng thật sự dài hơn thế thì chia "
        "thành nhiều tệp (mỗi tệp một phần các đơn vị) và lập báo cáo từ cả các tệp đó.",
        sheet=sheet,
        cell=ref,
    )
