"""What `dean24 batch` tells its operator: one JSON line per event, and a display on a terminal.

Every line carries `time` (ISO 8601 with the offset), `level` (info, warning, error) and
`event`: `input` (one per input), `skipped_file` (an entry of the inbox left out), `error`
(the run could not start or stopped: locked folder, bad configuration) and, last, `summary`.
Lines go to the --log file, and to standard error when it is not a terminal and there is no
log file; on a terminal the operator sees coloured lines and a progress bar instead.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dean24 import __version__
from dean24.commands.batch import EXIT_LOCKED, Outcome, shown
from dean24.commands.console import for_terminal
from dean24.core.errors import Dean24Error

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

MAX_LISTED = 50


def now() -> str:
    """The local time with its offset, to the second: 2024-07-17T01:30:05+07:00."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def outcome_level(outcome: Outcome) -> str:
    if outcome.status == "failed":
        return "error"
    return "warning" if outcome.warnings else "info"


class BatchLog:
    """The log of one batch run. Open it before the run, close it after (also on failure)."""

    def __init__(self, console: Console, log_path: Path | None = None, quiet: bool = False):
        self.console = console
        self.interactive = console.is_terminal
        self.quiet = quiet
        self.started = time.monotonic()
        self.outcomes: list[Outcome] = []
        self._handle: IO[str] | None = None
        if log_path is not None:
            self._handle = log_path.open("a", encoding="utf-8", errors="backslashreplace")
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._read: set[str] = set()  # inputs read, whose report is still to come

    # The JSON lines.

    @property
    def to_stderr(self) -> bool:
        """JSON lines on standard error: not a terminal, and no log file to take them."""
        return not self.interactive and self._handle is None

    def write(self, level: str, event: str, fields: dict[str, Any]) -> None:
        line = json.dumps(
            {"time": now(), "level": level, "event": event, **fields}, ensure_ascii=False
        )
        if self._handle is not None:
            self._handle.write(line + "\n")
            self._handle.flush()
        if self.to_stderr:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def fatal(self, error: Dean24Error) -> None:
        """The run could not start or stopped as a whole (a locked folder, a bad configuration)."""
        level = "warning" if error.exit_code == EXIT_LOCKED else "error"
        problems = [{k: shown(v) for k, v in p.as_dict().items()} for p in error.problems]
        self.write(level, "error", {**problems[0], "problems": problems[1:] or None})

    def summary(self, exit_code: int) -> None:
        """The closing line: counts, the run's whole duration, the tool's version."""
        inputs = [o for o in self.outcomes if o.event == "input"]
        counts = {
            status: sum(o.status == status for o in inputs)
            for status in ("ok", "skipped", "failed")
        }
        fields = {
            "inputs": len(inputs),
            **counts,
            "skipped_files": sum(o.event == "skipped_file" for o in self.outcomes),
            "warnings": sum(len(o.warnings) for o in inputs),
            "duration": round(time.monotonic() - self.started, 3),
            "version": __version__,
            "exit_code": exit_code,
        }
        self.write("error" if exit_code not in (0, EXIT_LOCKED) else "info", "summary", fields)
        if self.interactive and not self.quiet and inputs:
            self.console.print(
                f"{counts['ok']} báo cáo mới, {counts['skipped']} bỏ qua, {counts['failed']} lỗi.",
                markup=False,
            )

    # The callbacks of run_batch.

    def on_start(self, total: int) -> None:
        if self.interactive and not self.quiet and total:
            from rich.progress import Progress

            self._progress = Progress(console=self.console, transient=True)
            self._progress.start()
            # Two steps per input: reading it, then reporting it.
            self._task = self._progress.add_task("Đang lập báo cáo", total=2 * total)

    def on_read(self, path: Path) -> None:
        self._read.add(str(path))
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    def on_outcome(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.write(outcome_level(outcome), outcome.event, outcome.as_dict())
        if self.interactive:
            self._show(outcome)
        if self._progress is not None and self._task is not None and outcome.event == "input":
            self._progress.advance(self._task, 1 if outcome.input in self._read else 2)

    def _show(self, outcome: Outcome) -> None:
        from rich.markup import escape

        from dean24.core.periods import parse_code

        if self.quiet and outcome_level(outcome) != "error":
            return
        if outcome.event == "skipped_file":
            style, word = "yellow", "bỏ qua tệp"
        else:
            style = {"ok": "green", "skipped": "dim", "failed": "bold red"}[outcome.status]
            word = {"ok": "xong", "skipped": "bỏ qua (không đổi)", "failed": "LỖI"}[outcome.status]
        period = f" ({parse_code(outcome.period).label})" if outcome.period else ""
        notes = f", {len(outcome.warnings)} cảnh báo" if outcome.warnings else ""
        name = escape(for_terminal(shown(outcome.input)))
        self.console.print(f"[{style}]{word}[/] {name}{period}{notes}")
        for problem in [*(outcome.error or []), *outcome.warnings][:MAX_LISTED]:
            where = ", ".join(
                shown(v) for k, v in problem.items() if k in {"file", "sheet", "cell"} and v
            )
            where = f"{where}: " if where else ""  # a notice about no one cell
            line = f"    [{problem['code']}] {where}{shown(problem['message'])}"
            self.console.print(for_terminal(line), markup=False)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None
