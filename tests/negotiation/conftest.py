"""Shared fixtures: the bundled sample history (one what-if service) and a tiny hand history."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from infusionkit.contracts import Contract, load_contract, parse_contract, with_changes
from infusionkit.episodes import Episodes, from_frames, load_episodes
from infusionkit.pricing import PriceBook, load_price_book
from infusionkit.simulation import WhatIf

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "rate_models"
SAMPLE = MODELS / "sample_episodes"
CURRENT = MODELS / "acme_current.yaml"
PROPOSED = MODELS / "acme_proposed.yaml"
CENT = Decimal("0.01")


@pytest.fixture(scope="session")
def history() -> Episodes:
    return load_episodes(SAMPLE)


@pytest.fixture(scope="session")
def prices() -> PriceBook:
    return load_price_book(MODELS)


@pytest.fixture(scope="session")
def service(history: Episodes, prices: PriceBook) -> WhatIf:
    return WhatIf(history, prices)


@pytest.fixture(scope="session")
def current() -> Contract:
    return load_contract(CURRENT)


@pytest.fixture(scope="session")
def proposed() -> Contract:
    return load_contract(PROPOSED)


def scaled_rates(contract: Contract, section: str, p: Decimal) -> Contract:
    """The contract with every listed rate of a section × (1 + p/100), half-up to the cent,
    computed here with plain Decimals (independently of the solver)."""
    terms = getattr(contract, section)
    changes = {
        f"{section}.rates.{code}": (rate * (100 + p) / 100).quantize(CENT, ROUND_HALF_UP)
        for code, rate in terms.rates.items()
    }
    return with_changes(contract, **changes)


TINY_CONTRACT = """
schema: infusionkit.contract/1
payer: Test Health
effective: 2025-01-01
per_diem:
  rates: {S9500: 95.00}
  concurrent: {SH: 50, SJ: 25}
nursing: {rates: {"99601": 150.00}}
terms:
  escalator: {type: fixed_percent, percent: 3}
"""


@pytest.fixture(scope="session")
def tiny_contract() -> Contract:
    return parse_contract(TINY_CONTRACT, "tiny.yaml")


@pytest.fixture(scope="session")
def tiny_history() -> Episodes:
    """One S9500 therapy, 10 days (03-01..03-10), and one 60-minute nursing visit."""
    therapies = pd.DataFrame(
        [
            {
                "therapy_id": "T1",
                "episode_id": "E1",
                "patient_id": "P1",
                "payer_id": "TEST",
                "hcpcs": "S9500",
                "start_date": "2025-03-01",
                "end_date": "2025-03-10",
                "dosing_interval_hours": "24",
            }
        ],
        dtype=str,
    )
    nursing = pd.DataFrame(
        [
            {
                "visit_id": "V1",
                "episode_id": "E1",
                "patient_id": "P1",
                "visit_date": "2025-03-01",
                "minutes": "60",
            }
        ],
        dtype=str,
    )
    return from_frames(therapies=therapies, nursing=nursing)
