"""Small hand-made episodes and contracts for rule tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from infusionkit.contracts import Contract, parse_contract, with_changes
from infusionkit.episodes import Episodes, from_frames
from infusionkit.pricing import DrugPrice, PriceBook
from infusionkit.simulation import Simulation, simulate

BASE_CONTRACT = """
schema: infusionkit.contract/1
payer: Test Health
effective: 2025-01-01
per_diem:
  rates: {S9500: 95.00, S9502: 120.00, S9366: 250.00, S9494: 80.00}
  default: {percent_of_charges: 60}
  concurrent: {primary: highest_rate, SH: 50, SJ: 25}
  ais_percent: 90
  infrequent: {rates: {S9338: 400.00}, default: unpriced}
nursing: {rates: {"99601": 180.00, "99602": 80.00}}
drugs: {basis: AWP, percent: -18}
other: {rates: {S5498: 12.00}, default: {percent_of_charges: 50}}
"""

PRICES = PriceBook(
    chargemaster={
        "S9500": Decimal("150.00"),
        "S9348": Decimal("200.00"),
        "S5035": Decimal("41.25"),
        "99601": Decimal("250.00"),
        "J0696": Decimal("5.00"),
    },
    drug_prices=(
        DrugPrice(
            "J0696", None, "AWP", Decimal("2.50000"), date(2025, 1, 1), date(9999, 12, 31), 2
        ),
        DrugPrice(
            "J0696", None, "AWP", Decimal("2.00000"), date(2024, 1, 1), date(2024, 12, 31), 3
        ),
        DrugPrice(
            "J1569",
            "00944270003",
            "AWP",
            Decimal("110.12345"),
            date(2024, 1, 1),
            date(9999, 12, 31),
            4,
        ),
        DrugPrice(
            "J1569", None, "AWP", Decimal("100.00000"), date(2024, 1, 1), date(9999, 12, 31), 5
        ),
        DrugPrice(
            "J1569", None, "ASP", Decimal("90.00000"), date(2024, 1, 1), date(9999, 12, 31), 6
        ),
    ),
)


def contract(**changes: Any) -> Contract:
    base = parse_contract(BASE_CONTRACT, "test.yaml")
    return with_changes(base, **changes) if changes else base


def therapy(tid: str, hcpcs: str, start: str, end: str, hours: float = 24, **extra: Any) -> dict:
    row = {
        "therapy_id": tid,
        "episode_id": extra.pop("episode_id", "E1"),
        "patient_id": extra.pop("patient_id", "P1"),
        "payer_id": "ACME",
        "hcpcs": hcpcs,
        "start_date": start,
        "end_date": end,
        "dosing_interval_hours": str(hours),
        "site": extra.pop("site", "home"),
        "daily_volume_ml": extra.pop("daily_volume_ml", ""),
    }
    row.update(extra)
    return row


def episodes(therapies: list[dict], **tables: list[dict]) -> Episodes:
    frames = {"therapies": pd.DataFrame(therapies, dtype=str)}
    for name, rows in tables.items():
        frames[name] = pd.DataFrame(rows, dtype=str)
    return from_frames(**frames)


def run(eps: Episodes, *contracts: Contract, **kwargs: Any) -> Simulation:
    named = {f"c{i}": c for i, c in enumerate(contracts or (contract(),))}
    return simulate(eps, named, rates=PRICES, key=b"test-key", **kwargs)


def rows(sim: Simulation, scenario: str = "c0", line_type: str | None = None) -> list[dict]:
    """Claim lines as plain dicts with text dates, Decimal money."""
    out = []
    for line in sim.scenario_lines(scenario).to_pylist():
        if line_type and line["line_type"] != line_type:
            continue
        line["service_from"] = line["service_from"].isoformat()
        line["service_to"] = line["service_to"].isoformat()
        out.append(line)
    return out


def brief(sim: Simulation, scenario: str = "c0", line_type: str | None = None) -> list[tuple]:
    """(therapy/visit, code, modifiers, from, to, units, allowed) of each line."""
    return [
        (
            r["therapy_id"],
            r["hcpcs"],
            r["modifiers"],
            r["service_from"],
            r["service_to"],
            r["units"].normalize(),
            r["allowed"],
        )
        for r in rows(sim, scenario, line_type)
    ]


D = Decimal
