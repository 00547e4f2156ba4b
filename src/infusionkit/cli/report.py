"""`infusionkit report`: the rate-comparison report as Word, PDF and HTML, and report.json."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, fail, user_errors
from infusionkit.cli._contracts import LabelledContractsOpt, labelled
from infusionkit.cli._options import (
    EpisodesArg,
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    formats_option,
    mapped_episodes,
    parse_formats,
)

NAME = "report"
FORMATS = ("docx", "pdf", "html")
MAX_CONTRACTS = 6


class Audience(StrEnum):
    payer = "payer"
    internal = "internal"


AudienceOpt = Annotated[
    Audience,
    typer.Option(
        "--audience",
        help="payer: the version to send (no review findings, provenance or tool names); "
        "internal: adds the contract review findings and the SHA-256 of every input file.",
    ),
]


def command(
    episodes: EpisodesArg,
    contract: LabelledContractsOpt,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    fmt: Annotated[
        list[str] | None, formats_option("Documents to write: docx, pdf, html (default all).")
    ] = None,
    audience: AudienceOpt = Audience.payer,
    title: Annotated[
        str | None,
        typer.Option(help="Report title (default: payer + 'home infusion rate comparison')."),
    ] = None,
    out: OutOpt = Path("reports/report"),
    no_review: Annotated[
        bool,
        typer.Option("--no-review", help="Internal version: leave out the review findings."),
    ] = False,
    years: Annotated[
        int | None,
        typer.Option(help="Add a multi-year section: contract years 1 to N (1 to 30)."),
    ] = None,
    cpi: Annotated[
        str, typer.Option(help="With --years: assumed CPI a year, in percent, for escalator cpi.")
    ] = "3",
    volume_growth: Annotated[
        str, typer.Option(help="With --years: volume growth a year, in percent (e.g. 2.5).")
    ] = "0",
) -> None:
    """Write a rate-comparison report (report.docx, report.pdf, report.html and report.json).

    Prices the episode history under each contract (2 to 6 side by side; the first is the
    baseline), then reports totals, every change against the baseline with its standalone
    value, the sequential steps of the change (waterfall), rates by code, effect by therapy
    family and line type, allowed per episode and the method. Aggregates only: no patient
    identifiers. Wide tables go on landscape pages, split between scenarios when needed.

    --audience payer (default) is the version to send; internal adds the review findings, what
    each term of the first contract is worth (+1% on each rate, +1 point on each percentage:
    a tornado chart and table) and the provenance of every input. --years N adds a multi-year
    section to both versions (each contract's escalator, --cpi, --volume-growth, as forecast).

    report.json holds the scenarios, changes and waterfall ({name, label, total_allowed},
    {key, title, effect}, {driver, amount}) with the same keys and values as propose's
    changes.json on the same history, plus the provenance, and "sensitivity" and "forecast"
    when the report has those sections.

    A --contract value may be LABEL=FILE; scenarios are shown by their label, else by the short
    form of the contract's name:, else by the file stem.

    Example:

        infusionkit report rate_models/sample_episodes --payer ACME \\
            -c current=rate_models/acme_current.yaml -c proposed=rate_models/acme_proposed.yaml \\
            --out reports/acme

        infusionkit report rate_models/sample_episodes --payer ACME --audience internal \\
            -c current=rate_models/acme_current.yaml -c proposed=rate_models/acme_proposed.yaml \\
            --years 3 --volume-growth 2 --out reports/acme-internal
    """
    from infusionkit.cli._negotiation import parse_percent

    formats = parse_formats(fmt, FORMATS, FORMATS)
    cpi_value = parse_percent(cpi, "--cpi")
    growth = parse_percent(volume_growth, "--volume-growth")
    if len(contract) > MAX_CONTRACTS:
        raise fail(f"--contract: at most {MAX_CONTRACTS} contracts in one report")
    with user_errors():
        from infusionkit.reporting import make_report

        written = make_report(
            mapped_episodes(episodes, mapping),
            labelled(contract),
            out,
            rates=rates,
            payer=payer,
            title=title,
            review=not no_review,
            formats=formats,
            audience=audience.value,
            years=years,
            cpi=cpi_value,
            volume_growth=growth,
        )
    echo_written(written)
