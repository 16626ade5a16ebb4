"""One streaming pass over a worksheet part: its extent, uncached formulas, error cells and the
cells set in a legacy Vietnamese font."""

from __future__ import annotations

import pyexpat
import re
from functools import lru_cache
from pathlib import Path

from dean24.reading.limits import (
    CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    column_letters,
    column_number,
    refuse_far_cell,
)
from dean24.reading.zipparts import DtdForbidden

# Every cell element, with its reference when it has one (letters and row, else empty).
_CELL_REF = re.compile(
    rb"""<(?:[\w.-]+:)?c(?:\s[^>]*?\br\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})|[\s>/])"""
)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_HIDDEN_ROW = re.compile(rb"""<(?:[\w.-]+:)?row\s[^>]*?\bhidden\s*=\s*["'](?:1|true)["']""")
# Cheap searches that any formula or error cell matches; only then is the exact one run.
_MAYBE_FORMULA = re.compile(rb"f[\s>/]")
_MAYBE_ERROR = re.compile(rb"""t\s*=\s*["']e["']""")


@lru_cache(maxsize=4096)
def _column(letters: bytes) -> int:
    return column_number(letters.decode("ascii"))


def plain_within_limits(part: bytes) -> bool:
    """Whether a whole worksheet part needs no SheetScan: no formula, no error cell, every cell
    addressed by reference and none beyond the limits, holding a value or not (regular
    expressions over the bytes, far cheaper than parsing)."""
    check = PlainCheck()
    return check.feed(part) and check.finish()


class PlainCheck:
    """plain_within_limits over a worksheet part fed in chunks, as it is inflated.

    Each chunk is cut before its last '<' (the rest waits for the next one), so that no tag,
    the only place the expressions look, is ever split between two pieces. A part whose text
    runs on for more than two chunks without a tag is not plain (a SheetScan judges it).
    """

    _MAX_REST = 2**21

    def __init__(self) -> None:
        self.plain = True
        self._rest = b""
        self._rows = 0
        self._columns = 0

    def feed(self, chunk: bytes) -> bool:
        """Look at the next chunk; whether the part is still plain."""
        data = self._rest + chunk if self._rest else chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            self._rest = data
            self.plain = self.plain and len(data) <= self._MAX_REST
            return self.plain
        self._rest = data[cut:]
        return self._piece(data[:cut])

    def finish(self) -> bool:
        """Whether the whole part, now fed, is plain and within the limits."""
        if self.plain and self._rest:
            self._piece(self._rest)
            self._rest = b""
        return self.plain and self._rows <= MAX_ROWS and self._columns <= MAX_COLUMNS

    def _piece(self, part: bytes) -> bool:
        if not self.plain:
            return False
        if (
            (_MAYBE_FORMULA.search(part) and _FORMULA.search(part))
            or (_MAYBE_ERROR.search(part) and _ERROR_TYPE.search(part))
            or (b"hidden" in part and _HIDDEN_ROW.search(part))
        ):
            self.plain = False
            return False
        refs = _CELL_REF.findall(part)
        letters = {letters for letters, _row in refs}
        if b"" in letters:
            self.plain = False
            return False
        self._rows = max(self._rows, max(map(int, {row for _letters, row in refs}), default=0))
        self._columns = max(self._columns, max(map(_column, letters), default=0))
        return True


class SheetScan:
    """Fed a worksheet part's bytes in chunks, through expat: keeps no tree, works on qualified
    names (any prefix) and refuses any DOCTYPE or entity.

    Notes formula cells without a cached value, cells holding an Excel error (#DIV/0!, #REF!,
    ...), which spreadsheet readers show blank, and cells whose style is one of `legacy` (cell
    format index → font name). Refuses a visible sheet as soon as a cell holding a value lies beyond
    limits.MAX_ROWS × MAX_COLUMNS, before any reader builds its grid.
    """

    def __init__(
        self, path: Path, sheet: str, legacy: dict[int, str] | None = None, capped: bool = True
    ) -> None:
        self.path = path
        self.capped = capped  # hidden sheets are never read, so their extent does not matter
        self.sheet = sheet
        self.uncached: list[str] = []
        self.errors: dict[str, str] = {}
        self.fonts: dict[str, str] = {}
        self.hidden_rows: list[int] = []  # rows hidden by hand (0-based)
        self.rows = 0  # the farthest row and column holding a value (1-based)
        self.columns = 0
        self.legacy = legacy or {}
        self._type = ""
        self._vtext: list[str] = []
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
        raise DtdForbidden

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
                    self._col = self._column()
                self._col += 1
                self._col_known = True
                self._ref = f"{column_letters(self._col)}{self._row}"
            self._formula = self._value = False
            self._type = attrs.get("t", "")
            self._vtext = []
            style = attrs.get("s")
            if self.legacy and style and style.isdigit() and int(style) in self.legacy:
                self.fonts[self._ref] = self.legacy[int(style)]
        elif name == "f":
            self._formula = True
        elif name == "v":
            self._in_v = True
        elif name == "is":
            self._value = True
        elif name == "row":
            ref = attrs.get("r", "")
            self._row = int(ref) if ref.isdigit() else self._row + 1
            self._col, self._col_known, self._ref = 0, True, ""
            if attrs.get("hidden") in ("1", "true"):
                self.hidden_rows.append(self._row - 1)

    def _column(self) -> int:
        match = CELL.fullmatch(self._ref.strip())
        return column_number(match.group(1)) if match else 0

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
            if self._formula and not self._value:
                self.uncached.append(self._ref)
            if self._value:
                self._extend()
        elif name == "sheetData":
            self._in_data = False

    def _extend(self) -> None:
        match = CELL.fullmatch(self._ref.strip()) if not self._col_known else None
        if match:
            row, col = int(match.group(2)), column_number(match.group(1))
        else:
            row, col = self._row, self._col
        if row > self.rows:
            self.rows = row
        if col > self.columns:
            self.columns = col
        if self.capped:
            refuse_far_cell(self.path, self.sheet, row, col)

    def _text(self, data: str) -> None:
        if self._in_v and data:
            self._value = True
            self._vtext.append(data)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        """Parse the next chunk of the part (raises DtdForbidden, ExpatError, InputFileError)."""
        self._parser.Parse(chunk, final)


class OdsScan:
    """Fed an OpenDocument content.xml in chunks: refuses a table as soon as a cell holding a
    value lies beyond the limits, counting repeated rows and columns as a reader expands them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._table = ""
        self._row = 0  # rows before the current one, then the current row's last index
        self._row_repeat = 1
        self._col = 0
        self._cell: tuple[int, int] | None = None  # first column and repeat count of a cell
        self._valued = False
        self._depth_p = 0
        self.hidden_rows: dict[str, list[int]] = {}  # rows hidden by hand (0-based) by table
        parser = pyexpat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = SheetScan._forbid
        parser.EntityDeclHandler = SheetScan._forbid
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self._parser = parser

    @staticmethod
    def _count(attrs: dict[str, str], name: str) -> int:
        value = next((v for k, v in attrs.items() if k.endswith("}" + name)), "1")
        return int(value) if value.isdigit() and 0 < int(value) < 10**9 else 1

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition("}")[2]
        if tag == "table":
            self._table = next((v for k, v in attrs.items() if k.endswith("}name")), "")
            self._row = 0
        elif tag == "table-row":
            self._row_repeat = self._count(attrs, "number-rows-repeated")
            self._col = 0
            shown = next((v for k, v in attrs.items() if k.endswith("}visibility")), "visible")
            if shown in ("collapse", "filter"):
                # A hidden run past the table's rows (to the sheet's end) is cut short.
                rows = range(self._row, self._row + min(self._row_repeat, 100_000))
                self.hidden_rows.setdefault(self._table, []).extend(rows)
        elif tag in ("table-cell", "covered-table-cell"):
            self._cell = (self._col, self._count(attrs, "number-columns-repeated"))
            self._valued = any(k.endswith("}value-type") for k in attrs)
        elif tag == "p" and self._cell is not None:
            self._depth_p += 1

    def _text(self, data: str) -> None:
        if self._depth_p and data.strip():
            self._valued = True

    def _end(self, name: str) -> None:
        tag = name.rpartition("}")[2]
        if tag in ("table-cell", "covered-table-cell") and self._cell is not None:
            first, repeat = self._cell
            self._col = first + repeat
            if self._valued:
                last_row = self._row + self._row_repeat
                refuse_far_cell(self.path, self._table, last_row, self._col)
            self._cell, self._valued, self._depth_p = None, False, 0
        elif tag == "p" and self._depth_p:
            self._depth_p -= 1
        elif tag == "table-row":
            self._row += self._row_repeat

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self._parser.Parse(chunk, final)
