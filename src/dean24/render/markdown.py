"""Markdown output, laid out by a Jinja template (templates/report.md.j2)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from dean24.core.errors import Location, TemplateError
from dean24.words.bytecode import use_cache
from dean24.words.document import ReportDocument
from dean24.words.limits import (
    LimitedEnvironment,
    TemplateLimit,
    TemplateTimeout,
    bounded_output,
    stopped,
    time_limit,
)
from dean24.words.loader import ConfinedLoader
from dean24.words.templates_path import is_shipped, templates_dir

TEMPLATE_NAME = "report.md.j2"


# Each character that would start markup, with the backslash that keeps it literal.
_MARKUP = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#"})


def _md_escape(text: str) -> str:
    """Keep text literal in Markdown: escape characters that would start markup."""
    return str(text).translate(_MARKUP)


def _md_row(cells: list[str]) -> str:
    """A table row: its cells kept literal, between pipes (one call for a row: the unit table
    of 20.000 units has 360.000 cells)."""
    return "| " + " | ".join(_md_escape(cell) for cell in cells) + " |"


def template_line(exc: BaseException, name: str) -> int | None:
    """The line of the template where Jinja raised exc (Jinja maps template frames to it)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def environment(folder: Path) -> LimitedEnvironment:
    env = LimitedEnvironment(
        loader=ConfinedLoader([folder]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md_escape
    env.filters["md_row"] = _md_row
    return use_cache(env)


def render_markdown(document: ReportDocument, template: Path | None = None) -> str:
    """The report as Markdown text."""
    # A template given by its path is the file it leads to; what it includes comes from
    # that file's folder, and from nowhere else.
    real = template.resolve() if template else None
    folder, name = (real.parent, real.name) if real else (templates_dir(), TEMPLATE_NAME)
    env = environment(folder)
    try:
        with time_limit(env):
            return bounded_output(env.get_template(name).generate(doc=document), env)
    except (TemplateLimit, TemplateTimeout, RecursionError, MemoryError) as exc:
        line = template_line(exc, name)
        if isinstance(exc, TemplateLimit) and exc.filename:  # while compiling
            line = exc.lineno
        code, message = stopped(exc, line, shipped=template is None or is_shipped(template))
        raise TemplateError(code, message, Location(file=str(template or name))) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            "template_syntax",
            f"Mẫu báo cáo sai cú pháp ở dòng {exc.lineno}: {exc.message}",
            Location(file=str(template or name)),
        ) from None
    except jinja2.UndefinedError as exc:
        line = template_line(exc, name)
        raise TemplateError(
            "template_undefined",
            f"Mẫu báo cáo dùng một tên không có{f' ở dòng {line}' if line else ''}: "
            f"{exc.message}. Sửa lại tên trong mẫu.",
            Location(file=str(template or name)),
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            "template_unsafe",
            f"Mẫu báo cáo dùng một thao tác không được phép: {exc}.",
            Location(file=str(template or name)),
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(
            "template_invalid",
            "Mẫu Markdown phải là văn bản UTF-8 (tệp .j2); mẫu Word thì dùng tệp .docx.",
            Location(file=str(template or name)),
        ) from None
    except jinja2.TemplateNotFound:
        raise TemplateError(
            "template_not_found", "Không tìm thấy mẫu báo cáo.", Location(file=name)
        ) from None
