"""Run the analyst's Jinja templates with bounds: the size of a template and the time taken to
compile it, the size of every string or list they build (judged before it is built where the
operation says how long its result will be), ranges, powers, format widths, the size of the
output and the time taken.

A template is the analyst's code: `{{ 'x' * 10**9 }}`, `{{ ([s] * 2500)|join }}`, 100.000
empty tags or two nested `range` loops must end in a clear error naming the template and its
line, not in gigabytes or an endless run.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment

from dean24.core.text import format_int

MAX_SIZE = 1_000_000  # characters of a string, items of a list, that a template builds
MAX_RANGE = 100_000  # items of one range()
MAX_POWER_BITS = 10_000  # size of a number a template computes with **
MAX_OUTPUT = 20_000_000  # characters a template writes
MAX_BUILT = 100_000_000  # characters and items of all the strings and lists a template builds
TIME_LIMIT = 5.0  # seconds a template may take (the shipped one takes a few milliseconds)
# What one template may hold: characters of its source (a Word template's is its document's
# XML) and tokens of Jinja (the largest shipped template, cau_chu.j2, has about 4.200; compiling
# takes time and memory in proportion: 100.000 empty tags took 14 s and 1,45 GB).
MAX_SOURCE = 2_000_000
MAX_TOKENS = 25_000
# Jinja tags that open a block closed by end<name>, and the deepest nesting allowed: Python
# compiles at most 20 blocks nested statically, and Jinja writes some tags as two.
_BLOCK_TAGS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape"})
MAX_DEPTH = 12
MAX_BRACKETS = 50  # brackets nested in one expression
_TICK_EVERY = 1_000  # range items between two clock checks

# A width or precision of a million or more, or one taken from an argument ('*', '{}').
_WIDE = re.compile(r"\d{7,}")
_PERCENT_STAR = re.compile(r"%[-+ #0]*\*|%[-+ #0]*\d*\.\*")
_NESTED_FIELD = re.compile(r"\{[^{}]*:[^{}]*\{")


class TemplateLimit(Exception):
    """A template went beyond one of the bounds; the message says which, in Vietnamese, and
    lineno and filename the line and file of the template when they are known (while
    compiling)."""

    def __init__(
        self,
        message: str,
        lineno: int | None = None,
        filename: str | None = None,
        code: str = "template_too_large",
    ) -> None:
        super().__init__(message)
        self.lineno = lineno
        self.filename = filename
        self.code = code


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


def _refuse_predicted(size: int, what: str) -> None:
    """Refuse, before building it, a result that would be size characters or items long."""
    if size > MAX_SIZE:
        raise TemplateLimit(
            f"mẫu {what} dài {format_int(size)} ký tự, vượt giới hạn {format_int(MAX_SIZE)}"
        )


def _text_length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _check_join(separator: Any, items: list[Any]) -> None:
    """A join of items: the sum of the strings' lengths and the separators, before joining."""
    size = len(str(separator)) * max(len(items) - 1, 0) if isinstance(separator, str) else 0
    for item in items:
        size += _text_length(item)
        if size > MAX_SIZE:
            break
    _refuse_predicted(size, "nối các chuỗi thành một chuỗi")


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    """A replacement: each occurrence of old grows the text by len(new) - len(old)."""
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    if len(new) <= len(old):
        return
    times = len(text) + 1 if not old else text.count(old)
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        times = min(times, count)
    _refuse_predicted(len(text) + times * (len(new) - len(old)), "thay thế ra một chuỗi")


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
    # The code Jinja writes joins `a ~ b` through bounded_concat(); a change here must change the
    # bytecode cache's kind (words/bytecode.py reads it).
    code_version = "concat-1"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code_generator_class = _BoundedCodeGenerator
        self.deadline = float("inf")
        self.globals["range"] = self._range
        self.total = 0
        self.filters = {name: _bounded_filter(self, name, f) for name, f in self.filters.items()}

    # -- compiling: the source's size, its tokens, the time taken and the nesting

    def _tokenize(
        self,
        source: str,
        name: str | None,
        filename: str | None = None,
        state: str | None = None,
    ) -> TokenStream:
        check_source(source, filename or name)
        stream = super()._tokenize(source, name, filename, state)
        return TokenStream(_counted(stream, filename or name), name, filename)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            return super()._parse(source, name, filename)
        except RecursionError:
            raise TemplateLimit(_TOO_DEEP, None, filename or name, _DEEP) from None

    def _compile(self, source: str, filename: str) -> Any:
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError):
            # Python allows 20 blocks (for, if, with) nested statically, and bounds the
            # depth of an expression.
            raise TemplateLimit(_TOO_DEEP, None, filename, _DEEP) from None

    def bounded_concat(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> Any:
        """`a ~ b ~ c`, its length judged before it is joined."""
        _refuse_predicted(sum(_text_length(part) for part in parts), "nối các chuỗi bằng ~ ra")
        return self.built(join(parts))

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
        if time.thread_time() > self.deadline:
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
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str | bytes | list | tuple | dict):
            for value in (*args, *kwargs.values()):
                _check_count(value)
            if isinstance(owner, str):
                _check_method(owner, getattr(__obj, "__name__", ""), args)
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if isinstance(__obj, Macro):
            # What a macro gives back is text the template writes: bounded like the output.
            if _sized(result) > MAX_OUTPUT:
                raise TemplateLimit(
                    f"một macro của mẫu viết ra hơn {format_int(MAX_OUTPUT)} ký tự, vượt giới hạn"
                )
            __self.total += _sized(result)
            return result
        return __self.built(result)

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
        if name == "join" and len(args) >= 2:
            # (eval_ctx, value, d="", attribute=None): the items listed once, then judged.
            items = list(args[1])
            _check_size(items)
            separator = args[2] if len(args) > 2 else kwargs.get("d", "")
            if len(args) < 4 and kwargs.get("attribute") is None:
                _check_join(separator, items)
            args = (args[0], items, *args[2:])
        elif name == "replace" and len(args) >= 4:
            # (eval_ctx, s, old, new, count=None)
            count = args[4] if len(args) > 4 else kwargs.get("count")
            _check_replace(args[1], args[2], args[3], -1 if count is None else count)
        elif name == "indent" and args and isinstance(args[0], str):
            width = args[1] if len(args) > 1 else kwargs.get("width", 4)
            each = len(width) if isinstance(width, str) else width
            if isinstance(each, int) and each > 0:
                _refuse_predicted(len(args[0]) + args[0].count("\n") * each, "thụt lề ra")
        return environment.built(function(*args, **kwargs))

    return bounded


def check_source(source: str, filename: str | None = None) -> None:
    """Refuse, before it is lexed, a template longer than MAX_SOURCE characters or with more
    tags than MAX_TOKENS tokens could hold (a tag is at least three: its start, a name or
    value, its end)."""
    if len(source) > MAX_SOURCE:
        raise TemplateLimit(
            f"mẫu dài {format_int(len(source))} ký tự, vượt giới hạn "
            f"{format_int(MAX_SOURCE)} ký tự cho một mẫu",
            filename=filename,
        )
    tags = source.count("{%") + source.count("{{") + source.count("{#")
    if tags * 3 > MAX_TOKENS:
        raise TemplateLimit(
            f"mẫu có {format_int(tags)} thẻ Jinja, vượt giới hạn {format_int(MAX_TOKENS // 3)} "
            "thẻ cho một mẫu",
            filename=filename,
        )


_DEEP = "template_too_deep"
_TOO_DEEP = (
    f"mẫu lồng các khối (for, if, macro…) quá {MAX_DEPTH} tầng hoặc các dấu ngoặc quá "
    f"{MAX_BRACKETS} tầng"
)


def _check_method(text: str, method: str, args: tuple[Any, ...]) -> None:
    """Judge a string method's result from its arguments before it is built."""
    if method == "join" and args:
        items = list(args[0]) if not isinstance(args[0], list | tuple) else args[0]
        _check_size(items)
        _check_join(text, list(items))
    elif method == "replace" and len(args) >= 2:
        _check_replace(text, args[0], args[1], args[2] if len(args) > 2 else -1)
    elif method == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        _refuse_predicted(len(text) + text.count("\t") * max(size, 0), "đổi tab ra")


def _counted(stream: Iterable[Token], filename: str | None) -> Iterator[Token]:
    """A template's tokens, stopping once they pass MAX_TOKENS, nest deeper than MAX_DEPTH
    blocks or MAX_BRACKETS brackets, or compiling passes TIME_LIMIT."""
    deadline = time.thread_time() + TIME_LIMIT
    depth = brackets = 0
    tag_opened = False
    for count, token in enumerate(stream, start=1):
        if count > MAX_TOKENS:
            raise TemplateLimit(
                f"mẫu có hơn {format_int(MAX_TOKENS)} thành phần Jinja (thẻ, tên, phép tính), "
                "vượt giới hạn cho một mẫu",
                token.lineno,
                filename,
            )
        if count % _TICK_EVERY == 0 and time.thread_time() > deadline:
            raise TemplateLimit(f"dịch mẫu mất quá {TIME_LIMIT:g} giây", token.lineno, filename)
        if tag_opened and token.type == "name":
            if token.value in _BLOCK_TAGS:
                depth += 1
            elif token.value.startswith("end") and token.value[3:] in _BLOCK_TAGS:
                depth -= 1
        elif token.type in ("lparen", "lbracket", "lbrace"):
            brackets += 1
        elif token.type in ("rparen", "rbracket", "rbrace"):
            brackets -= 1
        if depth > MAX_DEPTH or brackets > MAX_BRACKETS:
            raise TemplateLimit(_TOO_DEEP, token.lineno, filename, _DEEP)
        tag_opened = token.type == "block_begin"
        yield token


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `a ~ b` joined through the environment's bounded_concat()."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


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


def _cpu_clock(thread: int) -> Callable[[], float]:
    """The CPU time of a thread, read from another; wall time where the system has no such
    clock."""
    try:
        clock = time.pthread_getcpuclockid(thread)
    except (AttributeError, OSError):
        return time.monotonic
    return lambda: time.clock_gettime(clock)


class _Watch:
    """One rendering under the watchdog: its thread, that thread's CPU clock at the start,
    the seconds it may take, and whether TemplateTimeout was raised into it."""

    __slots__ = ("clock", "fired", "seconds", "started", "thread")

    def __init__(self, thread: int, clock: Callable[[], float], seconds: float) -> None:
        self.thread = thread
        self.clock = clock
        self.started = clock()
        self.seconds = seconds
        self.fired = False


_WATCH_EVERY = 0.1  # seconds between two looks of the watchdog

# The watchdog: a thread for each rendering, or one for all the renderings of a block under
# watching() (a report renders about a hundred templates; a thread started for each cost more
# than most of them take).
_watch_lock = threading.Condition()  # guards what follows and each watch's fired
_watched: set[_Watch] = set()
_blocks = 0  # watching() blocks open
_watchdog: tuple[threading.Thread, threading.Event] | None = None


def _watch_all(stop: threading.Event) -> None:
    """Until stop, every _WATCH_EVERY seconds, raise TemplateTimeout into each rendering that
    has run past its time (with half a second to spare for the environment's own checks)."""
    with _watch_lock:
        while not stop.is_set():
            _watch_lock.wait(_WATCH_EVERY)
            for watch in list(_watched):
                if watch.clock() - watch.started > watch.seconds + 0.5:
                    watch.fired = True
                    _watched.discard(watch)
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(
                        ctypes.c_ulong(watch.thread), ctypes.py_object(TemplateTimeout)
                    )


@contextmanager
def watching() -> Iterator[None]:
    """One watchdog for every rendering in the block, whatever its thread; it is stopped and
    waited for at the end, so no thread of it outlives the block (the reader forks its workers
    only from a process with no other thread)."""
    global _blocks, _watchdog
    with _watch_lock:
        _blocks += 1
        if _watchdog is None:
            stop = threading.Event()
            thread = threading.Thread(target=_watch_all, args=(stop,), daemon=True)
            thread.start()
            _watchdog = (thread, stop)
    try:
        yield
    finally:
        with _watch_lock:
            _blocks -= 1
            ending, last = _watchdog, _blocks == 0
            if last:
                _watchdog = None
                if ending is not None:
                    ending[1].set()
                    _watch_lock.notify_all()
        if last and ending is not None:
            ending[0].join()


def _forget_watchdog() -> None:
    """In a forked child: no watchdog runs there, and the lock may have been held at the fork."""
    global _watch_lock, _blocks, _watchdog
    _watch_lock = threading.Condition()
    _watched.clear()
    _blocks = 0
    _watchdog = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_watchdog)


@contextmanager
def time_limit(environment: LimitedEnvironment, seconds: float | None = None) -> Iterator[None]:
    """Bound the time of the rendering in the block (TIME_LIMIT unless given), in CPU time of
    the rendering thread, so that a busy machine does not stop a template that does little
    work: the environment's own checks stop most templates; a loop that calls nothing is
    stopped by the watchdog raising TemplateTimeout into it (the watchdog of the watching()
    block around, else one for this rendering)."""
    seconds = TIME_LIMIT if seconds is None else seconds
    environment.deadline = time.thread_time() + seconds
    environment.total = 0
    thread = threading.get_ident()
    watch = _Watch(thread, _cpu_clock(thread), seconds)
    with watching():
        with _watch_lock:
            _watched.add(watch)
        try:
            yield
        finally:
            with _watch_lock:
                _watched.discard(watch)
            environment.deadline = float("inf")
            if watch.fired:  # not raised yet: withdraw it
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
    if isinstance(exc, TemplateLimit):
        return exc.code, str(exc)
    return "template_too_large", str(exc)


def stopped(
    exc: BaseException, line: int | None, *, shipped: bool, what: str = "Mẫu báo cáo"
) -> tuple[str, str]:
    """The code and message of a template stopped by a bound: the analyst's template (what
    names it) is to be fixed; a shipped one met a report too large for it, which no template
    of the user's caused."""
    code, why = limit_message(exc)
    at = f" ở dòng {line}" if line else ""
    if shipped:
        return "report_too_large", (
            f"Báo cáo quá lớn để viết ra bằng mẫu có sẵn của dean24{at}: {why}. Chia báo cáo "
            "thành nhiều lần lập (mỗi lần một phần các đơn vị) rồi chạy lại."
        )
    return code, f"{what} bị dừng{at}: {why}. Sửa lại mẫu."
