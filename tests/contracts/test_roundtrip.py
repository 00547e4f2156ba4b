"""Writing contracts back, changed copies, and the JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusionkit.bounds import MAX_MONEY
from infusionkit.contracts import (
    contract_json_schema,
    contract_to_yaml,
    load_contract,
    parse_contract,
    with_changes,
)
from infusionkit.errors import InputErrors

from .samples import MINIMAL


@pytest.mark.parametrize("name", ["acme_current.yaml", "acme_proposed.yaml"])
def test_samples_round_trip(rate_models: Path, name: str) -> None:
    contract = load_contract(rate_models / name)
    text = contract_to_yaml(contract)
    again = parse_contract(text)
    assert again == contract
    assert contract_to_yaml(again) == text


def test_yaml_output_is_plain() -> None:
    contract = parse_contract(
        MINIMAL + "per_diem: {rates: {S9500: 95.10}, default: unpriced}\n"
        "nursing: {rates: {99601: 180}, default: {percent_of_charges: 62.5}}\n"
    )
    text = contract_to_yaml(contract)
    assert "S9500: 95.10\n" in text
    assert "default: unpriced\n" in text
    assert "'99601': 180\n" in text
    assert "percent_of_charges: 62.5\n" in text
    assert "!!" not in text


money = st.decimals(min_value=0, max_value=MAX_MONEY, places=2)  # infusionkit.bounds


@given(amounts=st.lists(money, min_size=1, max_size=5))
def test_money_round_trips_exactly(amounts: list[Decimal]) -> None:
    codes = ["S9500", "S9501", "S9502", "S9503", "S9504"]
    contract = parse_contract(MINIMAL)
    changed = with_changes(contract, **{"per_diem.rates": dict(zip(codes, amounts, strict=False))})
    again = parse_contract(contract_to_yaml(changed))
    assert again.per_diem is not None
    for code, amount in zip(codes, amounts, strict=False):
        assert again.per_diem.rates[code] == amount
        assert str(again.per_diem.rates[code]) == str(amount)


@given(percent=st.decimals(min_value=-100, max_value=1000, places=4))
def test_drug_percent_round_trips_exactly(percent: Decimal) -> None:
    contract = with_changes(
        parse_contract(MINIMAL), **{"drugs.basis": "AWP", "drugs.percent": percent}
    )
    again = parse_contract(contract_to_yaml(contract))
    assert again.drugs is not None and again.drugs.percent == percent


def test_with_changes_sets_nested_values_and_validates() -> None:
    contract = parse_contract(MINIMAL + "per_diem: {rates: {S9500: 95}}\n")
    changed = with_changes(
        contract, **{"per_diem.concurrent.SH": Decimal(50), "terms.timely_filing_days": 180}
    )
    assert changed.per_diem is not None
    assert Decimal(50) == changed.per_diem.concurrent.SH
    assert changed.per_diem.rates == {"S9500": Decimal(95)}
    assert changed.terms.timely_filing_days == 180
    assert contract.per_diem is not None and Decimal(100) == contract.per_diem.concurrent.SH
    with pytest.raises(InputErrors) as caught:
        with_changes(contract, **{"per_diem.concurrent.SH": Decimal("-5")})
    assert caught.value.errors[0].column == "per_diem.concurrent.SH"


def test_json_schema() -> None:
    schema = contract_json_schema()
    text = json.dumps(schema)
    assert json.loads(text) == schema
    properties = schema["properties"]
    assert {"schema", "payer", "effective", "per_diem", "drugs", "terms", "edits"} <= set(
        properties
    )
    assert set(schema["required"]) == {"schema", "payer", "effective"}
    assert "unpriced" in json.dumps(schema["$defs"]["PriceRule"])


def test_schema_cli() -> None:
    from typer.testing import CliRunner

    from infusionkit.cli.main import app

    result = CliRunner().invoke(app, ["schema", "contract"])
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["payer"]["type"] == "string"
