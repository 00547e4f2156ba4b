"""`infusionkit schema contract|episodes`: JSON Schemas of the files users write, for editors."""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="Print JSON Schemas of the files users write.", no_args_is_help=True)


@app.command("contract")
def contract_schema() -> None:
    """Print the JSON Schema of contract YAML files (for editor completion and validation).

    Example: infusionkit schema contract > contract.schema.json
    """
    from infusionkit.contracts import contract_json_schema

    typer.echo(json.dumps(contract_json_schema(), indent=2))


@app.command("episodes")
def episodes_schema() -> None:
    """Print the JSON Schema of the episode tables: each table, its columns, types and bounds.

    An episodes source is a CSV folder, an .xlsx workbook or a Parquet folder; the schema shows
    it as one object with an array of rows per table (required tables and columns marked).

    Example: infusionkit schema episodes > episodes.schema.json
    """
    from infusionkit.episodes.schema import episodes_json_schema

    typer.echo(json.dumps(episodes_json_schema(), indent=2))


@app.command("mapping")
def mapping_schema() -> None:
    """Print the JSON Schema of export mapping files (--map, schema infusionkit.mapping/1).

    A mapping renames your system's export to infusionkit's tables: per table its file (or
    sheet), columns {ours: yours}, date format and values {column: {yours: ours}}.

    Example: infusionkit schema mapping > mapping.schema.json
    """
    from infusionkit.episodes.mapping import mapping_json_schema

    typer.echo(json.dumps(mapping_json_schema(), indent=2))
