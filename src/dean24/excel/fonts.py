"""Which cells of an .xlsx sheet are set in a legacy Vietnamese font (.VnTime, VNI-Times)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml.ElementTree import iterparse

from dean24.excel.sniff import (
    _ZIP_MAGICS,
    _check_member,
    _iter_named,
    _lookup,
    _open_zip,
    _read_head,
    _sheet_parts,
)
from dean24.legacy import font_scheme

STYLES = "xl/styles.xml"


def legacy_font_cells(path: Path, sheet_name: str) -> dict[str, str]:
    """A1 ref → font name, for the sheet's cells whose font is a TCVN3 or VNI one.

    The styles are read first; the sheet is streamed only when some cell format uses such a
    font, so an ordinary workbook costs one small part. Other formats give {}: there the text
    alone decides.
    """
    if _read_head(path, 4) not in _ZIP_MAGICS:
        return {}
    with _open_zip(path) as zf:
        fonts, xf_fonts = _styles(path, zf)
        legacy = {
            index: fonts[font_id]
            for index, font_id in enumerate(xf_fonts)
            if font_id < len(fonts) and font_scheme(fonts[font_id])
        }
        if not legacy:
            return {}
        part = next((p for name, p in _sheet_parts(path, zf) if name == sheet_name), None)
        if part is None:
            return {}
        found: dict[str, str] = {}
        for attrs in _iter_named(path, zf, part, "c"):
            style, ref = attrs.get("s", ""), attrs.get("r", "")
            if ref and style.isdigit() and int(style) in legacy:
                found[ref] = legacy[int(style)]
        return found


def _styles(path: Path, zf: zipfile.ZipFile) -> tuple[list[str], list[int]]:
    """Font names of <fonts>, and the fontId of each <xf> of <cellXfs> (what s= indexes)."""
    fonts: list[str] = []
    xf_fonts: list[int] = []
    info = _lookup(zf, STYLES)
    if info is None:
        return fonts, xf_fonts
    _check_member(path, info)
    section = ""
    with zf.open(info) as fh:
        for event, elem in iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag in {"fonts", "cellXfs"}:
                section = tag if event == "start" else ""
            elif event == "start" and section == "fonts" and tag == "font":
                fonts.append("")
            elif event == "start" and section == "fonts" and tag == "name" and fonts:
                fonts[-1] = elem.attrib.get("val", "")
            elif event == "start" and section == "cellXfs" and tag == "xf":
                font_id = elem.attrib.get("fontId", "0")
                xf_fonts.append(int(font_id) if font_id.isdigit() else 0)
            if event == "end":
                elem.clear()
    return fonts, xf_fonts
