"""The waterfall of the report: the sequential steps of the simulation layer's one valuation
(:mod:`infusionkit.simulation.changes`), as the report draws and tabulates them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from infusionkit.money import ZERO
from infusionkit.reporting.model import Waterfall, WaterfallStep
from infusionkit.simulation.changes import DRIVERS, NO_PRICE_DATA

if TYPE_CHECKING:
    from infusionkit.simulation.changes import Comparison

NO_PRICE_DATA_LABEL = "Lines without price data"
"""How the report names the part of the change on lines without price data (not a driver)."""


def driver_label(driver: str) -> str:
    """``per diem rates`` -> ``Per diem rates``; the no-price-data row by its own name."""
    if driver == NO_PRICE_DATA:
        return NO_PRICE_DATA_LABEL
    return driver[:1].upper() + driver[1:]


def waterfall_of(comparison: Comparison, labels: Mapping[str, str] | None = None) -> Waterfall:
    """The report's waterfall of one comparison (labels: scenario name -> display label)."""
    labels = labels or {}
    steps = tuple(
        WaterfallStep(driver_label(s.driver), s.amount, apart=s.driver == NO_PRICE_DATA)
        for s in comparison.waterfall
    )
    fall = Waterfall(
        labels.get(comparison.baseline, comparison.baseline),
        labels.get(comparison.scenario, comparison.scenario),
        comparison.start,
        comparison.end,
        steps,
    )
    if sum((s.delta for s in steps), ZERO) != fall.total_delta:  # pragma: no cover
        raise AssertionError("waterfall steps do not add up to the total change")
    return fall


def waterfalls(
    comparisons: Sequence[Comparison], labels: Mapping[str, str] | None = None
) -> tuple[Waterfall, ...]:
    """One waterfall per comparison (the first scenario against each other one)."""
    return tuple(waterfall_of(c, labels) for c in comparisons)


__all__ = ["DRIVERS", "NO_PRICE_DATA_LABEL", "driver_label", "waterfall_of", "waterfalls"]
