"""Exact value types of contract files: money, percentages, code keys, dates.

Each type reads text, ints and Decimals exactly and refuses binary floats. Problems are raised as
``PydanticCustomError`` with an ``allowed`` text in the context, which the loader shows to users.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from infusionkit.bounds import MAX_MONEY
from infusionkit.catalog import normalize
from infusionkit.money import MoneyError, parse_decimal


def problem(kind: str, message: str, allowed: str) -> PydanticCustomError:
    """A validation problem with the text of what is allowed (no braces in ``message``)."""
    safe = message.replace("{", "(").replace("}", ")")
    return PydanticCustomError(kind, safe, {"allowed": allowed})


def exact_decimal(
    value: Any, *, places: int, low: Decimal | None, high: Decimal | None, what: str
) -> Decimal:
    """Read ``value`` as an exact finite Decimal with at most ``places`` decimals inside bounds."""
    bounds = []
    if low is not None:
        bounds.append(f">= {low}")
    if high is not None:
        bounds.append(f"<= {high}")
    allowed = f"a {what} with at most {places} decimals" + (
        f", {' and '.join(bounds)}" if bounds else ""
    )
    if isinstance(value, float):
        raise problem(
            "inexact_number", f"{value!r} is a binary float, not an exact {what}", allowed
        )
    try:
        number = parse_decimal(value, what=what)
    except MoneyError as exc:
        raise problem("not_a_number", f"{value!r} is not a {what}", allowed) from exc
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise problem("too_many_decimals", f"{value} has more than {places} decimals", allowed)
    if (low is not None and number < low) or (high is not None and number > high):
        raise problem("out_of_range", f"{value} is out of range", allowed)
    return number


def money_value(value: Any) -> Decimal:
    """Dollars read exactly: 0 to :data:`~infusionkit.bounds.MAX_MONEY`, at most 2 decimals."""
    return exact_decimal(value, places=2, low=Decimal(0), high=MAX_MONEY, what="dollar amount")


def percent_value(value: Any) -> Decimal:
    """A percentage read exactly: 0..1000, at most 4 decimals."""
    return exact_decimal(value, places=4, low=Decimal(0), high=Decimal(1000), what="percentage")


def _signed_percent(value: Any) -> Decimal:
    return exact_decimal(value, places=4, low=Decimal(-100), high=Decimal(1000), what="percentage")


def _date(value: Any) -> date:
    allowed = "a calendar date written YYYY-MM-DD"
    if isinstance(value, datetime):
        raise problem("not_a_date", f"{value} carries a time of day", allowed)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise problem("not_a_date", f"{value!r} is not a valid date", allowed) from exc
    raise problem("not_a_date", f"{value!r} is not a date", allowed)


def normalize_code_keys(value: Any) -> Any:
    """Upper-case code keys of a rates/overrides mapping (YAML int keys like 99601 become text)."""
    if not isinstance(value, dict):
        return value
    result: dict[str, Any] = {}
    for key, item in value.items():
        code = normalize(str(key)) if not isinstance(key, bool) else str(key)
        if code in result:
            raise problem("duplicate_code", f"code {code} is listed twice", "each code once")
        result[code] = item
    return result


Money = Annotated[Decimal, BeforeValidator(money_value)]
"""Dollars: 0 to 10,000,000.00, at most 2 decimals."""

Percent = Annotated[Decimal, BeforeValidator(percent_value)]
"""A percentage 0..1000 with at most 4 decimals (e.g. SH 50, ais 100, 60 % of charges)."""

SignedPercent = Annotated[Decimal, BeforeValidator(_signed_percent)]
"""A percentage -100..1000 with at most 4 decimals (drug basis adjustments, escalators)."""

CalendarDate = Annotated[date, BeforeValidator(_date)]
"""A date written YYYY-MM-DD (no time of day, no Unix timestamps)."""
