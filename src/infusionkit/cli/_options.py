"""Command-line arguments shared by several commands (one definition, one help text)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, overload

import typer

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes

EpisodesArg = Annotated[
    Path, typer.Argument(help="Episodes: CSV folder, .xlsx workbook or Parquet folder.")
]
ContractsOpt = Annotated[
    list[Path],
    typer.Option(
        "--contract",
        "-c",
        help="Contract YAML; repeat for side-by-side scenarios (the first is the baseline).",
    ),
]
RatesOpt = Annotated[
    Path | None,
    typer.Option(
        help="Folder with chargemaster.csv and drug_prices.csv "
        "(default: the folder of the first contract)."
    ),
]
PayerOpt = Annotated[str | None, typer.Option(help="Only therapies with this payer_id.")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
"""The output folder of a command (its default, e.g. ``Path("reports/simulate")``, is its own)."""
IncludePhiOpt = Annotated[
    bool,
    typer.Option("--include-phi", help="Write raw patient ids instead of keyed pseudonyms."),
]
AuthorOpt = Annotated[
    str, typer.Option(help="Author recorded on every tracked change and comment.")
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        help="Date recorded on every tracked change (ISO 8601, e.g. 2026-05-01; default now)."
    ),
]


def parse_date_option(text: str | None) -> datetime | None:
    """The --date option as a datetime (None = now); a bad value is a usage error (exit 2)."""
    from infusionkit.cli._common import fail

    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"--date {text!r} is not an ISO 8601 date (e.g. 2026-05-01T10:00:00Z)") from None


def formats_option(help_text: str) -> typer.models.OptionInfo:
    """The one ``--format`` convention: comma-separated, repeatable, or both (``-f csv,xlsx``)."""
    return typer.Option("--format", "-f", help=f"{help_text} Comma-separated or repeated.")


def parse_formats(
    values: list[str] | None,
    allowed: tuple[str, ...],
    default: tuple[str, ...],
    *,
    single: bool = False,
) -> tuple[str, ...]:
    """``["csv,xlsx", "parquet"]`` -> ("csv", "xlsx", "parquet"), in order, without repeats.

    Unknown names (or more than one where ``single``) are a usage error (exit 2).
    """
    from infusionkit.cli._common import fail

    names = tuple(
        dict.fromkeys(
            part.strip().lower()
            for value in values or ()
            for part in value.split(",")
            if part.strip()
        )
    ) or default
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise fail(f"--format {', '.join(unknown)}: use {', '.join(allowed)}")
    if single and len(names) > 1:
        raise fail(f"--format takes one of {', '.join(allowed)}, not {', '.join(names)}")
    return names


ClaimsArg = Annotated[
    Path,
    typer.Argument(
        help="Claims: a folder or .xlsx with claim_lines, a claim_lines CSV/Parquet file, "
        "or X12 837P files (a file, or a folder of files starting with ISA)."
    ),
]
MapOpt = Annotated[
    Path | None,
    typer.Option(
        "--map",
        help="Export mapping YAML (schema infusionkit.mapping/1): your files, columns, date "
        "format and values renamed to ours. See: infusionkit schema mapping.",
    ),
]


@overload
def mapped_episodes(episodes: Path, mapping: Path | None) -> Episodes | Path: ...
@overload
def mapped_episodes(episodes: None, mapping: Path | None) -> None: ...
@overload
def mapped_episodes(episodes: Path | None, mapping: Path | None) -> Episodes | Path | None: ...


def mapped_episodes(episodes: Path | None, mapping: Path | None) -> Episodes | Path | None:
    """The episodes argument as given, or loaded through the export mapping of ``--map``."""
    if episodes is None or mapping is None:
        return episodes
    from infusionkit.episodes import load_episodes

    return load_episodes(episodes, mapping)
