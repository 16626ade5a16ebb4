"""The terminal: UTF-8 standard streams on every platform, and the rich consoles on them."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


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
