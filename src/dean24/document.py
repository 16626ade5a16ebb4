"""The report's words: every sentence of the report is written here, once, for all formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from dean24.config import Config, Indicator
from dean24.errors import Location
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


_STATUS_ORDER = {"exceeded": 0, "met": 1, "on_track": 2, "behind": 3, "no_target": 4}


def status_label(result: IndicatorResult, elapsed_share: float) -> str:
    """The status in words: a per-year target is 'Chưa đạt', not late; at the programme's end
    a whole-programme target not reached is 'Không đạt'."""
    if result.status == "behind":
        if result.target_kind != "programme":
            return "Chưa đạt"
        if elapsed_share >= 1:
            return "Không đạt"
    return STATUS_LABELS[result.status]


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
    appendix_line: str = ""  # under the appendix heading: "(Kèm theo Báo cáo số ...)"

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
        return f"{format_number(value, 2)} {noun}".strip()

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
            appendix_line=doc.appendix_line.format(date=format_date(report_date)),
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
        missing = [self._short(n) for n in self.model.missing_units]
        absent = f" (chưa có báo cáo của {join_vi(missing)})" if missing else ""
        self._add(
            "para",
            f"Thực hiện {p.name}, ngày {format_date(p.date)} của {p.issuer} {p.title} "
            f"(sau đây gọi là {p.short_name}), trên cơ sở báo cáo của {reported}/{total} "
            f"{p.units_noun}{absent}, Ban Chỉ đạo báo cáo kết quả thực hiện {p.short_name} "
            f"trong {self.period} như sau:",
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
        self._overview()
        for result in self.model.indicators:
            if self._ind(result.code).part_of:
                continue
            sentences = [self._result_sentence(result, children.get(result.code, []))]
            if judged := self._judgement(result):
                sentences.append(judged)
            if whole_year := self._year_sentence(result):
                sentences.append(whole_year)
            if compared := self._comparison(result):
                sentences.append(compared)
            self._add("para", " ".join(sentences))
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
        where = f" {ind.where}" if ind.where else ""
        if r.period_value:
            head = (
                f"Trong {self.period}, {self.scope} {ind.action} được "
                f"{format_int(r.period_value)} {ind.object}{where}"
            )
        else:
            head = (
                f"Trong {self.period}, {self.scope} chưa {ind.action} được {ind.object} mới{where}"
            )
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
            f"mục tiêu Đề án ({r.target_statement})" if r.target_statement else "mục tiêu Đề án"
        )
        share = format_percent(self.model.elapsed_share)
        pct = format_percent(r.percent_of_target) if r.percent_of_target is not None else ""
        if r.target_kind == "programme":
            if r.status == "behind" and self.model.elapsed_share >= 1:
                return (
                    f"Kết thúc thời gian thực hiện Đề án, kết quả này mới đạt {pct} {statement}, "
                    "không đạt mục tiêu."
                )
            return {
                "exceeded": f"Kết quả này đã vượt {statement}.",
                "met": f"Kết quả này đã đạt {statement}.",
                "on_track": (
                    f"Kết quả này đạt {pct} {statement}, bằng hoặc vượt tiến độ thời gian thực "
                    f"hiện Đề án (đã qua {share} thời gian)."
                ),
                "behind": (
                    f"Kết quả này mới đạt {pct} {statement}, chậm so với tiến độ thời gian thực "
                    f"hiện Đề án (đã qua {share} thời gian)."
                ),
            }[r.status]
        ind = self._ind(r.code)
        target = ind.target
        need = self._count(r.period_target or 0, ind.object)
        if r.target_kind == "annual_percent" and target and r.rate_of_base is not None:
            share_of_year = self.model.period.share_of_year
            for_period = format_number((target.percent or 0) * float(share_of_year), 2)
            yearly = self._count(r.annual_target or 0, ind.object)
            opening = (
                f"Số {ind.object} được {ind.action} trong kỳ bằng "
                f"{format_percent(r.rate_of_base)} tổng số {format_int(target.base or 0)} "
                f"{target.base_label}; mục tiêu Đề án là {r.target_statement} (tương đương "
                f"{yearly} trở lên)"
            )
            if share_of_year != 1:
                opening += f", tính cho {self.period} là {for_period}% ({need})"
        else:
            opening = f"Mục tiêu Đề án là {r.target_statement}"
            if self.model.period.share_of_year != 1:
                opening += f", tính cho {self.period} là {need}"
        verdict = {
            "exceeded": "kết quả trong kỳ đã vượt mức này",
            "met": "kết quả trong kỳ đạt mức này",
            "behind": f"kết quả trong kỳ mới đạt {pct}, chưa đạt mục tiêu",
        }[r.status]
        return f"{opening}: {verdict}."

    def _year_sentence(self, r: IndicatorResult) -> str:
        """For the last period of a year, the whole year against a per-year target, from the
        stored earlier periods of the same year."""
        period = self.model.period
        if r.target_kind not in {"annual_count", "annual_percent"} or period.kind == "Y":
            return ""
        last = {"H": 2, "Q": 4}[period.kind]
        points = [p for p in self.model.trend if p.period.year == period.year]
        if period.index != last or len(points) != last or r.annual_target is None:
            return ""
        total = sum(p.totals.get(r.code, (0, 0))[0] for p in points)
        ind = self._ind(r.code)
        target = ind.target
        rate = ""
        if r.target_kind == "annual_percent" and target and target.base:
            rate = f", bằng {format_percent(total / target.base)} tổng số {format_int(target.base)}"
            rate += f" {target.base_label}"
        if total > r.annual_target:
            verdict = "vượt"
        elif total == r.annual_target:
            verdict = "đạt"
        else:
            verdict = "chưa đạt"
        return (
            f"Cả năm {period.year} {ind.action} được {format_int(total)} {ind.object}{rate}, "
            f"{verdict} mục tiêu năm ({self._count(r.annual_target, ind.object)})."
        )

    def _comparison(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        phrases = []
        for comparison, name in ((r.previous, "kỳ trước"), (r.year_before, "cùng kỳ năm trước")):
            if comparison is None:
                continue
            diff = r.period_value - comparison.period_value
            shown = self._count(comparison.period_value, ind.unit)
            earlier = f"{name} ({comparison.period.label}: {shown})"
            if diff == 0:
                phrases.append(f"bằng {earlier}")
            else:
                change = "tăng" if diff > 0 else "giảm"
                phrases.append(f"{change} {self._count(abs(diff), ind.unit)} so với {earlier}")
        if not phrases:
            return ""
        return f"Số trong kỳ {join_vi(phrases)}."

    def _overview(self) -> None:
        # Grouped by the status in words, best first ("chưa đạt" for a per-year target,
        # "chậm tiến độ" for a whole-programme one).
        groups: dict[str, list[str]] = {}
        for r in sorted(self.model.indicators, key=lambda r: _STATUS_ORDER[r.status]):
            if r.target_kind is not None:
                label = status_label(r, self.model.elapsed_share).lower()
                groups.setdefault(label, []).append(self._activity(self._ind(r.code)))
        parts = [
            f"{len(names)} chỉ tiêu {label} ({join_vi(names)})" for label, names in groups.items()
        ]
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
        if self.model.missing_units:
            names = [self._short(n) for n in self.model.missing_units]
            items.append(
                f"Còn {len(names)} {noun} ({join_vi(names)}) chưa gửi báo cáo {self.period}, "
                "ảnh hưởng đến việc tổng hợp, đánh giá chung; số liệu trong báo cáo chưa bao gồm "
                "các đơn vị này."
            )
        for r in self.model.indicators:
            if r.status == "behind":
                items.append(self._behind_sentence(r))
        for r in self.model.indicators:
            ind = self._ind(r.code)
            if r.target_kind is None or not r.units_without_result:
                continue
            names = [self._short(n) for n in r.units_without_result]
            lacking = (
                f"chưa {ind.action} được {ind.object}"
                if ind.action and ind.object
                else f"chưa có kết quả về {self._activity(ind)}"
            )
            if len(names) == len(reported):
                items.append(
                    f"Chưa {noun} nào {lacking.removeprefix('chưa ')} trong {self.period}."
                )
            else:
                items.append(
                    f"Có {len(names)} {noun} {lacking} trong {self.period}: {join_vi(names)}."
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
            share_of_year = float(self.model.period.share_of_year)
            for_period = (
                f", tính cho {self.period} là "
                f"{format_number((target.percent or 0) * share_of_year, 2)}%"
                if share_of_year != 1
                else ""
            )
            return (
                f"Số {ind.object} được {ind.action} trong {self.period} mới đạt "
                f"{format_percent(r.rate_of_base)} so với tổng số {format_int(target.base or 0)} "
                f"{target.base_label}, trong khi mục tiêu Đề án là mỗi năm {ind.action} được "
                f"{format_number(target.percent or 0)}% (tương đương "
                f"{self._count(r.annual_target or 0, ind.object)} trở lên/"
                f"{format_int(target.base or 0)} {target.base_label}){for_period}."
            )
        if r.target_kind == "programme":
            return (
                f"Từ khi thực hiện Đề án mới {ind.action} được "
                f"{format_int(r.cumulative_value)} {ind.object}, đạt {pct} so với mục tiêu "
                f"Đề án ({format_int(r.target_min or 0)} {ind.object}), thấp hơn tiến độ thời "
                f"gian thực hiện Đề án (đã qua {format_percent(self.model.elapsed_share)} "
                "thời gian)."
            )
        return (
            f"Số {ind.object} được {ind.action} trong {self.period} "
            f"({format_int(r.period_value)}) chưa đạt mức cần có theo mục tiêu Đề án "
            f"({self._count(r.period_target or 0, ind.object)} trong kỳ; {r.target_statement})."
        )

    def _tasks(self, next_period: str) -> None:
        self._add("h1", f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period.upper()}")
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
            in_period = format_number(r.period_target or 0, 2)
            return f"{format_int(r.annual_target or 0)}/năm ({in_period} trong kỳ)"
        if r.target_kind == "annual_percent" and ind.target:
            return (
                f"{format_number(ind.target.percent or 0)}%/năm = "
                f"{format_int(r.annual_target or 0)}"
                f" ({format_number(r.period_target or 0, 2)} trong kỳ)"
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
                    status_label(r, self.model.elapsed_share),
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
                where = Location(
                    PurePath(warning.location.file).name if warning.location.file else "",
                    warning.location.sheet,
                    warning.location.cell,
                ).describe()
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
