"""`infusionkit episodes from-claims`: an episodes source derived from a claims history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infusionkit.cli._common import echo_written, user_errors
from infusionkit.cli._options import ClaimsArg, MapOpt, OutOpt, formats_option, parse_formats

if TYPE_CHECKING:
    from infusionkit.claims.derive import Derived

app = typer.Typer(help="Episode sources: derive one from a claims history.", no_args_is_help=True)
FORMATS = ("csv", "parquet", "xlsx")


@app.command("from-claims")
def from_claims(
    claims: ClaimsArg,
    out: OutOpt = Path("reports/episodes"),
    payer: Annotated[str | None, typer.Option(help="Only claim lines with this payer_id.")] = None,
    mapping: MapOpt = None,
    fmt: Annotated[
        list[str] | None, formats_option("Episode tables as csv (default), parquet or xlsx.")
    ] = None,
    include_phi: Annotated[
        bool,
        typer.Option(
            "--include-phi", help="Keep raw patient ids (default: keyed pseudonyms as patient_id)."
        ),
    ] = False,
) -> None:
    """Derive therapies, administrations, nursing visits, drug and other lines from claims.

    Per diem lines of a patient and code whose dates touch are merged into one therapy (SH/SJ
    dropped, SS → site ais); single-unit dates at least 7 days apart become an infrequent
    therapy; each 99601 unit is a 120-minute visit, with that date's 99602 units added as 60
    minutes each; drug and other lines are copied. Writes the tables into OUT (an episodes
    source for simulate, review, propose and report) and OUT/derivation.csv: what was inferred
    for each therapy and visit, and any line that could not be derived.

    Example:

        infusionkit episodes from-claims rate_models/sample_claims --out my_episodes
        infusionkit simulate my_episodes -c rate_models/acme_proposed.yaml
            --rates rate_models
    """
    (fmt_name,) = parse_formats(fmt, FORMATS, ("csv",), single=True)
    with user_errors():
        from infusionkit.simulation.from_claims import episodes_from_claims, write_derived

        derived = episodes_from_claims(
            claims, payer=payer, mapping=mapping, include_phi=include_phi
        )
        written = write_derived(derived, out, fmt_name)
    _print_derivation(derived)
    counts = derived.counts
    typer.echo(
        f"derived {counts['therapies']} therapies ({counts['infrequent']} infrequent, "
        f"{counts['administrations']} administrations), {counts['nursing']} nursing visits, "
        f"{counts['drugs']} drug and {counts['other']} other lines"
    )
    if derived.not_derived:
        typer.echo(
            f"{derived.not_derived} claim line(s) could not be derived: see derivation.csv",
            err=True,
        )
    echo_written(written)


SHOWN = 40


def _print_derivation(derived: Derived) -> None:
    """What was inferred for each therapy (the first :data:`SHOWN`; all in derivation.csv)."""
    from rich.console import Console
    from rich.table import Table

    frame = derived.derivation
    therapies = frame[frame["table"] == "therapies"]
    table = Table(title="Therapies derived from the claims", title_justify="left")
    for name in ("therapy", "code", "site", "from", "to", "interval h", "lines", "inferred"):
        table.add_column(name, justify="right" if name in ("interval h", "lines") else "left")
    for row in therapies.head(SHOWN).itertuples(index=False):
        table.add_row(
            str(row.id),
            str(row.hcpcs),
            str(row.site),
            str(row.start_date),
            str(row.end_date),
            str(int(row.dosing_interval_hours)),
            str(row.claim_lines),
            str(row.inferred),
        )
    console = Console()
    console.print(table)
    if len(therapies) > SHOWN:
        console.print(f"... and {len(therapies) - SHOWN} more therapies: see derivation.csv")
