"""The user's cache: compiled templates kept between runs save time and never change what a run
says, whatever state the cache is in."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.store import usercache
from dean24.words import narrative
from tests.conftest import SAMPLES

H1 = SAMPLES / "tong_hop_6thang_dau_2024.xlsx"


@pytest.fixture(autouse=True)
def fresh_environments() -> Iterator[None]:
    """No template compiled earlier in the process, none kept for later tests."""
    narrative._shared_environment.cache_clear()
    yield
    narrative._shared_environment.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DEAN24_CACHE_DIR", str(folder))
    return folder


def _report(runner: CliRunner, out: str, *more: str) -> str:
    args = ["report", str(H1), "--date", "2024-07-17", "-o", out, *more]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return Path(out).read_text("utf-8")


def test_a_second_run_uses_the_compiled_templates_and_says_the_same(
    runner: CliRunner, in_tmp: Path, cache: Path
) -> None:
    first = _report(runner, "a.md")
    compiled = sorted((cache / "templates").rglob("*.jinja"))
    assert len(compiled) >= 10  # the narrative sections and the Markdown layout
    stamps = {p: p.stat().st_mtime_ns for p in compiled}
    assert _report(runner, "b.md") == first
    assert {p: p.stat().st_mtime_ns for p in compiled} == stamps  # read, not compiled again


def test_a_damaged_cache_is_compiled_again_without_a_word(
    runner: CliRunner, in_tmp: Path, cache: Path
) -> None:
    first = _report(runner, "a.md")
    for path in (cache / "templates").rglob("*.jinja"):
        path.write_bytes(path.read_bytes()[:40])  # cut short
    assert _report(runner, "b.md") == first
    for path in (cache / "templates").rglob("*.jinja"):
        path.write_bytes(b"j2\x00not a template at all")
    assert _report(runner, "c.md") == first


def test_an_edited_template_is_compiled_again(runner: CliRunner, in_tmp: Path, cache: Path) -> None:
    assert runner.invoke(app, ["template", "init", "mau"]).exit_code == 0
    first = _report(runner, "a.md", "--templates", "mau")
    assert "So với mục tiêu" in first
    results = in_tmp / "mau" / "ket_qua.j2"
    text = results.read_text("utf-8").replace("So với mục tiêu", "Đối chiếu với mục tiêu")
    results.write_text(text, "utf-8")
    os.utime(results, ns=(1, 1))  # even with the old time stamp: the text decides
    second = _report(runner, "b.md", "--templates", "mau")
    assert "Đối chiếu với mục tiêu" in second and "So với mục tiêu" not in second


@pytest.mark.parametrize("where", ["file", "empty"])
def test_no_usable_cache_folder_is_no_error(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "file":
        (in_tmp / "not_a_folder").write_text("x")
        monkeypatch.setenv("DEAN24_CACHE_DIR", str(in_tmp / "not_a_folder"))
    else:
        monkeypatch.setenv("DEAN24_CACHE_DIR", "")  # turned off
    assert "So với mục tiêu" in _report(runner, "a.md")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["a.md"] + (
        ["not_a_folder"] if where == "file" else []
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_folder_others_may_write_in_is_not_used(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    (cache / "templates").mkdir(mode=0o777)
    os.chmod(cache / "templates", 0o777)
    assert usercache.cache_folder("templates") is None
    os.chmod(cache / "templates", stat.S_IRWXU)
    assert usercache.cache_folder("templates") == cache / "templates"


def test_the_cache_folder_follows_the_platform_conventions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEAN24_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    expected = (
        Path(os.environ["LOCALAPPDATA"]) / "dean24" / "cache"
        if sys.platform == "win32" and os.environ.get("LOCALAPPDATA")
        else tmp_path / "xdg" / "dean24"
    )
    assert usercache.cache_root() == expected
    if sys.platform != "win32":
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert usercache.cache_root() == tmp_path / "home" / ".cache" / "dean24"
    monkeypatch.setenv("DEAN24_CACHE_DIR", "  ")
    assert usercache.cache_root() is None


def test_no_home_and_a_relative_xdg_folder_mean_no_cache(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEAN24_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert usercache.cache_root() is None
    assert usercache.cache_folder("templates") is None
    assert list(in_tmp.iterdir()) == []
