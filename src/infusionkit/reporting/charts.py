"""Charts of a report drawn with matplotlib (Agg): SVG for HTML/PDF, PNG for Word.

Charts use floats for drawing only; every figure printed in a table is exact.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from infusionkit.reporting.model import BarSeries, Chart, Distribution, Waterfall

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PNG_DPI = 200
WIDTH_IN = 6.8
MAX_HEIGHT_IN = 5.0  # a chart, its title and note fit on a landscape page
PALETTE = ("#1f3a5f", "#2a9d8f", "#e9a23b", "#8d5a97", "#6c757d", "#c8553d")
UP, DOWN, TOTAL, APART = "#2a9d8f", "#c8553d", "#1f3a5f", "#9aa3ad"
INK, GRID = "#333333", "#d9dde3"
_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.edgecolor": "#9aa3ad",
    "axes.labelcolor": INK,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "none",
    "figure.dpi": 100,
}


def money_label(value: float, _pos: object = None) -> str:
    """Axis labels: $1.2M, $350K, $900."""
    magnitude = abs(value)
    sign = "-" if value < 0 else ""
    if magnitude >= 1_000_000:
        return f"{sign}${magnitude / 1_000_000:,.1f}M"
    if magnitude >= 1_000:
        return f"{sign}${magnitude / 1_000:,.0f}K"
    return f"{sign}${magnitude:,.0f}"


def _signed_label(value: float) -> str:
    return ("+" if value > 0 else "") + money_label(value)


def _style(ax: Any, axis: str) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.spines[["top", "right"]].set_visible(False)
    getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(money_label))
    ax.grid(axis=axis, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _bars(fig: Figure, data: BarSeries) -> None:
    import numpy as np

    ax = fig.add_subplot()
    n_series = len(data.series)
    positions = np.arange(len(data.categories))
    height = 0.8 / max(n_series, 1)
    for i, (name, values) in enumerate(data.series):
        ax.barh(
            positions + (i - (n_series - 1) / 2) * height,
            values,
            height=height * 0.92,
            label=name,
            color=PALETTE[i % len(PALETTE)],
        )
    ax.set_yticks(positions, data.categories)
    ax.invert_yaxis()
    _style(ax, "x")
    ax.legend(frameon=False, loc="lower right")


def _lines(fig: Figure, data: BarSeries) -> None:
    """One line per series over the categories (contract years), legend below the axes."""
    ax = fig.add_subplot()
    positions = list(range(len(data.categories)))
    for i, (name, values) in enumerate(data.series):
        ax.plot(positions, values, marker="o", label=name, color=PALETTE[i % len(PALETTE)])
    ax.set_xticks(positions, data.categories)
    ax.set_xmargin(0.08)
    _style(ax, "y")
    columns = min(len(data.series), 3)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=columns)


def _waterfall(fig: Figure, data: Waterfall) -> None:
    """Baseline bar, one floating bar per non-zero step (lines without price data grey and
    hatched: not a driver), scenario bar."""
    ax = fig.add_subplot()
    shown = [s for s in data.steps if s.delta != 0]
    labels = [_wrap(data.baseline), *(_wrap(s.driver) for s in shown), _wrap(data.scenario)]
    start, end = float(data.start), float(data.end)
    levels = [start]
    for step in shown:
        levels.append(levels[-1] + float(step.delta))
    low, high = min(levels), max(levels)
    spread = max(high - low, abs(end) * 0.05, 1.0)
    floor = max(0.0, low - spread * 0.6)
    bottoms, heights, colors, hatches = [floor], [start - floor], [TOTAL], [""]
    for i, step in enumerate(shown):
        delta = float(step.delta)
        bottoms.append(min(levels[i], levels[i + 1]))
        heights.append(abs(delta))
        colors.append(APART if step.apart else UP if delta > 0 else DOWN)
        hatches.append("//" if step.apart else "")
    bottoms.append(floor)
    heights.append(end - floor)
    colors.append(TOTAL)
    hatches.append("")
    xs = range(len(labels))
    bars = ax.bar(xs, heights, bottom=bottoms, color=colors, width=0.62)
    for bar, hatch in zip(bars, hatches, strict=True):
        if hatch:
            bar.set_hatch(hatch)
            bar.set_edgecolor("white")
    for i in range(len(levels) - 1):
        ax.plot([i - 0.31, i + 1.31], [levels[i], levels[i]], color="#9aa3ad", linewidth=0.6)
    top_pad = spread * 0.08
    ax.text(0, start + top_pad * 0.3, money_label(start), ha="center", va="bottom", fontsize=8)
    ax.text(
        len(labels) - 1,
        end + top_pad * 0.3,
        money_label(end),
        ha="center",
        va="bottom",
        fontsize=8,
        fontweight="bold",
    )
    for i, step in enumerate(shown, start=1):
        ax.text(
            i,
            max(levels[i - 1], levels[i]) + top_pad * 0.3,
            _signed_label(float(step.delta)),
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=INK,
        )
    ax.set_ylim(floor, high + spread * 0.25)
    ax.set_xticks(list(xs), labels, fontsize=7.5)
    _style(ax, "y")


def _wrap(text: str, width: int = 12) -> str:
    """Tick labels on at most a few short lines (no rotated text)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _distribution(fig: Figure, data: tuple[Distribution, ...]) -> None:
    ax = fig.add_subplot()
    series = [list(d.values) or [0.0] for d in data]
    box = ax.boxplot(
        series,
        orientation="horizontal",
        whis=(5, 95),
        showfliers=False,
        showmeans=True,
        patch_artist=True,
        widths=0.55,
        medianprops={"color": INK, "linewidth": 1.2},
        meanprops={
            "marker": "D",
            "markerfacecolor": "white",
            "markeredgecolor": INK,
            "markersize": 4,
        },
    )
    for i, patch in enumerate(box["boxes"]):
        patch.set_facecolor(PALETTE[i % len(PALETTE)])
        patch.set_alpha(0.85)
    ax.set_yticks(range(1, len(data) + 1), [d.scenario for d in data])
    ax.invert_yaxis()
    ax.set_xlabel("Allowed per episode (diamond: mean)")
    _style(ax, "x")


def _figure(chart: Chart) -> Figure:
    from matplotlib.figure import Figure

    if chart.kind == "bars":
        assert isinstance(chart.data, BarSeries)
        per_category = 0.16 + 0.1 * len(chart.data.series)
        height = min(0.9 + per_category * len(chart.data.categories), MAX_HEIGHT_IN)
        fig = Figure(figsize=(WIDTH_IN, height))
        _bars(fig, chart.data)
    elif chart.kind == "lines":
        assert isinstance(chart.data, BarSeries)
        fig = Figure(figsize=(WIDTH_IN, 2.6 + 0.2 * ((len(chart.data.series) - 1) // 3)))
        _lines(fig, chart.data)
    elif chart.kind == "waterfall":
        assert isinstance(chart.data, Waterfall)
        fig = Figure(figsize=(WIDTH_IN, 2.6))
        _waterfall(fig, chart.data)
    elif chart.kind == "distribution":
        assert isinstance(chart.data, tuple)
        fig = Figure(figsize=(WIDTH_IN, min(1.1 + 0.55 * len(chart.data), MAX_HEIGHT_IN)))
        _distribution(fig, chart.data)
    elif chart.kind == "tornado":
        from infusionkit.negotiation.charts import tornado_figure
        from infusionkit.negotiation.sensitivity import Sensitivity
        from infusionkit.reporting.analytics import TOP

        assert isinstance(chart.data, Sensitivity)
        fig = tornado_figure(chart.data, TOP)
    else:  # pragma: no cover - the report builder makes only these kinds
        raise ValueError(chart.kind)
    fig.set_layout_engine("tight")
    return fig


def images(chart: Chart, *, want_svg: bool = True, want_png: bool = True) -> tuple[str, bytes]:
    """Draw the chart once; return (inline SVG, PNG bytes), empty for a format not wanted."""
    import matplotlib

    svg_text, png_bytes = "", b""
    settings: Any = {**_RC, "svg.hashsalt": chart.key}
    with matplotlib.rc_context(settings):
        fig = _figure(chart)
        if want_svg:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
            text = buffer.getvalue().decode("utf-8")
            svg_text = text[text.index("<svg") :]
        if want_png:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
            png_bytes = buffer.getvalue()
    return svg_text, png_bytes


def svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (no XML prolog), scalable to its container."""
    return images(chart, want_png=False)[0]


def png(chart: Chart) -> bytes:
    """The chart as PNG at print resolution."""
    return images(chart, want_svg=False)[1]
