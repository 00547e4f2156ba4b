"""`infusionkit propose` (not yet implemented)."""

from __future__ import annotations

import typer

NAME = "propose"


def command() -> None:
    """Not yet implemented."""
    typer.echo("not yet implemented", err=True)
    raise typer.Exit(2)
