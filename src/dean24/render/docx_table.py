"""WordprocessingML for the report's body: paragraphs and data tables as lxml elements.

Everything that is look (borders, shading, font, size, spacing, the header row's and the
totals row's emphasis) comes from the template's named styles; a cell carries only its text,
its paragraph style and its width. Elements are built directly, with the style ids looked up
once, so a body of thousands of rows or paragraphs is built in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from docx.oxml import OxmlElement
from docx.oxml.parser import parse_xml
from lxml import etree

from dean24.words.document import PAIR_SEP, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TWIPS_PER_MM = 1440 / 25.4

TABLE_STYLE = "Dean24 Table"
HEADING_STYLE = "Dean24 Table Heading"
# The paragraph style of a data cell, by the column's alignment.
CELL_STYLES = {
    "left": "Dean24 Table Text",
    "right": "Dean24 Table Number",
    "center": "Dean24 Table Center",
}
_JC = {"left": "left", "right": "right", "center": "center"}
# Characters XML 1.0 cannot hold; a notes file could carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Text whose white space Word would collapse without xml:space="preserve": at either end, two
# in a row, or other than a plain space.
_LOOSE_SPACE = re.compile(r"^\s|\s$|\s\s|[^\S ]")


def keeps_space(text: str) -> bool:
    """Whether a w:t holding text needs xml:space="preserve". Only those get it: lxml moves a
    tree with many xml:space attributes into the document in quadratic time (a table of
    20.000 rows: over a minute)."""
    return _LOOSE_SPACE.search(text) is not None


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, w(tag))
    for name, value in attributes.items():
        element.set(w(name), value)
    return element


class Styles:
    """Style name → style id of a document, read once."""

    def __init__(self, styles: Iterable[tuple[str, str]]) -> None:
        self.ids: dict[str, str] = dict(styles)

    def __contains__(self, name: str) -> bool:
        return name in self.ids

    def id(self, name: str) -> str | None:
        return self.ids.get(name)


def paragraph(
    text: str,
    style: str | None,
    *,
    bold: bool = False,
    italic: bool = False,
    highlight: bool = False,
    align: str | None = None,
) -> etree._Element:
    """A w:p, the root of its own tree, with one run of text (none when text is empty)."""
    p = OxmlElement("w:p")
    if style or align:
        ppr = sub(p, "pPr")
        if style:
            sub(ppr, "pStyle", val=style)
        if align:
            sub(ppr, "jc", val=align)
    if text:
        r = sub(p, "r")
        if bold or italic or highlight:
            rpr = sub(r, "rPr")
            if bold:
                sub(rpr, "b")
            if italic:
                sub(rpr, "i")
            if highlight:
                sub(rpr, "highlight", val="yellow")
        t = sub(r, "t")
        t.text = _NOT_XML.sub("", text)
        if keeps_space(t.text):
            t.set(XML_SPACE, "preserve")
    return p


def set_paragraph_flag(p: etree._Element, flag: str) -> None:
    """Set keepNext or pageBreakBefore on a paragraph, in schema order."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    if ppr.find(w(flag)) is not None:
        return
    element = etree.Element(w(flag))
    style = ppr.find(w("pStyle"))
    order = ["keepNext", "keepLines", "pageBreakBefore"]
    index = 1 if style is not None else 0
    for child in ppr:
        name = etree.QName(child).localname
        if name in order and order.index(name) < order.index(flag):
            index = list(ppr).index(child) + 1
    ppr.insert(index, element)


# ----- data tables ---------------------------------------------------------------------------


@dataclass
class Layout:
    """A data table as it is laid out: leaf columns, header rows, body rows."""

    header_rows: list[list[tuple[str, int, str]]]  # per row: (text, columns spanned, vMerge)
    columns: list[str]  # the leaf columns' headings (for widths)
    align: list[str]
    rows: list[list[str]]


def layout(table: Table) -> Layout:
    """Split paired cells into sub-columns under a merged heading when the table asks for it."""
    if not table.pair:
        return Layout(
            [[(text, 1, "") for text in table.header]], table.header, table.align, table.rows
        )
    fixed = 2
    top: list[tuple[str, int, str]] = [(text, 1, "restart") for text in table.header[:fixed]]
    second: list[tuple[str, int, str]] = [("", 1, "continue") for _ in table.header[:fixed]]
    columns = list(table.header[:fixed])
    align = list(table.align[:fixed])
    for text, column_align in zip(table.header[fixed:], table.align[fixed:], strict=False):
        top.append((text, 2, ""))
        second.extend((sub_heading, 1, "") for sub_heading in table.pair)
        columns.extend(table.pair)
        align.extend([column_align, column_align])
    rows = []
    for row in table.rows:
        cells = list(row[:fixed])
        for cell in row[fixed:]:
            first, found, second_value = cell.partition(PAIR_SEP)
            cells.extend([first, second_value] if found else [cell, cell])
        rows.append(cells)
    return Layout([top, second], columns, align, rows)


def table_element(
    table: Table,
    widths_mm: list[float],
    styles: Styles,
) -> etree._Element:
    """The w:tbl of a data table: styled by the template's table and paragraph styles.

    Written as one XML string and parsed once: a table of 1.000 units has 16.000 cells.
    """
    element: etree._Element = parse_xml("".join(table_xml(table, widths_mm, styles)))
    return element


def table_xml(
    table: Table, widths_mm: list[float], styles: Styles, shape: Layout | None = None
) -> Iterator[str]:
    """The w:tbl of a data table as XML text, in pieces of about a row each (a table of
    20.000 units is 50 MB of XML: written into the document as it comes, never whole).
    shape: layout(table), when the caller has it already."""
    shape = shape or layout(table)
    twips = [round(width * TWIPS_PER_MM) for width in widths_mm]
    table_style = styles.id(TABLE_STYLE)
    out = [f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>']
    if table_style:
        out.append(f'<w:tblStyle w:val="{_attr(table_style)}"/>')
    out.append(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>')
    if not table_style:
        # An older template without the table style: thin borders on the table itself.
        sides = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        out.append(f"<w:tblBorders>{sides}</w:tblBorders>")
    last_row = "1" if table.total else "0"
    out.append(
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="{"0060" if table.total else "0020"}" w:firstRow="1" '
        f'w:lastRow="{last_row}" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
        'w:noVBand="1"/></w:tblPr><w:tblGrid>'
    )
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in twips)
    out.append("</w:tblGrid>")
    heading_style = styles.id(HEADING_STYLE)
    heading = _ppr(heading_style, None if heading_style else "center")
    bold_heading = styles.id(HEADING_STYLE) is None
    # Rows never split across pages; the header rows repeat on every page.
    for header in shape.header_rows:
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        column = 0
        for text, span, merge in header:
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(twips[column : column + span])}" ')
            out.append('w:type="dxa"/>')
            if span > 1:
                out.append(f'<w:gridSpan w:val="{span}"/>')
            if merge == "restart":
                out.append('<w:vMerge w:val="restart"/>')
            elif merge:
                out.append("<w:vMerge/>")
            out.append(f"</w:tcPr><w:p>{heading}{_run(text, bold=bold_heading)}</w:p></w:tc>")
            column += span
        out.append("</w:tr>")
    by_align = {}
    for align, name in CELL_STYLES.items():
        own = styles.id(name)
        # A template without this style: the text style, aligned on the paragraph itself.
        by_align[align] = _ppr(own or styles.id(CELL_STYLES["left"]), None if own else align)
    starts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>' for width in twips]
    properties = [by_align.get(align, by_align["left"]) for align in shape.align]
    properties += [by_align["left"]] * (len(twips) - len(properties))
    last = len(shape.rows) - 1
    yield "".join(out)
    cells = [f"{start}{ppr}" for start, ppr in zip(starts, properties, strict=False)]
    # Each column's cells by their text, written once: a column of figures repeats a few.
    seen: list[dict[str, str]] = [{} for _ in cells]
    for index, values in enumerate(shape.rows):
        bold = table.total and index == last and not table_style
        row = ["<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
        for column, text in enumerate(values):
            cell = None if bold else seen[column].get(text)
            if cell is None:
                cell = f"{cells[column]}{_run(text, bold=bold)}</w:p></w:tc>"
                if not bold:
                    seen[column][text] = cell
            row.append(cell)
        row.append("</w:tr>")
        yield "".join(row)
    yield "</w:tbl>"


def _attr(text: str) -> str:
    return escape(text)


def _ppr(style: str | None, align: str | None) -> str:
    """A paragraph's properties: its style and, where the template lacks the style that
    aligns it, the alignment."""
    inner = f'<w:pStyle w:val="{_attr(style)}"/>' if style else ""
    if align:
        inner += f'<w:jc w:val="{_JC.get(align, "left")}"/>'
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


@lru_cache(maxsize=4096)
def _run(text: str, *, bold: bool = False) -> str:
    if not text:
        return ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    clean = _NOT_XML.sub("", text)
    space = ' xml:space="preserve"' if keeps_space(clean) else ""
    return f"<w:r>{rpr}<w:t{space}>{escape(clean, quote=False)}</w:t></w:r>"


# ----- column widths -------------------------------------------------------------------------

MM_PER_PT = 25.4 / 72
_FIGURE = re.compile(r"^[+-]?[\d.,]+%?$")


@lru_cache(maxsize=65536)
def _em(text: str, bold: bool = False) -> float:
    """Approximate width of text in ems of Times New Roman."""
    total = 0.0
    for ch in text:
        if ch.isdigit():
            total += 0.5
        elif ch in " .,;:'!|":
            total += 0.26
        elif ch in "/()-[]*":
            total += 0.34
        elif ch in "%&@":
            total += 0.83
        elif ch.isupper():
            total += 0.72
        else:
            total += 0.47
    return total * (1.08 if bold else 1.0)


def _two_lines(heading: str) -> float:
    """The least width, in ems, that holds a heading on two lines at most ("6 tháng đầu năm
    2026" as "6 tháng đầu" over "năm 2026"), never less than its longest word."""
    words = heading.split()
    if len(words) < 3:
        return max((_em(word, bold=True) for word in words), default=1.0)
    # 10% spare: the widths of the letters are estimates, and a third line is what we avoid
    return 1.1 * min(
        max(_em(" ".join(words[:k]), bold=True), _em(" ".join(words[k:]), bold=True))
        for k in range(1, len(words))
    )


def least_and_wanted(
    table: Table, pt: float, padding_mm: float, shape: Layout | None = None
) -> tuple[list[float], list[float]]:
    """Per leaf column, in mm: the least width (its longest word; a number never breaks) and
    the width that holds its longest cell (and, outside a paired table, a short heading) on
    one line (shape: layout(table), when the caller has it already)."""
    shape = shape or layout(table)
    mm_per_em = pt * MM_PER_PT
    least: list[float] = []
    wanted: list[float] = []
    for j, head in enumerate(shape.columns):
        # Each distinct text once: a column of figures repeats the same few.
        cells = list(dict.fromkeys(row[j] for row in shape.rows if j < len(row)))
        words = [_two_lines(head)]
        for cell in cells:
            # A figure ("1.204", "46,7%", "+3") never breaks; words may.
            words.extend([_em(cell)] if _FIGURE.match(cell) else [_em(w) for w in cell.split()])
        low = max(words, default=1.0) * mm_per_em + padding_mm
        # the longest cell on one line, and a heading of one or two words too ("Lũy kế", never
        # "Lũy" over "kế"; longer ones hold on two lines, see _two_lines), but for the
        # sub-columns of a paired table, which are many and narrow
        short = not table.pair and len(head.split()) <= 2
        heading = [_em(head, bold=True)] if short else []
        high = max(heading + [_em(cell) for cell in cells], default=0.0) * mm_per_em
        high += padding_mm
        least.append(low)
        wanted.append(max(low, high))
    return least, wanted


def column_widths(
    table: Table,
    width_mm: float,
    pt: float,
    padding_mm: float,
    measured: tuple[list[float], list[float]] | None = None,
) -> list[float]:
    """Leaf column widths in mm that fill width_mm: each column at least its longest word;
    the room left is shared by how much more each wants, to the power 0.75, a column that
    needs less than its share getting just what it wants ("Lũy kế" on one line): a column of
    long lists does not squeeze a column of short labels to a word a line (measured:
    least_and_wanted's result, when the caller has it already)."""
    least, wanted = measured or least_and_wanted(table, pt, padding_mm)
    if sum(least) >= width_mm:
        return [w * width_mm / sum(least) for w in least]
    if sum(wanted) <= width_mm:
        return [w * width_mm / sum(wanted) for w in wanted]
    room = width_mm - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    given = [0.0] * len(extra)
    sharing = {j for j, e in enumerate(extra) if e > 0}
    while sharing:
        weight = {j: extra[j] ** 0.75 for j in sharing}
        total = sum(weight.values())
        sated = {j for j in sharing if room * weight[j] / total >= extra[j]}
        if not sated:
            for j in sharing:
                given[j] = room * weight[j] / total
            break
        for j in sated:
            given[j] = extra[j]
            room -= extra[j]
        sharing -= sated
    return [m + g for m, g in zip(least, given, strict=True)]


def style_ids(styles: Iterable[object]) -> Mapping[str, str]:
    """Name → id of python-docx style objects."""
    out: dict[str, str] = {}
    for style in styles:
        name, style_id = getattr(style, "name", None), getattr(style, "style_id", None)
        if isinstance(name, str) and isinstance(style_id, str):
            out[name] = style_id
    return out
