"""The templates of words (.j2): the one Jinja environment they are rendered in (sandboxed,
bounded in time and size, strict about names, loaded only from inside their folders) and the
one translation of Jinja's errors into TemplateError naming the file and line. The narrative
and the Markdown renderer both use it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2

from dean24.core.errors import Location, TemplateError
from dean24.words.bytecode import use_cache
from dean24.words.limits import (
    LimitedEnvironment,
    TemplateLimit,
    TemplateTimeout,
    stopped,
    time_limit,
)
from dean24.words.loader import ConfinedLoader
from dean24.words.templates_path import is_shipped


def environment(
    folders: list[Path],
    filters: Mapping[str, Callable[..., Any]],
    *,
    globals: Mapping[str, Any] | None = None,
    extensions: tuple[str, ...] = (),
) -> LimitedEnvironment:
    """A sandboxed, bounded, strict environment over folders (the first holding a name wins),
    with the given filters and globals; compiled templates are cached."""
    env = LimitedEnvironment(
        loader=ConfinedLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=list(extensions),
    )
    env.filters.update(filters)
    env.globals.update(globals or {})
    return use_cache(env)


def template_line(exc: BaseException) -> tuple[str, int | None]:
    """The template file and line where Jinja raised exc (Jinja maps a template's frames to
    its file and line); the innermost .j2 frame."""
    found: tuple[str, int | None] = ("", None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


@contextmanager
def template_errors(
    default: str, env: LimitedEnvironment | None = None, *, given: Path | None = None
) -> Iterator[None]:
    """Turn Jinja's errors into TemplateError naming the file and line; with env, the
    rendering in the block is also bounded in time. default: the template's name when Jinja
    names none; given: a template file as the user named it, named so in every error."""

    def where(name: str) -> Location:
        if given is not None:
            return Location(file=str(given))
        shipped = is_shipped(name)
        return Location(file=Path(name).name if shipped else name)

    try:
        if env is None:
            yield
        else:
            with time_limit(env):
                yield
    except (TemplateLimit, TemplateTimeout, RecursionError, MemoryError) as exc:
        name, line = template_line(exc)
        if isinstance(exc, TemplateLimit) and exc.filename:  # while compiling
            name, line = exc.filename, exc.lineno
        name = name or default
        code, message = stopped(exc, line, shipped=is_shipped(given or name))
        raise TemplateError(code, message, where(name)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            "template_syntax",
            f"Mẫu báo cáo sai cú pháp ở dòng {exc.lineno}: {exc.message}",
            where(exc.filename or exc.name or default),
        ) from None
    except jinja2.UndefinedError as exc:
        name, line = template_line(exc)
        raise TemplateError(
            "template_undefined",
            f"Mẫu báo cáo dùng một tên không có{f' ở dòng {line}' if line else ''}: "
            f"{exc.message}. Sửa lại tên trong mẫu.",
            where(name or default),
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        name, line = template_line(exc)
        raise TemplateError(
            "template_unsafe",
            f"Mẫu báo cáo dùng một thao tác không được phép"
            f"{f' ở dòng {line}' if line else ''}: {exc}.",
            where(name or default),
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            "template_not_found",
            "Không tìm thấy mẫu báo cáo.",
            where(str(exc.name)),
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(
            "template_invalid",
            "Mẫu phải là văn bản UTF-8 (tệp .j2); mẫu Word thì dùng tệp .docx.",
            where(default),
        ) from None
    except (TypeError, ValueError, ZeroDivisionError, AttributeError, KeyError) as exc:
        name, line = template_line(exc)
        if not name:
            raise
        raise TemplateError(
            "template_render", f"Mẫu báo cáo lỗi ở dòng {line}: {exc}.", where(name)
        ) from None
