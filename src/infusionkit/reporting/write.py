"""Writing a report in the requested formats and ``report.json``, atomically (all or none)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.reporting.model import Report

FORMATS = ("docx", "pdf", "html")
JSON_NAME = "report.json"


def report_json(report: Report) -> str:
    """``report.json``: scenarios, changes, waterfall (spec §11), unpriced lines, provenance."""
    return json.dumps(report.data, indent=2, ensure_ascii=False) + "\n"


def write_report(
    report: Report, out_dir: str | Path, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write ``report.<fmt>`` for each format and ``report.json`` into ``out_dir``; returns the
    paths written."""
    from infusionkit.files import OutputSet
    from infusionkit.reporting import charts
    from infusionkit.reporting.render_docx import render_docx
    from infusionkit.reporting.render_html import render_html
    from infusionkit.reporting.render_pdf import render_pdf

    formats = tuple(formats)
    wanted = [f for f in FORMATS if f in set(formats)]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown report format(s): {', '.join(sorted(unknown))}")
    want_svg = "html" in wanted or "pdf" in wanted
    drawn = {
        c.key: charts.images(c, want_svg=want_svg, want_png="docx" in wanted) for c in report.charts
    }
    possible = [f"report.{fmt}" for fmt in FORMATS] + [JSON_NAME]
    with OutputSet(out_dir, "report", possible=possible) as out:
        html = None
        if want_svg:
            html = render_html(report, {key: svg for key, (svg, _) in drawn.items()})
        if "docx" in wanted:
            render_docx(report, out.path("report.docx"), {k: png for k, (_, png) in drawn.items()})
        if "pdf" in wanted and html is not None:
            render_pdf(html, out.path("report.pdf"))
        if "html" in wanted and html is not None:
            out.write_text("report.html", html)
        out.write_text(JSON_NAME, report_json(report))
    return out.written


def make_report(
    episodes: Episodes | str | Path,
    contracts: object,
    out_dir: str | Path,
    *,
    rates: str | Path | None = None,
    payer: str | None = None,
    title: str | None = None,
    review: bool = True,
    formats: Iterable[str] = FORMATS,
    audience: str = "payer",
    years: int | None = None,
    cpi: Decimal | str = Decimal(3),
    volume_growth: Decimal | str = Decimal(0),
) -> list[Path]:
    """Simulate ``episodes`` under ``contracts``, build the report once, write it; paths written.

    ``contracts``: as :func:`~infusionkit.simulation.simulate` takes them (paths, (label, path)
    pairs, contracts, or {label: contract}). ``years``, ``cpi``, ``volume_growth``: the
    multi-year section (see :func:`~infusionkit.reporting.build.build_report`).
    """
    from infusionkit.reporting.build import build_report
    from infusionkit.simulation import simulate

    sim = simulate(episodes, contracts, rates=rates, payer=payer)
    report = build_report(
        sim,
        title=title,
        review=review,
        audience=audience,
        years=years,
        cpi=cpi,
        volume_growth=volume_growth,
    )
    return write_report(report, out_dir, formats)
