"""Non-rate terms: escalator, timely filing, prompt payment, recoupment, termination, MFN."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from infusionkit.review.findings import Finding
from infusionkit.review.rules.base import NOT_STATED, Rule, RuleContext, signed_pct
from infusionkit.review.rules.values import Count, EscalatorTerms

_ESCALATOR_NAMES = {"none": "no escalator", "fixed_percent": "fixed percent", "cpi": "CPI"}


class AnnualEscalator(Rule):
    """Rates rise every year (a fixed percentage or CPI).

    Problem: with no escalator the rates stay flat for the life of the agreement while costs rise.
    Fix: add ``terms.escalator``: ``{type: fixed_percent, percent: 3}`` or ``{type: cpi}``.
    """

    id = "IK201"
    topic = "escalator"
    title = "No annual rate escalator"
    value = EscalatorTerms
    value_help = "{types: [fixed_percent, cpi], min_percent: 0}"

    def check(self, ctx: RuleContext) -> list[Finding]:
        wanted: EscalatorTerms = ctx.value
        names = " or ".join(_ESCALATOR_NAMES[t] for t in wanted.types)
        recommended = f"an annual escalator ({names})"
        if "fixed_percent" in wanted.types and wanted.min_percent > 0:
            recommended += f", fixed at least {signed_pct(wanted.min_percent)}"
        escalator = ctx.contract.terms.escalator
        if escalator is None:
            return [
                ctx.finding(
                    "The contract does not state a rate escalator.",
                    current=NOT_STATED,
                    recommended=recommended,
                    key="terms.escalator",
                    not_stated=True,
                )
            ]
        current = _ESCALATOR_NAMES[escalator.type]
        if escalator.type == "fixed_percent" and escalator.percent is not None:
            current = f"fixed {signed_pct(escalator.percent)}"
            ok = escalator.percent > 0 and escalator.percent >= wanted.min_percent
        else:
            ok = escalator.type != "none"
        if ok and escalator.type in wanted.types:
            return []
        return [
            ctx.finding(
                f"Rate escalator: {current}; recommended: {recommended}.",
                current=current,
                recommended=recommended,
                key="terms.escalator",
            )
        ]


class TermLimit(Rule):
    """Base of the numeric term rules: a term at least (or at most) a recommended number."""

    field: ClassVar[str]
    unit: ClassVar[str]
    at_least: ClassVar[bool]
    what: ClassVar[str]
    value: ClassVar[Any] = Count
    value_help = "a whole number >= 0"

    def check(self, ctx: RuleContext) -> list[Finding]:
        limit: int = ctx.value
        sign = "≥" if self.at_least else "≤"
        recommended = f"{sign} {limit} {self.unit}"
        current = getattr(ctx.contract.terms, self.field)
        key = f"terms.{self.field}"
        if current is None:
            return [
                ctx.finding(
                    f"The contract does not state {self.what}.",
                    current=NOT_STATED,
                    recommended=recommended,
                    key=key,
                    not_stated=True,
                )
            ]
        if (current >= limit) if self.at_least else (current <= limit):
            return []
        return [
            ctx.finding(
                f"{self.what.capitalize()}: {current} {self.unit}; recommended: {recommended}.",
                current=f"{current} {self.unit}",
                recommended=recommended,
                key=key,
            )
        ]


class TimelyFiling(TermLimit):
    """Enough time to file claims.

    Problem: a short timely-filing limit turns ordinary billing delays (authorisations, secondary
    payers, corrected claims) into permanent denials.
    Fix: raise ``terms.timely_filing_days`` to at least the recommended number of days.
    """

    id = "IK202"
    topic = "timely_filing"
    title = "Timely filing limit too short"
    field = "timely_filing_days"
    unit = "days"
    at_least = True
    what = "the timely filing limit"


class PromptPayment(TermLimit):
    """Clean claims paid promptly.

    Problem: a long payment period for clean claims finances the payer with the provider's cash.
    Fix: lower ``terms.clean_claim_payment_days`` to at most the recommended number of days.
    """

    id = "IK203"
    topic = "prompt_payment"
    title = "Clean claims paid too slowly"
    field = "clean_claim_payment_days"
    unit = "days"
    at_least = False
    what = "the payment period for clean claims"


class RecoupmentLookback(TermLimit):
    """A short look-back for audits and recoupment.

    Problem: a long look-back lets the payer take back payments years after the service, when
    records are harder to produce and corrected claims can no longer be filed.
    Fix: lower ``terms.recoupment_lookback_months`` to at most the recommended months.
    """

    id = "IK204"
    topic = "recoupment"
    title = "Recoupment look-back too long"
    field = "recoupment_lookback_months"
    unit = "months"
    at_least = False
    what = "the recoupment look-back"


class TerminationNotice(TermLimit):
    """Enough notice before termination without cause.

    Problem: short notice leaves no time to transition patients on therapy or renegotiate.
    Fix: raise ``terms.termination_without_cause_days`` to at least the recommended days.
    """

    id = "IK205"
    topic = "termination"
    title = "Termination notice too short"
    field = "termination_without_cause_days"
    unit = "days"
    at_least = True
    what = "the notice for termination without cause"


class MostFavoredNation(Rule):
    """No most-favored-nation clause.

    Problem: a most-favored-nation clause ties this payer's rates to the lowest rate the provider
    accepts from anyone, so any concession elsewhere lowers these rates too.
    Fix: remove the clause (``terms.most_favored_nation: false``).
    """

    id = "IK206"
    topic = "most_favored_nation"
    title = "Most-favored-nation clause"
    value = Literal[False]
    value_help = "false (delete the entry or set enabled: false to stop checking)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        mfn = ctx.contract.terms.most_favored_nation
        if mfn is False:
            return []
        if mfn is None:
            return [
                ctx.finding(
                    "The contract does not say whether a most-favored-nation clause applies.",
                    current=NOT_STATED,
                    recommended="no most-favored-nation clause",
                    key="terms.most_favored_nation",
                    not_stated=True,
                )
            ]
        return [
            ctx.finding(
                "The rates may not exceed the lowest rate the provider accepts from other payers.",
                current="most-favored-nation clause",
                recommended="no most-favored-nation clause",
                key="terms.most_favored_nation",
            )
        ]
