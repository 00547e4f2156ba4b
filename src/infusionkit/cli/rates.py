"""`infusionkit rates`: the code × contract rate matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._contracts import LABEL_HELP, first_path, labelled
from infusionkit.cli._options import (
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    formats_option,
    mapped_episodes,
    parse_formats,
)

NAME = "rates"
FORMATS = ("csv", "xlsx")


def command(
    contracts: Annotated[
        list[str], typer.Argument(help=f"Contract YAML files. {LABEL_HELP}", show_default=False)
    ],
    episodes: Annotated[
        Path | None,
        typer.Option(
            help="Episodes (CSV folder, .xlsx or Parquet folder): adds each code's volume."
        ),
    ] = None,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    fmt: Annotated[
        list[str] | None, formats_option("Output formats: csv, xlsx (default: both).")
    ] = None,
    out: OutOpt = Path("reports/rates"),
) -> None:
    """Compare contracts code by code: rates, percentages and drug basis, lowest and highest
    marked.

    One row per code of each section (per diem, infrequent, nursing, other) and per term (SH,
    SJ, ais_percent, day count, drug basis and percent, lesser-of). A code a contract does not
    list shows how it is priced there (its section's default). With --episodes each row gets
    the code's volume in the history (per diem days, administrations, units), coded under the
    first contract.

    Writes OUT/rates.csv and OUT/rates.xlsx (currency formats, lowest/highest filled, frozen
    header, filters).

    Example:

        infusionkit rates rate_models/acme_current.yaml rate_models/acme_proposed.yaml
            --episodes rate_models/sample_episodes
    """
    formats = parse_formats(fmt, FORMATS, FORMATS)
    with user_errors():
        from infusionkit.negotiation import rate_matrix
        from infusionkit.negotiation.outputs import write_rate_matrix

        matrix = rate_matrix(
            labelled(contracts),
            history=mapped_episodes(episodes, mapping),
            rates=rates if rates is not None else first_path(contracts).parent,
            payer=payer,
        )
        written = write_rate_matrix(matrix, out, formats)
    from infusionkit.cli._negotiation import print_rate_matrix

    print_rate_matrix(matrix)
    echo_written(written)
