"""Which cell formats of an .xlsx use a legacy Vietnamese font (.VnTime, VNI-Times)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from defusedxml.ElementTree import iterparse

from dean24.reading.legacy import font_scheme
from dean24.reading.zipparts import Reader, check_member, local, lookup

STYLES = "xl/styles.xml"
# A font name of a legacy scheme anywhere in the styles part; the part is parsed only then.
_LEGACY_NAME = re.compile(rb"""val\s*=\s*["']\s*(?:\.vn|vni[- ])""", re.IGNORECASE)


def legacy_styles(path: Path, zf: zipfile.ZipFile, read: Reader | None = None) -> dict[int, str]:
    """Cell format index (what a cell's s= names) → font name, for TCVN3 and VNI fonts.

    Only the small styles part is read; the sheet scan then notes the cells in those formats.
    """
    fonts, xf_fonts = _styles(path, zf, read or zf.read)
    return {
        index: fonts[font_id]
        for index, font_id in enumerate(xf_fonts)
        if font_id < len(fonts) and font_scheme(fonts[font_id])
    }


def _styles(path: Path, zf: zipfile.ZipFile, read: Reader) -> tuple[list[str], list[int]]:
    """Font names of <fonts>, and the fontId of each <xf> of <cellXfs> (what s= indexes)."""
    fonts: list[str] = []
    xf_fonts: list[int] = []
    info = lookup(zf, STYLES)
    if info is None:
        return fonts, xf_fonts
    check_member(path, info)
    raw = read(info)
    lowered = raw.lower()  # a plain search first: the pattern ignoring case is slower
    if (b".vn" not in lowered and b"vni" not in lowered) or not _LEGACY_NAME.search(raw):
        return fonts, xf_fonts
    section = ""
    with io.BytesIO(raw) as fh:
        for event, elem in iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = local(elem.tag)
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
