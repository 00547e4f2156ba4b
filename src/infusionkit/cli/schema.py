"""`infusionkit schema contract`: JSON Schema of the contract file, for editors."""

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
