"""The progress chart: % of target reached per indicator, as a PNG for the Word report."""

from __future__ import annotations

import io

from dean24.document import STATUS_LABELS, ChartBar, TrendSeries
from dean24.text import format_percent

# Bar colours by status: green when the target is reached, blue on track, orange behind.
STATUS_COLOURS = {
    "exceeded": "#2e7d32",
    "met": "#66bb6a",
    "on_track": "#1f6fb2",
    "behind": "#e07b00",
    "not_met": "#c62828",
    "no_target": "#9e9e9e",
}
# Fonts with Vietnamese glyphs, best first; DejaVu ships with matplotlib, so one always exists.
FONTS = ("Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans")
MM_PER_INCH = 25.4
TITLE_PT = 12


def _font(texts: list[str]) -> str:
    """The first font of FONTS installed here whose glyphs cover every character of texts.

    One whole font, not a per-glyph fallback, so that a Times clone without Vietnamese letters
    (Liberation Serif 1.x) does not mix two typefaces in one word.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    needed = {ord(ch) for text in texts for ch in text if not ch.isspace()}
    for name in FONTS:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=name), fallback_to_default=False
            )
        except ValueError:
            continue
        if needed <= set(FT2Font(path).get_charmap()):
            return name
    return "DejaVu Sans"


def chart_png(
    bars: list[ChartBar],
    caption: str,
    elapsed: float | None = None,
    width_mm: float = 160,
    dpi: int = 150,
) -> bytes:
    """Horizontal bars of % of target, a line at 100% and one at the elapsed share (a fraction)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    width_in = width_mm / MM_PER_INCH
    height_in = 1.6 + 0.42 * max(len(bars), 1)
    texts = [
        caption,
        *STATUS_LABELS.values(),
        *(bar.label for bar in bars),
        *(b.words for b in bars),
    ]
    texts += ["Mục tiêu (100%)", "Thời gian thực hiện đã qua", "Tỷ lệ đạt so với mục tiêu"]
    with matplotlib.rc_context({"font.family": [_font(texts), "DejaVu Sans"], "font.size": 11}):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        ax = fig.subplots()
        values = [bar.value * 100 for bar in bars]
        positions = list(range(len(bars)))
        ax.barh(
            positions,
            values,
            height=0.6,
            color=[STATUS_COLOURS.get(bar.status, "#9e9e9e") for bar in bars],
            zorder=2,
        )
        ax.set_yticks(positions, [bar.label for bar in bars])
        ax.invert_yaxis()
        top = max([*values, 100.0])
        ax.set_xlim(0, top * 1.16)
        for y, (bar, value) in enumerate(zip(bars, values, strict=True)):
            ax.text(
                value + top * 0.01,
                y,
                format_percent(bar.value),
                va="center",
                fontsize=10,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        ax.axvline(100, color="#333333", linestyle="--", linewidth=1.2, zorder=3)
        if elapsed is not None:
            ax.axvline(elapsed * 100, color="#7b1fa2", linestyle=":", linewidth=1.6, zorder=3)
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0f}%")
        ax.set_xlabel("Tỷ lệ đạt so với mục tiêu")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
        ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle(caption, fontsize=TITLE_PT, fontweight="bold", wrap=True)
        seen = [s for s in STATUS_COLOURS if any(bar.status == s for bar in bars)]
        handles: list[Patch | Line2D] = [
            Patch(
                color=STATUS_COLOURS[s],
                label=next(b.words for b in bars if b.status == s) or STATUS_LABELS.get(s, s),
            )
            for s in seen
        ]
        handles.append(Line2D([], [], color="#333333", linestyle="--", label="Mục tiêu (100%)"))
        if elapsed is not None:
            handles.append(
                Line2D(
                    [],
                    [],
                    color="#7b1fa2",
                    linestyle=":",
                    linewidth=1.6,
                    label=f"Thời gian thực hiện đã qua ({format_percent(elapsed, 0)})",
                )
            )
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 3),
            fontsize=10,
            frameon=False,
        )
        fig.tight_layout(rect=(0, 0.1 + 0.04 * (len(handles) > 3), 1, 1))
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def trend_png(
    series: list[TrendSeries],
    periods: list[str],
    caption: str,
    width_mm: float = 160,
    dpi: int = 150,
) -> bytes:
    """Small multiples: each indicator's cumulative value over the stored periods."""
    import math

    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from dean24.text import format_int

    columns = 2
    rows = max(math.ceil(len(series) / columns), 1)
    width_in = width_mm / MM_PER_INCH
    height_in = 0.8 + 1.9 * rows
    texts = [caption, *(s.label for s in series), *periods]
    with matplotlib.rc_context({"font.family": [_font(texts), "DejaVu Sans"], "font.size": 9}):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        axes = fig.subplots(rows, columns, squeeze=False)
        positions = list(range(len(periods)))
        for index, ax in enumerate(axes.flat):
            if index >= len(series):
                ax.set_visible(False)
                continue
            item = series[index]
            ax.plot(positions, item.values, marker="o", color="#1f6fb2", linewidth=1.8)
            for x, value in zip(positions, item.values, strict=True):
                ax.annotate(
                    format_int(value),
                    (x, value),
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    fontsize=8,
                )
            ax.set_title(item.label, fontsize=10, fontweight="bold")
            ax.set_xticks(positions, periods, fontsize=8)
            ax.set_ylim(0, max([*item.values, 1]) * 1.25)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
            ax.yaxis.set_major_formatter(lambda y, _pos: format_int(int(y)))
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
            ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle(caption, fontsize=TITLE_PT, fontweight="bold")
        fig.tight_layout(rect=(0, 0, 1, 0.97))
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()
