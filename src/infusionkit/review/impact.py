"""Dollar impact of findings, measured on the episode history through the what-if service.

The baseline is simulated once. Each finding with a ``fix`` is measured by pricing the
contract changed to meet the recommendation with the baseline's what-if service (same episodes,
coded once, same PriceBook): impact = allowed(changed) - allowed(baseline), exact. A finding
with ``at_risk`` is measured as the billed charges of the unpriced baseline lines it selects.
Findings are measured one at a time, so their impacts do not add up to the combined change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from infusionkit.contracts import with_changes
from infusionkit.errors import InputErrors
from infusionkit.money import ZERO_CENTS
from infusionkit.review.findings import Finding, UnpricedGroup
from infusionkit.review.rules.base import History

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.simulation import Simulation


def _plain(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dictionary-encoded text columns decoded to plain strings (group_by needs them plain)."""
    if pa.types.is_dictionary(column.type):
        return pc.cast(column, column.type.value_type)
    return column


def history_of(lines: pa.Table) -> History:
    """Unpriced claim lines grouped by line type and code, with their billed charges."""
    unpriced = lines.filter(pc.is_null(lines["allowed"]))
    if unpriced.num_rows == 0:
        return History(unpriced=())
    unpriced = pa.table(
        {name: _plain(unpriced[name]) for name in ("line_type", "hcpcs", "reason", "billed_charge")}
    )
    grouped = unpriced.group_by(["line_type", "hcpcs"], use_threads=False).aggregate(
        [("billed_charge", "sum"), ("billed_charge", "count"), ([], "count_all"), ("reason", "min")]
    )
    groups = [
        UnpricedGroup(
            line_type=row["line_type"],
            hcpcs=row["hcpcs"],
            lines=int(row["count_all"]),
            billed_charge=Decimal(row["billed_charge_sum"] or 0).quantize(ZERO_CENTS),
            reason=row["reason_min"] or "",
            uncharged_lines=int(row["count_all"]) - int(row["billed_charge_count"]),
        )
        for row in grouped.to_pylist()
    ]
    groups.sort(key=lambda g: (-g.billed_charge, g.line_type, g.hcpcs))
    return History(unpriced=tuple(groups))


def measure(
    findings: Sequence[Finding],
    contract: Contract,
    baseline: Simulation,
    scenario: str,
    history: History,
) -> list[Finding]:
    """``findings`` with ``impact`` and ``impact_basis`` set where money can measure them."""
    base_total = baseline.total_allowed(scenario)
    changed: dict[str, Contract] = {}
    for index, finding in enumerate(findings):
        if finding.fix:
            try:
                changed[str(index)] = with_changes(contract, **dict(finding.fix))
            except InputErrors:  # a recommendation the model cannot express: leave unmeasured
                continue
    totals = {name: baseline.what_if.total(variant) for name, variant in changed.items()}
    result = []
    for index, finding in enumerate(findings):
        if str(index) in totals:
            finding = dataclasses.replace(
                finding,
                impact=totals[str(index)] - base_total,
                impact_basis="allowed_difference",
            )
        elif finding.at_risk is not None:
            groups = tuple(g for g in history.unpriced if finding.at_risk.matches(g))
            finding = dataclasses.replace(
                finding,
                impact=sum((g.billed_charge for g in groups), start=ZERO_CENTS),
                impact_basis="billed_charges_at_risk",
                details=groups,
            )
        result.append(finding)
    return result
