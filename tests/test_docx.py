"""Word output: page set-up, header, text, tables, chart, template safety, PDF via LibreOffice."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from dean24.commands.pipeline import ReportSettings, build_report_model
from dean24.core.errors import TemplateError
from dean24.core.text import format_percent
from dean24.programme.config import Config, load_config
from dean24.render.docx import column_widths, default_template, render_docx, text_width_mm
from dean24.render.markdown import render_markdown
from dean24.words.document import Block, ReportDocument, TrendSeries, build_document
from dean24.words.narrative import Narrative
from dean24.words.notes import parse_notes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "tong_hop_6thang_dau_2024.xlsx"
SCRIPT = ROOT / "scripts" / "build_docx_template.py"
REPORT_DATE = date(2024, 7, 17)
KEY_FIGURES = ("3.274", "33", "16", "174", "46,7%")
# Paragraphs of the body that are not blocks of the document's text.
NOT_TEXT_STYLES = {
    "Dean24 Table Caption",
    "Dean24 Table Note",
    "Dean24 Figure",
    "Dean24 Figure Caption",
    "Dean24 Appendix Line",
}
Built = tuple[ReportDocument, Config]


@pytest.fixture(scope="module")
def built() -> Built:
    config = load_config()
    model, _ = build_report_model(ReportSettings(inputs=(SAMPLE,), report_date=REPORT_DATE), config)
    return build_document(model, config, None, REPORT_DATE, Narrative()), config


@pytest.fixture(scope="module")
def docx_bytes(built: Built) -> bytes:
    data: bytes = render_docx(*built)
    return data


@pytest.fixture(scope="module")
def word(docx_bytes: bytes) -> DocxDocument:
    return Document(io.BytesIO(docx_bytes))


# ----- helpers -------------------------------------------------------------------------------


def _effective(paragraph: Paragraph, run: Run, attribute: str) -> Any:
    """A font attribute as Word shows it: the run's, else the paragraph style chain's."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def _alignment(paragraph: Paragraph) -> Any:
    value = paragraph.alignment
    style = paragraph.style
    while value is None and style is not None:
        value = style.paragraph_format.alignment
        style = style.base_style
    return value


def _paragraph(word: DocxDocument, text: str) -> Paragraph:
    for paragraph in _all_paragraphs(word):
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def _all_paragraphs(word: DocxDocument) -> list[Paragraph]:
    out = list(word.paragraphs)
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    return out


def _body_paragraphs(word: DocxDocument, subject: str) -> list[str]:
    """Text of the body and the appendix: the paragraphs after the subject, without tables,
    table captions and notes, the chart and the empty spacer before the signature."""
    body = word.element.body
    children = [c for c in body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    start = next(
        i
        for i, c in enumerate(children)
        if c.tag == qn("w:p") and Paragraph(c, word._body).text == subject
    )
    texts = []
    for element in children[start + 1 :]:
        if element.tag != qn("w:p"):
            continue
        paragraph = Paragraph(element, word._body)
        if paragraph.style is not None and paragraph.style.name in NOT_TEXT_STYLES:
            continue
        if paragraph.style is not None and paragraph.style.name == "Dean24 Subject Rule":
            continue
        texts.append(paragraph.text)
    assert "" in texts, "the template's spacer before the signature block"
    return [text for text in texts if text]


def _markdown_paragraphs(markdown: str) -> list[str]:
    """Text of the Markdown body: headings, paragraphs, list items and placeholders."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2
    out = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.startswith("|") or line.startswith("**Bảng "):
            continue
        if line.startswith("*") and not line.startswith("**"):
            continue  # a table's note
        text = re.sub(r"^(#{2,3} |> )", "", line)
        if text.startswith("**") and text.endswith("**"):
            text = text[2:-2]
        out.append(re.sub(r"\\(.)", r"\1", text))
    return out


def _expected(document: ReportDocument) -> list[str]:
    return [
        ("- " if b.kind == "bullet" else "") + b.text
        for b in [*document.blocks, *document.appendix]
        if b.kind != "table"
    ]


def _data_tables(word: DocxDocument, document: ReportDocument) -> list[DocxTable]:
    """The data tables, each found as the table right after its caption."""
    found = []
    for table in document.tables:
        caption = _paragraph(word, f"Bảng {table.number}. {table.title}")
        following = caption._p.getnext()
        assert following is not None and following.tag == qn("w:tbl"), table.title
        found.append(DocxTable(following, word._body))
    return found


def _retemplate(
    tmp_path: Path, change: Callable[[str], str], part: str = "word/document.xml"
) -> Path:
    """A copy of the shipped template with one part (document.xml) changed."""
    out = tmp_path / "mau_sua.docx"
    with zipfile.ZipFile(default_template()) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    return out


# ----- layout --------------------------------------------------------------------------------


def test_page_setup_comes_from_the_configuration(word: DocxDocument, built: Built) -> None:
    fmt = built[1].document.format
    across = [s.orientation == WD_ORIENT.LANDSCAPE for s in word.sections]
    # Bảng 2, the last thing of the sample, is too wide for an upright page.
    assert across == [False, True]
    for section, turned in zip(word.sections, across, strict=True):
        for value, mm in (
            (section.page_width, fmt.page_height_mm if turned else fmt.page_width_mm),
            (section.page_height, fmt.page_width_mm if turned else fmt.page_height_mm),
            (section.top_margin, fmt.margin_top_mm),
            (section.bottom_margin, fmt.margin_bottom_mm),
            (section.left_margin, fmt.margin_left_mm),
            (section.right_margin, fmt.margin_right_mm),
        ):
            assert value is not None and abs(value - Mm(mm)) < Mm(0.1)
    assert (fmt.page_width_mm, fmt.page_height_mm) == (210, 297)
    assert (fmt.margin_top_mm, fmt.margin_bottom_mm) == (20, 20)
    assert (fmt.margin_left_mm, fmt.margin_right_mm) == (30, 15)


def test_text_after_a_landscape_table_is_upright_again(built: Built) -> None:
    document, config = built
    more = dataclasses.replace(document, appendix=[*document.appendix, Block("para", "Sau bảng.")])
    word = Document(io.BytesIO(render_docx(more, config)))
    across = [s.orientation == WD_ORIENT.LANDSCAPE for s in word.sections]
    assert across == [False, True, False]
    first, turned, last = word.sections
    # The first page alone has no page number; the other sections inherit the header.
    assert first.different_first_page_header_footer
    assert not turned.different_first_page_header_footer
    assert not last.different_first_page_header_footer
    assert turned.header.is_linked_to_previous
    assert "PAGE" in "".join(last.header._element.itertext())
    body = [p.text for p in word.paragraphs]
    assert body[-1] == "Sau bảng."
    assert word.element.body.xpath("count(.//w:pPr/w:sectPr)") == 2


def _sections(word: DocxDocument) -> list[tuple[Any, list[Any]]]:
    """Each section of the document in order: its w:sectPr and the body elements it holds."""
    out: list[tuple[Any, list[Any]]] = []
    held: list[Any] = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:sectPr"):
            out.append((child, held))
            continue
        held.append(child)
        found = child.xpath("./w:pPr/w:sectPr")
        if found:
            out.append((found[0], held))
            held = []
    return out


def _holds_something(elements: list[Any]) -> bool:
    return any(
        e.tag == qn("w:tbl") or e.xpath(".//w:drawing") or "".join(e.itertext()).strip()
        for e in elements
    )


def _numbered(word: DocxDocument, header_id: str) -> bool:
    header = word.part.rels[header_id].target_part.element
    fields = header.xpath(".//w:instrText/text()|.//w:fldSimple/@w:instr")
    return any("PAGE" in field for field in fields)


def _check_sections(word: DocxDocument) -> None:
    """No section holds nothing (a page with only the header); the first page alone has a
    header of its own; every other page shows the page number (its section's own default
    header, or the one it inherits)."""
    sections = _sections(word)
    default = None
    for number, (properties, held) in enumerate(sections):
        assert _holds_something(held), f"section {number + 1} of {len(sections)} holds nothing"
        first_page = properties.find(qn("w:titlePg")) is not None
        assert first_page == (number == 0), f"section {number + 1}: titlePg {first_page}"
        own = properties.xpath("./w:headerReference[@w:type='default']/@r:id")
        default = own[0] if own else default
        assert default is not None and _numbered(word, default), f"section {number + 1}"


def _appendix_with(document: ReportDocument, order: list[int], tail: bool = True) -> Any:
    """The document with its appendix's tables in this order (after its heading)."""
    heading = document.appendix[0]
    tables = [Block("table", table=index) for index in order]
    end = [Block("para", "Sau bảng.")] if tail else []
    return dataclasses.replace(document, appendix=[heading, *tables, *end])


def test_two_landscape_tables_in_a_row_share_their_pages(built: Built) -> None:
    document, config = built
    wide = next(i for i, t in enumerate(document.tables) if t.label.startswith("Bảng 2"))
    narrow = next(i for i, t in enumerate(document.tables) if t.label.startswith("Bảng 1"))
    for order, tail in (([narrow, wide, wide], True), ([narrow, wide, wide, narrow], True)):
        more = _appendix_with(document, order, tail)
        word = Document(io.BytesIO(render_docx(more, config)))
        across = [s.orientation == WD_ORIENT.LANDSCAPE for s in word.sections]
        assert across == [False, True, False], order
        _check_sections(word)
        # The second begins a page of its own, as a landscape table does.
        captions = [p for p in word.paragraphs if p.text.startswith(document.tables[wide].label)]
        assert len(captions) == 2
        assert [bool(p._p.xpath("./w:pPr/w:pageBreakBefore")) for p in captions] == [False, True]
    # Two landscape tables at the very end: one landscape section to the end.
    word = Document(
        io.BytesIO(render_docx(_appendix_with(document, [narrow, wide, wide], False), config))
    )
    assert [s.orientation == WD_ORIENT.LANDSCAPE for s in word.sections] == [False, True]
    _check_sections(word)


def test_an_appendix_opening_with_a_landscape_table_takes_its_title(built: Built) -> None:
    """The appendix's title goes onto the landscape page of its first table, not onto a
    portrait page of its own."""
    document, config = built
    wide = next(i for i, t in enumerate(document.tables) if t.label.startswith("Bảng 2"))
    narrow = next(i for i, t in enumerate(document.tables) if t.label.startswith("Bảng 1"))
    word = Document(io.BytesIO(render_docx(_appendix_with(document, [wide, narrow]), config)))
    _check_sections(word)
    sections = _sections(word)
    assert len(sections) == 3
    landscape = "".join("".join(e.itertext()) for e in sections[1][1])
    assert landscape.startswith(document.appendix[0].text)
    assert document.appendix[0].text not in "".join("".join(e.itertext()) for e in sections[0][1])
    # The section break itself starts the appendix's page: no page break before it as well.
    assert not word.element.body.xpath(".//w:pageBreakBefore")


def test_sections_of_the_sample_report(word: DocxDocument) -> None:
    _check_sections(word)


def test_page_numbers_from_page_two(word: DocxDocument) -> None:
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(section.header._element.itertext())
    assert "PAGE" not in "".join(section.first_page_header._element.itertext())


def test_normal_style_is_times_new_roman(word: DocxDocument, built: Built) -> None:
    fmt = built[1].document.format
    normal = word.styles["Normal"]
    assert fmt.font == "Times New Roman"
    assert normal.font.name == fmt.font
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{attribute}")) == fmt.font
    assert normal.font.size == Pt(fmt.body_pt) == Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    indent = normal.paragraph_format.first_line_indent
    assert indent is not None and abs(indent - Mm(fmt.first_line_indent_mm)) < Mm(0.1)


def test_header_is_a_borderless_two_column_table(word: DocxDocument, built: Built) -> None:
    document, config = built
    fmt = config.document.format
    header = word.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and len(borders)
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)
    left = [p.text for p in header.columns[0].cells[0].paragraphs] + [
        p.text for p in header.columns[0].cells[1].paragraphs
    ]
    assert left[0] == "ĐẢNG BỘ TỈNH LÀO CAI" == document.superior_body
    assert left[1 : 1 + len(document.issuing_body)] == document.issuing_body
    assert "*" in left
    assert left[-1] == document.number_line == "Số     -BC/BCĐ"
    right = header.columns[1].cells[0].paragraphs + header.columns[1].cells[1].paragraphs
    party = next(p for p in right if p.text == "ĐẢNG CỘNG SẢN VIỆT NAM")
    run = party.runs[0]
    assert _effective(party, run, "bold") is True
    assert _effective(party, run, "size") == Pt(fmt.party_name_pt) == Pt(15)
    assert _effective(party, run, "underline")
    date_line = next(p for p in right if p.text == "Lào Cai, ngày 17 tháng 7 năm 2024")
    assert _effective(date_line, date_line.runs[0], "italic") is True
    assert _effective(date_line, date_line.runs[0], "size") == Pt(fmt.date_line_pt)
    for text in document.issuing_body:
        issuing = _paragraph(word, text)
        assert _effective(issuing, issuing.runs[0], "bold") is True


def test_title_and_subject(word: DocxDocument, built: Built) -> None:
    document, config = built
    title = _paragraph(word, "BÁO CÁO")
    assert _effective(title, title.runs[0], "bold") is True
    assert _effective(title, title.runs[0], "size") == Pt(config.document.format.title_pt)
    assert _alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    subject = _paragraph(word, document.subject)
    assert _effective(subject, subject.runs[0], "bold") is True
    assert _alignment(subject) == WD_ALIGN_PARAGRAPH.CENTER


def test_signature_block_and_recipients(word: DocxDocument, built: Built) -> None:
    document, config = built
    signature = next(t for t in word.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    left = [p.text for p in signature.columns[0].cells[0].paragraphs]
    right = [p.text for p in signature.columns[1].cells[0].paragraphs]
    assert left == ["Nơi nhận:", *[f"- {line}" for line in document.recipients]]
    assert right[: len(document.signature_role)] == document.signature_role
    fmt = config.document.format
    # HD 36, Party documents: "Nơi nhận:" upright, underlined, 14 pt; the list 12 pt.
    heading = signature.columns[0].cells[0].paragraphs[0]
    assert not _effective(heading, heading.runs[0], "italic")
    assert not _effective(heading, heading.runs[0], "bold")
    assert _effective(heading, heading.runs[0], "underline")
    assert _effective(heading, heading.runs[0], "size") == Pt(fmt.recipients_heading_pt) == Pt(14)
    for item in signature.columns[0].cells[0].paragraphs[1:]:
        assert _effective(item, item.runs[0], "size") == Pt(fmt.recipients_pt) == Pt(12)
    # No signer in the configuration: a highlighted placeholder where the name goes.
    assert config.document.signer == "" and right[-1] == "[Họ và tên]"
    signer = signature.columns[1].cells[0].paragraphs[-1]
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in signer.runs)
    # The signature block never splits, and what is above it stays with it.
    assert signature.rows[0]._tr.xpath("./w:trPr/w:cantSplit")
    before = signature._tbl.getprevious()
    assert before.xpath("./w:pPr/w:keepNext")
    assert before.getprevious().xpath("./w:pPr/w:keepNext")
    assert Paragraph(before.getprevious(), word._body).text == document.blocks[-1].text


def test_named_signer_is_not_highlighted(built: Built) -> None:
    document, config = built
    named = dataclasses.replace(document, signer="Nguyễn Văn A")
    word = Document(io.BytesIO(render_docx(named, config)))
    signer = _paragraph(word, "Nguyễn Văn A")
    assert all(r.font.highlight_color is None for r in signer.runs)
    assert "[Họ và tên]" not in [p.text for p in _all_paragraphs(word)]


def test_date_line_pads_as_hd_36(built: Built) -> None:
    config = built[1]
    model, _ = build_report_model(
        ReportSettings(inputs=(SAMPLE,), report_date=date(2025, 1, 5)), config
    )
    document = build_document(model, config, None, date(2025, 1, 5), Narrative())
    word = Document(io.BytesIO(render_docx(document, config)))
    texts = [p.text for p in _all_paragraphs(word)]
    assert "Lào Cai, ngày 05 tháng 01 năm 2025" in texts
    assert "(Kèm theo Báo cáo số     -BC/BCĐ, ngày 5/1/2025 của Ban Chỉ đạo)" in texts


def test_appendix_heading_and_line(word: DocxDocument, built: Built) -> None:
    document, _ = built
    heading = _paragraph(word, document.appendix[0].text)
    line = _paragraph(word, "(Kèm theo Báo cáo số     -BC/BCĐ, ngày 17/7/2024 của Ban Chỉ đạo)")
    assert heading._p.getnext() is line._p
    assert _alignment(heading) == _alignment(line) == WD_ALIGN_PARAGRAPH.CENTER
    assert _effective(line, line.runs[0], "italic")
    assert heading.paragraph_format.page_break_before


def _first_page_header(word: DocxDocument) -> list[str]:
    return [p.text for p in word.sections[0].first_page_header.paragraphs if p.text]


def test_draft_mark_while_placeholders_remain(word: DocxDocument, built: Built) -> None:
    document, config = built
    assert any(b.kind == "placeholder" for b in document.blocks)
    assert _first_page_header(word) == ["DỰ THẢO"]
    assert "DỰ THẢO" not in "".join(word.sections[0].header._element.itertext())
    done = dataclasses.replace(
        document, blocks=[b for b in document.blocks if b.kind != "placeholder"]
    )
    assert _first_page_header(Document(io.BytesIO(render_docx(done, config)))) == []
    other = dataclasses.replace(
        config, document=dataclasses.replace(config.document, draft_mark="BẢN THẢO")
    )
    assert _first_page_header(Document(io.BytesIO(render_docx(document, other)))) == ["BẢN THẢO"]
    off = dataclasses.replace(config, document=dataclasses.replace(config.document, draft_mark=""))
    assert _first_page_header(Document(io.BytesIO(render_docx(document, off)))) == []


# ----- text ----------------------------------------------------------------------------------


def test_body_text_is_the_documents_text(word: DocxDocument, built: Built) -> None:
    document, _ = built
    paragraphs = _body_paragraphs(word, document.subject)
    assert paragraphs == _expected(document)
    assert [p.removeprefix("- ") for p in paragraphs] == document.paragraphs()
    assert _markdown_paragraphs(render_markdown(document)) == paragraphs


def test_headings_bold_and_placeholders_highlighted(word: DocxDocument, built: Built) -> None:
    document, _ = built
    kinds = {b.kind for b in document.blocks}
    assert {"h1", "h2", "placeholder", "bullet"} <= kinds
    for block in document.blocks:
        if block.kind in ("h1", "h2"):
            heading = _paragraph(word, block.text)
            assert all(_effective(heading, r, "bold") for r in heading.runs)
        if block.kind == "placeholder":
            placeholder = _paragraph(word, block.text)
            for run in placeholder.runs:
                assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
                assert run.bold is True


def test_key_figures_present(word: DocxDocument) -> None:
    text = "\n".join(p.text for p in _all_paragraphs(word))
    for figure in KEY_FIGURES:
        assert re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d%]|[.,]\d)", text), figure


def _style_name(word: DocxDocument, style_id: str | None) -> str | None:
    for style in word.styles:
        if style.style_id == style_id:
            return str(style.name)
    return None


def test_data_tables_take_their_look_from_styles(word: DocxDocument, built: Built) -> None:
    document, _ = built
    assert len(document.tables) == 2
    allowed_cell = {qn("w:tcW"), qn("w:gridSpan"), qn("w:vMerge")}
    for table, grid in zip(document.tables, _data_tables(word, document), strict=True):
        tbl = grid._tbl
        assert grid.style is not None and grid.style.name == "Dean24 Table"
        assert tbl.tblPr.find(qn("w:tblBorders")) is None
        look = tbl.tblPr.find(qn("w:tblLook"))
        assert look.get(qn("w:firstRow")) == "1"
        assert look.get(qn("w:lastRow")) == ("1" if table.total else "0")
        # No direct formatting in any cell: only widths, spans and merges; no run properties
        # but the size of a table set smaller to fit its page, one size for the whole table;
        # the paragraph style says the rest.
        sizes = set()
        for tc in tbl.iter(qn("w:tc")):
            assert {child.tag for child in tc.tcPr} <= allowed_cell
            for rpr in tc.xpath(".//w:rPr"):
                assert {child.tag for child in rpr} == {qn("w:sz"), qn("w:szCs")}
                sizes |= {child.get(qn("w:val")) for child in rpr}
            assert not tc.xpath(".//w:pPr/w:jc")
        assert len(sizes) <= 1
        headers = [tr for tr in tbl.tr_lst if tr.xpath("./w:trPr/w:tblHeader")]
        assert headers == tbl.tr_lst[: len(headers)]
        assert all(tr.xpath("./w:trPr/w:cantSplit") for tr in tbl.tr_lst)
        body = tbl.tr_lst[len(headers) :]
        assert len(body) == len(table.rows)
        for tr, row in zip(body, table.rows, strict=True):
            cells = [Paragraph(p, grid).text for p in tr.xpath("./w:tc/w:p")]
            styles = [_style_name(word, v) for v in tr.xpath("./w:tc/w:p/w:pPr/w:pStyle/@w:val")]
            if table.pair:
                expected = row[:2]
                for value in row[2:]:
                    expected += value.split(" / ") if " / " in value else [value, value]
                align = table.align[:2] + [a for a in table.align[2:] for _ in (0, 1)]
            else:
                expected, align = row, table.align
            assert cells == expected
            assert styles == [
                {"left": "Dean24 Table Text", "right": "Dean24 Table Number"}.get(
                    a, "Dean24 Table Center"
                )
                for a in align
            ]
        caption = _paragraph(word, f"Bảng {table.number}. {table.title}")
        assert caption.style is not None and caption.style.name == "Dean24 Table Caption"
        assert caption.style.paragraph_format.keep_with_next
    first = _data_tables(word, document)[0]
    assert "3.274" in [c.text for c in first.rows[4].cells]
    assert "Tỷ lệ: " in _paragraph(word, document.tables[0].note).text


def test_units_table_has_two_sub_columns_per_indicator(word: DocxDocument, built: Built) -> None:
    document, config = built
    table = document.tables[1]
    assert table.pair == ("Trong kỳ", "Lũy kế") and table.total
    grid = _data_tables(word, document)[1]._tbl
    top, second = grid.tr_lst[:2]
    printed = [Paragraph(p, None).text for p in top.xpath("./w:tc/w:p")]
    assert [" ".join(text.split()) for text in printed] == table.header
    # a heading of three words or more breaks only between its two halves, never inside a
    # two-syllable word ("Đảng viên kết" over "nạp")
    assert "Đảng\u00a0viên kết\u00a0nạp" in printed
    spans = [tc.xpath("string(./w:tcPr/w:gridSpan/@w:val)") or "1" for tc in top.tc_lst]
    assert spans == ["1", "1"] + ["2"] * len(config.indicators)
    assert [tc.xpath("string(./w:tcPr/w:vMerge/@w:val)") for tc in top.tc_lst[:2]] == [
        "restart",
        "restart",
    ]
    assert all(tc.xpath("./w:tcPr/w:vMerge[not(@w:val)]") for tc in second.tc_lst[:2])
    assert [Paragraph(p, None).text for p in second.xpath("./w:tc/w:p")][2:] == [
        "Trong kỳ",
        "Lũy kế",
    ] * len(config.indicators)
    total = [Paragraph(p, None).text for p in grid.tr_lst[-1].xpath("./w:tc/w:p")]
    assert total[:4] == ["", "Tổng cộng", "15", "174"]
    # Bold from the table style's totals row, the header's shading from its header row.
    style = word.styles["Dean24 Table"].element
    assert style.xpath("./w:tblStylePr[@w:type='lastRow']/w:rPr/w:b")
    assert style.xpath("./w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd/@w:fill") == ["D9D9D9"]
    # Each cell holds one figure: the note explaining "a / b" is left to the Markdown.
    assert table.note not in [p.text for p in word.paragraphs]


def _charts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("word/charts/")}


def _chart_xml(data: bytes, name: str = "word/charts/chart1.xml") -> Any:
    return etree.fromstring(_charts(data)[name])


def _workbook_rows(data: bytes, name: str) -> list[tuple[Any, ...]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = openpyxl.load_workbook(io.BytesIO(archive.read(name))).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


def test_progress_chart_is_a_word_chart_with_its_workbook(
    word: DocxDocument, docx_bytes: bytes, built: Built
) -> None:
    document, config = built
    bars = document.chart
    assert bars
    # No raster picture: a chart part related from the document, drawn inline after Bảng 1.
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]
        types = archive.read("[Content_Types].xml").decode()
    assert "drawingml.chart+xml" in types and "spreadsheetml.sheet" in types
    charts = [r for r in word.part.rels.values() if r.reltype.endswith("/chart")]
    assert len(charts) == 1
    chart_part = charts[0].target_part
    embedded = [r for r in chart_part.rels.values() if r.reltype.endswith("/package")]
    assert len(embedded) == 1 and embedded[0].rId == "rId1"
    body = list(word.element.body.iterchildren())
    first = _data_tables(word, document)[0]._tbl
    after = body[body.index(first) + 1 : body.index(first) + 4]
    texts = [Paragraph(el, word._body).text for el in after if el.tag == qn("w:p")]
    assert f"Biểu đồ 1. {document.chart_caption}" in texts
    assert any(next(el.iter(f"{{{C['c']}}}chart"), None) is not None for el in after)
    width = text_width_mm(config.document.format)
    extent = next(el for el in after if el.xpath(".//wp:extent")).xpath(".//wp:extent")[0]
    assert abs(int(extent.get("cx")) - Mm(width)) < Mm(0.5)
    # The chart: the bars' labels, one series per status in the tables' words, values as
    # percentages, the target line, fonts as the document's.
    xml = _chart_xml(docx_bytes)
    names = xml.xpath("//c:ser/c:tx//c:v/text()", namespaces=C)
    words = list(dict.fromkeys(bar.words for bar in bars))
    assert sorted(names[: len(words)]) == sorted(words)
    assert "Mục tiêu (100%)" in names
    categories = xml.xpath("//c:barChart/c:ser[1]/c:cat//c:v/text()", namespaces=C)
    assert categories == [bar.label for bar in bars]
    assert xml.xpath("//c:barChart/c:ser/c:dLbls/c:showVal/@val", namespaces=C)[0] == "1"
    assert {f.get("typeface") for f in xml.iter("{*}latin")} == {config.document.format.font}
    # The embedded workbook holds the same figures, for "Edit Data".
    rows = _workbook_rows(docx_bytes, "word/embeddings/Microsoft_Excel_Worksheet1.xlsx")
    assert [row[0] for row in rows[1:]] == [bar.label for bar in bars]
    assert list(rows[0][1:]) == names
    for row, bar in zip(rows[1:], bars, strict=True):
        shown = [v for v in row[1 : 1 + len(words)] if v is not None]
        assert len(shown) == 1 and f"{shown[0]:g}%".replace(".", ",") == format_percent(bar.value)
        column = names.index(bar.words)
        assert row[1 + column] == shown[0]
    # Each bar gives the percentage Bảng 1 gives (of the annual target for a per-year one),
    # and a mark at what was due by the end of 6 tháng đầu năm 2024.
    table = next(t for t in document.tables if t.key == "chi_tieu")
    rate = table.header.index("Tỷ lệ")
    given = {row[1]: row[rate] for row in table.rows}
    labels = {i.column: i.label for i in config.indicators}
    for bar in bars:
        if given[labels[bar.label]][0].isdigit():
            assert given[labels[bar.label]].startswith(format_percent(bar.value))
    due = {bar.label: bar.expected for bar in bars}
    assert due["Đảng viên kết nạp"] == 29 / 58  # of the year's 58, 29 due by 30/6
    assert due["Tổ chức đoàn"] == 2 / 3
    assert (
        due["Tổ chức đảng"] == due["Công đoàn cơ sở"] and 0.52 < (due["Tổ chức đảng"] or 0) < 0.54
    )
    marks = rows[0].index("Mức cần đạt đến hết kỳ")
    assert [row[marks] for row in rows[1:]] == [
        None if bar.expected is None else float(format_percent(bar.expected)[:-1].replace(",", "."))
        for bar in bars
    ]


def test_progress_chart_handles_any_status() -> None:
    from dean24.render.chart import NEUTRAL, chart_xml, progress_chart
    from dean24.words.document import ChartBar

    bars = [
        ChartBar("Đảng viên kết nạp", 0.517, "not_met", "Không đạt chỉ tiêu năm"),
        ChartBar("Tổ chức đoàn", 3.33, "exceeded", "Vượt mục tiêu"),
        ChartBar("Công đoàn", 0.0, "trang_thai_moi", ""),
    ]
    legend = ("Mục tiêu (100%)", "Mức cần đạt đến hết kỳ")  # the words bang.j2 gives
    chart = progress_chart(bars, font="Times New Roman", legend=legend)
    names = [s.name for s in chart.series]
    # Best first; a status with no words keeps the status's own name; nothing due before the
    # end (every verdict final): no marks.
    assert names == ["Vượt mục tiêu", "Không đạt chỉ tiêu năm", "trang_thai_moi", "Mục tiêu (100%)"]
    assert chart.series[2].colour == NEUTRAL
    assert chart.series[2].values == [None, None, 0.0]
    xml = etree.fromstring(chart_xml(chart).encode())
    assert xml.xpath("count(//c:ser)", namespaces=C) == 4
    # What was due by the period's end, on the bars that had something due, and only there.
    bars[0].expected, bars[2].expected = 0.5, 0.688
    marks = progress_chart(bars, font="Arial", legend=legend).series[-1]
    assert marks.name == "Mức cần đạt đến hết kỳ" and marks.kind == "mark"
    assert marks.values == [50.0, None, 68.8]
    xml = etree.fromstring(chart_xml(progress_chart(bars, font="Arial")).encode())
    mark = xml.xpath("//c:lineChart/c:ser[last()]", namespaces=C)[0]
    assert mark.xpath("c:marker/c:symbol/@val", namespaces=C) == ["dash"]
    assert mark.xpath("c:spPr/a:ln/a:noFill", namespaces={**C, "a": A}) != []
    # A label that would be written over its bar's mark (just above the top) goes inside.
    near = [ChartBar("Tổ chức đảng", 0.467, "behind", "Chậm tiến độ", expected=0.53)]
    far = [ChartBar("Đảng viên kết nạp", 0.259, "behind", "Chưa đạt", expected=0.5)]
    for bars, inside in ((near, ["inEnd"]), (far, [])):
        xml = etree.fromstring(chart_xml(progress_chart(bars, font="Arial")).encode())
        found = xml.xpath("//c:barChart/c:ser/c:dLbls/c:dLbl/c:dLblPos/@val", namespaces=C)
        assert found == inside


def test_trend_charts_one_per_indicator(built: Built) -> None:
    document, config = built
    periods = ["6T/2023", "Năm 2023", "6T/2024"]
    trend = [
        TrendSeries("Đảng viên kết nạp", [120, 159, 174]),
        TrendSeries("Tổ chức đảng", [2, 4, 7]),
    ]
    table = dataclasses.replace(document.tables[0], number=3, title="Diễn biến", chart="trend")
    with_trend = dataclasses.replace(
        document,
        tables=[*document.tables, table],
        appendix=[*document.appendix, Block("table", table=2)],
        trend=trend,
        trend_periods=periods,
        trend_caption="Số lũy kế các chỉ tiêu qua các kỳ báo cáo",
    )
    data = render_docx(with_trend, config)
    word = Document(io.BytesIO(data))
    assert "Biểu đồ 2. Số lũy kế các chỉ tiêu qua các kỳ báo cáo" in [
        p.text for p in word.paragraphs
    ]
    charts = sorted(n for n in _charts(data) if n.endswith(".xml") and "_rels" not in n)
    assert len(charts) == 3
    for index, series in enumerate(trend, start=2):
        xml = _chart_xml(data, f"word/charts/chart{index}.xml")
        assert xml.xpath("//c:title//a:t/text()", namespaces={**C, "a": A}) == [series.label]
        assert xml.xpath("//c:lineChart/c:ser/c:cat//c:v/text()", namespaces=C) == periods
        values = xml.xpath("//c:lineChart/c:ser/c:val//c:v/text()", namespaces=C)
        assert [int(v) for v in values] == series.values
        rows = _workbook_rows(data, f"word/embeddings/Microsoft_Excel_Worksheet{index}.xlsx")
        assert rows == [(None, series.label), *zip(periods, series.values, strict=True)]


A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_column_widths_fill_the_text_width(built: Built) -> None:
    document, config = built
    fmt = config.document.format
    for table in document.tables:
        widths = column_widths(table, text_width_mm(fmt), fmt.table_pt)
        paired = len(table.header) - 2 if table.pair else 0
        assert len(widths) == len(table.header) + paired
        assert abs(sum(widths) - text_width_mm(fmt)) < 0.01
        assert all(w > 0 for w in widths)


def test_column_widths_come_from_the_content(built: Built) -> None:
    """Bảng 1 on a portrait page: the indicator's column is the widest, no indicator name
    over three lines, "tổ chức" and "Lũy kế" whole, a period heading on two lines at most;
    a list of units takes the room a short label does not need."""
    from dean24.render.docx import CELL_PADDING_MM
    from dean24.render.docx_table import MM_PER_PT, _lines, _steps

    document, config = built
    fmt = config.document.format
    em = fmt.table_pt * MM_PER_PT

    def lines(text: str, width: float, bold: bool = False) -> int:
        return _lines(_steps(text, bold), (width - CELL_PADDING_MM) / em)

    table = next(t for t in document.tables if t.key == "chi_tieu")
    widths = column_widths(table, text_width_mm(fmt), fmt.table_pt)
    label = table.header.index("Chỉ tiêu")
    assert widths[label] == max(widths)
    assert all(lines(row[label], widths[label]) <= 3 for row in table.rows)
    for j, head in enumerate(table.header):
        assert lines(head, widths[j], bold=True) <= (1 if head == "Lũy kế" else 2), head
        for row in table.rows:
            if len(row[j].split()) == 2:
                assert lines(row[j], widths[j]) == 1, row[j]
    # a units list beside a short label: the label holds on three lines
    listing = dataclasses.replace(
        table,
        header=["TT", "Nội dung", "Số lượng", "Đơn vị"],
        align=["center", "left", "center", "left"],
        rows=[
            [
                "1",
                "Chưa kết nạp được đảng viên trong 6 tháng đầu năm 2026",
                "45/60",
                ", ".join(f"xã Mường Khương số {n}" for n in range(40)),
            ]
        ],
        pair=(),
    )
    widths = column_widths(listing, text_width_mm(fmt), fmt.table_pt)
    assert lines(listing.rows[0][1], widths[1]) <= 3
    assert widths[3] == max(widths)


def test_other_format_values_are_applied(built: Built) -> None:
    document, config = built
    fmt = dataclasses.replace(
        config.document.format,
        margin_left_mm=25,
        margin_right_mm=20,
        font="Arial",
        body_pt=13,
        party_name_pt=14,
    )
    other = dataclasses.replace(config, document=dataclasses.replace(config.document, format=fmt))
    word = Document(io.BytesIO(render_docx(document, other)))
    section = word.sections[0]
    assert section.left_margin is not None and abs(section.left_margin - Mm(25)) < Mm(0.1)
    assert section.right_margin is not None and abs(section.right_margin - Mm(20)) < Mm(0.1)
    assert word.styles["Normal"].font.name == "Arial"
    assert word.styles["Normal"].font.size == Pt(13)
    party = _paragraph(word, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert _effective(party, party.runs[0], "size") == Pt(14)


# ----- safety --------------------------------------------------------------------------------


def test_special_characters_are_escaped(built: Built) -> None:
    document, config = built
    name = 'Công ty A & B <x> "q"'
    first = document.tables[1].rows[0]
    table = dataclasses.replace(document.tables[1], rows=[[first[0], name, *first[2:]]])
    tampered = dataclasses.replace(
        document,
        superior_body=name,
        subject=f"Báo cáo về {name}",
        blocks=[*document.blocks, Block("para", f"Đơn vị {name} đã báo cáo.")],
        tables=[document.tables[0], table],
        recipients=[*document.recipients, name],
        signer=name,
    )
    word = Document(io.BytesIO(render_docx(tampered, config)))
    texts = [p.text for p in _all_paragraphs(word)]
    assert name in texts
    assert f"Báo cáo về {name}" in texts
    assert f"Đơn vị {name} đã báo cáo." in texts
    assert f"- {name}" in texts
    assert texts.count(name) >= 3  # superior body, table cell, signer


def test_template_without_the_table_styles(tmp_path: Path, built: Built) -> None:
    """An older copy of the template, made before the table styles: the tables still have
    borders, aligned figures and a bold totals row."""

    def drop_styles(xml: str) -> str:
        for style_id in ("Dean24Table", "Dean24TableNumber", "Dean24TableCenter"):
            xml, count = re.subn(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', "", xml)
            assert count == 1, style_id
        return xml

    template = _retemplate(tmp_path, drop_styles, part="word/styles.xml")
    document, config = built
    word = Document(io.BytesIO(render_docx(document, config, template=template)))
    grid = _data_tables(word, document)[1]._tbl
    assert grid.tblPr.find(qn("w:tblStyle")) is None
    assert {b.get(qn("w:val")) for b in grid.tblPr.find(qn("w:tblBorders"))} == {"single"}
    first = grid.tr_lst[2]
    assert first.xpath("string(./w:tc[3]/w:p/w:pPr/w:jc/@w:val)") == "right"
    assert grid.tr_lst[-1].xpath("./w:tc[2]/w:p/w:r/w:rPr/w:b")


def test_unknown_name_in_template(tmp_path: Path, built: Built) -> None:
    template = _retemplate(tmp_path, lambda xml: xml.replace("{{ subject }}", "{{ subjcet }}"))
    with pytest.raises(TemplateError) as caught:
        render_docx(*built, template=template)
    assert caught.value.code == "template_undefined"
    assert "subjcet" in caught.value.message
    assert template.name in caught.value.message
    assert caught.value.location.file == str(template)


def test_unknown_attribute_in_template(tmp_path: Path, built: Built) -> None:
    template = _retemplate(
        tmp_path, lambda xml: xml.replace("{{ subject }}", "{{ subject.tieu_de }}")
    )
    with pytest.raises(TemplateError) as caught:
        render_docx(*built, template=template)
    assert caught.value.code == "template_undefined"
    assert "tieu_de" in caught.value.message


def test_template_without_body(tmp_path: Path, built: Built) -> None:
    template = _retemplate(tmp_path, lambda xml: xml.replace("{{p body }}", "(trống)"))
    with pytest.raises(TemplateError) as caught:
        render_docx(*built, template=template)
    assert caught.value.code == "template_invalid"


def test_template_that_is_not_a_docx(tmp_path: Path, built: Built) -> None:
    text = tmp_path / "mau.docx"
    text.write_text("không phải Word", encoding="utf-8")
    workbook = tmp_path / "mau2.docx"
    shutil.copy(SAMPLE, workbook)
    for bad in (text, workbook):
        with pytest.raises(TemplateError) as caught:
            render_docx(*built, template=bad)
        assert caught.value.code == "template_invalid"
        assert bad.name in caught.value.message
    with pytest.raises(TemplateError) as caught:
        render_docx(*built, template=tmp_path / "khong_co.docx")
    assert caught.value.code == "template_not_found"


def test_sandbox_blocks_unsafe_template(tmp_path: Path, built: Built) -> None:
    template = _retemplate(
        tmp_path, lambda xml: xml.replace("{{ subject }}", "{{ subject.__class__.__mro__ }}")
    )
    with pytest.raises(TemplateError) as caught:
        render_docx(*built, template=template)
    assert caught.value.code in ("template_render", "template_undefined")


# ----- the committed template ----------------------------------------------------------------


def test_template_is_reproducible(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_docx_template", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "report.docx"
    module.build().save(str(fresh))
    with zipfile.ZipFile(default_template()) as committed, zipfile.ZipFile(fresh) as built:
        names = sorted(n for n in built.namelist() if n.startswith("word/") and n.endswith(".xml"))
        assert names == sorted(
            n for n in committed.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
        assert "word/document.xml" in names and "word/styles.xml" in names
        for name in names:
            assert committed.read(name).decode() == built.read(name).decode(), (
                f"{name} differs: run scripts/build_docx_template.py"
            )


# ----- through LibreOffice -------------------------------------------------------------------


def _pdf_pages(tmp_path: Path, documents: dict[str, bytes]) -> dict[str, list[str]]:
    """Each .docx converted to PDF by LibreOffice (one run for all), as the text of each page."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("soffice (LibreOffice) hoặc pdftotext (poppler-utils) không có trên máy này")
    sources = []
    for name, data in documents.items():
        sources.append(tmp_path / f"{name}.docx")
        sources[-1].write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = {}
    for name in documents:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), name
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
        ).stdout.decode("utf-8")
        pages[name] = unicodedata.normalize("NFC", text).split("\f")[:-1]
    return pages


@pytest.mark.slow
def test_pdf_holds_the_key_figures(tmp_path: Path, docx_bytes: bytes) -> None:
    pages = _pdf_pages(tmp_path, {"bao_cao": docx_bytes})["bao_cao"]
    text = "\n".join(pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BÁO CÁO" in text
    assert "Lào Cai, ngày 17 tháng 7 năm 2024" in pages[0]
    assert "DỰ THẢO" in pages[0] and "DỰ THẢO" not in "".join(pages[1:])
    for figure in KEY_FIGURES:
        assert figure in text, figure
    # LibreOffice draws the chart: its labels and values are in the PDF's text.
    chart_page = next(page for page in pages if "Biểu đồ 1." in page)
    squeezed = re.sub(r"\s+", "", chart_page)
    for label in (
        "Đảng viên",
        "Tổ chức đảng",
        "Tổ chức đoàn",
        "Mục tiêu (100%)",
        "25,9%",
        "166,7%",
    ):
        assert re.sub(r"\s+", "", label) in squeezed, label


@pytest.mark.slow
def test_signature_never_alone_on_its_page(tmp_path: Path, built: Built) -> None:
    """Notes of many lengths move the signature block down the page and over its foot; the
    block must always share its page with the end of the body."""
    config = built[1]
    model, _ = build_report_model(ReportSettings(inputs=(SAMPLE,), report_date=REPORT_DATE), config)
    documents = {}
    # One-line tasks, three more each time: steps shorter than the signature block's height,
    # over more than a page, so one length leaves too little room for the block.
    for count in range(0, 40, 3):
        lines = [f"- Nhiệm vụ thứ {i + 1} của kỳ sau." for i in range(count)]
        notes = parse_notes("## Nhiệm vụ, giải pháp\n\n" + "\n".join(lines) + "\n")
        document = build_document(model, config, notes, REPORT_DATE, Narrative())
        documents[f"ghi_chu_{count:02d}"] = render_docx(document, config)
    breaks = set()
    for name, pages in _pdf_pages(tmp_path, documents).items():
        where = [i for i, page in enumerate(pages) if "Nơi nhận:" in page]
        assert len(where) == 1, name
        page = pages[where[0]]
        above = page[: page.index("Nơi nhận:")].splitlines()
        words = [line for line in above if line.strip() and not line.strip().isdigit()]
        assert words, f"{name}: the signature block stands alone on page {where[0] + 1}"
        breaks.add(where[0])
    assert len(breaks) > 1, "the notes lengths must move the block across a page break"


@pytest.mark.slow
def test_no_page_without_body_text(tmp_path: Path, built: Built) -> None:
    """Through LibreOffice: every page holds more than its header (the page number, the draft
    mark), whatever order of upright and landscape tables the appendix has; every page after
    the first shows its number."""
    document, config = built
    wide = next(i for i, t in enumerate(document.tables) if t.label.startswith("Bảng 2"))
    narrow = next(i for i, t in enumerate(document.tables) if t.label.startswith("Bảng 1"))
    orders = {
        "mau": None,
        "hai_bang_ngang": ([narrow, wide, wide], True),
        "ngang_doc_ngang": ([narrow, wide, wide, narrow, wide], False),
        "mo_dau_ngang": ([wide, narrow], True),
    }
    documents = {
        name: render_docx(document if order is None else _appendix_with(document, *order), config)
        for name, order in orders.items()
    }
    mark = config.document.draft_mark
    notes = [table.note for table in document.tables if table.note]
    for name, pages in _pdf_pages(tmp_path, documents).items():
        for number, page in enumerate(pages, start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if line != mark and line != str(number)]
            assert body, f"{name}: page {number} holds only {lines}"
            # Nor a table's note pushed away from its table onto a page of its own.
            alone = all(any(" ".join(line.split()) in note for note in notes) for line in body)
            assert not alone, f"{name}: page {number} holds only a note: {body}"
            if number > 1:
                assert str(number) in lines, f"{name}: page {number} has no page number"
                assert mark not in lines, f"{name}: the draft mark on page {number}"


def test_two_word_headings_stay_whole_in_the_unit_table(word: DocxDocument, built: Built) -> None:
    """Bảng 2 (seven indicators, each "Trong kỳ" and "Lũy kế"): too wide for the landscape
    page at the styles' size with those headings whole, it is set with narrower cell margins
    and a little smaller (never more than SMALLER_PT) so that no heading of two words ("Lũy"
    over "kế") breaks."""
    from dean24.render.docx import CELL_SLACK_MM, TIGHT_MARGIN_MM
    from dean24.render.docx_table import MM_PER_PT, SMALLER_PT, TWIPS_PER_MM, _lines, _steps

    document, config = built
    fmt = config.document.format
    grid = _data_tables(word, document)[1]._tbl
    sizes = {int(v) / 2 for v in grid.xpath(".//w:rPr/w:sz/@w:val")}
    assert len(sizes) == 1
    size = sizes.pop()
    assert fmt.table_pt - SMALLER_PT <= size < fmt.table_pt
    margins = grid.xpath("./w:tblPr/w:tblCellMar/*/@w:w")
    assert [int(m) for m in margins] == [round(TIGHT_MARGIN_MM * TWIPS_PER_MM)] * 2
    padding = 2 * TIGHT_MARGIN_MM + CELL_SLACK_MM
    widths = [int(v) * 25.4 / 1440 for v in grid.xpath("./w:tblGrid/w:gridCol/@w:w")]
    second = grid.tr_lst[1]
    for j, tc in enumerate(second.tc_lst[2:], start=2):
        head = Paragraph(tc.xpath("./w:p")[0], None).text
        em = (widths[j] - padding) / (size * MM_PER_PT)
        assert _lines(_steps(head, True), em) == 1, head
