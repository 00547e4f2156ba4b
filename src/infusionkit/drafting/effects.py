"""What each changed clause is worth: the simulation layer's one valuation of the proposal's
changes (:mod:`infusionkit.simulation.changes`), matched to the clauses that state them.

A clause states the contract keys in its manifest ``fields``; a change belongs to every clause
whose fields cover its key (or that its key covers). The same change has the same key and the
same standalone value in ``changes.json`` and in the report's ``report.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.money import signed_money
from infusionkit.simulation.changes import Change, Comparison, compare, contract_changes

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.drafting.model import Clause
    from infusionkit.simulation import WhatIf

CURRENT, PROPOSED = "current", "proposed"


def covers(field: str, key: str) -> bool:
    """Does a clause field (``per_diem.concurrent``) state the change ``key``
    (``per_diem.concurrent.SH``), or the other way round (a whole missing section)?"""
    return key == field or key.startswith(field + ".") or field.startswith(key + ".")


def clause_changes(clause: Clause, changes: Sequence[Change]) -> tuple[Change, ...]:
    """The changes a clause states, in contract order."""
    return tuple(c for c in changes if any(covers(f, c.key) for f in clause.fields))


@dataclass(frozen=True)
class Effects:
    """The proposal's changes valued on a history: totals, standalone values, the waterfall."""

    comparison: Comparison
    period: tuple[date | None, date | None]

    @property
    def current_allowed(self) -> Decimal:
        return self.comparison.start

    @property
    def proposed_allowed(self) -> Decimal:
        return self.comparison.end

    @property
    def total(self) -> Decimal:
        return self.comparison.total_change

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.comparison.changes

    @property
    def label(self) -> str:
        """``2025`` or ``2024–2025``: the years of the history."""
        first, last = self.period
        if first is None or last is None:
            return "the"
        return str(first.year) if first.year == last.year else f"{first.year}\u2013{last.year}"

    def sentence(self, change: Change) -> str:
        """``Per diem rates: +$70,698.24 standalone on the 2025 history``."""
        if change.effect is None:
            return f"{change.title}: not priced (does not change what claims are allowed)"
        text = (
            f"{change.title}: {signed_money(change.effect)} standalone on the {self.label} history"
        )
        if change.no_price_lines:
            text += (
                f" ({signed_money(change.no_price_data)} more on lines without price data, "
                "shown apart)"
            )
        return text


def value_changes(
    service: WhatIf, current: Contract, proposal: Contract, *, scenario: str = PROPOSED
) -> Effects:
    """The proposal's changes valued through ``service`` (the what-if service)."""
    comparison = compare(service, current, proposal, baseline=CURRENT, scenario=scenario)
    return Effects(comparison, service.period([current, proposal]))


def unvalued(current: Contract, proposal: Contract) -> tuple[Change, ...]:
    """The proposal's changes without a history (no values)."""
    return tuple(contract_changes(current, proposal))


def service_of(episodes: Any, rates: Any, payer: str | None) -> WhatIf:
    """A what-if service: ``episodes`` as given (a WhatIf or Simulation) or loaded."""
    from infusionkit.simulation import Simulation, WhatIf, what_if

    if isinstance(episodes, WhatIf):
        return episodes
    if isinstance(episodes, Simulation):
        return episodes.what_if
    return what_if(episodes, rates=rates, payer=payer)
