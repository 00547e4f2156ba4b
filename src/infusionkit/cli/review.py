"""`infusionkit review`: a contract against the recommendation set, with dollar impact."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import EXIT_FINDINGS, EXIT_OK, fail, user_errors
from infusionkit.cli._options import (
    MapOpt,
    PayerOpt,
    RatesOpt,
    formats_option,
    mapped_episodes,
    parse_formats,
)

NAME = "review"


FORMATS = ("table", "json", "md")


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


def command(
    contract: Annotated[
        Path | None, typer.Argument(help="Contract YAML file (not needed with --rules).")
    ] = None,
    episodes: Annotated[
        Path | None,
        typer.Option(help="Episodes (CSV folder, .xlsx or Parquet folder): adds $ impact."),
    ] = None,
    rates: RatesOpt = None,
    payer: PayerOpt = None,
    mapping: MapOpt = None,
    recommendations: Annotated[
        Path | None,
        typer.Option(
            help="Recommendations YAML (default: recommendations.yaml in the contract's folder, "
            "else the set shipped with infusionkit)."
        ),
    ] = None,
    fmt: Annotated[list[str] | None, formats_option("One of table (default), json, md.")] = None,
    fail_on: Annotated[
        Level, typer.Option(help="Exit 1 when a finding is at or above this severity.")
    ] = Level.low,
    rules: Annotated[
        bool,
        typer.Option(
            "--rules",
            help="List every rule (id, title, problem, fix; with --format md or json also the "
            "recommended value) and exit.",
        ),
    ] = False,
) -> None:
    """Review a contract against the recommendation set (NHIA-based aims and infusionkit defaults).

    Each finding names the rule (IK101 …), its topic, severity, the contract's current term, the
    recommended one, why and the source. With --episodes (--payer keeps one payer_id's
    therapies), each finding money can measure gets its value of meeting the recommendation in
    dollars over the history: the allowed difference with the contract changed to meet the
    recommendation (each finding measured alone), or the billed charges at risk on lines the
    contract leaves unpriced (marked *). Positive = what the provider leaves on the table. A
    measured finding's severity then follows its value: high from 1 % of the contract's allowed
    total, medium from 0.1 %, else low.

    Recommendations file: --recommendations, else recommendations.yaml in the contract's folder,
    else the default set shipped with infusionkit. Every number in the default set is an
    editable infusionkit default, not an NHIA figure.

    JSON: {"contract": {path, payer, name, effective}, "recommendations": path,
    "episodes": {source, first, last, claim_lines, allowed, data_gaps} | null,
    "summary": {high, medium, low}, "findings": [{rule, topic, severity, title, message, key,
    current, recommended, rationale, source, impact, impact_basis, details}]}; impact is a
    decimal string of dollars ("1234.50") or null; impact_basis is allowed_difference,
    billed_charges_at_risk or null.

    --rules lists the rules themselves (the same text as docs/rules.md); with --format json:
    [{id, title, topic, summary, problem, fix, value, recommended, severity}], where recommended
    and severity come from the recommendations file.

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad input.

    Examples:

        infusionkit review rate_models/acme_current.yaml --episodes rate_models/sample_episodes \
            --payer ACME

        infusionkit review --rules
    """
    (fmt_name,) = parse_formats(fmt, FORMATS, ("table",), single=True)
    if rules:
        _list_rules(fmt_name, recommendations, contract)
        raise typer.Exit(EXIT_OK)
    if contract is None:
        raise fail("missing argument CONTRACT (or --rules to list the rules)")
    with user_errors():
        from infusionkit.review import review

        result = review(
            contract,
            recommendations=recommendations,
            episodes=mapped_episodes(episodes, mapping),
            rates=rates,
            payer=payer,
        )
    from infusionkit.review.render import print_table, to_json, to_markdown

    if fmt_name == "json":
        typer.echo(to_json(result), nl=False)
    elif fmt_name == "md":
        typer.echo(to_markdown(result), nl=False)
    else:
        print_table(result)
    raise typer.Exit(EXIT_FINDINGS if result.fails(fail_on.value) else EXIT_OK)


def _list_rules(fmt: str, recommendations: Path | None, contract: Path | None) -> None:
    from infusionkit.review import RULES
    from infusionkit.review.render import print_rules, rules_json, rules_markdown

    if fmt == "table":
        print_rules(RULES.values())
        return
    with user_errors():
        from infusionkit.review import load_recommendations, resolve_recommendations

        recs = load_recommendations(resolve_recommendations(recommendations, contract))
    render = rules_json if fmt == "json" else rules_markdown
    typer.echo(render(RULES.values(), recs), nl=False)
