"""Waterfall decomposition of the change between two contracts, by sequential substitution.

Starting from the baseline contract, one group of terms at a time is replaced with the other
contract's and the history is re-priced exactly. The last step lands on the other contract itself,
so the steps telescope: they sum exactly to the total change.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.money import ZERO, from_cents
from infusionkit.reporting.model import Waterfall, WaterfallStep

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.simulation import Simulation

DRIVERS = ("per diem rates", "concurrency", "drugs", "nursing", "infrequent", "lesser-of", "other")
_PER_DIEM_RATE_FIELDS = ("rates", "default", "day_count", "ais_percent")


def _per_diem_update(a: Contract, b: Contract, fields: tuple[str, ...]) -> Contract:
    """``a`` with the named per diem fields taken from ``b`` (a missing section counts as empty)."""
    from infusionkit.contracts import PerDiemTerms

    source = b.per_diem or PerDiemTerms()
    target = a.per_diem or PerDiemTerms()
    updated = target.model_copy(update={name: getattr(source, name) for name in fields})
    return a.model_copy(update={"per_diem": updated})


def _substitutions() -> tuple[tuple[str, Callable[[Contract, Contract], Contract]], ...]:
    """(driver, step) pairs; each step takes the current contract and the target contract."""
    return (
        ("per diem rates", lambda a, b: _per_diem_update(a, b, _PER_DIEM_RATE_FIELDS)),
        ("concurrency", lambda a, b: _per_diem_update(a, b, ("concurrent",))),
        ("drugs", lambda a, b: a.model_copy(update={"drugs": b.drugs})),
        ("nursing", lambda a, b: a.model_copy(update={"nursing": b.nursing})),
        ("infrequent", lambda a, b: _per_diem_update(a, b, ("infrequent",))),
        (
            "lesser-of",
            lambda a, b: a.model_copy(
                update={"lesser_of_billed_charges": b.lesser_of_billed_charges}
            ),
        ),
        ("other", lambda a, b: b),
    )


PriceTotal = Callable[["Contract"], Decimal]


def engine_total(sim: Simulation) -> PriceTotal:
    """Exact total allowed of the simulation's history under any contract.

    Uses the simulation's own engine (episodes prepared once, then coded and priced per contract)
    without building claim-line tables; the result equals ``simulate(...).total_allowed()``.
    """
    from infusionkit.coding.engine import prepare_episodes
    from infusionkit.pricing import price_episodes

    prepared = prepare_episodes(sim.episodes)
    seen: list[tuple[Contract, Decimal]] = []

    def total(contract: Contract) -> Decimal:
        for known, amount in seen:
            if known == contract:
                return amount
        priced = price_episodes(prepared, contract, sim.prices)
        cents = sum(b.allowed_total_cents() for b in priced.blocks.values())
        seen.append((contract, from_cents(cents)))
        return seen[-1][1]

    return total


def waterfall(
    sim: Simulation, baseline: str, scenario: str, price: PriceTotal | None = None
) -> Waterfall:
    """Change in total allowed from ``baseline`` to ``scenario``, step by step (exact)."""
    price = price or engine_total(sim)
    by_name = {s.name: s.contract for s in sim.scenarios}
    target = by_name[scenario]
    start = sim.total_allowed(baseline)
    end = sim.total_allowed(scenario)
    current = by_name[baseline]
    if price(current) != start:
        raise AssertionError(f"re-pricing {baseline} does not reproduce its simulated total")
    level = start
    steps = []
    for driver, substitute in _substitutions():
        changed = substitute(current, target)
        new_level = level if changed == current else price(changed)
        steps.append(WaterfallStep(driver, new_level - level))
        current, level = changed, new_level
    if level != end:
        raise AssertionError(f"re-pricing {scenario} does not reproduce its simulated total")
    if sum((s.delta for s in steps), ZERO) != end - start:
        raise AssertionError("waterfall steps do not add up to the total change")
    return Waterfall(baseline, scenario, start, end, tuple(steps))


def waterfalls(sim: Simulation) -> tuple[Waterfall, ...]:
    """One waterfall from the first scenario to each other scenario."""
    names = sim.names
    if len(names) < 2:
        return ()
    price = engine_total(sim)
    return tuple(waterfall(sim, names[0], name, price) for name in names[1:])
