"""Policy changes between two contracts are valued like any other change (standalone effect)."""

from __future__ import annotations

from decimal import Decimal

from infusionkit.contracts import with_changes
from infusionkit.simulation import WhatIf
from infusionkit.simulation.changes import compare, contract_changes, is_pricing
from tests.simulation.helpers import PRICES, contract, episodes, therapy


def test_policy_keys_are_pricing_keys() -> None:
    for key in ("policies.bundled_codes", "policies.not_concurrent", "nursing.ais_percent"):
        assert is_pricing(key), key


def test_policy_changes_are_described_and_valued() -> None:
    history = episodes(
        [
            therapy("T1", "S9366", "2025-03-01", "2025-03-02", 0),
            therapy("T2", "S9500", "2025-03-01", "2025-03-02", 24),
        ],
        other=[
            {
                "line_id": "O1",
                "episode_id": "E1",
                "hcpcs": "S5498",
                "service_date": "2025-03-02",
                "units": "2",
                "billed_charge": "",
            }
        ],
    )
    base = contract(**{"policies.bundled_codes": []})
    payer = with_changes(
        base,
        **{
            "policies.bundled_codes": ["S5498"],
            "policies.not_concurrent": [{"code": "S9500", "with": ["tpn"]}],
        },
    )
    found = {c.key: c for c in contract_changes(base, payer)}
    assert found["policies.bundled_codes"].detail == "none \u2192 S5498"
    assert found["policies.not_concurrent"].detail == "none \u2192 S9500 not beside tpn"
    assert found["policies.bundled_codes"].driver == "other services"
    comparison = compare(WhatIf(history, PRICES), base, payer)
    # S5498 × 2 at $12 bundled; S9500 SH (50 % of $95) × 2 days bundled
    assert comparison.change("policies.bundled_codes").effect == Decimal("-24.00")
    assert comparison.change("policies.not_concurrent").effect == Decimal("-95.00")
    assert comparison.total_change == Decimal("-119.00")
