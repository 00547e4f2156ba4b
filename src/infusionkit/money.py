"""The one way to make, round and show money and the numbers around it.

Money is read from text, computed with :class:`decimal.Decimal` (or integer cents in arrays) and
rounded half-up to the cent once per claim line. No binary float ever touches money:
:func:`parse_money` refuses floats. Arrays of cents use :func:`multiply` and
:func:`round_half_up`, exact whatever the magnitudes.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

CENT = Decimal("0.01")
ZERO = Decimal("0")
ZERO_CENTS = Decimal("0.00")
"""Zero on the cent grid: the start of sums of money (shows as ``0.00``)."""
HUNDRED = Decimal(100)

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


def signed_money(amount: Decimal) -> str:
    """A change of money: ``+$1,234.56``, ``-$12.00``, ``$0.00``."""
    text = format_money(amount)
    return f"+{text}" if amount > 0 else text


def plain_number(value: Decimal | int, *, grouping: bool = False) -> str:
    """Digits without exponent or trailing zeros: ``50``, ``62.5``, ``-18``.

    With ``grouping`` the whole part has thousands separators: ``1,000``, ``12,345.5``.
    """
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if not grouping:
        return text
    whole, dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{fraction}"


def percent_text(value: Decimal | int, *, signed: bool = False) -> str:
    """A percentage as written in a contract: ``50%``, ``62.5%``; signed: ``+6%``, ``-22%``."""
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{plain_number(value)}%"


def percent_change(base: Decimal, new: Decimal, places: int = 2) -> Decimal | None:
    """Change from ``base`` to ``new`` in percent, half-up to ``places``; None when base is 0."""
    if base == 0:
        return None
    return ((new - base) / base * HUNDRED).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


# --- arrays of integer cents (numpy is imported on first use) ----------------------------------

_SAFE = 1 << 61


def _max_abs(values: np.ndarray) -> int:
    if not len(values):
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))


def multiply(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact elementwise product; int64 when it cannot overflow, else Python integers."""
    import numpy as np

    if _max_abs(a) * _max_abs(b) < _SAFE:
        return a.astype(np.int64) * b.astype(np.int64)
    return a.astype(object) * b.astype(object)


def round_half_up(numerator: np.ndarray, denominator: np.ndarray) -> IntArray:
    """``numerator / denominator`` rounded half away from zero to an integer, exactly.

    The array form of :func:`round_cents` (``decimal.ROUND_HALF_UP``) on amounts written as
    ``num / den`` cents; Python integers take over where int64 could overflow.
    """
    import numpy as np

    den = np.asarray(denominator)
    num = np.asarray(numerator)
    if num.dtype == object or _max_abs(num) * 2 + _max_abs(den) >= _SAFE:
        num, den = num.astype(object), den.astype(object)
    if len(num) == 0 or num.min() >= 0:
        return np.asarray((2 * num + den) // (2 * den), dtype=np.int64)
    sign = np.where(num < 0, -1, 1)
    result = (2 * np.abs(num) + den) // (2 * den) * sign
    return np.asarray(result, dtype=np.int64)
