"""The report's words: every sentence of the report is written here, once, for all formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dean24.config import Config, Indicator
from dean24.model import IndicatorResult, ReportModel, TrendPoint
from dean24.notes import Notes
from dean24.text import (
    format_date,
    format_date_line,
    format_int,
    format_number,
    format_percent,
    join_vi,
    sentence_case,
)

STATUS_LABELS = {
    "exceeded": "Vượt mục tiêu",
    "met": "Đạt mục tiêu",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "no_target": "Không đặt mục tiêu",
}

PLACEHOLDER_MARK = "[CẦN BỔ SUNG]"


@dataclass
class Block:
    """One piece of the body: 'h1' (I.), 'h2' (1.), 'para', 'bullet', 'placeholder', 'table'."""

    kind: str
    text: str = ""
    table: int | None = None  # index into ReportDocument.tables for kind 'table'


@dataclass
class Table:
    number: int
    title: str
    header: list[str]
    rows: list[list[str]]
    align: list[str]  # 'left', 'right' or 'center' per column
    note: str = ""
    chart: str = ""  # the chart a renderer shows after this table: 'progress', 'trend' or ''


@dataclass
class TrendSeries:
    """One indicator's cumulative value over the stored periods, for the trend chart."""

    label: str
    values: list[int]


@dataclass
class ChartBar:
    label: str
    value: float  # fraction of target reached
    status: str


@dataclass
class ReportDocument:
    """Everything a renderer needs, as finished Vietnamese text."""

    superior_body: str
    issuing_body: list[str]
    party_name: str
    number_line: str
    place_date: str
    title: str
    subject: str
    blocks: list[Block]  # the body, up to the signature
    tables: list[Table]
    signature_role: list[str]
    signer: str
    recipients: list[str]
    chart: list[ChartBar] = field(default_factory=list)
    chart_caption: str = ""
    elapsed_share: float | None = None  # share of the programme's time gone, for the chart
    appendix: list[Block] = field(default_factory=list)  # the data tables, after the signature
    trend_periods: list[str] = field(default_factory=list)  # short period labels, oldest first
    trend: list[TrendSeries] = field(default_factory=list)  # with three periods or more
    trend_caption: str = ""

    def paragraphs(self) -> list[str]:
        """The text of the body and the appendix in order (tables left out)."""
        return [b.text for b in [*self.blocks, *self.appendix] if b.kind != "table"]


class Writer:
    """Turns a ReportModel into the report's sentences."""

    def __init__(self, model: ReportModel, config: Config, notes: Notes | None) -> None:
        self.model = model
        self.config = config
        self.notes = notes or Notes()
        self.period = model.period.label
        self.scope = config.programme.scope
        self.blocks: list[Block] = []
        self.tables: list[Table] = []

    # ----- small phrases --------------------------------------------------------------------

    def _ind(self, code: str) -> Indicator:
        return self.config.indicator(code)

    def _short(self, unit_name: str) -> str:
        for unit in self.config.units:
            if unit.name == unit_name:
                return unit.short
        return unit_name

    def _activity(self, ind: Indicator) -> str:
        """'kết nạp đảng viên', or the label when the configuration gives no verb."""
        return f"{ind.action} {ind.object}" if ind.action and ind.object else ind.label.lower()

    @staticmethod
    def _count(value: float | int, noun: str) -> str:
        return f"{format_number(value)} {noun}".strip()

    # ----- sections -------------------------------------------------------------------------

    def build(self, report_date: date) -> ReportDocument:
        doc = self.config.document
        programme = self.config.programme
        next_period = self.model.period.next().label
        subject = doc.subject.format(period=self.period, next_period=next_period)
        self._intro()
        self._leadership()
        self._results()
        self._shortcomings()
        self._tasks(next_period)
        body, self.blocks = self.blocks, []
        self._appendix()
        return ReportDocument(
            superior_body=doc.superior_body,
            issuing_body=list(doc.issuing_body),
            party_name=doc.party_name,
            number_line=doc.number_line,
            place_date=f"{doc.place}, {format_date_line(report_date)}",
            title=doc.title,
            subject=sentence_case(subject),
            blocks=body,
            appendix=self.blocks,
            tables=self.tables,
            signature_role=list(doc.signature_role),
            signer=doc.signer,
            recipients=list(doc.recipients),
            chart=self._chart(),
            elapsed_share=self.model.elapsed_share,
            trend_periods=[point.period.short_label for point in self._trend_points()],
            trend=self._trend_series(),
            trend_caption=(
                "Số lũy kế các chỉ tiêu qua các kỳ báo cáo" if self._trend_points() else ""
            ),
            chart_caption=(
                f"Kết quả thực hiện các chỉ tiêu so với mục tiêu {programme.short_name} "
                f"({self.period})"
            ),
        )

    def _add(self, kind: str, text: str = "", table: int | None = None) -> None:
        self.blocks.append(Block(kind, text, table))

    def _notes_or_placeholder(self, section: str, what: str) -> None:
        items = self.notes.get(section)
        if not items:
            self._add("placeholder", f"{PLACEHOLDER_MARK} {what}")
            return
        for item in items:
            if item.startswith("- "):
                self._add("bullet", item[2:])
            else:
                self._add("para", item)

    def _intro(self) -> None:
        p = self.config.programme
        reported = len([u for u in self.model.units if u.reported])
        total = len(self.model.units)
        self._add(
            "para",
            f"Thực hiện {p.name}, ngày {format_date(p.date)} của {p.issuer} {p.title} "
            f"(sau đây gọi là {p.short_name}), trên cơ sở báo cáo của {reported}/{total} "
            f"{p.units_noun}, Ban Chỉ đạo báo cáo kết quả thực hiện {p.short_name} "
            f"trong {self.period} "
            "như sau:",
        )

    def _leadership(self) -> None:
        self._add("h1", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
        related = self.config.programme.related
        hint = f" (trong đó có việc triển khai {join_vi(list(related))})" if related else ""
        self._notes_or_placeholder(
            "leadership",
            "Nêu công tác lãnh đạo, chỉ đạo, tuyên truyền, quán triệt và triển khai "
            f"{self.config.programme.short_name} trong {self.period}{hint}.",
        )

    def _results(self) -> None:
        self._add("h1", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
        children: dict[str, list[IndicatorResult]] = {}
        for result in self.model.indicators:
            parent = self._ind(result.code).part_of
            if parent:
                children.setdefault(parent, []).append(result)
        for result in self.model.indicators:
            if self._ind(result.code).part_of:
                continue
            sentences = [self._result_sentence(result, children.get(result.code, []))]
            if judged := self._judgement(result):
                sentences.append(judged)
            if compared := self._comparison(result):
                sentences.append(compared)
            self._add("para", " ".join(sentences))
        self._overview()
        self._add(
            "para",
            "Kết quả chi tiết từng chỉ tiêu và từng đơn vị tại Bảng 1 và Bảng 2 kèm theo báo cáo.",
        )

    def _result_sentence(self, r: IndicatorResult, parts: list[IndicatorResult]) -> str:
        ind = self._ind(r.code)
        if not (ind.action and ind.object):
            text = (
                f"{ind.label}: {self.period} có {self._count(r.period_value, ind.unit)}; lũy kế "
                f"từ khi thực hiện Đề án {self._count(r.cumulative_value, ind.unit)}"
            )
            return text + "."
        if r.period_value:
            head = (
                f"Trong {self.period}, {self.scope} {ind.action} được "
                f"{format_int(r.period_value)} {ind.object}"
            )
        else:
            head = f"Trong {self.period}, {self.scope} chưa {ind.action} được {ind.object} mới"
        inner = [f"{format_int(p.period_value)} {self._ind(p.code).object}" for p in parts]
        if inner and r.period_value:
            head += ", trong đó có " + join_vi(inner)
        tail = (
            f"; từ khi thực hiện Đề án đến nay đã {ind.action} được "
            f"{format_int(r.cumulative_value)} {ind.object}"
        )
        outer = [f"{format_int(p.cumulative_value)} {self._ind(p.code).object}" for p in parts]
        if outer:
            tail += ", với " + join_vi(outer)
        return head + tail + "."

    def _judgement(self, r: IndicatorResult) -> str:
        if r.target_kind is None:
            return ""
        statement = (
            f"mục tiêu Đề án ({r.target_statement})" if r.target_statement else ("mục tiêu Đề án")
        )
        share = format_percent(self.model.elapsed_share, 0)
        pct = format_percent(r.percent_of_target) if r.percent_of_target is not None else ""
        if r.target_kind == "programme":
            return {
                "exceeded": f"Kết quả này đã vượt {statement}.",
                "met": f"Kết quả này đã đạt {statement}.",
                "on_track": (
                    f"Kết quả này đạt {pct} {statement}, phù hợp với tiến độ thời gian thực hiện "
                    f"Đề án (đã qua {share} thời gian)."
                ),
                "behind": (
                    f"Kết quả này mới đạt {pct} {statement}, chậm so với tiến độ thời gian thực "
                    f"hiện Đề án (đã qua {share} thời gian)."
                ),
            }[r.status]
        ind = self._ind(r.code)
        target = ind.target
        if r.target_kind == "annual_percent" and target and r.rate_of_base is not None:
            statement = (
                f"mục tiêu Đề án ({r.target_statement}, tương đương "
                f"{self._count(r.annual_target or 0, ind.object)} trở lên mỗi năm)"
            )
            opening = (
                f"Số {ind.object} được {ind.action} trong kỳ bằng "
                f"{format_percent(r.rate_of_base)} tổng số {format_int(target.base or 0)} "
                f"{target.base_label},"
            )
        else:
            opening = "Kết quả trong kỳ"
        if r.status == "exceeded":
            return f"{opening} vượt {statement}."
        if r.status == "met":
            return f"{opening} đạt {statement}."
        return (
            f"{opening} chưa đạt {statement}: tính theo thời gian của kỳ báo cáo cần "
            f"{ind.action} {self._count(r.period_target or 0, ind.object)}, kết quả mới đạt {pct}."
        )

    def _comparison(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        phrases = []
        for comparison, name in ((r.previous, "kỳ trước"), (r.year_before, "cùng kỳ năm trước")):
            if comparison is None:
                continue
            phrases.append(
                f"so với {name} ({comparison.period.label}: "
                f"{format_int(comparison.period_value)}) "
                f"{self._change(r.period_value - comparison.period_value, ind.object)}"
            )
        if not phrases:
            return ""
        return sentence_case("; ".join(phrases)) + "."

    @staticmethod
    def _change(diff: int, noun: str) -> str:
        if diff > 0:
            return f"tăng {format_int(diff)} {noun}".rstrip()
        if diff < 0:
            return f"giảm {format_int(-diff)} {noun}".rstrip()
        return "không thay đổi"

    def _overview(self) -> None:
        groups: dict[str, list[str]] = {}
        for r in self.model.indicators:
            if r.target_kind is not None:
                groups.setdefault(r.status, []).append(self._activity(self._ind(r.code)))
        parts = []
        for status, words in (
            ("exceeded", "vượt mục tiêu"),
            ("met", "đạt mục tiêu"),
            ("on_track", "đúng tiến độ"),
            ("behind", "chậm tiến độ"),
        ):
            if names := groups.get(status):
                parts.append(f"{len(names)} chỉ tiêu {words} ({join_vi(names)})")
        if parts:
            self._add(
                "para",
                f"Đối chiếu với mục tiêu {self.config.programme.short_name}, có "
                + join_vi(parts)
                + ".",
            )

    def _shortcomings(self) -> None:
        self._add("h1", "III. HẠN CHẾ VÀ NGUYÊN NHÂN")
        self._add("h2", "1. Hạn chế")
        items: list[str] = []
        noun = self.config.programme.units_noun
        reported = [u.name for u in self.model.units if u.reported]
        for r in self.model.indicators:
            if r.status == "behind":
                items.append(self._behind_sentence(r))
        for r in self.model.indicators:
            ind = self._ind(r.code)
            if r.target_kind is None or not r.units_without_result:
                continue
            names = [self._short(n) for n in r.units_without_result]
            what = self._activity(ind) if ind.action else ind.label.lower()
            if len(names) == len(reported):
                items.append(
                    f"Chưa {noun} nào {ind.action or 'có kết quả'} được {ind.object or what} "
                    f"trong {self.period}."
                )
            else:
                items.append(
                    f"Có {len(names)} {noun} chưa {ind.action} được {ind.object} trong "
                    f"{self.period}: {join_vi(names)}."
                    if ind.action
                    else f"Có {len(names)} {noun} chưa có kết quả về {what}: {join_vi(names)}."
                )
        if self.model.missing_units:
            names = [self._short(n) for n in self.model.missing_units]
            items.append(
                f"Có {len(names)} {noun} chưa gửi báo cáo {self.period}: {join_vi(names)}."
            )
        items.extend(self.notes.get("shortcomings"))
        if not items:
            items.append(
                "Các chỉ tiêu có mục tiêu đều đạt hoặc vượt tiến độ; không có đơn vị nào chậm "
                "gửi báo cáo."
            )
        for item in items:
            self._add("bullet", item.removeprefix("- "))
        self._add("h2", "2. Nguyên nhân")
        self._notes_or_placeholder(
            "causes", "Nêu nguyên nhân khách quan, chủ quan của những hạn chế trên."
        )

    def _behind_sentence(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        pct = format_percent(r.percent_of_target) if r.percent_of_target is not None else ""
        target = ind.target
        if r.target_kind == "annual_percent" and target and r.rate_of_base is not None:
            return (
                f"Số {ind.object} được {ind.action} trong {self.period} mới đạt "
                f"{format_percent(r.rate_of_base)} so với tổng số {format_int(target.base or 0)} "
                f"{target.base_label}, trong khi mục tiêu Đề án là mỗi năm {ind.action} được "
                f"{format_number(target.percent or 0)}% (tương đương "
                f"{self._count(r.annual_target or 0, ind.object)} trở lên/"
                f"{format_int(target.base or 0)} {target.base_label})."
            )
        if r.target_kind == "programme":
            return (
                f"Từ khi thực hiện Đề án mới {ind.action} được "
                f"{format_int(r.cumulative_value)} {ind.object}, đạt {pct} so với mục tiêu "
                f"Đề án ({format_int(r.target_min or 0)} {ind.object}), thấp hơn tiến độ thời "
                f"gian thực hiện Đề án (đã qua {format_percent(self.model.elapsed_share, 0)} "
                "thời gian)."
            )
        return (
            f"Số {ind.object} được {ind.action} trong {self.period} "
            f"({format_int(r.period_value)}) chưa đạt mức cần có theo mục tiêu Đề án "
            f"({self._count(r.period_target or 0, ind.object)} trong kỳ; {r.target_statement})."
        )

    def _tasks(self, next_period: str) -> None:
        self._add("h1", f"IV. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM {next_period.upper()}")
        self._notes_or_placeholder(
            "tasks",
            f"Nêu nhiệm vụ, giải pháp trọng tâm {next_period}, nhất là với các chỉ tiêu còn chậm "
            "tiến độ.",
        )

    # ----- tables and chart -----------------------------------------------------------------

    def _target_cell(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        if r.target_kind == "programme":
            low = format_int(r.target_min or 0)
            return f"{low} - {format_int(r.target_max)}" if r.target_max is not None else low
        if r.target_kind == "annual_count":
            in_period = format_number(r.period_target or 0)
            return f"{format_int(r.annual_target or 0)}/năm ({in_period} trong kỳ)"
        if r.target_kind == "annual_percent" and ind.target:
            return (
                f"{format_number(ind.target.percent or 0)}%/năm = "
                f"{format_int(r.annual_target or 0)}"
                f" ({format_number(r.period_target or 0)} trong kỳ)"
            )
        return "—"

    def _appendix(self) -> None:
        rows = []
        for number, r in enumerate(self.model.indicators, start=1):
            rows.append(
                [
                    str(number),
                    r.label,
                    r.unit,
                    format_int(r.period_value),
                    format_int(r.cumulative_value),
                    self._target_cell(r),
                    format_percent(r.percent_of_target) if r.percent_of_target is not None else "—",
                    STATUS_LABELS[r.status],
                ]
            )
        self.tables.append(
            Table(
                1,
                f"Kết quả thực hiện các chỉ tiêu {self.period}",
                ["TT", "Chỉ tiêu", "ĐVT", "Trong kỳ", "Lũy kế", "Mục tiêu", "Tỷ lệ", "Đánh giá"],
                rows,
                ["center", "left", "center", "right", "right", "center", "right", "center"],
                chart="progress",
                note=(
                    f"Tỷ lệ: mục tiêu cả giai đoạn tính trên số lũy kế so với mức thấp nhất của "
                    "mục tiêu; mục tiêu hằng năm tính trên số trong kỳ so với mục tiêu quy theo "
                    f"thời gian của kỳ. Thời gian thực hiện Đề án đã qua "
                    f"{format_percent(self.model.elapsed_share)}."
                ),
            )
        )
        codes = [i.code for i in self.config.indicators]
        unit_rows = []
        for number, unit in enumerate(self.model.units, start=1):
            cells = [
                f"{format_int(unit.values[c][0])} / {format_int(unit.values[c][1])}"
                if c in unit.values
                else "—"
                for c in codes
            ]
            name = unit.name if unit.reported else f"{unit.name} (chưa báo cáo)"
            unit_rows.append([str(number), name, *cells])
        unit_rows.append(
            [
                "",
                "Tổng cộng",
                *[
                    f"{format_int(r.period_value)} / {format_int(r.cumulative_value)}"
                    for r in self.model.indicators
                ],
            ]
        )
        self.tables.append(
            Table(
                2,
                f"Kết quả của từng đơn vị {self.period}",
                ["TT", "Đơn vị", *[self._ind(c).column for c in codes]],
                unit_rows,
                ["center", "left", *["right"] * len(codes)],
                note="Mỗi ô: số trong kỳ / số lũy kế từ khi thực hiện Đề án.",
            )
        )
        self._add("h1", "PHỤ LỤC SỐ LIỆU")
        self._add("table", table=0)
        self._add("table", table=1)
        for extra in (self._comparison_table(), self._trend_table()):
            if extra is not None:
                extra.number = len(self.tables) + 1
                self.tables.append(extra)
                self._add("table", table=len(self.tables) - 1)
        if self.model.warnings:
            self._add("h2", "Lưu ý về số liệu đầu vào")
            for warning in self.model.warnings:
                where = warning.location.describe()
                self._add("bullet", f"{warning.message} ({where})" if where else warning.message)

    def _comparison_table(self) -> Table | None:
        results = self.model.indicators
        previous = next((r.previous for r in results if r.previous), None)
        year_before = next((r.year_before for r in results if r.year_before), None)
        if previous is None and year_before is None:
            return None
        header = ["TT", "Chỉ tiêu", self.model.period.label]
        for comparison in (previous, year_before):
            if comparison is not None:
                header += [comparison.period.label, "Tăng (+), giảm (-)"]
        rows = []
        for number, r in enumerate(results, start=1):
            row = [str(number), r.label, format_int(r.period_value)]
            for attr, present in (("previous", previous), ("year_before", year_before)):
                if present is None:
                    continue
                earlier = getattr(r, attr)
                if earlier is None:
                    row += ["—", "—"]
                else:
                    diff = r.period_value - earlier.period_value
                    row += [
                        format_int(earlier.period_value),
                        f"{'+' if diff > 0 else ''}{format_int(diff)}",
                    ]
            rows.append(row)
        return Table(
            len(self.tables) + 1,
            "So sánh số trong kỳ với các kỳ trước",
            header,
            rows,
            ["center", "left", *["right"] * (len(header) - 2)],
            note="Số liệu các kỳ trước lấy từ cơ sở dữ liệu lịch sử của các báo cáo đã lập.",
        )

    TREND_MIN_PERIODS = 3

    def _trend_points(self) -> list[TrendPoint]:
        trend = self.model.trend
        return trend if len(trend) >= self.TREND_MIN_PERIODS else []

    def _trend_series(self) -> list[TrendSeries]:
        points = self._trend_points()
        return [
            TrendSeries(
                self._ind(r.code).column,
                [point.totals.get(r.code, (0, 0))[1] for point in points],
            )
            for r in self.model.indicators
            if points
        ]

    def _trend_table(self) -> Table | None:
        points = self._trend_points()
        if not points:
            return None
        rows = []
        for number, r in enumerate(self.model.indicators, start=1):
            cells = []
            for point in points:
                value = point.totals.get(r.code)
                cells.append(f"{format_int(value[0])} / {format_int(value[1])}" if value else "—")
            rows.append([str(number), r.label, *cells])
        return Table(
            len(self.tables) + 1,
            "Diễn biến các chỉ tiêu qua các kỳ báo cáo",
            ["TT", "Chỉ tiêu", *[point.period.label for point in points]],
            rows,
            ["center", "left", *["right"] * len(points)],
            note="Mỗi ô: số trong kỳ / số lũy kế từ khi thực hiện Đề án.",
            chart="trend",
        )

    def _chart(self) -> list[ChartBar]:
        return [
            ChartBar(self._ind(r.code).column, r.percent_of_target, r.status)
            for r in self.model.indicators
            if r.percent_of_target is not None
        ]


def build_document(
    model: ReportModel, config: Config, notes: Notes | None, report_date: date
) -> ReportDocument:
    """The report's text for a model: header, body blocks, tables, signature."""
    return Writer(model, config, notes).build(report_date)
