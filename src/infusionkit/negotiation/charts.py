"""The tornado chart of a sensitivity (matplotlib, Agg): PNG for documents, SVG for HTML.

Floats are used for drawing only; every amount printed on the chart is formatted from the exact
Decimal effect.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from infusionkit.money import signed_money

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from infusionkit.negotiation.sensitivity import Sensitivity

UP, DOWN, INK, GRID = "#2a9d8f", "#c8553d", "#333333", "#d9dde3"
TOP = 15


def tornado_figure(result: Sensitivity, top: int = TOP) -> Figure:
    """Horizontal bars of the ``top`` largest effects, largest at the top."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    effects = list(result.top(top))
    height = 0.9 + 0.32 * max(len(effects), 1)
    fig = Figure(figsize=(6.8, height), dpi=100)
    ax = fig.add_subplot()
    labels = [f"{e.label}  ({'+1%' if e.kind == 'rate' else '+1 pt'})" for e in effects]
    values = [float(e.effect) for e in effects]
    positions = list(range(len(effects)))[::-1]
    ax.barh(positions, values, color=[UP if v >= 0 else DOWN for v in values], height=0.6)
    ax.set_yticks(positions, labels, fontsize=7.5, color=INK)
    span = max((abs(v) for v in values), default=1.0) or 1.0
    for pos, value, effect in zip(positions, values, effects, strict=True):
        ax.text(
            value + (span * 0.02 if value >= 0 else -span * 0.02),
            pos,
            signed_money(effect.effect),
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=7,
            color=INK,
        )
    low, high = min(values, default=0.0), max(values, default=0.0)
    ax.set_xlim(
        (low - span * 0.3) if low < 0 else 0.0, (high + span * 0.3) if high > 0 else span * 0.05
    )
    ax.axvline(0, color="#9aa3ad", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(_short_money))
    ax.tick_params(axis="x", labelsize=7.5, colors=INK)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(
        "Value on the history of +1% on a rate, +1 point on a percentage",
        loc="left",
        fontsize=9,
        fontweight="bold",
        color=INK,
    )
    if not effects:
        ax.text(0.5, 0.5, "no terms to vary", transform=ax.transAxes, ha="center", color=INK)
    fig.tight_layout()
    return fig


def _short_money(value: float, _pos: object = None) -> str:
    """Axis labels: $1.2M, $350K, $2.5K, $900 (ticks below $10K keep a decimal, so $1,500 and
    $2,500 do not both read $2K)."""
    magnitude, sign = abs(value), "-" if value < 0 else ""
    if magnitude >= 1_000_000:
        return f"{sign}${magnitude / 1_000_000:,.1f}M"
    if magnitude >= 10_000:
        return f"{sign}${magnitude / 1_000:,.0f}K"
    if magnitude >= 1_000:
        return f"{sign}${magnitude / 1_000:,.1f}K"
    return f"{sign}${magnitude:,.0f}"


def tornado_png(result: Sensitivity, top: int = TOP, dpi: int = 200) -> bytes:
    """The tornado chart as PNG bytes."""
    buffer = io.BytesIO()
    tornado_figure(result, top).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def tornado_svg(result: Sensitivity, top: int = TOP) -> str:
    """The tornado chart as SVG text (fonts as text)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        tornado_figure(result, top).savefig(buffer, format="svg")
    return buffer.getvalue()
