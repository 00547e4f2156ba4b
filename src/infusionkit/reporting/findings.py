"""Contract review findings for the report (the review of each scenario's contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.model import Column, Row, Table
from infusionkit.review import Finding, review

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

_BASIS = {"allowed_difference": "allowed", "billed_charges_at_risk": "at risk"}


def _impact(finding: Finding) -> str:
    if finding.impact is None:
        return fmt.DASH
    basis = _BASIS.get(str(finding.impact_basis), "")
    return f"{fmt.money(finding.impact)}{f' {basis}' if basis else ''}"


def _change(finding: Finding) -> str:
    if finding.current and finding.recommended:
        return f"{finding.current} \u2192 {finding.recommended}"
    return str(finding.recommended or finding.current or "")


def findings_table(sim: Simulation) -> Table:
    """Review findings of every scenario's contract, most severe first (as the review sorts)."""
    rows = []
    for scenario in sim.scenarios:
        target = scenario.path if scenario.path is not None else scenario.contract
        result = review(target, episodes=sim.episodes, simulation=sim)
        for finding in result.findings:
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
