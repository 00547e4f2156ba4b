"""Numbers in words and the contract-value filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from infusionkit.drafting.filters import (
    FilterValueError,
    days,
    long_date,
    money,
    months,
    percent,
)
from infusionkit.drafting.words import decimal_words, number_words


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "zero"),
        (1, "one"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (45, "forty-five"),
        (90, "ninety"),
        (100, "one hundred"),
        (105, "one hundred five"),
        (180, "one hundred eighty"),
        (365, "three hundred sixty-five"),
        (1000, "one thousand"),
        (1001, "one thousand one"),
        (12_345, "twelve thousand three hundred forty-five"),
        (1_000_000, "one million"),
        (2_500_017, "two million five hundred thousand seventeen"),
        (-3, "minus three"),
    ],
)
def test_number_words(n: int, text: str) -> None:
    assert number_words(n) == text


def test_number_words_refuses_non_integers() -> None:
    with pytest.raises(TypeError):
        number_words(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number_words(True)


def test_decimal_words() -> None:
    assert decimal_words(Decimal("50")) == "fifty"
    assert decimal_words(Decimal("50.00")) == "fifty"
    assert decimal_words(Decimal("62.5")) == "sixty-two point five"
    assert decimal_words(Decimal("0.25")) == "zero point two five"
    assert decimal_words(Decimal("-18")) == "minus eighteen"


def test_contract_formats() -> None:
    assert money(Decimal("95")) == "$95.00"
    assert money(Decimal("1234.56")) == "$1,234.56"
    assert days(180) == "one hundred eighty (180) days"
    assert days(1) == "one (1) day"
    assert months(12) == "twelve (12) months"
    assert percent(Decimal("50")) == "fifty percent (50%)"
    assert percent(Decimal("62.5")) == "sixty-two point five percent (62.5%)"
    assert long_date(date(2025, 1, 1)) == "January 1, 2025"


def test_filters_refuse_missing_values() -> None:
    for fn in (money, days, percent):
        with pytest.raises(FilterValueError):
            fn(None)
    with pytest.raises(FilterValueError):
        money(1.5)
