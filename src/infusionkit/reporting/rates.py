"""Contract rates as the report shows them: "$95.00", "60% of charges", "AWP −18%", "unpriced"."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.contracts import RATE_LINE_TYPES
from infusionkit.contracts import UNPRICED as UNPRICED_RULE
from infusionkit.money import format_money, percent_text

if TYPE_CHECKING:
    from infusionkit.contracts import Contract, PriceRule

UNPRICED = "unpriced"
DASH = "\u2014"


def describe_rule(rule: PriceRule) -> str:
    """ "$95.00", "60% of charges" or "unpriced"."""
    if rule.kind == "rate" and rule.value is not None:
        return format_money(rule.value)
    if rule.kind == "percent_of_charges" and rule.value is not None:
        return f"{percent_text(rule.value)} of charges"
    return UNPRICED


def rate_value(rule: PriceRule) -> Decimal | None:
    """The dollar rate of a rule, None when it is not a dollar rate."""
    return rule.value if rule.kind == "rate" else None


def drug_terms(basis: str, percent: Decimal) -> str:
    """ "AWP -18%", "ASP +6%", "WAC" (no change)."""
    if percent == 0:
        return basis
    sign = "+" if percent > 0 else "\u2212"
    return f"{basis} {sign}{percent_text(abs(percent))}"


def rule_for(contract: Contract, line_type: str, code: str) -> PriceRule | str:
    """The price rule of ``code`` for ``line_type`` in ``contract`` (drug terms as text)."""
    if line_type == "drug":
        if contract.drugs is None:
            return UNPRICED
        basis, percent, _ = contract.drugs.terms_for(code)
        return drug_terms(basis, percent)
    section = contract.section(line_type) if line_type in RATE_LINE_TYPES else None
    return section.rule_for(code)[0] if section is not None else UNPRICED_RULE


def describe(contract: Contract, line_type: str, code: str) -> tuple[str, Decimal | None]:
    """(display text, dollar rate or None) of ``code`` under ``contract``."""
    rule = rule_for(contract, line_type, code)
    if isinstance(rule, str):
        return rule, None
    return describe_rule(rule), rate_value(rule)


def listed_codes(contract: Contract) -> set[tuple[str, str]]:
    """(line_type, code) pairs the contract names a rate or an override for."""
    pairs: set[tuple[str, str]] = set()
    for line_type in RATE_LINE_TYPES:
        section = contract.section(line_type)
        if section is not None:
            pairs |= {(line_type, code) for code in section.rates}
    if contract.drugs:
        pairs |= {("drug", code) for code in contract.drugs.overrides}
    return pairs


def change_text(base: Contract, other: Contract, line_type: str, code: str) -> str:
    """How a code's price changes from ``base`` to ``other``, shown as such: ``+11.76%`` for
    dollar rates, ``−22% → −18%`` for a drug percent on the same basis, ``newly priced`` …"""
    from infusionkit.money import percent_change

    before, after = rule_for(base, line_type, code), rule_for(other, line_type, code)
    text_before, value_before = describe(base, line_type, code)
    text_after, value_after = describe(other, line_type, code)
    if text_before == text_after:
        return "same"
    if value_before is not None and value_after is not None:
        change = percent_change(value_before, value_after)
        return DASH if change is None else (f"{change:+.2f}%" if change else "0.00%")
    if text_before == UNPRICED:
        return "newly priced"
    if text_after == UNPRICED:
        return "no longer priced"
    if isinstance(before, str) and isinstance(after, str):  # drug terms
        basis_before, _, pct_before = before.partition(" ")
        basis_after, _, pct_after = after.partition(" ")
        if basis_before == basis_after:
            return f"{pct_before or '0%'} \u2192 {pct_after or '0%'}"
        return "basis changed"
    if (
        not isinstance(before, str)
        and not isinstance(after, str)
        and before.kind == after.kind == "percent_of_charges"
    ):
        return f"{percent_text(before.value or 0)} \u2192 {percent_text(after.value or 0)}"
    return "terms changed"
