"""What every rule is: a stable id, a topic, the type of its recommended value, and a check."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import TypeAdapter

from infusionkit.coding.rules import DocParts, doc_parts
from infusionkit.money import percent_text
from infusionkit.review.findings import AtRisk, Finding, Severity, UnpricedGroup

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.review.recommendations import Recommendation

NOT_STATED = "not stated"


@dataclass(frozen=True)
class History:
    """What the review knows of the episode history: the codes the contract leaves unpriced."""

    unpriced: tuple[UnpricedGroup, ...] = ()


@dataclass(frozen=True)
class RuleContext:
    """One rule's inputs: the contract, its recommendation entry (value validated) and history."""

    contract: Contract
    entry: Recommendation
    value: Any
    history: History | None = None

    def finding(
        self,
        message: str,
        *,
        current: str | None,
        recommended: str,
        key: str | None = None,
        not_stated: bool = False,
        title: str | None = None,
        fix: dict[str, Any] | None = None,
        at_risk: AtRisk | None = None,
        details: tuple[UnpricedGroup, ...] = (),
    ) -> Finding:
        """A finding carrying the rule's id, topic and title, the entry's severity, rationale and
        source."""
        from infusionkit.review.rules import RULES

        entry = self.entry
        rule = RULES[entry.id]
        severity: Severity = entry.not_stated_severity() if not_stated else entry.severity
        return Finding(
            rule=rule.id,
            topic=rule.topic,
            severity=severity,
            title=title or rule.title,
            message=message,
            current=current,
            recommended=recommended,
            rationale=entry.rationale,
            source=entry.source,
            key=key,
            details=details,
            fix=tuple((fix or {}).items()),
            at_risk=at_risk,
        )


class Rule:
    """Base of every rule: subclasses set ``id``, ``topic``, ``value`` and implement ``check``.

    The docstring of a subclass states the problem and the fix. ``check`` returns findings (an
    empty list when the contract meets the recommendation); it never raises for a finding.
    """

    id: ClassVar[str]
    topic: ClassVar[str]
    title: ClassVar[str]
    value: ClassVar[Any]  # type of the recommended value, validated by pydantic
    value_help: ClassVar[str]  # what a valid recommended value looks like

    def adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.value)

    @property
    def doc(self) -> DocParts:
        """The docstring's parts: summary, ``Problem:`` and ``Fix:`` sections."""
        return doc_parts(type(self).__doc__)

    @property
    def problem(self) -> str:
        return self.doc.sections.get("Problem", "")

    @property
    def fix(self) -> str:
        return self.doc.sections.get("Fix", "")

    def check(self, ctx: RuleContext) -> list[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


def pct(number: Decimal) -> str:
    """``50%``."""
    return percent_text(number)


def signed_pct(number: Decimal) -> str:
    """``-22%`` / ``+6%``."""
    return percent_text(number, signed=True)
