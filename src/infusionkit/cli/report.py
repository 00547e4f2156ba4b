"""`infusionkit report`: the rate-comparison report as Word, PDF and HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import user_errors
from infusionkit.cli._options import (
    ContractsOpt,
    EpisodesArg,
    MapOpt,
    PayerOpt,
    RatesOpt,
    formats_option,
    mapped_episodes,
    parse_formats,
)

NAME = "report"
FORMATS = ("docx", "pdf", "html")



def command(
    episodes: EpisodesArg,
    contract: ContractsOpt,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    fmt: Annotated[
        list[str] | None, formats_option("Documents to write: docx, pdf, html (default all).")
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(help="Report title (default: payer + 'home infusion rate comparison')."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path(
        "reports/report"
    ),
    no_review: Annotated[
        bool, typer.Option("--no-review", help="Leave out the contract review findings.")
    ] = False,
) -> None:
    """Write a rate-comparison report (report.docx, report.pdf, report.html) for a payer.

    Prices the episode history under each contract, then reports totals and changes, rates by
    code, effect by therapy family and line type, the drivers of the change, allowed per
    episode, review findings and the method. Aggregates only: no patient identifiers.

    Example:

        infusionkit report rate_models/sample_episodes \\
            -c rate_models/acme_current.yaml -c rate_models/acme_proposed.yaml --out reports/acme
    """
    formats = parse_formats(fmt, FORMATS, FORMATS)
    with user_errors():
        from infusionkit.reporting import make_report

        written = make_report(
            mapped_episodes(episodes, mapping),
            contract,
            out,
            rates=rates,
            payer=payer,
            title=title,
            review=not no_review,
            formats=formats,
        )
    for path in written:
        typer.echo(f"wrote {path}")
