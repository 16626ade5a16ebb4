"""WordprocessingML for the report's body: paragraphs and data tables as lxml elements.

Everything that is look (borders, shading, font, size, spacing, the header row's and the
totals row's emphasis) comes from the template's named styles; a cell carries only its text,
its paragraph style and its width. Elements are built directly, with the style ids looked up
once, so a body of thousands of rows or paragraphs is built in linear time.
"""

from __future__ import annotations

import re
import unicodedata
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


NBSP = "\u00a0"


def two_lines(heading: str) -> str:
    """A heading of three words or more as it is printed: the words of each of its two lines
    joined by no-break spaces, broken where the two lines are most even ("Đảng viên" over
    "kết nạp", "6 tháng đầu" over "năm 2026"), so that a narrow column never breaks it
    inside a two-syllable word ("Đảng viên kết" over "nạp"); on one line where it fits."""
    words = heading.split()
    if len(words) < 3:
        return heading
    k = min(
        range(1, len(words)),
        key=lambda k: max(_em(" ".join(words[:k]), True), _em(" ".join(words[k:]), True)),
    )
    return f"{NBSP.join(words[:k])} {NBSP.join(words[k:])}"


def layout(table: Table) -> Layout:
    """Split paired cells into sub-columns under a merged heading when the table asks for it;
    headings as printed (two_lines), the leaf columns' headings as written (for widths)."""
    if not table.pair:
        return Layout(
            [[(two_lines(text), 1, "") for text in table.header]],
            table.header,
            table.align,
            table.rows,
        )
    fixed = 2
    top = [(two_lines(text), 1, "restart") for text in table.header[:fixed]]
    second: list[tuple[str, int, str]] = [("", 1, "continue") for _ in table.header[:fixed]]
    columns = list(table.header[:fixed])
    align = list(table.align[:fixed])
    for text, column_align in zip(table.header[fixed:], table.align[fixed:], strict=False):
        top.append((two_lines(text), 2, ""))
        second.extend((two_lines(sub_heading), 1, "") for sub_heading in table.pair)
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
    size_pt: float | None = None,
    margin_mm: float | None = None,
) -> etree._Element:
    """The w:tbl of a data table: styled by the template's table and paragraph styles.

    Written as one XML string and parsed once: a table of 1.000 units has 16.000 cells.
    """
    element: etree._Element = parse_xml(
        "".join(table_xml(table, widths_mm, styles, size_pt=size_pt, margin_mm=margin_mm))
    )
    return element


def table_xml(
    table: Table,
    widths_mm: list[float],
    styles: Styles,
    shape: Layout | None = None,
    size_pt: float | None = None,
    margin_mm: float | None = None,
) -> Iterator[str]:
    """The w:tbl of a data table as XML text, in pieces of about a row each (a table of
    20.000 units is 50 MB of XML: written into the document as it comes, never whole).
    shape: layout(table), when the caller has it already; size_pt: the letters' size when
    the table is set smaller than its styles say (see fitting_size); margin_mm: the cells'
    left and right margin when narrower than the table style's."""
    shape = shape or layout(table)
    size = "" if size_pt is None else _size(size_pt)
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
    out.append('<w:tblLayout w:type="fixed"/>')
    if margin_mm is not None:
        side = round(margin_mm * TWIPS_PER_MM)
        out.append(
            f'<w:tblCellMar><w:left w:w="{side}" w:type="dxa"/>'
            f'<w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
        )
    out.append(
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
            out.append(
                f"</w:tcPr><w:p>{heading}{_run(text, bold=bold_heading, size=size)}</w:p></w:tc>"
            )
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
                cell = f"{cells[column]}{_run(text, bold=bold, size=size)}</w:p></w:tc>"
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


def _size(pt: float) -> str:
    """A run's size in half-points."""
    half = round(pt * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


@lru_cache(maxsize=4096)
def _run(text: str, *, bold: bool = False, size: str = "") -> str:
    if not text:
        return ""
    inner = ("<w:b/>" if bold else "") + size
    rpr = f"<w:rPr>{inner}</w:rPr>" if inner else ""
    clean = _NOT_XML.sub("", text)
    space = ' xml:space="preserve"' if keeps_space(clean) else ""
    return f"<w:r>{rpr}<w:t{space}>{escape(clean, quote=False)}</w:t></w:r>"


# ----- column widths -------------------------------------------------------------------------

MM_PER_PT = 25.4 / 72
_FIGURE = re.compile(r"^[+-]?[\d.,]+%?$")

# Advance widths, in thousandths of an em, of the printable ASCII characters (32 to 126) in
# Times New Roman (the metrics Liberation Serif shares); a Vietnamese letter takes its base
# letter's ("é" as "e"), but those with two marks, a dot below or a horn ("ế", "ạ", "ơ"):
# Liberation Serif has none of them and LibreOffice draws them from DejaVu Serif, whose
# vowels are wider (_WIDE), so a column wide enough there is wide enough in Word.
_TIMES = {
    False: (
        "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 "
        "500 500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 "
        "389 722 611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 "
        "500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 "
        "278 500 500 722 500 500 444 480 200 480 541"
    ),
    True: (
        "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 "
        "500 500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 "
        "500 778 667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 "
        "500 333 500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 "
        "333 556 500 722 500 500 444 394 220 394 520"
    ),
}
_ADVANCE = {bold: [int(v) / 1000 for v in text.split()] for bold, text in _TIMES.items()}
_WIDE = {
    False: dict(
        zip(
            "aeiouyAEIOUY",
            (0.596, 0.592, 0.32, 0.602, 0.644, 0.565, 0.722, 0.73, 0.395, 0.82, 0.843, 0.66),
            strict=True,
        )
    ),
    True: dict(
        zip(
            "aeiouyAEIOUY",
            (0.648, 0.636, 0.38, 0.667, 0.727, 0.581, 0.776, 0.762, 0.468, 0.871, 0.872, 0.714),
            strict=True,
        )
    ),
}
_HORN = "\u031b"


@lru_cache(maxsize=65536)
def _words(text: str) -> list[str]:
    """What a line may break between: words parted by spaces, those joined by a no-break space
    one unit ('mục tiêu' in a cell written 'mục\u00a0tiêu')."""
    return text.split(" ") if text.strip(" ") else []


def _em(text: str, bold: bool = False) -> float:
    """Width of text in ems of Times New Roman."""
    advance = _ADVANCE[bold]
    total = 0.0
    for ch in text:
        code = 32 if ch == NBSP else ord(ch)
        if not 32 <= code < 127:
            decomposed = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
            if (0x1E00 <= code <= 0x1EFF or _HORN in decomposed) and decomposed[0] in _WIDE[bold]:
                total += _WIDE[bold][decomposed[0]]
                continue
            code = ord(decomposed[0])
        total += advance[code - 32] if 32 <= code < 127 else 0.5
    return total


def _two_lines(heading: str) -> float:
    """The least width, in ems, that holds a heading on two lines at most ("6 tháng đầu năm
    2026" as "6 tháng đầu" over "năm 2026"), never less than its longest word; a heading of
    two words on one line: in Vietnamese two syllables are mostly one word ("Lũy kế",
    "Trong kỳ", "Tỷ lệ"), which a break splits."""
    words = heading.split()
    if not words:
        return 1.0
    # spare: a renderer's letters and spaces differ a little, and a break is avoided (2%
    # on one line: the unit table's seven pairs of "Trong kỳ", "Lũy kế" leave the units'
    # names their room at 10 pt only so)
    if len(words) < 3:
        return 1.02 * _em(" ".join(words), bold=True)
    return 1.05 * min(
        max(_em(" ".join(words[:k]), bold=True), _em(" ".join(words[k:]), bold=True))
        for k in range(1, len(words))
    )


@lru_cache(maxsize=65536)
def _steps(text: str, bold: bool = False) -> tuple[tuple[float, int], ...]:
    """How many lines a cell takes by width: (least width in ems, lines), the lines falling
    as the width grows; a figure never breaks, words break at spaces only."""
    if _FIGURE.match(text) or " " not in text.strip():
        return ((_em(text.strip(), bold), 1),)
    words = [_em(word, bold) for word in _words(text)]
    space = _em(" ", bold)
    runs = sorted(
        {
            sum(words[i:j]) + space * (j - i - 1)
            for i in range(len(words))
            for j in range(i + 1, len(words) + 1)
        }
    )
    steps: list[tuple[float, int]] = []
    for width in runs:
        if width < max(words):
            continue
        lines, used = 1, -space
        for word in words:
            if used + space + word > width * (1 + 1e-9):
                lines, used = lines + 1, word
            else:
                used += space + word
        if not steps or lines < steps[-1][1]:
            steps.append((width, lines))
    return tuple(steps)


def _lines(steps: tuple[tuple[float, int], ...], width_em: float) -> int:
    lines = steps[0][1]
    for least, count in steps:
        if least <= width_em * (1 + 1e-9):
            lines = count
        else:
            break
    return lines


def least_and_wanted(
    table: Table, pt: float, padding_mm: float, shape: Layout | None = None
) -> tuple[list[float], list[float]]:
    """Per leaf column, in mm: the least width (its longest word, a number never breaks; its
    heading on two lines at most, "6 tháng đầu năm 2026") and the width that holds its longest
    cell on one line (shape: layout(table), when the caller has it already)."""
    shape = shape or layout(table)
    mm_per_em = pt * MM_PER_PT
    least: list[float] = []
    wanted: list[float] = []
    for j, head in enumerate(shape.columns):
        # Each distinct text once: a column of figures repeats the same few.
        cells = list(dict.fromkeys(row[j] for row in shape.rows if j < len(row)))
        words = [_two_lines(head)]
        for cell in cells:
            words.extend([_em(cell)] if _FIGURE.match(cell) else [_em(w) for w in _words(cell)])
        low = max(words, default=1.0) * mm_per_em + padding_mm
        high = max([_em(cell) for cell in cells], default=0.0) * mm_per_em + padding_mm
        least.append(low)
        wanted.append(max(low, high))
    if len(shape.header_rows) > 1:
        _span_headings(shape, least, wanted, mm_per_em, padding_mm)
    return least, wanted


def _span_headings(
    shape: Layout, least: list[float], wanted: list[float], mm_per_em: float, padding_mm: float
) -> None:
    """A heading over several columns ("Công đoàn cơ sở" over "Trong kỳ" and "Lũy kế") has
    their widths together: at least enough for it on two lines, wanting it on one (a
    narrower pair broke it "Công đoàn cơ" over "sở")."""
    column = 0
    for text, span, _ in shape.header_rows[0]:
        if span > 1 and text.strip():
            need = _two_lines(text) * mm_per_em + padding_mm
            one = 1.05 * _em(" ".join(text.split()), bold=True) * mm_per_em + padding_mm
            _widen(least, column, span, need)
            _widen(wanted, column, span, max(need, one))
        column += span


def _widen(widths: list[float], start: int, span: int, need: float) -> None:
    """Spread what columns start..start+span lack of need over them, by their widths."""
    have = sum(widths[start : start + span])
    if have < need:
        for j in range(start, start + span):
            widths[j] += (need - have) * widths[j] / have


# A table too wide for its page at the styles' size is set smaller, half a point at a time,
# by at most this much (the unit table of 7 indicators at 12 pt broke "Trong kỳ", "Lũy kế";
# the trend over eight periods at 10 pt left the indicators' names one word a line).
SMALLER_PT = 3.0


def fitting_size(
    table: Table, width_mm: float, pt: float, padding_mm: float, shape: Layout
) -> tuple[float, tuple[list[float], list[float]]]:
    """The size, from pt down to pt - SMALLER_PT by half points, at which every column's
    least width (least_and_wanted) fits width_mm and the table takes the fewest lines (a
    smaller size that fits the headings whole can still break every unit's name: the larger
    one wins a tie), with the widths measured at it; the smallest when none fits (a table
    scaled down at a larger size breaks more words)."""
    sizes = [pt - 0.5 * k for k in range(int(SMALLER_PT * 2) + 1)]
    best: tuple[int, float, tuple[list[float], list[float]]] | None = None
    measured = least_and_wanted(table, sizes[-1], padding_mm, shape)
    for size in sizes:
        found = least_and_wanted(table, size, padding_mm, shape)
        if sum(found[0]) > width_mm:
            continue
        if len(shape.rows) > _SEARCH_ROWS:
            return size, found
        widths = column_widths(table, width_mm, size, padding_mm, found, shape)
        lines = _table_lines(shape, widths, size, padding_mm)
        if best is None or lines < best[0]:
            best = (lines, size, found)
    return (best[1], best[2]) if best else (sizes[-1], measured)


def _table_lines(shape: Layout, widths: list[float], pt: float, padding_mm: float) -> int:
    """Lines of text down the table at widths: each row as tall as its tallest cell."""
    mm_per_em = pt * MM_PER_PT
    ems = [(w - padding_mm) / mm_per_em for w in widths]
    rows = [[(h, True) for h in shape.columns]] + [[(c, False) for c in r] for r in shape.rows]
    return sum(
        max(
            (_lines(_steps(cell, bold), em) for (cell, bold), em in zip(row, ems, strict=False)),
            default=1,
        )
        for row in rows
    )


def holds_labels(shape: Layout, widths: list[float], pt: float, padding_mm: float) -> bool:
    """Whether every label ("Số đảng viên được kết nạp": a left-aligned cell of a few words,
    not a list of units) takes three lines at most at widths."""
    mm_per_em = pt * MM_PER_PT
    for j, align in enumerate(shape.align):
        if align != "left" or j >= len(widths):
            continue
        em = (widths[j] - padding_mm) / mm_per_em
        for row in shape.rows:
            label = j < len(row) and len(row[j].split()) <= LABEL_WORDS
            if label and _lines(_steps(row[j]), em) > 3:
                return False
    return True


# Above this many rows the widths are shared by what each column wants (the search below
# looks at every row for every step).
_SEARCH_ROWS = 400
# A cell of at most this many words is a label, held to three lines where the room allows.
LABEL_WORDS = 15


def column_widths(
    table: Table,
    width_mm: float,
    pt: float,
    padding_mm: float,
    measured: tuple[list[float], list[float]] | None = None,
    shape: Layout | None = None,
) -> list[float]:
    """Leaf column widths in mm that fill width_mm, from the content: each column at least
    its longest word (and its heading on one or two lines); the room left goes, a step at a
    time, where it saves the most lines of the table per mm (a row is as tall as its tallest
    cell: widening the indicator's column before a column whose cells already fit), then to
    the columns that still want more (measured: least_and_wanted's result, when the caller
    has it already)."""
    shape = shape or layout(table)
    least, wanted = measured or least_and_wanted(table, pt, padding_mm, shape)
    if sum(least) >= width_mm:
        return [w * width_mm / sum(least) for w in least]
    widths = list(least)
    if len(shape.rows) <= _SEARCH_ROWS:
        widths = _fewest_lines(shape, widths, width_mm, pt, padding_mm)
    room = width_mm - sum(widths)
    extra = [max(0.0, w - g) for w, g in zip(wanted, widths, strict=True)]
    if sum(extra) <= 0:
        return [g * width_mm / sum(widths) for g in widths]
    if sum(extra) >= room:
        return [g + room * e / sum(extra) for g, e in zip(widths, extra, strict=True)]
    widths = [g + e for g, e in zip(widths, extra, strict=True)]
    return [g * width_mm / sum(widths) for g in widths]


def _fewest_lines(
    shape: Layout, widths: list[float], width_mm: float, pt: float, padding_mm: float
) -> list[float]:
    """Widen columns from widths while it shortens the table: first to the fewest lines every
    cell can be held to; then, at each step, of every column's
    next few widths where one of its cells loses a line, the one that saves the most lines
    per mm: rows by their tallest cell (the heading row too), a line for a heading of two words
    broken ("Lũy" over "kế"), half a line for such a cell ("tổ" over "chức"), a little for
    every cell's own lines."""
    mm_per_em = pt * MM_PER_PT
    count = len(widths)
    rows = [[(cell, False) for cell in row[:count]] for row in shape.rows]
    rows.append([(head, True) for head in shape.columns])
    steps = [[_steps(cell, bold) for cell, bold in row] for row in rows]
    pairs = [[len(cell.split()) == 2 for cell, _ in row] for row in rows]
    seen: dict[tuple[int, float], tuple[list[int], float]] = {}

    def column(j: int, width: float) -> tuple[list[int], float]:
        if (j, width) not in seen:
            em = (width - padding_mm) / mm_per_em
            lines = [_lines(row[j], em) if j < len(row) else 1 for row in steps]
            broken = [
                n > 1 and j < len(two) and two[j] for n, two in zip(lines, pairs, strict=True)
            ]
            # a heading broken weighs two lines; a cell, half a line
            penalty = 2.0 * broken[-1] + 0.5 * sum(broken[:-1])
            seen[j, width] = (lines, 0.01 * sum(lines) + penalty)
        return seen[j, width]

    def next_widths(j: int, width: float) -> list[float]:
        em = (width - padding_mm) / mm_per_em
        found = sorted(
            {least for row in steps if j < len(row) for least, _ in row[j] if least > em + 1e-6}
        )
        return [least * mm_per_em + padding_mm + 0.01 for least in found[:4]]

    def holding(j: int, most: int) -> float:
        """The width at which every cell of column j takes at most `most` lines."""
        ems = [next((w for w, n in row[j] if n <= most), row[j][-1][0]) for row in steps]
        return max(ems, default=0.0) * mm_per_em + padding_mm + 0.01

    def whole(j: int, labels: bool) -> float:
        """The width at which no cell of two words in column j breaks (its heading may) and,
        with labels, no cell of a few words ("Số đảng viên được kết nạp", not a list of
        units) takes more than three lines."""
        ems = [row[j][-1][0] for row, words in zip(steps, pairs[:-1], strict=False) if words[j]]
        if labels:
            ems += [
                next((w for w, n in row[j] if n <= 3), row[j][-1][0])
                for row, cells in zip(steps, rows[:-1], strict=False)
                if len(cells[j][0].split()) <= LABEL_WORDS
            ]
        return max(ems, default=0.0) * mm_per_em + padding_mm + 0.01

    # First the fewest lines every row can be held to at once (a row is as tall as its
    # tallest cell: narrowing one column's cells saves nothing while another's stay tall),
    # keeping labels on three lines at most and every cell of two words whole ("tổ chức")
    # if the room allows; then the steps.
    tallest = max(row[j][0][1] for row in steps for j in range(len(row)))
    floors = [[max(w, whole(j, labels)) for j, w in enumerate(widths)] for labels in (True, False)]
    floors.append(widths)
    held = next(
        (
            held
            for low in floors
            for most in range(1, tallest + 1)
            if sum(held := [max(w, holding(j, most)) for j, w in enumerate(low)]) <= width_mm
        ),
        None,
    )
    widths = held or widths
    lines = [column(j, w)[0] for j, w in enumerate(widths)]
    extra = [column(j, w)[1] for j, w in enumerate(widths)]
    room = width_mm - sum(widths)
    while room > 0.01:
        # the tallest cell of each row among the other columns, for every column
        before = [[0] * len(rows)]
        for j in range(count - 1):
            before.append([max(a, b) for a, b in zip(before[-1], lines[j], strict=True)])
        after = [[0] * len(rows)]
        for j in range(count - 1, 0, -1):
            after.append([max(a, b) for a, b in zip(after[-1], lines[j], strict=True)])
        after.reverse()
        total = sum(extra)
        now = sum(max(row) for row in zip(*lines, strict=True)) + total
        best: tuple[float, int, float] | None = None
        for j in range(count):
            others = [max(a, b) for a, b in zip(before[j], after[j], strict=True)]
            for wider in next_widths(j, widths[j]):
                if wider - widths[j] > room:
                    break
                trial, more = column(j, wider)
                cost: float = sum(max(a, b) for a, b in zip(others, trial, strict=True))
                cost += total - extra[j] + more
                gain = (now - cost) / (wider - widths[j])
                if gain > 1e-9 and (best is None or gain > best[0]):
                    best = (gain, j, wider)
        if best is None:
            break
        _, j, wider = best
        room -= wider - widths[j]
        widths[j] = wider
        lines[j], extra[j] = column(j, wider)
    return widths


def style_ids(styles: Iterable[object]) -> Mapping[str, str]:
    """Name → id of python-docx style objects."""
    out: dict[str, str] = {}
    for style in styles:
        name, style_id = getattr(style, "name", None), getattr(style, "style_id", None)
        if isinstance(name, str) and isinstance(style_id, str):
            out[name] = style_id
    return out
