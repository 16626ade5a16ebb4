"""The terminal: UTF-8 standard streams on every platform, and the rich consoles on them."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


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
