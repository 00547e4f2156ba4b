"""The payer-policy keys of the contract file (spec §10): validated, located errors, schema."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infusionkit.contracts import (
    contract_json_schema,
    contract_to_yaml,
    parse_contract,
    with_changes,
)
from infusionkit.errors import InputError, InputErrors

BASE = """schema: infusionkit.contract/1
payer: Test Health
effective: 2025-01-01
per_diem:
  rates: {S9500: 95.00}
  day_count: service_days
  concurrent: {SH: 50, modifier_59: true}
nursing: {rates: {"99601": 180.00}, ais_percent: 80}
policies:
  bundled_codes: [S5497, s5498, S9810]
  not_concurrent:
    - {code: Hydration, with: [tpn, enteral]}
    - {code: s9374, with: [S9365]}
"""


def errors_of(text: str) -> list[InputError]:
    with pytest.raises(InputErrors) as caught:
        parse_contract(text, source="c.yaml")
    return caught.value.errors


def test_policies_read_codes_upper_and_families_lower() -> None:
    contract = parse_contract(BASE)
    assert contract.per_diem is not None and contract.per_diem.day_count == "service_days"
    assert contract.per_diem.concurrent.modifier_59 is True
    assert contract.nursing is not None and contract.nursing.ais_percent == Decimal(80)
    policies = contract.policies
    assert policies is not None
    assert policies.bundled_codes == ("S5497", "S5498", "S9810")
    assert [(e.code, e.with_) for e in policies.not_concurrent] == [
        ("hydration", ("tpn", "enteral")),
        ("S9374", ("S9365",)),
    ]


@pytest.mark.parametrize(
    ("old", "new", "column", "line", "message", "allowed"),
    [
        ("S9810]", "S9500]", "policies.bundled_codes[2]", 10, "per diem code", "catheter care"),
        ("S9810]", "99601]", "policies.bundled_codes[2]", 10, "nursing visit code", "S9810"),
        ("S9810]", "SH]", "policies.bundled_codes[2]", 10, "modifier code", "Level II"),
        ("S9810]", "XY12]", "policies.bundled_codes[2]", 10, "not a HCPCS code", "Level II"),
        ("S9810]", "S5497]", "policies.bundled_codes", 10, "listed twice", "each entry once"),
        (
            "[tpn, enteral]",
            "[tpn, pizza]",
            "policies.not_concurrent[0].with[1]",
            12,
            "'pizza' is not a per diem code or family",
            "hydration",
        ),
        (
            "code: s9374",
            "code: S5498",
            "policies.not_concurrent[1].code",
            13,
            "catheter care code",
            "a per diem code",
        ),
        ("[tpn, enteral]", "[]", "policies.not_concurrent[0].with", 12, "no therapy", "tpn"),
        ("[tpn, enteral]", "[tpn, TPN]", "policies.not_concurrent[0].with", 12, "twice", "once"),
        ("service_days", "service_day", "per_diem.day_count", 6, "not allowed", "service_days"),
        ("ais_percent: 80", "ais_percent: -1", "nursing.ais_percent", 8, "out of range", ">= 0"),
        (
            "modifier_59: true",
            "modifier_59: maybe",
            "per_diem.concurrent.modifier_59",
            7,
            "",
            "true or false",
        ),
        (
            "policies:",
            "policies:\n  bundle: [S5498]",
            "policies.bundle",
            10,
            "unknown key",
            "bundled_codes, not_concurrent",
        ),
    ],
)
def test_each_bad_value_is_one_located_error(
    old: str, new: str, column: str, line: int, message: str, allowed: str
) -> None:
    assert old in BASE
    (error,) = errors_of(BASE.replace(old, new, 1))
    assert (error.file, error.column, error.line) == ("c.yaml", column, line)
    assert message in error.message and allowed in (error.allowed or "")


def test_schema_lists_the_policy_keys() -> None:
    schema = contract_json_schema()
    defs = schema["$defs"]
    assert set(defs["Policies"]["properties"]) == {"bundled_codes", "not_concurrent"}
    assert set(defs["NotConcurrent"]["properties"]) == {"code", "with"}
    assert "tpn" in defs["NotConcurrent"]["properties"]["code"]["anyOf"][0]["enum"]
    assert "modifier_59" in defs["ConcurrentTerms"]["properties"]
    assert "ais_percent" in defs["NursingTerms"]["properties"]
    day_count = defs["PerDiemTerms"]["properties"]["day_count"]
    assert "service_days" in day_count["enum"]


def test_round_trip_and_key_path_changes() -> None:
    contract = parse_contract(BASE)
    assert parse_contract(contract_to_yaml(contract)) == contract
    changed = with_changes(contract, **{"policies.bundled_codes": ["S9810"]})
    assert changed.policies is not None and changed.policies.bundled_codes == ("S9810",)
    off = with_changes(contract, **{"policies.not_concurrent": []})
    assert off.policies is not None and off.policies.not_concurrent == ()


def test_a_contract_without_policies_writes_none_of_the_keys() -> None:
    bare = parse_contract(
        "schema: infusionkit.contract/1\npayer: X\neffective: 2025-01-01\n"
        "per_diem: {rates: {S9500: 95}}\nnursing: {rates: {'99601': 180}}\n"
    )
    text = contract_to_yaml(bare)
    assert "policies" not in text and "modifier_59" not in text and "ais_percent: null" not in text
    assert bare.policies is None and bare.nursing is not None and bare.nursing.ais_percent is None
