"""Read and validate inputs in a child process, so that one input that crashes the reader
(a native abort, memory exhausted) fails alone and the batch goes on with a fresh child."""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from dean24.core.errors import Dean24Error, InputFileError, Location, Problem, ValidationFailed

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from dean24.commands.pipeline import ReportSettings
    from dean24.core.model import ValidData
    from dean24.programme.config import Config


def _serve(conn: Connection, config: Config) -> None:
    """The child: read each input sent, answer with its data or its problems."""
    from dean24.commands.pipeline import read_valid

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it; Ctrl+C goes to both
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            settings = conn.recv()
        except EOFError:
            return
        answer: tuple[str, Any]
        try:
            answer = ("ok", read_valid(settings, config))
        except Dean24Error as exc:
            warnings = exc.warnings if isinstance(exc, ValidationFailed) else []
            answer = ("problems", (exc.problems, warnings))
        except Exception as exc:  # a fault of the tool: said as one problem, never a crash
            answer = ("fault", f"{type(exc).__name__}: {exc}")
        conn.send(answer)


class ReadWorker:
    """A child process that reads inputs one at a time; restarted after a crash."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> tuple[BaseProcess, Connection]:
        context = multiprocessing.get_context()
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.config), name="dean24-reader", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        return process, parent

    def read(self, settings: ReportSettings) -> ValidData:
        """The inputs of settings read and validated, as read_valid gives them; a crash of the
        child becomes an InputFileError naming the input."""
        process, conn = (
            (self._process, self._conn)
            if self._process is not None and self._conn is not None and self._process.is_alive()
            else self._start()
        )
        try:
            conn.send(settings)
            kind, value = conn.recv()
        except (EOFError, OSError):
            process.join(timeout=5)
            code = process.exitcode
            self.close()
            raise InputFileError(
                "input_crashed",
                f"Bộ đọc bảng tính dừng đột ngột khi đọc đầu vào này (mã {code}): tệp có thể "
                "hỏng hoặc quá lớn. Mở tệp bằng Excel, lưu lại thành .xlsx rồi chạy lại; các "
                "đầu vào khác vẫn được lập.",
                Location(file=", ".join(str(p) for p in settings.inputs)),
            ) from None
        if kind == "ok":
            result: ValidData = value
            return result
        if kind == "problems":
            problems: list[Problem]
            warnings: list[Problem]
            problems, warnings = value
            raise ValidationFailed(problems, warnings)
        raise Dean24Error(
            "internal_error",
            f"dean24 gặp lỗi không lường trước khi đọc đầu vào này ({value}).",
            Location(file=", ".join(str(p) for p in settings.inputs)),
        )

    def close(self) -> None:
        """Stop the child (at once: it may be stuck in a file that never ends)."""
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(timeout=5)
        self._process, self._conn = None, None
