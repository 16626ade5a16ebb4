"""Word output: the report's text rendered into the docxtpl template templates/report.docx."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Emu, Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from dean24.config import Config, DocumentFormat
from dean24.document import Block, ReportDocument, Table
from dean24.errors import Location, TemplateError
from dean24.render.limits import (
    LimitedEnvironment,
    TemplateLimit,
    TemplateTimeout,
    limit_message,
    time_limit,
)
from dean24.templates_path import templates_dir

TEMPLATE_NAME = "report.docx"

# The template's paragraph styles and the DocumentFormat point size each one takes.
STYLE_SIZES: dict[str, str] = {
    "Normal": "body_pt",
    "Heading 1": "body_pt",
    "Heading 2": "body_pt",
    "Header": "body_pt",
    "Footer": "body_pt",
    "Dean24 Placeholder": "body_pt",
    "Dean24 Superior Body": "superior_body_pt",
    "Dean24 Issuing Body": "issuing_body_pt",
    "Dean24 Star": "issuing_body_pt",
    "Dean24 Number Line": "number_line_pt",
    "Dean24 Party Name": "party_name_pt",
    "Dean24 Date Line": "date_line_pt",
    "Dean24 Title": "title_pt",
    "Dean24 Subject": "subject_pt",
    "Dean24 Subject Rule": "subject_pt",
    "Dean24 Table Caption": "body_pt",
    "Dean24 Table Heading": "table_pt",
    "Dean24 Table Text": "table_pt",
    "Dean24 Table Note": "table_pt",
    "Dean24 Figure": "body_pt",
    "Dean24 Signature": "body_pt",
    "Dean24 Recipients Heading": "recipients_pt",
    "Dean24 Recipients": "recipients_pt",
}
# Styles whose paragraphs begin with the configured first-line indent.
INDENTED_STYLES = ("Normal", "Heading 1", "Heading 2", "Dean24 Placeholder")
TABLE_STYLE = "Dean24 Table"
HEADER_FILL = "D9D9D9"
# Left and right cell margin of the data tables (Word's default, 1.9 mm, leaves the unit names
# too little room in the 9-column table), and the slack added to each column's estimate, in mm.
CELL_MARGIN_MM = 1.2
CELL_SLACK_MM = 1.0
CELL_PADDING_MM = 2 * CELL_MARGIN_MM + CELL_SLACK_MM
MM_PER_PT = 25.4 / 72

# The names a template may use, and what they hold.
CONTEXT_NAMES = (
    "superior_body",
    "issuing_body",
    "party_name",
    "number_line",
    "place_date",
    "title",
    "subject",
    "body",
    "appendix",
    "signature_role",
    "signer",
    "recipients",
)


def default_template() -> Path:
    """The template shipped with the tool."""
    return templates_dir() / TEMPLATE_NAME


def render_docx(document: ReportDocument, config: Config, template: Path | None = None) -> bytes:
    """The report as the bytes of a .docx file, laid out by the Word template."""
    path = template or default_template()
    fmt = config.document.format
    tpl = _open_template(path)
    env = LimitedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    with _template_errors(path):
        used = tpl.get_undeclared_template_variables(jinja_env=env)
    unknown = sorted(used - set(CONTEXT_NAMES) - set(env.globals))
    if unknown:
        raise _undefined(path, unknown[0])
    if "body" not in used:
        raise TemplateError(
            "template_invalid",
            f'Mẫu Word "{path.name}" không có chỗ đặt nội dung báo cáo: cần một đoạn chỉ chứa '
            "{{p body }}.",
            Location(file=str(path)),
        )
    docx = tpl.get_docx()
    apply_format(docx, fmt)
    # A template without {{p appendix }} (an older copy) gets the data tables in the body.
    body_blocks = document.blocks if "appendix" in used else [*document.blocks, *document.appendix]
    context = {
        "superior_body": document.superior_body,
        "issuing_body": list(document.issuing_body),
        "party_name": document.party_name,
        "number_line": document.number_line,
        "place_date": document.place_date,
        "title": document.title,
        "subject": document.subject,
        "body": _BodyWriter(tpl, document, fmt, body_blocks).build(),
        "signature_role": list(document.signature_role),
        "signer": document.signer,
        "recipients": list(document.recipients),
    }
    if "appendix" in used:
        context["appendix"] = _BodyWriter(
            tpl, document, fmt, document.appendix, new_page=True
        ).build()
    with _template_errors(path), time_limit(env):
        tpl.render(context, jinja_env=env, autoescape=True)
    _apply_sections(tpl.docx, fmt)  # not get_docx(): after render it reloads the template
    props = tpl.docx.core_properties
    props.title = f"{document.title} {document.subject}".strip()
    props.subject = document.subject
    props.author = " ".join(document.issuing_body)
    props.last_modified_by = "dean24"
    props.comments = ""
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


# ----- template loading and errors -----------------------------------------------------------


def _open_template(path: Path) -> DocxTemplate:
    invalid = TemplateError(
        "template_invalid",
        f'Tệp "{path.name}" không phải là mẫu Word .docx dùng được (cần tệp .docx lưu từ Word; '
        "tệp .doc, .dotx hay tệp hỏng không dùng được).",
        Location(file=str(path)),
    )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateError(
            "template_not_found", f'Không tìm thấy mẫu Word "{path}".', Location(file=str(path))
        ) from None
    except OSError:
        raise invalid from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise invalid
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.get_docx()
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise invalid from None
    return tpl


def _undefined(path: Path, name: str) -> TemplateError:
    return TemplateError(
        "template_undefined",
        f'Mẫu Word "{path.name}" dùng tên "{name}" không có trong dữ liệu báo cáo. '
        f"Các tên dùng được: {', '.join(CONTEXT_NAMES)}.",
        Location(file=str(path)),
    )


@contextmanager
def _template_errors(path: Path) -> Iterator[None]:
    """Turn jinja2 errors raised while reading or rendering a template into TemplateError."""
    where = Location(file=str(path))
    try:
        yield
    except (TemplateLimit, TemplateTimeout, RecursionError, MemoryError) as exc:
        code, why = limit_message(exc)
        raise TemplateError(
            code, f'Mẫu Word "{path.name}" bị dừng: {why}. Sửa lại mẫu.', where
        ) from None
    except jinja2.UndefinedError as exc:
        found = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", exc.message or "")
        missing = (found.group(1) or found.group(2)) if found else str(exc.message)
        raise _undefined(path, missing) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            "template_syntax", f'Mẫu Word "{path.name}" sai cú pháp Jinja: {exc.message}', where
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(
            "template_render", f'Không điền được mẫu Word "{path.name}": {exc.message}', where
        ) from None
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            "template_invalid", f'Mẫu Word "{path.name}" cho ra XML hỏng: {exc}', where
        ) from None


# ----- page set-up and styles ----------------------------------------------------------------


def text_width_mm(fmt: DocumentFormat) -> float:
    """The width between the margins."""
    return fmt.page_width_mm - fmt.margin_left_mm - fmt.margin_right_mm


def apply_format(docx: DocxDocument, fmt: DocumentFormat) -> None:
    """Page size, margins, font, point sizes and indent of fmt, on every section and style.

    Layout tables already in the document (the header and the signature block) are widened
    or narrowed in proportion when the margins change the width between them.
    """
    sections = list(docx.sections)
    if sections:
        first = sections[0]
        old = (first.page_width or 0) - (first.left_margin or 0) - (first.right_margin or 0)
        new = Mm(text_width_mm(fmt))
        if old > 0 and abs(new / old - 1) > 0.001:
            _scale_tables(docx, new / old)
    _apply_sections(docx, fmt)
    styles = docx.styles
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_fonts(rpr, fmt.font)
    for element in root.findall(qn("w:style")):
        style_rpr = element.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:rFonts")) is not None:
            set_fonts(style_rpr, fmt.font)
    for name, attribute in STYLE_SIZES.items():
        if name not in styles:
            continue
        style = styles[name]
        style_rpr = style.element.get_or_add_rPr()
        set_fonts(style_rpr, fmt.font)
        set_size(style_rpr, getattr(fmt, attribute))
        if name in INDENTED_STYLES:
            style.paragraph_format.first_line_indent = Mm(fmt.first_line_indent_mm)


def _apply_sections(docx: DocxDocument, fmt: DocumentFormat) -> None:
    for section in docx.sections:
        section.page_width = Mm(fmt.page_width_mm)
        section.page_height = Mm(fmt.page_height_mm)
        section.top_margin = Mm(fmt.margin_top_mm)
        section.bottom_margin = Mm(fmt.margin_bottom_mm)
        section.left_margin = Mm(fmt.margin_left_mm)
        section.right_margin = Mm(fmt.margin_right_mm)


def _scale_tables(docx: DocxDocument, factor: float) -> None:
    for tbl in docx.element.body.findall(qn("w:tbl")):
        for element in tbl.iter(qn("w:gridCol")):
            element.set(qn("w:w"), str(round(int(element.get(qn("w:w"), "0")) * factor)))
        for tag in ("w:tblW", "w:tcW", "w:tblInd"):
            for element in tbl.iter(qn(tag)):
                if element.get(qn("w:type"), "dxa") == "dxa":
                    element.set(qn("w:w"), str(round(int(element.get(qn("w:w"), "0")) * factor)))


def set_fonts(rpr: CT_RPr, font: str) -> None:
    """Set the font for Latin, East Asian and complex-script text (w:rFonts), no theme fonts."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), font)


def set_size(rpr: CT_RPr, pt: float) -> None:
    """Set the point size for all scripts (w:sz and w:szCs)."""
    half_points = str(round(pt * 2))
    size = rpr.get_or_add_sz()
    size.set(qn("w:val"), half_points)
    complex_size = rpr.find(qn("w:szCs"))
    if complex_size is None:
        complex_size = OxmlElement("w:szCs")
        size.addnext(complex_size)
    complex_size.set(qn("w:val"), half_points)


# ----- the body ------------------------------------------------------------------------------


class Body:
    """The body, built with python-docx and put in at {{p body }}.

    This is what docxtpl's Subdoc does for a subdocument made from nothing (tpl.new_subdoc()),
    without its module's import of the optional docxcompose package: a blank document that
    shares the template's part, so styles and pictures resolve in the template, and whose
    body XML is inserted unescaped (__html__).
    """

    def __init__(self, main: DocxDocument) -> None:
        self.docx = Document()
        self.docx._part = main.part

    def xml(self) -> str:
        body = self.docx.element.body
        if body.sectPr is not None:
            body.remove(body.sectPr)
        return re.sub(r"</?w:body[^>]*>", "", etree.tostring(body, encoding="unicode"))

    __html__ = xml
    __str__ = xml


class _BodyWriter:
    """Builds the body subdocument from the document's blocks and tables."""

    def __init__(
        self,
        tpl: DocxTemplate,
        document: ReportDocument,
        fmt: DocumentFormat,
        blocks: list[Block],
        *,
        new_page: bool = False,
    ) -> None:
        self.blocks = blocks
        self.new_page = new_page
        self.body = Body(tpl.get_docx())
        self.sub = self.body.docx
        self.styles = tpl.get_docx().styles
        self.document = document
        self.fmt = fmt

    def build(self) -> Body:
        for block in self.blocks:
            if block.kind == "table" and block.table is not None:
                table = self.document.tables[block.table]
                self.table(table)
                if table.chart == "progress" and self.document.chart:
                    self.chart()
                elif table.chart == "trend" and self.document.trend:
                    self.trend_chart()
            elif block.kind == "h1":
                self.paragraph(block.text, "Heading 1", bold=True)
            elif block.kind == "h2":
                self.paragraph(block.text, "Heading 2", bold=True)
            elif block.kind == "bullet":
                self.paragraph(f"- {block.text}", "Normal")
            elif block.kind == "placeholder":
                self.paragraph(block.text, "Dean24 Placeholder", bold=True, highlight=True)
            else:
                self.paragraph(block.text, "Normal")
        if self.new_page and self.sub.paragraphs:
            self.sub.paragraphs[0].paragraph_format.page_break_before = True
        return self.body

    def _style(self, paragraph: Paragraph, name: str) -> None:
        if name in self.styles:
            paragraph.style = self.styles[name]

    def paragraph(
        self,
        text: str,
        style: str,
        *,
        bold: bool = False,
        italic: bool = False,
        highlight: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> Paragraph:
        paragraph: Paragraph = self.sub.add_paragraph()
        self._style(paragraph, style)
        if align is not None:
            paragraph.alignment = align
        if text:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if highlight:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return paragraph

    def table(self, table: Table) -> None:
        fmt = self.fmt
        caption = self.paragraph(
            f"Bảng {table.number}. {table.title}",
            "Dean24 Table Caption",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        caption.paragraph_format.keep_with_next = True
        widths = column_widths(table, text_width_mm(fmt), fmt.table_pt)
        grid: DocxTable = self.sub.add_table(rows=1 + len(table.rows), cols=len(table.header))
        if TABLE_STYLE in self.styles:
            grid.style = self.styles[TABLE_STYLE]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        _table_borders(grid)
        total = 0
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = Mm(width)
            total += Mm(width)
        _table_width(grid, Emu(total))
        rows = [table.header, *table.rows]
        for r, (row, values) in enumerate(zip(grid.rows, rows, strict=True)):
            _row_flags(row._tr, header=r == 0)
            for c, (cell, text) in enumerate(zip(row.cells, values, strict=False)):
                cell.width = Mm(widths[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                if r == 0:
                    self._style(paragraph, "Dean24 Table Heading")
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    _shade(cell._tc, HEADER_FILL)
                else:
                    self._style(paragraph, "Dean24 Table Text")
                    paragraph.alignment = _ALIGN.get(
                        table.align[c] if c < len(table.align) else "left",
                        WD_ALIGN_PARAGRAPH.LEFT,
                    )
                run = paragraph.add_run(text)
                run.font.size = Pt(fmt.table_pt)
                if r == 0:
                    run.bold = True
        if table.note:
            self.paragraph(table.note, "Dean24 Table Note", italic=True)

    def chart(self) -> None:
        from dean24.render.chart import chart_png

        width = text_width_mm(self.fmt)
        png = chart_png(
            self.document.chart,
            self.document.chart_caption,
            elapsed=self.document.elapsed_share,
            width_mm=width,
        )
        self._picture(png, width, self.document.chart_caption)

    def trend_chart(self) -> None:
        from dean24.render.chart import trend_png

        width = text_width_mm(self.fmt)
        png = trend_png(
            self.document.trend,
            self.document.trend_periods,
            self.document.trend_caption,
            width_mm=width,
        )
        self._picture(png, width, self.document.trend_caption)

    def _picture(self, png: bytes, width: float, caption: str) -> None:
        paragraph = self.paragraph("", "Dean24 Figure", align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.first_line_indent = Mm(0)
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(png), width=Mm(width))
        for doc_pr in run._r.xpath(".//wp:docPr"):
            doc_pr.set("descr", caption)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}


def _table_borders(grid: DocxTable) -> None:
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "auto")
        borders.append(border)
    tbl_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    )
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(Mm(CELL_MARGIN_MM) / 635)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _table_width(grid: DocxTable, width: Length) -> None:
    tbl_w = grid._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        grid._tbl.tblPr.insert_element_before(
            tbl_w,
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        )
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(width / 635)))


def _row_flags(tr: Any, *, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    tr_pr = tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)


def _shade(tc: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().insert_element_before(
        shading,
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
        "w:headers",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
        "w:tcPrChange",
    )


# ----- column widths -------------------------------------------------------------------------


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


def column_widths(table: Table, width_mm: float, pt: float) -> list[float]:
    """Column widths in mm that fill width_mm: each column at least its longest word
    (a right-aligned number never breaks), the rest shared by how much more each wants."""
    mm_per_em = pt * MM_PER_PT
    least: list[float] = []
    wanted: list[float] = []
    for j, head in enumerate(table.header):
        cells = [row[j] for row in table.rows if j < len(row)]
        numeric = j < len(table.align) and table.align[j] == "right"
        words = [_em(w, bold=True) for w in head.split()]
        for cell in cells:
            words.extend([_em(cell)] if numeric else [_em(w) for w in cell.split()])
        low = max(words, default=1.0) * mm_per_em + CELL_PADDING_MM
        high = max([_em(cell) for cell in cells], default=0.0) * mm_per_em + CELL_PADDING_MM
        least.append(low)
        wanted.append(max(low, high))
    if sum(least) >= width_mm:
        return [w * width_mm / sum(least) for w in least]
    if sum(wanted) <= width_mm:
        return [w * width_mm / sum(wanted) for w in wanted]
    room = width_mm - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + room * e / sum(extra) for m, e in zip(least, extra, strict=True)]
