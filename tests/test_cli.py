"""The command line itself: help, start-up cost, configuration commands, templates."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from tests.conftest import SAMPLES, make_summary


def test_help_does_not_import_pandas() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['dean24', '--help']\n"
        "from dean24.commands.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'openpyxl', 'jinja2', 'docx', 'matplotlib', "
        "'python_calamine') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "HEAVY []" in result.stdout
    assert "report" in result.stdout and "batch" in result.stdout


def test_python_dash_m_runs_the_tool() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dean24", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.startswith("dean24 ")


def test_every_command_and_option_has_help(runner: CliRunner) -> None:
    for command in (["report"], ["batch"], ["history"], ["config", "show"], ["config", "init"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        options = [line for line in lines if line.strip().startswith("--")]
        assert options
        assert all(len(line.strip().split(None, 2)) >= 2 for line in options), command


def test_config_show_and_init(runner: CliRunner, in_tmp: Path) -> None:
    shown = runner.invoke(app, ["config", "show"])
    assert shown.exit_code == 0
    assert tomllib.loads(shown.stdout)["programme"]["name"] == "Đề án số 24-ĐA/TU"
    made = runner.invoke(app, ["config", "init", "my.toml"])
    assert made.exit_code == 0
    assert (in_tmp / "my.toml").read_text("utf-8") == shown.stdout
    again = runner.invoke(app, ["config", "init", "my.toml"])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_a_broken_configuration_names_the_key(runner: CliRunner, in_tmp: Path) -> None:
    from dean24.programme.config import default_config_text

    (in_tmp / "c.toml").write_text(
        default_config_text().replace("min = 25\n", 'min = "hai lăm"\n'), "utf-8"
    )
    result = runner.invoke(
        app, ["report", str(make_summary(in_tmp / "a.xlsx")), "--config", "c.toml", "-o", "r.md"]
    )
    assert result.exit_code == 2
    assert "[config_invalid]" in result.stderr and "min" in result.stderr
    assert not (in_tmp / "r.md").exists()


def test_an_added_indicator_needs_no_code(runner: CliRunner, in_tmp: Path) -> None:
    from dean24.programme.config import default_config_text

    extra = (
        '\n[[indicators]]\ncode = "hoi_vien"\nlabel = "Số hội viên cựu chiến binh được kết nạp"\n'
        'unit = "người"\naction = "kết nạp"\nobject = "hội viên cựu chiến binh"\n'
    )
    (in_tmp / "c.toml").write_text(default_config_text() + extra, "utf-8")
    rows = {
        "Thành ủy Lào Cai": [(1, 2)] * 8,
        "Thị ủy Sa Pa": [(3, 4)] * 8,
    }
    book = make_summary(
        in_tmp / "a.xlsx", rows, extra_column="Số hội viên cựu chiến binh được kết nạp"
    )
    result = runner.invoke(app, ["report", str(book), "--config", "c.toml", "-o", "r.md"])
    assert result.exit_code == 0, result.stderr
    text = (in_tmp / "r.md").read_text("utf-8")
    assert "kết nạp được 4 hội viên cựu chiến binh" in text


def test_a_template_typo_fails_with_its_line(runner: CliRunner, in_tmp: Path) -> None:
    from dean24.words.templates_path import templates_dir

    text = (templates_dir() / "report.md.j2").read_text("utf-8")
    (in_tmp / "mine.md.j2").write_text(text.replace("doc.subject", "doc.subjet"), "utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "doc.subject" in t)
    result = runner.invoke(
        app,
        [
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            "--template",
            "mine.md.j2",
            "-o",
            "r.md",
        ],
    )
    assert result.exit_code == 1
    assert "[template_undefined]" in result.stderr and "mine.md.j2" in result.stderr
    assert f"dòng {line}" in result.stderr and "subjet" in result.stderr
    assert not (in_tmp / "r.md").exists()


def test_a_template_cannot_reach_python_internals(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "evil.md.j2").write_text("{{ doc.__class__.__init__.__globals__ }}", "utf-8")
    result = runner.invoke(
        app,
        [
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            "--template",
            "evil.md.j2",
            "-o",
            "r.md",
        ],
    )
    assert result.exit_code == 1
    assert "[template_" in result.stderr
    assert not (in_tmp / "r.md").exists()


def test_template_init_then_edit_and_pass_back(runner: CliRunner, in_tmp: Path) -> None:
    import docx

    made = runner.invoke(app, ["template", "init", "mau.docx"])
    assert made.exit_code == 0, made.stderr
    # The analyst edits the template in Word: here, another font for the body style.
    template = docx.Document(str(in_tmp / "mau.docx"))
    template.styles["Normal"].paragraph_format.space_after = docx.shared.Pt(12)
    template.add_paragraph("Ghi chú riêng của Ban Tổ chức")
    template.save(str(in_tmp / "mau.docx"))
    result = runner.invoke(
        app,
        [
            "report",
            str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"),
            "--template",
            "mau.docx",
            "-o",
            "r.docx",
        ],
    )
    assert result.exit_code == 0, result.stderr
    report = docx.Document(str(in_tmp / "r.docx"))
    texts = [p.text for p in report.paragraphs]
    assert "Ghi chú riêng của Ban Tổ chức" in texts
    assert any("3.274 đoàn viên công đoàn" in t for t in texts)
    assert report.styles["Normal"].paragraph_format.space_after == docx.shared.Pt(12)


def test_an_unexpected_fault_is_one_line_without_debug(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dean24.words.document

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(dean24.words.document, "build_document", broken)
    args = ["report", str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"), "-o", "r.md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi [internal_error]") and "--debug" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (in_tmp / "r.md").exists()
    debugged = runner.invoke(app, [*args, "--debug"])
    assert isinstance(debugged.exception, RuntimeError)


H1 = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"


def test_the_template_set_is_written_edited_and_used(runner: CliRunner, in_tmp: Path) -> None:
    import docx

    made = runner.invoke(app, ["template", "init", "mau"])
    assert made.exit_code == 0, made.stderr
    folder = in_tmp / "mau"
    names = {p.name for p in folder.iterdir()}
    assert {"README.md", "report.docx", "report.md.j2", "ket_qua.j2", "danh_gia.j2"} <= names
    readme = (folder / "README.md").read_text("utf-8")
    assert "ket_qua.j2" in readme and "programme" in readme and "still_needed" in readme
    # One phrase of the results section edited; one file removed (the shipped one is used).
    results = folder / "ket_qua.j2"
    results.write_text(
        results.read_text("utf-8").replace("So với mục tiêu", "Đối chiếu với mục tiêu"), "utf-8"
    )
    (folder / "nhiem_vu.j2").unlink()
    args = ["report", str(H1), "--templates", "mau", "-o", "r.md", "-o", "r.docx"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    text = (in_tmp / "r.md").read_text("utf-8")
    assert "Đối chiếu với mục tiêu Đề án 24, 3/5 chỉ tiêu" in text and "So với mục tiêu" not in text
    assert "## IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024" in text
    word = [p.text for p in docx.Document(str(in_tmp / "r.docx")).paragraphs]
    assert any(t.startswith("Đối chiếu với mục tiêu Đề án 24, 3/5 chỉ tiêu") for t in word)
    # The set is never written over unasked.
    again = runner.invoke(app, ["template", "init", "mau"])
    assert again.exit_code == 2 and "[file_exists]" in again.stderr


@pytest.mark.parametrize(
    ("inserted", "code"),
    [("{{ chua_co_bien }}", "template_undefined"), ("{% if %}", "template_syntax")],
)
def test_an_error_in_an_edited_template_names_its_file_and_line(
    runner: CliRunner, in_tmp: Path, inserted: str, code: str
) -> None:
    assert runner.invoke(app, ["template", "init", "mau"]).exit_code == 0
    path = in_tmp / "mau" / "danh_gia.j2"
    lines = path.read_text("utf-8").splitlines()
    lines.insert(9, inserted)  # becomes line 10
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = runner.invoke(app, ["report", str(H1), "--templates", "mau", "-o", "r.md"])
    assert result.exit_code == 1
    assert f"[{code}]" in result.stderr and "danh_gia.j2" in result.stderr
    assert "dòng 10" in result.stderr
    assert not (in_tmp / "r.md").exists()


def test_a_missing_template_folder_is_refused(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(app, ["report", str(H1), "--templates", "khong_co", "-o", "r.md"])
    assert result.exit_code == 2 and "[template_not_found]" in result.stderr


def test_programme_words_come_from_the_configuration(runner: CliRunner, in_tmp: Path) -> None:
    from dean24.programme.config import default_config_text

    text = default_config_text().replace('kind = "Đề án"', 'kind = "Kế hoạch"')
    text = text.replace('body = "Ban Chỉ đạo"', 'body = "Ban Tổ chức Tỉnh ủy"')
    text = text.replace('units_noun = "đảng bộ"', 'units_noun = "đơn vị"')
    text = text.replace('short_name = "Đề án 24"', 'short_name = "Kế hoạch 24"')
    (in_tmp / "c.toml").write_text(text, "utf-8")
    result = runner.invoke(app, ["report", str(H1), "--config", "c.toml", "-o", "r.md"])
    assert result.exit_code == 0, result.stderr
    report = (in_tmp / "r.md").read_text("utf-8")
    assert "Ban Tổ chức Tỉnh ủy báo cáo kết quả" in report
    assert "mục tiêu Kế hoạch (thành lập 15 tổ chức đảng)" in report
    assert "từ khi thực hiện Kế hoạch đến nay" in report
    assert "Kết quả của từng đơn vị" in report
    assert "trên cơ sở báo cáo của" not in report  # every unit reported: nothing to say
    assert "mục tiêu Đề án" not in report and "Ban Chỉ đạo báo cáo" not in report
