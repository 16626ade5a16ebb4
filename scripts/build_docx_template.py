"""Write templates/report.docx, the Word template of the report (python-docx, docxtpl tags)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dean24.programme.config import DocumentFormat
from dean24.render.docx import CELL_MARGIN_MM, apply_format, text_width_mm
from dean24.render.docx_table import TABLE_STYLE

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "templates" / "report.docx"

# The header table reaches this far into the left margin, so that the issuing body's lines
# in 14 pt bold fit; the left column takes this share of the table.
HEADER_OUTDENT_MM = 10.0
HEADER_LEFT_SHARE = 0.57
SIGNATURE_LEFT_SHARE = 0.42
HEADER_FILL = "D9D9D9"  # the data tables' header row
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def build(fmt: DocumentFormat | None = None) -> DocxDocument:
    """The template as a python-docx document, laid out with fmt (default: DocumentFormat())."""
    fmt = fmt or DocumentFormat()
    doc = Document()
    _properties(doc)
    _styles(doc)
    apply_format(doc, fmt)
    _page_numbers(doc)
    _header(doc, fmt)
    _paragraph(doc, "{{ title }}", "Dean24 Title")
    _paragraph(doc, "{{ subject }}", "Dean24 Subject")
    _paragraph(doc, "-----", "Dean24 Subject Rule")
    _paragraph(doc, "{{p body }}", "Normal")
    # The spacer and the body's last paragraph are kept with the signature block.
    _paragraph(doc, "", "Normal").paragraph_format.keep_with_next = True
    _signature(doc, fmt)
    _paragraph(doc, "{{p appendix }}", "Normal")
    return doc


def _properties(doc: DocxDocument) -> None:
    props = doc.core_properties
    props.title = "Mẫu báo cáo kết quả thực hiện Đề án"
    props.subject = "Mẫu Word của dean24 (docxtpl)"
    props.author = "dean24"
    props.last_modified_by = "dean24"
    # Core properties are rendered by docxtpl too: no Jinja braces here.
    props.comments = (
        "Mẫu Word của dean24: các trường trong ngoặc nhọn được điền khi lập báo cáo; "
        "đoạn chứa body là chỗ đặt toàn bộ nội dung báo cáo."
    )
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME


# ----- styles --------------------------------------------------------------------------------


def _paragraph_style(
    doc: DocxDocument,
    name: str,
    base: str = "Normal",
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    indent: bool = False,
    keep_next: bool = False,
) -> ParagraphStyle:
    styles = doc.styles
    if name in styles:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    style.font.bold = bold
    style.font.italic = italic
    pf = style.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if not indent:
        pf.first_line_indent = Mm(0)
    pf.keep_with_next = keep_next or None
    return style


def _black(style: ParagraphStyle) -> None:
    rpr = style.element.get_or_add_rPr()
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    style.font.color.rgb = RGBColor(0, 0, 0)


def _styles(doc: DocxDocument) -> None:
    normal = _paragraph_style(
        doc, "Normal", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, line=1.15, indent=True
    )
    normal.paragraph_format.widow_control = True
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    for name in ("Heading 1", "Heading 2"):
        heading = _paragraph_style(
            doc,
            name,
            bold=True,
            italic=False,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=6,
            after=6,
            line=1.15,
            indent=True,
            keep_next=True,
        )
        _black(heading)
    placeholder = _paragraph_style(
        doc,
        "Dean24 Placeholder",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=6,
        line=1.15,
        indent=True,
    )
    placeholder.font.highlight_color = WD_COLOR_INDEX.YELLOW
    _paragraph_style(doc, "Dean24 Superior Body")
    _paragraph_style(doc, "Dean24 Issuing Body", bold=True)
    _paragraph_style(doc, "Dean24 Star")
    _paragraph_style(doc, "Dean24 Number Line", before=3)
    party = _paragraph_style(doc, "Dean24 Party Name", bold=True)
    party.font.underline = WD_UNDERLINE.SINGLE
    _paragraph_style(doc, "Dean24 Date Line", italic=True, before=3)
    _paragraph_style(doc, "Dean24 Title", bold=True, before=18, keep_next=True)
    _paragraph_style(doc, "Dean24 Subject", bold=True, keep_next=True)
    _paragraph_style(doc, "Dean24 Subject Rule", after=12, keep_next=True)
    _paragraph_style(doc, "Dean24 Table Caption", bold=True, before=12, after=6, keep_next=True)
    _paragraph_style(doc, "Dean24 Table Heading", bold=True)
    for name, align in (
        ("Dean24 Table Text", WD_ALIGN_PARAGRAPH.LEFT),
        ("Dean24 Table Number", WD_ALIGN_PARAGRAPH.RIGHT),
        ("Dean24 Table Center", WD_ALIGN_PARAGRAPH.CENTER),
    ):
        _paragraph_style(doc, name, align=align, before=1, after=1)
    _paragraph_style(
        doc, "Dean24 Table Note", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=3, after=6
    )
    _paragraph_style(doc, "Dean24 Figure", before=6, after=6)
    _paragraph_style(doc, "Dean24 Figure Caption", bold=True, before=12, after=6, keep_next=True)
    _paragraph_style(doc, "Dean24 Appendix Title", bold=True, keep_next=True)
    _paragraph_style(doc, "Dean24 Appendix Line", italic=True, after=12, keep_next=True)
    _paragraph_style(doc, "Dean24 Draft Mark", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, "Dean24 Signature", bold=True)
    # HD 36 for Party documents: "Nơi nhận:" upright and underlined, the list in a smaller size.
    recipients = _paragraph_style(
        doc, "Dean24 Recipients Heading", bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT
    )
    recipients.font.underline = WD_UNDERLINE.SINGLE
    _paragraph_style(doc, "Dean24 Recipients", align=WD_ALIGN_PARAGRAPH.LEFT)
    for name in ("Header", "Footer"):
        _paragraph_style(doc, name)
    _table_style(doc)


def _table_style(doc: DocxDocument) -> None:
    """The data tables' look, all in one table style: thin borders, narrow cell margins,
    cells centred vertically, a shaded bold header row, a bold totals row."""
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]
    element = style.element
    tbl_pr = element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        element.append(tbl_pr)
    tbl_pr.append(_borders("single"))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_MM * 1440 / 25.4)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    tc_pr = OxmlElement("w:tcPr")
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    tc_pr.append(align)
    element.append(tc_pr)
    for kind, fill in (("firstRow", HEADER_FILL), ("lastRow", "")):
        conditional = OxmlElement("w:tblStylePr")
        conditional.set(qn("w:type"), kind)
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
        conditional.append(rpr)
        if fill:
            cell = OxmlElement("w:tcPr")
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            cell.append(shading)
            conditional.append(cell)
        element.append(conditional)


def _borders(kind: str) -> BaseOxmlElement:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), kind)
        if kind != "nil":
            border.set(qn("w:sz"), "4")
            border.set(qn("w:space"), "0")
            border.set(qn("w:color"), "auto")
        borders.append(border)
    return borders


# ----- page numbers --------------------------------------------------------------------------


def _page_numbers(doc: DocxDocument) -> None:
    """A centred PAGE field in the header from page 2; the first page has an empty header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = doc.styles["Header"]
    for kind, text in (
        ("begin", ""),
        ("instr", " PAGE "),
        ("separate", ""),
        ("text", "2"),
        ("end", ""),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


# ----- header and signature ------------------------------------------------------------------


def _paragraph(target: DocxDocument | _Cell, text: str, style: str) -> Paragraph:
    paragraph = target.add_paragraph(text)
    paragraph.style = style
    return paragraph


def _layout_table(doc: DocxDocument, rows: int, widths_mm: list[float]) -> Table:
    """A borderless table of fixed column widths, no cell padding."""
    table: Table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.insert_element_before(
        _borders("nil"), "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, "w:tblLook")
    total = 0
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        total += Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(total / 635)))
    return table


def _fill(cell: _Cell, lines: list[tuple[str, str]]) -> None:
    """Put (text, style) paragraphs in a cell, replacing its empty first paragraph."""
    first = cell.paragraphs[0]
    for text, style in lines:
        _paragraph(cell, text, style)
    first._p.getparent().remove(first._p)


def _header(doc: DocxDocument, fmt: DocumentFormat) -> None:
    width = text_width_mm(fmt) + HEADER_OUTDENT_MM
    left = round(width * HEADER_LEFT_SHARE, 1)
    table = _layout_table(doc, 2, [left, round(width - left, 1)])
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-round(Mm(HEADER_OUTDENT_MM) / 635)))
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.insert_element_before(
        indent, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )
    _fill(
        table.cell(0, 0),
        [
            ("{{ superior_body }}", "Dean24 Superior Body"),
            ("{%p for line in issuing_body %}", "Dean24 Issuing Body"),
            ("{{ line }}", "Dean24 Issuing Body"),
            ("{%p endfor %}", "Dean24 Issuing Body"),
            ("*", "Dean24 Star"),
        ],
    )
    _fill(table.cell(0, 1), [("{{ party_name }}", "Dean24 Party Name")])
    _fill(table.cell(1, 0), [("{{ number_line }}", "Dean24 Number Line")])
    _fill(table.cell(1, 1), [("{{ place_date }}", "Dean24 Date Line")])


def _signature(doc: DocxDocument, fmt: DocumentFormat) -> None:
    width = text_width_mm(fmt)
    left = round(width * SIGNATURE_LEFT_SHARE, 1)
    table = _layout_table(doc, 1, [left, round(width - left, 1)])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _fill(
        table.cell(0, 0),
        [
            ("Nơi nhận:", "Dean24 Recipients Heading"),
            ("{%p for line in recipients %}", "Dean24 Recipients"),
            ("- {{ line }}", "Dean24 Recipients"),
            ("{%p endfor %}", "Dean24 Recipients"),
        ],
    )
    _fill(
        table.cell(0, 1),
        [
            ("{%p for line in signature_role %}", "Dean24 Signature"),
            ("{{ line }}", "Dean24 Signature"),
            ("{%p endfor %}", "Dean24 Signature"),
            ("", "Dean24 Signature"),
            ("", "Dean24 Signature"),
            ("", "Dean24 Signature"),
            ("", "Dean24 Signature"),
            ("{{ signer }}", "Dean24 Signature"),
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="tệp .docx cần ghi")
    args = parser.parse_args(argv)
    build().save(str(args.output))
    print(f"Đã ghi: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
