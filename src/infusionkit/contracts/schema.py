"""JSON Schema of contract files (for editors; `infusionkit schema contract`)."""

from __future__ import annotations

from typing import Any

from infusionkit.contracts.model import SCHEMA_ID, Contract


def contract_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of contract YAML files, keys by their YAML names."""
    schema = Contract.model_json_schema(by_alias=True, mode="validation")
    schema["$id"] = "https://infusionkit.invalid/schemas/contract-1.json"
    schema["title"] = f"infusionkit contract ({SCHEMA_ID})"
    return schema
