"""Rules on the separately billed parts of the claim: nursing visits and drugs."""

from __future__ import annotations

from typing import Any

from infusionkit.review.findings import AtRisk, Finding
from infusionkit.review.rules.base import Rule, RuleContext, signed_pct
from infusionkit.review.rules.values import Bases, DrugFloor, NursingCodes


class NursingRates(Rule):
    """Nursing visits priced separately from the per diem.

    Problem: the contract has no nursing section or leaves a nursing code (99601 visit, 99602
    each additional hour) unpriced, so visits are unpaid or argued to be inside the per diem.
    Fix: add ``nursing.rates`` for 99601 and 99602.
    """

    id = "IK107"
    topic = "nursing"
    title = "Nursing visits not priced"
    value = NursingCodes
    value_help = "a list of nursing codes, e.g. ['99601', '99602']"

    def check(self, ctx: RuleContext) -> list[Finding]:
        codes: tuple[str, ...] = ctx.value
        wanted = "rates for " + ", ".join(codes)
        section = ctx.contract.nursing
        if section is None:
            return [
                ctx.finding(
                    "The contract has no nursing section: nursing visits are unpriced.",
                    current="no nursing section",
                    recommended=wanted,
                    key="nursing",
                    at_risk=AtRisk(line_types=("nursing",)),
                )
            ]
        missing = [c for c in codes if section.rule_for(c)[0].kind == "unpriced"]
        if not missing:
            return []
        return [
            ctx.finding(
                f"Nursing code(s) {', '.join(missing)} are unpriced.",
                current="unpriced: " + ", ".join(missing),
                recommended=wanted,
                key="nursing.rates",
                at_risk=AtRisk(line_types=("nursing",), codes=tuple(missing)),
            )
        ]


class DrugBasis(Rule):
    """Drugs priced under the medical benefit on a stated basis.

    Problem: the contract has no drug terms (or an unaccepted basis), so drug lines billed on the
    home infusion claim are unpriced or priced on an unclear basis.
    Fix: add ``drugs`` terms: a basis (AWP, WAC or ASP) and a percentage.
    """

    id = "IK108"
    topic = "drugs"
    title = "No drug pricing basis"
    value = Bases
    value_help = "a list of accepted bases: AWP, WAC, ASP"

    def check(self, ctx: RuleContext) -> list[Finding]:
        bases: list[str] = ctx.value
        wanted = "a drug basis: " + " or ".join(bases)
        drugs = ctx.contract.drugs
        if drugs is None:
            return [
                ctx.finding(
                    "The contract has no drug terms: drug lines are unpriced.",
                    current="no drugs section",
                    recommended=wanted,
                    key="drugs",
                    at_risk=AtRisk(line_types=("drug",)),
                )
            ]
        if drugs.basis in bases:
            return []
        return [
            ctx.finding(
                f"Drugs are priced on {drugs.basis}; recommended: {' or '.join(bases)}.",
                current=drugs.basis,
                recommended=wanted,
                key="drugs.basis",
            )
        ]


class DrugDiscount(Rule):
    """Drug discount no deeper than the recommended floor (e.g. AWP minus 20 %).

    Problem: drugs are paid at a basis price minus a discount deeper than the floor, so the drug
    margin does not cover acquisition and handling.
    Fix: set ``drugs.percent`` (and any override on the same basis) to at least the floor.
    """

    id = "IK109"
    topic = "drugs"
    title = "Drug discount deeper than recommended"
    value = DrugFloor
    value_help = "{basis: AWP, percent: -20} (basis AWP, WAC or ASP; percent -100..1000)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        floor: DrugFloor = ctx.value
        drugs = ctx.contract.drugs
        if drugs is None:
            return []
        deep: list[str] = []
        fix: dict[str, Any] = {}
        if drugs.basis == floor.basis and drugs.percent < floor.percent:
            deep.append(f"{drugs.basis} {signed_pct(drugs.percent)}")
            fix["drugs.percent"] = floor.percent
        for code, override in sorted(drugs.overrides.items()):
            if override.basis == floor.basis and override.percent < floor.percent:
                deep.append(f"{code}: {override.basis} {signed_pct(override.percent)}")
                fix[f"drugs.overrides.{code}.percent"] = floor.percent
        if not deep:
            return []
        recommended = f"no deeper than {floor.basis} {signed_pct(floor.percent)}"
        key = "drugs.percent" if "drugs.percent" in fix else "drugs.overrides"
        return [
            ctx.finding(
                f"Drugs are paid at {'; '.join(deep)}; recommended: {recommended}.",
                current="; ".join(deep),
                recommended=recommended,
                key=key,
                fix=fix,
            )
        ]
