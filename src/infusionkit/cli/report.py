"""`infusionkit report`: the rate-comparison report as Word, PDF and HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import fail, user_errors
from infusionkit.cli._options import ContractsOpt, EpisodesArg, PayerOpt, RatesOpt

NAME = "report"
FORMATS = ("docx", "pdf", "html")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx,pdf"`` -> ("docx", "pdf"); raises the exit for unknown names."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise fail(f"--format {text!r}: use a comma-separated list of {', '.join(FORMATS)}")
    return names


def command(
    episodes: EpisodesArg,
    contract: ContractsOpt,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Comma-separated: docx, pdf, html.")
    ] = "docx,pdf,html",
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
    formats = parse_formats(fmt)
    with user_errors():
        from infusionkit.reporting import make_report

        written = make_report(
            episodes,
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
