"""`infusionkit solve`: the smallest uniform change of some rates or terms that reaches a target."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import EXIT_FINDINGS, echo_written, fail, user_errors
from infusionkit.cli._contracts import LabelledContractOpt, split_label
from infusionkit.cli._options import (
    EpisodesArg,
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    mapped_episodes,
)

NAME = "solve"


def command(
    episodes: EpisodesArg,
    contract: LabelledContractOpt,
    vary: Annotated[
        str,
        typer.Option(
            help="What to change: per_diem, infrequent, nursing, other (every listed rate), "
            "drugs (drug percents), SH, SJ, ais_percent, or codes (S9500,S9502)."
        ),
    ],
    target: Annotated[
        str | None,
        typer.Option(help="+X% / -X% of the contract's own total, or dollars (1500000.00)."),
    ] = None,
    match: Annotated[
        str | None,
        typer.Option(help="Break-even: reach the total of this contract on the same history."),
    ] = None,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    out: OutOpt = Path("reports/solve"),
) -> None:
    """Find the smallest uniform change that makes the contract reach a target on the history.

    Rates change by p percent (each rate r becomes r x (1 + p/100), rounded half-up to the
    cent); drugs, SH, SJ and ais_percent change by p points. p is searched on a 0.01 grid with
    exact totals: the answer reaches the target and the next grid step towards today does not.
    For a target below today's total, the largest cut whose total stays at or below it.

    Writes OUT/solved.yaml (the contract with the new values) and OUT/solve.json
    {selector, p, target, total_before, total_after, reached, changes, ...}.

    Exit codes: 0 solved, 1 no p in -100..+1000 reaches the target (the closest reachable total
    and why are printed, solve.json records them), 2 bad input.

    Examples:

        infusionkit solve rate_models/sample_episodes -c rate_models/acme_current.yaml
            --vary per_diem --target +6%

        infusionkit solve rate_models/sample_episodes -c rate_models/acme_proposed.yaml
            --vary S9500 --match rate_models/acme_current.yaml
    """
    if (target is None) == (match is None):
        raise fail("give --target or --match (one of them)")
    with user_errors():
        from infusionkit.negotiation import solve
        from infusionkit.negotiation.outputs import write_solve

        _, path = split_label(contract)
        label, other = split_label(match) if match else (None, None)
        result = solve(
            mapped_episodes(episodes, mapping),
            path,
            vary,
            target,
            match=other,
            match_label=label,
            rates=rates,
            payer=payer,
        )
        written = write_solve(result, out)
    from infusionkit.cli._negotiation import print_solve

    print_solve(result)
    echo_written(written)
    if not result.reached:
        typer.echo(f"target not reachable: {result.reason}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
