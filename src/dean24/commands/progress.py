"""A progress bar on the terminal while a run reads many workbooks."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

# Fewer files than this read too fast for a bar to help.
MIN_FILES = 8


class ReadingProgress:
    """Called with (files read, files in all) after each file; shows a transient bar on a
    terminal while the run reads at least MIN_FILES files, and nothing elsewhere."""

    def __init__(self, console: Console, label: str = "Đang đọc các sổ Excel") -> None:
        self._console = console
        self._label = label
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._terminal: bool | None = None  # asked of the console once, not per file

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if self._terminal is None:
                self._terminal = self._console.is_terminal
            if total < MIN_FILES or not self._terminal:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self._console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=total)
        if self._task is not None:
            self._bar.update(self._task, completed=done)
        if done >= total:  # the bar goes once every file is read
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ReadingProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
