"""Waterfall decomposition of the change between two contracts, by sequential substitution.

Starting from the baseline contract, one group of terms at a time is replaced with the other
contract's and the history is re-priced exactly. The last step lands on the other contract itself,
so the steps telescope: they sum exactly to the total change.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.money import ZERO
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


def waterfall(
    sim: Simulation, baseline: str, scenario: str, price: PriceTotal | None = None
) -> Waterfall:
    """Change in total allowed from ``baseline`` to ``scenario``, step by step (exact).

    Each step is valued by ``price`` (default: the simulation's what-if service).
    """
    price = price or sim.what_if.total
    current, target = sim.contract(baseline), sim.contract(scenario)
    start, end = price(current), price(target)
    level = start
    steps = []
    for driver, substitute in _substitutions():
        changed = substitute(current, target)
        new_level = level if changed == current else price(changed)
        steps.append(WaterfallStep(driver, new_level - level))
        current, level = changed, new_level
    if level != end:
        raise AssertionError(f"the last waterfall step does not land on {scenario}'s total")
    if sum((s.delta for s in steps), ZERO) != end - start:
        raise AssertionError("waterfall steps do not add up to the total change")
    return Waterfall(baseline, scenario, start, end, tuple(steps))


def waterfalls(sim: Simulation) -> tuple[Waterfall, ...]:
    """One waterfall from the first scenario to each other scenario."""
    names = sim.names
    return tuple(waterfall(sim, names[0], name) for name in names[1:])
