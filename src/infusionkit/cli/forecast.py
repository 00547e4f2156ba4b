"""`infusionkit forecast`: contract years 1…N with escalators and volume growth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._contracts import LabelledContractsOpt, first_path, labelled
from infusionkit.cli._options import (
    EpisodesArg,
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    mapped_episodes,
)

NAME = "forecast"


def command(
    episodes: EpisodesArg,
    contract: LabelledContractsOpt,
    years: Annotated[int, typer.Option(help="Contract years to forecast (1 to 30).")] = 3,
    cpi: Annotated[
        str, typer.Option(help="Assumed CPI a year, in percent, for escalator type cpi.")
    ] = "3",
    volume_growth: Annotated[
        str, typer.Option(help="Volume growth a year, in percent (e.g. 2.5).")
    ] = "0",
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    out: OutOpt = Path("reports/forecast"),
) -> None:
    """Forecast each contract's total for contract years 1…N on the history replayed.

    On each anniversary every dollar rate is escalated by the contract's escalator
    (terms.escalator: fixed_percent compounds on the previous year's rates, each rounded
    half-up to the cent; cpi uses --cpi; none keeps the rates); percentages are not escalated.
    Each year's total is the history priced at that year's rates, times (1 + growth)^(year-1)
    for --volume-growth, rounded half-up to the cent; the term total is their sum.

    Writes OUT/forecast.csv (one row per scenario and year, plus the term total).

    Example:

        infusionkit forecast rate_models/sample_episodes -c current=rate_models/acme_current.yaml
            -c proposed=rate_models/acme_proposed.yaml --years 3 --volume-growth 2
    """
    from infusionkit.cli._negotiation import parse_percent

    cpi_value = parse_percent(cpi, "--cpi")
    growth = parse_percent(volume_growth, "--volume-growth")
    with user_errors():
        from infusionkit.cli._progress import progress_callback
        from infusionkit.negotiation import forecast
        from infusionkit.negotiation.outputs import write_forecast

        with progress_callback("Forecasting") as on_progress:
            result = forecast(
                mapped_episodes(episodes, mapping),
                labelled(contract),
                years=years,
                cpi=cpi_value,
                volume_growth=growth,
                rates=rates if rates is not None else first_path(contract).parent,
                payer=payer,
                progress=on_progress,
            )
        written = write_forecast(result, out)
    from infusionkit.cli._negotiation import print_forecast

    print_forecast(result)
    echo_written(written)
