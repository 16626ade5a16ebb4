"""The charts' value labels in the Word report: written as the tables write percentages, and
never over a line drawn across the chart (a gridline, the 100% line, a bar's mark)."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dean24.commands.pipeline import ReportSettings, build_report_model
from dean24.core.text import format_percent
from dean24.programme.config import Config, load_config
from dean24.render.docx import render_docx
from dean24.words.document import Block, ChartBar, ReportDocument, TrendSeries, build_document
from dean24.words.narrative import Narrative

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "tong_hop_6thang_dau_2024.xlsx"
REPORT_DATE = date(2024, 7, 17)
C = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
# Where a label's text lies, as shares of the value axis, measured on the PDF LibreOffice
# draws (110 dpi): above a bar from 1% to 9,5% of the axis past its top, above a point from
# 5% to 15% (and as far below it when placed below); a bar's mark 2% thick each way.
ABOVE_BAR = (0.01, 0.095)
ABOVE_POINT = (0.05, 0.15)
MARK = 0.02
# Cumulative series of the kinds the reports chart: district and commune counts, thousands of
# members, flat runs, values on and just under gridlines, zeros.
SERIES = [
    [140, 162, 193, 220, 245],
    [5, 7, 9, 11, 13],
    [21, 24, 27, 29, 30],
    [2150, 2460, 2725, 2905, 3055],
    [9, 10, 12, 13, 16],
    [30, 41, 51, 59, 68],
    [60, 101, 143, 173, 208],
    [11, 29, 30],
    [0, 0, 1],
    [0, 0, 0],
    [284, 16, 33],
    [3255, 3274],
    [120, 159, 174, 199, 200, 240, 300],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
]
# Bars as % of target, with what was due by the period's end: on and just past gridlines,
# the 100% line, marks just above and just below a bar's top, a zero.
BARS = [
    [("Đảng viên kết nạp", 1.222, None), ("Tổ chức đảng", 1.2, None), ("Công đoàn", 0.867, None)],
    [("Đảng viên kết nạp", 0.56, 0.53), ("Tổ chức đảng", 0.467, 0.53), ("Đoàn viên", 0.0, 0.5)],
    [("Đảng viên kết nạp", 0.259, 0.5), ("Tổ chức đoàn", 3.333, None), ("Học viên", 1.08, None)],
    [("Đảng viên kết nạp", 0.96, 0.97), ("Tổ chức đảng", 0.6, 0.61), ("Lớp", 0.395, 0.4)],
]


@pytest.fixture(scope="module")
def built() -> tuple[ReportDocument, Config]:
    config = load_config()
    model, _ = build_report_model(ReportSettings(inputs=(SAMPLE,), report_date=REPORT_DATE), config)
    return build_document(model, config, None, REPORT_DATE, Narrative()), config


def _with_charts(document: ReportDocument, bars: list[ChartBar], trend: list[list[int]]) -> Any:
    """The document with these bars in Biểu đồ 1 and a Biểu đồ 2 of these series."""
    periods = [f"Kỳ {k + 1}" for k in range(max(len(values) for values in trend))]
    table = dataclasses.replace(document.tables[0], number=3, title="Diễn biến", chart="trend")
    return dataclasses.replace(
        document,
        chart=bars,
        tables=[*document.tables, table],
        appendix=[*document.appendix, Block("table", table=len(document.tables))],
        trend=[
            TrendSeries(
                f"Chỉ tiêu {k + 1}", [*values, *[values[-1]] * (len(periods) - len(values))]
            )
            for k, values in enumerate(trend)
        ],
        trend_periods=periods,
        trend_caption="Số lũy kế các chỉ tiêu qua các kỳ báo cáo",
    )


def _bars(given: list[tuple[str, float, float | None]]) -> list[ChartBar]:
    status = {True: ("exceeded", "Vượt mục tiêu"), False: ("behind", "Chậm tiến độ")}
    return [
        ChartBar(label, value, *status[value >= 1], expected=expected)
        for label, value, expected in given
    ]


def _charts(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            (n for n in archive.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)),
            key=lambda n: int(re.sub(r"\D", "", n)),
        )
        return [etree.fromstring(archive.read(name)) for name in names]


def _axis(chart: etree._Element) -> tuple[float, float]:
    top = chart.xpath("string(//c:valAx/c:scaling/c:max/@val)", namespaces=C)
    step = chart.xpath("string(//c:valAx/c:majorUnit/@val)", namespaces=C)
    assert top and step, "the value axis's top and step are set, so its gridlines are known"
    return float(top), float(step)


def _points(series: etree._Element) -> list[tuple[int, float, str]]:
    """(index, value, label position) of each point of a series."""
    default = series.xpath("string(c:dLbls/c:dLblPos/@val)", namespaces=C)
    placed = {
        int(label.xpath("string(c:idx/@val)", namespaces=C)): label.xpath(
            "string(c:dLblPos/@val)", namespaces=C
        )
        for label in series.xpath("c:dLbls/c:dLbl", namespaces=C)
    }
    points = []
    for point in series.xpath("c:val//c:pt", namespaces=C):
        index = int(point.get("idx"))
        value = float(point.xpath("string(c:v)", namespaces=C))
        points.append((index, value, placed.get(index, default)))
    return points


def _crossed(low: float, high: float, lines: list[float]) -> list[float]:
    return [line for line in lines if low <= line <= high]


def _clear(low: float, high: float, drawn: list[float], mark: list[float], pad: float) -> bool:
    """No line drawn across low..high, and no mark (pad thick each way) touching it."""
    return not _crossed(low, high, drawn) and not _crossed(low - pad, high + pad, mark)


def test_no_label_on_a_line(built: tuple[ReportDocument, Config]) -> None:
    document, config = built
    for given in BARS:
        data = render_docx(_with_charts(document, _bars(given), SERIES), config)
        progress, *trends = _charts(data)
        assert len(trends) == len(SERIES)
        # Biểu đồ 1: above a bar, clear of the gridlines, the 100% line and the bar's mark;
        # inside it (the bar hides the gridlines), clear of the 100% line and the mark.
        top, step = _axis(progress)
        lines = [step * k for k in range(1, round(top / step) + 1)]
        marks = {
            int(pt.get("idx")): float(pt.xpath("string(c:v)", namespaces=C))
            for pt in progress.xpath(
                "//c:lineChart/c:ser[c:marker/c:symbol/@val='dash']/c:val//c:pt", namespaces=C
            )
        }
        near, far = (share * top for share in ABOVE_BAR)
        checked = unavoidable = 0
        for series in progress.xpath("//c:barChart/c:ser", namespaces=C):
            for index, value, place in _points(series):
                pad = MARK * top
                mark = [marks[index]] if index in marks else []

                half = (far - near) / 2
                places = {
                    "outEnd": _clear(value + near, value + far, lines, mark, pad),
                    "inEnd": value >= far + near
                    and _clear(value - far, value - near, [100.0], mark, pad),
                    "ctr": value >= 2 * (far - near)
                    and _clear(value / 2 - half, value / 2 + half, [100.0], mark, pad),
                }
                # On a line only where no place is clear (a short bar on a tall axis, its
                # mark just above it); the label is then above the bar, on a white ground.
                assert places[place] or (place == "outEnd" and not any(places.values())), (
                    given,
                    value,
                    place,
                )
                unavoidable += not places[place]
                checked += 1
        assert checked == len(given)
        assert unavoidable <= (1 if given is BARS[2] else 0), given
        # Biểu đồ 2: each point's label above it (or below, where it is placed so) clear of
        # the gridlines; the highest label inside the chart.
        for chart, values in zip(trends, SERIES, strict=True):
            top, step = _axis(chart)
            assert 3 <= round(top / step) <= 6, (values, top, step)
            lines = [step * k for k in range(1, round(top / step) + 1)]
            near, far = (share * top for share in ABOVE_POINT)
            assert max(values) + far <= top, values
            (series,) = chart.xpath("//c:lineChart/c:ser", namespaces=C)
            for _, value, place in _points(series)[: len(values)]:
                if place == "b":
                    span = (value - far, value - near)
                    assert span[0] >= 0, values
                else:
                    assert place == "t", place
                    span = (value + near, value + far)
                assert not _crossed(*span, lines), (values, value, place, top, step)


def test_percent_labels_are_written_as_the_tables_write_them(
    built: tuple[ReportDocument, Config],
) -> None:
    """One decimal where there is one, none on a whole number: "25,9%" and "108%" in the
    chart as in Bảng 1, never "108,0%"."""
    document, config = built
    data = render_docx(document, config)
    progress = _charts(data)[0]
    formats = progress.xpath(
        "//c:barChart/c:ser/c:dLbls/c:numFmt/@formatCode|"
        "//c:barChart/c:ser/c:dLbls/c:dLbl/c:numFmt/@formatCode",
        namespaces=C,
    )
    assert formats and set(formats) == {'[$-42A]General"%"'}
    # The values are rounded as the text rounds them, so General writes the text's figure.
    table = next(t for t in document.tables if t.key == "chi_tieu")
    rate = table.header.index("Tỷ lệ")
    given = {row[1]: row[rate] for row in table.rows}
    labels = {i.column: i.label for i in config.indicators}
    for bar in document.chart:
        value = float(format_percent(bar.value)[:-1].replace(".", "").replace(",", "."))
        values = progress.xpath("//c:barChart/c:ser/c:val//c:v/text()", namespaces=C)
        assert value in [float(v) for v in values]
        cell = given[labels[bar.label]]
        if cell[0].isdigit():  # not a range's "vượt 3 so với mức cao nhất"
            assert cell.startswith(format_percent(bar.value) + " "), (bar, cell)


@pytest.mark.slow
def test_labels_through_libreoffice(tmp_path: Path, built: tuple[ReportDocument, Config]) -> None:
    """LibreOffice writes the labels as the tables do: "108%", "25,9%", "0%"."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("soffice (LibreOffice) hoặc pdftotext (poppler-utils) không có trên máy này")
    document, config = built
    bars = _bars([("Đảng viên", 1.08, None), ("Tổ chức đảng", 0.259, 0.5), ("Lớp", 0.0, 0.5)])
    source = tmp_path / "bieu_do.docx"
    source.write_bytes(render_docx(_with_charts(document, bars, SERIES[:2]), config))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "bieu_do.pdf"), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8")
    page = next(p for p in unicodedata.normalize("NFC", text).split("\f") if "Biểu đồ 1." in p)
    words = page.split()
    for label in ("108%", "25,9%", "0%"):
        assert label in words, label
    assert not [word for word in words if re.fullmatch(r"\d+,0%", word)]
