"""The terminal: UTF-8 standard streams on every platform, the rich consoles on them, and what
the commands show there (messages, problems, tables)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dean24.core.errors import Dean24Error, Problem, grouped
from dean24.core.vocabulary import Status

if TYPE_CHECKING:
    from rich.console import Console

    from dean24.commands.forms import FormRun
    from dean24.core.model import ReportModel
    from dean24.programme.config import Config
    from dean24.store.history import StoredPeriod


def for_terminal(text: object) -> str:
    """Text to show on a terminal, with every control character (a file name can hold escape
    codes that retitle or clear the terminal) written as a visible escape: \\x1b, \\n, \\x9b."""
    shown = str(text)
    if not any(_is_control(ch) for ch in shown):
        return shown
    return "".join(_escape(ch) if _is_control(ch) else ch for ch in shown)


def _is_control(ch: str) -> bool:
    return ch < " " or "\x7f" <= ch <= "\x9f"


def _escape(ch: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{ord(ch):02x}")


def utf8_streams() -> None:
    """Write standard output and error as UTF-8 whatever the console's code page.

    A Windows console or a redirect under PYTHONIOENCODING=cp1252 would otherwise fail on
    Vietnamese letters (or write a file that is not UTF-8). A character UTF-8 cannot hold
    (a lone surrogate from an undecodable file name) is written as a backslash escape.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def err_console() -> Console:
    """Messages, tables and progress for the user, on standard error."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, no_color="NO_COLOR" in os.environ)


def out_console() -> Console:
    """Tables that are the command's result, on standard output."""
    from rich.console import Console

    return Console(highlight=False, no_color="NO_COLOR" in os.environ)


# What the commands show: messages, problem lists and tables, beside the consoles they use.

MAX_LISTED = 50  # problems listed on the terminal, the rest counted


def say(text: object) -> None:
    """One line for the user on standard error, control characters made visible."""
    err_console().print(for_terminal(text), markup=False, soft_wrap=True)


def show_problems(problems: list[Problem], heading: str) -> None:
    """A heading and the problems under it, those of one cause said once."""
    console = err_console()
    console.print(heading, style="bold red" if "Lỗi" in heading else "bold yellow", markup=False)
    problems = grouped(problems)
    for problem in problems[:MAX_LISTED]:
        console.print(for_terminal(f"  - {problem}"), markup=False, soft_wrap=True)
    if len(problems) > MAX_LISTED:
        console.print(f"  … và {len(problems) - MAX_LISTED} lỗi khác.", markup=False)


def show_error(error: Dean24Error) -> None:
    """A project error on standard error: its one line, or every problem it gathers; and the
    marked copies of the inputs written all the same."""
    from dean24.core.errors import ConfigError

    problems = error.problems
    written: list[str] = getattr(error, "written", [])
    if len(problems) == 1:
        err_console().print(
            for_terminal(error.line()), style="bold red", markup=False, soft_wrap=True
        )
    else:
        what = "tệp cấu hình" if isinstance(error, ConfigError) else "dữ liệu đầu vào"
        nothing = "chưa ghi báo cáo" if written else "chưa ghi tệp nào"
        show_problems(problems, f"Lỗi: có {len(problems)} lỗi trong {what}, {nothing}:")
    for path in written:
        err_console().print(
            f"Đã ghi bản đánh dấu để gửi lại đơn vị: {path}", markup=False, soft_wrap=True
        )


def show_stopped(signal_name: str) -> None:
    """A run stopped by a signal, in one line."""
    err_console().print(
        f"Dừng [interrupted] theo tín hiệu {signal_name}: không để lại tệp ghi dở; các tệp kết "
        "quả đã có giữ nguyên bản cũ hoặc đã thay trọn bộ.",
        style="bold red",
        markup=False,
        soft_wrap=True,
    )


STATUS_STYLE = {
    Status.EXCEEDED: "bold green",
    Status.MET: "green",
    Status.ON_TRACK: "cyan",
    Status.BEHIND: "bold red",
    Status.NOT_MET: "bold red",
    Status.NOT_JUDGED: "yellow",
    Status.CLOSED: "dim",
    Status.NO_TARGET: "dim",
}


def show_summary(
    model: ReportModel, config: Config, written: list[str], templates: Path | None = None
) -> None:
    """The indicators table and the files written, on stderr; the percentage and the status in
    the words of the report's Bảng 1."""
    from rich.markup import escape
    from rich.table import Table

    from dean24.core.text import format_int
    from dean24.words.document import summary_words
    from dean24.words.limits import watching
    from dean24.words.narrative import Narrative

    with watching():  # one watchdog for the table's renderings
        title, headings, cells = summary_words(model, config, Narrative(templates))
    table = Table(title=escape(title), title_justify="left")
    for name, justify in zip(headings, ("left", "right", "right", "right", "left"), strict=True):
        table.add_column(escape(name), justify=justify)  # type: ignore[arg-type]
    for r, (percent, status) in zip(model.indicators, cells, strict=True):
        table.add_row(
            config.indicator(r.code).column,
            format_int(r.period_value),
            format_int(r.cumulative_value),
            escape(percent),
            f"[{STATUS_STYLE.get(r.status, '')}]{escape(status)}[/]",
        )
    console = err_console()
    console.print(table)
    for path in written:
        console.print(for_terminal(f"Đã ghi: {path}"), markup=False)


def show_forms(run: FormRun, out_dir: Path, store: Path | None) -> None:
    """What `dean24 form` wrote, and the units it found no previous figures for."""
    say(f"Đã ghi {len(run.written)} biểu vào {out_dir}.")
    if run.history_empty:
        say(f"Lịch sử {store} chưa có kỳ nào: các biểu không có cột số đã báo cáo kỳ trước.")
    elif run.without_history:
        say(f"Chưa có số liệu kỳ trước trong lịch sử của: {', '.join(run.without_history)}.")


def show_history(
    stored: list[tuple[StoredPeriod, dict[str, tuple[int, int]]]],
    config: Config,
    templates: Path | None = None,
) -> None:
    """The stored periods and each indicator's totals over them, on standard output; the
    headings in bang.j2's words (macro man_hinh)."""
    from rich.markup import escape
    from rich.table import Table

    from dean24.core.text import format_int
    from dean24.words.limits import watching
    from dean24.words.narrative import Narrative

    keys = ("da_luu", "chu_thich", "ky", "ma", "bao_cao", "luy_ke_cu", "luu_luc", "dien_bien")
    with watching():  # one watchdog for the tables' renderings
        phrase = Narrative(templates).phrases("bang.j2", {})
        word = {key: escape(phrase("man_hinh", key)) for key in keys}
        word.update(label=escape(phrase("cot", "chi_tieu")), empty=escape(phrase("cot", "trong")))
    console = out_console()
    periods = Table(
        title=word["da_luu"],
        title_justify="left",
        caption=word["chu_thich"],
        caption_justify="left",
    )
    for key in ("ky", "ma", "bao_cao", "luy_ke_cu", "luu_luc"):
        periods.add_column(word[key])
    for s, _ in stored:
        periods.add_row(
            s.period.label,
            s.period.code,
            str(s.units),
            str(s.carried),
            for_terminal(s.recorded_at),
        )
    console.print(periods)
    trend = Table(title=word["dien_bien"], title_justify="left")
    trend.add_column(word["label"])
    for s, _ in stored:
        trend.add_column(s.period.code, justify="right")
    for indicator in config.indicators:
        cells = []
        for _, totals in stored:
            value = totals.get(indicator.code)
            cells.append(
                f"{format_int(value[0])} / {format_int(value[1])}" if value else word["empty"]
            )
        trend.add_row(indicator.column, *cells)
    console.print(trend)
