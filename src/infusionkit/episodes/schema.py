"""JSON Schema of the episode tables (``infusionkit schema episodes``), from :mod:`.columns`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from infusionkit.episodes.columns import MONEY_COLUMNS, SITES, SPECS, TABLES, Column, TableSpec

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
REQUIRED_TABLES = ("therapies",)  # the loader refuses a source without it; the others may be absent

_KIND_HELP = {
    "text": "text",
    "code": "HCPCS code (read upper-cased)",
    "date": "date, YYYY-MM-DD",
    "float": "number",
    "int": "whole number",
    "decimal": "exact decimal number",
    "site": f"{' or '.join(SITES)} (blank = {SITES[0]})",
}


def _number(value: float | Decimal) -> int | float:
    """A bound as a JSON number (exact: bounds are whole numbers or short decimals)."""
    if value == int(value):
        return int(value)
    return float(value)


def _decimal_pattern(places: int | None) -> str:
    fraction = r"(\.\d+)?" if places is None else rf"(\.\d{{1,{places}}})?"
    return rf"^[+-]?\d+{fraction}$"


def column_schema(column: Column, table: str) -> dict[str, Any]:
    """The JSON Schema of one column's values (blank allowed when the column is optional)."""
    kind = column.kind
    help_text = _KIND_HELP[kind]
    schema: dict[str, Any]
    if kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "float":
        schema = {"type": "number"}
    elif kind == "int":
        schema = {"type": "integer"}
    elif kind == "decimal":
        schema = {"type": ["string", "number"], "pattern": _decimal_pattern(column.places)}
        if column.places is not None:
            help_text += f", at most {column.places} decimals"
        if column.name in MONEY_COLUMNS:
            help_text = "dollars, " + help_text
    elif kind == "site":
        schema = {"enum": list(SITES)}
    else:
        schema = {"type": "string", "minLength": 1}
    low, high = getattr(column, "low", None), getattr(column, "high", None)
    if low is not None:
        key = "exclusiveMinimum" if getattr(column, "low_open", False) else "minimum"
        schema[key] = _number(low)
    if high is not None:
        schema["maximum"] = _number(high)
    if not column.required:
        schema = {"anyOf": [schema, {"type": "null"}, {"const": ""}]}
    required = "required" if column.required else "optional"
    schema["description"] = f"{table}.{column.name}: {help_text} ({required})"
    return schema


def table_schema(spec: TableSpec) -> dict[str, Any]:
    """One table: an array of rows; a row is an object of its columns (extra columns allowed)."""
    needed = "required table" if spec.name in REQUIRED_TABLES else "optional table"
    return {
        "type": "array",
        "description": f"{spec.name} ({needed}): {spec.name}.csv, a sheet or {spec.name}.parquet",
        "items": {
            "type": "object",
            "properties": {c.name: column_schema(c, spec.name) for c in spec.columns},
            "required": list(spec.required),
            "additionalProperties": True,
        },
    }


DESCRIPTION = (
    "An episodes source is a folder of CSV files (one per table, e.g. therapies.csv), one .xlsx "
    "workbook (one sheet per table) or a folder of Parquet files. This schema writes it as one "
    "object with an array of rows per table, so every table, column, type and required column "
    "is stated in one document. Extra columns are kept and ignored."
)


def episodes_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an episodes source, one array of rows per table."""
    return {
        "$schema": SCHEMA_URI,
        "$id": "https://infusionkit.invalid/schemas/episodes-1.json",
        "title": "infusionkit episode tables",
        "description": DESCRIPTION,
        "type": "object",
        "properties": {name: table_schema(SPECS[name]) for name in TABLES},
        "required": list(REQUIRED_TABLES),
        "additionalProperties": False,
    }
