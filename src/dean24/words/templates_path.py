"""Where the shipped templates live, in an installed package or a source checkout."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """The folder holding report.md.j2 and report.docx."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("dean24 templates folder not found")


def is_shipped(path: str | Path) -> bool:
    """Whether path is one of the templates shipped with dean24 (not the analyst's)."""
    try:
        return Path(path).resolve().parent == templates_dir().resolve()
    except (OSError, FileNotFoundError):
        return False
