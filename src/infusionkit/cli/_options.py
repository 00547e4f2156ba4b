"""Command-line arguments shared by several commands (one definition, one help text)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EpisodesArg = Annotated[
    Path, typer.Argument(help="Episodes: CSV folder, .xlsx workbook or Parquet folder.")
]
ContractsOpt = Annotated[
    list[Path],
    typer.Option(
        "--contract",
        "-c",
        help="Contract YAML; repeat for side-by-side scenarios (the first is the baseline).",
    ),
]
RatesOpt = Annotated[
    Path | None,
    typer.Option(
        help="Folder with chargemaster.csv and drug_prices.csv "
        "(default: the folder of the first contract)."
    ),
]
PayerOpt = Annotated[str | None, typer.Option(help="Only therapies with this payer_id.")]
