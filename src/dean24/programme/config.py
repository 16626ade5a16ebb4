"""The programme configuration (TOML): programme, document format, units, indicators, targets.

Each key is declared once, on the frozen dataclass that holds it (`configkeys.key`: type,
default, range, meaning); reading, the checks with their lines and `dean24 config keys` all
come from these declarations.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from dean24.core.errors import ConfigError, Location
from dean24.core.text import format_date, format_int, label_key, unit_key, unit_kind
from dean24.programme.configkeys import Finding, key, read_tables

DEFAULT_CONFIG_NAME = "de_an_24_lao_cai.toml"
MAX_CONFIG_BYTES = 8 * 2**20  # a configuration of every commune of the country is far smaller
# Units one configuration may list: a province has about a hundred communes, Vietnam 3.321 (and
# about 10.000 before 7/2025); the shipped templates and a run's 10 s and 500 MB are measured
# at 20.000 (benchmarks/README.md).
MAX_UNITS = 20_000


# Sane ranges: a figure in these reports is a count of people or organisations of a province.
MAX_COUNT = 10_000_000
# Word's largest page: 22 inches.
MAX_PAGE_MM = 558.8

TargetKind = Literal["programme", "annual_count", "annual_percent"]
RuleOperator = Literal["<", "<=", "==", "!=", ">=", ">"]


@dataclass(frozen=True, kw_only=True)
class Programme:
    """`[programme]`: the programme the report is about."""

    name: str = key('Số hiệu của chương trình ("Đề án số 24-ĐA/TU").')
    short_name: str = key('Tên gọi ngắn trong lời văn ("Đề án 24").', same_as="name")
    date: datetime.date = key("Ngày ban hành; không sau `end`.")
    issuer: str = key('Cơ quan ban hành ("Ban Thường vụ Tỉnh ủy").')
    title: str = key("Trích yếu của chương trình.")
    start: datetime.date = key("Ngày bắt đầu giai đoạn.")
    end: datetime.date = key("Ngày kết thúc giai đoạn; sau `start`.")
    related: tuple[str, ...] = key("Các văn bản liên quan, nêu ở phần mở đầu.", ())
    units_noun: str = key('Cách gọi các đơn vị báo cáo trong lời văn ("đảng bộ").', "đơn vị")
    scope: str = key('Phạm vi trong lời văn ("toàn tỉnh").', "toàn tỉnh")
    max_value: int = key(
        "Số lớn nhất một ô số liệu được nhận; lớn hơn là lỗi.", 100_000, low=1, high=MAX_COUNT
    )
    phase: str = key("Tên giai đoạn; trống thì lấy từ `start` và `end`.", "")
    kind: str = key('Lời văn gọi chương trình là gì ("Đề án", "Kế hoạch").', "Đề án")
    body: str = key('Ai báo cáo ("Ban Chỉ đạo", "Ban Thường vụ").', "Ban Chỉ đạo")

    @property
    def phase_name(self) -> str:
        return self.phase or f"giai đoạn {self.start.year} - {self.end.year}"

    def findings(self) -> Iterator[Finding]:
        if self.end <= self.start:
            yield Finding(("end",), "phải sau programme.start")
        elif self.date > self.end:
            yield Finding(
                ("date",),
                f"ngày ban hành {format_date(self.date)} sau ngày kết thúc programme.end "
                f"({format_date(self.end)})",
                "config_date_outside",
            )


def _mm(doc: str, default: float, high: float = 500) -> Any:
    return key(doc, default, low=0, high=high)


def _pt(doc: str, default: float) -> Any:
    return key(f"Cỡ chữ (pt) {doc}.", default, low=4, high=72)


@dataclass(frozen=True, kw_only=True)
class DocumentFormat:
    """`[document.format]`: paper, margins, font and sizes of the Word report."""

    page_width_mm: float = key("Chiều rộng trang (mm).", 210, low=50, high=MAX_PAGE_MM)
    page_height_mm: float = key("Chiều cao trang (mm).", 297, low=50, high=MAX_PAGE_MM)
    margin_top_mm: float = _mm("Lề trên (mm).", 20)
    margin_bottom_mm: float = _mm("Lề dưới (mm).", 20)
    margin_left_mm: float = _mm("Lề trái (mm).", 30)
    margin_right_mm: float = _mm("Lề phải (mm).", 15)
    font: str = key("Phông chữ.", "Times New Roman")
    party_name_pt: float = _pt("dòng tên Đảng", 15)
    superior_body_pt: float = _pt("tên cơ quan cấp trên", 14)
    issuing_body_pt: float = _pt("tên cơ quan ban hành", 14)
    number_line_pt: float = _pt("dòng số, ký hiệu", 14)
    date_line_pt: float = _pt("dòng địa danh, ngày tháng", 14)
    title_pt: float = _pt("tên loại văn bản", 16)
    subject_pt: float = _pt("trích yếu", 14)
    body_pt: float = _pt("nội dung", 14)
    table_pt: float = _pt("trong bảng", 12)
    recipients_heading_pt: float = _pt('chữ "Nơi nhận"', 14)
    recipients_pt: float = _pt("các dòng nơi nhận", 12)
    first_line_indent_mm: float = _mm("Thụt đầu dòng đoạn văn (mm).", 12.7, high=100)

    def findings(self) -> Iterator[Finding]:
        if not self.font:
            yield Finding(("font",), "cần tên một phông chữ")
        if self.margin_left_mm + self.margin_right_mm >= self.page_width_mm - 50:
            yield Finding(
                ("margin_left_mm",),
                "lề trái và lề phải để lại quá ít chỗ cho chữ (cần ít nhất 50 mm)",
            )
        if self.margin_top_mm + self.margin_bottom_mm >= self.page_height_mm - 50:
            yield Finding(
                ("margin_top_mm",),
                "lề trên và lề dưới để lại quá ít chỗ cho chữ (cần ít nhất 50 mm)",
            )


@dataclass(frozen=True, kw_only=True)
class Document:
    """`[document]`: the lines of the report around its text (HD 36 layout)."""

    superior_body: str = key('Tên cơ quan cấp trên ("ĐẢNG BỘ TỈNH LÀO CAI").')
    issuing_body: tuple[str, ...] = key("Các dòng tên cơ quan ban hành.", ())
    party_name: str = key("Dòng tên Đảng.", "ĐẢNG CỘNG SẢN VIỆT NAM")
    number_line: str = key("Dòng số, ký hiệu (giữ nguyên các dấu cách).", "", keep_spaces=True)
    place: str = key("Địa danh ở dòng ngày tháng.")
    title: str = key("Tên loại văn bản.", "BÁO CÁO")
    subject: str = key(
        "Trích yếu; chỉ dùng được {period} và {next_period}.",
        placeholders=("period", "next_period"),
    )
    signature_role: tuple[str, ...] = key("Các dòng chức vụ ký.", ())
    signer: str = key("Họ tên người ký; trống thì in chỗ `signer_placeholder`.", "")
    recipients: tuple[str, ...] = key("Các dòng nơi nhận.", ())
    format: DocumentFormat = key("Thể thức văn bản.", factory=DocumentFormat)
    signer_placeholder: str = key(
        "Chữ in (tô nền) ở chỗ tên người ký khi `signer` trống.", "[Họ và tên]"
    )
    appendix_line: str = key(
        "Dòng dưới tiêu đề phụ lục; chỉ dùng được {date} (ngày báo cáo).",
        "(Kèm theo Báo cáo số     -BC/BCĐ, ngày {date} của Ban Chỉ đạo)",
        keep_spaces=True,
        placeholders=("date",),
    )
    draft_mark: str = key(
        "Dấu ở đầu trang nhất khi báo cáo còn chỗ cần điền; trống thì không có.", "DỰ THẢO"
    )


@dataclass(frozen=True)
class Unit:
    """`[[units]]`: a reporting unit and the days it reports for (from, until; None: no limit)."""

    name: str = key('Tên chuẩn của đơn vị ("Xã Bát Xát").')
    short: str = key("Tên ngắn trong bảng và lời văn.", same_as="name")
    aliases: tuple[str, ...] = key("Các tên gọi khác được nhận trong biểu.", ())
    valid_from: datetime.date | None = key(
        "Ngày đầu đơn vị báo cáo; không có: từ trước.", None, toml="from"
    )
    valid_until: datetime.date | None = key(
        "Ngày cuối đơn vị báo cáo; không trước `from`; không có: đến nay.", None, toml="until"
    )

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
            parts.append(f"từ {format_date(self.valid_from)}")
        if self.valid_until is not None:
            parts.append(f"đến {format_date(self.valid_until)}")
        return " ".join(parts) or "không giới hạn"

    def findings(self) -> Iterator[Finding]:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            yield Finding(("until",), "phải không trước from")


@dataclass(frozen=True, kw_only=True)
class Era:
    """`[[eras]]`: from a day on, the words that follow the reporting units: how the text calls
    them and who receives the report ('Các đảng ủy xã, phường' once the communes report)."""

    start: datetime.date = key(
        "Ngày bắt đầu: kỳ bắt đầu từ ngày này dùng các giá trị dưới; mỗi ngày một mục.", toml="from"
    )
    units_noun: str = key("Cách gọi các đơn vị; trống: như `programme.units_noun`.", "")
    recipients: tuple[str, ...] = key("Các dòng nơi nhận; trống: như `document.recipients`.", ())


@dataclass(frozen=True, kw_only=True)
class Target:
    """`[indicators.target]`: 'programme' (min, max on the cumulative value) or a per-year one."""

    kind: TargetKind = key(
        "programme: khoảng min - max cả giai đoạn, trên số lũy kế; annual_count: số mỗi năm "
        "(đánh giá trên số lũy kế từ đầu năm); annual_percent: phần trăm mỗi năm của số gốc."
    )
    statement: str = key("Câu nêu mục tiêu như văn bản đã viết.", "")
    min: int | None = key("Mức thấp nhất (programme; cần, lớn hơn 0).", None, low=0, high=MAX_COUNT)
    max: int | None = key(
        "Mức cao nhất (programme); không nhỏ hơn min.", None, low=0, high=MAX_COUNT
    )
    per_year: int | None = key("Số mỗi năm (annual_count).", None, low=0, high=MAX_COUNT)
    percent: float | None = key("Phần trăm mỗi năm (annual_percent).", None, above=0, high=100)
    base: int | None = key("Số gốc của phần trăm (annual_percent).", None, low=1, high=MAX_COUNT)
    base_label: str = key("Lời văn gọi số gốc.", "")
    until: datetime.date | None = key(
        "Ngày cuối của mục tiêu, trong giai đoạn; không có: `programme.end`.", None
    )

    def findings(self) -> Iterator[Finding]:
        needed = {
            "programme": ("min",),
            "annual_count": ("per_year",),
            "annual_percent": ("percent", "base"),
        }[self.kind]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            yield Finding((missing[0],), f'mục tiêu kind = "{self.kind}" cần khóa này')
        elif self.kind == "programme" and not self.min:
            yield Finding(("min",), "cần một số nguyên dương")
        if self.min is not None and self.max is not None and self.max < self.min:
            yield Finding(("max",), f"{self.max} nhỏ hơn min = {self.min}")


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """`[[indicators]]`: one figure every unit reports."""

    code: str = key("Mã chỉ tiêu (chữ không dấu), không trùng.")
    label: str = key("Tên chỉ tiêu, như tiêu đề cột của biểu.")
    unit: str = key('Đơn vị tính ("người", "tổ chức").', "")
    object: str = key('Danh từ trong lời văn ("đảng viên").', "")
    action: str = key('Động từ trong lời văn ("kết nạp").', "")
    column: str = key("Tiêu đề cột trong biểu mẫu.", same_as="label")
    where: str = key('Thêm sau danh từ trong câu kết quả ("trong các đơn vị …").', "")
    aliases: tuple[str, ...] = key("Các tên gọi khác của cột được nhận trong biểu.", ())
    part_of: str | None = key("Mã chỉ tiêu mà chỉ tiêu này là một phần.", None)
    target: Target | None = key("Mục tiêu của chỉ tiêu.", None)


@dataclass(frozen=True, kw_only=True)
class Group:
    """`[[groups]]`: indicators the results section reports under one heading."""

    title: str = key('Tiêu đề nhóm ("1. Phát triển đảng viên").')
    indicators: tuple[str, ...] = key("Mã các chỉ tiêu của nhóm; mỗi mã một nhóm.", ())


@dataclass(frozen=True, kw_only=True)
class Plausibility:
    """`[plausibility]`: when a figure is far from its usual range (see plausibility.py)."""

    enabled: bool = key("Báo số liệu khác thường.", True)
    factor: float = key(
        "Số độ lệch (thang log) so với trung vị trở lên là khác thường.", 3.5, low=1, high=100
    )
    min_ratio: float = key(
        "Gấp không quá ngần này lần số thường gặp thì không báo.", 4.0, low=1, high=1000
    )
    min_difference: int = key("Chênh không quá ngần này thì không báo.", 10, low=0, high=1_000_000)
    min_history: int = key("Số kỳ trước của đơn vị cần có để so với chính nó.", 3, low=1, high=100)
    min_peers: int = key(
        "Số đơn vị khác cần có để so với các đơn vị cùng kỳ.", 5, low=1, high=10_000
    )


@dataclass(frozen=True, kw_only=True)
class Rule:
    """`[[rules]]`: a relation the programme's figures must keep, per unit and province:
    left (an indicator) operator right (an indicator or a whole number) plus margin, on the
    period or the cumulative figures; applied only where `when` (an indicator) is above 0."""

    left: str = key("Mã chỉ tiêu vế trái.")
    operator: RuleOperator = key("Phép so sánh.")
    right: str | int = key("Mã chỉ tiêu hoặc số nguyên vế phải.", low=0, high=MAX_COUNT)
    instruction: str = key("Lời hướng dẫn đơn vị sửa khi vi phạm.")
    value: Literal["period", "cumulative"] = key("So số trong kỳ hay số lũy kế.", "period")
    margin: int = key("Số được phép chênh thêm.", 0, low=0, high=MAX_COUNT)
    when: str | None = key("Chỉ xét khi chỉ tiêu mã này lớn hơn 0.", None)
    importance: Literal["error", "warning"] = key("Vi phạm là lỗi hay cảnh báo.", "warning")


@dataclass(frozen=True, kw_only=True)
class Config:
    """The whole file: the programme, its report, units, indicators and checks."""

    programme: Programme = key("Chương trình.")
    document: Document = key("Văn bản báo cáo.")
    units: tuple[Unit, ...] = key(
        "Các đơn vị báo cáo; trống: nhận mọi đơn vị có trong biểu.", (), max_items=MAX_UNITS
    )
    indicators: tuple[Indicator, ...] = key("Các chỉ tiêu.", min_items=1)
    source: str = ""  # where the configuration came from, for messages
    groups: tuple[Group, ...] = key("Các nhóm chỉ tiêu của phần kết quả.", ())
    eras: tuple[Era, ...] = key("Cách gọi đơn vị và nơi nhận đổi từ một ngày.", ())
    rules: tuple[Rule, ...] = key("Các quy tắc số liệu phải giữ.", ())
    plausibility: Plausibility = key("Ngưỡng của số liệu khác thường.", factory=Plausibility)

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

    def speaking(
        self, start: datetime.date, names: Collection[str], issued: datetime.date
    ) -> Config:
        """The configuration as a report speaks: the units noun of the era its units belong to
        (a year report sent by communes calls them communes, although the year began with
        districts), the recipients of the era it is issued in (never committees abolished
        before the date of issue)."""
        starts = [u.valid_from for u in self.units if u.name in names and u.valid_from]
        words = max([start, *starts])
        return replace(self.at(words), document=self.at(max(words, issued)).document)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def indicator_index(self) -> dict[str, Indicator]:
        """Key of every label and alias → indicator."""
        index: dict[str, Indicator] = {}
        for indicator in self.indicators:
            for name in (indicator.label, *indicator.aliases):
                index.setdefault(label_key(name), indicator)
        return index

    def findings(self) -> Iterator[Finding]:
        """What no single table can see: names two units or indicators share, codes that
        do not exist, targets ending outside the programme, two eras begun the same day."""
        yield from _unit_names_shared(self.units)
        yield from _indicator_findings(self.indicators, self.programme)
        codes = {i.code for i in self.indicators}
        grouped: set[str] = set()
        for g, group in enumerate(self.groups):
            for code in group.indicators:
                if code not in codes:
                    yield Finding(
                        ("groups", g, "indicators"), f'mã "{code}" không có trong cấu hình'
                    )
                elif code in grouped:
                    yield Finding(("groups", g, "indicators"), f'mã "{code}" đã thuộc nhóm khác')
                grouped.add(code)
        begun: dict[date, int] = {}
        for e, era in enumerate(self.eras):
            if (first := begun.setdefault(era.start, e)) != e:
                yield Finding(
                    ("eras", e, "from"),
                    f"eras[{first + 1}] cũng bắt đầu ngày {format_date(era.start)}; mỗi ngày "
                    "một mục [[eras]]",
                )
        for r, rule in enumerate(self.rules):
            if rule.left not in codes:
                yield Finding(("rules", r, "left"), "cần mã một chỉ tiêu")
            if isinstance(rule.right, str) and rule.right not in codes:
                yield Finding(("rules", r, "right"), "cần mã một chỉ tiêu hoặc một số nguyên")
            if rule.when is not None and rule.when not in codes:
                yield Finding(("rules", r, "when"), "cần mã một chỉ tiêu")


def _unit_names_shared(units: tuple[Unit, ...]) -> Iterator[Finding]:
    """A name may be shared by two units that never report in the same period (Huyện Bát
    Xát until 30/6/2025, Xã Bát Xát from 1/7/2025), and by units of contradicting kinds."""
    seen: dict[str, list[Unit]] = {}
    for u, unit in enumerate(units):
        names = [("name", unit.name), ("short", unit.short)]
        names += [("aliases", alias) for alias in unit.aliases]
        for where, name in names:
            owners = seen.setdefault(unit_key(name), [])
            for other in owners:
                if (
                    other.name != unit.name
                    and other.reports_in(unit.valid_from or date.min, unit.valid_until or date.max)
                    and (other.kind is None or unit.kind is None or other.kind == unit.kind)
                ):
                    yield Finding(
                        ("units", u, where),
                        f'tên "{name}" của đơn vị "{unit.name}" trùng với đơn vị "{other.name}"',
                        "config_ambiguous_unit",
                    )
                    break
            if unit not in owners:
                owners.append(unit)


def _indicator_findings(
    indicators: tuple[Indicator, ...], programme: Programme
) -> Iterator[Finding]:
    """Codes and names shared by two indicators, a part_of that does not exist, a target
    ending outside the programme."""
    codes: dict[str, int] = {}
    labels: dict[str, str] = {}
    start, end = programme.start, programme.end
    for i, indicator in enumerate(indicators):
        if (first := codes.setdefault(indicator.code, i)) != i:
            yield Finding(
                ("indicators", i, "code"),
                f'mã "{indicator.code}" trùng với indicators[{first + 1}]',
            )
        names = [("label", indicator.label)] + [("aliases", a) for a in indicator.aliases]
        for where, name in names:
            owner = labels.setdefault(label_key(name), indicator.code)
            if owner != indicator.code:
                yield Finding(
                    ("indicators", i, where),
                    f'tên "{name}" của chỉ tiêu {indicator.code} trùng với chỉ tiêu {owner}',
                    "config_ambiguous_indicator",
                )
        until = indicator.target.until if indicator.target else None
        if until is not None and not start <= until <= end:
            when = "trước ngày bắt đầu" if until < start else "sau ngày kết thúc"
            yield Finding(
                ("indicators", i, "target", "until"),
                f"ngày {format_date(until)} {when} của chương trình (từ {format_date(start)} đến "
                f"{format_date(end)}); mục tiêu phải kết thúc trong thời gian của chương trình: "
                "sửa ngày, hoặc sửa programme.start, programme.end",
                "config_date_outside",
            )
    for i, indicator in enumerate(indicators):
        if indicator.part_of is not None and indicator.part_of not in codes:
            yield Finding(
                ("indicators", i, "part_of"), f'không có chỉ tiêu mã "{indicator.part_of}"'
            )


def default_config_text() -> str:
    """The text of the configuration shipped with the tool."""
    return resources.files("dean24").joinpath("data", DEFAULT_CONFIG_NAME).read_text("utf-8")


def read_config_text(path: Path) -> str:
    """The text of a configuration file: a regular file of at most MAX_CONFIG_BYTES."""
    from dean24.core.userfiles import FileTooLarge, NotRegularFile, read_bounded

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
    return config_from_text(text, source)


@functools.lru_cache(maxsize=16)
def config_from_text(text: str, source: str) -> Config:
    """The configuration a TOML text declares; ConfigError (every mistake with its key and
    line, or the syntax error) when it is not one. A Config is frozen all through, so one
    text read again (a batch, a service) is parsed once."""
    _check_unit_count(text, None, source)  # before parsing: 100.000 units take seconds
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            "config_syntax", f"Tệp cấu hình sai cú pháp TOML: {exc}", Location(file=source)
        ) from None
    _check_unit_count(text, data, source)
    config: Config = read_tables(Config, data, text, source)
    return replace(config, source=source)


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
