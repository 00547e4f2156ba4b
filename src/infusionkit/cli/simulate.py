"""`infusionkit simulate`: claim lines and totals per contract, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._contracts import LabelledContractsOpt, labelled
from infusionkit.cli._options import (
    EpisodesArg,
    IncludePhiOpt,
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    formats_option,
    mapped_episodes,
    parse_formats,
)

NAME = "simulate"
FORMATS = ("csv", "parquet", "xlsx")


def command(
    episodes: EpisodesArg,
    contract: LabelledContractsOpt,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    out: OutOpt = Path("reports/simulate"),
    fmt: Annotated[
        list[str] | None, formats_option("Lines file formats: csv (default), parquet, xlsx.")
    ] = None,
    include_phi: IncludePhiOpt = False,
) -> None:
    """Simulate what historical episodes pay under each contract, line by line, to the cent.

    Writes OUT/lines.csv (every claim line of every scenario), OUT/summary.csv (totals by
    scenario and line type, by code, deltas) and OUT/unbilled.csv (therapies that give no claim
    line, with the reason), and prints totals with deltas.

    Example:

        infusionkit simulate rate_models/sample_episodes
            -c rate_models/acme_current.yaml -c rate_models/acme_proposed.yaml --out reports/sim
    """
    formats = parse_formats(fmt, FORMATS, ("csv",))
    with user_errors():
        from infusionkit.cli._progress import progress_callback
        from infusionkit.simulation import simulate
        from infusionkit.simulation.outputs import write_simulation

        with progress_callback("Pricing") as on_progress:
            sim = simulate(
                mapped_episodes(episodes, mapping),
                labelled(contract),
                rates=rates,
                payer=payer,
                include_phi=include_phi,
                progress=on_progress,
            )
        written = write_simulation(sim, out, formats)
    from infusionkit.cli._tables import print_totals

    print_totals(sim)
    for note in sim.episodes.notes:
        typer.echo(note)
    if len(sim.unbilled):
        typer.echo(
            f"{len(sim.unbilled)} therapy/scenario pair(s) gave no claim line: see unbilled.csv"
        )
    echo_written(written)
