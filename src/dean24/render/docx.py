"""Word output: the report's text rendered into the docxtpl template templates/report.docx."""

from __future__ import annotations

import copy
import io
import itertools
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.font import CT_RPr
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree

from dean24.core.errors import Location, TemplateError
from dean24.programme.config import Config, DocumentFormat
from dean24.render.comments import add_comments
from dean24.render.docx_table import (
    W_NS,
    Styles,
    fitting_size,
    holds_labels,
    layout,
    least_and_wanted,
    paragraph,
    set_paragraph_flag,
    style_ids,
    table_element,
    table_xml,
)
from dean24.render.docx_table import column_widths as _column_widths
from dean24.render.template_file import check_word_template
from dean24.words.document import Block, ReportDocument, Table
from dean24.words.limits import (
    LimitedEnvironment,
    TemplateLimit,
    TemplateTimeout,
    check_source,
    stopped,
    time_limit,
)
from dean24.words.loader import MAX_DOCX_TEMPLATE_BYTES, NothingToLoad, read_template
from dean24.words.templates_path import is_shipped, templates_dir

TEMPLATE_NAME = "report.docx"
R_NS = nsmap["r"]
if TYPE_CHECKING:
    from dean24.render.chart import Chart

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
    "Dean24 Table Number": "table_pt",
    "Dean24 Table Center": "table_pt",
    "Dean24 Table Note": "table_pt",
    "Dean24 Figure": "body_pt",
    "Dean24 Figure Caption": "body_pt",
    "Dean24 Appendix Title": "body_pt",
    "Dean24 Appendix Line": "body_pt",
    "Dean24 Draft Mark": "body_pt",
    "Dean24 Signature": "body_pt",
    "Dean24 Recipients Heading": "recipients_heading_pt",
    "Dean24 Recipients": "recipients_pt",
}
# Styles whose paragraphs begin with the configured first-line indent.
INDENTED_STYLES = ("Normal", "Heading 1", "Heading 2", "Dean24 Placeholder")
# Left and right cell margin of the data tables (Word's default, 1.9 mm, leaves the unit names
# too little room in the 9-column table), and the slack added to each column's estimate, in mm.
CELL_MARGIN_MM = 1.2
CELL_SLACK_MM = 0.2

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
    tpl = _open_template(path, shipped=template is None)
    env = LimitedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=True, loader=NothingToLoad(path)
    )
    with _template_errors(path):
        used = _template_variables(tpl, env)
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
    ids = itertools.count(1001)  # of the charts' drawings, unique in the document
    spliced: dict[str, Callable[[], Iterator[str]]] = {}  # big tables, by their marker
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
        "body": (
            body := _BodyWriter(tpl, document, fmt, body_blocks, ids=ids, spliced=spliced)
        ).build(),
        "signature_role": list(document.signature_role),
        "signer": document.signer or config.document.signer_placeholder,
        "recipients": list(document.recipients),
    }
    turned, last = body.sections_added, body
    if "appendix" in used:
        last = _BodyWriter(
            tpl, document, fmt, document.appendix, ids=ids, spliced=spliced, new_page=True
        )
        context["appendix"] = last.build()
        turned = turned or last.sections_added
    with _template_errors(path), time_limit(env):
        tpl.render(context, jinja_env=env, autoescape=True)
    for built in (context["body"], context.get("appendix")):
        if isinstance(built, Body):
            built.put_in(tpl.docx)
    if turned:
        _first_page_once(tpl.docx)
    if last.turned_at_end:
        for section in tpl.docx.element.body.xpath("./w:sectPr"):
            turn_landscape(section)
    _apply_sections(tpl.docx, fmt)  # not get_docx(): after render it reloads the template
    if not document.signer:
        _highlight(tpl.docx, config.document.signer_placeholder)
    if config.document.draft_mark and _has_placeholders(document):
        _draft_mark(tpl.docx, config.document.draft_mark)
    props = tpl.docx.core_properties
    props.title = f"{document.title} {document.subject}".strip()
    props.subject = document.subject
    props.author = " ".join(document.issuing_body)
    props.last_modified_by = "dean24"
    props.comments = ""
    add_comments(tpl.docx, document.notices, document.blocks)
    out = io.BytesIO()
    tpl.save(out)
    return _splice(out.getvalue(), spliced) if spliced else out.getvalue()


# A data table longer than this is written into the saved document's XML as text: built as
# lxml elements, a table of 20.000 units took 8 s and 600 MB to parse, insert and serialise.
SPLICE_ROWS = 300
DOCUMENT_PART = "word/document.xml"


def _splice(data: bytes, tables: dict[str, Callable[[], Iterator[str]]]) -> bytes:
    """The .docx with each marker table of the document part replaced by its table's XML,
    written in pieces as it comes; the other parts copied as they are."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != DOCUMENT_PART:
                target.writestr(info, source.read(info))
                continue
            xml = source.read(info).decode("utf-8")
            part = zipfile.ZipInfo(DOCUMENT_PART, date_time=info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            found = sorted((xml.find(marker), marker) for marker in tables)
            if found and found[0][0] < 0:  # a table would be lost: never write such a report
                raise RuntimeError(f"table marker {found[0][1]} missing from the document")
            with target.open(part, "w", force_zip64=True) as fh:
                done = 0
                for at, marker in found:
                    pieces = tables[marker]
                    start = xml.rfind("<w:tbl", done, at)
                    end = xml.index("</w:tbl>", at) + len("</w:tbl>")
                    fh.write(xml[done:start].encode("utf-8"))
                    for batch in _batches(pieces()):
                        fh.write(batch.encode("utf-8"))
                    done = end
                fh.write(xml[done:].encode("utf-8"))
    return out.getvalue()


def _batches(pieces: Iterator[str], size: int = 2**20) -> Iterator[str]:
    """The pieces joined into texts of about `size` characters: a table's rows are written
    (encoded, checksummed, compressed) a megabyte at a time, not row by row."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def _first_page_once(docx: DocxDocument) -> None:
    """A first page of its own (no page number, the draft mark) for the document's first
    page alone: every section after the first shows the page number from its first page."""
    sections = docx.element.body.iter(qn("w:sectPr"))
    next(sections, None)
    for section in list(sections):
        for title_page in section.findall(qn("w:titlePg")):
            section.remove(title_page)


def _has_placeholders(document: ReportDocument) -> bool:
    return any(b.kind == "placeholder" for b in [*document.blocks, *document.appendix])


def _highlight(docx: DocxDocument, text: str) -> None:
    """Highlight the runs of the paragraphs whose whole text is text (a placeholder to fill)."""
    if not text:
        return
    w_t = qn("w:t")
    for p in docx.element.body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(w_t)) == text:
            for run in Paragraph(p, docx._body).runs:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _draft_mark(docx: DocxDocument, mark: str) -> None:
    """The draft mark at the top right of the first page, in the first page's header.

    The header part is found through the relationship, not python-docx's cached map of parts:
    docxtpl replaces the header parts when it renders them.
    """
    section = docx.sections[0]
    kind = "first" if section.different_first_page_header_footer else "default"
    references = section._sectPr.xpath(f"./w:headerReference[@w:type='{kind}']")
    if not references:
        return
    header = docx.part.rels[references[0].get(qn("r:id"))].target_part.element
    paragraph = Paragraph(OxmlElement("w:p"), docx._body)
    header.append(paragraph._p)
    if "Dean24 Draft Mark" in docx.styles:
        paragraph.style = docx.styles["Dean24 Draft Mark"]
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(mark).bold = True


# ----- template loading and errors -----------------------------------------------------------


def _template_variables(tpl: DocxTemplate, env: jinja2.Environment) -> set[str]:
    """The names the Word template uses, in its body, headers and footers: docxtpl's
    get_undeclared_template_variables on the document already open, not on a second copy."""
    docx = tpl.get_docx()
    sources = [tpl.xml_to_string(docx.element.body)]
    for rel in docx.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            sources.append(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    check_source("".join(sources))  # before docxtpl's regular expressions go over it
    tree = env.parse("".join(tpl.patch_xml(source) for source in sources))
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        raise _loads_another(node)
    return set(meta.find_undeclared_variables(tree))


_TAGS: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
}


def _loads_another(node: nodes.Node) -> TemplateLimit:
    """A Word template has no folder to load other templates from: a clear refusal."""
    tag = _TAGS.get(type(node), "extends")
    target = getattr(node, "template", None)
    named = f' ("{target.value}")' if isinstance(target, nodes.Const) else ""
    return TemplateLimit(
        f"mẫu Word dùng thẻ {{% {tag} %}}{named} để nạp một mẫu khác, điều mẫu Word không làm "
        "được; chép thẳng nội dung cần dùng vào mẫu",
        node.lineno,
        code="template_include",
    )


def _open_template(path: Path, *, shipped: bool = False) -> DocxTemplate:
    """The Word template, refused when it is no .docx or, when it is the user's, when it goes
    beyond the limits (the shipped template is known to keep within them)."""
    invalid = TemplateError(
        "template_invalid",
        f'Tệp "{path.name}" không phải là mẫu Word .docx dùng được (cần tệp .docx lưu từ Word; '
        "tệp .doc, .dotx hay tệp hỏng không dùng được).",
        Location(file=str(path)),
    )
    try:
        data = read_template(path, MAX_DOCX_TEMPLATE_BYTES)
    except FileNotFoundError:
        raise TemplateError(
            "template_not_found", f'Không tìm thấy mẫu Word "{path}".', Location(file=str(path))
        ) from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise invalid
    if not shipped:
        check_word_template(path, data)
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
    """Turn jinja2 errors raised while reading or rendering a Word template into TemplateError
    in the Word template's own terms (the names it may use, the XML it gives); a bound met is
    said as for any template."""
    where = Location(file=str(path))
    try:
        yield
    except (TemplateLimit, TemplateTimeout, RecursionError, MemoryError) as exc:
        what = f'Mẫu Word "{path.name}"'
        code, message = stopped(exc, None, shipped=is_shipped(path), what=what)
        raise TemplateError(code, message, where) from None
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
    by_name = {style.name: style for style in styles}  # one pass: `name in styles` is a scan
    for name, attribute in STYLE_SIZES.items():
        if name not in by_name:
            continue
        style = by_name[name]
        style_rpr = style.element.get_or_add_rPr()
        set_fonts(style_rpr, fmt.font)
        set_size(style_rpr, getattr(fmt, attribute))
        if name in INDENTED_STYLES:
            style.paragraph_format.first_line_indent = Mm(fmt.first_line_indent_mm)


def turn_landscape(section: Any) -> None:
    """Make a w:sectPr landscape: the page's width and height swapped."""
    size = section.find(qn("w:pgSz"))
    if size is None:
        return
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    if width and height and size.get(qn("w:orient")) != "landscape":
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")


def _apply_sections(docx: DocxDocument, fmt: DocumentFormat) -> None:
    for section in docx.sections:
        across = section.orientation == WD_ORIENT.LANDSCAPE
        section.page_width = Mm(fmt.page_height_mm if across else fmt.page_width_mm)
        section.page_height = Mm(fmt.page_width_mm if across else fmt.page_height_mm)
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
    """The body, built as WordprocessingML and put in at {{p body }}.

    Like docxtpl's Subdoc for a subdocument made from nothing (tpl.new_subdoc()), without its
    module's import of the optional docxcompose package: elements built against the
    template's part, so styles, charts and pictures resolve in the template. Jinja puts a one-line
    marker paragraph where the body goes (__html__), and put_in() replaces it with the built
    elements after rendering: docxtpl's passes over the rendered XML then never see a body
    of thousands of rows.
    """

    def __init__(self, main: DocxDocument) -> None:
        self.part = main.part  # the template's: charts and styles resolve there
        self.marker = f"dean24-body-{uuid.uuid4().hex}"
        # Each paragraph and table is the root of its own tree until put_in(): lxml moves a
        # root, with its namespace declarations, in linear time, but a subtree of a bigger
        # tree in far worse (48 s for a table of 1.000 rows).
        self.parts: list[Any] = []

    def xml(self) -> str:
        return f"<w:p><w:r><w:t>{self.marker}</w:t></w:r></w:p>"

    __html__ = xml
    __str__ = xml

    def put_in(self, docx: DocxDocument) -> None:
        """Replace the marker paragraph of the rendered document with the body."""
        for text in docx.element.body.iter(qn("w:t")):
            if text.text == self.marker:
                p = next(text.iterancestors(qn("w:p")))
                # Each after the one before: insert(index) walks the siblings every time,
                # quadratic in a body of thousands of paragraphs.
                anchor = p
                for child in self.parts:
                    anchor.addnext(child)
                    anchor = child
                p.getparent().remove(p)
                return


class _BodyWriter:
    """Builds the body subdocument from the document's blocks and tables, as lxml elements
    with the template's style ids looked up once (python-docx's per-call style look-ups and
    cell objects made a report of 1.000 units take a minute)."""

    def __init__(
        self,
        tpl: DocxTemplate,
        document: ReportDocument,
        fmt: DocumentFormat,
        blocks: list[Block],
        *,
        ids: Iterator[int],
        spliced: dict[str, Callable[[], Iterator[str]]],
        new_page: bool = False,
    ) -> None:
        self.blocks = blocks
        self.spliced = spliced
        self.new_page = new_page
        main = tpl.get_docx()
        self.body = Body(main)
        self.parts = self.body.parts
        self.styles = Styles(style_ids(main.styles).items())
        self.section = main.element.body.sectPr
        self.document = document
        self.fmt = fmt
        self.sections_added = False
        self.figures = 0  # "Biểu đồ 1.", "Biểu đồ 2."
        self.ids = ids
        # A landscape table was the last thing: its section ends before whatever comes next,
        # or, when nothing does, the document's last section is landscape (turned_at_end).
        self.turned_at_end = False

    def build(self) -> Body:
        last_of_body = self.document.blocks[-1] if self.document.blocks else None
        appendix_heading = self.document.appendix[0] if self.document.appendix else None
        for block in self.blocks:
            if block is appendix_heading and block.kind == "h1":
                self.paragraph(block.text, "Dean24 Appendix Title", bold=True)
                if self.document.appendix_line:
                    self.paragraph(self.document.appendix_line, "Dean24 Appendix Line", italic=True)
                continue
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
            elif block.kind == "h3":
                self.paragraph(block.text, "Normal", bold=True, italic=True)
            elif block.kind == "bullet":
                self.paragraph(f"- {block.text}", "Normal")
            elif block.kind == "placeholder":
                self.paragraph(block.text, "Dean24 Placeholder", bold=True, highlight=True)
            else:
                self.paragraph(block.text, "Normal")
            if block is last_of_body and self.parts:
                # The signature block follows: never alone at the top of a page.
                set_paragraph_flag(self.parts[-1], "keepNext")
        first = next((part for part in self.parts if part.tag == qn("w:p")), None)
        if self.new_page and first is not None:
            set_paragraph_flag(first, "pageBreakBefore")
        return self.body

    def paragraph(
        self,
        text: str,
        style: str,
        *,
        bold: bool = False,
        italic: bool = False,
        highlight: bool = False,
        align: str | None = None,
    ) -> etree._Element:
        self._end_landscape()
        return self._add(
            paragraph(
                text,
                self.styles.id(style),
                bold=bold,
                italic=italic,
                highlight=highlight,
                align=align,
            )
        )

    def table(self, table: Table) -> None:
        fmt = self.fmt
        portrait = text_width_mm(fmt)
        landscape = fmt.page_height_mm - fmt.margin_left_mm - fmt.margin_right_mm
        shape = layout(table)  # paired cells split once, for the widths and the XML
        size = fmt.table_pt
        measured = least_and_wanted(table, size, CELL_PADDING_MM, shape)
        least = measured[0]
        # A table too wide for the page, even with every column at its longest word, gets
        # a landscape page of its own; so does one whose labels the page holds only on more
        # than three lines ("Số / đảng / viên được / kết nạp" beside wide period columns).
        can_turn = landscape > portrait and self.section is not None
        turn = sum(least) > portrait and can_turn
        if can_turn and not turn:
            upright = _column_widths(table, portrait, size, CELL_PADDING_MM, measured, shape)
            turn = not holds_labels(shape, upright, size, CELL_PADDING_MM)
        room = landscape if turn else portrait
        if turn and sum(least) <= room:
            wide = _column_widths(table, room, size, CELL_PADDING_MM, measured, shape)
            crowded = not holds_labels(shape, wide, size, CELL_PADDING_MM)
        else:
            crowded = sum(least) > room
        padding, margin = CELL_PADDING_MM, None
        if crowded:
            # too wide, or its labels over three lines: narrower cell margins and a little
            # smaller if that takes fewer lines, rather than break its words
            padding, margin = TIGHT_PADDING_MM, TIGHT_MARGIN_MM
            size, measured = fitting_size(table, room, size, padding, shape)
        follows = turn and self.turned_at_end
        if follows:
            # Right after another landscape table: it goes on in the same landscape section
            # (ending that section and opening a portrait one between them left a page
            # holding nothing but the header), from a new page as a landscape table begins:
            # sharing the end of the other's page, its note could be pushed onto a page alone.
            self.turned_at_end = False
        else:
            self._end_landscape()
            if turn:
                self._section_break(landscape=False, before_lead=True)
        width = landscape if turn else portrait
        caption = self.paragraph(
            f"{table.label} {table.title}".strip(), "Dean24 Table Caption", bold=True
        )
        if follows:
            set_paragraph_flag(caption, "pageBreakBefore")
        widths = _column_widths(table, width, size, padding, measured, shape)
        smaller = None if size == fmt.table_pt else size
        if len(table.rows) > SPLICE_ROWS:
            # A one-cell table marks its place; the table itself goes in as text on saving.
            marker = f"dean24-table-{uuid.uuid4().hex}"
            self._add(
                parse_xml(
                    f'<w:tbl xmlns:w="{W_NS}"><w:tr><w:tc><w:p><w:r><w:t>{marker}</w:t></w:r>'
                    "</w:p></w:tc></w:tr></w:tbl>"
                )
            )
            styles = self.styles
            self.spliced[marker] = lambda: table_xml(table, widths, styles, shape, smaller, margin)
        else:
            self._add(table_element(table, widths, self.styles, smaller, margin))
        # In Word the sub-columns say what the note explains for the Markdown table.
        if table.note and not table.pair:
            self.paragraph(table.note, "Dean24 Table Note", italic=True)
        self.turned_at_end = turn

    def _add(self, element: Any) -> Any:
        self.parts.append(element)
        return element

    def _end_landscape(self) -> None:
        if self.turned_at_end:
            self.turned_at_end = False
            self._section_break(landscape=True)

    def _section_break(self, *, landscape: bool, before_lead: bool = False) -> None:
        """End the section here: the template's own section (page numbers, a first page of
        its own) before a landscape table; after it, a landscape one that inherits them.

        before_lead: when all that this part of the document holds so far is the lines that
        open it on a new page (the appendix's title), the section ends before them, so that
        they head the landscape table instead of standing alone on a page of their own."""
        assert self.section is not None
        properties = copy.deepcopy(self.section)
        if landscape:
            for child in properties.xpath("./w:headerReference|./w:footerReference|./w:titlePg"):
                properties.remove(child)
            turn_landscape(properties)
        last = self.parts[-1] if self.parts else None
        if before_lead and self.new_page and self.parts and self._only_lead():
            # The section break itself starts the new page the lead lines asked for.
            last = _break_paragraph()
            self.parts.insert(0, last)
            self.new_page = False
        elif last is None or last.tag != qn("w:p") or last.xpath("./w:pPr/w:sectPr"):
            last = self._add(_break_paragraph())
        ppr = last.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            last.insert(0, ppr)
        ppr.append(properties)
        self.sections_added = True

    def _only_lead(self) -> bool:
        """Whether every part so far is a title line (of a style in LEAD_STYLES), with no
        section break, drawing or table among them."""
        lead = {self.styles.id(name) for name in LEAD_STYLES} - {None}
        return all(
            part.tag == qn("w:p")
            and not part.xpath("./w:pPr/w:sectPr|.//w:drawing")
            and part.xpath("string(./w:pPr/w:pStyle/@w:val)") in lead
            for part in self.parts
        )

    def chart(self) -> None:
        """The progress chart, a Word chart the width of the text, with its caption."""
        from dean24.render.chart import progress_chart

        chart = progress_chart(self.document.chart, self.fmt.font, self.document.chart_legend)
        self._caption(self.document.chart_label, self.document.chart_caption)
        figure = self.paragraph("", "Dean24 Figure", align="center")
        width = text_width_mm(self.fmt)
        figure.append(self._chart_run(chart, width, CHART_HEIGHT_MM, self.document.chart_caption))

    def trend_chart(self) -> None:
        """One small Word chart per indicator, two to a row of a borderless table."""
        from dean24.render.chart import trend_charts

        charts = trend_charts(self.document.trend, self.document.trend_periods, self.fmt.font)
        self._caption(self.document.trend_label, self.document.trend_caption)
        width = text_width_mm(self.fmt) / 2
        grid = [
            '<w:tbl xmlns:w="' + W_NS + '"><w:tblPr><w:tblW w:w="0" w:type="auto"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
        ]
        twips = round(width * 1440 / 25.4)
        grid.append(f'<w:gridCol w:w="{twips}"/><w:gridCol w:w="{twips}"/></w:tblGrid>')
        figure = self.styles.id("Dean24 Figure")
        style = f'<w:pPr><w:pStyle w:val="{figure}"/></w:pPr>' if figure else ""
        cell = (
            f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr><w:p>{style}</w:p></w:tc>'
        )
        row = f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}{cell}</w:tr>"
        grid.append(row * ((len(charts) + 1) // 2))
        grid.append("</w:tbl>")
        table = self._add(parse_xml("".join(grid)))
        cells = table.xpath("./w:tr/w:tc/w:p")
        for cell, chart in zip(cells, charts, strict=False):
            cell.append(self._chart_run(chart, width - 2, TREND_HEIGHT_MM, chart.title))

    def _caption(self, label: str, text: str) -> None:
        self.figures += 1
        style = "Dean24 Figure Caption" if "Dean24 Figure Caption" in self.styles else None
        self.paragraph(f"{label} {text}".strip(), style or "Dean24 Table Caption", bold=True)

    def _chart_run(self, chart: Chart, width_mm: float, height_mm: float, title: str) -> Any:
        """A w:r holding the chart inline: a chart part, related from the document, with its
        figures in an embedded workbook related from the chart."""
        part = self.body.part
        package = part.package
        workbook = Part(
            package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
            CT.SML_SHEET,
            chart.workbook(),
            package,
        )
        chart_part = Part(
            package.next_partname("/word/charts/chart%d.xml"),
            CT.DML_CHART,
            b"",
            package,
        )
        # The chart's XML names its workbook rId1: the chart part's first relationship.
        assert chart_part.relate_to(workbook, RT.PACKAGE) == "rId1"
        chart_part._blob = chart.xml()
        rid = part.relate_to(chart_part, RT.CHART)
        number = next(self.ids)
        run = (
            f'<w:r xmlns:w="{W_NS}"><w:drawing><wp:inline xmlns:wp="{WP_NS}" distT="0" '
            'distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{Mm(width_mm)}" cy="{Mm(height_mm)}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{number}" name="Biểu đồ {number}" descr="{_attr(title)}"/>'
            f'<wp:cNvGraphicFramePr/><a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
            f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
        return parse_xml(run)


# The lines that open a part of the document on a new page and belong with what follows.
LEAD_STYLES = ("Dean24 Appendix Title", "Dean24 Appendix Line", "Heading 1", "Heading 2")


def _break_paragraph() -> etree._Element:
    """An empty paragraph to carry a section break, as low as a paragraph can be: after a
    table that fills its page it must not push a page of its own."""
    return parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


CHART_HEIGHT_MM = 95
TREND_HEIGHT_MM = 55
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _attr(text: str) -> str:
    return escape(text)


# Left and right cell margin of the data tables is in the table style (1,2 mm: Word's 1,9 mm
# leaves the unit names too little room); each column's estimate adds this much, in mm.
CELL_PADDING_MM = 2 * CELL_MARGIN_MM + CELL_SLACK_MM
# The margin of a table too tight for its page (the unit table of seven indicators, "Trong kỳ"
# and "Lũy kế" under each), set on the table itself.
TIGHT_MARGIN_MM = 0.6
TIGHT_PADDING_MM = 2 * TIGHT_MARGIN_MM + CELL_SLACK_MM


def column_widths(table: Table, width_mm: float, pt: float) -> list[float]:
    """Widths in mm of a data table's columns (sub-columns counted apart) that fill width_mm."""
    return _column_widths(table, width_mm, pt, CELL_PADDING_MM)
