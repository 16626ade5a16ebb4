"""The report's words: every sentence of the report is written here, once, for all formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from dean24.config import Config, Indicator
from dean24.errors import Location
from dean24.model import IndicatorResult, ReportModel, TrendPoint, YearResult
from dean24.notes import Notes
from dean24.status import STATUS_LABELS, STATUS_ORDER, is_short, percent_basis, status_label
from dean24.text import (
    format_date,
    format_date_line,
    format_int,
    format_number,
    format_percent,
    join_vi,
    sentence_case,
)

__all__ = ["STATUS_LABELS", "ReportDocument", "build_document", "status_label"]

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
    # Sub-headings when every cell after the first two holds two figures joined by PAIR_SEP
    # ("5 / 52": in the period, cumulative): Word shows them as two sub-columns.
    pair: tuple[str, ...] = ()
    total: bool = False  # the last row is the total of the others


PAIR_SEP = " / "
PAIR_HEADINGS = ("Trong kỳ", "Lũy kế")


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
    words: str = ""  # the status in words, as the tables write it


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
            # The elapsed-time line means something only while the phase runs.
            elapsed_share=(
                self.model.elapsed_share
                if self.model.period.end < self.config.programme.end
                else None
            ),
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

    # ----- judgements over each target's horizon ---------------------------------------------

    @property
    def _phase(self) -> str:
        return self.config.programme.phase_name

    def _target_end(self, r: IndicatorResult) -> date:
        target = self._ind(r.code).target
        return (target.until if target and target.until else None) or self.config.programme.end

    def _judgement(self, r: IndicatorResult) -> str:
        if r.target_kind is None:
            return ""
        if r.target_kind == "programme":
            return self._programme_judgement(r)
        return self._annual_judgement(r)

    def _programme_judgement(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        statement = (
            f"mục tiêu Đề án ({r.target_statement})" if r.target_statement else "mục tiêu Đề án"
        )
        pct = format_percent(r.percent_of_target) if r.percent_of_target is not None else ""
        if r.status == "closed":
            closing = r.closing
            if closing is None:
                return f"Mục tiêu {self._phase} ({r.target_statement}) đã kết thúc."
            verdict = {"exceeded": "vượt", "met": "đạt", "not_met": "không đạt"}[closing.status]
            return (
                f"Kết thúc {self._phase}, {self.scope} đã {ind.action} được "
                f"{format_int(closing.value)} {ind.object}, {verdict} {statement}."
            )
        above = ""
        if r.target_max is not None and r.cumulative_value > r.target_max:
            above = (
                f", cao hơn mức cao nhất {format_int(r.cumulative_value - r.target_max)} "
                f"{ind.object}"
            )
        if r.final:
            verdict = {
                "exceeded": f"đã vượt {statement}{above}",
                "met": f"đã đạt {statement}",
                "not_met": f"mới đạt {pct} {statement}, không đạt mục tiêu",
            }[r.status]
            return f"Kết thúc {self._phase}, kết quả này {verdict}."
        share = format_percent(self.model.elapsed_share, 0)
        needed = ""
        if r.still_needed is not None:
            needed = (
                f"; để đạt mục tiêu, đến ngày {format_date(r.still_needed.by)} cần "
                f"{ind.action} thêm ít nhất {format_int(r.still_needed.value)} {ind.object}"
            )
        return {
            "exceeded": f"Kết quả này đã vượt {statement}{above}.",
            "met": f"Kết quả này đã đạt {statement}.",
            "on_track": (
                f"Kết quả này đạt {pct} {statement}, vượt tiến độ thời gian thực hiện Đề án "
                f"(đã qua {share} thời gian){needed}."
            ),
            "behind": (
                f"Kết quả này mới đạt {pct} {statement}, chậm so với tiến độ thời gian thực hiện "
                f"Đề án (đã qua {share} thời gian){needed}."
            ),
        }[r.status]

    def _goal(self, r: IndicatorResult) -> str:
        """'mỗi năm kết nạp được 4% … (tương đương 58 đảng viên trở lên)'."""
        ind = self._ind(r.code)
        goal = r.target_statement or f"mỗi năm {self._activity(ind)}"
        if r.target_kind == "annual_percent":
            goal += f" (tương đương {self._count(r.annual_target or 0, ind.object)} trở lên)"
        return goal

    def _rate(self, r: IndicatorResult, value: int) -> str:
        """', bằng 1% tổng số 1.434 đảng viên …' for a percentage of a base."""
        target = self._ind(r.code).target
        if r.target_kind != "annual_percent" or target is None or not target.base:
            return ""
        return (
            f", bằng {format_percent(value / target.base)} tổng số {format_int(target.base)} "
            f"{target.base_label}"
        )

    @staticmethod
    def _rest_of_year(months: int, year: int) -> str:
        """What is left of the year after `months` months: '6 tháng cuối năm 2024'."""
        return {
            3: f"9 tháng còn lại của năm {year}",
            6: f"6 tháng cuối năm {year}",
            9: f"quý IV năm {year}",
        }.get(months, f"thời gian còn lại của năm {year}")

    def _annual_judgement(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        period = self.model.period
        annual = r.annual_target or 0
        if r.status == "closed":
            text = f"Mục tiêu {self._goal(r)} được đặt cho {self._phase}, đã kết thúc."
            summary = self._phase_years(r.phase_years, ind.object)
            return f"{text} {summary}" if summary else text
        ytd = r.year_to_date
        if ytd is None:  # the year's earlier periods are not in the history
            own = r.period_target or 0
            verdict = {
                "exceeded": "kết quả đã vượt mức này",
                "met": "kết quả đạt mức này",
                "behind": f"kết quả mới đạt {format_percent(r.percent_of_target or 0)}",
            }[r.status]
            return (
                f"Mục tiêu Đề án là {self._goal(r)}; chưa tổng hợp được số liệu các kỳ trước của "
                f"năm {period.year}, nên chỉ đánh giá riêng {self.period}: mức cần có của kỳ là "
                f"{self._count(own, ind.object)}, {verdict}."
            )
        if ytd.months == 12:
            verdict = {
                "exceeded": "vượt chỉ tiêu năm",
                "met": "đạt chỉ tiêu năm",
                "not_met": "không đạt chỉ tiêu năm",
            }[r.status]
            short = (
                f", còn thiếu {self._count(annual - ytd.value, ind.object)}"
                if ytd.value < annual
                else ""
            )
            text = (
                f"Cả năm {period.year}, {self.scope} {ind.action} được "
                f"{self._count(ytd.value, ind.object)}{self._rate(r, ytd.value)}; mục tiêu Đề án "
                f"là {self._goal(r)}, như vậy {verdict}{short}."
            )
            summary = self._phase_years(r.phase_years, ind.object) if r.final else ""
            return f"{text} {summary}" if summary else text
        so_far = ""
        if len(ytd.periods) > 1:
            so_far = (
                f"Lũy kế từ đầu năm {period.year}, {self.scope} {ind.action} được "
                f"{self._count(ytd.value, ind.object)}{self._rate(r, ytd.value)}. "
            )
        elif r.target_kind == "annual_percent":
            rate = self._rate(r, ytd.value).removeprefix(", ")
            so_far = f"Số {ind.object} được {ind.action} trong kỳ {rate}. "
        of_year = format_percent(ytd.value / annual) if annual else ""
        if r.status == "behind":
            verdict = f"kết quả mới đạt {of_year} chỉ tiêu năm, chưa đạt tiến độ năm"
        elif ytd.value > annual:
            verdict = "kết quả đã vượt chỉ tiêu cả năm"
        elif ytd.value == annual:
            verdict = "kết quả đã đạt chỉ tiêu cả năm"
        else:
            verdict = f"kết quả đã {'vượt' if r.status == 'exceeded' else 'đạt'} mức này"
        text = (
            f"{so_far}Mục tiêu Đề án là {self._goal(r)}; tính đến hết {self.period} cần ít nhất "
            f"{self._count(ytd.target, ind.object)}, {verdict}."
        )
        if r.still_needed is not None:
            text += (
                f" {sentence_case(self._rest_of_year(ytd.months, period.year))} cần {ind.action} "
                f"thêm ít nhất {self._count(r.still_needed.value, ind.object)} để đạt chỉ tiêu "
                "năm."
            )
        return text

    def _phase_years(self, years: list[YearResult], noun: str) -> str:
        """'Tính chung giai đoạn 2022 - 2025, có 2/3 năm đạt chỉ tiêu năm (năm 2023: 61, …).'"""
        if not years:
            return ""
        parts = [
            f"năm {y.year}: "
            + (f"{format_int(y.value)} {noun}" if y.value is not None else "chưa đủ số liệu")
            for y in years
        ]
        met = sum(1 for y in years if y.value is not None and y.value >= y.target)
        known = sum(1 for y in years if y.value is not None)
        if known == 0:
            return ""
        return (
            f"Tính chung {self._phase}, có {met}/{len(years)} năm đạt chỉ tiêu năm "
            f"({'; '.join(parts)})."
        )

    def _comparison(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        phrases = []
        for comparison, name in ((r.previous, "kỳ trước"), (r.year_before, "cùng kỳ năm trước")):
            if comparison is None or (name != "kỳ trước" and comparison == r.previous):
                continue  # a year's previous period is also the same period a year earlier
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
        for r in sorted(self.model.indicators, key=lambda r: STATUS_ORDER.get(r.status, 99)):
            if r.target_kind is not None:
                # "1 chỉ tiêu không đạt mục tiêu năm", not "chỉ tiêu … chỉ tiêu năm".
                label = status_label(r).lower().replace("chỉ tiêu năm", "mục tiêu năm")
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
        for r in self.model.indicators:
            if is_short(r):
                items.append(self._behind_sentence(r))
        for r in self.model.indicators:
            ind = self._ind(r.code)
            # Units without a result matter only where the target is still short.
            if r.target_kind is None or not r.units_without_result or not is_short(r):
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
        if self.model.missing_units:
            items.append(self._missing_sentence())
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

    def _missing_sentence(self) -> str:
        """The units that sent no report; those with an earlier report keep its cumulative
        figures in the totals, which the sentence says once."""
        noun = self.config.programme.units_noun
        names = [self._short(n) for n in self.model.missing_units]
        text = (
            f"Còn {len(names)} {noun} ({join_vi(names)}) chưa gửi báo cáo {self.period}, "
            "ảnh hưởng đến việc tổng hợp, đánh giá chung"
        )
        carried = [u for u in self.model.units if u.carried_from is not None]
        if not carried:
            return text + "; số liệu trong báo cáo chưa bao gồm các đơn vị này."
        by_period: dict[str, list[str]] = {}
        for unit in carried:
            assert unit.carried_from is not None
            by_period.setdefault(unit.carried_from.label, []).append(self._short(unit.name))
        sources = join_vi(
            [f"của {join_vi(units)} lấy theo báo cáo {label}" for label, units in by_period.items()]
        )
        return f"{text}; số trong kỳ chưa bao gồm các đơn vị này, số lũy kế {sources}."

    def _behind_sentence(self, r: IndicatorResult) -> str:
        ind = self._ind(r.code)
        pct = format_percent(r.percent_of_target) if r.percent_of_target is not None else ""
        period = self.model.period
        if r.target_kind == "programme":
            statement = f"{format_int(r.target_min or 0)} {ind.object}"
            if r.status == "not_met":
                return (
                    f"Kết thúc {self._phase}, mới {ind.action} được "
                    f"{format_int(r.cumulative_value)} {ind.object}, đạt {pct} so với mục tiêu "
                    f"Đề án ({statement}), không đạt mục tiêu."
                )
            needed = (
                f"; đến ngày {format_date(r.still_needed.by)} cần {ind.action} thêm ít nhất "
                f"{format_int(r.still_needed.value)} {ind.object}"
                if r.still_needed is not None
                else ""
            )
            return (
                f"Từ khi thực hiện Đề án mới {ind.action} được "
                f"{format_int(r.cumulative_value)} {ind.object}, đạt {pct} so với mục tiêu "
                f"Đề án ({statement}), thấp hơn tiến độ thời gian thực hiện Đề án (đã qua "
                f"{format_percent(self.model.elapsed_share, 0)} thời gian){needed}."
            )
        annual = r.annual_target or 0
        ytd = r.year_to_date
        if ytd is None:
            return (
                f"Số {ind.object} được {ind.action} trong {self.period} "
                f"({format_int(r.period_value)}) chưa đạt mức cần có của kỳ "
                f"({self._count(r.period_target or 0, ind.object)}) theo mục tiêu Đề án "
                f"({self._goal(r)})."
            )
        if ytd.months == 12:
            return (
                f"Cả năm {period.year} mới {ind.action} được {self._count(ytd.value, ind.object)}"
                f"{self._rate(r, ytd.value)}, không đạt chỉ tiêu năm "
                f"({self._count(annual, ind.object)}), còn thiếu "
                f"{self._count(annual - ytd.value, ind.object)}."
            )
        since = f"từ đầu năm {period.year}" if len(ytd.periods) > 1 else f"trong {self.period}"
        text = (
            f"Số {ind.object} được {ind.action} {since} mới là "
            f"{self._count(ytd.value, ind.object)}{self._rate(r, ytd.value)}, đạt "
            f"{format_percent(ytd.value / annual) if annual else ''} chỉ tiêu năm "
            f"({self._count(annual, ind.object)}), chưa đạt tiến độ năm"
        )
        if r.still_needed is not None:
            text += (
                f"; {self._rest_of_year(ytd.months, period.year)} cần {ind.action} thêm ít nhất "
                f"{self._count(r.still_needed.value, ind.object)}"
            )
        return text + "."

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
            return f"{format_int(r.annual_target or 0)}/năm"
        if r.target_kind == "annual_percent" and ind.target:
            return (
                f"{format_number(ind.target.percent or 0)}%/năm "
                f"(tương đương {format_int(r.annual_target or 0)})"
            )
        return "—"

    def _table_note(self) -> str:
        """What each percentage of Bảng 1 compares, and the time gone while the phase runs."""
        note = (
            "Tỷ lệ: mục tiêu cả giai đoạn tính trên số lũy kế so với mục tiêu (mức thấp nhất nếu "
            "mục tiêu là một khoảng); mục tiêu hằng năm tính trên số lũy kế từ đầu năm so với "
            "chỉ tiêu cả năm."
        )
        if any(
            r.horizon == "period" and r.year_to_date is None and r.period_target
            for r in self.model.indicators
            if r.target_kind in {"annual_count", "annual_percent"}
        ):
            note += " Chỉ tiêu chỉ có số của kỳ này được so với mức cần có của kỳ."
        if self.model.period.end < self.config.programme.end:
            note += (
                f" Thời gian thực hiện Đề án đã qua {format_percent(self.model.elapsed_share, 0)}."
            )
        return note

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
                    percent_basis(r),
                    status_label(r),
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
                note=self._table_note(),
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
            name = unit.name
            if unit.carried_from is not None:
                name += f" (chưa báo cáo; lũy kế theo báo cáo {unit.carried_from.label})"
            elif not unit.reported:
                name += " (chưa báo cáo)"
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
                pair=PAIR_HEADINGS,
                total=True,
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
            pair=PAIR_HEADINGS,
        )

    def _chart(self) -> list[ChartBar]:
        return [
            ChartBar(self._ind(r.code).column, r.percent_of_target, r.status, status_label(r))
            for r in self.model.indicators
            if r.percent_of_target is not None
        ]


def build_document(
    model: ReportModel, config: Config, notes: Notes | None, report_date: date
) -> ReportDocument:
    """The report's text for a model: header, body blocks, tables, signature."""
    return Writer(model, config, notes).build(report_date)
