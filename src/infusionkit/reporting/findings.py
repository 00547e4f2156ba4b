"""Contract review findings for the internal report (the review of each scenario's contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.model import Column, Row, Table
from infusionkit.review import Finding, review

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

VALUE_LABEL = "Value of meeting the recommendation"
_BASIS = {"billed_charges_at_risk": " at risk"}


def _impact(finding: Finding) -> str:
    if finding.impact is None:
        return fmt.DASH
    return f"{fmt.money(finding.impact)}{_BASIS.get(str(finding.impact_basis), '')}"


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
                        scenario.display,
                        str(finding.severity),
                        str(finding.title),
                        _change(finding),
                        _impact(finding),
                    )
                )
            )
    columns = (
        Column("Scenario", width=1.05),
        Column("Severity", width=0.65),
        Column("Finding", width=2.05),
        Column("Contract \u2192 recommended", width=2.15),
        Column(VALUE_LABEL, numeric=True, width=1.2),
    )
    return Table(
        columns,
        tuple(rows),
        caption="Contract review findings",
        note="Against the recommendation set (editable defaults, not NHIA figures). "
        f"{VALUE_LABEL}: the change in allowed on the same history with the contract changed to "
        "meet it, each finding alone (a different question from the changes of a proposal); "
        "at risk: billed charges of lines the contract leaves unpriced.",
    )
