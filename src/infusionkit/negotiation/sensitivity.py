"""``sensitivity``: the dollar value on the history of +1 % on each rate and +1 point on each
percentage term of a contract, largest first (each valued alone through the what-if service)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusionkit.errors import InputErrors
from infusionkit.negotiation.history import ContractLike, contract_of, service_for
from infusionkit.negotiation.levers import Kind, Lever, all_levers, apply, levers_for

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PriceBook
    from infusionkit.simulation import Simulation, WhatIf
    from infusionkit.simulation.run import Progress

STEP = Decimal(1)


@dataclass(frozen=True)
class Effect:
    """The effect of moving one value: +1 % for a rate (rounded half-up to the cent), +1 point
    for a percentage. ``effect`` = total(after) - total(before), exact."""

    key: str
    label: str
    kind: Kind
    before: Decimal
    after: Decimal
    effect: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "step": "+1%" if self.kind == "rate" else "+1 point",
            "before": f"{self.before}",
            "after": f"{self.after}",
            "effect": f"{self.effect:.2f}",
        }


@dataclass(frozen=True)
class Sensitivity:
    """Effects of one contract's terms, largest (in dollars, either sign) first.

    ``skipped`` holds (key, why) for values that cannot move (e.g. a percentage at its maximum).
    """

    contract: Contract
    total: Decimal
    effects: tuple[Effect, ...]
    skipped: tuple[tuple[str, str], ...] = ()

    def top(self, n: int) -> tuple[Effect, ...]:
        return self.effects[:n]


def sensitivity(
    history: WhatIf | Simulation | Episodes | str | Path,
    contract: ContractLike,
    *,
    vary: str | None = None,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
    progress: Progress | None = None,
) -> Sensitivity:
    """The value of +1 % on each listed rate (and rate default) and +1 point on each percentage
    term (SH, SJ, ais_percent, drug percents, percent-of-charges defaults) of ``contract``.

    ``vary`` limits the terms to a ``solve`` selector (e.g. ``per_diem``).
    """
    base, path = contract_of(contract)
    service = service_for(history, rates=rates, payer=payer, contract_path=path)
    levers = levers_for(base, vary) if vary else all_levers(base)
    total = service.total(base)
    effects: list[Effect] = []
    skipped: list[tuple[str, str]] = []
    for done, lever in enumerate(levers):
        if progress:
            progress(lever.key, done, len(levers))
        low, high = lever.p_bounds()
        if not low <= STEP <= high:
            skipped.append((lever.key, f"{lever.value} is at its maximum"))
            continue
        try:
            moved = apply(base, (lever,), STEP)
        except InputErrors as exc:  # pragma: no cover - bounds are checked above
            skipped.append((lever.key, exc.render()))
            continue
        effects.append(_effect(lever, service.total(moved) - total))
    if progress:
        progress("done", len(levers), len(levers))
    effects.sort(key=lambda e: (-abs(e.effect), e.key))
    return Sensitivity(base, total, tuple(effects), tuple(skipped))


def _effect(lever: Lever, amount: Decimal) -> Effect:
    return Effect(lever.key, lever.label, lever.kind, lever.value, lever.moved(STEP), amount)
