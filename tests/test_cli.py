"""The command line itself: help, start-up cost, configuration commands, templates."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.cli import app
from tests.conftest import SAMPLES, make_summary


def test_help_does_not_import_pandas() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['dean24', '--help']\n"
        "from dean24.cli import main\n"
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
    from dean24.config import default_config_text

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
    from dean24.config import default_config_text

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
    from dean24.templates_path import templates_dir

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
    import dean24.document

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(dean24.document, "build_document", broken)
    args = ["report", str(SAMPLES / "tong_hop_6thang_dau_2024.xlsx"), "-o", "r.md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi [internal_error]") and "--debug" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (in_tmp / "r.md").exists()
    debugged = runner.invoke(app, [*args, "--debug"])
    assert isinstance(debugged.exception, RuntimeError)
