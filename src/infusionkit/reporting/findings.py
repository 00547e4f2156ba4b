"""Contract review findings for the report, when the review package is installed."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.model import Column, Row, Table

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

_SEVERITY_ORDER = {"high": 0, "critical": 0, "medium": 1, "warning": 1, "low": 2, "info": 3}


def _impact(value: Any) -> str:
    if value is None:
        return fmt.DASH
    if isinstance(value, Decimal):
        return fmt.signed_money(value)
    amount = getattr(value, "amount", None) or getattr(value, "delta", None)
    if isinstance(amount, Decimal):
        return fmt.signed_money(amount)
    return str(value)


def findings_table(sim: Simulation) -> Table | None:
    """Review findings of every scenario's contract; None when the review is not installed."""
    try:
        from infusionkit.review import review
    except ImportError:
        return None
    rows = []
    for scenario in sim.scenarios:
        result = review(scenario.contract, episodes=sim.episodes, simulation=sim)
        found = list(getattr(result, "findings", result))
        found.sort(key=lambda f: (_SEVERITY_ORDER.get(str(f.severity).lower(), 9), str(f.topic)))
        for finding in found:
            rows.append(
                Row(
                    (
                        scenario.name,
                        str(finding.severity),
                        str(finding.topic),
                        str(finding.title),
                        _impact(getattr(finding, "impact", None)),
                    )
                )
            )
    columns = (
        Column("Scenario", width=1.3),
        Column("Severity", width=0.8),
        Column("Topic", width=1.2),
        Column("Finding", width=3.6),
        Column("$ impact", numeric=True, width=1.2),
    )
    return Table(
        columns,
        tuple(rows),
        caption="Contract review findings",
        note="From infusionkit's recommendation set (editable defaults, not NHIA figures); "
        "$ impact priced on the same history where the rule has one.",
    )
