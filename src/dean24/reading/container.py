"""Open a workbook once: what it is, its limits, and one streaming pass over its parts.

The file is read into memory once; a zip workbook's container is opened once and every entry
inflated once, in bounded chunks, which checks its CRC, refuses DOCTYPE/ENTITY declarations,
and streams each worksheet through a SheetScan (extent, uncached formulas, error cells, legacy
fonts). An old .xls has its cell records walked for the extent. Only then may a spreadsheet
reader build a sheet's grid, from the same bytes.
"""

from __future__ import annotations

import posixpath
import pyexpat
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException

from dean24.reading.biff import check_xls_extent
from dean24.reading.fonts import STYLES, legacy_styles
from dean24.reading.limits import (
    MAX_CELLS,
    XML_HEAD_BYTES,
    check_dimension,
    check_xml_head,
    is_xml_part,
    zip_limits,
)
from dean24.reading.refusal import corrupt, entities
from dean24.reading.sheetscan import OdsScan, PlainCheck, SheetScan, plain_within_limits
from dean24.reading.sniff import kind_of, read_file
from dean24.reading.zipparts import (
    XML_ERRORS,
    ZIP_ERRORS,
    DtdForbidden,
    PartReader,
    Reader,
    check_member,
    find_workbook,
    sheet_parts,
)

__all__ = ["OpenedWorkbook", "open_workbook"]

_CHUNK = 2**20
# Parts no spreadsheet reader opens: document properties, themes, pictures, charts, printer
# settings. They are neither inflated nor checked.
_UNREAD = (
    "docprops/",
    "xl/theme/",
    "xl/media/",
    "xl/drawings/",
    "xl/charts/",
    "xl/printersettings/",
    "xl/embeddings/",
    "customxml/",
    "thumbnails/",
    "pictures/",
    "configurations2/",
    "meta.xml",
    "settings.xml",
)


@dataclass
class OpenedWorkbook:
    """A workbook that passed every check: its kind, its bytes, and what the scans found."""

    kind: str  # "xlsx", "xlsb", "ods" or "xls"
    data: bytes
    scans: dict[str, SheetScan] = field(default_factory=dict)  # by sheet name (.xlsx)
    # rows hidden by hand (0-based) by sheet name, for .xls and .ods (an .xlsx scan has them)
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)

    def scan(self, sheet: str) -> SheetScan | None:
        """The scan of a sheet by name (exact, else regardless of case)."""
        found = self.scans.get(sheet)
        if found is None:
            folded = sheet.casefold()
            found = next((s for n, s in self.scans.items() if n.casefold() == folded), None)
        return found


def open_workbook(path: Path, *, max_cells: int = MAX_CELLS) -> OpenedWorkbook:
    """Read the file once, say what it is and refuse it when broken, hostile or too large.

    Raises InputFileError naming the file (and the sheet and cell where there is one).
    """
    path = Path(path)
    data = read_file(path)
    kind, zf = kind_of(path, data)
    if zf is None:
        hidden = check_xls_extent(path, data) if kind == "xls" else {}
        return OpenedWorkbook(kind, data, hidden_rows=hidden)
    hidden = {}
    with zf:
        scans = _one_pass(path, zf, PartReader(zf, data), kind, max_cells, hidden)
    return OpenedWorkbook(kind, data, scans, hidden)


def _one_pass(
    path: Path,
    zf: zipfile.ZipFile,
    read: Reader,
    kind: str,
    max_cells: int,
    hidden: dict[str, list[int]],
) -> dict[str, SheetScan]:
    zip_limits(path, zf)
    infos = [
        info
        for info in zf.infolist()
        if not info.filename.endswith("/") and not info.filename.lower().startswith(_UNREAD)
    ]
    meta = _meta_parts(path, zf) if kind == "xlsx" else set()
    first = [info for info in infos if info.filename.lower() in meta]
    rest = [info for info in infos if info.filename.lower() not in meta]
    names: dict[str, str] = {}
    scans: dict[str, SheetScan] = {}
    for info in first:
        _inflate(path, zf, read, info, names, None, max_cells)
    sheets: list[tuple[str, str, bool]] = []
    legacy: dict[int, str] = {}
    if kind == "xlsx":
        try:
            sheets = sheet_parts(path, zf, read)
            legacy = legacy_styles(path, zf, read)
        except (DefusedXmlException, DtdForbidden):
            entities(path)
        except XML_ERRORS:
            corrupt(path, "phần XML của sổ làm việc không đọc được")
    names = {part.lower(): name for name, part, _visible in sheets}
    visible = {part.lower() for _name, part, shown in sheets if shown}
    for info in rest:
        key = info.filename.lower()
        scan: SheetScan | OdsScan | None = None
        if kind == "ods" and key == "content.xml":
            scan = OdsScan(path)
        elif key in names:
            scan = SheetScan(path, names[key], legacy, capped=key in visible)
            scans.setdefault(names[key], scan)
        _inflate(path, zf, read, info, names, scan, max_cells)
        if isinstance(scan, OdsScan):
            hidden.update(scan.hidden_rows)
    return scans


def _meta_parts(path: Path, zf: zipfile.ZipFile) -> set[str]:
    """Lower-case names of the small parts read before the sheets: content types, the
    workbook, its relationships and the styles."""
    parts = {"[content_types].xml", "_rels/.rels", STYLES}
    found = find_workbook(path, zf)
    if found is not None and found[0] == "xlsx":
        workbook = found[1]
        folder = posixpath.dirname(workbook)
        parts.add(workbook.lower())
        parts.add(posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels").lower())
    return parts


def _chunks(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, read: Reader | None
) -> Generator[bytes, None, None]:
    """An entry's inflated bytes: at once for a small one, else in bounded chunks."""
    if read is not None and info.file_size <= PartReader.SMALL:
        yield read(info)
        return
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def _plain(first: bytes, second: bytes, rest: Iterator[bytes]) -> bool | None:
    """Whether a worksheet part in chunks is plain (PlainCheck); None when its first two
    chunks already say it is not (nothing more was inflated)."""
    check = PlainCheck()
    if not (check.feed(first) and check.feed(second)):
        return None
    return all(check.feed(chunk) for chunk in rest) and check.finish()


def _inflate(
    path: Path,
    zf: zipfile.ZipFile,
    read: Reader | None,
    info: zipfile.ZipInfo,
    names: dict[str, str],
    scan: SheetScan | OdsScan | None,
    max_cells: int,
) -> None:
    """Inflate one entry: head checks, CRC, and the sheet scan if any."""
    check_member(path, info)
    xml = is_xml_part(info.filename)
    try:
        chunks = _chunks(zf, info, read)
        chunk = next(chunks, b"")
        dimension = None
        if xml:
            head = chunk[:XML_HEAD_BYTES]
            dimension = check_xml_head(path, info.filename, head, len(head) >= XML_HEAD_BYTES)
        following = next(chunks, b"") if chunk else b""
        # A sheet with nothing to note is judged from its bytes alone: at once when small,
        # else chunk by chunk; one found otherwise part of the way is inflated again, for the
        # scan.
        if isinstance(scan, SheetScan) and not scan.legacy:
            if not following:
                if plain_within_limits(chunk):
                    scan = None
            elif (plain := _plain(chunk, following, chunks)) is not None:
                if plain:
                    scan, chunk = None, b""
                else:
                    chunks.close()
                    chunks = _chunks(zf, info, read)
                    chunk = next(chunks, b"")
                    following = next(chunks, b"") if chunk else b""
        while chunk:
            if scan is not None:
                scan.feed(chunk)
            chunk, following = following, (next(chunks, b"") if following else b"")
        if scan is not None:
            scan.feed(b"", final=True)
        # A far cell really used was refused above, by name; a sheet that only declares a
        # huge extent is refused after.
        if scan is None or (isinstance(scan, SheetScan) and scan.capped):
            sheet = names.get(info.filename.lower(), "") or info.filename
            check_dimension(path, sheet, dimension, max_cells)
    except DtdForbidden:
        entities(path, info.filename)
    except pyexpat.ExpatError:
        corrupt(path, f"phần XML {info.filename} không đọc được")
    except ZIP_ERRORS:
        corrupt(path, f"dữ liệu phần {info.filename} bị hỏng, sai mã kiểm tra CRC")
