"""Numbers in words, the way contracts write them ("one hundred eighty")."""

from __future__ import annotations

from decimal import Decimal

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_ONES[hundreds]} hundred")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        parts.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    elif rest or not hundreds:
        parts.append(_ONES[rest])
    return " ".join(parts)


def number_words(n: int) -> str:
    """An integer in words: ``180`` -> ``"one hundred eighty"``, ``-3`` -> ``"minus three"``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_words needs an int, not {type(n).__name__}")
    if n < 0:
        return "minus " + number_words(-n)
    if n >= 1000 * 10**12:
        raise ValueError(f"{n} is too large to write in words")
    parts = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            parts.append(f"{_below_thousand(count)} {name}")
    if n or not parts:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def decimal_words(value: Decimal | int) -> str:
    """A decimal in words: ``62.5`` -> ``"sixty-two point five"``; whole values as integers."""
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value} is not a finite number")
    if number == number.to_integral_value():
        return number_words(int(number))
    sign = "minus " if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    digits = " ".join(_ONES[int(d)] for d in fraction.rstrip("0"))
    return f"{sign}{number_words(int(whole))} point {digits}"
