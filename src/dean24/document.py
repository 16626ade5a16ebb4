"""The report as a document: header, body blocks and tables, from the facts and the templates
(every sentence lives in templates/; here only figures are laid into tables)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from dean24.config import Config
from dean24.errors import Location
from dean24.facts import Facts, build_facts, notice_anchor
from dean24.model import IndicatorResult, ReportModel, TrendPoint
from dean24.narrative import PLACEHOLDER_MARK, Block, Narrative
from dean24.notes import Notes
from dean24.status import STATUS_LABELS, percent_basis, status_label
from dean24.text import format_date, format_date_line, format_int, format_number, sentence_case

__all__ = [
    "PLACEHOLDER_MARK",
    "STATUS_LABELS",
    "Block",
    "ReportDocument",
    "build_document",
    "status_label",
]


@dataclass
class Table:
    number: int
    title: str
    header: list[str]
    rows: list[list[str]]
    align: list[str]  # 'left', 'right' or 'center' per column
    note: str = ""
    chart: str = ""  # the chart a renderer shows after this table: 'progress', 'trend' or ''
    key: str = ""  # which table: 'chi_tieu', 'don_vi', 'so_sanh', 'dien_bien'
    # Sub-headings when every cell after the first two holds two figures joined by PAIR_SEP
    # ("5 / 52": in the period, cumulative): Word shows them as two sub-columns.
    pair: tuple[str, ...] = ()
    total: bool = False  # the last row is the total of the others

    def as_dict(self) -> dict[str, Any]:
        """dataclasses.asdict of the table, its lists copied (their strings need no copy: a
        deep copy of thousands of unit rows took a tenth of a second)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(header=list(self.header), rows=[list(r) for r in self.rows])
        data.update(align=list(self.align))
        return data


PAIR_SEP = " / "
PAIR_HEADINGS = ("Trong kỳ", "Lũy kế")


@dataclass
class TrendSeries:
    """One indicator's cumulative value over the stored periods, for the trend chart."""

    label: str
    values: list[int]


@dataclass
class ChartBar:
    """One indicator in the progress chart, with the percentage Bảng 1 gives it."""

    label: str
    value: float  # fraction of the target reached: of the annual target for a per-year one
    status: str
    words: str = ""  # the status in words, as the tables write it
    # The fraction due by the period's end (below it the indicator is behind): the elapsed
    # share of the phase, or the share of the annual target due so far; None when the whole
    # target is due or the verdict is final.
    expected: float | None = None


@dataclass(frozen=True)
class Notice:
    """A warning about the inputs, for the reviewer (a Word comment), never body text;
    `about` is the anchor of the paragraph it concerns."""

    text: str
    about: str


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
    appendix: list[Block] = field(default_factory=list)  # the data tables, after the signature
    trend_periods: list[str] = field(default_factory=list)  # short period labels, oldest first
    trend: list[TrendSeries] = field(default_factory=list)  # with three periods or more
    trend_caption: str = ""
    notices: list[Notice] = field(default_factory=list)
    appendix_line: str = ""  # under the appendix heading: "(Kèm theo Báo cáo số ...)"

    def paragraphs(self) -> list[str]:
        """The text of the body and the appendix in order (tables left out)."""
        return [b.text for b in [*self.blocks, *self.appendix] if b.kind != "table"]


TREND_MIN_PERIODS = 3


class _Builder:
    """Lays the facts into the templates and the figures into tables."""

    def __init__(
        self, model: ReportModel, config: Config, facts: Facts, narrative: Narrative
    ) -> None:
        self.model = model
        self.config = config
        self.facts = facts
        self.narrative = narrative
        self.context: dict[str, Any] = {
            name: getattr(facts, name) for name in facts.__dataclass_fields__
        }
        self.phrase = narrative.phrases("bang.j2", self.context)
        self.tables: list[Table] = []

    def build(self, report_date: date) -> ReportDocument:
        doc = self.config.document
        period = self.model.period
        subject = doc.subject.format(period=period.label, next_period=period.next().label)
        body = self.narrative.blocks("noi_dung.j2", self.context)
        self._tables()
        appendix = self.narrative.blocks(
            "phu_luc.j2", {**self.context, "tables": [t.as_dict() for t in self.tables]}
        )
        trend_points = self._trend_points()
        return ReportDocument(
            superior_body=doc.superior_body,
            issuing_body=list(doc.issuing_body),
            party_name=doc.party_name,
            number_line=doc.number_line,
            place_date=f"{doc.place}, {format_date_line(report_date)}",
            title=doc.title,
            subject=sentence_case(subject),
            blocks=body,
            appendix=appendix,
            tables=self.tables,
            signature_role=list(doc.signature_role),
            signer=doc.signer,
            recipients=list(doc.recipients),
            chart=self._chart(),
            trend_periods=[point.period.short_label for point in trend_points],
            trend=self._trend_series(),
            trend_caption=self.phrase("bieu_do", "dien_bien") if trend_points else "",
            chart_caption=self.phrase("bieu_do", "tien_do"),
            notices=self._notices(),
            appendix_line=doc.appendix_line.format(date=format_date(report_date)),
        )

    def _notices(self) -> list[Notice]:
        notices = []
        for warning in self.model.warnings:
            about = notice_anchor(warning, self.config)
            if about is None:
                continue
            where = Location(
                PurePath(warning.location.file).name if warning.location.file else "",
                warning.location.sheet,
                warning.location.cell,
            ).describe()
            text = f"[{warning.code}] {warning.message}" + (f" ({where})" if where else "")
            notices.append(Notice(text, about))
        return notices

    # ----- tables and chart -----------------------------------------------------------------

    def _add_table(
        self,
        key: str,
        header: list[str],
        rows: list[list[str]],
        align: list[str],
        chart: str = "",
        pair: tuple[str, ...] = (),
        total: bool = False,
    ) -> None:
        self.tables.append(
            Table(
                len(self.tables) + 1,
                self.phrase("tieu_de", key),
                header,
                rows,
                align,
                note=self.phrase("ghi_chu", key),
                chart=chart,
                key=key,
                pair=pair,
                total=total,
            )
        )

    def _target_cell(self, r: IndicatorResult) -> str:
        target = self.config.indicator(r.code).target
        if r.target_kind == "programme":
            low = format_int(r.target_min or 0)
            return f"{low} - {format_int(r.target_max)}" if r.target_max is not None else low
        if r.target_kind == "annual_count":
            return f"{format_int(r.annual_target or 0)}/năm"
        if r.target_kind == "annual_percent" and target:
            return (
                f"{format_number(target.percent or 0)}%/năm "
                f"(tương đương {format_int(r.annual_target or 0)})"
            )
        return "—"

    def _tables(self) -> None:
        results = self.model.indicators
        self._add_table(
            "chi_tieu",
            ["TT", "Chỉ tiêu", "ĐVT", "Trong kỳ", "Lũy kế", "Mục tiêu", "Tỷ lệ", "Đánh giá"],
            [
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
                for number, r in enumerate(results, start=1)
            ],
            ["center", "left", "center", "right", "right", "center", "right", "center"],
            chart="progress",
        )
        codes = [i.code for i in self.config.indicators]
        unit_rows = []
        for number, unit in enumerate(self.model.units, start=1):
            cells = [
                f"{format_int(unit.values[c][0])}{PAIR_SEP}{format_int(unit.values[c][1])}"
                if c in unit.values
                else "—"
                for c in codes
            ]
            name = unit.name
            if unit.carried_from is not None:
                name += " " + self.phrase("chua_bao_cao", unit.carried_from.label)
            elif not unit.reported:
                name += " " + self.phrase("chua_bao_cao", "")
            unit_rows.append([str(number), name, *cells])
        unit_rows.append(
            [
                "",
                "Tổng cộng",
                *[
                    f"{format_int(r.period_value)} / {format_int(r.cumulative_value)}"
                    for r in results
                ],
            ]
        )
        self._add_table(
            "don_vi",
            ["TT", "Đơn vị", *[self.config.indicator(c).column for c in codes]],
            unit_rows,
            ["center", "left", *["right"] * len(codes)],
            pair=PAIR_HEADINGS,
            total=True,
        )
        self._comparison_table()
        self._trend_table()

    def _comparison_table(self) -> None:
        results = self.model.indicators
        previous = next((r.previous for r in results if r.previous), None)
        year_before = next((r.year_before for r in results if r.year_before), None)
        if previous is None and year_before is None:
            return
        header = ["TT", "Chỉ tiêu", self.model.period.label]
        for comparison in (previous, year_before):
            if comparison is not None:
                header += [comparison.period.label, "Tăng (+), giảm (-)"]
        rows = []
        for number, r in enumerate(results, start=1):
            row = [str(number), r.label, format_int(r.period_value)]
            for earlier, present in ((r.previous, previous), (r.year_before, year_before)):
                if present is None:
                    continue
                if earlier is None:
                    row += ["—", "—"]
                else:
                    diff = r.period_value - earlier.period_value
                    row += [
                        format_int(earlier.period_value),
                        f"{'+' if diff > 0 else ''}{format_int(diff)}",
                    ]
            rows.append(row)
        self._add_table("so_sanh", header, rows, ["center", "left", *["right"] * (len(header) - 2)])

    def _trend_points(self) -> list[TrendPoint]:
        trend = self.model.trend
        return trend if len(trend) >= TREND_MIN_PERIODS else []

    def _trend_series(self) -> list[TrendSeries]:
        points = self._trend_points()
        return [
            TrendSeries(
                self.config.indicator(r.code).column,
                [point.totals.get(r.code, (0, 0))[1] for point in points],
            )
            for r in self.model.indicators
            if points
        ]

    def _trend_table(self) -> None:
        points = self._trend_points()
        if not points:
            return
        rows = []
        for number, r in enumerate(self.model.indicators, start=1):
            cells = []
            for point in points:
                value = point.totals.get(r.code)
                cells.append(f"{format_int(value[0])} / {format_int(value[1])}" if value else "—")
            rows.append([str(number), r.label, *cells])
        self._add_table(
            "dien_bien",
            ["TT", "Chỉ tiêu", *[point.period.label for point in points]],
            rows,
            ["center", "left", *["right"] * len(points)],
            chart="trend",
            pair=PAIR_HEADINGS,
        )

    def _chart(self) -> list[ChartBar]:
        return [self._bar(r) for r in self.model.indicators if r.percent_of_target is not None]

    def _bar(self, result: IndicatorResult) -> ChartBar:
        """The bar says what Bảng 1 says: a whole-programme target's cumulative share of the
        target, a per-year one's year to date against the annual target; its mark, what was
        due by the period's end (the line between 'behind' and on track or met)."""
        assert result.percent_of_target is not None
        value, expected = result.percent_of_target, None
        so_far = result.year_to_date
        if result.target_kind == "programme":
            share = self.model.elapsed_share
            if self.facts.running and not result.final and 0 < share < 1:
                expected = share
        elif so_far is not None and so_far.annual:
            value = so_far.value / so_far.annual
            if so_far.target < so_far.annual and not result.final:
                expected = so_far.target / so_far.annual
        column = self.config.indicator(result.code).column
        return ChartBar(column, value, result.status, status_label(result), expected)


def build_document(
    model: ReportModel,
    config: Config,
    notes: Notes | None,
    report_date: date,
    templates: Path | None = None,
) -> ReportDocument:
    """The report's text for a model: header, body blocks, tables, signature; the words come
    from the templates (the analyst's folder `templates` first, then the shipped set)."""
    facts = build_facts(model, config, notes)
    return _Builder(model, config, facts, Narrative(templates)).build(report_date)
