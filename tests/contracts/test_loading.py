"""Loading contract files: samples, exact money, the forms of price rules, code keys."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from infusionkit.contracts import (
    UNPRICED,
    Contract,
    PriceRule,
    RateSection,
    load_contract,
    parse_contract,
)
from infusionkit.errors import InputErrors

from .samples import MINIMAL

SPEC_EXAMPLE = """\
schema: infusionkit.contract/1
payer: Acme Health Plan
name: Acme commercial HIT agreement 2025
effective: 2025-01-01
per_diem:
  rates: {S9500: 95.00, S9502: 120.00, S9365: 250.00}
  default: {percent_of_charges: 60}
  day_count: access_days
  concurrent:
    primary: highest_rate
    SH: 50
    SJ: 25
  ais_percent: 100
  infrequent:
    rates: {S9338: 400.00}
    default: unpriced
nursing: {rates: {"99601": 180.00, "99602": 80.00}, default: unpriced}
drugs:
  basis: AWP
  percent: -18
  overrides: {J1561: {basis: ASP, percent: 6}}
other: {rates: {S5498: 12.00, S5035: 35.00}, default: {percent_of_charges: 50}}
lesser_of_billed_charges: true
terms:
  timely_filing_days: 90
  clean_claim_payment_days: 45
  escalator: {type: none}
  recoupment_lookback_months: 24
  termination_without_cause_days: 90
  most_favored_nation: true
"""


def test_spec_example_loads_with_exact_values() -> None:
    contract = parse_contract(SPEC_EXAMPLE)
    assert contract.schema_ == "infusionkit.contract/1"
    assert contract.effective == date(2025, 1, 1)
    assert contract.per_diem is not None
    assert contract.per_diem.rates == {
        "S9500": Decimal("95.00"),
        "S9502": Decimal("120.00"),
        "S9365": Decimal("250.00"),
    }
    assert all(type(value) is Decimal for value in contract.per_diem.rates.values())
    assert contract.per_diem.default == PriceRule(kind="percent_of_charges", value=Decimal(60))
    assert Decimal(50) == contract.per_diem.concurrent.SH
    assert Decimal(25) == contract.per_diem.concurrent.SJ
    assert contract.per_diem.infrequent == RateSection(rates={"S9338": Decimal("400.00")})
    assert contract.nursing is not None
    assert contract.nursing.rates == {"99601": Decimal("180.00"), "99602": Decimal("80.00")}
    assert contract.drugs is not None
    assert contract.drugs.percent == Decimal(-18)
    assert contract.lesser_of_billed_charges is True
    assert contract.terms.escalator is not None and contract.terms.escalator.type == "none"
    assert contract.terms.most_favored_nation is True


def test_minimal_contract_has_defaults() -> None:
    contract = parse_contract(MINIMAL)
    assert contract.per_diem is None and contract.nursing is None and contract.drugs is None
    assert contract.lesser_of_billed_charges is False
    assert contract.edits == ()
    assert contract.terms.timely_filing_days is None


@pytest.mark.parametrize("name", ["acme_current.yaml", "acme_proposed.yaml"])
def test_sample_contracts_load(rate_models: Path, name: str) -> None:
    contract = load_contract(rate_models / name)
    assert contract.payer == "Acme Health Plan"
    assert contract.per_diem is not None
    for code in ("S9500", "S9365", "S9377", "S9338", "S9542", "S9379"):
        assert code in contract.per_diem.rates
    assert contract.nursing is not None and "99601" in contract.nursing.rates


def test_sample_contracts_differ_as_documented(rate_models: Path) -> None:
    current = load_contract(rate_models / "acme_current.yaml")
    proposed = load_contract(rate_models / "acme_proposed.yaml")
    assert current.per_diem is not None and proposed.per_diem is not None
    assert (current.per_diem.concurrent.SH, current.per_diem.concurrent.SJ) == (50, 0)
    assert (proposed.per_diem.concurrent.SH, proposed.per_diem.concurrent.SJ) == (75, 50)
    assert current.lesser_of_billed_charges and not proposed.lesser_of_billed_charges
    assert proposed.drugs is not None and proposed.drugs.percent == Decimal(-18)
    assert proposed.terms.escalator is not None
    assert proposed.terms.escalator.percent == Decimal(3)
    assert len(proposed.edits) == 3 and proposed.edits[1].regex
    for code, rate in current.per_diem.rates.items():
        if code in ("S9325", "S9329"):  # general codes: the proposal bills the specific codes only
            assert code not in proposed.per_diem.rates
            continue
        assert proposed.per_diem.rates[code] > rate, code


def test_float_looking_money_is_read_exactly() -> None:
    text = MINIMAL + "other: {rates: {S5498: 0.10, S5501: 0.20, S5502: 0.30, J7050: 1000.05}}\n"
    contract = parse_contract(text)
    assert contract.other is not None
    rates = contract.other.rates
    assert rates["S5498"] + rates["S5501"] == rates["S5502"]  # 0.1 + 0.2 == 0.3 exactly
    assert rates["S5502"] == Decimal("0.30")
    assert rates["J7050"] == Decimal("1000.05")


@pytest.mark.parametrize("written", ["1_000.05", "1:20", "0x10", "1e3", "1.5e+3", ".inf"])
def test_money_only_as_decimal_numbers(written: str) -> None:
    """YAML 1.1's other number forms (1:20 is base 60, 80) are errors, not surprises."""
    with pytest.raises(InputErrors, match="other.rates.J7050: .* is not a dollar amount"):
        parse_contract(MINIMAL + f"other: {{rates: {{J7050: {written}}}}}\n")


def test_int_money_and_int_code_keys() -> None:
    contract = parse_contract(MINIMAL + "nursing: {rates: {99601: 180, 99602: 012}}\n")
    assert contract.nursing is not None
    assert contract.nursing.rates == {"99601": Decimal(180), "99602": Decimal(12)}


def test_code_keys_are_upper_cased() -> None:
    contract = parse_contract(MINIMAL + "per_diem: {rates: {s9500: 95}}\n")
    assert contract.per_diem is not None
    assert contract.per_diem.rates == {"S9500": Decimal(95)}


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("unpriced", UNPRICED),
        ("95.5", PriceRule(kind="rate", value=Decimal("95.5"))),
        ("{rate: 95.00}", PriceRule(kind="rate", value=Decimal("95.00"))),
        ("{percent_of_charges: 62.5}", PriceRule(kind="percent_of_charges", value=Decimal("62.5"))),
        ("{kind: rate, value: 10}", PriceRule(kind="rate", value=Decimal(10))),
    ],
)
def test_price_rule_forms(yaml_value: str, expected: PriceRule) -> None:
    contract = parse_contract(MINIMAL + f"other: {{default: {yaml_value}}}\n")
    assert contract.other is not None
    assert contract.other.default == expected


def test_describe() -> None:
    assert PriceRule(kind="rate", value=Decimal(95)).describe() == "rate $95.00"
    assert PriceRule(kind="rate", value=Decimal("1234.5")).describe() == "rate $1,234.50"
    assert PriceRule(kind="percent_of_charges", value=Decimal("60")).describe() == (
        "60% of charges"
    )
    assert PriceRule(kind="percent_of_charges", value=Decimal("62.50")).describe() == (
        "62.5% of charges"
    )
    assert UNPRICED.describe() == "unpriced"


def test_rule_for_and_terms_for() -> None:
    contract = parse_contract(SPEC_EXAMPLE)
    assert contract.per_diem is not None and contract.other is not None
    assert contract.drugs is not None and contract.nursing is not None
    assert contract.per_diem.rule_for("s9500") == (
        PriceRule(kind="rate", value=Decimal("95.00")),
        "rates.S9500",
    )
    assert contract.per_diem.rule_for("S9501") == (
        PriceRule(kind="percent_of_charges", value=Decimal(60)),
        "default",
    )
    assert contract.nursing.rule_for("99602")[1] == "rates.99602"
    assert contract.other.rule_for("S5036")[0].describe() == "50% of charges"
    assert contract.drugs.terms_for("J1561") == ("ASP", Decimal(6), "drugs.overrides.J1561")
    assert contract.drugs.terms_for("J0696") == ("AWP", Decimal(-18), "drugs")


def test_models_are_frozen() -> None:
    contract = parse_contract(MINIMAL)
    with pytest.raises(ValueError, match="frozen"):
        contract.payer = "Other"  # type: ignore[misc]


def test_schema_alias_and_field_name_both_accepted() -> None:
    by_alias = Contract(schema="infusionkit.contract/1", payer="X", effective=date(2025, 1, 1))
    by_name = Contract.model_validate(
        {"schema_": "infusionkit.contract/1", "payer": "X", "effective": "2025-01-01"}
    )
    assert by_name == by_alias
    assert by_alias.schema_ == "infusionkit.contract/1"


def test_floats_refused_in_code() -> None:
    with pytest.raises(ValueError, match="binary float"):
        RateSection(rates={"S5498": 0.1})  # type: ignore[dict-item]
