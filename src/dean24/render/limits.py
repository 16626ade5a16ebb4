"""Run the analyst's Jinja templates with bounds: the size of every string or list they build,
ranges, powers, format widths, the size of the output and the time taken.

A template is the analyst's code: `{{ 'x' * 10**9 }}` or two nested `range` loops must end in
a clear error naming the template and its line, not in gigabytes or an endless run.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from dean24.text import format_int

MAX_SIZE = 1_000_000  # characters of a string, items of a list, that a template builds
MAX_RANGE = 100_000  # items of one range()
MAX_POWER_BITS = 10_000  # size of a number a template computes with **
MAX_OUTPUT = 20_000_000  # characters a template writes
MAX_BUILT = 100_000_000  # characters and items of all the strings and lists a template builds
TIME_LIMIT = 5.0  # seconds a template may take (the shipped one takes a few milliseconds)
_TICK_EVERY = 1_000  # range items between two clock checks

# A width or precision of a million or more, or one taken from an argument ('*', '{}').
_WIDE = re.compile(r"\d{7,}")
_PERCENT_STAR = re.compile(r"%[-+ #0]*\*|%[-+ #0]*\d*\.\*")
_NESTED_FIELD = re.compile(r"\{[^{}]*:[^{}]*\{")


class TemplateLimit(Exception):
    """A template went beyond one of the bounds; the message says which, in Vietnamese."""


class TemplateTimeout(Exception):
    """Raised into the rendering thread when the template ran out of time."""


def _sized(value: Any) -> int:
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        return len(value)
    return 0


def _check_size(value: Any) -> Any:
    if _sized(value) > MAX_SIZE:
        raise TemplateLimit(
            f"mẫu tạo ra một chuỗi hoặc danh sách dài {format_int(_sized(value))} phần tử, vượt "
            f"giới hạn {format_int(MAX_SIZE)}"
        )
    return value


def _check_count(number: Any) -> None:
    if isinstance(number, int) and not isinstance(number, bool) and abs(number) > MAX_SIZE:
        raise TemplateLimit(
            f"mẫu dùng số {number} làm độ dài hay số lần lặp, vượt giới hạn {MAX_SIZE:,}".replace(
                ",", "."
            )
        )


def _check_format(text: Any) -> None:
    if isinstance(text, str) and (
        _WIDE.search(text) or _PERCENT_STAR.search(text) or _NESTED_FIELD.search(text)
    ):
        raise TemplateLimit(
            "mẫu dùng chuỗi định dạng có độ rộng quá lớn hoặc lấy độ rộng từ tham số"
        )


class LimitedEnvironment(SandboxedEnvironment):
    """A sandbox that also bounds sizes and time (see the module's constants)."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.globals["range"] = self._range
        self.total = 0
        self.filters = {name: _bounded_filter(self, name, f) for name, f in self.filters.items()}

    def built(self, value: Any) -> Any:
        """value, once checked against MAX_SIZE and, with all the template built before it,
        against MAX_BUILT (which bounds the memory of a template that only loops)."""
        _check_size(value)
        self.total += _sized(value)
        if self.total > MAX_BUILT:
            raise TemplateLimit(
                f"mẫu tạo ra tổng cộng hơn {format_int(MAX_BUILT)} ký tự hay phần tử, vượt giới hạn"
            )
        return value

    def tick(self) -> None:
        """Stop a template that has run out of time."""
        if time.monotonic() > self.deadline:
            raise TemplateTimeout()

    def _range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(
                f"range() của mẫu có {len(numbers):,} số, vượt giới hạn {MAX_RANGE:,}".replace(
                    ",", "."
                )
            )
        for index, number in enumerate(numbers):
            if index % _TICK_EVERY == 0:
                self.tick()
            yield number

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (
                    _sized(sequence)
                    and isinstance(count, int)
                    and _sized(sequence) * max(count, 0) > MAX_SIZE
                ):
                    raise TemplateLimit(
                        f"mẫu nhân một chuỗi hay danh sách lên {format_int(count)} lần, vượt "
                        f"giới hạn {format_int(MAX_SIZE)} phần tử"
                    )
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and max(abs(left), 2).bit_length() * right > MAX_POWER_BITS:
                raise TemplateLimit(f"mẫu tính lũy thừa {left} ** {right}, một số quá lớn")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return self.built(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        if isinstance(getattr(__obj, "__self__", None), str | bytes | list | tuple | dict):
            for value in (*args, *kwargs.values()):
                _check_count(value)
        return __self.built(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return _check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return _check_size(super().getitem(obj, argument))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped


# Filters whose numbers say how long their result is.
_SIZING_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}


def _bounded_filter(
    environment: LimitedEnvironment, name: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    """A filter that refuses a width beyond MAX_SIZE or a wide format, and a result beyond
    MAX_SIZE."""

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name in _SIZING_FILTERS:
            for value in (*args, *kwargs.values()):
                _check_count(value)
        if name == "format":
            for value in args:
                _check_format(value)
        return environment.built(function(*args, **kwargs))

    return bounded


def bounded_output(pieces: Iterable[str], environment: LimitedEnvironment) -> str:
    """Join a template's output, stopping once it passes MAX_OUTPUT characters."""
    out: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_OUTPUT:
            raise TemplateLimit(f"mẫu viết ra hơn {format_int(MAX_OUTPUT)} ký tự, vượt giới hạn")
        environment.tick()
        out.append(piece)
    return "".join(out)


@contextmanager
def time_limit(environment: LimitedEnvironment, seconds: float | None = None) -> Iterator[None]:
    """Bound the time of the rendering in the block (TIME_LIMIT unless given): the
    environment's own checks stop most templates; a loop that calls nothing is stopped by
    raising TemplateTimeout into it."""
    seconds = TIME_LIMIT if seconds is None else seconds
    environment.deadline = time.monotonic() + seconds
    environment.total = 0
    thread = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread), ctypes.py_object(TemplateTimeout)
            )

    timer = threading.Timer(seconds + 0.5, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        environment.deadline = float("inf")
        if state["fired"]:  # not raised yet: withdraw it
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None)


def limit_message(exc: BaseException) -> tuple[str, str]:
    """The code and Vietnamese sentence for a template stopped by a bound."""
    if isinstance(exc, TemplateTimeout):
        return "template_too_slow", (
            f"mẫu chạy quá {TIME_LIMIT:g} giây (có thể do vòng lặp lồng nhau hoặc vô tận)"
        )
    if isinstance(exc, RecursionError):
        return "template_recursion", "mẫu gọi đệ quy quá sâu (một macro gọi lại chính nó)"
    if isinstance(exc, MemoryError):
        return "template_too_large", "mẫu cần quá nhiều bộ nhớ"
    return "template_too_large", str(exc)
