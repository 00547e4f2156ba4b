"""Jinja2 filters that write contract values the way contracts do.

``95`` -> ``$95.00``; ``180`` days -> ``one hundred eighty (180) days``; ``50`` percent ->
``fifty percent (50%)``; ``2025-01-01`` -> ``January 1, 2025``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from jinja2 import Undefined

from infusionkit.drafting.words import decimal_words
from infusionkit.money import format_money, plain_number


class FilterValueError(ValueError):
    """A filter got a value it cannot write (e.g. ``None`` where a number is needed)."""


def _defined(value: Any) -> None:
    """Let a strict undefined value raise its own error (naming the variable)."""
    if isinstance(value, Undefined):
        str(value)


def _number(value: Any, what: str) -> Decimal:
    _defined(value)
    if value is None or isinstance(value, bool | float):
        raise FilterValueError(f"{what} needs a number, got {value!r}")
    try:
        return Decimal(str(value)) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise FilterValueError(f"{what} needs a number, got {value!r}") from None


def money(value: Any) -> str:
    """``$1,234.56``."""
    return format_money(_number(value, "money"))


def words(value: Any) -> str:
    """A number in words: ``one hundred eighty``."""
    return decimal_words(_number(value, "words"))


def counted(value: Any, unit: str) -> str:
    """``one hundred eighty (180) days``; ``one (1) day`` for a single unit."""
    number = _number(value, "counted")
    label = unit if number == 1 else unit + "s"
    return f"{decimal_words(number)} ({plain_number(number, grouping=True)}) {label}"


def days(value: Any) -> str:
    """``ninety (90) days``."""
    return counted(value, "day")


def months(value: Any) -> str:
    """``twelve (12) months``."""
    return counted(value, "month")


def percent(value: Any) -> str:
    """``fifty percent (50%)``; ``sixty-two point five percent (62.5%)``."""
    number = _number(value, "percent")
    return f"{decimal_words(number)} percent ({plain_number(number, grouping=True)}%)"


def long_date(value: Any) -> str:
    """``January 1, 2025``."""
    _defined(value)
    if not isinstance(value, date):
        raise FilterValueError(f"long_date needs a date, got {value!r}")
    return f"{value:%B} {value.day}, {value.year}"


FILTERS: dict[str, Callable[..., str]] = {
    "money": money,
    "words": words,
    "counted": counted,
    "days": days,
    "months": months,
    "percent": percent,
    "long_date": long_date,
}
