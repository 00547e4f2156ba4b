"""`infusionkit reprice`: billed claim lines priced as billed under each contract, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._options import (
    ClaimsArg,
    ContractsOpt,
    IncludePhiOpt,
    MapOpt,
    OutOpt,
    RatesOpt,
    formats_option,
    parse_formats,
)

NAME = "reprice"
FORMATS = ("csv", "parquet", "xlsx")


def command(
    claims: ClaimsArg,
    contract: ContractsOpt,
    rates: RatesOpt = None,
    payer: Annotated[str | None, typer.Option(help="Only claim lines with this payer_id.")] = None,
    mapping: MapOpt = None,
    out: OutOpt = Path("reports/reprice"),
    fmt: Annotated[
        list[str] | None, formats_option("Lines file formats: csv (default), parquet, xlsx.")
    ] = None,
    include_phi: IncludePhiOpt = False,
) -> None:
    """Price a claims history exactly as billed under each contract, line by line, to the cent.

    Each line's own code, units and modifiers decide its price (SH/SJ and SS from the billed
    modifiers; nothing is recoded or re-ranked). Writes OUT/lines.csv (every line of every
    scenario, with claim_id and line_number) and OUT/summary.csv, and prints totals with deltas.

    Examples:

        infusionkit reprice rate_models/sample_claims
            -c rate_models/acme_current.yaml -c rate_models/acme_proposed.yaml --out reports/rep

        infusionkit reprice claims_2025.837 -c proposal.yaml --rates prices/ --payer ACME
    """
    formats = parse_formats(fmt, FORMATS, ("csv",))
    with user_errors():
        from infusionkit.cli._progress import progress_callback
        from infusionkit.simulation.claims_outputs import write_repricing
        from infusionkit.simulation.reprice import reprice

        with progress_callback("Repricing") as on_progress:
            result = reprice(
                claims,
                contract,
                rates=rates,
                payer=payer,
                mapping=mapping,
                include_phi=include_phi,
                progress=on_progress,
            )
        written = write_repricing(result, out, formats)
    from infusionkit.cli._tables import print_totals

    print_totals(result)
    echo_written(written)
