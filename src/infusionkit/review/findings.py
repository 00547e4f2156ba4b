"""Finding records: what a rule found, what is recommended, and (with episodes) what it costs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")

Topic = Literal[
    "per_diem_definition",
    "code_set",
    "concurrent_therapy",
    "infrequent_therapy",
    "ais",
    "nursing",
    "drugs",
    "lesser_of",
    "unpriced_codes",
    "escalator",
    "timely_filing",
    "prompt_payment",
    "recoupment",
    "termination",
    "most_favored_nation",
    "service_days",
    "bundled_codes",
    "not_concurrent",
    "modifier_59",
    "nursing_suite",
]
TOPICS: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]

ImpactBasis = Literal["allowed_difference", "billed_charges_at_risk"]
IMPACT_LABELS: dict[str, str] = {
    "allowed_difference": "allowed difference",
    "billed_charges_at_risk": "billed charges at risk",
}


def severity_rank(severity: str) -> int:
    """0 for high, 1 for medium, 2 for low."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class UnpricedGroup:
    """Claim lines of one code and line type the contract leaves unpriced in the history."""

    line_type: str
    hcpcs: str
    lines: int
    billed_charge: Decimal  # sum of the lines' billed charges (lines without one count 0)
    reason: str
    uncharged_lines: int = 0  # lines with no billed charge (no own charge, no chargemaster entry)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line_type": self.line_type,
            "hcpcs": self.hcpcs,
            "lines": self.lines,
            "billed_charge": f"{self.billed_charge:.2f}",
            "uncharged_lines": self.uncharged_lines,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AtRisk:
    """Which unpriced claim lines a finding puts at risk (None = any).

    ``line_types`` and ``codes`` filter independently; ``pairs`` lists (line_type, hcpcs).
    """

    line_types: tuple[str, ...] | None = None
    codes: tuple[str, ...] | None = None
    pairs: tuple[tuple[str, str], ...] | None = None

    def matches(self, group: UnpricedGroup) -> bool:
        return (
            (self.line_types is None or group.line_type in self.line_types)
            and (self.codes is None or group.hcpcs in self.codes)
            and (self.pairs is None or (group.line_type, group.hcpcs) in self.pairs)
        )


@dataclass(frozen=True)
class Finding:
    """One way the contract falls short of one recommendation.

    ``impact`` is dollars (positive = what the provider leaves on the table), measured only with
    episodes: ``impact_basis`` says whether it is the allowed difference after changing the
    contract to meet the recommendation, or the billed charges of claim lines left unpriced.
    ``fix`` holds the contract changes (key path, value) that meet the recommendation and
    ``at_risk`` selects unpriced lines; the impact module reads them, renderers do not.
    """

    rule: str
    topic: str
    severity: Severity
    title: str
    message: str
    current: str | None
    recommended: str
    rationale: str
    source: str
    key: str | None = None  # contract key path the finding is about, e.g. per_diem.concurrent.SH
    impact: Decimal | None = None
    impact_basis: ImpactBasis | None = None
    details: tuple[UnpricedGroup, ...] = ()
    fix: tuple[tuple[str, Any], ...] = field(default=(), repr=False)
    at_risk: AtRisk | None = field(default=None, repr=False)

    @property
    def sort_key(self) -> tuple[int, str]:
        return severity_rank(self.severity), self.rule

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form (impact as a decimal string of dollars or null)."""
        return {
            "rule": self.rule,
            "topic": self.topic,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "key": self.key,
            "current": self.current,
            "recommended": self.recommended,
            "rationale": self.rationale,
            "source": self.source,
            "impact": None if self.impact is None else f"{self.impact:.2f}",
            "impact_basis": self.impact_basis,
            "details": [group.to_dict() for group in self.details],
        }
