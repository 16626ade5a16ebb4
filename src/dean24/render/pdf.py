"""The Word report as PDF, converted by LibreOffice.

Each conversion runs LibreOffice headless in a folder of its own, with a profile of its own
(-env:UserInstallation), so that it neither waits for nor disturbs a LibreOffice the user has
open; it is given a bounded time, its whole process group is ended if it overruns, and the
folder is removed whatever happens. The bytes come back to the caller, who writes them with
the other outputs, all or nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from dean24.core.errors import Dean24Error, Problem, UsageError

TIMEOUT = 180.0  # seconds for one conversion (a first start of LibreOffice takes a few)
INSTALL_HINT = (
    "Cần LibreOffice để ghi PDF: cài bằng «sudo apt install libreoffice-writer-nogui» "
    "(Debian/Ubuntu) hoặc «winget install TheDocumentFoundation.LibreOffice» (Windows), "
    "rồi chạy lại; hoặc bỏ -o …pdf."
)
_WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class ConversionError(Dean24Error):
    """LibreOffice did not give a PDF."""


def find_soffice() -> str | None:
    """The LibreOffice program to run, or None where it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        for place in _WINDOWS_PLACES:
            if Path(place).is_file():
                return place
    return None


def require_soffice() -> str:
    """The LibreOffice program, or a usage error (exit 2) with the line that installs it."""
    found = find_soffice()
    if found is None:
        raise UsageError("libreoffice_missing", INSTALL_HINT)
    return found


def font_notice(font: str) -> Problem | None:
    """A note when the report's font is not installed and LibreOffice will use its metric twin
    (Liberation Serif for Times New Roman): the pages break as in Word, the letters differ."""
    if font.lower() != "times new roman" or sys.platform == "win32":
        return None
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout.lower()
    except (OSError, subprocess.SubprocessError):
        return None
    if "times new roman" in found:
        return None
    if "liberation serif" in found:
        used = "PDF dùng phông Liberation Serif (cùng độ rộng chữ, trang ngắt như bản Word)"
    else:
        used = (
            "cũng không có Liberation Serif (gói fonts-liberation), nên LibreOffice dùng một "
            "phông khác và trang có thể ngắt khác bản Word"
        )
    return Problem(
        "font_substituted",
        f"Máy này không có phông Times New Roman: {used}. Cài phông Times New Roman để PDF "
        "đúng phông.",
        severity="warning",
    )


def docx_to_pdf(docx: bytes, soffice: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a Word document, converted in a private folder and profile."""
    program = soffice or require_soffice()
    with tempfile.TemporaryDirectory(prefix="dean24-pdf-") as folder:
        work = Path(folder)
        source = work / "bao_cao.docx"
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(command, timeout, work)
        result = work / "out" / "bao_cao.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionError(
                "pdf_failed",
                "LibreOffice không tạo được tệp PDF từ báo cáo Word; không tệp nào được ghi. "
                "Thử mở bản .docx bằng LibreOffice để xem lỗi.",
            )
        return result.read_bytes()


def _run(command: list[str], timeout: float, work: Path) -> None:
    """Run LibreOffice in a process group of its own, ended whole when it overruns."""
    options: dict[str, object] = {}
    if os.name == "nt":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        options["start_new_session"] = True
    env = {**os.environ, "HOME": str(work)}  # nothing written to the user's own profile
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=work,
            env=env,
            **options,  # type: ignore[call-overload]
        )
    except OSError as exc:
        raise ConversionError(
            "pdf_failed", f"Không chạy được LibreOffice ({exc.strerror or exc}). {INSTALL_HINT}"
        ) from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ConversionError(
            "pdf_timeout",
            f"LibreOffice chưa chuyển xong báo cáo sang PDF sau {int(timeout)} giây nên đã "
            "dừng; không tệp nào được ghi.",
            advised=True,
        ) from None
    except BaseException:  # interrupted: LibreOffice goes with the run
        _kill(process)
        raise
    finally:
        _kill(process, only_group=True)  # a helper it left behind
    if process.returncode != 0:
        text = output.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(
            "pdf_failed",
            f"LibreOffice dừng với mã {process.returncode} khi chuyển sang PDF"
            + (f" ({text[-1]})" if text else "")
            + "; không tệp nào được ghi.",
        )


def _kill(process: subprocess.Popen[bytes], only_group: bool = False) -> None:
    """End the conversion's process group (LibreOffice may leave a helper behind)."""
    if os.name == "nt":
        if not only_group and process.poll() is None:
            with suppress(OSError):
                process.kill()
    else:
        with suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    if not only_group:
        with suppress(Exception):
            process.wait(timeout=10)
