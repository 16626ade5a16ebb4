"""Where the shipped templates live, in an installed package or a source checkout, and copies of
them for the analyst to edit."""

from __future__ import annotations

from pathlib import Path

from dean24.core.errors import UsageError


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


def copy_templates(path: Path, *, force: bool = False) -> list[Path]:
    """Copy the shipped templates for the analyst to edit: every one into the folder path, or
    the Word template alone to path ending .docx; refused before anything is written when a
    file there would be replaced unasked. The files written, in order."""
    from dean24.store.outputs import write_copy

    if path.suffix.lower() == ".docx":
        write_copy(path, (templates_dir() / "report.docx").read_bytes(), force=force)
        return [path]
    if path.exists() and not path.is_dir():
        raise UsageError("bad_output", f"{path} không phải thư mục.")
    shipped = sorted(p for p in templates_dir().iterdir() if p.is_file())
    clashes = [p.name for p in shipped if (path / p.name).exists()]
    if clashes and not force:
        raise UsageError(
            "file_exists", f"{path} đã có {', '.join(clashes)}; dùng --force để ghi đè."
        )
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for source in shipped:
        write_copy(path / source.name, source.read_bytes(), force=True)
        written.append(path / source.name)
    return written
