"""`infusionkit propose`: the addendum for the current contract and the proposal, a redline,
changes.json, and for the internal audience the negotiation brief."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._options import (
    AuthorOpt,
    DateOpt,
    MapOpt,
    OutOpt,
    PayerOpt,
    RatesOpt,
    mapped_episodes,
    parse_date_option,
)
from infusionkit.cli.report import Audience

NAME = "propose"


def command(
    current: Annotated[Path, typer.Argument(help="The current contract (YAML).")],
    proposal: Annotated[
        Path, typer.Option("--proposal", "-p", help="The proposed contract (YAML).")
    ],
    out: OutOpt = Path("reports/propose"),
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
            help="Episode history: each change valued on it (changes.json; the internal "
            "comments and brief).",
        ),
    ] = None,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            help="payer: the redline to send (plain reasons, no dollars or tool names); "
            "internal: review notes and dollar values in the comments, plus brief.md and "
            "brief.docx (needs --episodes).",
        ),
    ] = Audience.payer,
    goal: Annotated[
        str | None,
        typer.Option(
            help="Internal brief: the least acceptable total, +X% on the current total or "
            "dollars (default: the proposal's own total, fallbacks revenue-neutral)."
        ),
    ] = None,
    author: AuthorOpt = "Provider",
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Clause templates folder (default: contract_templates/)."),
    ] = None,
    date: DateOpt = None,
) -> None:
    """Draft the reimbursement addendum for CURRENT and a proposal, and redline one into the other.

    Writes OUT/current.docx, OUT/proposed.docx, OUT/redline.docx (tracked changes with a
    comment on each changed clause) and OUT/changes.json (every change against CURRENT, each
    valued alone on --episodes: {scenarios, changes: [{key, title, effect}], waterfall}, the same
    keys and values as report.json on the same history).

    --audience payer (default): the redline to send; each comment gives the clause's reason in
    plain contract language (contract_templates/rationales.yaml). --audience internal: the
    comments carry the review's notes and each change's standalone value, and OUT/brief.md and
    OUT/brief.docx hold the negotiation brief: each ask with its value, priority, evidence
    from the history and fallback position (from solve).

    With --docx the redline is the payer's own document: the proposal's `edits:` and the rates
    of its fee tables (found by content: a code column beside a money column) as tracked
    changes. Exit 2 when nothing of the proposal could be applied to it.

    Example:

        infusionkit propose rate_models/acme_current.yaml \\
            --proposal rate_models/acme_proposed.yaml \\
            --episodes rate_models/sample_episodes --payer ACME --out reports/propose
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
            payer=payer,
            audience=audience.value,
            goal=goal,
            author=author,
            templates_dir=templates,
            date=when,
        )
    from infusionkit.money import format_money, signed_money

    typer.echo(f"addendum: {len(result.comments)} changed clause(s)")
    for comment in result.comments:
        typer.echo(f"  {comment.title}")
    typer.echo(f"changes against {current.name}: {len(result.proposal_changes)}")
    for change in result.proposal_changes:
        value = "" if change.effect is None else f"  {signed_money(change.effect)}"
        typer.echo(f"  {change.key}: {change.detail}{value}")
    if result.effects is not None:
        e = result.effects
        typer.echo(
            f"allowed on {e.label} history: current {format_money(e.current_allowed)}, "
            f"proposed {format_money(e.proposed_allowed)} ({signed_money(e.total)}); "
            "change values are standalone (each change alone), they do not add up"
        )
    source = docx.name if docx is not None else "the addendum"
    typer.echo(
        f"redline.docx ({source}, for the {result.audience}): {result.changes} tracked change(s)"
    )
    if result.rate_cells:
        typer.echo(f"rate cells changed in {docx}: {', '.join(result.rate_cells)}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    echo_written(result.paths.values())
