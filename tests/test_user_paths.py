"""What the user gave is never written, read outside its folder, or read without bounds:
every file a command writes is checked against every file the user gave; templates load only
from inside their folder; notes, configurations and templates are regular files, read capped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.programme.config import default_config_text
from dean24.words.templates_path import templates_dir
from tests.conftest import SAMPLES

WORKBOOK = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"
NOTES = SAMPLES / "ghi_chu_6thang_dau_2024.md"
posix_only = pytest.mark.skipif(os.name == "nt", reason="FIFOs, devices and links as on POSIX")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def one_error(result: object, code: str, exit_code: int, *names: str) -> str:
    stderr: str = getattr(result, "stderr")  # noqa: B009
    assert getattr(result, "exit_code") == exit_code, stderr  # noqa: B009
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Lỗi [{code}]"), stderr
    for name in names:
        assert name in lines[0], stderr
    return lines[0]


@pytest.fixture
def desk(in_tmp: Path) -> Path:
    """An inbox of one workbook, a configuration, a notes folder and an output folder."""
    (in_tmp / "in").mkdir()
    shutil.copy(WORKBOOK, in_tmp / "in" / "a.xlsx")
    (in_tmp / "c.toml").write_text(default_config_text(), "utf-8")
    (in_tmp / "notes").mkdir()
    shutil.copy(NOTES, in_tmp / "notes" / "a.md")
    return in_tmp


# --- batch --log and every file a batch writes ------------------------------------------------


@pytest.mark.parametrize(
    ("log", "code", "names"),
    [
        ("c.toml", "log_is_input", ("tệp cấu hình",)),
        ("in/a.xlsx", "log_is_input", ("đầu vào",)),
        ("notes/a.md", "log_is_input", ("tệp ghi chú",)),
        ("o/a.md", "log_clash", ("báo cáo o/a.md",)),
        ("o/dean24.sqlite", "log_clash", ("cơ sở dữ liệu lịch sử",)),
        ("o/dean24-manifest.json", "log_clash", ("tệp ghi nhận các lần chạy",)),
        ("in/batch.log", "log_in_inbox", ("thư mục đầu vào",)),
    ],
)
def test_a_log_over_a_users_file_or_an_output_is_refused_before_anything(
    runner: CliRunner, desk: Path, log: str, code: str, names: tuple[str, ...]
) -> None:
    before = snapshot(desk)
    args = ["batch", "in", "--out", "o", "--config", "c.toml", "--notes", "notes"]
    result = runner.invoke(app, [*args, "--log", log])
    one_error(result, code, 2, f"Tệp nhật ký {log}", *names)
    assert snapshot(desk) == before
    assert not (desk / "o").exists()
    assert not (desk / "in" / "batch.log").exists()


def test_a_log_that_is_a_link_to_the_configuration_is_refused(
    runner: CliRunner, desk: Path
) -> None:
    os.symlink(desk / "c.toml", desk / "nhat_ky.log")
    before = (desk / "c.toml").read_bytes()
    args = ["batch", "in", "--out", "o", "--config", "c.toml", "--log", "nhat_ky.log"]
    one_error(runner.invoke(app, args), "log_is_input", 2, "nhat_ky.log", "c.toml")
    assert (desk / "c.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("extra", "code", "names"),
    [
        (["--store", "o/dean24-manifest.json"], "store_clash", ("tệp ghi nhận các lần chạy",)),
        (["--store", "o/a.json"], "store_clash", ("báo cáo o/a.json",)),
        (["--store", "c.toml", "--config", "c.toml"], "store_is_input", ("tệp cấu hình",)),
        (["--store", "in/lich_su.sqlite"], "store_in_inbox", ("thư mục đầu vào",)),
        (["--out", "notes", "--notes", "notes"], "output_is_input", ("tệp ghi chú",)),
    ],
)
def test_every_file_a_batch_writes_is_checked_the_same_way(
    runner: CliRunner, desk: Path, extra: list[str], code: str, names: tuple[str, ...]
) -> None:
    before = snapshot(desk)
    args = ["batch", "in", "--out", "o", "--formats", "md,json", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.stderr
    line = json.loads(result.stderr.splitlines()[0])  # no terminal: the JSON lines
    assert line["event"] == "error" and line["code"] == code, line
    for name in names:
        assert name in line["message"]
    assert snapshot(desk) == before


def test_an_input_named_like_the_manifest_is_an_input_error(runner: CliRunner, desk: Path) -> None:
    shutil.copy(WORKBOOK, desk / "in" / "Dean24-Manifest.xlsx")
    result = runner.invoke(app, ["batch", "in", "--out", "o", "--formats", "md,json"])
    assert result.exit_code == 1, result.stderr
    lines = {
        Path(x["input"]).name: x
        for x in map(json.loads, result.stderr.splitlines())
        if "input" in x
    }
    refused = lines["Dean24-Manifest.xlsx"]
    assert refused["status"] == "failed"
    assert refused["error"][0]["code"] == "input_name_reserved"
    assert "dean24-manifest.json" in refused["error"][0]["message"]
    assert lines["a.xlsx"]["status"] == "ok"
    manifest = json.loads((desk / "o" / "dean24-manifest.json").read_text("utf-8"))
    assert set(manifest) == {"a.xlsx"}
    assert not (desk / "o" / "Dean24-Manifest.md").exists()
    # the next run reports it again (not skipped for ever), and refuses it again
    again = runner.invoke(app, ["batch", "in", "--out", "o", "--formats", "md,json"])
    codes = [x.get("error") for x in map(json.loads, again.stderr.splitlines()) if "input" in x]
    assert [{"code": "input_name_reserved"}.items() <= e[0].items() for e in codes if e] == [True]


def test_inputs_that_differ_only_in_unicode_form_are_twins(runner: CliRunner, desk: Path) -> None:
    nfc, nfd = "Bát Xát.xlsx", "Ba\u0301t Xa\u0301t.xlsx"
    assert nfc != nfd
    shutil.copy(WORKBOOK, desk / "in" / nfc)
    shutil.copy(WORKBOOK, desk / "in" / nfd)
    if len(list((desk / "in").iterdir())) < 3:
        pytest.skip("this file system keeps one Unicode form of a name")
    result = runner.invoke(app, ["batch", "in", "--out", "o", "--formats", "md"])
    assert result.exit_code == 1, result.stderr
    twins = [
        x
        for x in map(json.loads, result.stderr.splitlines())
        if "input" in x and not x["input"].endswith("a.xlsx")
    ]
    assert len(twins) == 2
    assert all(x["error"][0]["code"] == "output_name_clash" for x in twins), twins
    assert sorted(p.name for p in (desk / "o").glob("*.md")) == ["a.md"]


# --- report and form --------------------------------------------------------------------------


def test_a_report_store_that_is_an_input_is_refused(runner: CliRunner, desk: Path) -> None:
    before = snapshot(desk)
    result = runner.invoke(app, ["report", "in/a.xlsx", "--store", "in/a.xlsx", "-o", "r.md"])
    one_error(result, "store_is_input", 2, "in/a.xlsx", "đầu vào")
    assert snapshot(desk) == before


def test_forms_never_replace_the_configuration(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "f").mkdir()
    # a configuration kept where the form of one of its units goes
    (in_tmp / "f" / "Xã Khao Mang.xlsx").write_text(default_config_text(), "utf-8")
    before = snapshot(in_tmp)
    result = runner.invoke(
        app, ["form", "f", "--config", "f/Xã Khao Mang.xlsx", "--units", "Xã Khao Mang", "--force"]
    )
    one_error(result, "form_is_input", 2, "tệp cấu hình")
    assert snapshot(in_tmp) == before


# --- templates stay inside their folder -------------------------------------------------------


@posix_only
@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_template_that_includes_a_link_out_of_its_folder_is_refused(
    runner: CliRunner, in_tmp: Path, linked: str
) -> None:
    outside = in_tmp / "ngoai"
    outside.mkdir()
    (outside / "bi_mat.j2").write_text("MẬT KHẨU GỐC\n", "utf-8")
    folder = in_tmp / "mau"
    folder.mkdir()
    if linked == "file":
        os.symlink(outside / "bi_mat.j2", folder / "x.j2")
        name, link = "x.j2", "x.j2"
    else:
        os.symlink(outside, folder / "con")
        name, link = "con/bi_mat.j2", "con"
    (folder / "mo_dau.j2").write_text(f'{{% include "{name}" %}}\n', "utf-8")
    result = runner.invoke(
        app, ["report", str(WORKBOOK), "--templates", "mau", "-o", "r.md", "-o", "r.docx"]
    )
    line = one_error(result, "template_link_outside", 1, f"mau/{link}", "ra ngoài thư mục mẫu")
    assert "MẬT KHẨU" not in line + result.stdout
    assert not (in_tmp / "r.md").exists()


@posix_only
@pytest.mark.parametrize("name", ["report.md.j2", "report.docx"])
def test_a_layout_in_the_folder_that_links_out_is_refused(
    runner: CliRunner, in_tmp: Path, name: str
) -> None:
    (in_tmp / "mau").mkdir()
    os.symlink(templates_dir() / name, in_tmp / "mau" / name)  # a real template, but outside
    out = "r.md" if name.endswith(".j2") else "r.docx"
    result = runner.invoke(app, ["report", str(WORKBOOK), "--templates", "mau", "-o", out])
    one_error(result, "template_link_outside", 1, f"mau/{name}")
    assert not (in_tmp / out).exists()


@posix_only
def test_links_inside_the_folder_and_a_linked_folder_are_fine(
    runner: CliRunner, in_tmp: Path
) -> None:
    real = in_tmp / "mau_that"
    real.mkdir()
    (real / "chung.j2").write_text("Đoạn mở đầu riêng của tỉnh.\n", "utf-8")
    os.symlink(real / "chung.j2", real / "lien_ket.j2")
    (real / "mo_dau.j2").write_text('{% include "lien_ket.j2" %}\n', "utf-8")
    os.symlink(real, in_tmp / "mau")  # the folder given may itself be a link
    result = runner.invoke(app, ["report", str(WORKBOOK), "--templates", "mau", "-o", "r.md"])
    assert result.exit_code == 0, result.stderr
    assert "Đoạn mở đầu riêng của tỉnh." in (in_tmp / "r.md").read_text("utf-8")


@posix_only
def test_a_batch_with_a_template_folder_linking_out_fails_naming_the_link(
    runner: CliRunner, desk: Path
) -> None:
    (desk / "mau").mkdir()
    os.symlink(
        "/etc/hostname" if Path("/etc/hostname").exists() else "/etc/passwd", desk / "mau" / "x.j2"
    )
    result = runner.invoke(app, ["batch", "in", "--out", "o", "--templates", "mau"])
    assert result.exit_code == 1, result.stderr
    line = json.loads(result.stderr.splitlines()[0])
    assert line["code"] == "template_link_outside" and line["file"].endswith("mau/x.j2")


# --- only regular files, read with a cap ------------------------------------------------------


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dean24", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@posix_only
@pytest.mark.parametrize(
    ("option", "code", "exit_code"),
    [
        ("--notes", "notes_not_regular", 1),
        ("--config", "config_not_regular", 2),
        ("--template", "template_not_regular", 1),
    ],
)
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_fifo_or_a_device_is_refused_at_once(
    tmp_path: Path, option: str, code: str, exit_code: int, special: str
) -> None:
    os.mkfifo(tmp_path / "fifo")  # nobody writes to it: opening it for reading would hang
    started = time.monotonic()
    done = _run(["report", str(WORKBOOK), option, special, "-o", "r.md"], tmp_path)
    assert time.monotonic() - started < 30
    assert done.returncode == exit_code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Lỗi [{code}]") and special in lines[0]
    assert not (tmp_path / "r.md").exists()


def test_notes_over_the_cap_are_refused(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dean24.words.notes

    (in_tmp / "n.md").write_text("# Lãnh đạo\n" + "Một câu ghi chú.\n" * 100, "utf-8")
    monkeypatch.setattr(dean24.words.notes, "MAX_NOTES_BYTES", 500)
    result = runner.invoke(app, ["report", str(WORKBOOK), "--notes", "n.md", "-o", "r.md"])
    one_error(result, "notes_too_large", 1, "n.md", "500 byte")


def test_reading_stops_at_the_cap_whatever_the_file_holds(tmp_path: Path) -> None:
    from dean24.core.userfiles import FileTooLarge, read_bounded

    (tmp_path / "f").write_bytes(b"x" * 3000)
    assert read_bounded(tmp_path / "f", 3000) == b"x" * 3000
    with pytest.raises(FileTooLarge):
        read_bounded(tmp_path / "f", 2999)


def test_a_configuration_over_the_cap_is_refused(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dean24.programme.config

    (in_tmp / "c.toml").write_text(default_config_text() + "#" * 5000 + "\n", "utf-8")
    monkeypatch.setattr(
        dean24.programme.config, "MAX_CONFIG_BYTES", len(default_config_text()) + 100
    )
    result = runner.invoke(app, ["config", "show", "--config", "c.toml"])
    one_error(result, "config_too_large", 2, "c.toml")


# --- names on a terminal, dates of the configuration -----------------------------------------

HOSTILE_NAME = "a\x1b]0;BI CHIEM\x07\x1b[2J\x9b31m.md"


@posix_only
def test_a_file_name_with_escape_codes_is_shown_escaped_in_messages(
    runner: CliRunner, in_tmp: Path
) -> None:
    shutil.copy(NOTES, in_tmp / HOSTILE_NAME)
    args = ["report", str(WORKBOOK), "--notes", HOSTILE_NAME, "-o", HOSTILE_NAME]
    result = runner.invoke(app, args)
    line = one_error(result, "output_is_input", 2, "a\\x1b]0;BI CHIEM\\x07\\x1b[2J\\x9b31m.md")
    assert not any(ch in result.stderr for ch in "\x1b\x07\x9b")
    assert "\\x1b" in line


@posix_only
def test_the_batch_display_on_a_terminal_escapes_names(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from dean24.commands.batch import Outcome
    from dean24.commands.batchlog import BatchLog

    screen = io.StringIO()
    console = Console(
        file=screen, force_terminal=True, color_system=None, highlight=False, width=200
    )
    log = BatchLog(console)
    problem = {"code": "x", "message": f"trùng với {HOSTILE_NAME}", "file": HOSTILE_NAME}
    log.on_outcome(Outcome(HOSTILE_NAME, "", "failed", error=[problem]))
    log.close()
    shown = screen.getvalue()
    assert "a\\x1b]0;BI CHIEM\\x07" in shown
    assert (
        "\x07" not in shown and "\x9b" not in shown and "]0;" not in shown.replace("\\x1b]0;", "")
    )


def test_until_before_the_programme_start_is_a_configuration_error_with_its_line(
    runner: CliRunner, in_tmp: Path
) -> None:
    text = default_config_text()
    first = text.index("\n[indicators.target]\n") + len("\n[indicators.target]")
    text = text[:first] + "\nuntil = 2019-01-01" + text[first:]
    (in_tmp / "c.toml").write_text(text, "utf-8")
    line = text[: text.index("until = 2019")].count("\n") + 1
    result = runner.invoke(app, ["report", str(WORKBOOK), "--config", "c.toml", "-o", "r.md"])
    message = one_error(result, "config_date_outside", 2, f"dòng {line}", "1/1/2019")
    assert "trước ngày bắt đầu" in message and "indicators[1].target.until" in message
    assert not (in_tmp / "r.md").exists()


def test_a_date_after_the_programme_end_is_refused_too(runner: CliRunner, in_tmp: Path) -> None:
    text = default_config_text().replace("date = 2022-10-21", "date = 2026-01-01", 1)
    (in_tmp / "c.toml").write_text(text, "utf-8")
    result = runner.invoke(app, ["config", "show", "--config", "c.toml"])
    one_error(result, "config_date_outside", 2, "programme.date", "1/1/2026")


def test_an_output_folder_inside_the_inbox_is_refused(runner: CliRunner, desk: Path) -> None:
    (desk / "in" / "don_vi").mkdir()
    shutil.copy(WORKBOOK, desk / "in" / "don_vi" / "x.xlsx")
    before = snapshot(desk)
    for out in ("in/don_vi", "in/bao_cao", "in"):
        result = runner.invoke(app, ["batch", "in", "--out", out, "--formats", "md"])
        assert result.exit_code == 2, result.stderr
        line = json.loads(result.stderr.splitlines()[0])
        assert line["code"] == "out_in_inbox" and out in line["message"], line
    assert snapshot(desk) == before
    assert not (desk / "in" / "bao_cao").exists()


@posix_only
def test_a_notes_entry_that_is_not_a_file_fails_its_input_alone(
    runner: CliRunner, desk: Path
) -> None:
    shutil.copy(WORKBOOK, desk / "in" / "b.xlsx")
    os.mkfifo(desk / "notes" / "b.md")  # reading it would hang
    started = time.monotonic()
    result = runner.invoke(
        app, ["batch", "in", "--out", "o", "--notes", "notes", "--formats", "md"]
    )
    assert time.monotonic() - started < 60
    assert result.exit_code == 1, result.stderr
    lines = {
        Path(x["input"]).name: x
        for x in map(json.loads, result.stderr.splitlines())
        if "input" in x
    }
    assert lines["a.xlsx"]["status"] == "ok"
    assert lines["b.xlsx"]["error"][0]["code"] == "notes_not_regular"
    assert lines["b.xlsx"]["error"][0]["file"].endswith("notes/b.md")


def test_a_word_template_that_includes_a_file_is_refused_by_name(
    runner: CliRunner, in_tmp: Path
) -> None:
    import zipfile

    with (
        zipfile.ZipFile(templates_dir() / "report.docx") as shipped,
        zipfile.ZipFile(in_tmp / "mau.docx", "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in shipped.infolist():
            data = shipped.read(item.filename)
            if item.filename == "word/document.xml":
                include = b"</w:t></w:r></w:p><w:p><w:r><w:t>{% include '/etc/passwd' %}"
                assert b"{{p body }}" in data
                data = data.replace(b"{{p body }}", b"{{p body }}" + include, 1)
            out.writestr(item, data)
    result = runner.invoke(app, ["report", str(WORKBOOK), "--template", "mau.docx", "-o", "r.docx"])
    one_error(result, "template_include", 1, "mau.docx", "/etc/passwd")
    assert not (in_tmp / "r.docx").exists()
