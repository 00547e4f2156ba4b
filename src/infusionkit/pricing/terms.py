"""Contract terms as exact per-unit prices: one unit of pricing logic per line type (spec §4).

Each function resolves a *combination* (code, modifiers, site …) — there are few of them — into a
:class:`UnitPrice`: either a fraction of cents per milli-unit (rates), a fraction applied to the
billed charge (percent of charges), or unpriced with a reason. Lines then apply it with integer
arithmetic in :mod:`infusionkit.pricing.engine`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from infusionkit.coding.concurrency import Level
from infusionkit.contracts.sections import SECTION_KEYS
from infusionkit.money import HUNDRED, format_money, percent_text

if TYPE_CHECKING:
    from infusionkit.contracts import Contract, PriceRule
    from infusionkit.pricing.price_files import PriceBook


@dataclass(frozen=True)
class UnitPrice:
    """How one combination is priced.

    ``basis`` "units": allowed cents = units_milli × num/den; "charges": allowed cents = billed
    cents × num/den; "unpriced": no allowed amount, ``reason`` says why.
    """

    basis: Literal["units", "charges", "unpriced"]
    num: int = 0
    den: int = 1
    rule: str = ""
    reason: str = ""

    @classmethod
    def per_unit(cls, dollars: Decimal, rule: str) -> UnitPrice:
        """A dollar amount per unit (exact)."""
        num, den = (dollars * 100).as_integer_ratio()
        return cls("units", num, den * 1000, rule)

    @classmethod
    def of_charges(cls, fraction: Decimal, rule: str) -> UnitPrice:
        """A fraction of the billed charge (exact)."""
        num, den = fraction.as_integer_ratio()
        return cls("charges", num, den, rule)

    @classmethod
    def unpriced(cls, reason: str) -> UnitPrice:
        return cls("unpriced", rule="unpriced", reason=reason)


def price_rule(rule: PriceRule, source: str, multiplier: Decimal, note: str) -> UnitPrice:
    """A contract price rule (rate / percent of charges / unpriced) scaled by ``multiplier``."""
    suffix = f" {note}" if note else ""
    if rule.kind == "rate" and rule.value is not None:
        return UnitPrice.per_unit(
            rule.value * multiplier, f"{source} {format_money(rule.value)}{suffix}"
        )
    if rule.kind == "percent_of_charges" and rule.value is not None:
        return UnitPrice.of_charges(
            rule.value / HUNDRED * multiplier,
            f"{source} {percent_text(rule.value)} of charges{suffix}",
        )
    return UnitPrice.unpriced(f"{source} leaves this code unpriced")


def per_diem_price(contract: Contract, code: str, level: int, ais: bool) -> UnitPrice:
    """Per diem day at a concurrency :class:`Level`: the code's rate × SH/SJ % × AIS %."""
    terms = contract.per_diem
    if terms is None:
        return UnitPrice.unpriced("contract has no per_diem section")
    rule, source = terms.rule_for(code)
    multiplier = Decimal(1)
    notes = []
    if level:
        modifier = Level(level).modifier
        percent: Decimal = getattr(terms.concurrent, modifier)  # SH / SJ are named by modifier
        multiplier *= percent / HUNDRED
        notes.append(f"× {modifier} {percent_text(percent)}")
    if ais:
        multiplier *= terms.ais_percent / HUNDRED
        notes.append(f"× SS {percent_text(terms.ais_percent)}")
    return price_rule(rule, f"per_diem.{source}", multiplier, " ".join(notes))


def full_per_day_value(
    contract: Contract, prices: PriceBook, code: str, ais: bool
) -> Decimal | None:
    """Unreduced per-day allowed of a per diem code (ranks concurrency); None if unpriced."""
    terms = contract.per_diem
    if terms is None:
        return None
    rule, _ = terms.rule_for(code)
    factor = terms.ais_percent / HUNDRED if ais else Decimal(1)
    if rule.kind == "rate" and rule.value is not None:
        return rule.value * factor
    charge = prices.unit_charge(code)
    if rule.kind == "percent_of_charges" and rule.value is not None and charge is not None:
        return charge * rule.value / HUNDRED * factor
    return None


def section_price(contract: Contract, line_type: str, code: str, suite: bool = False) -> UnitPrice:
    """Infrequent, nursing or other lines: the section's rate or percent of charges for the code.

    ``suite``: a nursing visit at site ais under ``nursing.ais_percent`` (modifier SS, C14).
    """
    key = SECTION_KEYS[line_type]
    terms = contract.section(line_type)
    if terms is None:
        return UnitPrice.unpriced(f"contract has no {key} section")
    rule, source = terms.rule_for(code)
    percent = contract.nursing.ais_percent if suite and contract.nursing is not None else None
    if line_type == "nursing" and percent is not None:
        return price_rule(
            rule, f"{key}.{source}", percent / HUNDRED, f"× SS {percent_text(percent)}"
        )
    return price_rule(rule, f"{key}.{source}", Decimal(1), "")


def bundled_price(key: str) -> UnitPrice:
    """A line a payer policy bundles: allowed 0.00, the rule names the policy's contract key."""
    return UnitPrice("units", 0, 1, key)


def drug_terms(contract: Contract, hcpcs: str) -> tuple[str, Decimal, str] | None:
    """(basis, percent, source) for a drug code, or None when the contract prices no drugs."""
    if contract.drugs is None:
        return None
    return contract.drugs.terms_for(hcpcs)
