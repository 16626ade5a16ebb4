"""Mistakes on the command line (an unknown option, a missing argument) told in Vietnamese.

Click, under typer, words these in English; the tool's own messages are Vietnamese, and one
line must not mix the two. `VietnameseGroup` runs the command as Click would, catches Click's
usage errors and says them again, one language per line, exit code 2 as before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from dean24.core.errors import UsageError


def _click_class(name: str) -> type[Exception]:
    """Click's exception classes, wherever this typer keeps Click (its own copy since 0.26)."""
    for kind in typer.BadParameter.__mro__:
        if kind.__name__ == name:
            return kind
    raise LookupError(name)  # pragma: no cover - every Click has these


CLICK_EXCEPTION = _click_class("ClickException")
USAGE_ERROR = _click_class("UsageError")


def _param_name(param: Any) -> str:
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        return "/".join(param.opts)
    metavar = getattr(param, "metavar", None)
    return str(metavar or (param.name or "").upper())


def vietnamese(error: Any) -> str:
    """The error's message in Vietnamese."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    if kind == "NoSuchOption":
        text = f"Không có tùy chọn {error.option_name}."
        if error.possibilities:
            text += " Có phải " + " hoặc ".join(sorted(error.possibilities)) + "?"
        return text
    if kind == "MissingParameter":
        name = _param_name(error.param)
        what = "tùy chọn" if getattr(error.param, "param_type_name", "") == "option" else "đối số"
        return f"Thiếu {what} {name}." if name else "Thiếu một đối số."
    if kind == "BadParameter":
        hint = error.param_hint
        name = _param_name(error.param) or (hint if isinstance(hint, str) else "")
        return f"Giá trị không hợp lệ cho {name}: {message}" if name else message
    if kind == "BadOptionUsage" and "requires an argument" in message:
        return f"Tùy chọn {error.option_name} cần một giá trị."
    if match := re.match(r"No such command '(.+)'\.", message):
        return f"Không có lệnh {match.group(1)}."
    if match := re.match(r"Got unexpected extra arguments? \((.+)\)", message):
        return f"Thừa đối số: {match.group(1)}."
    if match := re.match(r"Option '(.+)' does not take a value\.", message):
        return f"Tùy chọn {match.group(1)} không nhận giá trị."
    return message


def show_usage_error(error: Any) -> None:
    """Usage line, the error, and where to find help, each line in one language."""
    ctx = getattr(error, "ctx", None)
    lines = []
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append(usage.replace("Usage:", "Cách dùng:", 1))
        lines.append(f"Xem: {ctx.command_path} -h")
    lines.append(UsageError("usage_error", vietnamese(error)).line())
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


class VietnameseGroup(TyperGroup):
    """The `dean24` group: Click's usage errors in Vietnamese, everything else as before."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except CLICK_EXCEPTION as error:
            if type(error).__name__ == "NoArgsIsHelpError" or not isinstance(error, USAGE_ERROR):
                error.show()  # type: ignore[attr-defined]
            else:
                show_usage_error(error)
            sys.exit(error.exit_code)  # type: ignore[attr-defined]
        except typer.Abort:
            sys.stderr.write("Đã dừng.\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)
