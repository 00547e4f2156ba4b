"""The one way to make and round money.

Money is read from text, computed with :class:`decimal.Decimal` and rounded half-up to the cent
once per claim line. No binary float ever touches money: :func:`parse_money` refuses floats.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")

_MONEY_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class MoneyError(ValueError):
    """Text that is not an amount of money in the allowed form."""


def parse_decimal(text: object, *, places: int | None = None, what: str = "number") -> Decimal:
    """Read an exact decimal from text (or an int or Decimal), with at most ``places`` decimals.

    Floats are refused: they would already have lost exactness.
    """
    if isinstance(text, bool | float):
        raise MoneyError(f"{what} must be written as text or an exact number, not a float")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, str):
        cleaned = text.strip().replace(",", "").lstrip("$")
        if cleaned.startswith("-$"):
            cleaned = "-" + cleaned[2:]
        if not _MONEY_TEXT.match(cleaned):
            raise MoneyError(f"{text!r} is not a {what}")
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise MoneyError(f"{text!r} is not a {what}") from exc
    else:
        raise MoneyError(f"{text!r} is not a {what}")
    if not value.is_finite():
        raise MoneyError(f"{text!r} is not a finite {what}")
    if places is not None:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise MoneyError(f"{text!r} has more than {places} decimal places")
    return value


def parse_money(text: object, *, places: int = 2) -> Decimal:
    """Read dollars exactly: ``"1,234.50"``, ``"$95"``, ``"-3.2"``; at most ``places`` decimals."""
    return parse_decimal(text, places=places, what="dollar amount")


def round_cents(amount: Decimal) -> Decimal:
    """Round an exact amount half-up to the cent (the once-per-line rounding)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Whole cents of an amount already on the cent grid (raises if it is not)."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise MoneyError(f"{amount} is not a whole number of cents")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Dollars from whole cents, exactly."""
    return (Decimal(cents) / 100).quantize(CENT)


def format_money(amount: Decimal | None, *, dollar_sign: bool = True) -> str:
    """``$12,345.67`` (negative as ``-$12.00``); ``None`` as an empty string."""
    if amount is None:
        return ""
    value = round_cents(amount)
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.2f}"
    return f"{sign}{'$' if dollar_sign else ''}{body}"
