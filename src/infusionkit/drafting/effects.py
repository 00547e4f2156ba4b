"""Dollar effect of each changed clause: the history priced (through the what-if service) under
current, proposed, and the current contract with only that clause's contract keys taken from the
proposal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from infusionkit.contracts import Contract, with_changes
from infusionkit.drafting.model import Clause
from infusionkit.money import signed_money
from infusionkit.simulation import WhatIf, what_if

PRICED_KEYS = ("per_diem", "nursing", "drugs", "other", "lesser_of_billed_charges")
CURRENT, PROPOSED = "current", "proposed"


@dataclass(frozen=True)
class Effects:
    """Allowed totals under current and proposed, and each priced clause's own effect."""

    current_allowed: Decimal
    proposed_allowed: Decimal
    by_clause: dict[str, Decimal]
    period: tuple[date | None, date | None]

    @property
    def total(self) -> Decimal:
        return self.proposed_allowed - self.current_allowed

    @property
    def label(self) -> str:
        """``2025`` or ``2024-2025``: the years of the history."""
        first, last = self.period
        if first is None or last is None:
            return "the"
        return str(first.year) if first.year == last.year else f"{first.year}\u2013{last.year}"

    def sentence(self, amount: Decimal) -> str:
        """``Simulated effect on 2025 history: +$12,345.67``."""
        return f"Simulated effect on {self.label} history: {signed_money(amount)}"


def is_priced(field: str) -> bool:
    """Does this contract key change what the simulation pays?"""
    return field.split(".", 1)[0] in PRICED_KEYS


def clause_changes(proposal: Contract, fields: Sequence[str]) -> dict[str, Any]:
    """``with_changes`` arguments taking ``fields`` from the proposal (a missing parent section
    of the proposal is set as missing)."""
    data = proposal.model_dump(by_alias=True)
    changes: dict[str, Any] = {}
    for field in fields:
        keys = field.split(".")
        node: Any = data
        for n, key in enumerate(keys):
            if not isinstance(node, dict):
                break
            if node.get(key) is None and n < len(keys) - 1:
                changes[".".join(keys[: n + 1])] = None
                break
            node = node.get(key)
        else:
            changes[field] = node
    return changes


def simulate_effects(
    current: Contract,
    proposal: Contract,
    clauses: Sequence[Clause],
    episodes: Any,
    rates: Path | Any | None,
) -> Effects:
    """Value the history under each variant; effects are exact differences of totals.

    ``episodes``: an episodes source, or a ready :class:`WhatIf` (then ``rates`` is unused).
    """
    service = episodes if isinstance(episodes, WhatIf) else what_if(episodes, rates=rates)
    scenarios: dict[str, Contract] = {CURRENT: current, PROPOSED: proposal}
    for clause in clauses:
        fields = [f for f in clause.fields if is_priced(f)]
        if fields:
            scenarios[f"clause:{clause.id}"] = with_changes(
                current, **clause_changes(proposal, fields)
            )
    base = service.total(current)
    by_clause = {
        name.removeprefix("clause:"): service.total(variant) - base
        for name, variant in scenarios.items()
        if name.startswith("clause:")
    }
    period = service.period(scenarios.values())
    return Effects(base, service.total(proposal), by_clause, period)
