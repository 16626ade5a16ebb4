"""The command line: parse options, call the library core, turn its errors into messages."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import typer

from dean24 import __version__
from dean24.commands.console import say, show_error, show_problems, show_stopped
from dean24.commands.usage import CLICK_EXCEPTION, VietnameseGroup
from dean24.core.errors import Dean24Error, UsageError
from dean24.core.interrupt import Interrupted, handle_signals

if TYPE_CHECKING:
    from dean24.core.periods import Period

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

# The options several commands share, each declared once.
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config", metavar="FILE", help="Tệp cấu hình TOML; mặc định: Đề án 24, Lào Cai."
    ),
]
PeriodCode = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="CODE",
        help="Kỳ báo cáo, ví dụ 2024-H1, 2024-Q3, 2024; mặc định đọc từ biểu.",
    ),
]
StoreFile = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="FILE",
        help="Tệp SQLite lưu số liệu các kỳ: so sánh với kỳ trước, cùng kỳ năm trước và "
        "kiểm tra tính liên tục của số lũy kế.",
    ),
]
HistoryFile = Annotated[
    Path, typer.Option("--store", metavar="FILE", help="Tệp SQLite lịch sử các kỳ.")
]
ReportDate = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="Ngày ghi ở dòng địa danh, ngày tháng (YYYY-MM-DD); mặc định hôm nay.",
    ),
]
TemplatesDir = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="Thư mục mẫu lời văn và trình bày (tạo bằng dean24 template init <thư mục>); tệp "
        "nào không có trong thư mục thì dùng mẫu mặc định.",
    ),
]
FeedbackDir = Annotated[
    Path | None,
    typer.Option(
        "--feedback",
        metavar="DIR",
        help="Thư mục ghi bản sao đánh dấu của mỗi biểu có lỗi hoặc cảnh báo (ô cần xem tô "
        "màu, có ghi chú; trang đầu liệt kê), để gửi lại đơn vị; biểu gốc giữ nguyên.",
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp đã có.")]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="Chỉ in lỗi ra màn hình (không in bảng và cảnh báo).")
]
Debug = Annotated[bool, typer.Option("--debug", help="In chi tiết lỗi (traceback) để gỡ lỗi.")]

P = ParamSpec("P")


def fail(error: Dean24Error, debug: bool = False) -> typer.Exit:
    """Report a project error on stderr; the caller raises the returned Exit."""
    if debug:
        import traceback

        traceback.print_exception(error)
    show_error(error)
    return typer.Exit(error.exit_code)


def internal_error(exc: Exception) -> Dean24Error:
    """An unexpected failure, as one line that asks for --debug instead of a traceback."""
    return Dean24Error(
        "internal_error",
        f"dean24 gặp lỗi không lường trước ({type(exc).__name__}: {exc}); không tệp nào được ghi.",
        advised=True,
    )


def reported(command: Callable[P, None]) -> Callable[P, None]:
    """A command whose errors end as messages and exit codes: the project's errors as their
    lines, a signal as one line and the code a shell expects, anything else as an internal
    error asking for --debug (with --debug: the traceback)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        debug = bool(kwargs.get("debug", False))
        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort, CLICK_EXCEPTION):  # the command line's own ends
            raise
        except Interrupted as exc:
            show_stopped(exc.name)
            raise typer.Exit(exc.exit_code) from None
        except Dean24Error as exc:
            raise fail(exc, debug) from None
        except Exception as exc:  # a fault of the tool, not of the input: say so plainly
            if debug:
                raise
            raise fail(internal_error(exc)) from None

    return run


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


def _template(paths: list[Path] | None, *, docx: bool) -> Path | None:
    """The analyst's Word (.docx) or Markdown (.j2) template among --template values."""
    for path in paths or []:
        if (path.suffix.lower() == ".docx") == docx:
            return path
    return None


def _period(code: str | None) -> Period | None:
    from dean24.core.periods import parse_code

    return parse_code(code) if code else None


def _parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        from dean24.commands.console import for_terminal

        raise typer.BadParameter(
            f'"{for_terminal(text)}" không phải ngày dạng YYYY-MM-DD.', param_hint="--date"
        ) from None


@app.command()
@reported
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
    period: PeriodCode = None,
    config: ConfigFile = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Tệp ghi chú Markdown cho các phần lãnh đạo, nguyên nhân, nhiệm vụ.",
        ),
    ] = None,
    report_date: ReportDate = None,
    template: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="FILE",
            help="Mẫu riêng thay cho mẫu mặc định: tệp .docx cho Word, tệp .j2 cho Markdown "
            "(dùng hai lần để thay cả hai). Tạo bản sao để sửa bằng dean24 template init.",
        ),
    ] = None,
    store: StoreFile = None,
    templates: TemplatesDir = None,
    feedback: FeedbackDir = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Lập báo cáo từ các sổ Excel: tổng hợp số liệu, so với mục tiêu, ghi Markdown/Word/JSON."""
    from dean24.commands.console import err_console, show_summary
    from dean24.commands.pipeline import ReportSettings, run_report
    from dean24.commands.progress import ReadingProgress

    day = _parse_date(report_date)
    settings = ReportSettings(
        inputs=tuple(inputs),
        outputs=tuple(output or ()),
        period=_period(period),
        config_path=config,
        notes_path=notes,
        report_date=day,
        docx_template=_template(template, docx=True),
        md_template=_template(template, docx=False),
        store_path=store,
        templates=templates,
        feedback=feedback,
    )
    with handle_signals(), ReadingProgress(err_console()) as progress:
        run = run_report(settings, progress=progress)
    if run.warnings and not quiet:
        show_problems(run.warnings, f"Cảnh báo ({len(run.warnings)}):")
    if run.stdout:
        sys.stdout.write(run.stdout)
        sys.stdout.flush()
    if not quiet:
        show_summary(run.model, run.config, [str(p) for p in run.written], templates)


@config_app.command("show")
@reported
def config_show(config: ConfigFile = None) -> None:
    """In cấu hình đang dùng (mặc định hoặc tệp --config)."""
    from dean24.programme.config import default_config_text, load_config, read_config_text

    load_config(config)
    typer.echo(read_config_text(config) if config else default_config_text(), nl=False)


@config_app.command("init")
@reported
def config_init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Nơi ghi bản sao cấu hình mặc định để sửa.")
    ],
    force: Force = False,
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
    from dean24.store.outputs import write_copy

    if province is None:
        write_copy(path, default_config_text().encode("utf-8"), force=force)
        say(f"Đã ghi: {path}")
        return
    from dean24.programme.provinces import build_province_config

    text, _, found = build_province_config(province, default_config_text())
    write_copy(path, text.encode("utf-8"), force=force)
    say(f"Đã ghi: {path}")
    say(
        f"{found.province}: {len(found.units)} đơn vị ({found.kinds()}). Trước khi dùng: rà "
        "soát các mục programme, document và chỉ tiêu; ghi số gốc của mục tiêu phần trăm (chỗ "
        "CẦN BỔ SUNG); thêm các đảng bộ báo cáo không phải xã, phường (đảng ủy trực thuộc tỉnh "
        "ủy) vào [[units]] nếu có."
    )


@config_app.command("keys")
def config_keys() -> None:
    """In bảng mọi khóa của tệp cấu hình: giá trị, mặc định, ý nghĩa (Markdown)."""
    from dean24.programme.config import Config
    from dean24.programme.configkeys import keys_markdown

    typer.echo(keys_markdown(Config), nl=False)


@template_app.command("init")
@reported
def template_init(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="Thư mục ghi bộ mẫu (lời văn, Markdown, Word, README); hoặc một tệp .docx "
            "để chỉ ghi mẫu Word.",
        ),
    ],
    force: Force = False,
) -> None:
    """Ghi bộ mẫu mặc định để sửa, rồi dùng lại bằng --templates <thư mục>."""
    from dean24.words.templates_path import copy_templates

    for written in copy_templates(path, force=force):
        say(f"Đã ghi: {written}")


@app.command()
@reported
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
    config: ConfigFile = None,
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
    templates: TemplatesDir = None,
    report_date: ReportDate = None,
    feedback: FeedbackDir = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Thư mục ghi chú: NOTES/<tên đầu vào>.md là ghi chú của đầu vào đó "
            "(tong_hop.xlsx → tong_hop.md).",
        ),
    ] = None,
    period: PeriodCode = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Lập báo cáo cho mọi đầu vào mới hoặc đã thay đổi trong thư mục (chạy theo lịch); nhật
    ký JSON ghi đủ mọi đầu vào, cả khi --quiet."""
    from dean24.commands.batch import BatchSettings, check_paths, run_batch
    from dean24.commands.batchlog import BatchLog
    from dean24.commands.console import err_console

    where = BatchSettings(
        inbox=inbox,
        out=out,
        formats=tuple(f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip()),
        config_path=config,
        store_path=store,
        docx_template=template,
        templates=templates,
        notes_dir=notes,
        log=log,
        feedback=feedback,
    )
    check_paths(where, log_only=True)  # before the log is opened: it may be a user's file
    try:
        blog = BatchLog(err_console(), log, quiet=quiet)
    except OSError as exc:
        message = f"Không ghi được tệp nhật ký {log} ({exc.strerror or exc})."
        raise UsageError("log_unwritable", message) from None
    day = _parse_date(report_date)
    exit_code = 0
    try:  # every end of the run goes to the log as well as the terminal
        settings = replace(where, report_date=day, period=_period(period))
        with handle_signals():
            outcomes = run_batch(
                settings, on_outcome=blog.on_outcome, on_start=blog.on_start, on_read=blog.on_read
            )
        exit_code = 1 if any(o.status == "failed" for o in outcomes) else 0
    except Interrupted as exc:
        exit_code = exc.exit_code
        blog.write("error", "error", {"code": "interrupted", "message": f"Dừng theo {exc.name}."})
        if not blog.to_stderr:
            show_stopped(exc.name)
        raise typer.Exit(exit_code) from None
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
@reported
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
    config: ConfigFile = None,
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
    debug: Debug = False,
) -> None:
    """Lập biểu báo cáo trống (dạng B) cho từng đơn vị, có kiểm tra số liệu khi nhập."""
    from dean24.commands.console import show_forms
    from dean24.commands.forms import FormSettings, write_forms

    settings = FormSettings(
        out_dir=out_dir,
        period=_period(period),
        config_path=config,
        store_path=store,
        units=tuple(units or ()),
        force=force,
    )
    show_forms(write_forms(settings), out_dir, store)


@app.command()
@reported
def check(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT",
            help="Sổ Excel cần kiểm tra, hoặc thư mục chứa sổ.",
            show_default=False,
        ),
    ],
    config: ConfigFile = None,
    store: StoreFile = None,
    period: PeriodCode = None,
    feedback: FeedbackDir = None,
    debug: Debug = False,
) -> None:
    """Kiểm tra biểu trước khi gửi: in số liệu đọc được và mọi lỗi kèm ô; chỉ ghi tệp khi có
    --feedback."""
    from dean24.commands.check import CheckSettings, render_text, run_check

    settings = CheckSettings(
        inputs=tuple(inputs),
        config_path=config,
        store_path=store,
        period=_period(period),
        feedback=feedback,
    )
    result = run_check(settings)
    sys.stdout.write(render_text(result))
    raise typer.Exit(0 if result.accepted else 1)


@app.command()
@reported
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
    store: HistoryFile = Path("dean24.sqlite"),
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
    say(describe(done, chosen))


@app.command()
def schema() -> None:
    """In lược đồ JSON (JSON Schema, Draft 2020-12) của tệp báo cáo .json."""
    import json

    from dean24.render.contract import report_schema

    typer.echo(json.dumps(report_schema(), ensure_ascii=False, indent=2))


@app.command()
@reported
def history(
    store: HistoryFile = Path("dean24.sqlite"),
    config: ConfigFile = None,
    templates: TemplatesDir = None,
) -> None:
    """Liệt kê các kỳ đã lưu và diễn biến từng chỉ tiêu qua các kỳ."""
    from dean24.commands.console import show_history
    from dean24.programme.config import load_config
    from dean24.store.history import stored_totals

    stored = stored_totals(store)
    show_history(stored, load_config(config), templates)


def main() -> None:
    """Entry point of the `dean24` command."""
    from dean24.commands.console import utf8_streams

    # A run makes many long-lived objects (imported modules, parsed workbooks, XML trees) and
    # few cycles: collecting the youngest generation every 700 allocations cost about a tenth
    # of a short report's time. Collections stay, less often (as mypy does).
    gc.set_threshold(20_000, 50, 50)
    utf8_streams()
    app()
