"""The what-if service: totals and lines equal a full simulation's; cached by contract value."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infusionkit.coding import PreparedEpisodes, prepare_episodes
from infusionkit.contracts import Contract, load_contract, with_changes
from infusionkit.episodes import Episodes, load_episodes
from infusionkit.pricing import load_price_book, price_episodes
from infusionkit.simulation import Simulation, WhatIf, simulate, what_if

MODELS = Path(__file__).resolve().parents[2] / "rate_models"
CURRENT = MODELS / "acme_current.yaml"
PROPOSED = MODELS / "acme_proposed.yaml"
SAMPLE = MODELS / "sample_episodes"


@pytest.fixture(scope="module")
def history() -> Episodes:
    return load_episodes(SAMPLE)


@pytest.fixture(scope="module")
def sim(history: Episodes) -> Simulation:
    return simulate(history, [CURRENT, PROPOSED], rates=MODELS)


@pytest.fixture(scope="module")
def current() -> Contract:
    return load_contract(CURRENT)


def _plain_sum(sim: Simulation, name: str) -> Decimal:
    """Sum of the claim-line table's allowed column, with plain Decimals."""
    values = sim.scenario_lines(name)["allowed"].to_pylist()
    return sum((Decimal(v) for v in values if v is not None), start=Decimal(0))


@pytest.fixture(scope="module")
def prepared(history: Episodes) -> PreparedEpisodes:
    return prepare_episodes(history)


def _engine_cents(prepared: PreparedEpisodes, contract: Contract) -> int:
    """A full coding and pricing of the contract (no what-if cache), summed in cents."""
    priced = price_episodes(prepared, contract, load_price_book(MODELS))
    return sum(b.allowed_total_cents() for b in priced.blocks.values())


def test_total_equals_a_full_simulation(history: Episodes, sim: Simulation) -> None:
    service = WhatIf(history, load_price_book(MODELS))
    for scenario in sim.scenarios:
        total = service.total(scenario.contract)
        assert total == sim.total_allowed(scenario.name) == _plain_sum(sim, scenario.name)
        assert total > 0


def test_totals_by_line_type_equal_the_simulation_totals(sim: Simulation) -> None:
    totals = sim.totals.set_index(["scenario", "line_type"])["allowed"]
    for scenario in sim.scenarios:
        by_type = sim.what_if.totals_by_line_type(scenario.contract)
        assert set(by_type) == {"per_diem", "infrequent", "nursing", "drug", "other"}
        for line_type, amount in by_type.items():
            assert amount == totals[(scenario.name, line_type)], line_type
        assert sum(by_type.values(), start=Decimal(0)) == sim.total_allowed(scenario.name)


def test_lines_equal_the_simulated_lines(sim: Simulation) -> None:
    for scenario in sim.scenarios:
        lines = sim.what_if.lines(scenario.contract, scenario.name)
        expected = sim.scenario_lines(scenario.name)
        assert lines.num_rows == expected.num_rows > 0
        assert lines.to_pylist() == expected.to_pylist()


def test_simulation_reuses_its_service(sim: Simulation) -> None:
    before = sim.what_if.evaluations
    for scenario in sim.scenarios:
        sim.total_allowed(scenario.name)
        sim.what_if.total(scenario.contract)
    assert sim.what_if.evaluations == before


def test_cached_by_contract_value(history: Episodes, current: Contract) -> None:
    service = WhatIf(history, load_price_book(MODELS))
    first = service.total(current)
    assert service.evaluations == 1
    assert service.total(load_contract(CURRENT)) == first  # an equal contract read again
    reordered = with_changes(
        current,
        **{"per_diem.rates": dict(reversed(list(current.per_diem.rates.items())))},  # type: ignore[union-attr]
    )
    assert service.total(reordered) == first
    assert service.evaluations == 1
    higher = with_changes(current, **{"nursing.rates.99601": Decimal("151.00")})
    assert service.total(higher) > first
    assert service.evaluations == 2
    assert service.total(higher) == service.total(higher)
    assert service.evaluations == 2


def test_period_equals_the_simulation_period(history: Episodes, sim: Simulation) -> None:
    service = what_if(history, rates=MODELS)
    assert service.period(s.contract for s in sim.scenarios) == sim.period
    assert sim.period[0] is not None


def test_payer_filter(history: Episodes, current: Contract) -> None:
    payers = sorted(set(history.therapies["payer_id"].dropna()))
    assert payers, "the sample history names payers"
    service = what_if(SAMPLE, rates=MODELS, payer=payers[0])
    filtered = simulate(SAMPLE, {"c": current}, rates=MODELS, payer=payers[0])
    assert service.total(current) == filtered.total_allowed("c")


VARIANTS = st.lists(
    st.sampled_from(
        [
            {"per_diem.rates.S9500": Decimal("300.00")},
            {"per_diem.rates.S9365": Decimal("1.00")},
            {"per_diem.concurrent.SH": Decimal("80")},
            {"per_diem.concurrent.SJ": Decimal("40")},
            {"per_diem.concurrent.primary": "first_started"},
            {"per_diem.day_count": "administration_days"},
            {"per_diem.ais_percent": Decimal("100")},
            {"per_diem.infrequent.rates.S9338": Decimal("500.00")},
            {"nursing.rates.99602": Decimal("75.00")},
            {"drugs.percent": Decimal("-10")},
            {"drugs.overrides": {"J1561": {"basis": "AWP", "percent": 5}}},
            {"other.default": {"percent_of_charges": 55}},
            {"lesser_of_billed_charges": False},
        ]
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None)
@given(VARIANTS)
def test_cached_blocks_never_change_a_total(
    prepared: PreparedEpisodes, current: Contract, changes: list[dict]
) -> None:
    """Changes applied one after another on one service (its caches warm) give the same total as
    a fresh full coding and pricing of each contract."""
    service = WhatIf(prepared, load_price_book(MODELS), keep=3)
    contract = current
    for change in changes:
        contract = with_changes(contract, **change)
        assert service.total(contract) * 100 == _engine_cents(prepared, contract)


def test_recoded_when_the_order_of_per_diem_values_changes(
    prepared: PreparedEpisodes, current: Contract, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Concurrency ranks by the order of the codes' per-day values: a change of order re-codes
    (S9500 at $300 becomes primary beside other therapies), a change that keeps it does not
    (S9365 $195.00 -> $195.01: no other code's per-day value lies in between)."""
    import infusionkit.simulation.whatif as module

    coded: list[object] = []
    real = module.code_episodes

    def counting(*args: object) -> object:
        coded.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "code_episodes", counting)
    service = WhatIf(prepared, load_price_book(MODELS))
    service.total(current)
    reordered = with_changes(current, **{"per_diem.rates.S9500": Decimal("300.00")})
    assert service.total(reordered) * 100 == _engine_cents(prepared, reordered)
    assert len(coded) == 2
    same_order = with_changes(current, **{"per_diem.rates.S9365": Decimal("195.01")})
    assert service.total(same_order) * 100 == _engine_cents(prepared, same_order)
    assert service.total(same_order) > service.total(current)
    assert len(coded) == 2
