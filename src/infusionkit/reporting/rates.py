"""Contract rates as the report shows them: "$95.00", "60% of charges", "AWP −18%", "unpriced"."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.money import format_money

if TYPE_CHECKING:
    from infusionkit.contracts import Contract, PriceRule

UNPRICED = "unpriced"


def plain_number(value: Decimal) -> str:
    """A decimal without trailing zeros: 60, 62.5, -18."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe_rule(rule: PriceRule) -> str:
    """ "$95.00", "60% of charges" or "unpriced"."""
    if rule.kind == "rate" and rule.value is not None:
        return format_money(rule.value)
    if rule.kind == "percent_of_charges" and rule.value is not None:
        return f"{plain_number(rule.value)}% of charges"
    return UNPRICED


def rate_value(rule: PriceRule) -> Decimal | None:
    """The dollar rate of a rule, None when it is not a dollar rate."""
    return rule.value if rule.kind == "rate" else None


def drug_terms(basis: str, percent: Decimal) -> str:
    """ "AWP -18%", "ASP +6%", "WAC" (no change)."""
    if percent == 0:
        return basis
    sign = "+" if percent > 0 else "\u2212"
    return f"{basis} {sign}{plain_number(abs(percent))}%"


def rule_for(contract: Contract, line_type: str, code: str) -> PriceRule | str:
    """The price rule of ``code`` for ``line_type`` in ``contract`` (drug terms as text)."""
    from infusionkit.contracts import PriceRule

    unpriced = PriceRule(kind="unpriced")
    if line_type == "per_diem":
        return contract.per_diem.rule_for(code)[0] if contract.per_diem else unpriced
    if line_type == "infrequent":
        section = contract.per_diem.infrequent if contract.per_diem else None
        return section.rule_for(code)[0] if section else unpriced
    if line_type == "nursing":
        return contract.nursing.rule_for(code)[0] if contract.nursing else unpriced
    if line_type == "other":
        return contract.other.rule_for(code)[0] if contract.other else unpriced
    if line_type == "drug":
        if contract.drugs is None:
            return UNPRICED
        basis, percent, _ = contract.drugs.terms_for(code)
        return drug_terms(basis, percent)
    return unpriced


def describe(contract: Contract, line_type: str, code: str) -> tuple[str, Decimal | None]:
    """(display text, dollar rate or None) of ``code`` under ``contract``."""
    rule = rule_for(contract, line_type, code)
    if isinstance(rule, str):
        return rule, None
    return describe_rule(rule), rate_value(rule)


def listed_codes(contract: Contract) -> set[tuple[str, str]]:
    """(line_type, code) pairs the contract names a rate or an override for."""
    pairs: set[tuple[str, str]] = set()
    if contract.per_diem:
        pairs |= {("per_diem", code) for code in contract.per_diem.rates}
        if contract.per_diem.infrequent:
            pairs |= {("infrequent", code) for code in contract.per_diem.infrequent.rates}
    if contract.nursing:
        pairs |= {("nursing", code) for code in contract.nursing.rates}
    if contract.other:
        pairs |= {("other", code) for code in contract.other.rates}
    if contract.drugs:
        pairs |= {("drug", code) for code in contract.drugs.overrides}
    return pairs
