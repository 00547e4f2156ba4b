"""Contract review findings for the report, when the review package is installed."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.model import Column, Row, Table

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_BASIS = {"allowed_difference": "allowed", "billed_charges_at_risk": "at risk"}


def _impact(finding: Any) -> str:
    value = getattr(finding, "impact", None)
    if not isinstance(value, Decimal):
        return fmt.DASH
    basis = _BASIS.get(str(getattr(finding, "impact_basis", "")), "")
    return f"{fmt.money(value)}{f' {basis}' if basis else ''}"


def _change(finding: Any) -> str:
    current = getattr(finding, "current", None)
    recommended = getattr(finding, "recommended", None)
    if current and recommended:
        return f"{current} \u2192 {recommended}"
    return str(recommended or current or "")


def findings_table(sim: Simulation) -> Table | None:
    """Review findings of every scenario's contract; None when the review is not installed."""
    try:
        from infusionkit.review import review
    except ImportError:
        return None
    rows = []
    for scenario in sim.scenarios:
        target = scenario.path if scenario.path is not None else scenario.contract
        result = review(target, episodes=sim.episodes, simulation=sim)
        found = sorted(
            result.findings,
            key=lambda f: (_SEVERITY_ORDER.get(str(f.severity), 9), str(f.rule)),
        )
        for finding in found:
            rows.append(
                Row(
                    (
                        scenario.name,
                        str(finding.severity),
                        str(finding.title),
                        _change(finding),
                        _impact(finding),
                    )
                )
            )
    columns = (
        Column("Scenario", width=1.2),
        Column("Severity", width=0.75),
        Column("Finding", width=2.5),
        Column("Contract \u2192 recommended", width=2.3),
        Column("$ impact", numeric=True, width=1.3),
    )
    return Table(
        columns,
        tuple(rows),
        caption="Contract review findings",
        note="Against infusionkit's recommendation set (editable defaults, not NHIA figures). "
        "$ impact on the same history: allowed = what meeting the recommendation adds; at risk = "
        "billed charges of lines the contract leaves unpriced.",
    )
