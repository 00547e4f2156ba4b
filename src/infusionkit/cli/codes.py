"""`infusionkit codes`: look up home infusion HCPCS codes, families and modifiers."""

from __future__ import annotations

from typing import Annotated

import typer

from infusionkit.cli._common import EXIT_FINDINGS, user_errors

NAME = "codes"


def command(
    query: Annotated[
        str | None,
        typer.Argument(help="Text to find in code, family, kind or descriptor (all when omitted)."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Only this kind (per_diem, catheter_care, modifier, ...)."),
    ] = None,
) -> None:
    """List catalog codes matching QUERY as a table (exit 1 when nothing matches).

    Example: infusionkit codes antibiotic --kind per_diem
    """
    from rich.console import Console
    from rich.table import Table

    from infusionkit import catalog

    with user_errors():
        matches = catalog.search(query)
        if kind is not None:
            matches = [info for info in matches if info.kind == kind.strip().lower()]
        if not matches:
            typer.echo("no code matches", err=True)
            if kind is not None and kind.strip().lower() not in catalog.KINDS:
                typer.echo(f"known kinds: {', '.join(catalog.KINDS)}", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        table = Table(title=f"{len(matches)} code(s)")
        for column in ("code", "kind", "family"):
            table.add_column(column, no_wrap=True)
        table.add_column("descriptor", overflow="fold")
        for info in matches:
            table.add_row(info.code, info.kind, info.family, info.descriptor)
        Console().print(table)
