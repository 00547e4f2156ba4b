"""`infusionkit sensitivity`: the dollar value of each rate and percentage term."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._contracts import LabelledContractOpt, split_label
from infusionkit.cli._options import (
    EpisodesArg,
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    mapped_episodes,
)

NAME = "sensitivity"


def command(
    episodes: EpisodesArg,
    contract: LabelledContractOpt,
    vary: Annotated[
        str | None,
        typer.Option(help="Only these terms (a solve selector: per_diem, SH, S9500,S9502 …)."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="Terms shown in the table and the chart.")] = 15,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    out: OutOpt = Path("reports/sensitivity"),
) -> None:
    """What each term of the contract is worth: +1% on each rate, +1 point on each percentage.

    Each listed rate (and rate default) is raised by 1% (rounded half-up to the cent) and each
    percentage term (SH, SJ, ais_percent, drug percents, percent-of-charges defaults) by one
    point, one at a time; the effect is the exact change of the total allowed on the history.

    Writes OUT/sensitivity.csv (every term, largest effect first) and OUT/tornado.png.

    Example:

        infusionkit sensitivity rate_models/sample_episodes -c rate_models/acme_current.yaml
    """
    with user_errors():
        from infusionkit.cli._progress import progress_callback
        from infusionkit.negotiation import sensitivity
        from infusionkit.negotiation.outputs import write_sensitivity

        with progress_callback("Valuing") as on_progress:
            result = sensitivity(
                mapped_episodes(episodes, mapping),
                split_label(contract)[1],
                vary=vary,
                rates=rates,
                payer=payer,
                progress=on_progress,
            )
        written = write_sensitivity(result, out, top)
    from infusionkit.cli._negotiation import print_sensitivity

    print_sensitivity(result, top)
    for key, why in result.skipped:
        typer.echo(f"not varied: {key}: {why}")
    echo_written(written)
