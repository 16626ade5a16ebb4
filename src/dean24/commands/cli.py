"""The command line: parse options, call the library core, turn its errors into messages."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dean24 import __version__
from dean24.commands.console import for_terminal
from dean24.commands.usage import VietnameseGroup
from dean24.core.errors import Dean24Error, Problem, UsageError, grouped
from dean24.core.interrupt import Interrupted, handle_signals
from dean24.core.vocabulary import Status

if TYPE_CHECKING:
    from rich.console import Console

    from dean24.core.model import ReportModel
    from dean24.programme.config import Config

MAX_LISTED = 50

app = typer.Typer(
    cls=VietnameseGroup,
    help="dean24: lập báo cáo tiến độ Đề án 24-ĐA/TU từ các biểu Excel của các đảng bộ.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
config_app = typer.Typer(
    help="Xem hoặc tạo tệp cấu hình chương trình (TOML).", no_args_is_help=True
)
app.add_typer(config_app, name="config")
template_app = typer.Typer(help="Tạo bản sao mẫu Word để sửa.", no_args_is_help=True)
app.add_typer(template_app, name="template")


def _console() -> Console:
    from dean24.commands.console import err_console

    return err_console()


def _print_problems(problems: list[Problem], heading: str) -> None:
    console = _console()
    console.print(heading, style="bold red" if "Lỗi" in heading else "bold yellow", markup=False)
    problems = grouped(problems)
    for problem in problems[:MAX_LISTED]:
        console.print(for_terminal(f"  - {problem}"), markup=False, soft_wrap=True)
    if len(problems) > MAX_LISTED:
        console.print(f"  … và {len(problems) - MAX_LISTED} lỗi khác.", markup=False)


def fail(error: Dean24Error, debug: bool) -> typer.Exit:
    """Report a project error on stderr; the caller raises the returned Exit."""
    if debug:
        import traceback

        traceback.print_exception(error)
    problems = error.problems
    written: list[str] = getattr(error, "written", [])
    if len(problems) == 1:
        _console().print(for_terminal(error.line()), style="bold red", markup=False, soft_wrap=True)
    else:
        from dean24.core.errors import ConfigError

        what = "tệp cấu hình" if isinstance(error, ConfigError) else "dữ liệu đầu vào"
        nothing = "chưa ghi báo cáo" if written else "chưa ghi tệp nào"
        _print_problems(problems, f"Lỗi: có {len(problems)} lỗi trong {what}, {nothing}:")
    for path in written:
        _console().print(
            f"Đã ghi bản đánh dấu để gửi lại đơn vị: {path}", markup=False, soft_wrap=True
        )
    return typer.Exit(error.exit_code)


def stopped(exc: Interrupted) -> typer.Exit:
    """A run stopped by SIGTERM or SIGINT: one line, and the exit code a shell expects."""
    _console().print(
        f"Dừng [interrupted] theo tín hiệu {exc.name}: không để lại tệp ghi dở; các tệp kết quả "
        "đã có giữ nguyên bản cũ hoặc đã thay trọn bộ.",
        style="bold red",
        markup=False,
        soft_wrap=True,
    )
    return typer.Exit(exc.exit_code)


def internal_error(exc: Exception) -> Dean24Error:
    """An unexpected failure, as one line that asks for --debug instead of a traceback."""
    return Dean24Error(
        "internal_error",
        f"dean24 gặp lỗi không lường trước ({type(exc).__name__}: {exc}); không tệp nào được "
        "ghi. Chạy lại với --debug để xem chi tiết và báo cho người phát triển.",
    )


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


FEEDBACK_OPTION = typer.Option(
    "--feedback",
    metavar="DIR",
    help="Thư mục ghi bản sao đánh dấu của mỗi biểu có lỗi hoặc cảnh báo (ô cần xem tô màu, "
    "có ghi chú; trang đầu liệt kê), để gửi lại đơn vị; biểu gốc giữ nguyên.",
)
TEMPLATES_OPTION = typer.Option(
    "--templates",
    metavar="DIR",
    help="Thư mục mẫu lời văn và trình bày (tạo bằng dean24 template init <thư mục>); tệp "
    "nào không có trong thư mục thì dùng mẫu mặc định.",
)


def _template(paths: list[Path] | None, *, docx: bool) -> Path | None:
    """The analyst's Word (.docx) or Markdown (.j2) template among --template values."""
    for path in paths or []:
        if (path.suffix.lower() == ".docx") == docx:
            return path
    return None


def _parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f'"{for_terminal(text)}" không phải ngày dạng YYYY-MM-DD.', param_hint="--date"
        ) from None


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


def print_summary(
    model: ReportModel, config: Config, written: list[str], templates: Path | None = None
) -> None:
    """The indicators table and the files written, on stderr; the percentage and the status in
    the words of the report's Bảng 1."""
    from rich.markup import escape
    from rich.table import Table

    from dean24.core.text import format_int
    from dean24.words.document import table_words
    from dean24.words.narrative import Narrative

    table = Table(title=f"Kết quả {model.period.label}", title_justify="left")
    for name, justify in (
        ("Chỉ tiêu", "left"),
        ("Trong kỳ", "right"),
        ("Lũy kế", "right"),
        ("Tỷ lệ", "right"),
        ("Đánh giá", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r, (percent, status) in zip(
        model.indicators, table_words(model, config, Narrative(templates)), strict=True
    ):
        table.add_row(
            config.indicator(r.code).column,
            format_int(r.period_value),
            format_int(r.cumulative_value),
            escape(percent),
            f"[{STATUS_STYLE.get(r.status, '')}]{escape(status)}[/]",
        )
    console = _console()
    console.print(table)
    for path in written:
        console.print(for_terminal(f"Đã ghi: {path}"), markup=False)


@app.command()
def report(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT",
            help="Sổ Excel (.xlsx, .xls, .ods) hoặc thư mục chứa sổ của từng đơn vị.",
            show_default=False,
        ),
    ],
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Tệp kết quả; định dạng theo đuôi: .md, .json, .docx, .xlsx (biểu tổng hợp), "
            '.pdf (bản Word chuyển bằng LibreOffice); "-" in Markdown ra màn hình. Dùng nhiều '
            "lần để ghi nhiều tệp. Mặc định: <tên đầu vào>.md và .docx.",
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", help="Kỳ báo cáo, ví dụ 2024-H1, 2024-Q3, 2024; mặc định đọc từ biểu."
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Tệp cấu hình TOML; mặc định: Đề án 24, Lào Cai."),
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Tệp ghi chú Markdown cho các phần lãnh đạo, nguyên nhân, nhiệm vụ.",
        ),
    ] = None,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Ngày ghi ở dòng địa danh, ngày tháng (YYYY-MM-DD); mặc định hôm nay.",
        ),
    ] = None,
    template: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="FILE",
            help="Mẫu riêng thay cho mẫu mặc định: tệp .docx cho Word, tệp .j2 cho Markdown "
            "(dùng hai lần để thay cả hai). Tạo bản sao để sửa bằng dean24 template init.",
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Tệp SQLite lưu số liệu các kỳ: so sánh với kỳ trước, cùng kỳ năm trước và "
            "kiểm tra tính liên tục của số lũy kế.",
        ),
    ] = None,
    templates: Annotated[Path | None, TEMPLATES_OPTION] = None,
    feedback: Annotated[Path | None, FEEDBACK_OPTION] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Chỉ in lỗi ra màn hình (không in bảng kết quả và cảnh báo)."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option(help="In chi tiết lỗi (traceback) để gỡ lỗi.")] = False,
) -> None:
    """Lập báo cáo từ các sổ Excel: tổng hợp số liệu, so với mục tiêu, ghi Markdown/Word/JSON."""
    from dean24.commands.pipeline import ReportSettings, run_report
    from dean24.core.periods import parse_code

    day = _parse_date(report_date)
    try:
        settings = ReportSettings(
            inputs=tuple(inputs),
            outputs=tuple(output or ()),
            period=parse_code(period) if period else None,
            config_path=config,
            notes_path=notes,
            report_date=day,
            docx_template=_template(template, docx=True),
            md_template=_template(template, docx=False),
            store_path=store,
            templates=templates,
            feedback=feedback,
        )
        from dean24.commands.progress import ReadingProgress

        with handle_signals(), ReadingProgress(_console()) as progress:
            run = run_report(settings, progress=progress)
    except Interrupted as exc:
        raise stopped(exc) from None
    except Dean24Error as exc:
        raise fail(exc, debug) from None
    except Exception as exc:  # a fault of the tool, not of the input: say so plainly
        if debug:
            raise
        raise fail(internal_error(exc), debug) from None
    if run.warnings and not quiet:
        _print_problems(run.warnings, f"Cảnh báo ({len(run.warnings)}):")
    if run.stdout:
        sys.stdout.write(run.stdout)
        sys.stdout.flush()
    if not quiet:
        print_summary(run.model, run.config, [str(p) for p in run.written], templates)


@config_app.command("show")
def config_show(
    config: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Tệp cấu hình cần xem.")
    ] = None,
) -> None:
    """In cấu hình đang dùng (mặc định hoặc tệp --config)."""
    from dean24.programme.config import default_config_text, load_config, read_config_text

    try:
        load_config(config)
        text = read_config_text(config) if config else default_config_text()
    except Dean24Error as exc:
        raise fail(exc, False) from None
    typer.echo(text, nl=False)


@config_app.command("init")
def config_init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Nơi ghi bản sao cấu hình mặc định để sửa.")
    ],
    force: Annotated[bool, typer.Option(help="Ghi đè nếu tệp đã có.")] = False,
    province: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help='Tỉnh, thành phố (ví dụ "Lào Cai"): các đơn vị báo cáo là các xã, phường, đặc '
            "khu của tỉnh từ 01/7/2025.",
        ),
    ] = None,
) -> None:
    """Ghi một bản sao cấu hình mặc định ra tệp để sửa (--province: với các xã, phường)."""
    from dean24.programme.config import default_config_text

    if province is None:
        _write_copy(path, default_config_text().encode("utf-8"), force)
        return
    from dean24.programme.provinces import build_province_config

    try:
        text, _, found = build_province_config(province, default_config_text())
    except Dean24Error as exc:
        raise fail(exc, False) from None
    _write_copy(path, text.encode("utf-8"), force)
    _console().print(
        f"{found.province}: {len(found.units)} đơn vị ({found.kinds()}). Trước khi dùng: rà "
        "soát các mục programme, document và chỉ tiêu; ghi số gốc của mục tiêu phần trăm (chỗ "
        "CẦN BỔ SUNG); thêm các đảng bộ báo cáo không phải xã, phường (đảng ủy trực thuộc tỉnh "
        "ủy) vào [[units]] nếu có.",
        markup=False,
    )


@config_app.command("keys")
def config_keys() -> None:
    """In bảng mọi khóa của tệp cấu hình: giá trị, mặc định, ý nghĩa (Markdown)."""
    from dean24.programme.config import Config
    from dean24.programme.configkeys import keys_markdown

    typer.echo(keys_markdown(Config), nl=False)


def _write_copy(path: Path, data: bytes, force: bool) -> None:
    """Write a copy of a shipped file for the analyst to edit, never over one unasked."""
    from dean24.store.outputs import write_atomic

    if path.exists() and not force:
        raise fail(UsageError("file_exists", f"{path} đã có; dùng --force để ghi đè."), False)
    try:
        write_atomic(path, data)
    except Dean24Error as exc:
        raise fail(exc, False) from None
    _console().print(for_terminal(f"Đã ghi: {path}"), markup=False)


@template_app.command("init")
def template_init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="Thư mục ghi bộ mẫu (lời văn, Markdown, Word, README); hoặc một tệp .docx "
            "để chỉ ghi mẫu Word.",
        ),
    ],
    force: Annotated[bool, typer.Option(help="Ghi đè nếu tệp đã có.")] = False,
) -> None:
    """Ghi bộ mẫu mặc định để sửa, rồi dùng lại bằng --templates <thư mục>."""
    from dean24.words.templates_path import templates_dir

    if path.suffix.lower() == ".docx":
        _write_copy(path, (templates_dir() / "report.docx").read_bytes(), force)
        return
    if path.exists() and not path.is_dir():
        raise fail(UsageError("bad_output", f"{path} không phải thư mục."), False)
    shipped = sorted(p for p in templates_dir().iterdir() if p.is_file())
    clashes = [p.name for p in shipped if (path / p.name).exists()]
    if clashes and not force:
        raise fail(
            UsageError(
                "file_exists", f"{path} đã có {', '.join(clashes)}; dùng --force để ghi đè."
            ),
            False,
        )
    path.mkdir(parents=True, exist_ok=True)
    for source in shipped:
        _write_copy(path / source.name, source.read_bytes(), True)


@app.command()
def batch(
    inbox: Annotated[
        Path,
        typer.Argument(
            metavar="INBOX",
            help="Thư mục đầu vào: mỗi sổ Excel và mỗi thư mục con (sổ của từng đơn vị) là "
            "một báo cáo.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Thư mục ghi báo cáo.", show_default=False)
    ],
    formats: Annotated[
        str,
        typer.Option(
            metavar="LIST",
            help="Các định dạng cần ghi, cách nhau bằng dấu phẩy: md, docx, json, xlsx, pdf.",
        ),
    ] = "md,docx,json",
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="Tệp cấu hình TOML.")] = None,
    store: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Tệp SQLite lịch sử các kỳ; mặc định OUT/dean24.sqlite."),
    ] = None,
    log: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Ghi thêm mỗi đầu vào một dòng JSON vào tệp này (mặc định: stderr "
            "khi không chạy trên màn hình).",
        ),
    ] = None,
    template: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Mẫu Word (.docx) riêng.")
    ] = None,
    templates: Annotated[Path | None, TEMPLATES_OPTION] = None,
    report_date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="Ngày ghi trên báo cáo (YYYY-MM-DD)."),
    ] = None,
    feedback: Annotated[Path | None, FEEDBACK_OPTION] = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Thư mục ghi chú: NOTES/<tên đầu vào>.md là ghi chú của đầu vào đó "
            "(tong_hop.xlsx → tong_hop.md).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            metavar="CODE", help="Kỳ báo cáo của mọi đầu vào, ví dụ 2024-H1; mặc định đọc từ biểu."
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Chỉ in lỗi ra màn hình (nhật ký JSON vẫn ghi đủ)."),
    ] = False,
    debug: Annotated[bool, typer.Option(help="In chi tiết lỗi (traceback).")] = False,
) -> None:
    """Lập báo cáo cho mọi đầu vào mới hoặc đã thay đổi trong thư mục (chạy theo lịch)."""
    from dean24.commands.batch import BatchSettings, check_paths, run_batch
    from dean24.commands.batchlog import BatchLog
    from dean24.core.periods import parse_code

    chosen = tuple(f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in {"md", "docx", "json", "xlsx", "pdf"}]
    if unknown or not chosen:
        raise fail(
            UsageError(
                "bad_format",
                f"Định dạng không hợp lệ: {', '.join(unknown) or formats}; "
                "dùng md, docx, json, xlsx, pdf.",
            ),
            False,
        )
    if notes is not None and not notes.is_dir():
        raise fail(UsageError("notes_dir_not_found", f"Không có thư mục ghi chú {notes}."), False)
    where = BatchSettings(
        inbox=inbox,
        out=out,
        formats=chosen,
        config_path=config,
        store_path=store,
        docx_template=template,
        templates=templates,
        notes_dir=notes,
        log=log,
        feedback=feedback,
    )
    if log is not None:  # before the log is opened: it may be one of the user's files
        try:
            check_paths(where, log_only=True)
        except Dean24Error as exc:
            raise fail(exc, debug) from None
    try:
        blog = BatchLog(_console(), log, quiet=quiet)
    except OSError as exc:
        message = f"Không ghi được tệp nhật ký {log} ({exc.strerror or exc})."
        raise fail(UsageError("log_unwritable", message), False) from None
    day = _parse_date(report_date)
    exit_code = 0
    try:
        settings = replace(where, report_date=day, period=parse_code(period) if period else None)
        with handle_signals():
            outcomes = run_batch(
                settings, on_outcome=blog.on_outcome, on_start=blog.on_start, on_read=blog.on_read
            )
        exit_code = 1 if any(o.status == "failed" for o in outcomes) else 0
    except Interrupted as exc:
        exit_code = exc.exit_code
        blog.write("error", "error", {"code": "interrupted", "message": f"Dừng theo {exc.name}."})
        if blog.to_stderr:
            raise typer.Exit(exit_code) from None
        raise stopped(exc) from None
    except Exception as exc:
        if debug and not isinstance(exc, Dean24Error):
            raise
        error = exc if isinstance(exc, Dean24Error) else internal_error(exc)
        exit_code = error.exit_code
        blog.fatal(error)
        if not blog.to_stderr:  # the JSON line is the message when stderr is the log
            fail(error, debug)
        raise typer.Exit(exit_code) from None
    finally:
        blog.summary(exit_code)
        blog.close()
    raise typer.Exit(exit_code)


@app.command()
def form(
    out_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Thư mục ghi các biểu (mỗi đơn vị một sổ).", show_default=False
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            metavar="CODE",
            help="Kỳ báo cáo ghi sẵn trên biểu, ví dụ 2024-H2; bỏ trống để đơn vị ghi.",
        ),
    ] = None,
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="Tệp cấu hình TOML.")] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Tệp SQLite lịch sử: thêm cột số lũy kế đơn vị đã báo cáo kỳ trước.",
        ),
    ] = None,
    units: Annotated[
        list[str] | None,
        typer.Option(
            "--units",
            metavar="NAME",
            help="Chỉ lập biểu cho đơn vị này (dùng nhiều lần); mặc định: mọi đơn vị "
            "trong cấu hình.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Ghi đè các biểu đã có.")] = False,
    debug: Annotated[bool, typer.Option(help="In chi tiết lỗi (traceback).")] = False,
) -> None:
    """Lập biểu báo cáo trống (dạng B) cho từng đơn vị, có kiểm tra số liệu khi nhập."""
    from dean24.commands.forms import FormSettings, write_forms
    from dean24.core.periods import parse_code

    try:
        settings = FormSettings(
            out_dir=out_dir,
            period=parse_code(period) if period else None,
            config_path=config,
            store_path=store,
            units=tuple(units or ()),
            force=force,
        )
        run = write_forms(settings)
    except Dean24Error as exc:
        raise fail(exc, debug) from None
    except Exception as exc:
        if debug:
            raise
        raise fail(internal_error(exc), debug) from None
    console = _console()
    console.print(for_terminal(f"Đã ghi {len(run.written)} biểu vào {out_dir}."), markup=False)
    if run.history_empty:
        console.print(
            for_terminal(
                f"Lịch sử {store} chưa có kỳ nào: các biểu không có cột số đã báo cáo kỳ trước."
            ),
            markup=False,
        )
    elif run.without_history:
        console.print(
            for_terminal(
                f"Chưa có số liệu kỳ trước trong lịch sử của: {', '.join(run.without_history)}."
            ),
            markup=False,
        )


@app.command()
def check(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT",
            help="Sổ Excel cần kiểm tra, hoặc thư mục chứa sổ.",
            show_default=False,
        ),
    ],
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="Tệp cấu hình TOML.")] = None,
    store: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Tệp SQLite lịch sử: đối chiếu số lũy kế với kỳ trước."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(metavar="CODE", help="Kỳ báo cáo, ví dụ 2024-H2; mặc định đọc từ biểu."),
    ] = None,
    feedback: Annotated[Path | None, FEEDBACK_OPTION] = None,
    debug: Annotated[bool, typer.Option(help="In chi tiết lỗi (traceback).")] = False,
) -> None:
    """Kiểm tra biểu trước khi gửi: in số liệu đọc được và mọi lỗi kèm ô; chỉ ghi tệp khi có
    --feedback."""
    from dean24.commands.check import CheckSettings, render_text, run_check
    from dean24.core.periods import parse_code

    try:
        settings = CheckSettings(
            inputs=tuple(inputs),
            config_path=config,
            store_path=store,
            period=parse_code(period) if period else None,
            feedback=feedback,
        )
        result = run_check(settings)
    except Dean24Error as exc:
        raise fail(exc, debug) from None
    except Exception as exc:
        if debug:
            raise
        raise fail(internal_error(exc), debug) from None
    sys.stdout.write(render_text(result))
    raise typer.Exit(0 if result.accepted else 1)


@app.command()
def ack(
    unit: Annotated[
        str, typer.Argument(metavar="UNIT", help="Đơn vị có cảnh báo.", show_default=False)
    ],
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="INDICATOR", help="Mã chỉ tiêu, ví dụ doan_vien_cong_doan.", show_default=False
        ),
    ],
    period: Annotated[
        str, typer.Option(metavar="CODE", help="Kỳ báo cáo của cảnh báo, ví dụ 2024-H2.")
    ],
    reason: Annotated[
        str, typer.Option(metavar="TEXT", help="Lý do số liệu đúng (đã xác minh với đơn vị …).")
    ],
    store: Annotated[Path, typer.Option(metavar="FILE", help="Tệp SQLite lịch sử các kỳ.")] = Path(
        "dean24.sqlite"
    ),
    code: Annotated[
        str,
        typer.Option(metavar="CODE", help="Mã cảnh báo: implausible_value hoặc rule_breach."),
    ] = "implausible_value",
    cumulative: Annotated[
        bool,
        typer.Option(
            help="Cảnh báo về số lũy kế (quy tắc trên số lũy kế), không phải số trong kỳ."
        ),
    ] = False,
) -> None:
    """Ghi nhận một cảnh báo về số liệu đã xem xét, kèm lý do: không nêu lại với cùng số đó."""
    from dean24.core.periods import parse_code
    from dean24.store.followup import AckSettings, acknowledge, describe

    try:
        chosen = parse_code(period)
        done = acknowledge(
            AckSettings(
                store_path=store,
                period=chosen,
                unit=unit,
                indicator=indicator,
                reason=reason,
                code=code,
                figure="cumulative" if cumulative else "period",
            )
        )
    except Dean24Error as exc:
        raise fail(exc, False) from None
    _console().print(describe(done, chosen), markup=False, soft_wrap=True)


@app.command()
def schema() -> None:
    """In lược đồ JSON (JSON Schema, Draft 2020-12) của tệp báo cáo .json."""
    import json

    from dean24.render.contract import report_schema

    typer.echo(json.dumps(report_schema(), ensure_ascii=False, indent=2))


@app.command()
def history(
    store: Annotated[Path, typer.Option(metavar="FILE", help="Tệp SQLite lịch sử các kỳ.")] = Path(
        "dean24.sqlite"
    ),
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="Tệp cấu hình TOML.")] = None,
) -> None:
    """Liệt kê các kỳ đã lưu và diễn biến từng chỉ tiêu qua các kỳ."""
    from rich.table import Table

    from dean24.core.text import format_int
    from dean24.programme.config import load_config
    from dean24.store.history import History

    if not store.is_file():
        raise fail(Dean24Error("history_not_found", f"Không có tệp lịch sử {store}."), False)
    try:
        programme = load_config(config)
        with History(store, readonly=True) as db:
            stored = db.periods()
            totals = {s.period: db.totals(s.period) for s in stored}
    except Dean24Error as exc:
        raise fail(exc, False) from None
    console = _stdout_console()
    periods = Table(
        title="Các kỳ đã lưu",
        title_justify="left",
        caption="Báo cáo: số đơn vị đã gửi báo cáo; Lũy kế cũ: số đơn vị chưa gửi, số lũy kế "
        "lấy theo báo cáo gần nhất.",
        caption_justify="left",
    )
    for name in ("Kỳ", "Mã", "Báo cáo", "Lũy kế cũ", "Lưu lúc"):
        periods.add_column(name)
    for s in stored:
        periods.add_row(
            s.period.label,
            s.period.code,
            str(s.units),
            str(s.carried),
            for_terminal(s.recorded_at),
        )
    console.print(periods)
    trend = Table(title="Diễn biến (trong kỳ / lũy kế)", title_justify="left")
    trend.add_column("Chỉ tiêu")
    for s in stored:
        trend.add_column(s.period.code, justify="right")
    for indicator in programme.indicators:
        cells = []
        for s in stored:
            value = totals[s.period].get(indicator.code)
            cells.append(f"{format_int(value[0])} / {format_int(value[1])}" if value else "—")
        trend.add_row(indicator.column, *cells)
    console.print(trend)


def _stdout_console() -> Console:
    from dean24.commands.console import out_console

    return out_console()


def main() -> None:
    """Entry point of the `dean24` command."""
    from dean24.commands.console import utf8_streams

    # A run makes many long-lived objects (imported modules, parsed workbooks, XML trees) and
    # few cycles: collecting the youngest generation every 700 allocations cost about a tenth
    # of a short report's time. Collections stay, less often (as mypy does).
    gc.set_threshold(20_000, 50, 50)
    utf8_streams()
    app()
