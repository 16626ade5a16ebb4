"""The declared shape of the configuration TOML: every key, its type and range, checked at once.

`check_config` reports every mistake together (an unknown or misspelt key, a wrong type, a
missing key, a number out of range, min above max, a placeholder the text does not know), each
with its key path and the line of the file, before anything is built or written.
"""

from __future__ import annotations

import datetime
import difflib
import re
import string
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dean24.errors import ConfigError, Gathered, Location, Problem
from dean24.text import format_date, format_int, format_number

# Sane ranges: a figure in these reports is a count of people or organisations of a province.
MAX_COUNT = 10_000_000
MAX_UNITS = 20_000  # config.MAX_UNITS, checked there before the schema (a test keeps them equal)

Text = Annotated[str, Field(pattern=r"\S")]  # required text may not be blank
Texts = list[str] | str
Millimetres = Annotated[float, Field(ge=0, le=500)]
Points = Annotated[float, Field(ge=4, le=72)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


class _Table(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


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


def _only(text: str, allowed: tuple[str, ...]) -> str:
    why = _placeholders(text, allowed)
    if why:
        raise ValueError(f": {why}")
    return text


class ProgrammeTable(_Table):
    name: Text
    short_name: Text | None = None
    date: datetime.date
    issuer: Text
    title: Text
    start: datetime.date
    end: datetime.date
    phase: str = ""
    kind: str = ""
    body: str = ""
    related: Texts = []
    units_noun: str = ""
    scope: str = ""
    max_value: Annotated[int, Field(ge=1, le=MAX_COUNT)] = 100_000

    @model_validator(mode="after")
    def _end_after_start(self) -> ProgrammeTable:
        if self.end <= self.start:
            raise ValueError("end: phải sau programme.start")
        return self


class FormatTable(_Table):
    page_width_mm: Annotated[float, Field(ge=50, le=2000)] = 210
    page_height_mm: Annotated[float, Field(ge=50, le=2000)] = 297
    margin_top_mm: Millimetres = 20
    margin_bottom_mm: Millimetres = 20
    margin_left_mm: Millimetres = 30
    margin_right_mm: Millimetres = 15
    font: str = "Times New Roman"
    party_name_pt: Points = 15
    superior_body_pt: Points = 14
    issuing_body_pt: Points = 14
    number_line_pt: Points = 14
    date_line_pt: Points = 14
    title_pt: Points = 16
    subject_pt: Points = 14
    body_pt: Points = 14
    table_pt: Points = 12
    recipients_pt: Points = 12
    recipients_heading_pt: Points = 14
    first_line_indent_mm: Annotated[float, Field(ge=0, le=100)] = 12.7


class DocumentTable(_Table):
    superior_body: Text
    issuing_body: Texts = []
    party_name: str = ""
    number_line: str = ""
    place: Text
    title: str = ""
    subject: Text
    signature_role: Texts = []
    signer: str = ""
    signer_placeholder: str = ""
    appendix_line: str = ""
    draft_mark: str = ""
    recipients: Texts = []
    format: FormatTable = FormatTable()

    @field_validator("subject")
    @classmethod
    def _subject_placeholders(cls, value: str) -> str:
        return _only(value, ("period", "next_period"))

    @field_validator("appendix_line")
    @classmethod
    def _appendix_placeholders(cls, value: str) -> str:
        return _only(value, ("date",))


class UnitTable(_Table):
    name: Text
    short: Text | None = None
    aliases: Texts = []
    valid_from: datetime.date | None = Field(None, alias="from")
    until: datetime.date | None = None

    @model_validator(mode="after")
    def _until_after_from(self) -> UnitTable:
        if self.valid_from and self.until and self.until < self.valid_from:
            raise ValueError("until: phải không trước from")
        return self


class EraTable(_Table):
    valid_from: datetime.date = Field(alias="from")
    units_noun: str = ""
    recipients: Texts = []


class TargetTable(_Table):
    kind: Literal["programme", "annual_count", "annual_percent"]
    statement: str = ""
    min: Count | None = None
    max: Count | None = None
    per_year: Count | None = None
    percent: Annotated[float, Field(gt=0, le=100)] | None = None
    base: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None
    base_label: str = ""
    until: datetime.date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TargetTable:
        needed = {
            "programme": ("min",),
            "annual_count": ("per_year",),
            "annual_percent": ("percent", "base"),
        }[self.kind]
        missing = [key for key in needed if getattr(self, key) is None]
        if missing:
            raise ValueError(f'{missing[0]}: mục tiêu kind = "{self.kind}" cần khóa này')
        if self.kind == "programme" and not self.min:
            raise ValueError("min: cần một số nguyên dương")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"max: {self.max} nhỏ hơn min = {self.min}")
        return self


class IndicatorTable(_Table):
    code: Text
    label: Text
    unit: str = ""
    object: str = ""
    action: str = ""
    column: str = ""
    where: str = ""
    aliases: Texts = []
    part_of: str | None = None
    target: TargetTable | None = None


class GroupTable(_Table):
    title: Text
    indicators: Texts = []


class RuleTable(_Table):
    left: Text
    operator: Literal["<", "<=", "==", "!=", ">=", ">"]
    right: Text | Count
    instruction: Text
    value: Literal["period", "cumulative"] = "period"
    margin: Count = 0
    when: Text | None = None
    importance: Literal["error", "warning"] = "warning"


class PlausibilityTable(_Table):
    enabled: bool = True
    factor: Annotated[float, Field(ge=1, le=100)] = 3.5
    min_ratio: Annotated[float, Field(ge=1, le=1000)] = 4.0
    min_difference: Annotated[int, Field(ge=0, le=1_000_000)] = 10
    min_history: Annotated[int, Field(ge=1, le=100)] = 3
    min_peers: Annotated[int, Field(ge=1, le=10_000)] = 5


class ConfigFile(_Table):
    """The whole file."""

    programme: ProgrammeTable
    document: DocumentTable
    units: Annotated[list[UnitTable], Field(max_length=MAX_UNITS)] = []
    indicators: Annotated[list[IndicatorTable], Field(min_length=1)]
    groups: list[GroupTable] = []
    eras: list[EraTable] = []
    rules: list[RuleTable] = []
    plausibility: PlausibilityTable = PlausibilityTable()


class ConfigInvalid(Gathered, ConfigError):
    """Every mistake of a configuration file, reported together."""


def check_config(data: dict[str, Any], text: str, source: str) -> None:
    """Raise ConfigInvalid naming every mistake of the file; return quietly when it has none."""
    try:
        checked = ConfigFile.model_validate(data)
    except ValidationError as exc:
        lines = key_lines(text)
        problems: dict[str, Problem] = {}
        for error in exc.errors():
            problem = _problem(error, lines, source)
            problems.setdefault(problem.message, problem)  # one line per key for a union
        raise ConfigInvalid(list(problems.values())) from None
    outside = _dates_outside(checked, key_lines(text), source)
    if outside:
        raise ConfigInvalid(outside)


def _dates_outside(config: ConfigFile, lines: dict[KEY_PATH, int], source: str) -> list[Problem]:
    """A target's `until` outside the programme (start to end), and a decision dated after
    the programme's end: each a mistake with its key and line."""
    start, end = config.programme.start, config.programme.end
    span = f"từ {format_date(start)} đến {format_date(end)}"
    found: list[tuple[KEY_PATH, str]] = []
    if config.programme.date > end:
        found.append(
            (
                ("programme", "date"),
                f"ngày ban hành {format_date(config.programme.date)} sau ngày kết thúc "
                f"programme.end ({format_date(end)})",
            )
        )
    for i, indicator in enumerate(config.indicators):
        until = indicator.target.until if indicator.target else None
        if until is not None and not start <= until <= end:
            when = "trước ngày bắt đầu" if until < start else "sau ngày kết thúc"
            found.append(
                (
                    ("indicators", i, "target", "until"),
                    f"ngày {format_date(until)} {when} của chương trình ({span}); mục tiêu "
                    "phải kết thúc trong thời gian của chương trình: sửa ngày, hoặc sửa "
                    "programme.start, programme.end",
                )
            )
    problems = []
    for loc, why in found:
        line = _line_of(loc, lines)
        where = f"dòng {line}, " if line else ""
        problems.append(
            Problem(
                "config_date_outside",
                f"{where}khóa {_dotted(loc)}: {why}.",
                Location(file=source),
            )
        )
    return problems


KEY_PATH = tuple[str | int, ...]

_BOUNDS = {
    "greater_than_equal": "không nhỏ hơn",
    "greater_than": "lớn hơn",
    "less_than_equal": "không lớn hơn",
    "less_than": "nhỏ hơn",
}
_EXPECTED = {
    "string_type": "một chuỗi văn bản (trong dấu ngoặc kép)",
    "string_pattern_mismatch": "một chuỗi văn bản không để trống",
    "int_type": "một số nguyên",
    "float_type": "một số",
    "bool_type": "true hoặc false",
    "date_type": "một ngày dạng 2022-10-21 (không kèm giờ)",
    "list_type": "một danh sách [...]",
    "model_type": "một bảng [...]",
    "model_attributes_type": "một bảng [...]",
    "dict_type": "một bảng [...]",
    "literal_error": '"programme", "annual_count" hoặc "annual_percent"',
    "too_short": "ít nhất một mục",
}


def _problem(error: Any, lines: dict[KEY_PATH, int], source: str) -> Problem:
    loc = _key_path(error["loc"])
    kind = error["type"]
    if "list[str]" in error["loc"] or "str" in error["loc"]:
        code, message = "config_invalid", "cần một chuỗi hoặc một danh sách chuỗi"
    elif kind == "value_error":  # a rule across keys: "key: why"
        key, _, why = str(error["ctx"]["error"]).partition(": ")
        loc = (*loc, key) if key else loc
        code, message = "config_invalid", why
    elif kind == "extra_forbidden":
        code, message = (
            "config_unknown_key",
            "khóa này không có trong cấu hình" + _did_you_mean(loc),
        )
    elif kind == "missing":
        code, message = "config_missing_key", "thiếu khóa bắt buộc này"
    elif kind in _BOUNDS:
        bound = next(iter(error["ctx"].values()))
        shown = format_int(bound) if isinstance(bound, int) else format_number(bound)
        code, message = "config_invalid", f"cần một số {_BOUNDS[kind]} {shown}"
    else:
        expected = _EXPECTED.get(kind, error["msg"])
        code, message = "config_invalid", f"cần {expected}"
    line = _line_of(loc, lines)
    where = f"dòng {line}, " if line else ""
    return Problem(code, f"{where}khóa {_dotted(loc)}: {message}.", Location(file=source))


def _key_path(loc: tuple[str | int, ...]) -> KEY_PATH:
    """The TOML key path of an error: pydantic also names the branch of a union it tried
    ("list[str]", "str"), which is not a key."""
    path: KEY_PATH = ()
    model: Any = ConfigFile
    for i, part in enumerate(loc):
        if isinstance(part, int):
            path = (*path, part)
        elif model is not None and part in model.model_fields:
            path = (*path, part)
            model = _submodel(model.model_fields[part].annotation)
        elif model is not None and i == len(loc) - 1:
            path = (*path, part)  # a key the table does not have
    return path


def _submodel(annotation: Any) -> type[BaseModel] | None:
    for kind in _types_in(annotation):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return kind
    return None


def _dotted(loc: KEY_PATH) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _model_at(loc: KEY_PATH) -> type[BaseModel] | None:
    """The table model that holds the last key of loc."""
    model: type[BaseModel] | None = ConfigFile
    for part in loc[:-1]:
        if isinstance(part, str):
            field = model.model_fields.get(part) if model else None
            model = _submodel(field.annotation) if field else None
    return model


def _types_in(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [t for arg in args for t in _types_in(arg)]


def _did_you_mean(loc: KEY_PATH) -> str:
    model = _model_at(loc)
    if model is None or not isinstance(loc[-1], str):
        return ""
    close = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.6)
    return f' (có phải "{close[0]}"?)' if close else ""


def _line_of(loc: KEY_PATH, lines: dict[KEY_PATH, int]) -> int | None:
    """The line of the key, or of the nearest table holding it."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_ARRAY_HEADER = re.compile(r"^\[\[\s*([^\[\]]+?)\s*\]\]")
_HEADER = re.compile(r"^\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"^([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")


def key_lines(text: str) -> dict[KEY_PATH, int]:
    """Where each table and key of a TOML text starts: key path → line number (1-based).

    Array tables count from 0 ("[[units]]" the third time is ("units", 2)). Lines inside
    multi-line strings and arrays are not keys; a key met twice keeps its first line.
    """
    lines: dict[KEY_PATH, int] = {}
    counts: dict[KEY_PATH, int] = {}
    table: KEY_PATH = ()
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


def _resolve(path: tuple[str, ...], counts: dict[KEY_PATH, int]) -> KEY_PATH:
    """A header's key path, with the index of each array table it passes through."""
    resolved: KEY_PATH = ()
    for part in path:
        resolved = (*resolved, part)
        if resolved in counts:
            resolved = (*resolved, counts[resolved])
    return resolved
