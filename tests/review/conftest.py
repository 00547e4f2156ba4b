"""Shared fixtures of the review tests: data files and a contract builder."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from infusionkit.contracts import Contract, parse_contract
from infusionkit.yaml_files import dump_yaml, read_yaml

DATA = Path(__file__).parent / "data"
CASES = Path(__file__).parent / "cases"
RATE_MODELS = Path(__file__).resolve().parents[2] / "rate_models"


def merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key, ``null`` deletes a key, other values replace."""
    result = copy.deepcopy(base)
    for key, value in change.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def contract_with(change: dict[str, Any] | None = None) -> Contract:
    """The compliant test contract with ``change`` merged in."""
    base = read_yaml((DATA / "compliant.yaml").read_text(encoding="utf-8")).data
    return parse_contract(dump_yaml(merge(base, change or {})), source="<case>")


@pytest.fixture
def data() -> Path:
    return DATA
