"""Waterfall by sequential substitution: exact, telescoping, each step a real re-pricing."""

from __future__ import annotations

from decimal import Decimal

from infusionkit.contracts import load_contract, with_changes
from infusionkit.money import ZERO
from infusionkit.reporting.drivers import DRIVERS, waterfall, waterfalls
from infusionkit.simulation import Simulation, simulate

from .conftest import CURRENT


def _lines_total(sim: Simulation, name: str) -> Decimal:
    """Plain Decimal sum of a scenario's claim lines (independent of the what-if service)."""
    values = sim.scenario_lines(name)["allowed"].to_pylist()
    return sum((Decimal(v) for v in values if v is not None), start=ZERO)


def test_steps_sum_exactly_to_total_delta(sim: Simulation) -> None:
    (fall,) = waterfalls(sim)
    assert [s.driver for s in fall.steps] == list(DRIVERS)
    assert fall.start == sim.total_allowed("acme_current") == _lines_total(sim, "acme_current")
    assert fall.end == sim.total_allowed("acme_proposed") == _lines_total(sim, "acme_proposed")
    assert sum((s.delta for s in fall.steps), ZERO) == fall.end - fall.start
    assert all(isinstance(s.delta, Decimal) for s in fall.steps)


def test_one_changed_term_lands_on_its_driver(sim: Simulation) -> None:
    """Only SH changes: the whole delta is concurrency, equal to a fresh simulation's."""
    current = load_contract(CURRENT)
    richer = with_changes(current, **{"per_diem.concurrent.SH": Decimal(100)})
    two = simulate(sim.episodes, {"a": current, "b": richer}, rates=sim.prices)
    fall = waterfall(two, "a", "b")
    by_driver = {s.driver: s.delta for s in fall.steps}
    assert by_driver["concurrency"] == two.total_allowed("b") - two.total_allowed("a")
    assert by_driver["concurrency"] > 0
    assert all(v == 0 for k, v in by_driver.items() if k != "concurrency")


def test_lesser_of_step_matches_a_direct_simulation(sim: Simulation) -> None:
    current = load_contract(CURRENT)
    without = with_changes(current, lesser_of_billed_charges=False)
    two = simulate(sim.episodes, {"a": current, "b": without}, rates=sim.prices)
    fall = waterfall(two, "a", "b")
    assert {s.driver: s.delta for s in fall.steps}["lesser-of"] == fall.total_delta
    assert fall.total_delta >= 0


def test_single_scenario_has_no_waterfall(sim: Simulation) -> None:
    one = simulate(sim.episodes, [CURRENT])
    assert waterfalls(one) == ()
