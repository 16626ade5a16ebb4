"""The extent an old .xls sheet really uses, from its BIFF cell records, before any reader
builds the sheet's grid; and the rows hidden by hand, from its ROW records.

A guard, not a parser: a structure it does not understand ends the walk quietly (the reader
then says what is wrong); only a cell holding a value beyond the limits is refused.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from dean24.reading.limits import refuse_far_cell
from dean24.reading.ole import Damaged, OleReader

_BOF, _EOF, _BOUNDSHEET, _ROW = 0x0809, 0x000A, 0x0085, 0x0208
_ROW_HIDDEN = 0x0020  # fDyZero in a ROW record's options: the row is hidden
# Records of cells holding a value (blank cells are not part of what a reader keeps):
# FORMULA, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING; MULRK spans several columns.
_VALUE_RECORDS = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6})
_MULRK = 0x00BD


def check_xls_extent(path: Path, data: bytes) -> dict[str, list[int]]:
    """Refuse the .xls in `data` when one of its sheets has a value beyond the limits.
    Returns the rows hidden by hand (0-based) of each visible sheet, by name."""
    try:
        reader = OleReader(io.BytesIO(data), len(data))
        entries = reader.entries()
        book = next(
            (e for e in entries if e.name.lower() in ("workbook", "book") and e.kind == 2), None
        )
        if book is None:
            return {}
        stream = reader.read_head(book, min(book.size, len(data)), reader.root(entries))
    except (Damaged, OSError, struct.error, ValueError, OverflowError, MemoryError):
        return {}
    hidden: dict[str, list[int]] = {}
    for name, offset in _sheets(stream):
        rows = _check_sheet(path, name, stream, offset)
        if rows:
            hidden[name] = rows
    return hidden


def _records(stream: bytes, pos: int) -> tuple[int, int, int]:
    kind, length = struct.unpack_from("<HH", stream, pos)
    return kind, pos + 4, length


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(sheet name, offset of its BOF) from the BOUNDSHEET records of the globals."""
    found: list[tuple[str, int]] = []
    pos = 0
    biff8 = True
    while pos + 4 <= len(stream):
        kind, start, length = _records(stream, pos)
        body = stream[start : start + length]
        if kind == _BOF and pos == 0 and len(body) >= 2:
            biff8 = struct.unpack_from("<H", body)[0] >= 0x0600
        elif kind == _BOUNDSHEET and len(body) >= 8:
            offset = struct.unpack_from("<I", body)[0]
            if body[4] & 0x03 == 0:  # hidden sheets are not read
                found.append((_sheet_name(body[6:], biff8), offset))
        elif kind == _EOF:
            break
        pos = start + length
    return found


def _sheet_name(raw: bytes, biff8: bool) -> str:
    if not raw:
        return ""
    count = raw[0]
    if biff8 and len(raw) >= 2:
        if raw[1] & 1:
            return raw[2 : 2 + 2 * count].decode("utf-16-le", "replace")
        return raw[2 : 2 + count].decode("latin-1")
    return raw[1 : 1 + count].decode("cp1252", "replace")


def _check_sheet(path: Path, name: str, stream: bytes, pos: int) -> list[int]:
    """Walk one sheet's records: refuse a value beyond the limits; the hidden rows."""
    depth = 0
    hidden: list[int] = []
    while pos + 4 <= len(stream):
        kind, start, length = _records(stream, pos)
        if kind == _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                return hidden
        elif depth == 1 and kind == _ROW and length >= 14:
            row, options = struct.unpack_from("<H", stream, start)[0], stream[start + 12]
            if options & _ROW_HIDDEN:
                hidden.append(row)
        elif depth == 1 and length >= 4 and (kind in _VALUE_RECORDS or kind == _MULRK):
            row, col = struct.unpack_from("<HH", stream, start)
            if kind == _MULRK and length >= 6:
                col = struct.unpack_from("<H", stream, start + length - 2)[0]
            refuse_far_cell(path, name, row + 1, col + 1)
        pos = start + length
    return hidden
