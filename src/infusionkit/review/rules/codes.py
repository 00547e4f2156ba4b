"""Code-set rules: general codes priced beside their specific codes; codes left unpriced."""

from __future__ import annotations

from decimal import Decimal

from infusionkit.catalog import family_codes
from infusionkit.contracts import SECTION_KEYS, Contract
from infusionkit.money import format_money
from infusionkit.review.findings import AtRisk, Finding
from infusionkit.review.rules.base import Rule, RuleContext
from infusionkit.review.rules.values import Families, Sections


class GeneralBesideSpecific(Rule):
    """No general per diem code priced beside its specific or volume-tier codes.

    Problem: the contract prices a general code (e.g. S9364 TPN) next to the codes that replace
    it (S9365-S9368); the national code set does not bill them together, and two prices for the
    same service invite down-coding to the general rate and denials.
    Fix: price the specific codes only (drop the general code's rate), or state that the general
    code applies only where no specific code exists.
    """

    id = "IK102"
    topic = "code_set"
    title = "General code priced beside its specific codes"
    value = Families
    value_help = "a list of code families with a general code, e.g. [tpn, hydration, pain]"

    def check(self, ctx: RuleContext) -> list[Finding]:
        per_diem = ctx.contract.per_diem
        if per_diem is None:
            return []
        priced = per_diem.rates
        findings = []
        for family in ctx.value:
            members = family_codes(family)
            general = [i.code for i in members if i.general and i.code in priced]
            specific = [i.code for i in members if not i.general and i.code in priced]
            if not general or not specific:
                continue
            findings.append(
                ctx.finding(
                    f"{', '.join(general)} ({family} general code) is priced beside "
                    f"{', '.join(specific)}.",
                    current=f"{', '.join(general)} and {', '.join(specific)} both priced",
                    recommended=f"price {', '.join(specific)} without {', '.join(general)}",
                    key=f"per_diem.rates.{general[0]}",
                )
            )
        return findings


def contract_prices(contract: Contract, line_type: str, code: str) -> bool:
    """True when the contract has a price rule other than unpriced for ``code`` on a line type.

    An unpriced line of a code the contract prices lacks price data (drug price, billed charge),
    not a contract term.
    """
    if line_type == "drug":
        return contract.drugs is not None
    section = contract.section(line_type)
    return section is not None and section.rule_for(code)[0].kind != "unpriced"


class UnpricedCodes(Rule):
    """Every code the provider bills has a price.

    Problem: codes not listed in a rate section are unpriced (the section's default is
    ``unpriced`` or the section is missing), so claim lines for them pay nothing. With episodes,
    the finding lists the codes of the history the contract cannot price and their billed charges.
    Fix: add rates for those codes, or a priced default such as a percent of charges.
    """

    id = "IK111"
    topic = "unpriced_codes"
    title = "Codes the contract cannot price"
    value = Sections
    value_help = "a list of sections: per_diem, infrequent, nursing, other"

    def check(self, ctx: RuleContext) -> list[Finding]:
        gaps = []
        for section in ctx.value:
            part = ctx.contract.section(section)
            if part is None:
                gaps.append(f"no {section} section")
            elif part.default.kind == "unpriced":
                gaps.append(f"{SECTION_KEYS[section]}.default")
        groups = tuple(
            g
            for g in (ctx.history.unpriced if ctx.history is not None else ())
            if not contract_prices(ctx.contract, g.line_type, g.hcpcs)
        )
        if not gaps and not groups:
            return []
        parts = []
        if gaps:
            parts.append(f"Codes not listed are unpriced ({', '.join(gaps)}).")
        if groups:
            billed = sum((g.billed_charge for g in groups), start=Decimal(0))
            lines = sum(g.lines for g in groups)
            codes = sorted({g.hcpcs for g in groups})
            parts.append(
                f"In the history, {lines:,} claim line(s) of {len(codes)} code(s) have no price in "
                f"the contract ({format_money(billed)} billed): {', '.join(codes)}."
            )
        return [
            ctx.finding(
                " ".join(parts),
                current=("unpriced: " + ", ".join(gaps))
                if gaps
                else "unpriced lines in the history",
                recommended="a price for every billed code (rates or a priced default)",
                key=gaps[0] if gaps else None,
                at_risk=AtRisk(pairs=tuple((g.line_type, g.hcpcs) for g in groups)),
                details=groups,
            )
        ]
