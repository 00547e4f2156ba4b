"""One lookup from line type to the contract section that prices it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infusionkit.contracts import (
    RATE_LINE_TYPES,
    SECTION_KEYS,
    PerDiemTerms,
    RateSection,
    parse_contract,
)

from .samples import MINIMAL

FULL = (
    MINIMAL
    + "per_diem:\n  rates: {S9500: 95}\n  infrequent: {rates: {S9338: 250}}\n"
    + "nursing: {rates: {'99601': 150}}\n"
    + "other: {rates: {S5498: 20}}\n"
)


def test_each_line_type_finds_its_section_at_its_key() -> None:
    contract = parse_contract(FULL)
    rates = {line_type: contract.section(line_type) for line_type in RATE_LINE_TYPES}
    assert {k: dict(s.rates) for k, s in rates.items() if s is not None} == {
        "per_diem": {"S9500": Decimal(95)},
        "infrequent": {"S9338": Decimal(250)},
        "nursing": {"99601": Decimal(150)},
        "other": {"S5498": Decimal(20)},
    }
    data = contract.model_dump(by_alias=True)
    for line_type, key in SECTION_KEYS.items():
        node = data
        for part in key.split("."):
            node = node[part]
        assert node["rates"] == dict(rates[line_type].rates)  # type: ignore[union-attr]


def test_missing_sections_are_none() -> None:
    contract = parse_contract(MINIMAL)
    assert [contract.section(t) for t in RATE_LINE_TYPES] == [None, None, None, None]
    per_diem_only = parse_contract(MINIMAL + "per_diem:\n  rates: {S9500: 95}\n")
    assert per_diem_only.section("infrequent") is None


def test_drug_lines_have_no_rate_section() -> None:
    with pytest.raises(ValueError, match="drug"):
        parse_contract(MINIMAL).section("drug")


def test_per_diem_terms_are_a_rate_section() -> None:
    terms = PerDiemTerms(rates={"s9500": Decimal(95)})
    assert isinstance(terms, RateSection)
    assert terms.rule_for("S9500")[1] == "rates.S9500"
    assert terms.rule_for("S9501")[1] == "default"
