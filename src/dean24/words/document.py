"""The report as a document: header, body blocks and tables, from the facts and the templates
(the body's sentences and the tables' words come from templates/; here the figures are laid
into tables, with the words the templates give)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import PurePath
from typing import Any, Protocol

from dean24.core.errors import Location
from dean24.core.model import IndicatorResult, ReportModel, TrendPoint
from dean24.core.text import format_date, format_date_line, format_int, sentence_case
from dean24.core.vocabulary import Status, TargetKind
from dean24.judging.status import percent_of, status_key
from dean24.programme.config import Config
from dean24.words.facts import Facts, build_facts, following_period, notice_anchor, reported_period
from dean24.words.notes import Notes

PLACEHOLDER_MARK = "[CẦN BỔ SUNG]"


@dataclass
class Block:
    """One piece of the body: 'h1' (I.), 'h2' (1.), 'h3' (a), 'para', 'bullet', 'placeholder',
    'table'; `about` names what the paragraph reports on (for review comments)."""

    kind: str
    text: str = ""
    table: int | None = None  # index into ReportDocument.tables for kind 'table'
    about: list[str] = field(default_factory=list)


class Words(Protocol):
    """Where the report's words come from (the narrative templates: dean24.words.narrative)."""

    def blocks(self, name: str, context: dict[str, Any]) -> list[Block]:
        """The blocks a template writes with the context."""
        ...

    def phrases(self, name: str, context: dict[str, Any]) -> Callable[..., str]:
        """A caller of a template's macros."""
        ...


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
    label: str = ""  # "Bảng 1." before the title

    def as_dict(self) -> dict[str, Any]:
        """dataclasses.asdict of the table, its lists copied (their strings need no copy: a
        deep copy of thousands of unit rows took a tenth of a second)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(header=list(self.header), rows=[list(r) for r in self.rows])
        data.update(align=list(self.align))
        return data


PAIR_SEP = " / "


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
    status: Status
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
    chart_label: str = ""  # "Biểu đồ 1." before the progress chart's caption
    trend_label: str = ""
    chart_legend: tuple[str, str] = ("", "")  # the target line, the mark of what was due
    notices: list[Notice] = field(default_factory=list)
    appendix_line: str = ""  # under the appendix heading: "(Kèm theo Báo cáo số ...)"
    # The summary workbook's words (bang.j2, macro bieu) by key; "lay_tu <kỳ>" and
    # "lay_tu_ky <kỳ>" for each period a unit's carried cumulative comes from, "o <ô>" for
    # each cell a warning points to.
    workbook: dict[str, str] = field(default_factory=dict)

    def paragraphs(self) -> list[str]:
        """The text of the body and the appendix in order (tables left out)."""
        return [b.text for b in [*self.blocks, *self.appendix] if b.kind != "table"]


TREND_MIN_PERIODS = 3


class _Builder:
    """Lays the facts into the templates and the figures into tables."""

    def __init__(self, model: ReportModel, config: Config, facts: Facts, narrative: Words) -> None:
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
        subject = doc.subject.format(
            period=reported_period(period, self.model).label,
            next_period=following_period(period, self.model).label,
        )
        self._tables()
        # The table that names the units the text counts: the text points to it by number.
        lists = next((t.number for t in self.tables if t.key == "danh_sach"), 0)
        context = {**self.context, "bang_danh_sach": lists}
        body = self.narrative.blocks("noi_dung.j2", context)
        appendix = self.narrative.blocks(
            "phu_luc.j2", {**context, "tables": [t.as_dict() for t in self.tables]}
        )
        trend_points = self._trend_points()
        chart = self._chart()
        figures = [self.phrase("so_bieu_do", n) for n in (1, 2)]
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
            chart=chart,
            trend_periods=[
                self.phrase("truc", point.period.kind, point.period.index, point.period.year)
                for point in trend_points
            ],
            trend=self._trend_series(),
            trend_caption=self.phrase("bieu_do", "dien_bien") if trend_points else "",
            chart_caption=self.phrase("bieu_do", "tien_do"),
            chart_label=figures[0],
            trend_label=figures[1] if chart else figures[0],
            chart_legend=(self.phrase("chu_giai", "muc_tieu"), self.phrase("chu_giai", "can_dat")),
            notices=self._notices(),
            appendix_line=doc.appendix_line.format(date=format_date(report_date)),
            workbook=self._workbook_words(),
        )

    def _workbook_words(self) -> dict[str, str]:
        """The summary workbook's words, finished (bang.j2, macro bieu)."""
        word = functools.partial(self.phrase, "bieu")
        keys = ["tieu_de", "ky", "stt", "luy_ke", "chua_bao_cao", "nguoi_lap", "tieu_de_chi_tieu"]
        keys += ["nguon", "tep", "sheet", "luu_y", "ma", "vi_tri", "khong_luu_y", "ten_tep"]
        words = {key: word(key) for key in keys}
        words["noi_dung"] = self.phrase("cot", "noi_dung")
        units = self.model.units
        period = self.model.period
        words["da_bao_cao"] = word("da_bao_cao", sum(1 for u in units if u.reported), len(units))
        span = (period.start.strftime("%d/%m/%Y"), period.end.strftime("%d/%m/%Y"))
        words["thoi_gian"] = word("thoi_gian", *span)
        words["so_lieu_cua"] = word("so_lieu_cua", 0, 0, self.config.document.superior_body)
        for unit in units:
            if unit.carried_from is not None:
                label = unit.carried_from.label
                words[f"lay_tu {label}"] = word("lay_tu", 0, 0, label)
                words[f"lay_tu_ky {label}"] = word("lay_tu_ky", 0, 0, label)
        for warning in self.model.warnings:
            cell = warning.location.cell
            if cell and f"o {cell}" not in words:
                words[f"o {cell}"] = word("o", 0, 0, cell)
        return words

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
        note_args: tuple[Any, ...] = (),
    ) -> None:
        number = len(self.tables) + 1
        self.tables.append(
            Table(
                number,
                self.phrase("tieu_de", key),
                header,
                rows,
                align,
                note=self.phrase("ghi_chu", key, *note_args),
                chart=chart,
                key=key,
                pair=pair,
                total=total,
                label=self.phrase("so_bang", number),
            )
        )

    def _target_cell(self, r: IndicatorResult) -> str:
        target = self.config.indicator(r.code).target
        percent = target.percent if target is not None else None
        return self.phrase(
            "o_muc_tieu", r.target_kind, r.target_min or 0, r.target_max, r.annual_target, percent
        )

    def percent_cell(self, r: IndicatorResult) -> str:
        p = percent_of(r)
        return self.phrase("o_ty_le", p.basis, p.fraction, p.over)

    def status_cell(self, r: IndicatorResult) -> str:
        return self.phrase("o_danh_gia", *status_key(r), r.at_least)

    def _year_label(self) -> str:
        """'Cả năm 2024' over a year-end report's whole-year column ('' when there is none)."""
        period = self.model.period
        if self.model.whole_year and period.months < 12:
            return self.phrase("cot", "ca_nam", period.year)
        return ""

    def _tables(self) -> None:
        results = self.model.indicators
        col = functools.partial(self.phrase, "cot")
        closing = self.facts.after_phase and any(r.status == Status.CLOSED for r in results)
        year = self._year_label()
        # beside a whole year's column, the period's own is named ("Quý IV năm 2024")
        header = [
            col("tt"),
            col("chi_tieu"),
            col("dvt"),
            col("ky_nay", self.model.period.label) if year else col("trong_ky"),
        ]
        header += [year] if year else []
        header += [col("luy_ke"), col("muc_tieu")]
        header += [col("ket_thuc")] if closing else [col("ty_le")]
        header += [col("danh_gia")]
        rows = []
        for number, r in enumerate(results, start=1):
            row = [str(number), r.label, r.unit, format_int(r.period_value)]
            if year:
                row.append(format_int(self.model.whole_year.get(r.code, 0)))
            row += [format_int(r.cumulative_value), self._target_cell(r)]
            if closing:
                row.append(self._closing_cell(r))
            else:
                row.append(self.percent_cell(r))
            rows.append([*row, self.status_cell(r)])
        align = ["center", "left", "center", "right", *(["right"] if year else [])]
        align += ["right", "center", "center" if closing else "right", "center"]
        self._add_table("chi_tieu", header, rows, align, chart="progress")
        codes = [i.code for i in self.config.indicators]
        unit_rows = []
        shown: dict[tuple[int, int], str] = {}  # each pair of figures written once
        # a year's report with each unit's year known: the year's figure, not the last period's
        years = self.model.year_units
        for number, unit in enumerate(self.model.units, start=1):
            cells = []
            for c in codes:
                pair = unit.values.get(c)
                if pair is not None and c in years.get(unit.name, {}):
                    pair = (years[unit.name][c], pair[1])
                if pair is None:
                    cells.append(col("trong"))
                    continue
                if unit.carried_from is not None:
                    # no report this period: no figure of the period, the carried cumulative
                    cells.append(f"{col('trong')}{PAIR_SEP}{format_int(pair[1])}")
                    continue
                text = shown.get(pair)
                if text is None:
                    text = shown[pair] = f"{format_int(pair[0])}{PAIR_SEP}{format_int(pair[1])}"
                cells.append(text)
            name = unit.name
            if unit.carried_from is not None:
                name += " " + self.phrase("chua_bao_cao", unit.carried_from.label)
            elif not unit.reported:
                name += " " + self.phrase("chua_bao_cao", "")
            unit_rows.append([str(number), name, *cells])
        unit_rows.append(
            [
                "",
                col("tong_cong"),
                *[
                    format_int(self.model.whole_year.get(r.code, 0) if years else r.period_value)
                    + f"{PAIR_SEP}{format_int(r.cumulative_value)}"
                    for r in results
                ],
            ]
        )
        self._add_table(
            "don_vi",
            [col("tt"), col("don_vi"), *[self.config.indicator(c).column for c in codes]],
            unit_rows,
            ["center", "left", *["right"] * len(codes)],
            pair=(year if years and year else col("trong_ky"), col("luy_ke")),
            total=True,
        )
        self._lists_table()
        self._comparison_table()
        self._trend_table()

    def _lists_table(self) -> None:
        """The units the text counts rather than names (lists too long for running text)."""
        lists = self.facts.unit_lists
        if not lists:
            return
        col = functools.partial(self.phrase, "cot")
        rows = [
            [
                str(number),
                self.phrase("dong_danh_sach", item.key, item.indicators),
                self.phrase("so_don_vi", len(item.units), item.of),
                self.phrase("ten_don_vi", item.units),
            ]
            for number, item in enumerate(lists, start=1)
        ]
        header = [col("tt"), col("noi_dung"), col("so_luong"), col("don_vi")]
        self._add_table("danh_sach", header, rows, ["center", "left", "center", "left"])

    def _closing_cell(self, r: IndicatorResult) -> str:
        """After the phase: the target's result when the phase closed."""
        if r.closing is not None:
            return self.phrase("o_ket_thuc", r.closing.status, r.closing.value, "")
        known = [y for y in r.phase_years if y.value is not None]
        if not known:  # a per-year target: its last year with a known figure
            return self.phrase("o_ket_thuc", None, None, "")
        last = known[-1]
        return self.phrase("o_ket_thuc", last.status, last.value, last.year)

    def _comparison_table(self) -> None:
        results = self.model.indicators
        previous = next((r.previous for r in results if r.previous), None)
        year_before = next((r.year_before for r in results if r.year_before), None)
        if (
            previous is not None
            and year_before is not None
            and previous.period == year_before.period
        ):
            year_before = None  # a year's previous period is the same period a year earlier
        if previous is None and year_before is None:
            return
        col = functools.partial(self.phrase, "cot")
        year = self._year_label()
        header = [col("tt"), col("chi_tieu"), sentence_case(self.model.period.label)]
        # A comparison over the units of both periods whose figure of this period is not the
        # period's own (units left out reported this period) shows that figure beside the
        # earlier one: the figures of a row give the difference it shows.
        own = {
            key: c is not None
            and any(
                (e := getattr(r, key)) is not None
                and e.now_value is not None
                and e.now_value != r.period_value
                for r in results
            )
            for key, c in (("previous", previous), ("year_before", year_before))
        }
        for key, comparison in (("previous", previous), ("year_before", year_before)):
            if comparison is not None:
                if own[key]:
                    header.append(self.phrase("cot_cung_don_vi", comparison.units))
                header += [sentence_case(comparison.period.label), col("tang_giam")]
        header += [year] if year else []
        rows = []
        for number, r in enumerate(results, start=1):
            row = [str(number), r.label, format_int(r.period_value)]
            for key, present in (("previous", previous), ("year_before", year_before)):
                if present is None:
                    continue
                earlier = getattr(r, key)
                if earlier is None:
                    row += [col("trong")] * (3 if own[key] else 2)
                    continue
                # Over the units that reported in both periods where they differ.
                now = r.period_value if earlier.now_value is None else earlier.now_value
                diff = now - earlier.period_value
                row += [format_int(now)] if own[key] else []
                row += [
                    format_int(earlier.period_value),
                    f"{'+' if diff > 0 else ''}{format_int(diff)}",
                ]
            if year:
                row.append(format_int(self.model.whole_year.get(r.code, 0)))
            rows.append(row)
        # Comparisons over the units of both periods only: the note says which units are left
        # out of which periods (the bases of the facts).
        self._add_table(
            "so_sanh",
            header,
            rows,
            ["center", "left", *["right"] * (len(header) - 2)],
            note_args=(self.facts.common_basis,),
        )

    def _trend_points(self) -> list[TrendPoint]:
        trend = self.model.trend
        return list(trend) if len(trend) >= TREND_MIN_PERIODS else []

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
        col = functools.partial(self.phrase, "cot")
        year = self._year_label()
        rows = []
        for number, r in enumerate(self.model.indicators, start=1):
            cells = []
            for point in points:
                value = point.totals.get(r.code)
                cells.append(
                    f"{format_int(value[0])}{PAIR_SEP}{format_int(value[1])}"
                    if value
                    else col("trong")
                )
            if year:
                whole = self.model.whole_year.get(r.code, 0)
                cells.append(f"{format_int(whole)}{PAIR_SEP}{format_int(r.cumulative_value)}")
            rows.append([str(number), r.label, *cells])
        periods = [sentence_case(point.period.label) for point in points]
        periods += [year] if year else []
        self._add_table(
            "dien_bien",
            [col("tt"), col("chi_tieu"), *periods],
            rows,
            ["center", "left", *["right"] * len(periods)],
            chart="trend",
            pair=(col("trong_ky"), col("luy_ke")),
        )

    def _chart(self) -> list[ChartBar]:
        return [
            self._bar(r)
            for r in self.model.indicators
            if r.percent_of_target is not None and r.status != Status.NOT_JUDGED
        ]

    def _bar(self, result: IndicatorResult) -> ChartBar:
        """The bar says what Bảng 1 says: a whole-programme target's cumulative share of the
        target, a per-year one's year to date against the annual target; its mark, what was
        due by the period's end (the line between 'behind' and on track or met)."""
        assert result.percent_of_target is not None
        value, expected = result.percent_of_target, None
        so_far = result.year_to_date
        if result.target_kind == TargetKind.PROGRAMME:
            share = self.model.elapsed_share
            if self.facts.running and not result.final and 0 < share < 1:
                expected = share
        elif so_far is not None and so_far.annual:
            value = so_far.value / so_far.annual
            if so_far.target < so_far.annual and not result.final:
                expected = so_far.target / so_far.annual
        column = self.config.indicator(result.code).column
        return ChartBar(column, value, result.status, self.status_cell(result), expected)


def table_words(model: ReportModel, config: Config, words: Words) -> list[tuple[str, str]]:
    """Each indicator's percentage and status in Bảng 1's words (for the terminal's summary)."""
    return summary_words(model, config, words)[2]


def summary_words(
    model: ReportModel, config: Config, words: Words
) -> tuple[str, list[str], list[tuple[str, str]]]:
    """The terminal's summary in bang.j2's words: its title, its column headings (Chỉ tiêu,
    Trong kỳ, Lũy kế, Tỷ lệ, Đánh giá) and each indicator's percentage and status as Bảng 1
    writes them."""
    facts = build_facts(model, config, None)
    builder = _Builder(model, config, facts, words)
    keys = ("chi_tieu", "trong_ky", "luy_ke", "ty_le", "danh_gia")
    return (
        builder.phrase("man_hinh", "ket_qua"),
        [builder.phrase("cot", key) for key in keys],
        [(plain(builder.percent_cell(r)), plain(builder.status_cell(r))) for r in model.indicators],
    )


def plain(text: str) -> str:
    """A table cell's text with its no-break spaces (which keep a word whole in Word) as plain
    spaces, for the terminal and the summary workbook."""
    return text.replace("\u00a0", " ")


def build_document(
    model: ReportModel,
    config: Config,
    notes: Notes | None,
    report_date: date,
    words: Words,
) -> ReportDocument:
    """The report's text for a model: header, body blocks, tables, signature; the words come
    from `words` (the narrative templates: the analyst's folder first, then the shipped set)."""
    facts = build_facts(model, config, notes)
    return _Builder(model, config, facts, words).build(report_date)
