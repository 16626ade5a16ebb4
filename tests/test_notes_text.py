"""What the analyst writes under a section of the notes stays paragraphs (and lists): a
heading, a table mark or the placeholder text in the notes is text in Markdown and Word."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.words.narrative import cut_blocks
from dean24.words.notes import as_note_text, parse_notes
from tests.conftest import SAMPLES

WORKBOOK = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
NOTES = SAMPLES / "ghi_chu_6thang_dau_2024.md"

HOSTILE = """
## Công tác lãnh đạo, chỉ đạo

    # V. MỤC GIẢ MẠO

[[BẢNG 2]]

[CẦN BỔ SUNG] cần xem lại số liệu quý

- một mục danh sách
"""


def test_the_cutter_keeps_note_paragraphs_as_text() -> None:
    notes = parse_notes(HOSTILE)
    leadership = notes.get("leadership")
    assert leadership == [
        "# V. MỤC GIẢ MẠO",
        "[[BẢNG 2]]",
        "[CẦN BỔ SUNG] cần xem lại số liệu quý",
        "- một mục danh sách",
    ]
    text = "\n\n".join(as_note_text(p) for p in leadership)
    blocks = cut_blocks(f"# I. LÃNH ĐẠO\n\n{text}\n\n[[BẢNG 1]]\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("h1", "I. LÃNH ĐẠO"),
        ("para", "# V. MỤC GIẢ MẠO"),
        ("para", "[[BẢNG 2]]"),
        ("para", "[CẦN BỔ SUNG] cần xem lại số liệu quý"),
        ("bullet", "một mục danh sách"),
        ("table", ""),
    ]


def test_the_mark_itself_cannot_be_smuggled_in_by_the_notes() -> None:
    notes = parse_notes("## Hạn chế\n\nabc\ue024def\n")
    assert notes.get("shortcomings") == ["abcdef"]


def test_notes_that_look_like_structure_are_text_in_markdown_and_word(
    runner: CliRunner, in_tmp: Path
) -> None:
    # Every section has notes (no placeholder of the tool), so a draft mark could only
    # come from the notes' own [CẦN BỔ SUNG].
    (in_tmp / "n.md").write_text(NOTES.read_text("utf-8") + HOSTILE, "utf-8")
    result = runner.invoke(
        app, ["report", str(WORKBOOK), "--notes", "n.md", "-o", "r.md", "-o", "r.docx"]
    )
    assert result.exit_code == 0, result.stderr
    markdown = (in_tmp / "r.md").read_text("utf-8")
    assert "\n\\# V. MỤC GIẢ MẠO\n" in markdown
    assert "\n\\[\\[BẢNG 2\\]\\]\n" in markdown
    assert "\n\\[CẦN BỔ SUNG\\] cần xem lại số liệu quý\n" in markdown
    assert "\n- một mục danh sách\n" in markdown
    assert markdown.count("**Bảng 2.") == 1

    word = docx.Document(str(in_tmp / "r.docx"))
    styles = {p.text: p.style.name for p in word.paragraphs if p.style is not None}
    assert styles["# V. MỤC GIẢ MẠO"] == "Normal"
    assert styles["[[BẢNG 2]]"] == "Normal"
    assert styles["[CẦN BỔ SUNG] cần xem lại số liệu quý"] == "Normal"
    assert styles["- một mục danh sách"] == "Normal"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert not any("GIẢ MẠO" in h for h in headings)
    with zipfile.ZipFile(in_tmp / "r.docx") as z:
        headers = [z.read(n).decode("utf-8") for n in z.namelist() if "header" in n]
    assert not any("DỰ THẢO" in h for h in headers)
    plain = runner.invoke(app, ["report", str(WORKBOOK), "--notes", str(NOTES), "-o", "p.docx"])
    assert plain.exit_code == 0, plain.stderr
    assert len(word.tables) == len(docx.Document(str(in_tmp / "p.docx")).tables)


def test_without_notes_the_placeholder_still_marks_a_draft(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(app, ["report", str(WORKBOOK), "-o", "r.docx"])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(in_tmp / "r.docx") as z:
        headers = [z.read(n).decode("utf-8") for n in z.namelist() if "header" in n]
    assert any("DỰ THẢO" in h for h in headers)
