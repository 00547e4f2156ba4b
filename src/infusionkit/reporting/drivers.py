"""Waterfall decomposition of the change between two contracts, by sequential substitution.

Starting from the baseline contract, one group of terms at a time is replaced with the other
contract's and the history is re-priced exactly. The last step lands on the other contract itself,
so the steps telescope: they sum exactly to the total change.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import pyarrow.compute as pc

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


def _priced_total(sim: Simulation, contract: Contract) -> Decimal:
    from infusionkit.simulation import simulate

    step = simulate(sim.episodes, {"step": contract}, rates=sim.prices)
    total = pc.sum(step.table["allowed"]).as_py()
    return total if total is not None else ZERO


def waterfall(sim: Simulation, baseline: str, scenario: str) -> Waterfall:
    """Change in total allowed from ``baseline`` to ``scenario``, step by step (exact)."""
    by_name = {s.name: s.contract for s in sim.scenarios}
    target = by_name[scenario]
    start = sim.total_allowed(baseline)
    end = sim.total_allowed(scenario)
    current = by_name[baseline]
    level = start
    steps = []
    for driver, substitute in _substitutions():
        changed = substitute(current, target)
        if driver == "other":
            new_level = end  # the contract is now exactly ``scenario``'s: its simulated total
        elif changed == current:
            new_level = level
        else:
            new_level = _priced_total(sim, changed)
        steps.append(WaterfallStep(driver, new_level - level))
        current, level = changed, new_level
    result = Waterfall(baseline, scenario, start, end, tuple(steps))
    assert sum((s.delta for s in steps), ZERO) == end - start, "waterfall does not telescope"
    return result


def waterfalls(sim: Simulation) -> tuple[Waterfall, ...]:
    """One waterfall from the first scenario to each other scenario."""
    names = sim.names
    return tuple(waterfall(sim, names[0], name) for name in names[1:])
