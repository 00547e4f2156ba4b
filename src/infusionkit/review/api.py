"""``review``: a contract against the recommendation set, with dollar impact from episodes."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusionkit.contracts import Contract, load_contract
from infusionkit.review.findings import (
    SEVERITIES,
    Finding,
    Severity,
    UnpricedGroup,
    severity_rank,
)
from infusionkit.review.impact import history_of, measure
from infusionkit.review.recommendations import (
    RecommendationSet,
    load_recommendations,
    resolve_recommendations,
)
from infusionkit.review.rules import RULES, RuleContext
from infusionkit.review.rules.codes import contract_prices

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PriceBook
    from infusionkit.simulation import Simulation

BASELINE = "baseline"


@dataclass(frozen=True)
class HistoryInfo:
    """The episode history the impacts were measured on."""

    source: str | None
    first: date | None
    last: date | None
    claim_lines: int
    allowed: Decimal  # baseline allowed of the reviewed contract
    data_gaps: tuple[UnpricedGroup, ...] = ()  # unpriced for missing price data, not the contract

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "claim_lines": self.claim_lines,
            "allowed": f"{self.allowed:.2f}",
            "data_gaps": [group.to_dict() for group in self.data_gaps],
        }


@dataclass(frozen=True)
class ReviewResult:
    """Findings sorted by severity then rule id, with what was reviewed against what."""

    contract: Contract
    contract_path: Path | None
    recommendations: RecommendationSet
    findings: tuple[Finding, ...]
    history: HistoryInfo | None = None

    def counts(self) -> dict[str, int]:
        """Number of findings per severity (every severity present)."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def fails(self, fail_on: str = "low") -> bool:
        """True when a finding is at or above ``fail_on`` (high, medium or low)."""
        limit = severity_rank(fail_on)
        return any(severity_rank(f.severity) <= limit for f in self.findings)

    def by_topic(self, topic: str) -> tuple[Finding, ...]:
        """The findings of one topic (e.g. for matching contract clauses)."""
        return tuple(f for f in self.findings if f.topic == topic)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (see ``infusionkit review --help``)."""
        c = self.contract
        recs = self.recommendations.path
        return {
            "contract": {
                "path": str(self.contract_path) if self.contract_path else None,
                "payer": c.payer,
                "name": c.name,
                "effective": c.effective.isoformat(),
            },
            "recommendations": str(recs) if recs else None,
            "episodes": self.history.to_dict() if self.history else None,
            "summary": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def review(
    contract: Contract | str | Path,
    *,
    recommendations: RecommendationSet | str | Path | None = None,
    episodes: Episodes | str | Path | None = None,
    rates: str | Path | PriceBook | None = None,
    simulation: Simulation | None = None,
    payer: str | None = None,
) -> ReviewResult:
    """Check ``contract`` against each enabled recommendation; price findings on the history.

    ``payer`` keeps only therapies with that payer_id. With a history, a measured finding's
    severity follows its dollar impact against the contract's allowed total (see
    :func:`severity_by_impact`); unmeasured findings keep the recommendation's severity.

    ``recommendations``: a loaded set or a file; default: recommendations.yaml in the contract's
    folder, else the packaged default set. With ``episodes`` (or a ready ``simulation`` holding the
    contract as a scenario; ValueError otherwise) each money-measurable finding gets an
    ``impact`` in dollars.
    ``rates``: price folder or PriceBook (default: the contract file's folder).
    """
    path: Path | None = None
    if not isinstance(contract, Contract):
        path = Path(contract)
        contract = load_contract(path)
    if not isinstance(recommendations, RecommendationSet):
        recommendations = load_recommendations(resolve_recommendations(recommendations, path))
    baseline, scenario = _baseline(contract, path, episodes, rates, simulation, payer)
    history = history_of(baseline.scenario_lines(scenario)) if baseline is not None else None
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        entry = recommendations.get(rule_id)
        if entry is None:
            continue
        ctx = RuleContext(contract, entry, entry.recommended, history)
        findings.extend(rule.check(ctx))
    info = None
    if baseline is not None and history is not None:
        findings = measure(findings, contract, baseline, scenario, history)
        gaps = tuple(g for g in history.unpriced if contract_prices(contract, g.line_type, g.hcpcs))
        info = _history_info(baseline, scenario, gaps)
        findings = [severity_by_impact(f, info.allowed) for f in findings]
    findings.sort(key=lambda f: f.sort_key)
    return ReviewResult(contract, path, recommendations, tuple(findings), info)


def _baseline(
    contract: Contract,
    path: Path | None,
    episodes: Episodes | str | Path | None,
    rates: str | Path | PriceBook | None,
    simulation: Simulation | None,
    payer: str | None = None,
) -> tuple[Simulation | None, str]:
    """The simulation of the reviewed contract and its scenario name (simulated once here)."""
    if simulation is not None:
        for item in simulation.scenarios:
            if item.contract == contract:
                return simulation, item.name
        raise ValueError("the simulation has no scenario priced with the reviewed contract")
    if episodes is None:
        return None, BASELINE
    from infusionkit.simulation import simulate

    if rates is None and path is not None:
        rates = path.parent
    return simulate(episodes, {BASELINE: contract}, rates=rates, payer=payer), BASELINE


HIGH_SHARE = Decimal("0.01")
MEDIUM_SHARE = Decimal("0.001")
"""A measured impact of at least 1 % of the contract's allowed total is high, at least 0.1 %
medium, below that low."""


def severity_by_impact(finding: Finding, allowed: Decimal) -> Finding:
    """``finding`` with its severity set by the size of its dollar impact (when measured)."""
    if finding.impact is None:
        return finding
    share = abs(finding.impact) / allowed if allowed > 0 else Decimal(1 if finding.impact else 0)
    severity: Severity = (
        "high" if share >= HIGH_SHARE else "medium" if share >= MEDIUM_SHARE else "low"
    )
    return dataclasses.replace(finding, severity=severity)


def _history_info(sim: Simulation, scenario: str, gaps: tuple[UnpricedGroup, ...]) -> HistoryInfo:
    lines = sim.scenario_lines(scenario)
    first, last = sim.period
    source = getattr(sim.episodes, "source", None)
    return HistoryInfo(
        source=str(source) if source else None,
        first=first,
        last=last,
        claim_lines=lines.num_rows,
        allowed=sim.total_allowed(scenario),
        data_gaps=gaps,
    )
