"""The programme configuration (TOML): programme, document format, units, indicators, targets."""

from __future__ import annotations

import datetime
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from dean24 import usercache
from dean24.errors import ConfigError, Location
from dean24.text import format_int, label_key, nfc, unit_key, unit_kind

DEFAULT_CONFIG_NAME = "de_an_24_lao_cai.toml"
MAX_CONFIG_BYTES = 8 * 2**20  # a configuration of every commune of the country is far smaller
# Units one configuration may list: a province has about a hundred communes, Vietnam 3.321 (and
# about 10.000 before 7/2025); the shipped templates and a run's 10 s and 500 MB are measured
# at 20.000 (benchmarks/README.md).
MAX_UNITS = 20_000


@dataclass(frozen=True)
class Programme:
    name: str
    short_name: str
    date: datetime.date
    issuer: str
    title: str
    start: datetime.date
    end: datetime.date
    related: tuple[str, ...] = ()
    units_noun: str = "đơn vị"
    scope: str = "toàn tỉnh"
    max_value: int = 100_000
    phase: str = ""  # "giai đoạn 2022 - 2025"; from start and end when not given
    kind: str = "Đề án"  # what the text calls the programme: "Đề án", "Kế hoạch"
    body: str = "Ban Chỉ đạo"  # who reports: "Ban Chỉ đạo", "Ban Thường vụ"

    @property
    def phase_name(self) -> str:
        return self.phase or f"giai đoạn {self.start.year} - {self.end.year}"


@dataclass(frozen=True)
class DocumentFormat:
    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    font: str = "Times New Roman"
    party_name_pt: float = 15
    superior_body_pt: float = 14
    issuing_body_pt: float = 14
    number_line_pt: float = 14
    date_line_pt: float = 14
    title_pt: float = 16
    subject_pt: float = 14
    body_pt: float = 14
    table_pt: float = 12
    recipients_heading_pt: float = 14
    recipients_pt: float = 12
    first_line_indent_mm: float = 12.7


@dataclass(frozen=True)
class Document:
    superior_body: str
    issuing_body: tuple[str, ...]
    party_name: str
    number_line: str
    place: str
    title: str
    subject: str
    signature_role: tuple[str, ...]
    signer: str
    recipients: tuple[str, ...]
    format: DocumentFormat = field(default_factory=DocumentFormat)
    # Shown, highlighted, where the signer's name goes while signer is empty.
    signer_placeholder: str = "[Họ và tên]"
    # The line under the appendix heading; {date} is the report's date (17/7/2024).
    appendix_line: str = "(Kèm theo Báo cáo số     -BC/BCĐ, ngày {date} của Ban Chỉ đạo)"
    # The mark at the top of the first page while the report holds a placeholder; "" for none.
    draft_mark: str = "DỰ THẢO"


@dataclass(frozen=True)
class Unit:
    """A reporting unit and the days it reports for (from, until; None: no limit)."""

    name: str
    short: str
    aliases: tuple[str, ...] = ()
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None

    @property
    def kind(self) -> str | None:
        """The kind its name says: 'huyện', 'thành phố', 'xã', 'phường'…, or None."""
        return unit_kind(self.name)

    def reports_in(self, start: datetime.date, end: datetime.date) -> bool:
        """Whether the unit existed on some day from start to end."""
        return (self.valid_from is None or end >= self.valid_from) and (
            self.valid_until is None or start <= self.valid_until
        )

    def expected_on(self, day: datetime.date) -> bool:
        """Whether the unit is expected to report for a period ending on day."""
        return self.reports_in(day, day)

    def validity(self) -> str:
        """'từ 01/7/2025', 'đến 30/6/2025' or 'từ … đến …' (Vietnamese, for messages)."""
        parts = []
        if self.valid_from is not None:
            parts.append(f"từ {_day(self.valid_from)}")
        if self.valid_until is not None:
            parts.append(f"đến {_day(self.valid_until)}")
        return " ".join(parts) or "không giới hạn"


def _day(day: datetime.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@dataclass(frozen=True)
class Era:
    """From a day on, the words that follow the reporting units: how the text calls them and
    who receives the report ('Các đảng ủy xã, phường' once the communes report)."""

    start: datetime.date
    units_noun: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    """A target: 'programme' (min, max on the cumulative value) or a per-year one."""

    kind: str
    statement: str
    min: int | None = None
    max: int | None = None
    per_year: int | None = None
    percent: float | None = None
    base: int | None = None
    base_label: str = ""
    until: datetime.date | None = None  # the target's last day; the phase's end when None


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    object: str
    action: str = ""
    column: str = ""
    where: str = ""  # added after the object in the result sentence: "trong các đơn vị ..."
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    target: Target | None = None


@dataclass(frozen=True)
class Group:
    """Indicators the results section reports under one heading ("1. Phát triển đảng viên")."""

    title: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Plausibility:
    """When a figure is far from its usual range (`[plausibility]`): see plausibility.py."""

    enabled: bool = True
    factor: float = 3.5  # robust deviations (log scale) from the median beyond which it is far
    min_ratio: float = 4.0  # a figure within this many times the usual one is never far
    min_difference: int = 10  # nor one within this many of the usual value (0 → 2 is no alarm)
    min_history: int = 3  # earlier periods of the unit needed to judge by its own history
    min_peers: int = 5  # other units needed to judge by the units of this period


RULE_OPERATORS = ("<", "<=", "==", "!=", ">=", ">")


@dataclass(frozen=True)
class Rule:
    """A relation the programme's figures must keep (`[[rules]]`), per unit and province:
    left (an indicator) operator right (an indicator or a whole number) plus margin, on the
    period or the cumulative figures; applied only where `when` (an indicator) is above 0."""

    left: str
    operator: str
    right: str | int
    instruction: str
    value: str = "period"  # "period" or "cumulative"
    margin: int = 0
    when: str | None = None
    importance: str = "warning"  # "error" or "warning"


@dataclass(frozen=True)
class Config:
    programme: Programme
    document: Document
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    source: str = ""
    groups: tuple[Group, ...] = ()
    eras: tuple[Era, ...] = ()
    rules: tuple[Rule, ...] = ()
    plausibility: Plausibility = field(default_factory=Plausibility)

    def units_expected(
        self,
        end: datetime.date,
        start: datetime.date | None = None,
        reported: Collection[str] = (),
    ) -> tuple[Unit, ...]:
        """The units expected to report for a period ending on end: those that exist on
        that day. A period across a change of units (the year 2025) expects the units of
        its start instead when more of the units that reported (their names) are among them.
        """
        at_end = tuple(u for u in self.units if u.expected_on(end))
        if start is None or not reported:
            return at_end
        at_start = tuple(u for u in self.units if u.expected_on(start))
        if at_start == at_end:
            return at_end
        from_start = sum(1 for u in at_start if u.name in reported)
        from_end = sum(1 for u in at_end if u.name in reported)
        return at_start if from_start > from_end else at_end

    def at(self, start: datetime.date) -> Config:
        """The configuration as it speaks of a period starting on start: the units noun and
        the recipients of the latest era begun by then."""
        era = None
        for candidate in sorted(self.eras, key=lambda e: e.start):
            if candidate.start <= start:
                era = candidate
        if era is None:
            return self
        programme = self.programme
        document = self.document
        if era.units_noun:
            programme = replace(programme, units_noun=era.units_noun)
        if era.recipients:
            document = replace(document, recipients=era.recipients)
        return replace(self, programme=programme, document=document)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def unit_index(self) -> dict[str, Unit]:
        """Key of every name and alias → unit."""
        index: dict[str, Unit] = {}
        for unit in self.units:
            for name in (unit.name, unit.short, *unit.aliases):
                index.setdefault(unit_key(name), unit)
        return index

    def indicator_index(self) -> dict[str, Indicator]:
        """Key of every label and alias → indicator."""
        index: dict[str, Indicator] = {}
        for indicator in self.indicators:
            for name in (indicator.label, *indicator.aliases):
                index.setdefault(label_key(name), indicator)
        return index


def default_config_text() -> str:
    """The text of the configuration shipped with the tool."""
    return resources.files("dean24").joinpath("data", DEFAULT_CONFIG_NAME).read_text("utf-8")


def read_config_text(path: Path) -> str:
    """The text of a configuration file: a regular file of at most MAX_CONFIG_BYTES."""
    from dean24.userfiles import FileTooLarge, NotRegularFile, read_bounded

    try:
        return read_bounded(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "config_not_found", "Không tìm thấy tệp cấu hình.", Location(file=str(path))
        ) from None
    except NotRegularFile as exc:
        raise ConfigError(
            "config_not_regular",
            f"Tệp cấu hình không phải tệp văn bản thường mà là {exc.kind.removeprefix('một ')}; "
            "chỉ ra một tệp .toml lưu trên đĩa (tạo bằng dean24 config init TỆP.toml).",
            Location(file=str(path)),
        ) from None
    except FileTooLarge:
        raise ConfigError(
            "config_too_large",
            f"Tệp cấu hình dài hơn giới hạn {format_int(MAX_CONFIG_BYTES)} byte; một cấu hình "
            "cho mọi xã, phường của cả nước chỉ cần vài trăm KB. Kiểm tra lại tệp.",
            Location(file=str(path)),
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "config_unreadable",
            f"Không đọc được tệp cấu hình (cần văn bản UTF-8): {exc}",
            Location(file=str(path)),
        ) from None


def load_config(path: Path | None = None) -> Config:
    """Load a configuration file, or the default one when path is None."""
    if path is None:
        text, source = default_config_text(), f"(mặc định) {DEFAULT_CONFIG_NAME}"
    else:
        text, source = read_config_text(path), str(path)
    _check_unit_count(text, None, source)  # before parsing: 100.000 units take seconds
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            "config_syntax", f"Tệp cấu hình sai cú pháp TOML: {exc}", Location(file=source)
        ) from None
    _check_unit_count(text, data, source)
    if path is None:
        # The shipped configuration is part of the package; the tests check it against the
        # schema (test_the_default_configuration_passes), so a run need not.
        return parse_config(data, source)
    # The check is a function of the text and the schema alone: a text found valid once is
    # not checked again by the same schema (that saves importing pydantic on every run).
    checked = _schema_identity() + text
    if not usercache.known("checked-configs", checked):
        from dean24.configschema import check_config

        check_config(data, text, source)  # every mistake at once, with its key and line
    config = parse_config(data, source)
    usercache.remember("checked-configs", checked)
    return config


_UNITS_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*units[ \t]*\]\]", re.MULTILINE)


def _check_unit_count(text: str, data: dict[str, Any] | None, source: str) -> None:
    """Refuse a configuration listing more than MAX_UNITS units, naming the line of the first
    one beyond: from the text's [[units]] headers before it is parsed, then from the parsed
    data (units written as an inline array)."""
    headers = _UNITS_TABLE.finditer(text)
    count, line = 0, None
    for count, match in enumerate(headers, start=1):
        if count == MAX_UNITS + 1:
            line = text.count("\n", 0, match.start()) + 1
    units = data.get("units") if data is not None else None
    if isinstance(units, list):
        count = max(count, len(units))
    if count <= MAX_UNITS:
        return
    where = f" (đơn vị thứ {format_int(MAX_UNITS + 1)} ở dòng {line})" if line else ""
    raise ConfigError(
        "config_too_many_units",
        f"Cấu hình khai báo {format_int(count)} đơn vị, vượt giới hạn {format_int(MAX_UNITS)} "
        f"đơn vị cho một báo cáo{where}. Chia thành nhiều cấu hình (mỗi cấu hình một phần các "
        "đơn vị, chẳng hạn theo tỉnh) và lập báo cáo riêng cho từng phần.",
        Location(file=source),
    )


def _schema_identity() -> str:
    """The schema's source, so that a changed schema checks every text again; a random
    value (nothing is found known) where the source cannot be read."""
    try:
        return (Path(__file__).parent / "configschema.py").read_text("utf-8") + "\0"
    except OSError:
        return os.urandom(16).hex()


class _Reader:
    """Reads one TOML table with messages that name the key."""

    def __init__(self, data: Any, where: str, source: str) -> None:
        if not isinstance(data, dict):
            raise ConfigError(
                "config_invalid", f"Mục [{where}] phải là một bảng.", Location(source)
            )
        self.data, self.where, self.source = data, where, source

    def _fail(self, key: str, expected: str) -> ConfigError:
        return ConfigError(
            "config_invalid",
            f"Khóa {self.where}.{key} cần {expected}.",
            Location(file=self.source),
        )

    def text(self, key: str, default: str | None = None, *, keep_spaces: bool = False) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self._fail(key, "một chuỗi văn bản")
        return unicodedata.normalize("NFC", value) if keep_spaces else nfc(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "một danh sách chuỗi")
        return tuple(nfc(v) for v in value)

    def day(self, key: str) -> date:
        value = self.data.get(key)
        if not isinstance(value, date) or isinstance(value, datetime.datetime):
            raise self._fail(key, "một ngày dạng 2022-10-21 (không kèm giờ)")
        return value

    def number(
        self, key: str, default: float | None = None, *, low: float = 0, high: float = 1e9
    ) -> float:
        value = self.data.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            raise self._fail(key, f"một số từ {low:g} đến {high:g}")
        return float(value)

    def whole(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._fail(key, "một số nguyên không âm")
        return value

    def table(self, key: str) -> _Reader:
        return _Reader(self.data.get(key, {}), f"{self.where}.{key}", self.source)

    def tables(self, key: str) -> list[_Reader]:
        items = self.data.get(key, [])
        if not isinstance(items, list):
            raise self._fail(key, "một danh sách bảng [[...]]")
        return [_Reader(item, f"{key}[{i + 1}]", self.source) for i, item in enumerate(items)]


def parse_config(data: dict[str, Any], source: str = "") -> Config:
    """Turn parsed TOML into a Config, checking every key a report needs."""
    root = _Reader(data, "", source)
    root.where = ""
    prog = root.table("programme")
    prog.where = "programme"
    programme = Programme(
        name=prog.text("name"),
        short_name=prog.text("short_name", prog.text("name")),
        date=prog.day("date"),
        issuer=prog.text("issuer"),
        title=prog.text("title"),
        start=prog.day("start"),
        end=prog.day("end"),
        related=prog.texts("related"),
        units_noun=prog.text("units_noun", "đơn vị"),
        scope=prog.text("scope", "toàn tỉnh"),
        max_value=int(prog.number("max_value", 100_000, low=1)),
        phase=prog.text("phase", ""),
        kind=prog.text("kind", "Đề án"),
        body=prog.text("body", "Ban Chỉ đạo"),
    )
    if programme.end <= programme.start:
        raise ConfigError(
            "config_invalid", "programme.end phải sau programme.start.", Location(file=source)
        )
    doc = root.table("document")
    doc.where = "document"
    fmt = doc.table("format")
    defaults = DocumentFormat()
    document_format = DocumentFormat(
        **{
            name: fmt.number(name, getattr(defaults, name), high=1000)
            for name in vars(defaults)
            if name != "font"
        },
        font=fmt.text("font", defaults.font) or defaults.font,
    )
    _check_format(document_format, source)
    document = Document(
        superior_body=doc.text("superior_body"),
        issuing_body=doc.texts("issuing_body"),
        party_name=doc.text("party_name", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        number_line=doc.text("number_line", "", keep_spaces=True),
        place=doc.text("place"),
        title=doc.text("title", "BÁO CÁO"),
        subject=_subject(doc),
        signature_role=doc.texts("signature_role"),
        signer=doc.text("signer", ""),
        recipients=doc.texts("recipients"),
        format=document_format,
        signer_placeholder=doc.text("signer_placeholder", Document.signer_placeholder),
        appendix_line=_appendix_line(doc),
        draft_mark=doc.text("draft_mark", Document.draft_mark),
    )
    units = tuple(
        Unit(
            name=u.text("name"),
            short=u.text("short", u.text("name")),
            aliases=u.texts("aliases"),
            valid_from=u.day("from") if "from" in u.data else None,
            valid_until=u.day("until") if "until" in u.data else None,
        )
        for u in root.tables("units")
    )
    for unit in units:
        if unit.valid_from and unit.valid_until and unit.valid_until < unit.valid_from:
            raise ConfigError(
                "config_invalid",
                f'Đơn vị "{unit.name}": until phải không trước from.',
                Location(file=source),
            )
    indicators = tuple(_indicator(i) for i in root.tables("indicators"))
    groups = tuple(Group(g.text("title"), g.texts("indicators")) for g in root.tables("groups"))
    eras = tuple(
        Era(e.day("from"), e.text("units_noun", ""), e.texts("recipients"))
        for e in root.tables("eras")
    )
    config = Config(
        programme,
        document,
        units,
        indicators,
        source,
        groups,
        eras,
        tuple(_rule(r, {i.code for i in indicators}) for r in root.tables("rules")),
        _plausibility(root.table("plausibility")),
    )
    _check_unique(config, source)
    _check_groups(config, source)
    return config


def _rule(item: _Reader, codes: set[str]) -> Rule:
    """One `[[rules]]` table; its indicators must exist."""
    right: str | int = item.data.get("right", "")
    if not isinstance(right, int) or isinstance(right, bool):
        right = item.text("right")
        if right not in codes:
            raise item._fail("right", "mã một chỉ tiêu hoặc một số nguyên")
    elif right < 0:
        raise item._fail("right", "mã một chỉ tiêu hoặc một số nguyên không âm")
    rule = Rule(
        left=item.text("left"),
        operator=item.text("operator"),
        right=right,
        instruction=item.text("instruction"),
        value=item.text("value", "period"),
        margin=item.whole("margin") or 0,
        when=item.text("when") if "when" in item.data else None,
        importance=item.text("importance", "warning"),
    )
    if rule.left not in codes:
        raise item._fail("left", "mã một chỉ tiêu")
    if rule.when is not None and rule.when not in codes:
        raise item._fail("when", "mã một chỉ tiêu")
    if rule.operator not in RULE_OPERATORS:
        raise item._fail("operator", "một trong " + ", ".join(RULE_OPERATORS))
    if rule.value not in {"period", "cumulative"}:
        raise item._fail("value", '"period" hoặc "cumulative"')
    if rule.importance not in {"error", "warning"}:
        raise item._fail("importance", '"error" hoặc "warning"')
    return rule


def _plausibility(item: _Reader) -> Plausibility:
    """The `[plausibility]` table: thresholds of the check for figures far from usual."""
    default = Plausibility()
    enabled = item.data.get("enabled", default.enabled)
    if not isinstance(enabled, bool):
        raise item._fail("enabled", "true hoặc false")
    return Plausibility(
        enabled=enabled,
        factor=item.number("factor", default.factor, low=1, high=100),
        min_ratio=item.number("min_ratio", default.min_ratio, low=1, high=1000),
        min_difference=int(item.number("min_difference", default.min_difference, high=1e6)),
        min_history=int(item.number("min_history", default.min_history, low=1, high=100)),
        min_peers=int(item.number("min_peers", default.min_peers, low=1, high=10_000)),
    )


def _check_groups(config: Config, source: str) -> None:
    """Every grouped indicator exists and sits in one group only."""
    codes = {i.code for i in config.indicators}
    seen: set[str] = set()
    for group in config.groups:
        for code in group.indicators:
            if code not in codes or code in seen:
                raise ConfigError(
                    "config_invalid",
                    f'Nhóm chỉ tiêu "{group.title}": mã "{code}" '
                    + ("không có trong cấu hình." if code not in codes else "đã thuộc nhóm khác."),
                    Location(file=source),
                )
            seen.add(code)


def _subject(doc: _Reader) -> str:
    """The subject line; its only placeholders are {period} and {next_period}."""
    subject = doc.text("subject")
    try:
        subject.format(period="", next_period="")
    except (KeyError, IndexError, ValueError):
        raise doc._fail("subject", "một câu chỉ dùng {period} và {next_period}") from None
    return subject


def _appendix_line(doc: _Reader) -> str:
    """The line under the appendix heading; its only placeholder is {date}."""
    line = doc.text("appendix_line", Document.appendix_line, keep_spaces=True)
    try:
        line.format(date="")
    except (KeyError, IndexError, ValueError):
        raise doc._fail("appendix_line", "một dòng chỉ dùng {date}") from None
    return line


def _check_format(fmt: DocumentFormat, source: str) -> None:
    """The page must leave room for text, and every size must be a real size."""
    problem = ""
    if fmt.margin_left_mm + fmt.margin_right_mm >= fmt.page_width_mm - 50:
        problem = "lề trái và lề phải để lại quá ít chỗ cho chữ (cần ít nhất 50 mm)"
    elif fmt.margin_top_mm + fmt.margin_bottom_mm >= fmt.page_height_mm - 50:
        problem = "lề trên và lề dưới để lại quá ít chỗ cho chữ (cần ít nhất 50 mm)"
    elif any(not 4 <= getattr(fmt, name) <= 72 for name in vars(fmt) if name.endswith("_pt")):
        problem = "cỡ chữ phải từ 4 đến 72 pt"
    if problem:
        raise ConfigError(
            "config_invalid", f"Mục document.format: {problem}.", Location(file=source)
        )


def _indicator(item: _Reader) -> Indicator:
    code = item.text("code")
    target = None
    if "target" in item.data:
        t = item.table("target")
        kind = t.text("kind")
        if kind not in {"programme", "annual_count", "annual_percent"}:
            raise t._fail("kind", '"programme", "annual_count" hoặc "annual_percent"')
        target = Target(
            kind=kind,
            statement=t.text("statement", ""),
            min=t.whole("min"),
            max=t.whole("max"),
            per_year=t.whole("per_year"),
            percent=t.number("percent", high=100) if "percent" in t.data else None,
            base=t.whole("base"),
            base_label=t.text("base_label", ""),
            until=t.day("until") if "until" in t.data else None,
        )
        needed = {"programme": "min", "annual_count": "per_year", "annual_percent": "base"}[kind]
        if getattr(target, needed) is None or (kind == "annual_percent" and not target.percent):
            raise t._fail(needed if kind != "annual_percent" else "percent/base", "một giá trị")
        if target.max is not None and target.min is not None and target.max < target.min:
            raise t._fail("max", "một số không nhỏ hơn min")
        if kind == "programme" and not target.min:
            raise t._fail("min", "một số nguyên dương")
    return Indicator(
        code=code,
        label=item.text("label"),
        unit=item.text("unit", ""),
        object=item.text("object", ""),
        action=item.text("action", ""),
        column=item.text("column", "") or item.text("label"),
        where=item.text("where", ""),
        aliases=item.texts("aliases"),
        part_of=item.data.get("part_of"),
        target=target,
    )


def _check_unique(config: Config, source: str) -> None:
    # A name may be shared by two units that never report in the same period (Huyện Bát
    # Xát until 30/6/2025, Xã Bát Xát from 1/7/2025), and by units of contradicting kinds.
    seen: dict[str, list[Unit]] = {}
    for unit in config.units:
        for name in (unit.name, unit.short, *unit.aliases):
            owners = seen.setdefault(unit_key(name), [])
            for other in owners:
                if (
                    other.name != unit.name
                    and other.reports_in(unit.valid_from or date.min, unit.valid_until or date.max)
                    and (other.kind is None or unit.kind is None or other.kind == unit.kind)
                ):
                    raise ConfigError(
                        "config_ambiguous_unit",
                        f'Tên "{name}" của đơn vị "{unit.name}" trùng với đơn vị "{other.name}".',
                        Location(file=source),
                    )
            if unit not in owners:
                owners.append(unit)
    codes = [i.code for i in config.indicators]
    if len(set(codes)) != len(codes) or not codes:
        raise ConfigError(
            "config_invalid",
            "Cần ít nhất một chỉ tiêu và mã chỉ tiêu không được trùng.",
            Location(file=source),
        )
    labels: dict[str, str] = {}
    for indicator in config.indicators:
        for name in (indicator.label, *indicator.aliases):
            owner = labels.setdefault(label_key(name), indicator.code)
            if owner != indicator.code:
                raise ConfigError(
                    "config_ambiguous_indicator",
                    f'Tên "{name}" của chỉ tiêu {indicator.code} trùng với chỉ tiêu {owner}.',
                    Location(file=source),
                )
        if indicator.part_of is not None and indicator.part_of not in codes:
            raise ConfigError(
                "config_invalid",
                f'Chỉ tiêu {indicator.code}: part_of = "{indicator.part_of}" không có trong '
                "cấu hình.",
                Location(file=source),
            )
