"""The report as one self-contained HTML file (Jinja2, autoescape on; CSS and SVG charts inline)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from infusionkit.money import format_money
from infusionkit.reporting import charts
from infusionkit.reporting.formatting import breakable, wordy

if TYPE_CHECKING:
    from infusionkit.reporting.model import Report, Table


def _widths(table: Table) -> list[float]:
    total = sum(c.width for c in table.columns) or 1.0
    return [round(c.width / total * 100, 2) for c in table.columns]


def _period(report: Report) -> str:
    first, last = report.cover.period
    if first is None or last is None:
        return "no dated claim lines"
    return f"{first:%B %-d, %Y} to {last:%B %-d, %Y}"


def render_html(report: Report, svgs: dict[str, str] | None = None) -> str:
    """The report as HTML text; ``svgs`` (chart key → inline SVG) are drawn when not given."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("infusionkit.reporting", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["lines"] = lambda text: Markup("<br>").join(breakable(str(text)).split("\n"))
    env.tests["wordy"] = wordy
    template = env.get_template("report.html.j2")
    css = (
        resources.files("infusionkit.reporting").joinpath("templates/report.css").read_text("utf-8")
    )
    drawn = svgs if svgs is not None else {c.key: charts.svg(c) for c in report.charts}
    return template.render(
        cover=report.cover,
        sections=report.sections,
        period=_period(report),
        css=Markup(css),
        svgs={key: Markup(value) for key, value in drawn.items()},
        widths=_widths,
        money=format_money,
        internal=report.audience == "internal",
        landscape=report.landscape,
    )
