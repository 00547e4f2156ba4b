"""`infusionkit synth`: write realistic synthetic episode tables (for demos, tests, benchmarks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from infusionkit.bounds import MAX_SYNTH_MONTHS, MAX_SYNTH_SEED, MAX_SYNTH_THERAPIES
from infusionkit.cli._common import fail, user_errors
from infusionkit.cli._options import formats_option, parse_formats

NAME = "synth"


def command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the tables into.")],
    therapies: Annotated[
        int,
        typer.Option(
            "--therapies", "-n", min=0, max=MAX_SYNTH_THERAPIES, help="Number of therapy courses."
        ),
    ] = 300,
    seed: Annotated[
        int,
        typer.Option(
            "--seed", min=0, max=MAX_SYNTH_SEED, help="Random seed (same seed, same data)."
        ),
    ] = 0,
    fmt: Annotated[
        list[str] | None, formats_option("One of csv (default), parquet, xlsx (one workbook).")
    ] = None,
    start: Annotated[
        str, typer.Option("--start", help="First day therapies may start (YYYY-MM-DD).")
    ] = "2025-01-01",
    months: Annotated[
        int,
        typer.Option(
            "--months", min=1, max=MAX_SYNTH_MONTHS, help="Months over which therapies start."
        ),
    ] = 12,
) -> None:
    """Write synthetic episode tables (therapies, holds, administrations, nursing, drugs, other).

    The files are written to a temporary folder first and moved into OUT when complete.

    Example: infusionkit synth --therapies 300 --seed 2025 --out rate_models/sample_episodes
    """
    with user_errors():
        from infusionkit.episodes import FORMATS
        from infusionkit.episodes.writers import write_atomically

        (fmt_name,) = parse_formats(fmt, FORMATS, ("csv",), single=True)
        try:
            first_day = date.fromisoformat(start)
        except ValueError:
            raise fail(f"--start {start!r} is not a date (YYYY-MM-DD)") from None

        from rich.console import Console
        from rich.table import Table

        from infusionkit.episodes import synth_episodes

        episodes = synth_episodes(therapies, seed=seed, start=first_day, months=months)
        written = write_atomically(episodes, out, fmt_name)

        table = Table(title=f"Synthetic episodes, seed {seed}")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, count in episodes.counts().items():
            table.add_row(name, f"{count:,}")
        console = Console()
        console.print(table)
        console.print(f"{len(written)} file(s) written to {out}")
