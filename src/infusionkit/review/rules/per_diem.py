"""Per diem rules: day count, concurrent therapies, infusion suite days, infrequent therapies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Literal

from infusionkit.review.findings import AtRisk, Finding
from infusionkit.review.rules.base import Rule, RuleContext, pct
from infusionkit.review.rules.values import MinPercent, PerDiemCodes

_DAY_COUNTS = {
    "access_days": "access days (every day of access)",
    "administration_days": "administration days (only days a dose is given)",
    "service_days": "service days (only days with a dose or a nursing visit)",
}


class DayCount(Rule):
    """Per diem days are every day of access.

    Problem: the contract counts only the days a dose is given (or has no per diem section), so
    the days between doses, which the NHIA per diem definition includes, go unpaid.
    Fix: define the per diem as each day the patient has access to the therapy, from the day it
    is initiated through the day it is discontinued (``per_diem.day_count: access_days``).
    """

    id = "IK101"
    topic = "per_diem_definition"
    title = "Per diem counts every day of access"
    value = Literal["access_days", "administration_days"]
    value_help = "access_days or administration_days"

    def check(self, ctx: RuleContext) -> list[Finding]:
        recommended = _DAY_COUNTS[ctx.value]
        per_diem = ctx.contract.per_diem
        if per_diem is None:
            return [
                ctx.finding(
                    "The contract has no per diem section: per diem days are unpriced and the "
                    "day count is not defined.",
                    current="no per diem section",
                    recommended=recommended,
                    key="per_diem",
                )
            ]
        if per_diem.day_count == ctx.value or per_diem.day_count == "service_days":
            return []  # service days: a payer policy, reviewed by IK301
        return [
            ctx.finding(
                f"Per diem days are counted as {_DAY_COUNTS[per_diem.day_count]}; recommended: "
                f"{recommended}.",
                current=_DAY_COUNTS[per_diem.day_count],
                recommended=recommended,
                key="per_diem.day_count",
                fix={"per_diem.day_count": ctx.value},
            )
        ]


class ConcurrentPercent(Rule):
    """Base of the SH / SJ rules: a concurrent therapy day paid below the recommended percent."""

    modifier: ClassVar[str]
    value: ClassVar[Any] = MinPercent
    value_help = "a percentage 0-1000, e.g. 50"

    def check(self, ctx: RuleContext) -> list[Finding]:
        per_diem = ctx.contract.per_diem
        if per_diem is None:
            return []
        current: Decimal = getattr(per_diem.concurrent, self.modifier)
        if current >= ctx.value:
            return []
        return [
            ctx.finding(
                f"{self.modifier} days ({self.ordinal} concurrent therapy of a day) are paid at "
                f"{pct(current)} of the code's rate; recommended: at least {pct(ctx.value)}.",
                current=pct(current),
                recommended=f"≥ {pct(ctx.value)}",
                key=f"per_diem.concurrent.{self.modifier}",
                fix={f"per_diem.concurrent.{self.modifier}": ctx.value},
            )
        ]

    ordinal: ClassVar[str]


class SecondTherapy(ConcurrentPercent):
    """Second concurrent therapy (modifier SH) paid at a fair share of its rate.

    Problem: the second therapy of a day needs its own pharmacy services, supplies and equipment,
    but the contract pays its per diem at a small percentage of the rate (or nothing).
    Fix: raise ``per_diem.concurrent.SH`` to at least the recommended percentage.
    """

    id = "IK103"
    topic = "concurrent_therapy"
    title = "Second concurrent therapy (SH) paid too low"
    modifier = "SH"
    ordinal = "second"


class ThirdTherapy(ConcurrentPercent):
    """Third and later concurrent therapies (modifier SJ) paid at a fair share of their rate.

    Problem: third and later therapies of a day carry real costs, but the contract pays their
    per diem at a small percentage of the rate (or nothing).
    Fix: raise ``per_diem.concurrent.SJ`` to at least the recommended percentage.
    """

    id = "IK104"
    topic = "concurrent_therapy"
    title = "Third and later concurrent therapies (SJ) paid too low"
    modifier = "SJ"
    ordinal = "third or later"


class InfrequentRates(Rule):
    """Therapies dosed less often than every 72 hours have their own rates.

    Problem: weekly or monthly therapies (IVIG, factor, anti-TNF …) fall outside the per diem
    definition; without a separately specified rate their administrations are unpriced.
    Fix: add ``per_diem.infrequent`` rates per administration for these codes (or a priced default).
    """

    id = "IK105"
    topic = "infrequent_therapy"
    title = "No rates for therapies dosed less often than every 72 hours"
    value = PerDiemCodes
    value_help = "a list of per diem codes, e.g. [S9338, S9345, S9359]"

    def check(self, ctx: RuleContext) -> list[Finding]:
        codes = list(ctx.value)
        if ctx.history is not None:
            codes += [g.hcpcs for g in ctx.history.unpriced if g.line_type == "infrequent"]
        codes = list(dict.fromkeys(codes))
        section = ctx.contract.section("infrequent")
        if section is None:
            missing = codes
            current = "no infrequent section"
        else:
            missing = [c for c in codes if section.rule_for(c)[0].kind == "unpriced"]
            priced = [c for c in codes if c not in missing]
            current = "unpriced: " + ", ".join(missing)
            if priced:
                current = f"priced: {', '.join(priced)}; {current}"
        if not missing:
            return []
        return [
            ctx.finding(
                f"No rate per administration for {', '.join(missing)} when dosed less often than "
                "every 72 hours: those administrations are unpriced.",
                current=current,
                recommended="a rate per administration for " + ", ".join(codes),
                key="per_diem.infrequent",
                at_risk=AtRisk(line_types=("infrequent",), codes=tuple(missing)),
            )
        ]


class SuiteDays(Rule):
    """Infusion-suite (AIS, modifier SS) days paid in full.

    Problem: the per diem services are the same when the infusion is given in the provider's
    ambulatory infusion suite, but the contract pays SS days at a reduced percentage.
    Fix: raise ``per_diem.ais_percent`` to the recommended percentage.
    """

    id = "IK106"
    topic = "ais"
    title = "Infusion-suite (SS) days paid below the per diem"
    value = MinPercent
    value_help = "a percentage 0-1000, e.g. 100"

    def check(self, ctx: RuleContext) -> list[Finding]:
        per_diem = ctx.contract.per_diem
        if per_diem is None or per_diem.ais_percent >= ctx.value:
            return []
        return [
            ctx.finding(
                f"Per diem days in the ambulatory infusion suite (SS) are paid at "
                f"{pct(per_diem.ais_percent)} of the rate; recommended: at least {pct(ctx.value)}.",
                current=pct(per_diem.ais_percent),
                recommended=f"≥ {pct(ctx.value)}",
                key="per_diem.ais_percent",
                fix={"per_diem.ais_percent": ctx.value},
            )
        ]
