"""Write output files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dean24.errors import Dean24Error, Location


class OutputError(Dean24Error):
    """An output file cannot be written."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data in one step; on any failure the old file stays as it was."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            "output_unwritable",
            f"Không ghi được vào thư mục ({exc.strerror}).",
            Location(file=str(path)),
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                "output_unwritable",
                f"Không ghi được tệp ({exc.strerror}). Tệp có thể đang mở trong Word; đóng lại "
                "rồi chạy lại.",
                Location(file=str(path)),
            ) from None
        raise


def write_all(outputs: dict[Path, bytes]) -> None:
    """Write several files; all are rendered before this is called, so a failure of one
    format never leaves a mix of new and half-written files."""
    for path, data in outputs.items():
        write_atomic(path, data)
