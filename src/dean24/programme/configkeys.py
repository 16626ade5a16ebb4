"""TOML tables read into the frozen dataclasses that declare them, every mistake with its line.

A configuration key is declared once, as a dataclass field made with `key`: its TOML name,
type, default, range and meaning. `read_tables` builds the objects from parsed TOML and
reports every mistake of the file together (an unknown or misspelt key, a wrong type, a
missing key, a number out of range, a placeholder the text does not know, and what each
table's own `findings` say), each with its key path and line; `describe_keys` lists the same
keys for the documentation (`dean24 config keys`).
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
import re
import string
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from dean24.core.errors import ConfigError, Gathered, Location, Problem
from dean24.core.text import format_int, format_number, nfc

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A mistake a table's own check finds: its key path (from the table), why, and code."""

    key: KeyPath
    why: str
    code: str = "config_invalid"


@dataclass(frozen=True)
class Spec:
    """What a field declares beyond its type and default."""

    doc: str
    toml: str = ""  # the TOML name when it differs from the field's ("from")
    low: float | None = None  # at least
    high: float | None = None  # at most
    above: float | None = None  # more than
    same_as: str = ""  # missing or blank: the value of this other key ("short" → "name")
    keep_spaces: bool = False  # NFC only; runs of spaces are kept ("Số     -BC/BCĐ")
    placeholders: tuple[str, ...] | None = None  # the {fields} a format string may use
    min_items: int = 0
    max_items: int | None = None


def key(
    doc: str,
    default: Any = dataclasses.MISSING,
    *,
    factory: Callable[[], Any] | None = None,
    **spec: Any,
) -> Any:
    """A dataclass field that is a configuration key: doc says what it means (Vietnamese);
    without a default (or same_as) the key is required."""
    metadata = {"key": Spec(doc, **spec)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


class ConfigInvalid(Gathered, ConfigError):
    """Every mistake of a configuration file, reported together."""


@dataclass(frozen=True)
class _Kind:
    """One type a key's value may have: 'tables' (an array of tables of the dataclass of),
    'table', 'texts' (a string or a list of them), 'choice' (one of the strings of), 'str',
    'int', 'float', 'bool' or 'date'."""

    name: str
    of: Any = None


def _kind(hint: Any) -> _Kind:
    if typing.get_origin(hint) is Literal:
        return _Kind("choice", typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return _Kind("tables", item) if _is_table(item) else _Kind("texts")
    if _is_table(hint):
        return _Kind("table", hint)
    names = {str: "str", int: "int", float: "float", bool: "bool", datetime.date: "date"}
    return _Kind(names[hint])


def _is_table(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


@dataclass(frozen=True)
class _Field:
    name: str
    toml: str
    kinds: tuple[_Kind, ...]  # a union's types, without None (a TOML file has no null)
    spec: Spec
    required: bool
    blank_ok: bool  # a text with a text default may be blank (draft_mark = "": none)
    default: Any


@cache
def _fields(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    found = []
    for field in dataclasses.fields(cls):
        spec = field.metadata.get("key")
        if spec is None:
            continue  # not a key of the file (e.g. where the configuration came from)
        if field.default is not dataclasses.MISSING:
            default: Any = field.default
        elif field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        else:
            default = dataclasses.MISSING
        hint = hints[field.name]
        branches = (hint,)
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            branches = tuple(a for a in typing.get_args(hint) if a is not type(None))
        found.append(
            _Field(
                name=field.name,
                toml=spec.toml or field.name,
                kinds=tuple(_kind(b) for b in branches),
                spec=spec,
                required=default is dataclasses.MISSING and not spec.same_as,
                blank_ok=isinstance(default, str) or bool(spec.same_as),
                default=default,
            )
        )
    return tuple(found)


@cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.toml for f in _fields(cls))


class _Wrong(Exception):
    """A value that is not what its key needs; the message says what it needs."""


def _shown(bound: float) -> str:
    return format_int(int(bound)) if float(bound).is_integer() else format_number(bound, 2)


def _in_range(value: float, spec: Spec) -> float:
    if spec.low is not None and value < spec.low:
        raise _Wrong(f"cần một số không nhỏ hơn {_shown(spec.low)}")
    if spec.above is not None and value <= spec.above:
        raise _Wrong(f"cần một số lớn hơn {_shown(spec.above)}")
    if spec.high is not None and value > spec.high:
        raise _Wrong(f"cần một số không lớn hơn {_shown(spec.high)}")
    return value


def _placeholders(text: str, allowed: tuple[str, ...]) -> str | None:
    """Why a format string is refused: a field it does not document, or a format spec."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return "dấu { hoặc } không khớp (viết {{ hoặc }} để in chính dấu đó)"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            return f"chỗ thay {{{name}}} không có; chỉ dùng được " + ", ".join(
                f"{{{a}}}" for a in allowed
            )
        if spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"chỗ thay {{{written}}} không được kèm định dạng; viết {{{name}}}"
    return None


def _choices(options: Iterable[Any]) -> str:
    quoted = [f'"{o}"' for o in options]
    return ", ".join(quoted[:-1]) + " hoặc " + quoted[-1] if len(quoted) > 1 else quoted[0]


def _needs(kind: _Kind) -> str:
    """What a value of the kind is, in words ('một số nguyên')."""
    if kind.name == "choice":
        return _choices(kind.of)
    return {
        "tables": "một danh sách bảng [[...]]",
        "table": "một bảng [...]",
        "texts": "một chuỗi hoặc một danh sách chuỗi",
        "str": "một chuỗi văn bản (trong dấu ngoặc kép)",
        "int": "một số nguyên",
        "float": "một số",
        "bool": "true hoặc false",
        "date": "một ngày dạng 2022-10-21 (không kèm giờ)",
    }[kind.name]


class _Reading:
    """One reading of a file: the problems found so far, and the file's key lines."""

    def __init__(self, text: str, source: str) -> None:
        self.text, self.source = text, source
        self.found: list[tuple[KeyPath, str, str]] = []

    def fail(self, path: KeyPath, why: str, code: str = "config_invalid") -> None:
        self.found.append((path, why, code))

    def table(self, cls: type, data: Any, path: KeyPath) -> Any:
        """The object of a table, or None when a key of it (or of a table in it) is wrong."""
        if not isinstance(data, dict):
            self.fail(path, "cần một bảng [...]")
            return None
        fields = _fields(cls)
        names = _names(cls)
        for name in data:
            if name not in names:
                close = difflib.get_close_matches(name, [f.toml for f in fields], n=1, cutoff=0.6)
                hint = f' (có phải "{close[0]}"?)' if close else ""
                self.fail(
                    (*path, name), f"khóa này không có trong cấu hình{hint}", "config_unknown_key"
                )
        values: dict[str, Any] = {}
        whole = True
        for field in fields:
            where = (*path, field.toml)
            if field.toml not in data:
                if field.required:
                    self.fail(where, "thiếu khóa bắt buộc này", "config_missing_key")
                    whole = False
                continue
            try:
                value = self.value(field, data[field.toml], where)
            except _Wrong as wrong:
                self.fail(where, str(wrong))
                whole = False
                continue
            if value is None:
                whole = False  # a table in it is wrong: said already
            else:
                values[field.name] = value
        if not whole:
            return None
        for field in fields:
            if field.spec.same_as and not values.get(field.name):
                values[field.name] = values[field.spec.same_as]
        made = cls(**values)
        for finding in getattr(made, "findings", lambda: ())():
            self.fail((*path, *finding.key), finding.why, finding.code)
        return made

    def value(self, field: _Field, value: Any, path: KeyPath) -> Any:
        spec = field.spec
        kind = field.kinds[0]
        if len(field.kinds) > 1:  # a code or a number (a rule's right side)
            chosen = [k for k in field.kinds if _fits(k, value)]
            if not chosen:
                raise _Wrong("cần " + " hoặc ".join(_needs(k) for k in field.kinds))
            kind = chosen[0]
        elif not _fits(kind, value):
            raise _Wrong(f"cần {_needs(kind)}")
        if kind.name == "tables":
            if len(value) < spec.min_items:
                raise _Wrong("cần ít nhất một mục")
            if spec.max_items is not None and len(value) > spec.max_items:
                raise _Wrong(f"cần không quá {format_int(spec.max_items)} mục")
            made = [self.table(kind.of, v, (*path, i)) for i, v in enumerate(value)]
            return None if any(m is None for m in made) else tuple(made)
        if kind.name == "table":
            return self.table(kind.of, value, path)
        if kind.name == "texts":
            return tuple(nfc(v) for v in ([value] if isinstance(value, str) else value))
        if kind.name == "str":
            text = unicodedata.normalize("NFC", value) if spec.keep_spaces else nfc(value)
            if not field.blank_ok and not text:
                raise _Wrong("cần một chuỗi văn bản không để trống")
            if spec.placeholders is not None and (why := _placeholders(text, spec.placeholders)):
                raise _Wrong(why)
            return text
        if kind.name == "int":
            return int(_in_range(value, spec))
        if kind.name == "float":
            return float(_in_range(value, spec))
        return value

    def problems(self) -> list[Problem]:
        """The problems found, in the order of their lines in the file."""
        lines = key_lines(self.text) if self.found else {}
        placed = [(_line_of(path, lines), path, why, code) for path, why, code in self.found]
        placed.sort(key=lambda item: item[0] or len(self.text))  # stable: a line's in order
        problems: dict[str, Problem] = {}
        for line, path, why, code in placed:
            where = f"dòng {line}, " if line else ""
            message = f"{where}khóa {dotted(path)}: {why}."
            problems.setdefault(message, Problem(code, message, Location(file=self.source)))
        return list(problems.values())


def _fits(kind: _Kind, value: Any) -> bool:
    """Whether a TOML value has the kind (not yet its range)."""
    name = kind.name
    if name == "str":
        return isinstance(value, str)
    if name == "texts":
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
    if name == "choice":
        return isinstance(value, str) and value in kind.of
    if name == "table":
        return isinstance(value, dict)
    if name == "tables":
        return isinstance(value, list)
    if name == "bool":
        return isinstance(value, bool)
    if name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "float":
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def read_tables(cls: type, data: dict[str, Any], text: str, source: str) -> Any:
    """The object cls declares, built from parsed TOML; ConfigInvalid names every mistake of
    the file (text gives the lines)."""
    reading = _Reading(text, source)
    made = reading.table(cls, data, ())
    if reading.found:
        raise ConfigInvalid(reading.problems())
    return made


# The documentation of the keys


@dataclass(frozen=True)
class KeyDoc:
    """One key as the documentation lists it."""

    path: str  # "indicators[].target.kind"
    kind: str  # what its value is, in words
    default: str  # "(bắt buộc)", a TOML value, or "= name"
    doc: str


def describe_keys(cls: type, prefix: str = "") -> Iterator[KeyDoc]:
    """Every key of the table cls declares, tables within it after their keys."""
    nested: list[tuple[str, type]] = []
    for field in _fields(cls):
        path = f"{prefix}{field.toml}"
        kinds = []
        for kind in field.kinds:
            if kind.name == "tables":
                nested.append((f"{path}[].", kind.of))
            elif kind.name == "table":
                nested.append((f"{path}.", kind.of))
            kinds.append(_needs(kind).replace("một ", "").removesuffix(" (trong dấu ngoặc kép)"))
        kind_words = " hoặc ".join(kinds) + _range_words(field.spec)
        yield KeyDoc(path, kind_words, _default_words(field), field.spec.doc)
    for path, table in nested:
        yield from describe_keys(table, path)


def _range_words(spec: Spec) -> str:
    low = spec.low if spec.above is None else spec.above
    if low is None and spec.high is None:
        return ""
    shown_low = _shown(low) if low is not None else ""
    shown_high = _shown(spec.high) if spec.high is not None else ""
    if spec.above is not None:
        return f", lớn hơn {shown_low}" + (f", tối đa {shown_high}" if shown_high else "")
    if shown_high:
        return f", {shown_low} - {shown_high}" if shown_low else f", tối đa {shown_high}"
    return f", từ {shown_low}"


def _default_words(field: _Field) -> str:
    if field.required:
        return "(bắt buộc)"
    if field.spec.same_as:
        return f"như `{field.spec.same_as}`"
    value = field.default
    if value is None:
        return "(không có)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[]"
    if dataclasses.is_dataclass(value):
        return "(các giá trị mặc định)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def keys_markdown(cls: type) -> str:
    """The table of every key, in Markdown."""
    rows = ["| Khóa | Giá trị | Mặc định | Ý nghĩa |", "|---|---|---|---|"]
    for item in describe_keys(cls):
        cells = (f"`{item.path}`", item.kind, item.default, item.doc)
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


# Lines of keys


def dotted(loc: KeyPath) -> str:
    """("indicators", 2, "target", "min") → 'indicators[3].target.min'."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _line_of(loc: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    """The line of the key, or of the nearest table holding it."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_ARRAY_HEADER = re.compile(r"^\[\[\s*([^\[\]]+?)\s*\]\]")
_HEADER = re.compile(r"^\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"^([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")


def key_lines(text: str) -> dict[KeyPath, int]:
    """Where each table and key of a TOML text starts: key path → line number (1-based).

    Array tables count from 0 ("[[units]]" the third time is ("units", 2)). Lines inside
    multi-line strings and arrays are not keys; a key met twice keeps its first line.
    """
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    table: KeyPath = ()
    in_string = False
    depth = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_string:
            in_string = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        if depth > 0:
            depth += line.count("[") - line.count("]")
            continue
        if not line or line.startswith("#"):
            continue
        if match := _ARRAY_HEADER.match(line):
            parts = _split(match.group(1))
            path = (*_resolve(parts[:-1], counts), parts[-1])
            counts[path] = counts.get(path, -1) + 1
            table = (*path, counts[path])
            lines.setdefault(path, number)  # the array itself: its first table
            lines.setdefault(table, number)
        elif match := _HEADER.match(line):
            table = _resolve(_split(match.group(1)), counts)
            lines.setdefault(table, number)
        elif match := _KEY.match(line):
            lines.setdefault((*table, *_split(match.group(1))), number)
            value = line[match.end() :]
            if value.count('"""') % 2 == 1 or value.count("'''") % 2 == 1:
                in_string = True
            elif value.lstrip().startswith("["):
                depth = value.count("[") - value.count("]")
    return lines


def _split(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


def _resolve(path: tuple[str, ...], counts: dict[KeyPath, int]) -> KeyPath:
    """A header's key path, with the index of each array table it passes through."""
    resolved: KeyPath = ()
    for part in path:
        resolved = (*resolved, part)
        if resolved in counts:
            resolved = (*resolved, counts[resolved])
    return resolved
