"""The command line: parse options, call the library core, turn its errors into messages."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dean24 import __version__
from dean24.errors import Dean24Error, Problem

if TYPE_CHECKING:
    from rich.console import Console

    from dean24.model import ReportModel

MAX_LISTED = 50

app = typer.Typer(
    help="dean24: lập báo cáo tiến độ Đề án 24-ĐA/TU từ các biểu Excel của các đảng bộ.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
config_app = typer.Typer(
    help="Xem hoặc tạo tệp cấu hình chương trình (TOML).", no_args_is_help=True
)
app.add_typer(config_app, name="config")


def _console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, no_color="NO_COLOR" in os.environ)


def _print_problems(problems: list[Problem], heading: str) -> None:
    console = _console()
    console.print(heading, style="bold red" if "Lỗi" in heading else "bold yellow", markup=False)
    for problem in problems[:MAX_LISTED]:
        console.print(f"  - {problem}", markup=False, soft_wrap=True)
    if len(problems) > MAX_LISTED:
        console.print(f"  … và {len(problems) - MAX_LISTED} lỗi khác.", markup=False)


def fail(error: Dean24Error, debug: bool) -> typer.Exit:
    """Report a project error on stderr; the caller raises the returned Exit."""
    if debug:
        import traceback

        traceback.print_exception(error)
    problems = error.problems
    if len(problems) == 1:
        _console().print(f"Lỗi {problems[0]}", style="bold red", markup=False, soft_wrap=True)
    else:
        _print_problems(
            problems, f"Lỗi: có {len(problems)} lỗi trong dữ liệu đầu vào, chưa ghi tệp nào:"
        )
    return typer.Exit(error.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dean24 {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """dean24: lập báo cáo tiến độ Đề án 24-ĐA/TU từ các biểu Excel của các đảng bộ."""


def _parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f'"{text}" không phải ngày dạng YYYY-MM-DD.') from None


STATUS_STYLE = {
    "exceeded": "bold green",
    "met": "green",
    "on_track": "cyan",
    "behind": "bold red",
    "no_target": "dim",
}


def print_summary(model: ReportModel, written: list[str]) -> None:
    """The indicators table and the files written, on stderr."""
    from rich.table import Table

    from dean24.document import STATUS_LABELS
    from dean24.text import format_int, format_percent

    table = Table(title=f"Kết quả {model.period.label}", title_justify="left")
    for name, justify in (
        ("Chỉ tiêu", "left"),
        ("Trong kỳ", "right"),
        ("Lũy kế", "right"),
        ("Tỷ lệ", "right"),
        ("Đánh giá", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in model.indicators:
        table.add_row(
            r.label,
            format_int(r.period_value),
            format_int(r.cumulative_value),
            format_percent(r.percent_of_target) if r.percent_of_target is not None else "—",
            f"[{STATUS_STYLE[r.status]}]{STATUS_LABELS[r.status]}[/]",
        )
    console = _console()
    console.print(table)
    for path in written:
        console.print(f"Đã ghi: {path}", markup=False)


@app.command()
def report(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Sổ Excel (.xlsx, .xls, .ods) hoặc thư mục chứa sổ của từng đơn vị.",
            show_default=False,
        ),
    ],
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "-o",
            "--output",
            help='Tệp kết quả; định dạng theo đuôi: .md, .json, .docx; "-" in Markdown ra màn '
            "hình. Dùng nhiều lần để ghi nhiều tệp. Mặc định: <tên đầu vào>.md và .docx.",
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Kỳ báo cáo, ví dụ 2024-H1, 2024-Q3, 2024; mặc định đọc từ biểu."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Tệp cấu hình TOML; mặc định: Đề án 24, Lào Cai.")
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option(help="Tệp ghi chú Markdown cho các phần lãnh đạo, nguyên nhân, nhiệm vụ."),
    ] = None,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Ngày ghi ở dòng địa danh, ngày tháng (YYYY-MM-DD); mặc định hôm nay."
        ),
    ] = None,
    template: Annotated[
        Path | None, typer.Option(help="Mẫu Word (.docx) riêng thay cho mẫu mặc định.")
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            help="Tệp SQLite lưu số liệu các kỳ: so sánh với kỳ trước, cùng kỳ năm trước và "
            "kiểm tra tính liên tục của số lũy kế."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option(help="In chi tiết lỗi (traceback) để gỡ lỗi.")] = False,
) -> None:
    """Lập báo cáo từ các sổ Excel: tổng hợp số liệu, so với mục tiêu, ghi Markdown/Word/JSON."""
    from dean24.periods import parse_code
    from dean24.pipeline import ReportSettings, run_report

    try:
        settings = ReportSettings(
            inputs=tuple(inputs),
            outputs=tuple(output or ()),
            period=parse_code(period) if period else None,
            config_path=config,
            notes_path=notes,
            report_date=_parse_date(report_date),
            docx_template=template,
            store_path=store,
        )
        run = run_report(settings)
    except Dean24Error as exc:
        raise fail(exc, debug) from None
    if run.warnings:
        _print_problems(run.warnings, f"Cảnh báo ({len(run.warnings)}):")
    if run.stdout:
        sys.stdout.write(run.stdout)
        sys.stdout.flush()
    print_summary(run.model, [str(p) for p in run.written])


@config_app.command("show")
def config_show(
    config: Annotated[Path | None, typer.Option(help="Tệp cấu hình cần xem.")] = None,
) -> None:
    """In cấu hình đang dùng (mặc định hoặc tệp --config)."""
    from dean24.config import default_config_text, load_config

    try:
        load_config(config)
        text = config.read_text("utf-8") if config else default_config_text()
    except Dean24Error as exc:
        raise fail(exc, False) from None
    typer.echo(text, nl=False)


@config_app.command("init")
def config_init(
    path: Annotated[Path, typer.Argument(help="Nơi ghi bản sao cấu hình mặc định để sửa.")],
    force: Annotated[bool, typer.Option(help="Ghi đè nếu tệp đã có.")] = False,
) -> None:
    """Ghi một bản sao cấu hình mặc định ra tệp để sửa."""
    from dean24.config import default_config_text
    from dean24.outputs import write_atomic

    if path.exists() and not force:
        _console().print(
            f"Lỗi [file_exists] {path} đã có; dùng --force để ghi đè.",
            style="bold red",
            markup=False,
        )
        raise typer.Exit(2)
    try:
        write_atomic(path, default_config_text().encode("utf-8"))
    except Dean24Error as exc:
        raise fail(exc, False) from None
    _console().print(f"Đã ghi: {path}", markup=False)


def main() -> None:
    """Entry point of the `dean24` command."""
    app()
