"""Hostile templates end quickly, in bounded memory, with their own code and the template named:
Word templates meet the zip and XML limits of workbooks; Jinja's bounds are judged before a
value is built and while compiling; the shipped templates never blame the user."""

from __future__ import annotations

import random
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.errors import TemplateError
from dean24.words.document import Block, ReportDocument, Table
from dean24.words.templates_path import templates_dir
from tests.conftest import SAMPLES

WORKBOOK = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
SHIPPED_DOCX = templates_dir() / "report.docx"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def word_template(
    path: Path,
    body: bytes = b"",
    *,
    part: Callable[[zipfile.ZipFile], None] | None = None,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
) -> Path:
    """The shipped Word template, rebuilt as a real .docx with body XML added before the
    section properties, parts edited, and a part written by `part`."""
    edit = dict(edit or {})
    if body:
        edit["word/document.xml"] = lambda xml: xml.replace(b"<w:sectPr", body + b"<w:sectPr", 1)
    with (
        zipfile.ZipFile(SHIPPED_DOCX) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            out.writestr(
                info.filename, edit[info.filename](data) if info.filename in edit else data
            )
        if part is not None:
            part(out)
    return path


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def zeros(megabytes: int) -> Callable[[zipfile.ZipFile], None]:
    def write(out: zipfile.ZipFile) -> None:
        with out.open("word/media/image9.bin", "w", force_zip64=True) as fh:
            block = b"\0" * 2**20
            for _ in range(megabytes):
                fh.write(block)

    return write


def varied_paragraphs(size: int) -> bytes:
    """Paragraphs of text that does not compress much, about size bytes of XML."""
    rnd = random.Random(24)
    out, total = [], 0
    while total < size:
        words = " ".join(f"{rnd.random():.12f}" for _ in range(12))
        piece = paragraph(words)
        out.append(piece)
        total += len(piece)
    return b"".join(out)


def run_report(runner: CliRunner, *args: str) -> tuple[int, str, float]:
    started = time.process_time()  # CPU time: a busy machine stretches only the clock
    result = runner.invoke(app, ["report", str(WORKBOOK), *args])
    return result.exit_code, result.stderr, time.process_time() - started


# --- the Word template's container ----------------------------------------------------------


WORD_CONTAINERS: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "a part inflating to 64 MB (1.000:1)": (
        lambda p: word_template(p, part=zeros(64)),
        "template_too_large",
        "phần word/media/image9.bin nén với tỉ lệ bất thường",
    ),
    "6 MB of XML in the document part": (
        lambda p: word_template(p, varied_paragraphs(6 * 2**20)),
        "template_too_large",
        "phần word/document.xml của mẫu chiếm 6 MB XML, vượt giới hạn 5 MB cho một phần",
    ),
    "a DOCTYPE declaring an entity": (
        lambda p: word_template(
            p,
            edit={
                "word/settings.xml": lambda xml: xml.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1
                )
            },
        ),
        "template_xml_entities",
        "phần word/settings.xml có khai báo DOCTYPE/ENTITY",
    ),
    "an XML part cut short": (
        lambda p: word_template(p, edit={"word/settings.xml": lambda xml: xml[: len(xml) // 2]}),
        "template_invalid",
        "phần XML word/settings.xml hỏng hoặc không đọc được",
    ),
}


@pytest.mark.parametrize("case", list(WORD_CONTAINERS))
def test_a_hostile_word_template_is_refused_before_it_is_opened(
    runner: CliRunner, in_tmp: Path, case: str
) -> None:
    build, code, words = WORD_CONTAINERS[case]
    build(in_tmp / "mau.docx")
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.docx", "-o", "r.docx")
    assert exit_code == 1, stderr
    assert stderr.startswith(
        f'Lỗi [{code}] tệp mau.docx: Mẫu Word "mau.docx" không được mở: {words}'
    ), stderr
    assert elapsed < 10
    assert not (in_tmp / "r.docx").exists()


def test_the_element_count_of_a_word_template_is_bounded(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dean24.render.template_file as template_file

    word_template(in_tmp / "mau.docx")
    assert run_report(runner, "--template", "mau.docx", "-o", "a.docx")[0] == 0
    # The shipped template holds about 19.000 elements: under a bound of 5.000 it is refused.
    monkeypatch.setattr(template_file, "MAX_ELEMENTS", 5_000)
    exit_code, stderr, _ = run_report(runner, "--template", "mau.docx", "-o", "b.docx")
    assert exit_code == 1
    assert stderr.startswith('Lỗi [template_too_large] tệp mau.docx: Mẫu Word "mau.docx"')
    assert "có hơn 5.000 phần tử" in stderr
    assert not (in_tmp / "b.docx").exists()


@pytest.mark.slow  # compresses a gigabyte
def test_a_word_template_bomb_is_refused_from_the_directory_alone(tmp_path: Path) -> None:
    """A 1 GiB part is judged from the zip's directory: nothing of it is inflated."""
    from dean24.render.template_file import check_word_template

    path = word_template(tmp_path / "mau.docx", part=zeros(1024))
    data = path.read_bytes()
    assert len(data) < 2 * 2**20
    tracemalloc.start()
    started = time.process_time()  # CPU time: a busy machine stretches only the clock
    try:
        with pytest.raises(TemplateError) as caught:
            check_word_template(path, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "template_too_large"
    assert "bung ra 1.024 MB" in caught.value.message
    assert time.process_time() - started < 1
    assert peak < 5 * 2**20


# --- Jinja in a Word template ---------------------------------------------------------------

DEEP = "".join(f"{{% for i{n} in [1] %}}" for n in range(25)) + "x" + "{% endfor %}" * 25

WORD_JINJA = [
    ("{% include 'dau_trang.j2' %}", "template_include", "{% include %}"),
    ("{% import 'macro.j2' as m %}", "template_include", "{% import %}"),
    ("{% extends 'goc.j2' %}", "template_include", "{% extends %}"),
    (DEEP, "template_too_deep", "quá 12 tầng"),
    ('{% set s = "x" * 999999 %}{{ ([s] * 2500)|join }}', "template_too_large", "1.999.998 ký tự"),
    ('{% set s = "x" * 999999 %}{{ s ~ s ~ s }}', "template_too_large", "bằng ~"),
]


@pytest.mark.parametrize(("tag", "code", "words"), WORD_JINJA)
def test_jinja_beyond_the_bounds_in_a_word_template_has_its_own_code(
    runner: CliRunner, in_tmp: Path, tag: str, code: str, words: str
) -> None:
    word_template(in_tmp / "mau.docx", paragraph(tag))
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.docx", "-o", "r.docx")
    assert exit_code == 1, stderr
    assert stderr.startswith(f'Lỗi [{code}] tệp mau.docx: Mẫu Word "mau.docx" bị dừng: '), stderr
    assert words in stderr
    assert "internal_error" not in stderr
    assert elapsed < 10
    assert not (in_tmp / "r.docx").exists()


def test_a_word_template_of_many_dead_tags_is_refused_before_it_is_compiled(
    runner: CliRunner, in_tmp: Path
) -> None:
    tags = "".join(f"{{% if a{n} %}}{{% endif %}}" for n in range(30_000))  # 900 KB of XML
    word_template(in_tmp / "mau.docx", paragraph(tags))
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.docx", "-o", "r.docx")
    assert exit_code == 1, stderr
    assert stderr.startswith('Lỗi [template_too_large] tệp mau.docx: Mẫu Word "mau.docx"')
    assert "thẻ Jinja, vượt giới hạn 8.333 thẻ cho một mẫu" in stderr
    assert elapsed < 10


# --- Jinja in a Markdown template -----------------------------------------------------------

BIG = '{% set s = "x" * 999999 %}'
MD_BOMBS = [
    (BIG + "{{ ([s] * 2500)|join }}", "template_too_large", "nối các chuỗi"),
    (BIG + "{{ ([s] * 2500)|join(', ') }}", "template_too_large", "nối các chuỗi"),
    (BIG + "{{ ''.join([s] * 2500) }}", "template_too_large", "nối các chuỗi"),
    (BIG + "{{ s ~ s ~ s ~ s }}", "template_too_large", "bằng ~"),
    (BIG + "{{ s|replace('x', 'yyyy') }}", "template_too_large", "thay thế"),
    (BIG + "{{ s.replace('x', 'yyyy') }}", "template_too_large", "thay thế"),
    ("{% set s = '\\t' * 999999 %}{{ s.expandtabs(999999) }}", "template_too_large", "tab"),
    ("{% set s = '\\n' * 999999 %}{{ s|indent(999999) }}", "template_too_large", "thụt lề"),
    (DEEP, "template_too_deep", "quá 12 tầng"),
    ("{{ " + "(" * 60 + "1" + ")" * 60 + " }}", "template_too_deep", "dấu ngoặc"),
    ("{{ " + "[" * 5000 + "]" * 5000 + " }}", "template_too_deep", "dấu ngoặc"),
]


@pytest.mark.parametrize(("body", "code", "words"), MD_BOMBS)
def test_a_markdown_template_is_stopped_before_it_builds_the_value(
    runner: CliRunner, in_tmp: Path, body: str, code: str, words: str
) -> None:
    (in_tmp / "mau.md.j2").write_text(f"# {{{{ doc.title }}}}\n{body}\n", "utf-8")
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.md.j2", "-o", "r.md")
    assert exit_code == 1, stderr
    assert stderr.startswith(f"Lỗi [{code}] tệp mau.md.j2: Mẫu báo cáo bị dừng ở dòng 2: "), stderr
    assert words in stderr and stderr.rstrip().endswith("Sửa lại mẫu.")
    assert elapsed < 10
    assert not (in_tmp / "r.md").exists()


def test_a_join_past_the_bound_never_builds_its_result() -> None:
    """([s] * 2500)|join with s of 999.999 characters would be 2,5 GB: the traced peak stays
    near the list and s themselves."""
    from dean24.words.limits import LimitedEnvironment, TemplateLimit

    env = LimitedEnvironment()
    template = env.from_string('{% set s = "x" * 999999 %}{{ ([s] * 2500)|join }}')
    tracemalloc.start()
    try:
        with pytest.raises(TemplateLimit):
            template.render()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20


def test_dead_tags_are_refused_before_they_are_compiled(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "mau.md.j2").write_text(
        "# {{ doc.title }}\n" + "{% if false %}{% endif %}\n" * 30_000, "utf-8"
    )
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.md.j2", "-o", "r.md")
    assert exit_code == 1
    assert stderr.startswith(
        "Lỗi [template_too_large] tệp mau.md.j2: Mẫu báo cáo bị dừng: mẫu có 60.001 thẻ Jinja, "
        "vượt giới hạn 8.333 thẻ cho một mẫu."
    ), stderr
    assert elapsed < 10


def test_tokens_are_counted_while_compiling(runner: CliRunner, in_tmp: Path) -> None:
    """Few tags of many tokens each: compiling stops at the line that passes the bound."""
    line = "{{ " + " + ".join("a" * 8) + " }}\n"  # 18 tokens with the line break
    (in_tmp / "mau.md.j2").write_text("# {{ doc.title }}\n" + line * 3_000, "utf-8")
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.md.j2", "-o", "r.md")
    assert exit_code == 1
    # 18 tokens a line: the 25.001st token is on line 1.390.
    assert stderr.startswith(
        "Lỗi [template_too_large] tệp mau.md.j2: Mẫu báo cáo bị dừng ở dòng 1390: mẫu có hơn "
        "25.000 thành phần Jinja"
    ), stderr
    assert elapsed < 10


def test_a_template_source_beyond_the_bound_is_refused_unread(
    runner: CliRunner, in_tmp: Path
) -> None:
    """A Word template's Jinja source is its document's XML: 2,1 MB of text passes the XML
    limits (5 MB a part) but not the 2.000.000 characters of a template's source."""
    word_template(in_tmp / "mau.docx", varied_paragraphs(2_100_000))
    exit_code, stderr, elapsed = run_report(runner, "--template", "mau.docx", "-o", "r.docx")
    assert exit_code == 1
    assert stderr.startswith(
        'Lỗi [template_too_large] tệp mau.docx: Mẫu Word "mau.docx" bị dừng: mẫu dài '
    ), stderr
    assert "ký tự, vượt giới hạn 2.000.000 ký tự cho một mẫu." in stderr
    assert elapsed < 10


def test_a_narrative_template_beyond_the_bounds_is_named_with_its_line(
    runner: CliRunner, in_tmp: Path
) -> None:
    folder = in_tmp / "mau"
    folder.mkdir()
    (folder / "mo_dau.j2").write_text("Mở đầu.\n\n" + DEEP + "\n", "utf-8")
    exit_code, stderr, _ = run_report(runner, "--templates", "mau", "-o", "r.md")
    assert exit_code == 1
    assert stderr.startswith("Lỗi [template_too_deep] tệp "), stderr
    assert "mo_dau.j2: Mẫu báo cáo bị dừng ở dòng 3: mẫu lồng các khối" in stderr


def test_what_a_macro_writes_is_bounded_like_the_output() -> None:
    """A macro's text is output: 1,8 million characters pass (the appendix of 20.000 units
    through the shipped Markdown template is that long); past MAX_OUTPUT it stops."""
    from dean24.words.limits import MAX_OUTPUT, LimitedEnvironment, TemplateLimit

    env = LimitedEnvironment()
    macro = "{% macro m(n) %}{% for i in range(n) %}{{ 'x' * 900000 }}{% endfor %}{% endmacro %}"
    assert len(env.from_string(macro + "{{ m(2) }}").render()) == 1_800_000
    with pytest.raises(TemplateLimit, match="một macro của mẫu viết ra hơn"):
        env.from_string(macro + f"{{{{ m({MAX_OUTPUT // 900_000 + 1}) }}}}").render()


# --- the shipped templates ------------------------------------------------------------------


def _document(units: int) -> ReportDocument:
    rows = [[str(n), f"Xã Số {n} Mường Khương", *["12 / 345"] * 7] for n in range(1, units + 1)]
    table = Table(
        number=2,
        title="Kết quả của từng đơn vị",
        header=["STT", "Đơn vị", *[f"Chỉ tiêu {n}" for n in range(1, 8)]],
        rows=rows,
        align=["center", "left", *["right"] * 7],
        pair=("Trong kỳ", "Lũy kế"),
    )
    return ReportDocument(
        superior_body="TỈNH ỦY LÀO CAI",
        issuing_body=["BAN CHỈ ĐẠO"],
        party_name="ĐẢNG CỘNG SẢN VIỆT NAM",
        number_line="Số    -BC/BCĐ",
        place_date="Lào Cai, ngày 7 tháng 12 năm 2026",
        title="BÁO CÁO",
        subject="kết quả thực hiện Đề án 24",
        blocks=[Block("h1", "I. KẾT QUẢ"), Block("para", "Đoạn văn.")],
        tables=[table],
        signature_role=["T/M BAN CHỈ ĐẠO"],
        signer="",
        recipients=["Như trên"],
        appendix=[Block("h1", "PHỤ LỤC"), Block("table", table=0)],
    )


def test_the_shipped_markdown_template_writes_20000_units() -> None:
    from dean24.render.markdown import render_markdown

    text = render_markdown(_document(20_000))
    assert text.count("\n| ") > 20_000
    assert "| 20000 | Xã Số 20000 Mường Khương | 12 / 345 |" in text


def test_a_long_table_written_into_the_word_report_as_text_is_whole() -> None:
    """Tables past SPLICE_ROWS go into the saved XML as text: every row is there, in place,
    in a document Word's XML reader takes."""
    import io
    import re

    import docx
    from docx.oxml.ns import qn

    from dean24.programme.config import load_config
    from dean24.render.docx import SPLICE_ROWS, render_docx

    document = _document(SPLICE_ROWS + 100)
    document.blocks.append(Block("para", "Sau bảng."))
    data = render_docx(document, load_config(None))
    word = docx.Document(io.BytesIO(data))
    table = word.tables[-1]
    rows = document.tables[0].rows
    assert len(table.rows) == 2 + len(rows)  # two header rows
    assert [c.text for c in table.rows[2].cells][:3] == ["1", "Xã Số 1 Mường Khương", "12"]
    assert [c.text for c in table.rows[-1].cells][1] == rows[-1][1]
    body = [p.text for p in word.paragraphs]
    assert "Sau bảng." in body and not any("dean24-table-" in text for text in body)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "dean24-table-" not in xml
    assert len(re.findall(r"<w:tbl[ >]", xml)) == len(word.element.body.findall(qn("w:tbl")))


def test_a_shipped_template_past_a_bound_does_not_blame_the_user(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dean24.words.limits

    monkeypatch.setattr(dean24.words.limits, "MAX_OUTPUT", 2_000)
    exit_code, stderr, _ = run_report(runner, "-o", "r.md")
    assert exit_code == 1
    assert stderr.startswith(
        "Lỗi [report_too_large] tệp noi_dung.j2: Báo cáo quá lớn để viết ra bằng mẫu có sẵn "
        "của dean24"
    ), stderr
    assert "Chia báo cáo thành nhiều lần lập" in stderr
    assert "Sửa lại mẫu" not in stderr


def test_a_configuration_of_100000_units_is_refused_before_it_is_parsed(
    runner: CliRunner, in_tmp: Path
) -> None:
    from dean24.programme.config import default_config_text

    units = "".join(f'[[units]]\nname = "Xã số {n}"\n\n' for n in range(100_000))
    text = default_config_text() + "\n" + units
    (in_tmp / "c.toml").write_text(text, "utf-8")
    headers = [n for n, row in enumerate(text.splitlines(), start=1) if row == "[[units]]"]
    shipped = sum(row == "[[units]]" for row in default_config_text().splitlines())
    exit_code, stderr, elapsed = run_report(runner, "--config", "c.toml", "-o", "r.md")
    assert exit_code == 2
    assert stderr.startswith(
        f"Lỗi [config_too_many_units] tệp c.toml: Cấu hình khai báo {100 + shipped // 1000}."
        f"{shipped % 1000:03d} đơn vị, vượt giới hạn 20.000 đơn vị cho một báo cáo (đơn vị thứ "
        f"20.001 ở dòng {headers[20_000]})."
    ), stderr
    assert "mẫu" not in stderr
    assert elapsed < 5
    assert not (in_tmp / "r.md").exists()


def test_units_as_an_inline_array_are_counted_too() -> None:
    from dean24.core.errors import ConfigError
    from dean24.programme.config import MAX_UNITS, _check_unit_count

    data = {"units": [{"name": f"Xã {n}"} for n in range(MAX_UNITS + 1)]}
    with pytest.raises(ConfigError) as caught:
        _check_unit_count("units = [...]", data, "c.toml")
    assert caught.value.code == "config_too_many_units"
    assert "20.001 đơn vị" in caught.value.message
    _check_unit_count("", {"units": data["units"][:MAX_UNITS]}, "c.toml")  # at the bound: kept


def test_the_limits_kept_in_two_places_are_equal() -> None:
    """A Word template meets the limits of a workbook's container (each stage keeps its own
    copy: neither imports the other)."""
    import dean24.reading.limits
    import dean24.reading.zipparts
    import dean24.render.template_file as template_file

    assert template_file.MAX_ENTRIES == dean24.reading.zipparts.MAX_ENTRIES
    assert template_file.MAX_TOTAL_UNCOMPRESSED == dean24.reading.limits.MAX_TOTAL_UNCOMPRESSED
    assert template_file.MAX_RATIO == dean24.reading.limits.MAX_RATIO
    assert template_file.RATIO_MIN_BYTES == dean24.reading.limits.RATIO_MIN_BYTES


def test_the_shipped_word_template_keeps_within_the_limits() -> None:
    """The shipped template is not checked on each run: it must pass the check a user's
    template passes, and a copy of it given by the user is checked."""
    from dean24.render.docx import default_template
    from dean24.render.template_file import check_word_template

    path = default_template()
    check_word_template(path, path.read_bytes())
