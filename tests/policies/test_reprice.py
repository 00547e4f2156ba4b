"""Claim lines as billed: a nursing visit billed with SS is paid at nursing.ais_percent (C14);
other lines of bundled codes on a billed per diem day of the patient are bundled (C11)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from infusionkit.contracts import with_changes
from infusionkit.pricing import PriceBook
from infusionkit.pricing.billed import price_billed
from tests.simulation.helpers import contract


def _frame() -> pd.DataFrame:
    day = pd.to_datetime(["2025-03-01"] * 3)
    return pd.DataFrame(
        {
            "line_type": ["nursing", "nursing", "per_diem"],
            "hcpcs": ["99601", "99601", "S9500"],
            "modifiers": ["SS", None, "SH SS 59"],
            "service_from": day,
            "service_to": day,
            "units": [Decimal(1), Decimal(1), Decimal(2)],
            "billed_charge": [Decimal("300.00"), Decimal("300.00"), None],
            "ndc": [None, None, None],
        }
    )


def _allowed(nursing_percent: int | None) -> list[Decimal]:
    c = contract(**{"nursing.ais_percent": nursing_percent})
    priced = price_billed(_frame(), c, PriceBook(chargemaster={}, drug_prices=()))
    nursing, per_diem = priced.blocks["nursing"], priced.blocks["per_diem"]
    return [
        *(Decimal(int(c)) / 100 for c in nursing.allowed_cents),
        *(Decimal(int(c)) / 100 for c in per_diem.allowed_cents),
    ]


def test_billed_ss_visit_is_paid_at_the_nursing_suite_percentage() -> None:
    # 99601 $180 × 80 % for the SS visit; the per diem: $95 × SH 50 % × SS 90 % × 2 days
    assert _allowed(80) == [Decimal("144.00"), Decimal("180.00"), Decimal("85.50")]


def test_without_the_key_a_billed_ss_visit_is_paid_in_full() -> None:
    assert _allowed(None) == [Decimal("180.00"), Decimal("180.00"), Decimal("85.50")]
    base = contract()
    assert base.nursing is not None and base.nursing.ais_percent is None
    assert with_changes(base, **{"nursing.ais_percent": 80}) != base


def test_billed_catheter_care_on_a_billed_per_diem_day_is_bundled() -> None:
    days = pd.to_datetime(["2025-03-01", "2025-03-02", "2025-03-05", "2025-03-02"])
    frame = pd.DataFrame(
        {
            "patient_id": ["P1", "P1", "P1", "P2"],
            "line_type": ["per_diem", "other", "other", "other"],
            "hcpcs": ["S9500", "S5498", "S5498", "S5498"],
            "modifiers": [None, None, None, None],
            "service_from": days,
            "service_to": pd.to_datetime(["2025-03-03", "2025-03-02", "2025-03-05", "2025-03-02"]),
            "units": [Decimal(3), Decimal(1), Decimal(1), Decimal(1)],
            "billed_charge": [None, Decimal("20.00"), Decimal("20.00"), Decimal("20.00")],
            "ndc": [None] * 4,
        }
    )
    c = contract(**{"policies.bundled_codes": ["S5498"]})
    other = price_billed(frame, c, PriceBook(chargemaster={}, drug_prices=())).blocks["other"]
    allowed = [Decimal(int(v)) / 100 for v in other.allowed_cents]
    # on P1's per diem day: bundled; after it, and for P2 (no per diem line): $12.00
    assert allowed == [Decimal("0.00"), Decimal("12.00"), Decimal("12.00")]
    assert other.block.bundled.tolist() == [True, False, False]
    texts, index = other.block.rule_texts(other.rules, other.rule)
    assert texts[index[0]] == "C11 policies.bundled_codes"
    plain = price_billed(frame, contract(), PriceBook(chargemaster={}, drug_prices=()))
    assert plain.blocks["other"].allowed_total_cents() == 3600
