"""`infusionkit variance`: expected (the contract) vs paid (the 835), and the worklist."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infusionkit.cli._common import EXIT_FINDINGS, echo_written, fail, user_errors
from infusionkit.cli._options import ClaimsArg, IncludePhiOpt, MapOpt, OutOpt, RatesOpt

if TYPE_CHECKING:
    from rich.console import Console

    from infusionkit.simulation.variance import Variance

NAME = "variance"
TOP = 10


def _amount(text: str | None, option: str) -> Decimal | None:
    from infusionkit.money import MoneyError, parse_money

    if text is None:
        return None
    try:
        value = parse_money(text)
    except MoneyError as exc:
        raise fail(f"{option}: {exc} (a dollar amount, e.g. 5.00)") from None
    if value < 0:
        raise fail(f"{option} must not be negative")
    return value


def command(
    claims: ClaimsArg,
    contract: Annotated[
        Path, typer.Option("--contract", "-c", help="The contract the payer should have paid by.")
    ],
    remits: Annotated[
        list[Path] | None,
        typer.Option(
            "--remits",
            "-r",
            help="X12 835 file, or folder of 835 files; repeatable. Without it the claims' own "
            "paid / payer_allowed / patient_responsibility / carc columns are used.",
        ),
    ] = None,
    rates: RatesOpt = None,
    payer: Annotated[str | None, typer.Option(help="Only claim lines with this payer_id.")] = None,
    mapping: MapOpt = None,
    tolerance: Annotated[
        str, typer.Option(help="Differences within this many dollars are as_expected.")
    ] = "0.00",
    fail_over: Annotated[
        str | None,
        typer.Option("--fail-over", help="Exit 1 when the total shortfall exceeds this amount."),
    ] = None,
    out: OutOpt = Path("reports/variance"),
    include_phi: IncludePhiOpt = False,
) -> None:
    """Compare what each claim line should have been paid under the contract with the 835.

    Every claim line gets a status (underpaid, denied, overpaid, as_expected, no_remittance,
    unpriced) with its CARC/RARC reasons. Writes OUT/variance.csv (one row per line),
    OUT/variance_summary.csv (by status, payer, code and CARC), OUT/worklist.xlsx (underpaid
    and denied lines, largest shortfall first, with filters) and OUT/unmatched_remits.csv
    (payments that matched no claim line, with why), and prints the shortfall by payer, code
    and reason.

    Examples:

        infusionkit variance rate_models/sample_claims -c rate_models/acme_current.yaml
            --remits rate_models/sample_claims/acme_2025.835.x12 --payer ACME

        infusionkit variance claims_2025/ -c acme.yaml -r remits/ --tolerance 1.00
            --fail-over 5000
    """
    tolerance_value = _amount(tolerance, "--tolerance")
    threshold = _amount(fail_over, "--fail-over")
    with user_errors():
        from infusionkit.simulation.claims_outputs import write_variance
        from infusionkit.simulation.variance import variance

        result = variance(
            claims,
            contract,
            remits=list(remits) if remits else None,
            rates=rates,
            payer=payer,
            mapping=mapping,
            tolerance=tolerance_value or Decimal(0),
            include_phi=include_phi,
        )
        written = write_variance(result, out)
    from rich.console import Console

    console = Console()
    print_variance(result, console)
    echo_written(written)
    if threshold is not None and result.total_shortfall > threshold:
        from infusionkit.money import format_money

        typer.echo(
            f"total shortfall {format_money(result.total_shortfall)} exceeds --fail-over "
            f"{format_money(threshold)}",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


def print_variance(result: Variance, console: Console) -> None:
    """Status totals, the shortfall by payer, code and reason, and the unmatched payments."""
    from rich.table import Table

    from infusionkit.money import format_money

    summary = result.summary
    status = Table(title=f"Expected ({result.scenario}) vs paid, by status", title_justify="left")
    for name in ("status", "lines", "expected", "paid", "shortfall"):
        status.add_column(name, justify="left" if name == "status" else "right", no_wrap=True)
    for row in summary[summary["section"].isin(["status", "all"])].itertuples(index=False):
        status.add_row(
            str(row.key),
            f"{row.lines:,}",
            format_money(row.expected),
            format_money(row.paid),
            format_money(row.shortfall),
            style="bold" if row.section == "all" else None,
        )
    console.print(status)
    for section, title in (("payer", "payer"), ("code", "code"), ("carc", "reason (CARC)")):
        part = summary[(summary["section"] == section) & (summary["shortfall"] > 0)]
        if not len(part):
            continue
        part = part.sort_values("shortfall", ascending=False, key=lambda s: s.map(float))
        table = Table(title=f"Shortfall by {title}", title_justify="left")
        table.add_column(title)
        if section == "carc":
            table.add_column("meaning")
        table.add_column("lines", justify="right")
        table.add_column("shortfall", justify="right")
        for row in part.head(TOP).itertuples(index=False):
            cells = [str(row.key)] + ([str(row.meaning)] if section == "carc" else [])
            table.add_row(*cells, f"{row.lines:,}", format_money(row.shortfall))
        console.print(table)
    unmatched = len(result.unmatched)
    console.print(
        f"{unmatched} remittance line(s) matched no claim line: see unmatched_remits.csv"
        if unmatched
        else "every remittance line matched a claim line"
        if result.remittances is not None
        else "no 835 given: payment data from the claims table's own columns"
    )
    for file, amount in result.provider_adjustments.items():
        if amount:
            console.print(
                f"{file}: provider-level adjustments (PLB) {format_money(amount)} "
                "belong to no claim line"
            )
