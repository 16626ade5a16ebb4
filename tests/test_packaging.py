"""The built wheel carries the templates and the default configuration."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_holds_templates_and_configuration(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("dean24-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "dean24/templates/report.md.j2",
        "dean24/templates/report.docx",
        "dean24/data/de_an_24_lao_cai.toml",
        "dean24/commands/cli.py",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.endswith((".orig", ".rej", "~"))]
    assert any(n.endswith("licenses/LICENSE") for n in names)
    from dean24 import __version__

    assert wheel.name.startswith(f"dean24-{__version__}-")


def test_no_stray_files_are_tracked() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist)")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [n for n in tracked if n.endswith((".orig", ".rej"))]
    assert "LICENSE" in tracked
