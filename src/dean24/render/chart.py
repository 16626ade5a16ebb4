"""The report's charts as Word charts: DrawingML chart XML with its figures in an embedded
workbook, so that "Edit Data" in Word opens them and the chart restyles like any other.

Written by hand (a few hundred bytes of XML each; no plotting library): the progress chart
(columns of % of target, one series per status so the legend says the tables' words, a
line at the target and a mark at what was due by the period's end) and the trend chart (one
small line chart per indicator).
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from dean24.core.text import format_percent
from dean24.core.vocabulary import Status
from dean24.words.document import ChartBar, TrendSeries

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "Sheet1"

# Bar colours by status: green when the target is reached, blue on track, orange short,
# red not met; any other status (a new one) a neutral grey.
STATUS_COLOURS = {
    Status.EXCEEDED: "2E7D32",
    Status.MET: "66BB6A",
    Status.ON_TRACK: "1F6FB2",
    Status.BEHIND: "E07B00",
    Status.NOT_MET: "C62828",
    Status.NOT_JUDGED: "9E9E9E",
    Status.CLOSED: "757575",
    Status.NO_TARGET: "9E9E9E",
}
NEUTRAL = "9E9E9E"
TARGET_COLOUR = "333333"
EXPECTED_COLOUR = "7B1FA2"
LINE_COLOUR = "1F6FB2"
# Shown after a value in the labels and on the axis. [$-42A] marks the format Vietnamese, so
# that LibreOffice writes "46,7%" whatever its own locale; Word uses the reader's settings.
# The values are rounded as the text rounds them (one decimal), and General shows them as the
# tables do: "25,9%" and "108%", never "108,0%" beside a table's "108%".
PERCENT_FORMAT = '[$-42A]General"%"'
AXIS_PERCENT_FORMAT = '[$-42A]0"%"'
COUNT_FORMAT = "[$-42A]#,##0"  # 3.274


@dataclass
class Series:
    """One series: its name and a value (or a gap, None) for each category."""

    name: str
    values: list[float | None]
    colour: str
    kind: str = "bar"  # 'bar', 'line' or 'mark' (a short bar across each point, no line)
    dash: str = ""  # a line's dash: 'dash', 'sysDot' ...
    labels: bool = True  # each point labelled with its value
    # Where a point's label goes when not where the chart puts its labels ('outEnd' above a
    # bar, 't' above a point): 'inEnd' inside the bar's top, 'ctr' mid-bar, 'b' below a point.
    places: dict[int, str] = field(default_factory=dict)


@dataclass
class Chart:
    """A chart's content: categories and series, the workbook that holds them, its XML."""

    categories: list[str]
    series: list[Series]
    title: str = ""  # in the chart only when several small charts share one caption
    value_format: str = PERCENT_FORMAT
    axis_format: str = AXIS_PERCENT_FORMAT
    legend: bool = True
    font: str = "Times New Roman"
    font_pt: float = 11
    axis_max: float | None = None  # the value axis's top and step, when the chart sets them
    major_unit: float | None = None

    def workbook(self) -> bytes:
        """The figures as an .xlsx: categories in column A, a series per column."""
        head: list[str | float | None] = ["", *(s.name for s in self.series)]
        rows = [
            [category, *(s.values[i] for s in self.series)]
            for i, category in enumerate(self.categories)
        ]
        return workbook([head, *rows])

    def xml(self) -> bytes:
        return chart_xml(self).encode("utf-8")


def progress_chart(bars: list[ChartBar], font: str, legend: tuple[str, str] = ("", "")) -> Chart:
    """% of target per indicator, as Bảng 1 gives it: one bar series per status (gaps
    elsewhere, so the bars keep their places), the target line at 100% and a mark on each bar
    at what was due by the period's end, where something was (the elapsed share of the phase
    for a whole-programme target, the share of the annual target due so far for a per-year
    one): a bar below its mark is behind."""
    categories = [bar.label for bar in bars]
    top, step = _percent_axis([_percent(bar.value) for bar in bars])
    lines = [step * k for k in range(1, round(top / step) + 1)] + [100.0]
    groups: dict[str, list[int]] = {}
    for index, bar in enumerate(bars):
        groups.setdefault(_words(bar), []).append(index)
    order = sorted(groups, key=lambda w: min(_rank(bars[i].status) for i in groups[w]))
    series = []
    seen: dict[str, int] = {}
    for words in order:
        members = set(groups[words])
        status = bars[min(members)].status
        # Two groups of one status (its words differ by horizon) in two shades of its colour.
        shade = seen.get(status, 0)
        seen[status] = shade + 1
        series.append(
            Series(
                words,
                [_percent(bar.value) if i in members else None for i, bar in enumerate(bars)],
                _lighter(STATUS_COLOURS.get(status, NEUTRAL), 0.4 * shade),
                places={
                    i: place
                    for i in members
                    if (place := _bar_label_place(bars[i], top, lines)) != "outEnd"
                },
            )
        )
    series.append(
        Series(
            legend[0],
            [100.0] * len(bars),
            TARGET_COLOUR,
            kind="line",
            dash="dash",
            labels=False,
        )
    )
    if any(bar.expected is not None for bar in bars):
        series.append(
            Series(
                legend[1],
                [None if bar.expected is None else _percent(bar.expected) for bar in bars],
                EXPECTED_COLOUR,
                kind="mark",
                labels=False,
            )
        )
    return Chart(categories, series, font=font, axis_max=top, major_unit=step)


def _percent_axis(values: list[float]) -> tuple[float, float]:
    """The value axis's top and step for percentages: room above the highest bar and the
    100% line for a label, at most eight gridlines."""
    highest = max([100.0, *values]) * 1.12
    # Steps of 1, 2, 2,5 and 5 times a power of ten, from 10%: however far a bar goes.
    steps = (m * 10**k for k in itertools.count(1) for m in (1, 2, 2.5, 5))
    step = next(s for s in steps if highest / s <= 8)
    top = step * -(-highest // step)
    return float(top), float(step)


# Where a value's label lies from its bar's top or its point, as shares of the axis: from the
# gap to the far edge of the text (measured on the charts as LibreOffice draws them: an 11 pt
# label on the 95 mm progress chart, a 9 pt one on a 55 mm trend chart), and the half height
# of a bar's mark.
BAR_LABEL = (0.01, 0.095)
POINT_LABEL = (0.05, 0.15)
MARK_HALF = 0.02


def _bar_label_place(bar: ChartBar, top: float, lines: list[float]) -> str:
    """Where the bar's label is clear of every line drawn across it: above the bar, where
    neither a gridline, the 100% line nor the bar's mark runs; else inside the bar's top
    (the bar hides the gridlines, not the 100% line or the mark); else mid-bar; else above."""
    value = _percent(bar.value)
    near, far = (share * top for share in BAR_LABEL)
    mark = None if bar.expected is None else _percent(bar.expected)
    across = [line for line in lines if line == 100.0]

    def clear(low: float, high: float, drawn: list[float]) -> bool:
        pad = MARK_HALF * top
        return not any(low <= line <= high for line in drawn) and (
            mark is None or not low - pad <= mark <= high + pad
        )

    if clear(value + near, value + far, lines):
        return "outEnd"
    if value >= far + near and clear(value - far, value - near, across):
        return "inEnd"
    half = (far - near) / 2
    if value >= 2 * (far - near) and clear(value / 2 - half, value / 2 + half, across):
        return "ctr"
    return "outEnd"


def trend_charts(series: list[TrendSeries], periods: list[str], font: str) -> list[Chart]:
    """One small line chart per indicator: its cumulative value over the stored periods,
    on an axis whose gridlines no label above its point is written over."""
    charts = []
    for item in series:
        values = [float(v) for v in item.values]
        top, step, places = _count_axis(values)
        charts.append(
            Chart(
                list(periods),
                [
                    Series(
                        item.label,
                        list[float | None](values),
                        LINE_COLOUR,
                        kind="line",
                        places=places,
                    )
                ],
                title=item.label,
                value_format=COUNT_FORMAT,
                axis_format=COUNT_FORMAT,
                legend=False,
                font=font,
                font_pt=9,
                axis_max=top,
                major_unit=step,
            )
        )
    return charts


def _count_axis(values: list[float]) -> tuple[float, float, dict[int, str]]:
    """The value axis's top and step for counts, and the points whose label goes below them.

    Of the whole steps (1, 2, 2,5, 5 times a power of ten) giving three to six gridlines
    above zero, the first that leaves every label above its point clear of the gridlines;
    when none does, a label that would cross one goes below its point where that is clear,
    and the step is the one leaving the fewest labels on a line, then the fewest below."""
    highest = max([0.0, *values])
    near, far = POINT_LABEL
    best: tuple[tuple[int, int], float, float, dict[int, str]] | None = None
    for step in _steps():
        # Room above the highest point for its label; at least three gridlines.
        least = step * -(-(highest / (1 - far)) // step)
        top = max(least, 3 * step)
        count = round(top / step)
        if count > 6:
            continue
        lines = [step * k for k in range(count + 1)]
        places: dict[int, str] = {}
        crossed = 0
        for index, value in enumerate(values):
            if not _crosses(value + near * top, value + far * top, lines):
                continue
            if value - far * top >= 0 and not _crosses(
                value - far * top, value - near * top, lines
            ):
                places[index] = "b"
            else:
                crossed += 1
        score = (crossed, len(places))
        if best is None or score < best[0]:
            best = (score, top, step, places)
        if score == (0, 0) or least <= 3 * step:  # a wider step only flattens the line
            break
    assert best is not None
    return best[1], best[2], best[3]


def _steps() -> Iterator[float]:
    """1, 2, 2,5 (from 10 on), 5, 10, 20, 25, 50 …"""
    for k in itertools.count(0):
        for m in (1, 2, 2.5, 5):
            if m == 2.5 and k == 0:
                continue  # a count's gridlines fall on whole numbers
            yield m * 10**k


def _crosses(low: float, high: float, lines: list[float]) -> bool:
    return any(low <= line <= high for line in lines)


def _lighter(colour: str, share: float) -> str:
    """colour (RRGGBB) mixed with share of white."""
    share = min(share, 0.8)
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in channels)


def _words(bar: ChartBar) -> str:
    """The status in the tables' words (bang.j2's trang_thai), else the status's own name."""
    return bar.words or str(bar.status)


def _rank(status: str) -> int:
    """Best first; a status this version does not know, last."""
    return Status(status).rank if status in Status.__members__.values() else len(Status)


def _percent(fraction: float) -> float:
    """A fraction as a percentage rounded as the text rounds it (one decimal)."""
    return float(format_percent(fraction).rstrip("%").replace(".", "").replace(",", "."))


# ----- chart XML -----------------------------------------------------------------------------


def _column(index: int) -> str:
    """0 → 'A', 1 → 'B' ... (up to 'ZZ')."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _text(value: str) -> str:
    return escape(value)


def _number(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


def _string_cache(ref: str, values: list[str]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_text(value)}</c:v></c:pt>' for i, value in enumerate(values)
    )
    return (
        f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{points}'
        "</c:strCache></c:strRef>"
    )


def _number_cache(ref: str, values: list[float | None], fmt: str) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(value)}</c:v></c:pt>'
        for i, value in enumerate(values)
        if value is not None
    )
    return (
        f"<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>{_text(fmt)}</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>'
    )


def _line_properties(colour: str, width_emu: int, dash: str = "") -> str:
    dashed = f'<a:prstDash val="{dash}"/>' if dash else ""
    return (
        f'<a:ln w="{width_emu}" cap="rnd"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f"{dashed}<a:round/></a:ln>"
    )


def _series_xml(chart: Chart, index: int, series: Series) -> str:
    rows = len(chart.categories)
    column = _column(index + 1)
    name = _string_cache(f"{SHEET}!${column}$1", [series.name])
    categories = _string_cache(f"{SHEET}!$A$2:$A${rows + 1}", chart.categories)
    values = _number_cache(
        f"{SHEET}!${column}$2:${column}${rows + 1}", series.values, chart.value_format
    )
    if series.kind == "bar":
        properties = (
            f'<c:spPr><a:solidFill><a:srgbClr val="{series.colour}"/></a:solidFill></c:spPr>'
            '<c:invertIfNegative val="0"/>'
        )
        position = "outEnd"
    elif series.kind == "mark":
        fill = f'<a:solidFill><a:srgbClr val="{series.colour}"/></a:solidFill>'
        properties = (
            '<c:spPr><a:ln w="28575"><a:noFill/></a:ln></c:spPr>'
            f'<c:marker><c:symbol val="dash"/><c:size val="14"/>'
            f"<c:spPr>{fill}<a:ln>{fill}</a:ln></c:spPr></c:marker>"
        )
        position = "r"
    else:
        marker = (
            '<c:marker><c:symbol val="circle"/><c:size val="5"/>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{series.colour}"/></a:solidFill></c:spPr>'
            "</c:marker>"
            if series.labels
            else '<c:marker><c:symbol val="none"/></c:marker>'
        )
        width = 22225 if series.labels else 15875  # EMU: 1,75 or 1,25 pt
        properties = (
            f"<c:spPr>{_line_properties(series.colour, width, series.dash)}</c:spPr>{marker}"
        )
        position = "t"
    # A label placed apart says its format again (Word reads nothing of it from dLbls), and
    # has no ground: inside a bar or below a point no gridline runs under it.
    inside = "".join(
        f'<c:dLbl><c:idx val="{point}"/>'
        f'<c:numFmt formatCode="{_text(chart.value_format)}" sourceLinked="0"/>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f'<c:dLblPos val="{place}"/><c:showLegendKey val="0"/>'
        '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>'
        for point, place in sorted(series.places.items())
    )
    labels = (
        f'<c:dLbls>{inside}<c:numFmt formatCode="{_text(chart.value_format)}" sourceLinked="0"/>'
        # On a white ground: a line that still meets a label stops at its edge.
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f'</c:spPr><c:dLblPos val="{position}"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls>'
        if series.labels
        else '<c:dLbls><c:delete val="1"/></c:dLbls>'
    )
    tail = '<c:smooth val="0"/>' if series.kind != "bar" else ""
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx>{name}</c:tx>'
        f"{properties}{labels}<c:cat>{categories}</c:cat><c:val>{values}</c:val>{tail}</c:ser>"
    )


def _text_properties(font: str, pt: float, bold: bool = False) -> str:
    typeface = _text(font)
    return (
        "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{round(pt * 100)}" b="{int(bold)}">'
        '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
        f'<a:latin typeface="{typeface}"/><a:ea typeface="{typeface}"/>'
        f'<a:cs typeface="{typeface}"/></a:defRPr></a:pPr><a:endParaRPr lang="vi-VN"/></a:p>'
        "</c:txPr>"
    )


def chart_xml(chart: Chart) -> str:
    """The chart part (c:chartSpace) of a Chart."""
    bars = [(i, s) for i, s in enumerate(chart.series) if s.kind == "bar"]
    lines = [(i, s) for i, s in enumerate(chart.series) if s.kind != "bar"]
    axes = '<c:axId val="50010"/><c:axId val="50020"/>'
    plots = ""
    if bars:
        plots += (
            '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
            '<c:varyColors val="0"/>'
            + "".join(_series_xml(chart, i, s) for i, s in bars)
            + f'<c:gapWidth val="60"/><c:overlap val="100"/>{axes}</c:barChart>'
        )
    if lines:
        plots += (
            '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            + "".join(_series_xml(chart, i, s) for i, s in lines)
            + f'<c:marker val="1"/>{axes}</c:lineChart>'
        )
    grey = (
        '<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln>'
        "</c:spPr>"
    )
    category_axis = (
        '<c:catAx><c:axId val="50010"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
        f"{grey}{_text_properties(chart.font, chart.font_pt)}"
        '<c:crossAx val="50020"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
    )
    value_axis = (
        '<c:valAx><c:axId val="50020"/><c:scaling><c:orientation val="minMax"/>'
        + (f'<c:max val="{_number(chart.axis_max)}"/>' if chart.axis_max else "")
        + '<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
        f"<c:majorGridlines>{grey}</c:majorGridlines>"
        f'<c:numFmt formatCode="{_text(chart.axis_format)}" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text_properties(chart.font, chart.font_pt)}"
        '<c:crossAx val="50010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        + (f'<c:majorUnit val="{_number(chart.major_unit)}"/>' if chart.major_unit else "")
        + "</c:valAx>"
    )
    if chart.title:
        title = (
            "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
            f'<a:defRPr sz="{round(chart.font_pt * 100)}" b="1"/></a:pPr><a:r>'
            f'<a:rPr lang="vi-VN" sz="{round(chart.font_pt * 100)}" b="1">'
            f'<a:latin typeface="{_text(chart.font)}"/><a:cs typeface="{_text(chart.font)}"/>'
            f"</a:rPr><a:t>{_text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>"
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        )
    else:
        title = '<c:autoTitleDeleted val="1"/>'
    legend = (
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/>'
        f"{_text_properties(chart.font, chart.font_pt)}</c:legend>"
        if chart.legend
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>'
        f"<c:chart>{title}<c:plotArea><c:layout/>{plots}{category_axis}{value_axis}"
        f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text_properties(chart.font, chart.font_pt)}"
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )


# ----- the embedded workbook -----------------------------------------------------------------

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(rows: list[list[str | float | None]]) -> bytes:
    """A one-sheet .xlsx holding rows (text in inline strings, numbers, gaps), written
    directly: the parts Excel needs and nothing else."""
    cells = []
    for r, row in enumerate(rows, start=1):
        row_cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, str):
                row_cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}'
                    "</t></is></c>"
                )
            else:
                row_cells.append(f'<c r="{ref}"><v>{_number(value)}</v></c>')
        cells.append(f'<row r="{r}">{"".join(row_cells)}</row>')
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_DOC_RELS}"><sheets>'
            f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{_SHEET_NS}"><fonts count="1"><font><sz val="11"/>'
            '<name val="Times New Roman"/></font></fonts><fills count="2"><fill>'
            '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
            '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
            'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_SHEET_NS}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(
                info, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text
            )
    return out.getvalue()
