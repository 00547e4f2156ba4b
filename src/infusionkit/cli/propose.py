"""`infusionkit propose`: the addendum for the current contract and the proposal, and a redline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import user_errors
from infusionkit.cli._options import (
    AuthorOpt,
    DateOpt,
    MapOpt,
    RatesOpt,
    mapped_episodes,
    parse_date_option,
)

NAME = "propose"


def command(
    current: Annotated[Path, typer.Argument(help="The current contract (YAML).")],
    proposal: Annotated[
        Path, typer.Option("--proposal", "-p", help="The proposed contract (YAML).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path(
        "reports/propose"
    ),
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx", help="The payer's own .docx: apply the proposal's edits and rates to it."
        ),
    ] = None,
    episodes: Annotated[
        Path | None,
        typer.Option(
            "--episodes",
            "-e",
            help="Episode history: comments carry each clause's simulated $ effect.",
        ),
    ] = None,
    rates: RatesOpt = None,
    mapping: MapOpt = None,
    author: AuthorOpt = "infusionkit",
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Clause templates folder (default: contract_templates/)."),
    ] = None,
    date: DateOpt = None,
) -> None:
    """Draft the reimbursement addendum for CURRENT and a proposal, and redline one into the other.

    Writes OUT/current.docx, OUT/proposed.docx and OUT/redline.docx (tracked changes, with a
    comment on each changed clause giving the rationale and, with --episodes, its simulated
    dollar effect). With --docx the redline is the payer's own document with the proposal's
    `edits:` and fee-schedule rates applied as tracked changes.

    Example:

        infusionkit propose rate_models/acme_current.yaml \\
            --proposal rate_models/acme_proposed.yaml \\
            --episodes rate_models/sample_episodes --out reports/propose
    """
    when = parse_date_option(date)
    with user_errors():
        from infusionkit.drafting import propose

        result = propose(
            current,
            proposal,
            out_dir=out,
            payer_docx=docx,
            episodes=mapped_episodes(episodes, mapping),
            rates=rates,
            author=author,
            templates_dir=templates,
            date=when,
        )
    from infusionkit.money import format_money, signed_money

    typer.echo(f"addendum: {len(result.comments)} changed clause(s)")
    for comment in result.comments:
        effect = "" if comment.effect is None else f"  {signed_money(comment.effect)}"
        typer.echo(f"  {comment.title}{effect}")
    if result.effects is not None:
        e = result.effects
        typer.echo(
            f"allowed on {e.label} history: current {format_money(e.current_allowed)}, "
            f"proposed {format_money(e.proposed_allowed)} ({signed_money(e.total)})"
        )
    source = docx.name if docx is not None else "the addendum"
    typer.echo(f"redline.docx ({source}): {result.changes} tracked change(s)")
    if result.rate_cells:
        typer.echo(f"rate cells changed in {docx}: {', '.join(result.rate_cells)}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.paths.values():
        typer.echo(f"wrote {path}")
