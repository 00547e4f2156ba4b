"""Display text for report cells: money, signed changes, percentages, units, counts."""

from __future__ import annotations

from decimal import Decimal

from infusionkit.money import format_money, signed_money

__all__ = ["DASH", "breakable", "count", "money", "percent", "signed_money", "units", "wordy"]

DASH = "\u2014"


def money(amount: Decimal) -> str:
    """``$12,345.67``."""
    return format_money(amount)


def percent(value: Decimal | None) -> str:
    """``+18.08%``; a dash when there is no base to compare with."""
    if value is None:
        return DASH
    return f"{value:+.2f}%" if value != 0 else "0.00%"


def units(value: Decimal) -> str:
    """``8,823`` or ``1,525.5`` (no trailing zeros)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def count(value: int) -> str:
    """``12,345``."""
    return f"{value:,}"


def breakable(text: str) -> str:
    """Allow line breaks after underscores (scenario names in narrow headers)."""
    return text.replace("_", "_\u200b")


def wordy(text: object) -> bool:
    """Does a cell of a numeric column hold words ("60% of charges", "AWP −18%", "unpriced")?
    Such cells may wrap; amounts never do."""
    return any(ch.isalpha() for ch in str(text))
